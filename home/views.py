"""Views outside the page tree: search, health and well-known files, error pages."""

from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.blocks import StreamValue
from wagtail.models import Site

from django_ratelimit.decorators import ratelimit

from home import error_pages, health
from home.blocks import BodyStreamBlock
from home.filters import FilterForm
from home.forms import SearchForm
from home.models import SafetySettings
from home.search import SEARCH_PAGE_SIZE, run_search


def search_rate(group, request):
    """SEARCH_RATE_LIMIT, read per request so that it can be tuned per deployment."""
    return settings.SEARCH_RATE_LIMIT


@require_GET
@ratelimit(key="ip", rate=search_rate, block=True)
def search(request):
    """Every page a reader may see, with the library's filters; help first.

    Never cached, never stored with anything about who searched (see
    home/search.py): the words and a daily count at most.
    """
    form = SearchForm(request.GET or None)
    filter_form = FilterForm(request.GET or None)
    filter_form.is_valid()  # a bad choice is explained beside its group
    outcome = None
    query = ""
    site = Site.find_for_request(request)
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query and site is not None:
            outcome = run_search(
                request,
                query=query,
                site=site,
                filter_form=filter_form,
                safety=SafetySettings.for_request(request),
            )
    groups = outcome.groups if outcome else []
    return render(
        request,
        "pages/search.html",
        {
            "form": form,
            "query": query,
            "outcome": outcome,
            "results": outcome.results if outcome else None,
            "filter_groups": groups,
            "clear_url": filter_form.clear_url(),
        },
        status=400 if form.errors or filter_form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def healthz(request):
    """For load balancers: 200 when the database and the cache answer within a
    second, else 503 naming the part that failed ("error") or did not answer
    in time ("timeout")."""
    checks = health.run_checks()
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('search')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=86400, public=True)
def security_txt(request):
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {expires.isoformat()}",
        "Preferred-Languages: en",
        f"Canonical: {request.build_absolute_uri(reverse('security_txt'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def pattern_library(request):
    """Every component of the design system on one page (development only)."""
    stream_block = BodyStreamBlock()
    examples = []
    for name, block in stream_block.child_blocks.items():
        value = block.get_preview_value()
        if value is not None:
            examples.append((name, value))
    invalid_form = SearchForm({"q": "x" * 101})
    invalid_form.is_valid()
    sample_page = Paginator(range(30), SEARCH_PAGE_SIZE).get_page(2)
    return render(
        request,
        "pages/pattern_library.html",
        {
            "blocks": StreamValue(stream_block, examples),
            "invalid_form": invalid_form,
            "sample_page": sample_page,
        },
    )


# Error pages keep the whole shell: the quick exit and the help numbers. They
# render as usual when they can, and without the database or the cache when
# they cannot (home/error_pages.py); the 500 page never tries either.


def bad_request(request, exception=None):
    return error_pages.render_error_page(request, "errors/400.html", 400)


def permission_denied(request, exception=None):
    return error_pages.render_error_page(request, "errors/403.html", 403)


def page_not_found(request, exception=None):
    return error_pages.render_error_page(request, "errors/404.html", 404)


def server_error(request):
    return error_pages.render_offline("errors/500.html", 500)


def csrf_failure(request, reason=""):
    return error_pages.render_error_page(request, "errors/403_csrf.html", 403)


def too_many_requests(request, exception=None):
    response = error_pages.render_error_page(request, "errors/429.html", 429)
    response["Retry-After"] = str(settings.RATELIMIT_RETRY_AFTER)
    return response
