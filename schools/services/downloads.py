"""Download counts: one number per document (or pack) per day, and nothing about who.

A download adds one to the day's row: ``UPDATE … SET count = count + 1`` in
the database, so two downloads at once never lose one; when there is no row
yet, one is inserted, and if another request inserted it first (the unique
constraint refuses the second row), the update is tried again. The same on
SQLite and PostgreSQL.

Nothing here reads the request beyond its method:
no address, no account, no browser is stored or logged.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from schools.models import DocumentDownloadDay, PackDownloadDay

ATTEMPTS = 3


def _count_one(model, **key):
    """Add one to the row of ``key`` (today's unless a day is given), race-safe."""
    key.setdefault("day", timezone.localdate())
    for _attempt in range(ATTEMPTS):
        if model.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            # A savepoint, so that a refused insert does not break the caller's transaction.
            with transaction.atomic():
                model.objects.create(count=1, **key)
            return
        except IntegrityError:
            continue  # another download made the row first: add to it
    raise RuntimeError(f"Could not count a download in {model.__name__}.")


def document_download_count(*, document, day=None):
    """Count one download of ``document``."""
    key = {"document_id": document.pk}
    if day is not None:
        key["day"] = day
    _count_one(DocumentDownloadDay, **key)


def pack_download_count(*, page, day=None):
    """Count one download of a pack's (or toolkit's) whole ZIP."""
    key = {"page_id": page.pk}
    if day is not None:
        key["day"] = day
    _count_one(PackDownloadDay, **key)


def is_counted_download(request, document):
    """Whether the document's bytes are being sent: a GET.

    Clearsight's serve view (``home/documents.py``) sends ``document_served``
    only when it is about to send the file: never for "304 Not Modified" or a
    failed precondition, nor for a file missing from storage. A HEAD sends
    no file, so it is not a download either.
    """
    return request.method == "GET"


def document_served(sender, instance, request, **kwargs):
    """The receiver of ``wagtail.documents.models.document_served`` (see SchoolsConfig)."""
    if is_counted_download(request, instance):
        document_download_count(document=instance)
