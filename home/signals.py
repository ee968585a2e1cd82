"""Retire the page cache whenever something every page shows may have changed."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.models import AgeBand, Audience, NavigationSettings, SafetySettings, Topic
from home.page_cache import bump_generation

PAGE_SIGNALS = {
    "published": page_published,
    "unpublished": page_unpublished,
    "slug-changed": page_slug_changed,
    "moved": post_page_move,
}
# Saving or deleting any of these changes what pages show or who may see them.
SHARED_MODELS = (
    PageViewRestriction,
    Site,
    SafetySettings,
    NavigationSettings,
    AgeBand,
    Audience,
    Topic,
)

for name, signal in PAGE_SIGNALS.items():
    signal.connect(bump_generation, dispatch_uid=f"page-cache-page-{name}")
post_delete.connect(bump_generation, sender=Page, dispatch_uid="page-cache-page-deleted")
for model in SHARED_MODELS:
    post_save.connect(
        bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}"
    )
    post_delete.connect(
        bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
    )
