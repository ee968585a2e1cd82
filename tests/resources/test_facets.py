"""The facet index (home/facets.py) gives the library and search exactly what the
database gives them: the same pages in the same order, the same counts, on
factory data with drafts, private pages, a second library and a second Site.

Each comparison renders or computes a listing twice, once from the index the
warmer built and once from the database (no index for the generation), over
many filter combinations drawn with a fixed seed.
"""

import datetime
import itertools
import random

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from home.facets import (
    SEARCH_PART,
    SEARCH_SCOPE,
    build_facet_index,
    build_facet_indexes,
    facet_key,
    read_facet_index,
)
from home.factories import (
    AgeBandFactory,
    AudienceFactory,
    ContentPageFactory,
    HomePageFactory,
    TopicFactory,
)
from home.filters import FilterForm, get_filters
from home.models import visible_pages
from home.page_cache.store import bump_generation, current_generation
from resources.factories import FormatFactory, ResourceIndexPageFactory, ResourcePageFactory
from resources.library import LIBRARY_PAGE_SIZE, LIBRARY_SCOPE, library_resources
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db

SEED = 20261126
WORDS = ["gaming", "secrets", "friends", "online", "trusted"]


def seeded(offset):
    """The same draw on every run and every xdist worker: no secret involved."""
    return random.Random(SEED + offset)  # noqa: S311


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="not-for-readers"
    )


@pytest.fixture
def world(home_page):
    """A library of 40 resources with random choices (some sharing a publishing
    time or a title, so the tie-breaks count), drafts, private resources, a
    second library, content pages for search and a second Site."""
    rng = seeded(0)
    taxonomy = {
        "audience": [AudienceFactory(slug=s, name=s.title()) for s in ("young", "parents", "pros")],
        "age": [
            AgeBandFactory(slug=s, name=s, min_age=a, max_age=b)
            for s, a, b in (("4-7", 4, 7), ("8-10", 8, 10), ("11-13", 11, 13))
        ],
        "topic": [TopicFactory(slug=s, name=s.title()) for s in ("grooming", "online", "consent")],
        "format": [FormatFactory(slug=s, name=s.title()) for s in ("poster", "guide", "quiz")],
    }
    times = [timezone.now() - datetime.timedelta(days=d) for d in (1, 2, 3)]
    library = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    other_library = ResourceIndexPageFactory(parent=home_page, title="Archive", slug="archive")

    def resource(parent, n):
        return ResourcePageFactory(
            parent=parent,
            slug=f"r-{n}",
            title=f"{rng.choice(WORDS).title()} {rng.choice(['poster', 'guide', 'page'])} {n % 7}",
            audiences=rng.sample(taxonomy["audience"], rng.randint(0, 2)),
            age_bands=rng.sample(taxonomy["age"], rng.randint(0, 2)),
            topics=rng.sample(taxonomy["topic"], rng.randint(0, 3)),
            format=rng.choice(taxonomy["format"]),
            easy_read=rng.random() < 0.3,
            first_published_at=rng.choice(times),
        )

    for n in range(40):
        resource(library, n)
    for n in range(2):
        resource(library, 100 + n).unpublish()
    for n in range(2):
        restrict(resource(library, 200 + n))
    for n in range(5):
        resource(other_library, 300 + n)
    for word in WORDS:
        page = ContentPageFactory(parent=home_page, title=f"About {word}")
        page.topics.set(rng.sample(taxonomy["topic"], 1))
        page.save()
    private_content = ContentPageFactory(parent=home_page, title="About gaming, private")
    restrict(private_content)

    other_home = HomePageFactory(parent=home_page.get_parent(), slug="other", title="Other")
    other_site = Site.objects.create(hostname="other.example", root_page=other_home)
    other_site_library = ResourceIndexPageFactory(
        parent=other_home, title="Resources", slug="resources"
    )
    for n in range(3):
        resource(other_site_library, 400 + n)
    return {
        "taxonomy": taxonomy,
        "library": library,
        "other_library": other_library,
        "site": home_page.get_site(),
        "other_site": other_site,
    }


def combinations(world, count):
    """`count` query strings, drawn with a fixed seed: OR within a group, AND across."""
    rng = seeded(1)
    values = {name: [term.slug for term in terms] for name, terms in world["taxonomy"].items()}
    values["easy_read"] = ["yes"]
    queries = [""]
    for _ in range(count - 1):
        params = []
        for name, options in values.items():
            if rng.random() < 0.5:
                params += [
                    (name, value)
                    for value in rng.sample(options, rng.randint(1, min(2, len(options))))
                ]
        if rng.random() < 0.1:
            params.append(("topic", "no-such-topic"))  # a bad choice still lets the rest apply
        if rng.random() < 0.3:
            params.append(("page", str(rng.randint(1, 4))))
        queries.append("&".join(f"{name}={value}" for name, value in params))
    return queries


