"""Conditional GET for the files the site builds once and keeps (a pack's
ZIP, a toolkit's posters and leaflet).

Such a row is never rewritten: a new version, new local contacts or a lost
file make a new row with a new random file name. So the file name is a
strong validator (its hash is the ETag; the name itself is not given away,
since where a professional ZIP is stored must not be guessed) and the build
time is the Last-Modified. A reader whose copy is current gets a 304: no
body, and the file is not even opened.
"""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date


def file_etag(row):
    return '"' + hashlib.sha256(row.file.name.encode()).hexdigest()[:32] + '"'


def serve_stored_file(request, row, send, **cache_control):
    """A 304 when the request's If-None-Match or If-Modified-Since says the
    reader has `row`'s file; otherwise `send(row)`, which returns (the row it
    sent, which may be a rebuilt one, and the response). Either answer gets
    the sent row's validators and `cache_control` (a 304 carries the headers
    the 200 would)."""
    response = get_conditional_response(
        request, etag=file_etag(row), last_modified=int(row.built_at.timestamp())
    )
    if response is None:
        row, response = send(row)
    if response.status_code in (200, 304):
        response.headers.setdefault("ETag", file_etag(row))
        response.headers.setdefault("Last-Modified", http_date(row.built_at.timestamp()))
        if cache_control:
            patch_cache_control(response, **cache_control)
    return response
