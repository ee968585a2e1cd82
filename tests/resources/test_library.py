"""/resources/: filters alone and combined, counts, pages, the empty state, bad input, queries."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from home.factories import AgeBandFactory, AudienceFactory, ImageFactory, TopicFactory
from resources.factories import FormatFactory, ResourceIndexPageFactory, ResourcePageFactory
from resources.library import LIBRARY_PAGE_SIZE
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def taxonomy(db):
    return {
        "young": AudienceFactory(slug="young-people", name="Young people"),
        "parents": AudienceFactory(slug="parents-and-carers", name="Parents and carers"),
        "8-10": AgeBandFactory(slug="8-10", name="Ages 8 to 10", min_age=8, max_age=10),
        "11-13": AgeBandFactory(slug="11-13", name="Ages 11 to 13", min_age=11, max_age=13),
        "grooming": TopicFactory(slug="grooming", name="Grooming"),
        "online": TopicFactory(slug="online-safety", name="Online safety"),
        "poster": FormatFactory(slug="poster", name="Poster"),
        "guide": FormatFactory(slug="guide", name="Guide"),
    }


@pytest.fixture
def library(home_page, taxonomy):
    t = taxonomy
    index = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    ResourcePageFactory(
        parent=index,
        title="Secrets and surprises",
        audiences=[t["young"]],
        age_bands=[t["8-10"]],
        topics=[t["grooming"]],
        format=t["poster"],
        easy_read=True,
    )
    ResourcePageFactory(
        parent=index,
        title="Online friends",
        audiences=[t["young"]],
        age_bands=[t["11-13"]],
        topics=[t["online"]],
        format=t["guide"],
    )
    ResourcePageFactory(
        parent=index,
        title="Talking with your child",
        audiences=[t["parents"]],
        topics=[t["grooming"], t["online"]],
        format=t["guide"],
    )
    ResourcePageFactory(
        parent=index,
        title="The signs, on one page",
        audiences=[t["parents"]],
        topics=[t["grooming"]],
        format=t["poster"],
    )
    ResourcePageFactory(
        parent=index,
        title="Draft poster",
        audiences=[t["young"]],
        topics=[t["grooming"]],
        format=t["poster"],
        live=False,
    )
    return index


ALL = {
    "Secrets and surprises",
    "Online friends",
    "Talking with your child",
    "The signs, on one page",
}


def listing(client, query=""):
    response = client.get(f"/resources/{query}")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return {link.get_text(strip=True) for link in soup.select(".library__results .card__link")}


def counts(soup, group):
    found = {}
    for box in soup.select(f'input[name="{group}"]'):
        label = soup.select_one(f'label[for="{box["id"]}"] .filter-option__count')
        found[box["value"]] = int(label.get_text(" ", strip=True).strip("()").split()[0])
    return found


def test_lists_every_live_resource_with_its_card(client, library):
    soup = listing(client)
    assert titles(soup) == ALL
    assert soup.select_one("#library-results-title").get_text(" ", strip=True) == "All 4 resources"
    card = soup.find("a", string="Secrets and surprises").find_parent("li")
    assert [tag.get_text(strip=True) for tag in card.select(".card__tag")] == [
        "Poster",
        "Ages 8 to 10",
        "Easy Read",
    ]


def test_keeps_the_pages_intro(client, library):
    library.intro = "Materials for everyone, made with care."
    library.save_revision().publish()
    assert "Materials for everyone, made with care." in listing(client).get_text()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?audience=young-people", {"Secrets and surprises", "Online friends"}),
        ("?audience=parents-and-carers", {"Talking with your child", "The signs, on one page"}),
        ("?age=8-10", {"Secrets and surprises"}),
        ("?age=11-13", {"Online friends"}),
        (
            "?topic=grooming",
            {"Secrets and surprises", "Talking with your child", "The signs, on one page"},
        ),
        ("?topic=online-safety", {"Online friends", "Talking with your child"}),
        ("?format=poster", {"Secrets and surprises", "The signs, on one page"}),
        ("?format=guide", {"Online friends", "Talking with your child"}),
        ("?easy_read=yes", {"Secrets and surprises"}),
    ],
)
def test_each_filter_alone(client, library, query, expected):
    assert titles(listing(client, query)) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        # OR within a group
        ("?topic=grooming&topic=online-safety", ALL),
        ("?age=8-10&age=11-13", {"Secrets and surprises", "Online friends"}),
        ("?format=poster&format=guide", ALL),
        # AND across groups
        ("?audience=young-people&topic=grooming", {"Secrets and surprises"}),
        ("?audience=parents-and-carers&format=guide", {"Talking with your child"}),
        ("?topic=online-safety&format=guide&audience=young-people", {"Online friends"}),
        ("?age=8-10&easy_read=yes&format=poster", {"Secrets and surprises"}),
        (
            "?audience=young-people&audience=parents-and-carers&format=poster",
            {
                "Secrets and surprises",
                "The signs, on one page",
            },
        ),
    ],
)
def test_filters_combined(client, library, query, expected):
    assert titles(listing(client, query)) == expected


def test_counts_reflect_the_other_groups_but_not_their_own(client, library):
    soup = listing(client, "?audience=parents-and-carers")
    # Within the group the options are alternatives: each shows its own total.
    assert counts(soup, "audience") == {"young-people": 2, "parents-and-carers": 2}
    # Other groups count only what the audience filter leaves.
    assert counts(soup, "format") == {"poster": 1, "guide": 1}
    assert counts(soup, "topic") == {"grooming": 2, "online-safety": 1}
    # No parents' resource has an age band or is Easy Read: those options are left out.
    assert counts(soup, "age") == {}
    assert counts(soup, "easy_read") == {}
    assert soup.select_one("#library-results-title").get_text(" ", strip=True) == (
        "2 resources match your filters"
    )


def test_counts_with_no_filter_count_every_live_resource(client, library):
    soup = listing(client)
    assert counts(soup, "topic") == {"grooming": 3, "online-safety": 2}  # not the draft
    assert counts(soup, "easy_read") == {"yes": 1}
    assert counts(soup, "age") == {"8-10": 1, "11-13": 1}


def test_ticked_boxes_stay_ticked_and_their_group_open(client, library):
    soup = listing(client, "?topic=grooming&audience=parents-and-carers")
    assert soup.select_one('input[name="topic"][value="grooming"]').has_attr("checked")
    assert not soup.select_one('input[name="topic"][value="online-safety"]').has_attr("checked")
    topic_group = soup.select_one('input[name="topic"]').find_parent("details")
    assert topic_group.has_attr("open")
    format_group = soup.select_one('input[name="format"]').find_parent("details")
    assert not format_group.has_attr("open")


def test_the_form_is_a_plain_get_form_to_the_library(client, library):
    form = listing(client).select_one("form.library__filters")
    assert form["method"] == "get"
    assert form["action"] == "/resources/"
    assert form.select_one("button[type=submit]")


def test_each_filter_in_use_has_a_link_that_removes_it(client, library):
    soup = listing(client, "?topic=grooming&format=poster")
    links = {
        link.get_text(" ", strip=True): link["href"]
        for link in soup.select(".active-filters__link")
    }
    assert links["Remove the filter Topic: Grooming ×"] == "?format=poster"
    assert links["Remove the filter Format: Poster ×"] == "?topic=grooming"
    assert links["Clear all filters"] == "/resources/"


def test_pages_of_results_keep_the_filters(client, library, taxonomy):
    for n in range(LIBRARY_PAGE_SIZE * 2 + 3):
        ResourcePageFactory(parent=library, title=f"Extra poster {n:02}", format=taxonomy["poster"])
    first = listing(client, "?format=poster")
    assert len(titles(first)) == LIBRARY_PAGE_SIZE
    next_link = first.select_one(".pagination a[rel=next]")["href"]
    assert next_link == "?format=poster&page=2"
    assert "Page 1 of 3" in first.select_one(".pagination").get_text()
    last = listing(client, "?format=poster&page=3")
    assert len(titles(last)) == 2 + 27 - 2 * LIBRARY_PAGE_SIZE
    seen = set()
    for number in (1, 2, 3):
        seen |= titles(listing(client, f"?format=poster&page={number}"))
    assert len(seen) == 29  # every poster (27 here, 2 in the library) once
    # A page number past the end or not a number shows a real page, not an error.
    assert titles(listing(client, "?format=poster&page=99")) == titles(last)
    assert titles(listing(client, "?format=poster&page=two")) == titles(first)


def test_the_empty_state_suggests_what_to_try(client, library):
    soup = listing(client, "?audience=parents-and-carers&easy_read=yes")
    assert titles(soup) == set()
    text = soup.select_one(".empty-state").get_text(" ", strip=True)
    assert "Nothing matches all of these filters yet." in text
    assert "Remove a filter above, one at a time." in text
    links = {link.get_text(strip=True): link["href"] for link in soup.select(".empty-state a")}
    assert links["See all 4 resources"] == "/resources/"
    assert links["Search the whole site"] == "/search/"
    removals = [link["href"] for link in soup.select(".active-filters__link")]
    assert "?easy_read=yes" in removals and "?audience=parents-and-carers" in removals


def test_an_empty_library_says_so(client, home_page):
    ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    soup = listing(client)
    assert "There are no resources here yet." in soup.select_one(".empty-state").get_text()


@pytest.mark.parametrize(
    "query, group",
    [
        ("?topic=not-a-topic", "topic"),
        ("?easy_read=maybe", "easy_read"),
        ("?format=%3Cscript%3E", "format"),
    ],
)
def test_a_bad_choice_is_explained_and_the_rest_still_applies(client, library, query, group):
    soup = listing(client, query + "&audience=young-people")
    error = soup.select_one(f"#library-{group}-error")
    assert error is not None
    assert "We do not have the choice" in error.get_text()
    assert "Choose from the list, or clear the filters." in error.get_text()
    assert titles(soup) == {"Secrets and surprises", "Online friends"}
    assert soup.select_one(f"#library-{group}-error").find_parent("details").has_attr("open")


def test_a_bad_choice_is_escaped(client, library):
    html = client.get("/resources/?format=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_filtered_and_later_pages_are_not_indexed(client, library):
    def robots(query):
        return listing(client, query).select_one('meta[name="robots"]')["content"]

    assert robots("") == "index, follow"
    assert robots("?topic=grooming") == "noindex, follow"


def test_filter_fields_are_indexed():
    from home.models import BasePage
    from resources.models import ResourcePage

    for name in ("audiences", "age_bands", "topics"):
        through = BasePage._meta.get_field(name).remote_field.through
        indexed = {f.name for f in through._meta.fields if f.db_index or f.unique}
        assert {"basepage"} <= indexed, name  # the join tables index both sides
    for name in ("format", "easy_read"):
        assert ResourcePage._meta.get_field(name).db_index, name


# --- Queries -------------------------------------------------------------------

FILTERED = "?topic=grooming&age=8-10&age=11-13&format=poster&audience=young-people"
QUERIES = ["", FILTERED, FILTERED + "&easy_read=yes", FILTERED + "&page=2"]


def add_resources(library, taxonomy, pictures, start, stop):
    for n in range(start, stop):
        ResourcePageFactory(
            parent=library,
            title=f"Poster number {n}",
            audiences=[taxonomy["young"]],
            age_bands=[taxonomy["8-10"], taxonomy["11-13"]],
            topics=[taxonomy["grooming"], taxonomy["online"]],
            format=taxonomy["poster"],
            easy_read=n % 2 == 0,
            image=pictures[n % len(pictures)],
        )


def test_the_listing_costs_the_same_at_5_and_200_resources(
    client, home_page, taxonomy, django_assert_max_num_queries
):
    """Cards (with their pictures' renditions), counts and pages: a fixed number of queries."""
    index = ResourceIndexPageFactory(parent=home_page, title="Resources", slug="resources")
    pictures = [ImageFactory() for _ in range(LIBRARY_PAGE_SIZE)]
    add_resources(index, taxonomy, pictures, 0, 5)
    at_five = {}
    for query in QUERIES:
        client.get(f"/resources/{query}")  # warm the per-site caches
        # Wagtail also keeps renditions in the cache: empty it, so that only the
        # prefetch (one query for every card's picture) can keep the count down.
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            soup = listing(client, query)
        assert len(soup.select(".card__picture")) == len(titles(soup)) > 0
        at_five[query] = len(captured)
    add_resources(index, taxonomy, pictures, 5, 200)
    for query in QUERIES:
        client.get(f"/resources/{query}")
        cache.clear()
        with django_assert_max_num_queries(at_five[query]):
            soup = listing(client, query)
        assert len(titles(soup)) == LIBRARY_PAGE_SIZE, query
        assert len(soup.select(".card__picture")) == LIBRARY_PAGE_SIZE
        assert counts(soup, "format") == {"poster": 200 if "easy" not in query else 100}


@pytest.mark.parametrize("column", ["format_id", "easy_read", "reading_level", "co_created"])
def test_every_filter_column_has_an_index(column):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, ResourcePage._meta.db_table)
    assert any(c["index"] and c["columns"][:1] == [column] for c in constraints.values())