def warm_indexes():
    """What the warmer does for a generation: build every registered listing's index."""
    generation = current_generation()
    return generation, build_facet_indexes(generation, Site.objects.order_by("pk"))


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60 * 60


# --- The index against the database, directly --------------------------------


def test_the_index_lists_what_the_database_lists_in_the_same_order(world):
    for site, library in (
        (world["site"], world["library"]),
        (world["site"], world["other_library"]),
    ):
        resources = library_resources(library, site)
        index = build_facet_index(resources, get_filters())
        expected = list(
            resources.order_by("-first_published_at", "title", "pk").values_list("pk", flat=True)
        )
        assert list(index.ids) == expected
        # Not the drafts, the private ones, or another library's.
        assert len(expected) == (40 if library is world["library"] else 5)


def test_counts_and_matches_agree_with_the_database_for_many_combinations(world):
    resources = library_resources(world["library"], world["site"])
    index = build_facet_index(resources, get_filters())
    ordered = resources.order_by("-first_published_at", "title", "pk")
    compared = 0
    for query in combinations(world, 150):
        form = FilterForm(_get(query))
        form.is_valid()
        assert index.covers(form)
        from_db = list(form.apply(ordered).values_list("pk", flat=True))
        assert list(index.listed(index.matching(form.selected()))) == from_db, query
        assert form.index_groups(index) == form.groups(resources), query
        compared += bool(form.selected())
    assert compared > 100  # most combinations filter something


def test_search_counts_agree_with_the_database_among_any_set_of_matches(world):
    """Search counts the filters among the pages the words found (any ids of the
    Site's visible pages): the index, given those pages, counts the same."""
    site = world["site"]
    pages = visible_pages(site)
    index = build_facet_index(pages, get_filters())
    position = index.positions()
    rng = seeded(2)
    all_ids = list(index.ids)
    for query in combinations(world, 60):
        found = rng.sample(all_ids, rng.randint(0, len(all_ids)))
        form = FilterForm(_get(query))
        form.is_valid()
        within = sum(1 << position[pk] for pk in found)
        in_results = pages.model.objects.filter(pk__in=found)
        assert form.index_groups(index, within) == form.groups(in_results), query
        wanted = index.matching(form.selected(), within=within)
        expected = set(form.apply(in_results).values_list("pk", flat=True))
        assert {pk for pk in found if (wanted >> position[pk]) & 1} == expected, query


def _get(query):
    return RequestFactory().get(f"/resources/?{query}").GET


# --- Through the whole stack ---------------------------------------------------


def render_library(client, queries):
    pages = {}
    for query in queries:
        response = client.get(f"/resources/?{query}")
        assert response.status_code == 200
        pages[query] = response.content.decode()
    return pages


def test_the_library_page_is_the_same_with_and_without_the_index(client, world, page_cache_on):
    queries = combinations(world, 40)
    _generation, stored = warm_indexes()
    library_key = facet_key(_generation, world["site"].pk, LIBRARY_SCOPE, world["library"].pk)
    assert library_key in stored
    with CaptureQueriesContext(connection) as with_index_queries:
        with_index = render_library(client, queries)
    bump_generation()  # a new generation, with no index: the database answers
    assert read_facet_index(world["site"], LIBRARY_SCOPE, world["library"].pk) is None
    with CaptureQueriesContext(connection) as from_db_queries:
        from_db = render_library(client, queries)
    for query in queries:
        assert with_index[query] == from_db[query], query
    # The index really answered: no counting in the database with it.
    assert not [q for q in with_index_queries if "COUNT(" in q["sql"].upper()]
    assert [q for q in from_db_queries if "COUNT(" in q["sql"].upper()]
    titles = BeautifulSoup(with_index[""], "html.parser").select(".library__results .card__link")
    assert len(titles) == LIBRARY_PAGE_SIZE


