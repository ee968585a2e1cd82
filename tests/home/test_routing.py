"""The home page routes every request in two queries (home/routing.py), with
Wagtail's own rules: what is served, what is a 404, who must sign in."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

import pytest

from home.factories import ContentPageFactory, SectionPageFactory
from home.page_cache.store import current_generation

pytestmark = pytest.mark.django_db


def commit():
    """Run what committing the test's transaction would (as in test_page_cache.py):
    the page cache and what home/chrome.py keeps are retired on commit."""
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


@pytest.fixture(autouse=True)
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def tree(home_page):
    """home / parents / guides / deeper / a guide, five levels down."""
    parents = SectionPageFactory(parent=home_page, title="Parents", slug="parents")
    guides = SectionPageFactory(parent=parents, title="Guides", slug="guides")
    deeper = SectionPageFactory(parent=guides, title="Deeper", slug="deeper")
    guide = ContentPageFactory(parent=deeper, title="Spotting the signs", slug="signs")
    return {"parents": parents, "guides": guides, "deeper": deeper, "guide": guide}


def test_a_deep_page_is_served_with_its_breadcrumbs(client, tree):
    response = client.get("/parents/guides/deeper/signs/")
    assert response.status_code == 200
    assert response.context["page"].pk == tree["guide"].pk
    html = response.content.decode()
    for title, url in [("Parents", "/parents/"), ("Guides", "/parents/guides/")]:
        assert f'<a href="{url}">{title}</a>' in html


def test_routing_costs_the_same_at_every_depth(client, tree):
    """Wagtail's own routing costs two queries per level; ours two in all."""

    def routing_queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        # Ours asks by url_path; Wagtail's asks for each child by slug.
        sqls = [q["sql"] for q in captured]
        return [
            sql for sql in sqls if '"url_path" IN' in sql or '"wagtailcore_page"."slug" =' in sql
        ]

    assert len(routing_queries("/parents/")) == 1
    assert len(routing_queries("/parents/guides/deeper/signs/")) == 1


def test_a_missing_or_unpublished_page_is_not_found(client, tree):
    assert client.get("/parents/guides/nowhere/").status_code == 404
    assert client.get("/parents/nowhere/deeper/signs/").status_code == 404
    tree["guide"].unpublish()
    assert client.get("/parents/guides/deeper/signs/").status_code == 404


def test_an_unpublished_page_on_the_way_does_not_hide_a_live_one(client, tree):
    # Wagtail serves a live page under a draft one; so do we.
    tree["guides"].unpublish()
    assert client.get("/parents/guides/").status_code == 404
    assert client.get("/parents/guides/deeper/signs/").status_code == 200


def test_a_url_path_that_skips_a_level_is_not_found(client, tree):
    # Only children, one level at a time, as Wagtail walks slugs.
    assert client.get("/parents/deeper/signs/").status_code == 404
    assert client.get("/guides/").status_code == 404


def test_without_the_trailing_slash_the_reader_is_sent_to_it(client, tree):
    response = client.get("/parents/guides")
    assert response.status_code == 301
    assert response["Location"] == "/parents/guides/"


@pytest.mark.parametrize("restricted", ["guides", "guide"], ids=["ancestor", "page"])
def test_a_private_page_asks_for_a_login(client, tree, restricted):
    commit()
    current_generation()  # as after a deploy: the restrictions are then kept
    assert client.get("/parents/guides/deeper/signs/").status_code == 200
    PageViewRestriction.objects.create(page=tree[restricted], restriction_type="login")
    commit()  # the change retires what was kept, as it commits
    response = client.get("/parents/guides/deeper/signs/")
    assert response.status_code == 302
    assert response["Location"].endswith("?next=/parents/guides/deeper/signs/")


def test_a_password_page_asks_for_its_password(client, tree):
    PageViewRestriction.objects.create(
        page=tree["deeper"], restriction_type="password", password="x"
    )
    response = client.get("/parents/guides/deeper/signs/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert "Spotting the signs" not in response.content.decode()


def test_an_alias_is_served_with_its_sources_restrictions(client, tree, home_page):
    alias = tree["guide"].create_alias(parent=home_page, update_slug="signs-alias")
    assert client.get("/signs-alias/").status_code == 200
    PageViewRestriction.objects.create(page=tree["guide"], restriction_type="login")
    assert client.get("/signs-alias/").status_code == 302
    assert alias.live


def test_the_redirects_app_still_answers_old_addresses(client, tree):
    Redirect.objects.create(old_path="/old-guide", redirect_page=tree["guide"])
    response = client.get("/old-guide/")
    assert response.status_code in (301, 302)
    assert response["Location"].endswith("/parents/guides/deeper/signs/")


def served_with_routing(client, path):
    """The status of `path`, the page's HTML and how many routing queries it cost."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries = [query for query in captured if '"url_path" IN' in query["sql"]]
    return response.status_code, response.content.decode(), len(queries)


def test_a_page_found_once_is_routed_with_no_query_until_a_change(client, tree):
    commit()
    current_generation()  # as after a deploy: what routing finds is then kept
    path = "/parents/guides/deeper/signs/"
    assert served_with_routing(client, path)[::2] == (200, 1)
    assert served_with_routing(client, path)[::2] == (200, 0)

    tree["guide"].title = "Spotting the signs early"
    revision = tree["guide"].save_revision()
    revision.publish()
    commit()  # publishing retires what was kept, as it commits
    status, html, routing = served_with_routing(client, path)
    assert (status, routing) == (200, 1)
    assert "Spotting the signs early" in html

    tree["guide"].move(tree["parents"], pos="last-child")
    commit()
    # Not the page kept for the old address: Wagtail's redirect to the new one.
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"].endswith("/parents/signs/")
    assert served_with_routing(client, "/parents/signs/")[0] == 200

    Page.objects.get(pk=tree["guide"].pk).specific.unpublish()
    commit()
    assert served_with_routing(client, "/parents/signs/")[0] == 404


def test_an_address_with_no_page_is_never_kept(client, tree):
    commit()
    current_generation()
    for _ in range(2):
        assert served_with_routing(client, "/parents/nowhere/")[::2] == (404, 1)
