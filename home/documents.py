"""Serving a document: Wagtail's ``wagtaildocs_serve`` address, with a correct
conditional GET (issue 11).

Wagtail 8.0.1's own view (``wagtail.documents.views.serve.serve``) has three
faults this one does not:

- it sends ``Content-Encoding: None`` with nearly every file: its copy of
  django-sendfile sets the header to the encoding ``mimetypes`` guesses from the
  name, which is None for anything but ``.gz``/``.bz2``…, and Django writes None
  as the text "None" (an encoding no browser knows);
- its ETag is the stored ``file_hash``, and a document stored without one (made
  by a script, the demo loader, a factory) gets the empty ETag ``""``, shared by
  every such document: a client that has one of them would be told "304 Not
  Modified" for any other;
- its If-Modified-Since answer is made inside that sendfile copy, so the 304
  carries the file's Content-Length, Content-Type and Content-Disposition but
  not its ETag.

Here the ETag is always the SHA-1 of the bytes (computed and stored the first
time a document without one is served; ``ClearsightDocument.save`` keeps it
right when a file is replaced), Last-Modified is the file's time on local disk
(a bucket would cost a request to ask, so there the ETag alone serves), and
Django's ``condition`` answers If-None-Match and If-Modified-Since with a 304
that carries both. What Wagtail's view does is kept: the filename in the
address must match, the ``before_serve_document`` hooks run first (they apply
collection privacy: sign-in or password), the file goes out with Wagtail's
Content-Disposition (inline for PDFs), ``Content-Security-Policy: default-src
'none'`` and ``nosniff``, and ``document_served`` is sent.

``document_served`` is sent only when the file's bytes are about to be sent
(a 200, GET or HEAD), never for a 304 or 412, nor for a file missing from
storage: download counts (schools) count what was downloaded.

Cache-Control: ``no-cache`` (a browser or proxy may keep the file but asks
again each time, answered by a 304 when nothing changed), and ``private`` too
for a document in a restricted collection, so that no shared cache hands a
professional-only file to someone else.
"""

import os
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, re_path
from django.utils.cache import patch_cache_control
from django.utils.encoding import force_str
from django.utils.http import quote_etag
from django.views.decorators.http import condition

from wagtail import hooks
from wagtail.coreutils import string_to_ascii
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.documents.views.serve import authenticate_with_password
from wagtail.models import CollectionViewRestriction


def document_etag(document):
    """The document's ETag: the SHA-1 of its bytes, stored with it (filled in
    once here for a document stored without one). Raises OSError (or
    FileNotFoundError) when the file is missing from storage."""
    return quote_etag(document.get_file_hash())


def document_local_mtime(document):
    """When the file on local disk last changed (to the second); None on remote storage."""
    try:
        local_path = document.file.path
    except NotImplementedError:
        return None
    return datetime.fromtimestamp(int(os.stat(local_path).st_mtime), tz=UTC)


def content_disposition(document):
    """What Wagtail's local serving sends: inline for the inline types (PDF),
    else attachment, with an ASCII filename and the UTF-8 one when they differ."""
    inline_types = getattr(settings, "WAGTAILDOCS_INLINE_CONTENT_TYPES", ["application/pdf"])
    parts = ["inline" if document.content_type in inline_types else "attachment"]
    filename = force_str(document.filename)
    ascii_filename = string_to_ascii(filename).replace("\\", "\\\\").replace('"', '\\"')
    parts.append(f'filename="{ascii_filename}"')
    if ascii_filename != filename:
        parts.append(f"filename*=UTF-8''{quote(filename)}")
    return "; ".join(parts)


def is_restricted(document):
    collections = document.collection.get_ancestors(inclusive=True)
    return CollectionViewRestriction.objects.filter(collection__in=collections).exists()


def serve(request, document_id, document_filename):
    Document = get_document_model()
    document = get_object_or_404(Document, id=document_id)
    # The name in the address must be the document's (as Wagtail checks).
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")

    # Collection privacy (wagtail.documents.wagtail_hooks), and any other hook.
    for fn in hooks.get_hooks("before_serve_document"):
        result = fn(document, request)
        if isinstance(result, HttpResponse):
            return result

    try:
        etag = document_etag(document)
        mtime = document_local_mtime(document)
    except OSError as error:  # the row outlived its file
        raise Http404("This document's file is missing.") from error

    @condition(etag_func=lambda request: etag, last_modified_func=lambda request: mtime)
    def send(request):
        try:
            file = document.file.open("rb")
        except OSError as error:
            raise Http404("This document's file is missing.") from error
        document_served.send(sender=Document, instance=document, request=request)
        response = FileResponse(file, content_type=document.content_type)
        response["Content-Length"] = str(document.get_file_size())
        response["Content-Disposition"] = content_disposition(document)
        if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
            response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    response = send(request)
    if response.status_code in (200, 304):
        if is_restricted(document):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, no_cache=True)
    return response


# In place of wagtail.documents.urls, under the same names (``document.url``
# reverses ``wagtaildocs_serve``).
urlpatterns = [
    re_path(r"^(\d+)/(.*)$", serve, name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
