"""/search/: every published page, the library's filters, ranking, help first,
editors' pins, "Did you mean", noindex, and nothing stored about the searcher."""

from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

import pytest
from bs4 import BeautifulSoup

from home.factories import (
    AudienceFactory,
    ContentPageFactory,
    ImageFactory,
    TopicFactory,
)
from home.models import SafetySettings
from home.search import SEARCH_PAGE_SIZE
from resources.factories import FormatFactory, ResourceIndexPageFactory, ResourcePageFactory

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("search"), params)
    return response, BeautifulSoup(response.content, "html.parser")


def result_titles(soup):
    return [link.get_text(strip=True) for link in soup.select(".search-results .card__link")]


@pytest.fixture
def site_pages(home_page):
    young = AudienceFactory(slug="young-people", name="Young people")
    parents = AudienceFactory(slug="parents-and-carers", name="Parents and carers")
    gaming = TopicFactory(slug="online-safety", name="Online safety")
    poster = FormatFactory(slug="poster", name="Poster")
    guide = FormatFactory(slug="guide", name="Guide")
    library = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    ResourcePageFactory(
        parent=library,
        title="Gaming with friends poster",
        audiences=[young],
        topics=[gaming],
        format=poster,
        easy_read=True,
    )
    ResourcePageFactory(
        parent=library,
        title="Gaming: a guide for parents",
        audiences=[parents],
        topics=[gaming],
        format=guide,
    )
    page = ContentPageFactory(parent=home_page, title="Gaming and chat at home")
    page.audiences.set([parents])
    page.save()
    return library


# --- Covering every page, with the library's filters ------------------------------


def test_finds_resources_and_other_pages(client, site_pages):
    response, soup = search(client, q="gaming")
    assert response.status_code == 200
    assert set(result_titles(soup)) == {
        "Gaming with friends poster",
        "Gaming: a guide for parents",
        "Gaming and chat at home",
    }
    # A resource shows as a resource card; another page as a plain card.
    poster = soup.find("a", string="Gaming with friends poster").find_parent("li")
    assert "card--resource" in poster["class"]
    assert "Easy Read" in poster.get_text()


@pytest.mark.parametrize(
    "filters, expected",
    [
        (
            {"audience": "parents-and-carers"},
            {"Gaming: a guide for parents", "Gaming and chat at home"},
        ),
        ({"audience": "young-people"}, {"Gaming with friends poster"}),
        ({"topic": "online-safety"}, {"Gaming with friends poster", "Gaming: a guide for parents"}),
        ({"format": "guide"}, {"Gaming: a guide for parents"}),
        (
            {"format": ["guide", "poster"]},
            {"Gaming: a guide for parents", "Gaming with friends poster"},
        ),
        ({"easy_read": "yes"}, {"Gaming with friends poster"}),
        ({"audience": "parents-and-carers", "format": "guide"}, {"Gaming: a guide for parents"}),
        ({"audience": "young-people", "format": "guide"}, set()),
    ],
)
def test_the_librarys_filters_apply_to_search(client, site_pages, filters, expected):
    response, soup = search(client, q="gaming", **filters)
    assert response.status_code == 200
    assert set(result_titles(soup)) == expected


def test_search_counts_each_option_against_the_other_filters(client, site_pages):
    _, soup = search(client, q="gaming", audience="parents-and-carers")
    found = {}
    for box in soup.select('input[name="format"], input[name="audience"]'):
        label = soup.select_one(f'label[for="{box["id"]}"] .filter-option__count')
        found[box["value"]] = int(label.get_text(" ", strip=True).strip("()").split()[0])
    assert found == {"guide": 1, "young-people": 1, "parents-and-carers": 2}


def test_a_bad_filter_is_explained_not_an_error(client, site_pages):
    response, soup = search(client, q="gaming", format="nonsense")
    assert response.status_code == 400
    assert (
        "We do not have the choice “nonsense” here."
        in soup.select_one("#search-format-error").get_text()
    )
    assert len(result_titles(soup)) == 3


def test_filters_in_use_can_be_removed_and_keep_the_words(client, site_pages):
    _, soup = search(client, q="gaming", audience="parents-and-carers", format="guide")
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".active-filters__link")}
    assert links["Remove the filter Format: Guide ×"] == "?q=gaming&audience=parents-and-carers"
    assert links["Clear all filters"] == "?q=gaming"


