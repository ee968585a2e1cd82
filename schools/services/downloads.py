"""Download counts: one number per document (or pack) per day, and nothing about who.

A download adds one to the day's row: ``UPDATE … SET count = count + 1`` in
the database, so two downloads at once never lose one; when there is no row
yet, one is inserted, and if another request inserted it first (the unique
constraint refuses the second row), the update is tried again. The same on
SQLite and PostgreSQL.

Nothing here reads the request beyond its method and its conditional headers:
no address, no account, no browser is stored or logged.
"""

import os
import stat

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag

from wagtail.utils.sendfile_streaming_backend import was_modified_since

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
    """Whether Wagtail's serve view is about to send ``document``'s bytes.

    ``document_served`` is sent before the view answers a conditional request
    with "304 Not Modified" (its ETag is the file's hash; a file on local disk
    also honours If-Modified-Since) and for HEAD, which sends no file: neither
    is a download. A file missing from storage fails after the signal, so it is
    not counted either.
    """
    if request.method != "GET":
        return False
    # The same test, with the same ETag (the file's hash, even an empty one), as
    # the view's @etag decorator: a 304 or 412 sends no file.
    etag = quote_etag(document.file_hash or "")
    if get_conditional_response(request, etag=etag) is not None:
        return False
    try:
        local_path = document.file.path
    except NotImplementedError:
        return True  # remote storage: the view streams it; it cannot be checked cheaply
    try:
        modified = os.stat(local_path)[stat.ST_MTIME]
    except OSError:
        return False
    return was_modified_since(request.headers.get("if-modified-since"), modified)


def document_served(sender, instance, request, **kwargs):
    """The receiver of ``wagtail.documents.models.document_served`` (see SchoolsConfig)."""
    if is_counted_download(request, instance):
        document_download_count(document=instance)
