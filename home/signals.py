"""Retire the page cache whenever something every page shows may have changed."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from home.models import AgeBand, Audience, NavigationSettings, SafetySettings, Topic
from home.page_cache import bump_generation

for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
    signal.connect(bump_generation, dispatch_uid=f"page-cache-{signal}")

for model in (
    Page,
    PageViewRestriction,
    Site,
    SafetySettings,
    NavigationSettings,
    AgeBand,
    Audience,
    Topic,
):
    post_delete.connect(
        bump_generation, sender=model, dispatch_uid=f"page-cache-delete-{model.__name__}"
    )
for model in (
    PageViewRestriction,
    Site,
    SafetySettings,
    NavigationSettings,
    AgeBand,
    Audience,
    Topic,
):
    post_save.connect(
        bump_generation, sender=model, dispatch_uid=f"page-cache-save-{model.__name__}"
    )