def test_search_pages_keep_words_and_filters(client, home_page):
    for n in range(SEARCH_PAGE_SIZE + 2):
        page = ContentPageFactory(parent=home_page, title=f"Staying safe online {n}")
        page.audiences.set([AudienceFactory(slug="parents-and-carers", name="Parents")])
        page.save()
    _, soup = search(client, q="online", audience="parents-and-carers")
    assert len(result_titles(soup)) == SEARCH_PAGE_SIZE
    assert soup.select_one(".pagination a[rel=next]")["href"] == (
        "?q=online&audience=parents-and-carers&page=2"
    )
    _, second = search(client, q="online", audience="parents-and-carers", page=2)
    assert len(result_titles(second)) == 2


# --- Ranking ----------------------------------------------------------------------


def test_titles_then_summaries_rank_above_body_text(client, home_page):
    library = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    body = [
        {"type": "paragraph", "value": "<p>" + "Sleepovers, sleepovers, sleepovers. " * 8 + "</p>"}
    ]
    ContentPageFactory(parent=home_page, title="Staying with friends", body=body)
    ResourcePageFactory(
        parent=library, title="A night away", summary="What to pack for sleepovers."
    )
    ContentPageFactory(parent=home_page, title="Sleepovers")
    _, soup = search(client, q="sleepovers")
    assert result_titles(soup) == ["Sleepovers", "A night away", "Staying with friends"]


# --- "Did you mean …?" --------------------------------------------------------------


def test_a_typo_that_finds_nothing_offers_the_sites_own_word(client, site_pages):
    _, soup = search(client, q="gamng", audience="young-people")
    suggestion = soup.select_one(".search-suggestion a")
    assert suggestion.get_text() == "gaming"
    assert suggestion["href"] == "?q=gaming&audience=young-people"


def test_topic_names_are_part_of_the_vocabulary(client, site_pages):
    TopicFactory(slug="grooming", name="Grooming")
    _, soup = search(client, q="groming")
    assert soup.select_one(".search-suggestion a").get_text() == "grooming"


def test_no_suggestion_when_the_words_find_pages(client, site_pages):
    _, soup = search(client, q="gaming")
    assert soup.select_one(".search-suggestion") is None


# --- Help first ---------------------------------------------------------------------


@pytest.fixture
def help_page(home_page):
    page = ContentPageFactory(parent=home_page, title="Get help now", slug="get-help")
    settings = SafetySettings.for_site(home_page.get_site())
    settings.get_help_page = page
    settings.save()
    ContentPageFactory(parent=home_page, title="Feeling scared online")
    return page


@pytest.mark.parametrize(
    "words",
    [
        "help",
        "I am scared",
        "SCARED",
        "someone groomed me",
        "i want to run away",
        "abuse",
        "he hurt me",
        "i feel unsafe",
        "i want to kill myself",
        "scard",
        "groomd",
    ],
)
def test_crisis_words_show_the_get_help_page_first(client, help_page, words):
    _, soup = search(client, q=words)
    first_section = soup.select_one("main section")
    assert "search-help" in first_section["class"]
    link = first_section.select_one(".card__link")
    assert link.get_text(strip=True) == "Get help now"
    assert link["href"] == "/get-help/"
    # It is not listed again among the results.
    assert "Get help now" not in result_titles(soup)
    # It comes before the search form and its filters, the first thing under the heading.
    html = str(soup)
    assert html.index('class="search-help"') < html.index('class="search-page"')


def test_help_comes_first_even_with_filters_that_match_nothing(client, help_page):
    AudienceFactory(slug="schools", name="Schools")
    _, soup = search(client, q="scared", audience="schools")
    assert soup.select_one(".search-help .card__link").get_text(strip=True) == "Get help now"


@pytest.mark.parametrize("words", ["lesson plans", "helpline", "gaming", "scarf"])
def test_other_words_do_not_show_the_help_section(client, help_page, words):
    _, soup = search(client, q=words)
    assert soup.select_one(".search-help") is None


def test_editors_change_the_crisis_words(client, help_page):
    settings = SafetySettings.for_site(help_page.get_site())
    settings.crisis_search_terms = "worried\nsomething happened"
    settings.save()
    assert search(client, q="I am worried")[1].select_one(".search-help") is not None
    assert search(client, q="something happened to me")[1].select_one(".search-help")
    assert search(client, q="scared")[1].select_one(".search-help") is None


