"""Reads that pages and views share."""

from wagtail.models import Page

from home.models import AgeBandPage, YoungPeopleIndexPage


def age_band_pages(index_page):
    """The live age-band pages under the young people's section, youngest first."""
    return (
        AgeBandPage.objects.child_of(index_page)
        .live()
        .public()
        .defer_streamfields()
        .select_related("age_band")
        .order_by("age_band__min_age", "path")
    )


def age_band_pages_for_site(home_page):
    """The age choices for the home page's "I'm a young person" route."""
    index_page = YoungPeopleIndexPage.objects.child_of(home_page).live().public().first()
    if index_page is None:
        return AgeBandPage.objects.none()
    return age_band_pages(index_page)


def search_pages(query, *, site_root):
    """Live, public pages of this site matching a reader's query, best first."""
    pages = Page.objects.live().public().descendant_of(site_root, inclusive=True)
    return pages.search(query, operator="and")
