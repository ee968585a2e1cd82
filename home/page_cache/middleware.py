"""Answer plain anonymous page reads from the cache.

Put first in ``MIDDLEWARE``: a stored page already carries every header the
rest of the stack added when the warmer rendered it, so a hit needs neither
the other middleware nor the database. On a miss the request goes through
untouched; nothing is ever stored here (see ``warming.py``).
"""

from django.conf import settings

from home.page_cache import rules, store

DEBUG_HEADER = "X-Page-Cache"


def lookup_key(request):
    """The key a stored copy of this request's page would have, or None."""
    if not rules.may_read_from_cache(request) or store.retirement_pending():
        return None
    generation = store.read_generation()
    if generation is None:
        return None
    rows = store.read_site_table(generation)
    host = store.request_host_and_port(request)
    if rows is None or host is None:
        return None
    site_pk = store.match_site(rows, *host)
    if site_pk is None:
        return None
    return store.entry_key(generation, site_pk, request.scheme, request.path_info)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        store.retry_pending_retirement()
        key = lookup_key(request)
        if key is not None:
            stored = store.read_entry(key)
            if stored is not None:
                response = stored.to_response()
                if settings.DEBUG:
                    response[DEBUG_HEADER] = "hit"
                return response
        response = self.get_response(request)
        if settings.DEBUG and key is not None:
            response[DEBUG_HEADER] = "miss"
        return response
