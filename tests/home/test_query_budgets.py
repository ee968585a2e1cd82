"""Issue 11's budgets: database queries per uncached page on the demo tree.

Uncached: the page cache is bypassed (`PAGE_CACHE_SECONDS = 0`), so every page
is routed and rendered. The second request is counted, as a busy server's
would be, and a generation exists, as it does after every deploy
(`manage.py warm_page_cache`): the Site, the settings, the menu and the view
restrictions are then kept across requests (home/chrome.py).

Issue 11 sets the home page at 15, a resource page at 10 and a lesson pack at
12. The others are held at what they cost when these tests were written, so
that they can only get cheaper.
"""

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.page_cache.store import current_generation

pytestmark = pytest.mark.django_db

BUDGETS = {
    # 12 until the young people's index was loaded with its path and depth,
    # and the home page kept with its audiences (home/chrome.py); 9 until its
    # featured work and age choices were kept for the generation
    # (home/models/materials.py::remembered_cards).
    "home.HomePage": 2,
    # 10 until its "more like this" was kept for the generation; 6 until the
    # page a path leads to was kept for the generation (home/routing.py) and
    # the youth panel's verdict too (home/governance/workflows.py).
    "resources.ResourcePage": 0,
    # 12 until the page a path leads to was kept.
    "schools.LessonPackPage": 4,
    # 14 until its groups of cards and their "See all N" counts were kept for
    # the generation (10 before its listings were bounded, which added 4); 6
    # until the page a path leads to was kept; 2 until its list of child pages
    # was kept (home/pagination.py::kept_paginate). The one left: the pages its
    # body's "next steps" link to, read when the body is first used.
    "home.AgeBandPage": 1,
    "community.ToolkitPage": 4,
    "home.ContentPage": 11,
}


@pytest.fixture
def uncached(settings, demo_site):
    settings.PAGE_CACHE_SECONDS = 0
    current_generation()
    return demo_site


def path_of(kind, site):
    page = apps.get_model(kind).objects.visible(site).order_by("path").first()
    assert page is not None, f"the demo has no {kind}"
    return page.get_url_parts()[2]


def queries_for(client, path):
    client.get(path)  # per-process and kept values warm, as on a busy server
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [query["sql"] for query in captured]


@pytest.mark.parametrize("kind", sorted(BUDGETS), ids=sorted(BUDGETS))
def test_an_uncached_page_stays_within_its_query_budget(client, uncached, kind):
    path = path_of(kind, uncached)
    queries = queries_for(client, path)
    assert len(queries) <= BUDGETS[kind], (
        f"{path} ({kind}) ran {len(queries)} queries, budget {BUDGETS[kind]}:\n"
        + "\n".join(sql[:160] for sql in queries)
    )


def routing_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [
        query["sql"]
        for query in captured
        if '"url_path" IN' in query["sql"] or '"wagtailcore_page"."slug" =' in query["sql"]
    ]


def test_the_home_page_costs_no_more_for_a_deeper_tree(client, uncached):
    """The budget is per page, whatever the depth: the deepest demo page is
    routed in the same single query as the home page's children, and the
    next request for it in none (home/routing.py keeps what it found)."""
    from wagtail.models import Page

    deepest = Page.objects.live().filter(depth__gte=5).order_by("-depth", "path").first()
    assert len(routing_queries(client, deepest.url)) == 1
    assert routing_queries(client, deepest.url) == []
