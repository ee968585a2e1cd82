"""Answer plain anonymous page reads from the cache.

Put first in ``MIDDLEWARE``: a stored page already carries every header the
rest of the stack added when the warmer rendered it, and a copy compressed
once for readers that accept gzip, so a hit needs neither the other
middleware, nor the database, nor any compressing. On a miss the request goes through
untouched; nothing is ever stored here (see ``warming.py``).
"""

from django.conf import settings
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from home.page_cache import rules, store

DEBUG_HEADER = "X-Page-Cache"


def find_stored(request):
    """(looked up, the stored variant this request would get or None)."""
    if not rules.may_read_from_cache(request) or store.retirement_pending():
        return False, None
    host = store.request_host_and_port(request)
    if host is None:
        return False, None
    variant = store.read_variant(host, request.scheme, request.path_info, accepts_gzip(request))
    return True, variant


def accepts_gzip(request):
    # The test GZipMiddleware applies, so a hit and a miss choose alike.
    return bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def answer_conditionally(request, response):
    """What ConditionalGetMiddleware would make of a stored page: a 304 with no
    body when If-None-Match names its ETag (or If-Modified-Since is not older)."""
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=last_modified and parse_http_date_safe(last_modified),
        response=response,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        store.retry_pending_retirement()
        looked_up, stored = find_stored(request)
        if stored is not None:
            response = answer_conditionally(request, stored.to_response())
            if settings.DEBUG:
                response[DEBUG_HEADER] = "hit"
            return response
        response = self.get_response(request)
        if settings.DEBUG and looked_up:
            response[DEBUG_HEADER] = "miss"
        return response
