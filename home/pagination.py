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
