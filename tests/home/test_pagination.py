"""Every landing page lists one page of its pages (issue 11: no page renders an
unbounded number of items), with the shared pager, in a constant number of
queries however many pages it has."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from cocreation.factories import CallForContributionsPageFactory, GetInvolvedPageFactory
from community.factories import CommunityLandingPageFactory, ToolkitPageFactory
from home.factories import ContentPageFactory, SectionPageFactory
from home.pagination import LISTING_PAGE_SIZE
from schools.factories import (
    LessonPackIndexPageFactory,
    SchoolsLandingPageFactory,
    SchoolToolkitPageFactory,
)

pytestmark = pytest.mark.django_db

MANY = LISTING_PAGE_SIZE + 6  # 30: a page and a bit


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def soup_for(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def listed(soup):
    """Titles of the cards in the "In this section" list (the paginated one)."""
    section = soup.select_one("section.child-pages")
    if section is None:
        return []
    return [link.get_text(strip=True) for link in section.select(".card .card__link")]


def pager(soup):
    return soup.select_one("section.child-pages nav.pagination")


def add_pages(parent, start, stop):
    for n in range(start, stop):
        ContentPageFactory(parent=parent, title=f"Guide {n:02}")


@pytest.fixture
def section(home_page):
    return SectionPageFactory(parent=home_page, title="Parents and carers", slug="parents")


def test_a_long_section_lists_one_page_of_its_pages_with_a_pager(client, section):
    add_pages(section, 0, MANY)
    first = soup_for(client, section.url)
    assert listed(first) == [f"Guide {n:02}" for n in range(LISTING_PAGE_SIZE)]

    nav = pager(first)
    assert nav["aria-label"] == "Pages of results"
    assert nav.select_one('[aria-current="page"]').get_text(strip=True) == "Page 1 of 2"
    assert nav.select_one('a[rel="prev"]') is None
    following = nav.select_one('a[rel="next"]')
    assert following["href"] == "?page=2"
    assert following.get_text(" ", strip=True) == "Next page"

    second = soup_for(client, section.url + following["href"])
    assert listed(second) == [f"Guide {n:02}" for n in range(LISTING_PAGE_SIZE, MANY)]
    nav = pager(second)
    assert nav.select_one('[aria-current="page"]').get_text(strip=True) == "Page 2 of 2"
    assert nav.select_one('a[rel="prev"]')["href"] == "?page=1"
    assert nav.select_one('a[rel="next"]') is None


def test_a_kept_list_shows_the_same_pages_and_a_change_on_the_next_request(client, section):
    """With a generation (as after every deploy) the count and each page of the
    list are kept (home/pagination.py::kept_paginate): the same pages, the same
    pager, no query for them; a new page shows on the next request."""
    from home.page_cache.store import current_generation
    from tests.home.test_chrome import commit

    add_pages(section, 0, MANY)
    commit()
    current_generation()
    for _ in range(2):  # made, then read from what was kept
        assert listed(soup_for(client, section.url)) == [
            f"Guide {n:02}" for n in range(LISTING_PAGE_SIZE)
        ]
        for number in ("2", "99"):
            soup = soup_for(client, f"{section.url}?page={number}")
            assert listed(soup) == [f"Guide {n:02}" for n in range(LISTING_PAGE_SIZE, MANY)]
            current = pager(soup).select_one('[aria-current="page"]')
            assert current.get_text(strip=True) == "Page 2 of 2"
    with CaptureQueriesContext(connection) as captured:
        soup_for(client, section.url)
    assert not [query for query in captured if "COUNT(" in query["sql"]]

    ContentPageFactory(parent=section, title="A new guide")
    commit()  # publishing it retires what was kept
    assert listed(soup_for(client, f"{section.url}?page=2"))[-1] == "A new guide"
    section.get_children().get(title="Guide 00").specific.unpublish()
    commit()
    assert listed(soup_for(client, section.url))[0] == "Guide 01"


@pytest.mark.parametrize("page", ["99", "-1", "two"], ids=["past-the-end", "negative", "word"])
def test_a_bad_page_number_shows_a_real_page(client, section, page):
    """A number out of range shows the last page, as the library and search do
    (Django's `Paginator.get_page`); anything that is not a number shows the first."""
    add_pages(section, 0, MANY)
    soup = soup_for(client, f"{section.url}?page={page}")
    expected = "Page 1 of 2" if page == "two" else "Page 2 of 2"
    assert pager(soup).select_one('[aria-current="page"]').get_text(strip=True) == expected
    assert 0 < len(listed(soup)) <= LISTING_PAGE_SIZE


def test_a_short_section_has_no_pager(client, section):
    add_pages(section, 0, 2)
    soup = soup_for(client, section.url)
    assert listed(soup) == ["Guide 00", "Guide 01"]
    assert soup.select_one("nav.pagination") is None


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def landing_community(home_page):
    landing = CommunityLandingPageFactory(parent=home_page, slug="community")
    ToolkitPageFactory(parent=landing, title="For taxi drivers")
    return landing


def landing_schools(home_page):
    landing = SchoolsLandingPageFactory(parent=home_page, title="Schools", slug="schools")
    LessonPackIndexPageFactory(parent=landing)
    SchoolToolkitPageFactory(parent=landing)
    return landing


def landing_get_involved(home_page):
    landing = GetInvolvedPageFactory(parent=home_page)
    CallForContributionsPageFactory(parent=landing, title="Poster call")
    return landing


def landing_section(home_page):
    return SectionPageFactory(parent=home_page, title="Parents and carers", slug="parents")


LANDINGS = {
    "section": landing_section,
    "community": landing_community,
    "schools": landing_schools,
    "get-involved": landing_get_involved,
}


@pytest.mark.parametrize("make", LANDINGS.values(), ids=LANDINGS.keys())
def test_every_landing_page_lists_a_page_at_a_time_in_constant_queries(
    client, home_page, make, django_assert_max_num_queries
):
    """2 pages, then 30: the same queries, at most a page of cards, and page 2
    holds the rest. The landing page's own lists (toolkits, calls, the pack
    library) stay out of the paginated one and on every page."""
    landing = make(home_page)
    add_pages(landing, 0, 2)
    client.get(landing.url)  # warm the per-site caches
    baseline = queries_for(client, landing.url)
    add_pages(landing, 2, MANY)
    for url in (landing.url, landing.url + "?page=2"):
        client.get(url)
        with django_assert_max_num_queries(baseline):
            assert client.get(url).status_code == 200
    first = soup_for(client, landing.url)
    second = soup_for(client, landing.url + "?page=2")
    assert listed(first) == [f"Guide {n:02}" for n in range(LISTING_PAGE_SIZE)]
    assert listed(second) == [f"Guide {n:02}" for n in range(LISTING_PAGE_SIZE, MANY)]
    assert pager(first)["aria-label"] == "Pages of results"
    own = {
        "community": "For taxi drivers",
        "schools": "Whole-school toolkit",
        "get-involved": "Poster call",
    }.get(make.__name__.removeprefix("landing_").replace("_", "-"))
    if own:
        for soup in (first, second):
            assert own in soup.get_text()
            assert own not in listed(soup)


def test_get_involved_lists_the_newest_closed_calls_only(client, home_page, monkeypatch):
    from cocreation import selectors

    monkeypatch.setattr(selectors, "CALLS_LISTED", 3)
    landing = GetInvolvedPageFactory(parent=home_page)
    today = datetime.date.today()
    for n in range(5):
        CallForContributionsPageFactory(
            parent=landing,
            title=f"Closed call {n}",
            opens_on=today - datetime.timedelta(days=100),
            closes_on=today - datetime.timedelta(days=10 + n),
        )
    for n in range(4):
        CallForContributionsPageFactory(
            parent=landing,
            title=f"Open call {n}",
            closes_on=today + datetime.timedelta(days=10 - n),
        )
    soup = soup_for(client, landing.url)
    closed = soup.find(id="closed-calls-title").find_parent("section")
    opened = soup.find(id="open-calls-title").find_parent("section")
    assert [h.get_text(strip=True) for h in closed.select(".card__title, h3")][:3] == [
        "Closed call 0",
        "Closed call 1",
        "Closed call 2",
    ]
    assert "Closed call 3" not in closed.get_text()
    # Open calls closing soonest first, no more than the limit.
    opened_text = opened.get_text()
    assert [f"Open call {n}" in opened_text for n in range(4)] == [False, True, True, True]
    assert opened_text.index("Open call 3") < opened_text.index("Open call 1")
