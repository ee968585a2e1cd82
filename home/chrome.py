"""What every page shows, kept across requests: the Site, the help numbers, the
menu, the footer and the view restrictions.

Each is kept in the shared cache under the page cache's *generation*
(``home/page_cache/store.py``). Every change that retires the stored pages
(publishing, unpublishing or moving a page, saving a setting, a snippet, a Site
or a view restriction) bumps the generation once its transaction commits, so it
retires these at the same moment: a change shows on the next request.

When there is no generation (the cache is empty or cannot be reached) nothing
is kept and everything is read from the database, as before. Only a generation
the warmer or a change started is used; a reader's request never starts one.

The generation is read once per request (``SiteMiddleware``, the first time
anything asks), not once per value: a page asks for eight or so. A value is
then kept in this process too, pickled, for the current generation, so that a
request needs no round trip to the shared cache for it; each caller gets its
own copy (unpickled), as from the shared cache. Outside a request (tasks,
commands) the generation is read at each call, as before.
"""

import contextlib
import pickle
from contextvars import ContextVar

from django.core.cache import cache
from django.db.models import Q
from django.http.request import split_domain_port
from django.urls import reverse

from wagtail.models import PageViewRestriction, Site

from home.page_cache.rules import served_by_wagtail
from home.page_cache.store import match_site, read_generation, retirement_pending
from home.routing import load_for_serving

# An upper bound only: a change retires entries long before this.
CHROME_SECONDS = 24 * 60 * 60
# What is kept in the shared cache only (one for each page, or each page of a
# listing: routes, cards, lists) lives an hour at most, so that pages nobody
# reads again do not hold memory for a day.
SHARED_ONLY_SECONDS = 60 * 60

_MISSING = object()


class _RequestGeneration:
    """The generation one request uses, read the first time it is asked for."""

    _unread = object()

    def __init__(self):
        self._generation = self._unread

    def get(self):
        if self._generation is self._unread:
            self._generation = _read_current_generation()
        return self._generation


_request_generation = ContextVar("chrome_request_generation", default=None)


class GenerationMemo:
    """A dictionary kept in this process for one page-cache generation only:
    asked for with a newer generation, it starts empty. Nothing in it is
    shared with other processes, and a change retires it with the pages."""

    def __init__(self):
        self.forget()

    def for_generation(self, generation):
        if self._generation != generation:
            self._generation, self._values = generation, {}
        return self._values

    def forget(self):
        """Drop everything (for tests, which clear the cache between them)."""
        self._generation, self._values = None, {}


# The values kept in this process, pickled, for the current generation.
_process_memo = GenerationMemo()


def _read_current_generation():
    # A change this process could not announce (the cache failed at its
    # commit) leaves the old generation in place: read afresh until it is.
    return None if retirement_pending() else read_generation()


def current_chrome_generation():
    """The generation this request uses (read once per request), or, outside
    a request, the current one."""
    scoped = _request_generation.get()
    return _read_current_generation() if scoped is None else scoped.get()


def forget_process_memo():
    """Drop what this process keeps (for tests, which clear the cache between them)."""
    _process_memo.forget()


def remembered(name, compute, *, seconds=None, in_process=True, keep=None):
    """`compute()`, kept under the current generation (or computed afresh when
    there is none). `name` must say everything the value depends on.

    `in_process=False` keeps it in the shared cache only, for values there is
    one of per page (a worker would otherwise keep one for every page it
    served), with a shorter life (``SHARED_ONLY_SECONDS`` unless `seconds`
    says otherwise): under Redis's `volatile-ttl` these go first when memory
    runs short.

    `keep(value)`, when given, says whether a value just computed may be kept
    (a value it refuses is computed afresh each time)."""
    generation = current_chrome_generation()
    if generation is None:
        return compute()
    if seconds is None:
        seconds = CHROME_SECONDS if in_process else SHARED_ONLY_SECONDS
    kept_here = _process_memo.for_generation(generation) if in_process else {}
    pickled = kept_here.get(name)
    if pickled is not None:
        return pickle.loads(pickled)  # noqa: S301 - pickled by this process
    key = f"chrome:{generation}:{name}"
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # a cache that fails is a miss
        value = _MISSING
    if value is _MISSING:
        value = compute()
        if keep is not None and not keep(value):
            return value
        with contextlib.suppress(Exception):  # keeping it is only a saving
            cache.set(key, value, seconds)
    if in_process:
        with contextlib.suppress(Exception):  # a value that cannot be pickled is not kept here
            kept_here[name] = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    return value


# --- Sites ------------------------------------------------------------------


def _load_sites():
    sites = list(Site.objects.select_related("root_page"))
    for site in sites:
        # The root page as its own type (the home page), as routing asks for
        # it, with what its type prefetches for serving (home/routing.py).
        site.root_page = load_for_serving(site.root_page)
    return sites


def site_for_request(request):
    """The Site Wagtail's `Site.find_for_request` would choose, by the same
    rules (``store.match_site``), from the kept list of Sites."""
    sites = remembered("sites", _load_sites)
    hostname = split_domain_port(request._get_raw_host())[0]
    pk = match_site(sites, hostname, int(request.get_port()))
    return next((site for site in sites if site.pk == pk), None)


class SiteMiddleware:
    """Give the request its Site before Wagtail looks for it, so routing, the
    settings and `{% pageurl %}` find it without a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # One generation for the whole request, read when first asked for:
        # /healthz and the rest ask for none, so they never wait on the cache.
        token = _request_generation.set(_RequestGeneration())
        try:
            # Pages and the site search only.
            if (
                served_by_wagtail(request.path_info) or request.path_info == reverse("search")
            ) and current_chrome_generation() is not None:
                with contextlib.suppress(ValueError):  # a port Django cannot read: Wagtail decides
                    request._wagtail_site = site_for_request(request)
            return self.get_response(request)
        finally:
            _request_generation.reset(token)


# --- View restrictions --------------------------------------------------------


def restricted_pages():
    """(restriction pk, page pk, page path, page depth) of every view restriction."""
    return remembered(
        "view-restrictions",
        lambda: list(
            PageViewRestriction.objects.order_by("pk").values_list(
                "pk", "page_id", "page__path", "page__depth"
            )
        ),
    )


def private_q():
    """Wagtail's `PageQuerySet.private_q`, from the kept restrictions: the
    restricted pages and everything under them."""
    q = Q()
    for _pk, _page_pk, path, depth in restricted_pages():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])
