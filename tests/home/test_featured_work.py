"""The home page's "Made with young people": editors' choice, else the newest co-created work."""

import re

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.factories import ContentPageFactory
from home.models import HomePage
from resources.models import ResourcePage
from tests.materials import build_library, make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def tree(home_page):
    return build_library(home_page)


def featured_titles(client):
    html = client.get("/").content.decode()
    if 'aria-labelledby="featured-title"' not in html:
        return None
    featured = html.split('aria-labelledby="featured-title"')[1].split("</section>")[0]
    assert "Made with young people" in featured
    return re.findall(r'<a class="card__link" href="[^"]+">([^<]+)</a>', featured)


def co_created(tree, title, **fields):
    return make_resource(
        tree, title, bands=[tree.bands.young], made_by="with-young-people", **fields
    )


def choose(home_page, *pages):
    home_page = HomePage.objects.get(pk=home_page.pk)
    home_page.featured = [("page", page) for page in pages]
    home_page.save_revision().publish()


def test_editors_choice_is_shown_in_their_order(client, home_page, tree):
    first = co_created(tree, "Good secrets")
    second = co_created(tree, "What I wish I had known")
    co_created(tree, "Newest, not chosen")
    choose(home_page, second, first)
    assert featured_titles(client) == ["What I wish I had known", "Good secrets"]


def test_a_chosen_page_a_reader_may_not_see_is_left_out(client, home_page, tree):
    shown = co_created(tree, "Good secrets")
    draft = co_created(tree, "A draft")
    private = co_created(tree, "Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    choose(home_page, draft, shown, private)
    draft.unpublish()
    assert featured_titles(client) == ["Good secrets"]


def test_with_no_choice_the_newest_co_created_work_is_shown(client, home_page, tree):
    for n in range(5):
        co_created(tree, f"Made together {n}")
    make_resource(tree, "Newest but made by the team", bands=[tree.bands.young])
    make_resource(tree, "By young people", made_by="young-people")
    assert featured_titles(client) == ["By young people", "Made together 4", "Made together 3"]


def test_when_every_choice_is_unpublished_the_newest_is_shown(client, home_page, tree):
    gone = co_created(tree, "Unpublished choice")
    co_created(tree, "Still here")
    choose(home_page, gone)
    gone.unpublish()
    assert featured_titles(client) == ["Still here"]


def test_no_section_without_co_created_work(client, home_page, tree):
    make_resource(tree, "Made by the team", bands=[tree.bands.young])
    assert featured_titles(client) is None


def test_editors_may_choose_only_resources_made_with_young_people(home_page, tree):
    block = HomePage.featured.field.stream_block.child_blocks["page"]
    with pytest.raises(ValidationError) as error:
        block.clean(ContentPageFactory(parent=home_page))
    assert error.value.messages == [
        "Choose a resource from the library. This page is not a resource."
    ]
    with pytest.raises(ValidationError) as error:
        block.clean(make_resource(tree, "Made by the team"))
    assert error.value.messages == ["Choose a resource made with young people. This one was not."]
    chosen = co_created(tree, "Good secrets")
    assert block.clean(chosen).pk == chosen.pk


def test_the_home_page_costs_the_same_queries_however_much_work_there_is(
    client, home_page, tree, django_assert_max_num_queries
):
    def queries():
        client.get("/")  # renditions and per-site caches
        with CaptureQueriesContext(connection) as captured:
            client.get("/")
        return len(captured)  # now: Django keeps only the last 9,000 queries

    co_created(tree, "One")
    newest_baseline = queries()
    choose(home_page, ResourcePage.objects.get())
    chosen_baseline = queries()

    for n in range(10):
        co_created(tree, f"More {n}")
    choose(home_page, *ResourcePage.objects.all()[:3])
    client.get("/")
    with django_assert_max_num_queries(chosen_baseline):
        assert len(featured_titles(client)) == 3
    choose(home_page)
    client.get("/")
    with django_assert_max_num_queries(newest_baseline):
        assert len(featured_titles(client)) == 3
