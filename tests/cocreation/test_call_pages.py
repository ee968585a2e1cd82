"""/get-involved/ lists open calls, then closed ones with what came of them; a
call's page shows its gallery of live work only, at a constant query count."""

import datetime

from django.test import Client

import pytest

from cocreation.models import CallOutcome, SubmissionStatus
from cocreation.selectors import call_gallery, calls_for_listing
from cocreation.services.moderation import submission_start_review
from cocreation.services.publication import submission_withdraw
from home.models import NavigationSettings, SafetySettings
from home.page_cache import store, warming
from resources.factories import ResourceIndexPageFactory, ResourcePageFactory
from resources.models import MadeBy

from .gallery import (
    band,
    call_page,
    closed_call,
    get_involved,
    published_submission,
    sent_submission,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def landing(home_page):
    SafetySettings.for_site(home_page.get_site())
    NavigationSettings.for_site(home_page.get_site())
    return get_involved(home_page)


def test_open_calls_come_first_then_closed_ones_with_what_we_made(landing, client):
    later = call_page(
        landing, title="Tips for a first phone", closes_on=TODAY.replace(year=TODAY.year + 1)
    )
    sooner = call_page(
        landing, title="Words for a worried friend", closes_on=TODAY + datetime.timedelta(days=3)
    )
    closed = closed_call(landing, title="Posters about trusted adults")
    not_yet = call_page(landing, title="Not open yet", opens_on=TODAY + datetime.timedelta(days=5))
    draft = call_page(landing, title="A draft call", live=False)

    listing = calls_for_listing(parent=landing, site=landing.get_site())
    assert listing.open == [sooner, later]
    assert listing.closed == [closed]

    html = client.get(landing.url).content.decode()
    open_part, closed_part = html.split("What we made from your ideas")
    assert open_part.index(sooner.title) < open_part.index(later.title)
    assert "Send your work" in open_part
    assert sooner.closes_on.strftime("%-d %B %Y") in open_part
    assert closed.title in closed_part and closed.title not in open_part
    assert "See what we made" in closed_part
    assert not_yet.title not in html and draft.title not in html


def test_a_closed_call_shows_what_we_made_and_the_resources_from_it(landing, client, home_page):
    library = ResourceIndexPageFactory(parent=home_page, slug="resources")
    resource = ResourcePageFactory(
        parent=library, title="It's OK to say no", made_by=MadeBy.YOUNG_PEOPLE
    )
    hidden = ResourcePageFactory(parent=library, title="Still a draft", live=False)
    call = closed_call(landing, what_we_made="Your ideas became a poster for every school.")
    CallOutcome.objects.create(call=call, resource=resource)
    CallOutcome.objects.create(call=call, resource=hidden)
    html = client.get(call.url).content.decode()
    assert "This call has closed." in html
    assert "Your ideas became a poster for every school." in html
    assert f'href="{resource.url}"' in html and "card--resource" in html
    assert "Still a draft" not in html


def test_an_open_call_shows_its_brief_ages_dates_and_kinds(landing, client):
    call = call_page(landing, what_happens_next="Trained adults read everything first.")
    call.age_bands.set([band("8-10"), band("11-13")])
    call.save()
    html = client.get(call.url).content.decode()
    assert "Ages 8 to 10, Ages 11 to 13" in html
    assert "Trained adults read everything first." in html
    assert call.closes_on.strftime("%-d %B %Y") in html
    assert "What we made from your ideas" not in html


# --- Only live work is ever public ----------------------------------------------------


def hidden_submissions(call):
    """Work in every state that must never be public, each with a word of its own."""
    pending = sent_submission(call, published_text="Zebrapending words.", pictures=0)
    submission_start_review(submission=pending)
    sent_submission(
        call,
        published_text="Zebraawaiting words.",
        status=SubmissionStatus.AWAITING_CONSENT,
        age="8-10",
        pictures=0,
    )
    sent_submission(
        call, published_text="Zebrarejected words.", status=SubmissionStatus.REJECTED, pictures=0
    )
    withdrawn = published_submission(call, published_text="Zebrawithdrawn words.", pictures=0)
    submission_withdraw(submission=withdrawn)
    return ["Zebrapending", "Zebraawaiting", "Zebrarejected", "Zebrawithdrawn"]


def search_hits(client, words):
    results = client.get("/search/", {"q": words}).context["results"]
    return [getattr(result, "pk", result) for result in results]


def test_the_gallery_shows_only_live_work(landing, client):
    call = call_page(landing)
    live = published_submission(call, published_title="Tell Nan", published_text="Zebralive.")
    words = hidden_submissions(call)
    assert [piece.title for piece in call_gallery(call)] == [live.published_title]
    public = [
        client.get(call.url).content.decode(),
        client.get(landing.url).content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ]
    assert "Zebralive." in public[0]
    for html in public:
        for word in words:
            assert word not in html
    # Search finds the call page by its own words, never by a submission's.
    assert search_hits(client, call.title) == [call.pk]
    for word in words + ["Zebralive"]:
        assert search_hits(client, word) == []


def test_a_published_piece_that_is_unpublished_leaves_the_gallery(landing, client):
    call = call_page(landing)
    piece = published_submission(call, published_text="Zebralive.")
    piece.unpublish()
    assert "Zebralive." not in client.get(call.url).content.decode()


# --- Small, cacheable, constant queries ------------------------------------------------


def test_the_gallery_page_is_cacheable_and_sets_no_cookie(landing):
    call = call_page(landing)
    published_submission(call, published_text="Zebralive.", pictures=1)
    response = Client().get(call.url)
    assert not response.cookies
    report = warming.warm(store.bump_generation())
    assert f"{call.get_site().pk}{call.url}" in report.stored
    assert f"{landing.get_site().pk}{landing.url}" in report.stored


def test_the_call_page_costs_the_same_queries_as_the_gallery_grows(
    landing, django_assert_max_num_queries
):
    call = call_page(landing)
    published_submission(call, pictures=2)
    client = Client()
    client.get(call.url)  # fills the per-generation chrome; the next request is measured
    with django_assert_max_num_queries(60) as few:
        client.get(call.url)
    baseline = len(few.captured_queries)
    for _ in range(4):
        published_submission(call, pictures=2)
    client.get(call.url)
    with django_assert_max_num_queries(baseline):
        response = client.get(call.url)
    assert response.content.decode().count("gallery__item") == 5


def test_a_long_gallery_shows_a_page_of_work_at_a_time(
    landing, monkeypatch, django_assert_max_num_queries
):
    """A page of pieces (oldest first), the shared pager, the next ones on page 2,
    and the same queries for page 1 and page 2 as for a short gallery."""
    from bs4 import BeautifulSoup

    from cocreation import selectors

    monkeypatch.setattr(selectors, "GALLERY_PAGE_SIZE", 3)
    call = call_page(landing)
    published_submission(call, published_title="Piece 0", pictures=1)
    client = Client()
    client.get(call.url)
    with django_assert_max_num_queries(60) as few:
        client.get(call.url)
    baseline = len(few.captured_queries)
    for n in range(1, 5):
        published_submission(call, published_title=f"Piece {n}", pictures=1)
    pages = []
    for url in (call.url, call.url + "?page=2"):
        client.get(url)  # the renditions for the new pictures
        with django_assert_max_num_queries(baseline):
            response = client.get(url)
        pages.append(BeautifulSoup(response.content, "html.parser"))
    titles = [[h.get_text(strip=True) for h in soup.select(".gallery__title")] for soup in pages]
    assert titles == [["Piece 0", "Piece 1", "Piece 2"], ["Piece 3", "Piece 4"]]
    nav = pages[0].select_one(".gallery nav.pagination")
    assert nav["aria-label"] == "Pages of results"
    assert nav.select_one('[aria-current="page"]').get_text(strip=True) == "Page 1 of 2"
    assert nav.select_one('a[rel="next"]')["href"] == "?page=2"
    assert pages[1].select_one('.gallery a[rel="prev"]')["href"] == "?page=1"


def test_the_listing_costs_the_same_queries_as_calls_are_added(
    landing, django_assert_max_num_queries
):
    call_page(landing)
    closed_call(landing)
    client = Client()
    client.get(landing.url)
    with django_assert_max_num_queries(60) as few:
        client.get(landing.url)
    baseline = len(few.captured_queries)
    for _ in range(3):
        call_page(landing)
        closed_call(landing)
    with django_assert_max_num_queries(baseline):
        response = client.get(landing.url)
    assert response.content.decode().count("card--call") == 8


def test_publishing_retires_the_cached_call_page(landing):
    from django.db import DEFAULT_DB_ALIAS, connections

    def commit():
        connection = connections[DEFAULT_DB_ALIAS]
        pending, connection.run_on_commit = connection.run_on_commit, []
        for _, callback, _ in pending:
            callback()

    store.forget_process_state()
    call = call_page(landing)
    submission = sent_submission(call, published_text="Zebrafresh words.", pictures=0)
    commit()
    warming.warm(store.bump_generation())
    generation = store.read_generation()
    submission.save_revision().publish()
    commit()
    assert store.read_generation() != generation
    assert "Zebrafresh words." in Client().get(call.url).content.decode()
    store.forget_process_state()
