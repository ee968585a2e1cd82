"""Band pages keep their article and list the materials for that band, by topic."""

import itertools
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.factories import ImageFactory
from home.models.materials import MATERIALS_PER_TOPIC
from tests.materials import build_library, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def tree(home_page):
    return build_library(home_page)


def material_links(html):
    """(title, href) of every material card on a page, in order."""
    return re.findall(
        r'<h\d class="card__title"><a class="card__link" href="([^"]+)">([^<]+)</a>', html
    )


def titles(html):
    return [title for _href, title in material_links(html)]


def topic_sections(html):
    """{heading: [titles]} for each topic group, in page order."""
    sections = re.findall(
        r'<section class="topic-group"[^>]*>\s*<h2[^>]*>([^<]+)</h2>(.*?)</section>', html, re.S
    )
    return [(heading, titles(body)) for heading, body in sections]


def test_a_band_page_never_lists_a_material_outside_its_band(client, tree):
    young, old, middle = tree.bands.young, tree.bands.old, tree.bands.middle
    topic = tree.topics.secrets
    make_resource(tree, "For the youngest", bands=[young], topics=[topic])
    make_resource(tree, "For two bands", bands=[young, middle], topics=[topic])
    make_resource(tree, "For teenagers", bands=[old], topics=[topic])
    make_resource(tree, "For middle only", bands=[middle], topics=[topic])
    make_resource(tree, "For parents, no band", topics=[topic])
    draft = make_resource(tree, "A draft for the youngest", bands=[young], topics=[topic])
    draft.unpublish()
    private = make_resource(tree, "Private for the youngest", bands=[young], topics=[topic])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get(tree.band_pages.young.url).content.decode()
    assert sorted(titles(html)) == ["For the youngest", "For two bands"]

    html = client.get(tree.band_pages.old.url).content.decode()
    assert titles(html) == ["For teenagers"]


def test_the_band_page_keeps_its_article(client, tree):
    page = tree.band_pages.young
    page.body = [("paragraph", "<p>Your body belongs to you.</p>")]
    page.save_revision().publish()
    make_resource(tree, "Good secrets", bands=[tree.bands.young], topics=[tree.topics.secrets])
    html = client.get(page.url).content.decode()
    assert "Your body belongs to you." in html
    assert html.index("Your body belongs to you.") < html.index("Good secrets")


def test_materials_are_grouped_by_their_first_topic_in_the_editors_order(client, tree):
    young = tree.bands.young
    secrets, online = tree.topics.secrets, tree.topics.online
    make_resource(tree, "Chat apps", bands=[young], topics=[online])
    make_resource(tree, "Secrets and surprises", bands=[young], topics=[secrets])
    make_resource(tree, "Both topics", bands=[young], topics=[online, secrets])
    make_resource(tree, "No topic yet", bands=[young])

    html = client.get(tree.band_pages.young.url).content.decode()
    assert topic_sections(html) == [
        ("Trusted adults", ["Both topics", "Secrets and surprises"]),
        ("Online safety", ["Chat apps"]),
        ("More for you", ["No topic yet"]),
    ]
    # A big button for each topic jumps to its group: no typing needed.
    jumps = re.findall(r'<a class="button button--secondary" href="#(topic-[^"]+)">', html)
    assert jumps == ["topic-trusted-adults", "topic-online-safety", "topic-more"]
    for anchor in jumps:
        assert f'id="{anchor}"' in html

    # Editors reorder topics; the page follows.
    online.sort_order = 0
    online.save()
    html = client.get(tree.band_pages.young.url).content.decode()
    assert [heading for heading, _ in topic_sections(html)][:2] == [
        "Online safety",
        "Trusted adults",
    ]


def test_links_to_materials_carry_the_band(client, tree):
    resource = make_resource(tree, "Good secrets", bands=[tree.bands.young])
    html = client.get(tree.band_pages.young.url).content.decode()
    assert material_links(html) == [(f"{resource.url}?band=4-7", "Good secrets")]


def test_a_band_page_with_no_materials_shows_no_empty_groups(client, tree):
    make_resource(tree, "For teenagers", bands=[tree.bands.old])
    html = client.get(tree.band_pages.young.url).content.decode()
    assert "topic-group" not in html
    assert "topic-jump" not in html


def test_the_band_page_costs_the_same_queries_however_many_materials(
    client, tree, django_assert_max_num_queries
):
    young = tree.bands.young
    topics = [tree.topics.secrets, tree.topics.online]
    numbers = itertools.count()

    def add(n):
        for i in range(n):
            make_resource(
                tree,
                f"Material {next(numbers)}",
                bands=[young],
                topics=[topics[i % 2]],
                image=ImageFactory(),
                easy_read=bool(i % 2),
            )

    add(5)
    url = tree.band_pages.young.url
    client.get(url)  # warm the per-site caches
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    baseline = len(captured)
    add(40)
    client.get(url)  # renditions for the new pictures are made once
    with django_assert_max_num_queries(baseline):
        html = client.get(url).content.decode()
    # 45 materials, two topics: at most MATERIALS_PER_TOPIC cards under each.
    assert len(titles(html)) == 2 * MATERIALS_PER_TOPIC


def test_each_topic_shows_a_few_cards_and_links_to_the_rest_in_the_library(client, tree):
    """A band with many materials is not one endless page: each topic shows the
    first few (by title) and links to the library, filtered to the band and the
    topic, with the number the library will list."""
    young, secrets, online = tree.bands.young, tree.topics.secrets, tree.topics.online
    for n in range(MATERIALS_PER_TOPIC + 3):
        make_resource(tree, f"Secret {n:02}", bands=[young], topics=[secrets])
    # Its first topic in the editors' order is online safety, so the band page
    # shows it there only; the library lists it under both topics.
    online.sort_order = 0
    online.save()
    make_resource(tree, "Online and secrets", bands=[young], topics=[online, secrets])
    make_resource(tree, "Older secret", bands=[tree.bands.old], topics=[secrets])

    html = client.get(tree.band_pages.young.url).content.decode()
    sections = dict(topic_sections(html))
    assert sections["Trusted adults"] == [f"Secret {n:02}" for n in range(MATERIALS_PER_TOPIC)]
    assert sections["Online safety"] == ["Online and secrets"]  # no more to see: no link
    links = re.findall(r'<p class="topic-group__more"><a [^>]*href="([^"]+)">([^<]+)</a>', html)
    assert links == [
        (
            "/resources/?age=4-7&amp;topic=trusted-adults",
            f"See all {MATERIALS_PER_TOPIC + 4} about Trusted adults in the library",
        )
    ]
    # The library, at that address, lists that many.
    library = client.get("/resources/?age=4-7&topic=trusted-adults").content.decode()
    assert f"{MATERIALS_PER_TOPIC + 4} resources match your filters" in library


def test_materials_with_no_topic_link_to_the_bands_library(client, tree):
    young = tree.bands.young
    for n in range(MATERIALS_PER_TOPIC + 1):
        make_resource(tree, f"Untitled {n:02}", bands=[young])
    html = client.get(tree.band_pages.young.url).content.decode()
    assert dict(topic_sections(html))["More for you"] == [
        f"Untitled {n:02}" for n in range(MATERIALS_PER_TOPIC)
    ]
    assert (
        f'href="/resources/?age=4-7">See all {MATERIALS_PER_TOPIC + 1} for your age in the library'
        in html
    )
