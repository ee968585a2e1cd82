"""What may be served from the page cache, and what may be stored in it."""

import functools

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.cache import cc_delim_re

# Set on a request by the warmer (never from anything a client sends).
WARMING_ATTR = "page_cache_warming"
# Set on a warming request by the `on_serve_page` hook when Wagtail served a page
# that anyone may see.
PAGE_ATTR = "page_cache_page_pk"

PRIVATE_DIRECTIVES = frozenset({"private", "no-store", "no-cache"})
# A response may vary only on these and still be the same for every reader.
HARMLESS_VARY = frozenset({"accept-encoding"})


def is_warming(request):
    return getattr(request, WARMING_ATTR, None) is not None


def carries_credentials(request):
    """Any cookie at all, or an Authorization header. An empty Cookie header
    carries nothing (Django's test client always sends one)."""
    return bool(request.META.get("HTTP_COOKIE", "").strip()) or (
        "HTTP_AUTHORIZATION" in request.META
    )


def served_by_wagtail(path_info):
    return _served_by_wagtail(settings.ROOT_URLCONF, path_info)


# Resolving walks the URL patterns in order; a hit on a page's path asks the
# same question again and again, so the answer is remembered per URLconf.
@functools.lru_cache(maxsize=4096)
def _served_by_wagtail(urlconf, path_info):
    try:
        return resolve(path_info, urlconf).url_name == "wagtail_serve"
    except Resolver404:
        return False


def may_read_from_cache(request):
    """Only a plain GET of a Wagtail page, with no cookie, no credentials and no
    query string, may be answered from the cache."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not carries_credentials(request)
        and not is_warming(request)
        and served_by_wagtail(request.path_info)
    )


def _vary_headers(response):
    if not response.has_header("Vary"):
        return set()
    return {value.strip().lower() for value in cc_delim_re.split(response["Vary"]) if value}


def _cache_control_directives(response):
    if not response.has_header("Cache-Control"):
        return set()
    return {
        value.split("=", 1)[0].strip().lower()
        for value in cc_delim_re.split(response["Cache-Control"])
        if value
    }


def _used_csp_nonce(request, response):
    # django-csp 4 keeps the nonce in request._csp_nonce once a template asks
    # for it, and writes it into the policy header.
    return isinstance(getattr(request, "_csp_nonce", None), str) or any(
        "'nonce-" in response.get(header, "")
        for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
    )


def _showed_or_queued_messages(request):
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0


def _signed_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def refusal(request, response):
    """Why this final response (after every middleware) must not be shared, or
    None when it may be. Checked on the warmer's renders only."""
    if response.status_code != 200:
        return f"status {response.status_code}, not 200"
    if response.streaming:  # StreamingHttpResponse and FileResponse
        return "streaming or file response"
    if response.cookies:
        return "sets a cookie"
    vary = _vary_headers(response)
    if "cookie" in vary:
        return "varies on Cookie"
    if vary - HARMLESS_VARY:
        return "varies on request headers"
    if _cache_control_directives(response) & PRIVATE_DIRECTIVES:
        return "Cache-Control forbids sharing"
    if _used_csp_nonce(request, response):
        return "uses a CSP nonce"
    if _showed_or_queued_messages(request):
        return "carries a flash message"
    if _signed_in(request):
        return "signed-in user"
    if getattr(request, "is_preview", False):
        return "preview"
    if getattr(request, PAGE_ATTR, None) is None:
        return "not a public Wagtail page"
    return None
