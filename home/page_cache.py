"""A server-side cache of rendered public pages, shared by every app server.

Anonymous readers get the same HTML for the same page, so it is rendered once
and kept in the default cache (Redis in production). A single generation
number is part of every key: publishing, unpublishing, moving or deleting a
page, changing a view restriction, the site settings or the taxonomy bumps it,
which retires every stored page at once (menus, footers and help numbers
appear on every page, so a narrower purge would be wrong).

Nothing is stored for signed-in users, previews, query strings, responses
other than 200, responses that set a cookie or used a CSRF token, or pages
with a view restriction.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

GENERATION_KEY = "page-cache:generation"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = 1
        cache.add(GENERATION_KEY, generation, timeout=None)
    return generation


def bump_generation(**kwargs):
    """Retire every cached page. Safe to connect to any signal."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cache_key(request, page):
    return f"page-cache:{current_generation()}:{request.get_host()}:{page.pk}:{request.path}"


def is_cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.GET
        and not getattr(request, "is_preview", False)
        and not request.user.is_authenticated
    )


def is_cacheable_response(request, response, page):
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not page.get_view_restrictions().exists()
    )


def serve_with_cache(serve):
    """An `on_serve_page` wrapper: serve from the cache, or render and store."""

    def inner(page, request, serve_args, serve_kwargs):
        if not is_cacheable_request(request):
            return serve(page, request, serve_args, serve_kwargs)
        key = cache_key(request, page)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = serve(page, request, serve_args, serve_kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        # If something changed while the page rendered (the first read of a site
        # creates its settings rows, for one), the key is stale: store nothing.
        if key == cache_key(request, page) and is_cacheable_response(request, response, page):
            cache.set(
                key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS
            )
            response["X-Page-Cache"] = "miss"
        return response

    return inner