def test_the_default_crisis_words_are_data(home_page):
    terms = SafetySettings.for_site(home_page.get_site()).crisis_terms()
    for word in ("help", "scared", "groomed", "run away", "abuse", "hurt", "unsafe", "kill myself"):
        assert word in terms


def test_the_demo_settings_set_the_crisis_words():
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parents[2] / "home/demo_content/settings.yaml"
    spec = yaml.safe_load(path.read_text())["settings"]["home.SafetySettings"]
    assert "run away" in spec["crisis_search_terms"].splitlines()


def test_an_unpublished_help_page_is_not_shown(client, help_page):
    help_page.unpublish()
    _, soup = search(client, q="scared")
    assert soup.select_one(".search-help") is None


# --- Editors' pins ----------------------------------------------------------------


def test_editors_pin_pages_to_words(client, site_pages, home_page):
    pinned = ContentPageFactory(parent=home_page, title="Our gaming advice, in one place")
    query = Query.objects.create(query_string="gaming")
    SearchPromotion.objects.create(
        query=query, page=pinned, sort_order=0, description="Start here."
    )
    _, soup = search(client, q="Gaming")
    promoted = soup.select_one(".search-promoted")
    assert [a.get_text(strip=True) for a in promoted.select(".card__link")] == [
        "Our gaming advice, in one place"
    ]
    assert "Start here." in promoted.get_text()
    assert "Our gaming advice, in one place" not in result_titles(soup)
    # Other words show no pins.
    assert search(client, q="chat")[1].select_one(".search-promoted") is None


def test_a_pinned_draft_is_not_shown(client, site_pages, home_page):
    draft = ContentPageFactory(parent=home_page, title="Gaming draft", live=False)
    SearchPromotion.objects.create(query=Query.objects.create(query_string="gaming"), page=draft)
    _, soup = search(client, q="gaming")
    assert soup.select_one(".search-promoted") is None


def test_editors_find_promoted_results_in_the_admin(admin_client):
    response = admin_client.get(reverse("wagtailsearchpromotions:index"))
    assert response.status_code == 200
    assert (
        reverse("wagtailsearchpromotions:index")
        in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )


# --- Not indexed, not remembered -------------------------------------------------------


@pytest.mark.parametrize("params", [{}, {"q": "gaming"}, {"q": "nothing-here"}, {"q": "x" * 120}])
def test_search_pages_are_noindex(client, site_pages, params):
    _, soup = search(client, **params)
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex, follow"


def test_search_terms_are_stored_without_anything_about_the_searcher(client, site_pages):
    address = "203.0.113.77"
    client.cookies["sessionid"] = "a-session-key-that-must-not-be-stored"
    response = client.get(
        reverse("search"),
        {"q": "Gaming"},
        REMOTE_ADDR=address,
        HTTP_USER_AGENT="Agent-That-Must-Not-Be-Stored",
    )
    assert response.status_code == 200
    # No session is made or kept (Django only clears the unknown session cookie).
    assert [morsel.value for morsel in response.cookies.values()] in ([], [""])
    term = Query.objects.get()
    assert term.query_string == "gaming"
    assert [(hit.date, hit.hits) for hit in QueryDailyHits.objects.all()] == [
        (QueryDailyHits.objects.get().date, 1)
    ]
    # Only the words and a daily count: the models hold nothing else.
    assert {f.name for f in Query._meta.concrete_fields} == {"id", "query_string"}
    assert {f.name for f in QueryDailyHits._meta.concrete_fields} == {"id", "query", "date", "hits"}
    # And nothing anywhere in the database holds the address, the agent or the cookie.
    for secret in (address, "Agent-That-Must-Not-Be-Stored", "a-session-key-that-must-not"):
        for model in apps.get_models():
            for model_field in model._meta.concrete_fields:
                if isinstance(model_field, (models.CharField, models.TextField)):
                    lookup = {f"{model_field.name}__contains": secret}
                    assert not model._default_manager.filter(**lookup).exists(), (
                        f"{model.__name__}.{model_field.name} holds {secret}"
                    )


def test_a_second_search_adds_to_the_days_count(client, site_pages):
    search(client, q="gaming")
    search(client, q="  GAMING ")
    assert QueryDailyHits.objects.get().hits == 2


@pytest.mark.parametrize("words", ["call me on 07700 900123", "jo@example.org", "born 2011"])
def test_searches_with_numbers_or_addresses_are_not_stored(client, site_pages, words):
    search(client, q=words)
    assert not Query.objects.exists()


