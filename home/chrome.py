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
"""

import contextlib

from django.core.cache import cache
from django.db.models import Q
from django.http.request import split_domain_port

from wagtail.models import PageViewRestriction, Site

from home.page_cache.rules import served_by_wagtail
from home.page_cache.store import match_site, read_generation, retirement_pending

# An upper bound only: a change retires entries long before this.
CHROME_SECONDS = 24 * 60 * 60

_MISSING = object()


def remembered(name, compute):
    """`compute()`, kept under the current generation (or computed afresh when
    there is none). `name` must say everything the value depends on."""
    # A change this process could not announce (the cache failed at its
    # commit) leaves the old generation in place: read afresh until it is.
    generation = None if retirement_pending() else read_generation()
    if generation is None:
        return compute()
    key = f"chrome:{generation}:{name}"
    try:
        value = cache.get(key, _MISSING)
    except Exception:  # a cache that fails is a miss
        value = _MISSING
    if value is _MISSING:
        value = compute()
        with contextlib.suppress(Exception):  # keeping it is only a saving
            cache.set(key, value, CHROME_SECONDS)
    return value


# --- Sites ------------------------------------------------------------------


def _load_sites():
    sites = list(Site.objects.select_related("root_page"))
    for site in sites:
        # The root page as its own type (the home page), as routing asks for it.
        site.root_page = site.root_page.specific
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
        # Pages only: /healthz and the rest must not wait on the cache.
        if (
            served_by_wagtail(request.path_info)
            and not retirement_pending()
            and read_generation() is not None
        ):
            with contextlib.suppress(ValueError):  # a port Django cannot read: Wagtail decides
                request._wagtail_site = site_for_request(request)
        return self.get_response(request)


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
