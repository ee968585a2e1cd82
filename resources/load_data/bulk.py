"""Publishing and indexing many pages at once, for the benchmark data set.

Publishing a page one at a time (``save_revision().publish()``) saves the page
again, writes log entries and sends ``page_published`` to every receiver (page
cache warming, review dates, the feature apps' own): right for an editor, about
ten times the work of creating the page for a data set of 10,000. Here pages
are created live, their revisions are written with one ``bulk_create`` and
linked with one ``bulk_update``, and the search index is written once at the
end (``add_bulk``) instead of once per save.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_save
from django.utils import timezone

from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backends

BATCH = 1000


@contextmanager
def search_index_deferred(*models):
    """Skip the per-save search index update for `models` (they are indexed in
    bulk afterwards by ``index_in_bulk``)."""
    disconnected = [m for m in models if post_save.disconnect(post_save_signal_handler, sender=m)]
    try:
        yield
    finally:
        for model in disconnected:
            post_save.connect(post_save_signal_handler, sender=model)


def publish_in_bulk(pages):
    """Give each (already live) page its first revision, as its latest and live one."""
    now = timezone.now()
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=base_type,
            object_id=str(page.pk),
            content=page.serializable_data(),
            object_str=str(page),
            created_at=now,
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    rows = [
        Page(pk=page.pk, latest_revision_id=rev.pk, live_revision_id=rev.pk)
        for page, rev in zip(pages, revisions, strict=True)
    ]
    Page.objects.bulk_update(rows, ["latest_revision", "live_revision"], batch_size=BATCH)


def index_in_bulk(model, pks):
    """Index the rows of `model` with these primary keys in every backend that
    is kept up to date automatically (the database backend on the laptop)."""
    pks = list(pks)
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pks), BATCH):
            objs = list(model.get_indexed_objects().filter(pk__in=pks[start : start + BATCH]))
            backend.add_bulk(model, objs)