def test_recording_can_be_turned_off(client, site_pages, settings):
    settings.SEARCH_RECORD_TERMS = False
    search(client, q="gaming")
    assert not Query.objects.exists()


def test_looking_up_pins_stores_nothing(client, site_pages, settings):
    settings.SEARCH_RECORD_TERMS = False
    search(client, q="never stored")
    assert not Query.objects.exists()


# --- Queries -------------------------------------------------------------------------


def test_search_costs_the_same_at_5_and_200_results(
    client, home_page, help_page, django_assert_max_num_queries
):
    young = AudienceFactory(slug="young-people", name="Young people")
    poster = FormatFactory(slug="poster", name="Poster")
    topic = TopicFactory(slug="online-safety", name="Online safety")
    library = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    pictures = [ImageFactory() for _ in range(3)]

    def add(start, stop):
        for n in range(start, stop):
            if n % 4:
                ResourcePageFactory(
                    parent=library,
                    title=f"Gaming poster {n}",
                    audiences=[young],
                    topics=[topic],
                    format=poster,
                    image=pictures[n % 3],
                    easy_read=n % 2 == 0,
                )
            else:
                page = ContentPageFactory(parent=home_page, title=f"Gaming page {n}")
                page.audiences.set([young])
                page.save()

    urls = [
        reverse("search") + "?q=gaming",
        reverse("search") + "?q=gaming&audience=young-people&topic=online-safety",
        reverse("search") + "?q=gaming&format=poster&easy_read=yes&page=2",
    ]
    add(0, 5)
    at_five = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        at_five[url] = len(captured)
    add(5, 200)
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(at_five[url]):
            response = client.get(url)
        soup = BeautifulSoup(response.content, "html.parser")
        assert len(result_titles(soup)) == SEARCH_PAGE_SIZE, url


# --- Searches that found nothing (Reports → "Searches that found nothing") -----------


def unanswered():
    from home.models import UnansweredSearch

    return sorted(UnansweredSearch.objects.values_list("query_string", "count"))


def test_a_search_that_found_nothing_is_counted_by_its_words(client, site_pages):
    from django.utils import timezone

    from home.models import UnansweredSearch

    search(client, q="Knife  CRIME")
    search(client, q="knife crime")
    search(client, q="gaming")  # found pages: not counted
    assert unanswered() == [("knife crime", 2)]
    row = UnansweredSearch.objects.get()
    assert row.day == timezone.localdate()
    # Only the words and a daily count.
    assert {f.name for f in UnansweredSearch._meta.concrete_fields} == {
        "id",
        "query_string",
        "day",
        "count",
    }


@pytest.mark.parametrize("words", ["call me on 07700 900123", "jo@example.org", "born 2011"])
def test_unanswered_searches_with_numbers_or_addresses_are_not_stored(client, site_pages, words):
    search(client, q=words)
    assert unanswered() == []


def test_unanswered_searches_are_counted_on_the_first_page_only(client, site_pages):
    search(client, q="knife crime", page="2")
    search(client, q="knife crime", page="7")
    assert unanswered() == []
    search(client, q="knife crime", page="1")
    assert unanswered() == [("knife crime", 1)]


def test_unanswered_recording_follows_the_setting(client, site_pages, settings):
    settings.SEARCH_RECORD_TERMS = False
    search(client, q="knife crime")
    assert unanswered() == []


def test_a_search_the_help_page_answered_is_not_unanswered(client, help_page):
    # "abuse" finds no page by its words, but the "Get help now" page is shown.
    _, soup = search(client, q="abuse")
    assert soup.select_one(".search-help .card__link").get_text(strip=True) == "Get help now"
    assert unanswered() == []


def test_a_search_an_editor_pinned_a_page_to_is_not_unanswered(client, site_pages, home_page):
    pinned = ContentPageFactory(parent=home_page, title="Staying safe at the park")
    SearchPromotion.objects.create(
        query=Query.objects.create(query_string="knife crime"), page=pinned, sort_order=0
    )
    search(client, q="knife crime")
    assert unanswered() == []


def test_a_search_narrowed_to_nothing_by_filters_is_not_unanswered(client, site_pages):
    _, soup = search(client, q="gaming", format="poster", audience="parents-and-carers")
    assert result_titles(soup) == []
    assert unanswered() == []


