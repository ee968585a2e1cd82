"""The Atom feeds of new and updated resources: /resources/feed/ and one per audience."""

import xml.etree.ElementTree as ET

import pytest

from resources.feeds import FEED_MAX_AGE
from tests.resources.visibility_tree import HIDDEN_TITLES, build_library, restrict

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def library(home_page):
    return build_library(home_page)


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return feed, {entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")}


def test_the_feed_lists_visible_resources_newest_change_first(client, library):
    feed, found = entries(client.get("/resources/feed/"))
    assert list(found) == ["Online guide zebra", "Grooming poster zebra"]
    assert feed.findtext(f"{ATOM}title") == "Clearsight: new and updated resources"


def test_drafts_private_pages_and_other_sites_never_appear(client, library):
    index, pages = library
    restrict(pages["poster"])
    for url in ("/resources/feed/", "/resources/feed/parents-and-carers/"):
        body = client.get(url).content.decode()
        for title in (*HIDDEN_TITLES, "Grooming poster zebra"):
            assert title not in body, (url, title)


def test_an_entry_has_title_summary_link_dates_and_categories(client, library):
    _feed, found = entries(client.get("/resources/feed/"))
    entry = found["Online guide zebra"]
    assert entry.findtext(f"{ATOM}summary") == (
        "What to do about messages <that worry you> & who to tell."
    )
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/resources/online-guide/"
    page = library[1]["guide"]
    assert entry.findtext(f"{ATOM}updated") == page.last_published_at.isoformat()
    categories = {c.get("term") for c in entry.iter(f"{ATOM}category")}
    assert categories == {"Parents and carers", "Online safety"}


def test_the_summary_is_escaped_in_the_xml(client, library):
    body = client.get("/resources/feed/").content.decode()
    assert "&lt;that worry you&gt; &amp; who" in body
    assert "<that worry you>" not in body


def test_links_use_the_address_the_feed_was_asked_on(client, library):
    response = client.get("/resources/feed/", HTTP_HOST="127.0.0.1:8000")
    _feed, found = entries(response)
    href = found["Online guide zebra"].find(f"{ATOM}link").get("href")
    assert href == "http://127.0.0.1:8000/resources/online-guide/"


def test_one_feed_per_audience(client, library):
    feed, found = entries(client.get("/resources/feed/parents-and-carers/"))
    assert list(found) == ["Online guide zebra"]
    assert feed.findtext(f"{ATOM}title") == (
        "Clearsight: new and updated resources for Parents and carers"
    )
    _feed, found = entries(client.get("/resources/feed/young-people/"))
    assert list(found) == ["Grooming poster zebra"]


def test_an_unknown_audience_is_the_sites_404(client, library):
    response = client.get("/resources/feed/no-such-audience/")
    assert response.status_code == 404
    assert "We cannot find that page" in response.content.decode()


def test_the_feed_may_be_cached_a_while_and_sets_no_cookie(client, library):
    response = client.get("/resources/feed/")
    assert response["Cache-Control"] == f"public, max-age={FEED_MAX_AGE}"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_the_feed_runs_a_constant_number_of_queries(client, library, django_assert_max_num_queries):
    from resources.factories import ResourcePageFactory

    index = library[0]
    client.get("/resources/feed/")  # warm the site-root cache
    with django_assert_max_num_queries(10):
        client.get("/resources/feed/")
    for n in range(10):
        ResourcePageFactory(parent=index, slug=f"more-{n}")
    with django_assert_max_num_queries(10):
        client.get("/resources/feed/")


def test_pages_announce_the_feeds_in_their_head(client, library):
    index, pages = library
    head = client.get("/resources/").content.decode().split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" href="/resources/feed/"' in head
    assert 'href="/resources/feed/parents-and-carers/"' in head
    head = client.get(pages["guide"].url).content.decode().split("</head>")[0]
    assert 'type="application/atom+xml" href="/resources/feed/"' in head
    assert 'href="/resources/feed/parents-and-carers/"' in head
    assert 'href="/resources/feed/young-people/"' not in head


def test_the_library_page_shows_a_link_to_the_feeds(client, library):
    body = client.get("/resources/").content.decode().split("</head>")[1]
    assert 'href="/resources/feed/"' in body
    assert 'href="/resources/feed/parents-and-carers/"' in body