@pytest.mark.parametrize("name", ["audiences", "age_bands", "topics"])
def test_every_taxonomy_join_is_indexed_both_ways(name):
    from home.models import BasePage

    through = BasePage._meta.get_field(name).remote_field.through
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, through._meta.db_table)
    leading = {tuple(c["columns"][:1]) for c in constraints.values() if c["index"] or c["unique"]}
    for field in through._meta.fields:
        if field.is_relation:
            assert (field.column,) in leading, (name, field.column)


@pytest.mark.parametrize("name", ["audience", "age", "topic"])
def test_taxonomy_filters_and_counts_read_the_join_table_not_every_page(name):
    """A taxonomy choice is matched, and counted, on its join table (with its
    index on the taxonomy side), not by reading every row of the pages table:
    that read grew with the library (issue 11)."""
    from home.filters import FilterOption, get_filters
    from home.models import BasePage

    definition = next(d for d in get_filters() if d.name == name)
    filtered = str(BasePage.objects.filter(definition.q([FilterOption("x", "X")])).query)
    inner = filtered.split(" IN (", 1)[1]
    table = BasePage._meta.get_field(definition.lookup.split("__")[0]).remote_field.through
    assert f'FROM "{table._meta.db_table}"' in inner
    assert '"home_basepage" ' not in inner and '"home_basepage"."' not in inner
    with CaptureQueriesContext(connection) as captured:
        definition.counts(BasePage.objects.values("pk"))
    outer = captured.captured_queries[0]["sql"].split(" IN (", 1)[0]
    assert f'FROM "{table._meta.db_table}"' in outer
    assert '"home_basepage" ' not in outer