def test_an_unanswered_search_is_counted_in_the_database(client, site_pages):
    """The count goes up in the database's own arithmetic (F()), so two searches at
    once cannot both write the same new number."""
    from home.search import record_unanswered_search

    record_unanswered_search("knife crime")
    with CaptureQueriesContext(connection) as captured:
        record_unanswered_search("knife crime")
    updates = [query["sql"] for query in captured if query["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"count" = ("home_unansweredsearch"."count" + 1)' in updates[0]
    record_unanswered_search("knife crime")
    assert unanswered() == [("knife crime", 3)]


# --- Work that does not grow with the square of the matches ---------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite full-text backend only")
def test_sqlite_ranks_with_one_full_text_match_in_the_backends_order(home_page):
    """The SQLite backend scores each match through a subquery that runs the
    full-text match again for every matching page (work growing with the square
    of the matches). The site's ranking runs the match once and gives exactly
    the backend's order."""
    from wagtail.models import Site

    from home.models import visible_pages
    from home.search import MAX_RESULTS, ranked_page_ids

    library = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    for n in range(12):
        ResourcePageFactory(
            parent=library,
            title=f"Gaming {'friends ' * (n % 3)}{n}",
            summary="Gaming " * (n % 4 + 1),
        )
    ContentPageFactory(parent=home_page, title="Gaming for grown-ups")
    hidden = ContentPageFactory(parent=home_page, title="Gaming draft")
    hidden.unpublish()
    site = Site.objects.get(is_default_site=True)
    pages = visible_pages(site).only("pk")
    for words in ["gaming", "gaming friends", "friends"]:
        backend_order = [page.pk for page in pages.search(words, operator="and")[:MAX_RESULTS]]
        with CaptureQueriesContext(connection) as captured:
            ranked = ranked_page_ids(words, site)
        assert hidden.pk not in ranked
        matching = [q["sql"] for q in captured.captured_queries if " MATCH " in q["sql"]]
        assert len(matching) == 1 and matching[0].count(" MATCH ") == 1, words
        # The same pages in the backend's order before titles and summaries go first.
        from home.search import _sqlite_ranked_ids

        assert _sqlite_ranked_ids(pages.search(words, operator="and"), pages, MAX_RESULTS) == (
            backend_order
        )
        assert sorted(ranked) == sorted(backend_order)


def test_the_ranked_ids_are_the_backends_read_as_ids_alone(home_page):
    """The matches are read as ids in the backend's own order and cut, without
    loading each page (on PostgreSQL, with the whole text it was matched on):
    the same ids as iterating the results, in the same order."""
    from wagtail.models import Site

    from home.models import visible_pages
    from home.search import _ranked_ids

    library = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    for n in range(14):
        ResourcePageFactory(
            parent=library,
            title=f"Gaming {'friends ' * (n % 3)}{n}",
            summary="Gaming and friends " * (n % 4 + 1),
        )
    ContentPageFactory(parent=home_page, title="Gaming for grown-ups")
    pages = visible_pages(Site.objects.get(is_default_site=True)).only("pk")
    for words, limit in [("gaming", 500), ("gaming", 5), ("gaming friends", 500), ("friends", 3)]:
        results = pages.search(words, operator="and")
        expected = [page.pk for page in results[:limit]]
        with CaptureQueriesContext(connection) as captured:
            ids = _ranked_ids(pages.search(words, operator="and"), limit)
        assert ids == expected and ids, words
        assert len(captured) == 1
        # Only the ids are read: no title, no search vector.
        selected = captured.captured_queries[0]["sql"].split(" FROM ", 1)[0]
        assert '"title"' not in selected and "_vector_" not in selected, selected


def test_pins_are_kept_for_the_generation_until_an_editor_changes_them(
    client, site_pages, home_page
):
    from home.page_cache.store import current_generation
    from tests.home.test_chrome import commit

    pinned = ContentPageFactory(parent=home_page, title="Our gaming advice, in one place")
    commit()
    current_generation()  # as after a deploy: the pins are then kept
    assert search(client, q="gaming")[1].select_one(".search-promoted") is None
    words, _ = Query.objects.get_or_create(query_string="gaming")  # counted by the search
    promotion = SearchPromotion.objects.create(query=words, page=pinned, sort_order=0)
    commit()  # saving a pin retires what was kept, as it commits
    promoted = search(client, q="gaming")[1].select_one(".search-promoted")
    assert promoted is not None
    assert "Our gaming advice, in one place" in promoted.get_text()
    promotion.delete()
    commit()
    assert search(client, q="gaming")[1].select_one(".search-promoted") is None
