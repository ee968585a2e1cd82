"""One way to cut a listing into pages: ``?page=N``, a page number past the end
shows the last page (as the library and search do), and
``components/pagination.html`` shows the pager (previous/next links with
``rel``, "Page 2 of 7", a ``<nav>`` with an ``aria-label``; no JavaScript).

Every public listing goes through here or caps its length, so no page renders
an unbounded number of items (issue 11).
"""

from django.core.paginator import Paginator

# Cards on one page of a landing page's list of its pages.
LISTING_PAGE_SIZE = 24


def paginate(items, request, per_page=LISTING_PAGE_SIZE):
    """The page of `items` (a queryset or a list) that ``?page=`` asks for.

    A queryset costs one COUNT and one query for the page's rows (plus whatever
    the queryset prefetches), however long the list is.
    """
    number = request.GET.get("page") if request is not None else None
    return Paginator(items, per_page).get_page(number)


class _KeptListing:
    """A list of known length whose slices are read from what is kept:
    what `Paginator` needs (its length, and one slice per page)."""

    def __init__(self, count, read_slice):
        self._count = count
        self._read_slice = read_slice

    def __len__(self):
        return self._count

    def __getitem__(self, item):
        if not isinstance(item, slice):
            raise TypeError("a kept listing is read one page (a slice) at a time")
        return self._read_slice(item.start or 0, item.stop)


def kept_paginate(name, items, request, per_page=LISTING_PAGE_SIZE):
    """`paginate(items, request, per_page)`, with the count and the page's rows
    kept for the page cache's generation (home/chrome.py), in the shared cache
    only: `name` must say everything `items` depends on. The first page is
    kept with the count, so it costs one round trip to the cache and no
    query; any other page two round trips (the count, then its rows), and only
    for a page number the count allows (`Paginator.get_page` decides it)."""
    from home.chrome import remembered

    keeping = {"in_process": False}
    number = request.GET.get("page") if request is not None else None
    if number in (None, "", "1"):
        count, rows = remembered(
            f"listing:{name}:first", lambda: (items.count(), list(items[:per_page])), **keeping
        )

        def read_slice(start, stop):
            return rows[start:stop]  # only the first page is read

    else:
        count = remembered(f"listing:{name}:count", items.count, **keeping)

        def read_slice(start, stop):
            return remembered(
                f"listing:{name}:{start}:{stop}", lambda: list(items[start:stop]), **keeping
            )

    return Paginator(_KeptListing(count, read_slice), per_page).get_page(number)
