"""Retire the page cache whenever something a public page shows may have changed.

One generic rule, so that no app has to be listed here: pages (on publish,
unpublish, move, slug change and delete), and any saved or deleted object of
a kind pages display: every registered snippet model, every site or generic
setting, Sites, view restrictions, images and documents (whatever models
Wagtail is configured with), and any model an app names through the
``page_cache_models`` hook.
"""

from django.db.models.signals import post_delete, post_save

from wagtail import hooks
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import (
    CollectionViewRestriction,
    DraftStateMixin,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)
from wagtail.snippets.models import get_snippet_models

from home.page_cache import retire_pages

ALWAYS_DISPLAYED = (
    Page,
    Site,
    PageViewRestriction,
    CollectionViewRestriction,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
)
# Saves that touch only these change nothing a reader sees: revision and
# locking bookkeeping, and the file size and hash Wagtail fills in lazily
# (sometimes while a page renders, which must not retire the cache again).
BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "wagtail_admin_comments",
        "locked",
        "locked_at",
        "locked_by",
        "file_size",
        "file_hash",
    }
)


def displayed_models():
    extra = [model for fn in hooks.get_hooks("page_cache_models") for model in fn()]
    return (*ALWAYS_DISPLAYED, *get_snippet_models(), *extra)


def is_displayed(model):
    return (
        isinstance(model, type)
        and not issubclass(model, AbstractRendition)
        and issubclass(model, displayed_models())
    )


def retire_on_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or not is_displayed(sender):
        return
    if update_fields and frozenset(update_fields) <= BOOKKEEPING_FIELDS:
        return
    # What is not live shows nowhere (a new draft page or snippet); taking
    # something down sends its own signal (unpublished, below).
    if isinstance(instance, DraftStateMixin) and not instance.live:
        return
    retire_pages()


def retire_on_delete(sender, **kwargs):
    if is_displayed(sender):
        retire_pages()


def retire_on_publishing(sender, **kwargs):
    if is_displayed(sender):
        retire_pages()


def retire_always(**kwargs):
    retire_pages()


for name, signal in {
    "page-published": page_published,
    "page-unpublished": page_unpublished,
    "page-slug-changed": page_slug_changed,
    "page-moved": post_page_move,
}.items():
    signal.connect(retire_always, dispatch_uid=f"page-cache-{name}")
published.connect(retire_on_publishing, dispatch_uid="page-cache-published")
unpublished.connect(retire_on_publishing, dispatch_uid="page-cache-unpublished")
post_save.connect(retire_on_save, dispatch_uid="page-cache-saved")
post_delete.connect(retire_on_delete, dispatch_uid="page-cache-deleted")
