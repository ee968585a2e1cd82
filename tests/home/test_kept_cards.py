"""The cards of the age band pages and the home page are kept for the page-cache
generation (home/models/materials.py::remembered_cards): made once, retired
with the stored pages, so that a change still shows on the next request."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.images.tests.utils import get_test_image_file

import pytest

from home.factories import ImageFactory
from home.page_cache.store import current_generation, read_generation
from home.tasks import generate_image_renditions, generate_page_renditions
from tests.home.test_chrome import commit
from tests.materials import build_library, make_resource

pytestmark = pytest.mark.django_db

# The tables a card is made from: none is read when the cards are kept.
MATERIAL_TABLES = ("resources_resourcepage", "home_basepage_topics", "home_clearsightrendition")


@pytest.fixture
def library(home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    tree = build_library(home_page)
    tree.first = make_resource(
        tree,
        "Who you can tell",
        bands=[tree.bands.old],
        topics=[tree.topics.secrets],
        image=ImageFactory(file=get_test_image_file()),
    )
    home_page.featured = [("page", tree.first)]
    home_page.save_revision().publish()
    # A first request makes the site's settings rows, which retires the pages:
    # made here, as on a site that has run a while, not in the tests below.
    Client().get("/")
    commit()
    return tree


def read(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in captured)


@pytest.mark.parametrize("path", ["/young-people/14-17/", "/"], ids=["band-page", "home-page"])
def test_with_a_generation_the_cards_are_made_once(client, library, path):
    current_generation()
    first, sql = read(client, path)
    assert "Who you can tell" in first
    assert all(table in sql for table in MATERIAL_TABLES)
    again, sql = read(client, path)
    assert again == first
    for table in MATERIAL_TABLES:
        assert table not in sql, table
    if path == "/":  # nor the age choices of its "I'm a young person" route
        assert "home_agebandpage" not in sql


def test_without_a_generation_the_cards_are_made_for_each_request(client, library):
    from django.core.cache import cache

    cache.clear()
    read(client, "/young-people/14-17/")
    _html, sql = read(client, "/young-people/14-17/")
    assert "resources_resourcepage" in sql


def test_a_material_published_into_the_band_shows_on_the_next_request(client, library):
    current_generation()
    assert "Keeping safe on the bus" not in read(client, "/young-people/14-17/")[0]
    make_resource(
        library,
        "Keeping safe on the bus",
        bands=[library.bands.old],
        topics=[library.topics.online],
    )
    commit()
    assert "Keeping safe on the bus" in read(client, "/young-people/14-17/")[0]
    # Another band's page never showed it.
    assert "Keeping safe on the bus" not in read(client, "/young-people/4-7/")[0]


def test_work_newly_chosen_for_the_home_page_shows_on_the_next_request(client, library, home_page):
    current_generation()
    assert "Keeping safe on the bus" not in read(client, "/")[0]
    chosen = make_resource(
        library, "Keeping safe on the bus", audiences=[library.audiences.parents]
    )
    commit()
    home_page.refresh_from_db()
    home_page.featured = [("page", chosen)]
    home_page.save_revision().publish()
    commit()
    html = read(client, "/")[0]
    assert "Keeping safe on the bus" in html
    assert "Who you can tell" not in html


def test_a_card_kept_while_its_picture_was_missing_gets_the_picture_once_it_is_made(
    client, library
):
    """The worker making the renditions retires the pages and the kept cards
    that showed a stand-in (home/images.py::retire_if_made)."""
    library.first.image.renditions.all().delete()
    current_generation()
    html = read(client, "/young-people/14-17/")[0]
    assert "<picture" not in html.split('id="topic-trusted-adults"')[1]
    generation = read_generation()
    assert generate_image_renditions.call(library.first.image_id, ["card"]) > 0
    commit()
    assert read_generation() != generation
    html = read(client, "/young-people/14-17/")[0]
    assert "<picture" in html.split('id="topic-trusted-adults"')[1]


def test_the_rendition_tasks_retire_nothing_when_they_made_nothing(library):
    generate_page_renditions.call(library.first.pk)  # the page's own picture too
    commit()
    generation = current_generation()
    assert generate_image_renditions.call(library.first.image_id, ["card"]) == 0
    assert generate_page_renditions.call(library.first.pk) == 0
    commit()
    assert read_generation() == generation


def more_like_this(html):
    return html.split("More like this")[1] if "More like this" in html else ""


def test_a_resource_pages_more_like_this_is_kept_and_a_new_one_shows_on_the_next_request(
    client, library
):
    make_resource(
        library, "Telling someone", bands=[library.bands.old], topics=[library.topics.secrets]
    )
    commit()
    current_generation()
    path = library.first.url
    first, sql = read(client, path)
    assert "Telling someone" in more_like_this(first)
    newest_first = '"first_published_at" DESC'
    assert newest_first in sql
    again, sql = read(client, path)
    assert again == first
    assert newest_first not in sql
    # From a band page (`?band=`), the cards link back with the band: kept apart.
    from_band = read(client, f"{path}?band=14-17")[0]
    assert "?band=14-17" in more_like_this(from_band)
    make_resource(
        library, "A safe adult", bands=[library.bands.old], topics=[library.topics.secrets]
    )
    commit()
    assert "A safe adult" in more_like_this(read(client, path)[0])


def test_a_value_kept_in_the_shared_cache_only_is_not_kept_in_the_process(db):
    from django.core.cache import cache

    from home.chrome import remembered

    generation = current_generation()
    made = []

    def compute():
        made.append(1)
        return ["a card"]

    assert remembered("test-shared-only", compute, in_process=False) == ["a card"]
    assert remembered("test-shared-only", compute, in_process=False) == ["a card"]
    assert len(made) == 1  # the second came from the shared cache
    cache.delete(f"chrome:{generation}:test-shared-only")
    assert remembered("test-shared-only", compute, in_process=False) == ["a card"]
    assert len(made) == 2  # nothing was kept in this process


@pytest.mark.parametrize(
    "path", ["/resources/", "/resources/?topic=trusted-adults", "/search/?q=tell"]
)
def test_a_listings_page_of_cards_is_kept_and_an_edit_shows_on_the_next_request(
    client, library, path
):
    current_generation()
    first, sql = read(client, path)
    assert "Who you can tell" in first
    assert "home_clearsightrendition" in sql
    again, sql = read(client, path)
    assert again == first
    assert "home_clearsightrendition" not in sql
    library.first.title = "Who you can tell at school"
    library.first.save_revision().publish()
    commit()
    assert "Who you can tell at school" in read(client, path)[0]


def test_the_filter_options_are_read_once_and_a_renamed_topic_shows_on_the_next_request(
    client, library
):
    current_generation()
    options = '"home_topic"."slug" AS "slug"'  # the topic filter's options
    first, sql = read(client, "/resources/")
    assert options in sql
    again, sql = read(client, "/resources/")
    assert again == first
    assert options not in sql
    assert "Grown-ups you trust" not in first
    library.topics.secrets.name = "Grown-ups you trust"
    library.topics.secrets.save()
    commit()
    assert "Grown-ups you trust" in read(client, "/resources/")[0]
