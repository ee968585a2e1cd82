"""Routing a request to its page in two queries, whatever the page's depth.

Wagtail's `Page.route` asks for one child per part of the path, and loads each
page on the way as its own type: a page five levels down costs ten queries
before it is served. The site's root page (the home page) routes instead with
one query for every page on the way (the pages whose `url_path` begins the
requested one) and one for the page served, loaded as its own type with what
its type asks for (`prepare_for_serving`).

Wagtail's rules are kept: a part of the path with no page is a 404, the page
served must be live (the pages on the way need not be), and a page type with
its own `route` (a `RoutablePageMixin` page: forms, training steps) is handed
the rest of the path, as Wagtail would. The view-restriction check, the
redirects app (on a 404), previews and aliases work as before.

The pages on the way are kept on the page served (`route_chain`), so its
breadcrumbs, its view restrictions and "is it in the young people's section?"
need no further query.

What the two queries found for a path is kept under the page cache's
generation (``home/chrome.py``), as the menu and the help numbers are: any
change that could alter it (publishing, unpublishing, moving or editing a
page, a Site, a view restriction) retires it with the stored pages, and a
reader whose request bypasses the page cache (a cookie, a query string) is
then routed with no query at all.
"""

import hashlib

from django.http import Http404

from wagtail.models import Page
from wagtail.url_routing import RouteResult


def has_own_route(model):
    return model is not None and model.route is not Page.route


def load_for_serving(page):
    """`page` (any row) as its own type, with what that type serves prefetched."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    queryset = model._default_manager.all()
    prepare = getattr(model, "prepare_for_serving", None)
    if prepare is not None:
        queryset = prepare(queryset)
    return queryset.get(pk=page.pk)


def _load_pages(root, path_components):
    """The pages under `root` for each part of the path, down to the page that
    serves it (the last part's, or a page type's with its own `route`), that
    one as its own type; None when a part has no page (a 404). Two queries."""
    url_paths = []
    url_path = root.url_path
    for component in path_components:
        url_path = f"{url_path}{component}/"
        url_paths.append(url_path)
    by_url_path = {
        page.url_path: page
        for page in Page.objects.filter(
            url_path__in=url_paths, path__startswith=root.path, depth__gt=root.depth
        )
    }
    pages = []
    for depth, url_path in enumerate(url_paths, start=1):
        page = by_url_path.get(url_path)
        # The url_path must lead down the tree one level at a time, as slugs do.
        if page is None or page.depth != root.depth + depth:
            return None
        if depth < len(url_paths) and not has_own_route(page.specific_class):
            pages.append(page)
            continue
        pages.append(load_for_serving(page))
        return pages
    return None  # not reached: the last part always returns


def _kept_pages(root, path_components):
    """`_load_pages`, kept for the page cache's generation (home/chrome.py):
    any change to a page, a Site or a view restriction retires it with the
    stored pages. Kept in the shared cache only (one entry per page served,
    for an hour at most), and only for a path that names a page: a 404 or a
    path a page type routes itself (a form's steps) is looked up each time, so
    made-up addresses cannot fill the cache."""
    from home.chrome import remembered

    path = "/".join(path_components)
    key = hashlib.sha256(f"{root.pk}:{path}".encode()).hexdigest()
    return remembered(
        f"route:{key}",
        lambda: _load_pages(root, path_components),
        in_process=False,
        keep=lambda pages: pages is not None and len(pages) == len(path_components),
    )


def route(root, request, path_components):
    """What `root.route(request, path_components)` answers in Wagtail, in at
    most two queries (plus what a page type with its own `route` asks), or
    none when this generation has served the path before."""
    if not path_components:
        if not root.live:
            raise Http404
        root.route_chain = [root]
        return RouteResult(root)

    pages = _kept_pages(root, path_components)
    if pages is None:
        raise Http404
    chain = [root]
    for page in pages:
        page._cached_parent_obj = chain[-1]
        chain.append(page)
    page = chain[-1]
    page.route_chain = chain
    remaining = path_components[len(pages) :]
    if has_own_route(type(page)):
        return page.route(request, remaining)
    if not page.live:
        raise Http404
    return RouteResult(page)