def test_each_library_and_each_site_has_its_own_index(client, world, page_cache_on):
    generation, stored = warm_indexes()
    site, other_site = world["site"], world["other_site"]
    assert len(read_facet_index(site, LIBRARY_SCOPE, world["library"].pk).ids) == 40
    assert len(read_facet_index(site, LIBRARY_SCOPE, world["other_library"].pk).ids) == 5
    other_library = other_site.root_page.get_children().get().pk
    assert len(read_facet_index(other_site, LIBRARY_SCOPE, other_library).ids) == 3
    # A Site's search index holds its own visible pages only.
    search_ids = set(read_facet_index(site, SEARCH_SCOPE, SEARCH_PART).ids)
    assert search_ids == set(visible_pages(site).values_list("pk", flat=True))
    assert not search_ids & set(
        other_site.root_page.get_descendants(inclusive=True).values_list("pk", flat=True)
    )
    assert len(stored) == 2 + 3  # search on each Site, and three libraries


def search_pages(client, queries):
    pages = {}
    for query in queries:
        response = client.get(f"/search/?{query}")
        assert response.status_code in (200, 400)
        pages[query] = response.content.decode()
    return pages


def test_search_is_the_same_with_and_without_the_index(client, world, page_cache_on, settings):
    settings.SEARCH_RATE_LIMIT = "1000/m"
    rng = seeded(3)
    queries = [
        f"q={word}" + (f"&{filters}" if filters else "")
        for word, filters in zip(
            itertools.cycle(WORDS + ["poster", "guide"]), combinations(world, 30), strict=False
        )
    ]
    queries += [f"q={rng.choice(WORDS)}&page=2"]
    warm_indexes()
    with CaptureQueriesContext(connection) as with_index_queries:
        with_index = search_pages(client, queries)
    bump_generation()
    with CaptureQueriesContext(connection) as from_db_queries:
        from_db = search_pages(client, queries)
    for query in queries:
        assert with_index[query] == from_db[query], query
    counted = "GROUP BY"
    assert not [q for q in with_index_queries if counted in q["sql"].upper()]
    assert [q for q in from_db_queries if counted in q["sql"].upper()]


# --- Who builds it -------------------------------------------------------------


def test_a_readers_request_never_builds_or_stores_an_index(client, world, page_cache_on):
    generation = current_generation()
    client.get("/resources/?topic=grooming")
    client.get("/search/?q=gaming&topic=grooming")
    for scope, part in ((LIBRARY_SCOPE, world["library"].pk), (SEARCH_SCOPE, SEARCH_PART)):
        assert cache.get(facet_key(generation, world["site"].pk, scope, part)) is None
        assert read_facet_index(world["site"], scope, part) is None


def test_the_warmer_builds_the_indexes_before_any_page(world, page_cache_on):
    from home.page_cache.warming import begin_warm

    report, sites = begin_warm()
    assert not report.skipped
    assert read_facet_index(world["site"], LIBRARY_SCOPE, world["library"].pk) is not None
    assert read_facet_index(world["site"], SEARCH_SCOPE, SEARCH_PART) is not None


def commit():
    """What committing the test's transaction would run (as tests/home/test_page_cache.py
    does: the page cache retires pages once per transaction, on commit)."""
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


def test_a_change_retires_the_index(world, page_cache_on):
    commit()  # the fixtures' own changes
    warm_indexes()
    assert read_facet_index(world["site"], LIBRARY_SCOPE, world["library"].pk) is not None
    ResourcePage.objects.filter(live=True).first().save_revision().publish()
    commit()
    assert read_facet_index(world["site"], LIBRARY_SCOPE, world["library"].pk) is None


def test_an_index_is_read_once_per_process_and_generation(world, page_cache_on, monkeypatch):
    """An index of 10,000 pages is a large value: each process reads it from the
    shared cache once per generation and keeps it (a change retires it, above)."""
    commit()
    warm_indexes()
    keys = []
    get = cache.get

    def recording_get(key, *args, **kwargs):
        keys.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", recording_get)
    first = read_facet_index(world["site"], SEARCH_SCOPE, SEARCH_PART)
    assert read_facet_index(world["site"], SEARCH_SCOPE, SEARCH_PART) is first
    assert len([key for key in keys if key.startswith("facets:")]) == 1
    assert first.positions() is first.positions()


def test_a_retirement_this_process_could_not_announce_stops_it_using_the_index(
    world, page_cache_on
):
    """A change whose bump failed (the cache was down at its commit) leaves the
    old generation in place: until the bump succeeds, count in the database."""
    from home.page_cache import store

    warm_indexes()
    store._pending["since"] = 1.0
    try:
        assert read_facet_index(world["site"], LIBRARY_SCOPE, world["library"].pk) is None
    finally:
        store.forget_process_state()
    assert read_facet_index(world["site"], LIBRARY_SCOPE, world["library"].pk) is not None
