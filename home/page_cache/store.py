"""Where rendered pages are kept: keys, the generation number and the Site table.

Every key holds the current generation. Bumping it retires every stored page
at once: menus, footers and help numbers appear on every page, so a narrower
purge would be wrong. The generation lives in the shared cache (Redis in
production), so every app server sees a bump at once.

Readers only read. Entries, the generation's first value and the Site table
are written by the warmer (``warming.py``) and by a bump, never because a
reader asked for a page.
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.http.request import split_domain_port

from home.middleware import gzip_variant

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# Headers a server adds to every answer itself, or that must never be shared.
UNSTORED_HEADERS = frozenset({"date", "set-cookie", "x-page-cache"})
# A failed bump is tried again by the next request in this process, at most this often.
RETRY_SECONDS = 1.0


@dataclass(frozen=True)
class SiteRow:
    """What is needed to match a request to a Wagtail Site without a query."""

    pk: int
    hostname: str
    port: int
    is_default_site: bool


def _shared_headers(response):
    return tuple(
        (name, value) for name, value in response.items() if name.lower() not in UNSTORED_HEADERS
    )


@dataclass(frozen=True)
class StoredVariant:
    """One way of sending a page (plain, or gzip for readers that accept it),
    as a reader without cookies gets it, for one generation. ``body`` is None
    in the gzip slot of a page not worth compressing: send the plain copy."""

    generation: int
    headers: tuple
    body: bytes | None

    def to_response(self):
        response = HttpResponse(self.body)
        del response["Content-Type"]
        for name, value in self.headers:
            response[name] = value
        return response


@dataclass(frozen=True)
class StoredPage:
    """Both variants of a stored page (for the warmer's report and for tests)."""

    headers: tuple
    body: bytes
    gzip_headers: tuple | None = None
    gzip_body: bytes | None = None


def _cache_call(operation, *args, **kwargs):
    """Run one cache operation; any failure of the cache counts as a miss."""
    try:
        return getattr(cache, operation)(*args, **kwargs)
    except Exception:
        logger.warning("Page cache: the cache did not answer (%s).", operation, exc_info=True)
        return None


# --- The generation ---------------------------------------------------------


def read_generation():
    """The current generation, or None when there is none (or the cache is down)."""
    generation = _cache_call("get", GENERATION_KEY)
    return generation if isinstance(generation, int) else None


def current_generation():
    """The current generation, starting one if the cache has none (warmer only)."""
    generation = read_generation()
    if generation is not None:
        return generation
    # Start from the clock rather than from 1: if the key is ever evicted or
    # lost while old entries survive, the new generation matches none of them.
    _cache_call("add", GENERATION_KEY, int(time.time() * 1000), timeout=None)
    return read_generation()


def bump_generation():
    """Retire every stored page now. Returns the new generation, or None if the
    cache could not be reached (the bump is then retried; see below)."""
    try:
        generation = cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: any new one retires everything
        generation = current_generation()
    except Exception:
        logger.warning("Page cache: could not bump the generation.", exc_info=True)
        generation = None
    # django-redis answers None instead of raising when it ignores an outage.
    return generation if isinstance(generation, int) else None


# A bump that could not reach the cache is remembered here and tried again by
# this process's next request: until it succeeds, this process serves nothing
# from the cache, and once the cache is back, the old pages it holds are
# retired rather than served. (Other processes learn of it when it succeeds.)
_pending = {"since": None, "last_try": 0.0}
_pending_lock = threading.Lock()


def retirement_pending():
    return _pending["since"] is not None


def retry_pending_retirement():
    """Called by the middleware; cheap when nothing is pending."""
    if _pending["since"] is None:
        return
    with _pending_lock:
        now = time.monotonic()
        if _pending["since"] is None or now - _pending["last_try"] < RETRY_SECONDS:
            return
        _pending["last_try"] = now
    generation = bump_generation()
    if generation is not None:
        _pending["since"] = None
        logger.warning("Page cache: the cache is back; retired every stored page.")
        _after_bump(generation)


def _retire_now():
    generation = bump_generation()
    if generation is None:
        with _pending_lock:
            if _pending["since"] is None:
                _pending["since"] = time.monotonic()
        logger.error(
            "Page cache: the cache is unreachable, so stored pages could not be retired. "
            "This process will retry; after an outage, run `manage.py warm_page_cache`."
        )
        return None
    _after_bump(generation)
    return generation


def _after_bump(generation):
    if not (settings.PAGE_CACHE_WARM_ON_CHANGE and settings.PAGE_CACHE_SECONDS > 0):
        return
    from home.page_cache.tasks import warm_page_cache

    try:
        warm_page_cache.enqueue(generation)
    except Exception:
        # Retiring must never break the change that caused it: pages are
        # rendered from the database until the next warm.
        logger.exception("Page cache: could not enqueue the warmer.")


def retire_pages():
    """Retire every stored page once the current transaction commits, and warm
    the new generation. Safe to call many times in one transaction: the bump
    and the warm happen once.

    The bump waits for the commit so that a warmer for the new generation can
    only read the committed change (bumping first would let a warmer started
    by another process store the old page under the new generation).
    """
    from django.db import connection

    if connection.in_atomic_block and any(
        callback is _retire_now for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(_retire_now, robust=True)


# --- Sites ------------------------------------------------------------------


_site_table_memo = {"generation": None, "rows": None}


def site_table_key(generation):
    return f"page-cache:{generation}:sites"


def store_site_table(generation, sites, timeout):
    rows = tuple(SiteRow(s.pk, s.hostname, s.port, s.is_default_site) for s in sites)
    _cache_call("set", site_table_key(generation), rows, timeout)


def read_site_table(generation):
    """The Sites as the warmer saw them in this generation (a Site change bumps
    it, so the table cannot go stale). Remembered in-process per generation."""
    if _site_table_memo["generation"] == generation:
        return _site_table_memo["rows"]
    rows = _cache_call("get", site_table_key(generation))
    if rows is not None:
        _site_table_memo.update(generation=generation, rows=rows)
    return rows


# Wagtail's ranking in wagtail.models.sites.get_site_for_hostname.
MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)


def match_site(rows, hostname, port):
    """The pk of the Site Wagtail would choose for this host and port, or None:
    the same rules as ``Site.find_for_request``, without a query."""
    ranked = []
    for row in rows:
        if row.hostname == hostname and row.port == port:
            ranked.append((MATCH_HOSTNAME_PORT, row.pk))
        elif row.hostname == hostname and row.is_default_site:
            ranked.append((MATCH_HOSTNAME_DEFAULT, row.pk))
        elif row.is_default_site:
            ranked.append((MATCH_DEFAULT, row.pk))
        elif row.hostname == hostname:
            ranked.append((MATCH_HOSTNAME, row.pk))
    ranked.sort(key=lambda item: item[0])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == MATCH_DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None  # several hostname matches and no default: Wagtail finds no site


def request_host_and_port(request):
    """(hostname, port) as Wagtail reads them, or None for a host Django refuses."""
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django itself will answer 400
        return None
    return split_domain_port(host)[0], int(request.get_port())


def forget_process_state():
    """Drop what this process remembers (a pending retirement, the Site table):
    for tests, which clear the cache between them."""
    _pending.update(since=None, last_try=0.0)
    _site_table_memo.update(generation=None, rows=None)


# --- Entries ----------------------------------------------------------------
#
# An entry's key holds no generation: the generation is inside the value, and
# a hit fetches the generation and the entry in one round trip (``get_many``,
# MGET on Redis). An entry from an older generation is a miss. A reader's key
# names the variant it wants, so a hit moves only the bytes it sends.


# Part of every entry's key: change it whenever StoredVariant changes shape, so
# that a release never reads an entry pickled by the one before it.
ENTRY_FORMAT = 3
PLAIN, GZIP = "plain", "gzip"


def entry_key(site_pk, scheme, path, variant=PLAIN):
    digest = hashlib.sha256(path.encode("utf-8")).hexdigest()
    return f"page-cache:v{ENTRY_FORMAT}:{site_pk}:{scheme}:{digest}:{variant}"


def claim_warm(generation, timeout):
    """True for the first caller only, in every process: one warm per generation."""
    return bool(_cache_call("add", f"page-cache:{generation}:warming", True, timeout))


def _current(entry, generation):
    return entry if isinstance(entry, StoredVariant) and entry.generation == generation else None


def _site_for(host, generation):
    """The pk of the request's Site in `generation`'s Site table, or None."""
    rows = read_site_table(generation)
    return None if rows is None else match_site(rows, *host)


def read_variant(host, scheme, path, gzip=False):
    """The stored variant of this page for the current generation, or None.

    One round trip when this process already knows the Site table: the
    generation and the entry are fetched together, for the Site the table this
    process last saw names; only when the generation has moved on since (a
    change was made) is the table read again, and the entry again if the Site
    it names differs."""
    known = _site_table_memo["generation"]
    if known is None:
        known = read_generation()
        if known is None:
            return None
    site_pk = _site_for(host, known)
    variant = GZIP if gzip else PLAIN
    key = None if site_pk is None else entry_key(site_pk, scheme, path, variant)
    found = _cache_call("get_many", [GENERATION_KEY] + ([key] if key else []))
    if not found or not isinstance(found.get(GENERATION_KEY), int):
        return None
    generation = found[GENERATION_KEY]
    entry = found.get(key) if key else None
    if generation != known:
        current_pk = _site_for(host, generation)
        if current_pk != site_pk:
            site_pk = current_pk
            key = None if site_pk is None else entry_key(site_pk, scheme, path, variant)
            entry = _cache_call("get", key) if key else None
    entry = _current(entry, generation)
    if entry is not None and entry.body is None:  # not worth compressing
        entry = _current(_cache_call("get", entry_key(site_pk, scheme, path)), generation)
    return entry


def store_page(generation, site_pk, scheme, path, response, timeout):
    """Store both variants of `response` for `generation`; returns the StoredPage."""
    compressed = gzip_variant(response)
    page = StoredPage(
        headers=_shared_headers(response),
        body=response.content,
        gzip_headers=None if compressed is None else _shared_headers(compressed),
        gzip_body=None if compressed is None else compressed.content,
    )
    _cache_call(
        "set_many",
        {
            entry_key(site_pk, scheme, path, PLAIN): StoredVariant(
                generation, page.headers, page.body
            ),
            entry_key(site_pk, scheme, path, GZIP): StoredVariant(
                generation, page.gzip_headers or (), page.gzip_body
            ),
        },
        timeout,
    )
    return page


def read_stored_page(site_pk, scheme, path):
    """Both variants stored for the current generation, or None (for tests and tools)."""
    generation = read_generation()
    plain = _current(_cache_call("get", entry_key(site_pk, scheme, path, PLAIN)), generation)
    compressed = _current(_cache_call("get", entry_key(site_pk, scheme, path, GZIP)), generation)
    if plain is None or compressed is None:
        return None
    return StoredPage(
        headers=plain.headers,
        body=plain.body,
        gzip_headers=compressed.headers if compressed.body is not None else None,
        gzip_body=compressed.body,
    )
