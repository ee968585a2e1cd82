"""Render every public page, as a reader with no cookies gets it, and store it.

Pages are stored by this warmer and never on a reader's request: if reading a
page created its entry, a fast answer would tell anyone that somebody read
that page recently, and on this site that alone can say something about a
child. Each request goes through a Django handler with the project's whole
middleware stack, so what is stored is exactly the final body and headers a
reader would get, after sessions, messages, CSRF and the security headers
have had their say; ``rules.refusal`` then decides whether it may be shared.
"""

import io
import logging
import sys
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signals
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Site

from home.facets import build_facet_indexes
from home.page_cache import rules, store

logger = logging.getLogger(__name__)


def mark_public_page(serve):
    """An ``on_serve_page`` hook, registered after Wagtail's own view-restriction
    check: on a warming request, note that a public Wagtail page is being
    served. Responses without this mark are never stored."""

    def inner(page, request, serve_args, serve_kwargs):
        if (
            rules.is_warming(request)
            and not getattr(request, "is_preview", False)
            and not page.get_view_restrictions().exists()
        ):
            setattr(request, rules.PAGE_ATTR, page.pk)
        return serve(page, request, serve_args, serve_kwargs)

    return inner


@dataclass
class WarmReport:
    generation: int | None
    stored: list = field(default_factory=list)
    refused: dict = field(default_factory=dict)
    skipped: str = ""


class WarmingHandler(BaseHandler):
    """Django's request handling, with the project's middleware, for requests
    made in process."""

    def __init__(self):
        super().__init__()
        self.load_middleware()

    def render(self, request):
        response = self.get_response(request)
        if response.streaming:
            # Release the file or generator without sending request_finished's
            # connection clean-up into the caller's transaction (as Django's
            # test client does).
            signals.request_finished.disconnect(close_old_connections)
            try:
                response.close()
            finally:
                signals.request_finished.connect(close_old_connections)
        return response


def site_scheme(site):
    return "https" if settings.SECURE_SSL_REDIRECT or site.port == 443 else "http"


def build_request(site, path, generation):
    """A GET of `path` on `site`, with no cookies, as a WSGI server would build it."""
    scheme = site_scheme(site)
    default_port = 443 if scheme == "https" else 80
    host = site.hostname if site.port == default_port else f"{site.hostname}:{site.port}"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if scheme == "https" and settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    request = WSGIRequest(environ)
    setattr(request, rules.WARMING_ATTR, generation)
    return request


def page_paths(site):
    """The path of every live page of `site` that anyone may see, shallowest
    first: the home page and the landing pages, most read, are stored first."""
    root = site.root_page
    pages = root.get_descendants(inclusive=True).live().public().order_by("depth", "path")
    for url_path in pages.values_list("url_path", flat=True):
        yield reverse("wagtail_serve", args=(url_path[len(root.url_path) :],))


def warm_path(handler, site, path, generation, report):
    request = build_request(site, path, generation)
    response = handler.render(request)
    reason = rules.refusal(request, response)
    resolved = getattr(request, "_wagtail_site", None)
    if reason is None and (resolved is None or resolved.pk != site.pk):
        reason = "routed to another site"
    if reason is not None:
        report.refused[f"{site.pk}{path}"] = reason
        return
    store.store_page(
        generation,
        site.pk,
        request.scheme,
        request.path_info,
        response,
        settings.PAGE_CACHE_SECONDS,
    )
    report.stored.append(f"{site.pk}{path}")


def begin_warm(generation=None):
    """Claim the warm of `generation` (the current one when not given) and store
    its Site table. Returns (report, sites); `report.skipped` says why not."""
    timeout = settings.PAGE_CACHE_SECONDS
    if timeout <= 0:
        return WarmReport(generation, skipped="the page cache is off"), []
    current = store.current_generation()
    if current is None:
        return WarmReport(generation, skipped="the cache is unreachable"), []
    generation = current if generation is None else generation
    if generation != current:
        return WarmReport(generation, skipped="a newer generation has started"), []
    # At most one warm per generation, across every process.
    if not store.claim_warm(generation, timeout):
        return WarmReport(generation, skipped="already warmed or warming"), []
    sites = list(Site.objects.select_related("root_page").order_by("pk"))
    store.store_site_table(generation, sites, timeout)
    # Before any page: the library's own page is rendered from the index too.
    build_facet_indexes(generation, sites, timeout)
    return WarmReport(generation), sites


def warm_paths(generation, site, paths, report=None):
    """Render and store `paths` of `site` for `generation`; stops early if a
    newer generation starts (its own warm stores them)."""
    report = report or WarmReport(generation)
    handler = WarmingHandler()
    # Render as the public site does, whatever language or time zone the
    # process that triggered the warm (an editor's request) had active.
    with translation.override(settings.LANGUAGE_CODE), timezone.override(None):
        for path in paths:
            if store.read_generation() != generation:
                report.skipped = "a newer generation started while warming"
                break
            warm_path(handler, site, path, generation, report)
    for page, reason in report.refused.items():
        logger.info("Page cache: not storing %s: %s.", page, reason)
    return report


def warm(generation=None, only=None):
    """Render and store every public page of every Site for `generation` (the
    current one when not given), in this process; with `only`, just those
    paths of each Site. Stops early if a newer generation starts."""
    report, sites = begin_warm(generation)
    for site in sites:
        if report.skipped:
            break
        warm_paths(report.generation, site, only or page_paths(site), report)
    return report


def parts(sites, size):
    """(site, paths) in parts of at most `size` paths, shallowest pages first."""
    for site in sites:
        paths = list(page_paths(site))
        for start in range(0, len(paths), size):
            yield site, paths[start : start + size]
