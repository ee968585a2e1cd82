"""The home page routes every audience in one step."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_home_routes_each_audience_in_one_step(client, demo_site):
    html = client.get("/").content.decode()
    routes = html.split('aria-labelledby="routes-title"')[1].split("</section>")[0]
    # The label is an editable field, escaped like any other.
    assert '<h3 class="route__title" id="route-young-people">I&#x27;m a young person</h3>' in routes
    ages = re.findall(r'<a class="button" href="(/young-people/[^"]+)">([^<]+)</a>', routes)
    assert ages == [
        ("/young-people/4-7/", "Ages 4 to 7"),
        ("/young-people/8-10/", "Ages 8 to 10"),
        ("/young-people/11-13/", "Ages 11 to 13"),
        ("/young-people/14-17/", "Ages 14 to 17"),
    ]
    for url in (
        "/parents-and-carers/",
        "/schools/",
        "/community/",
        "/community/professionals/",
    ):
        assert f'href="{url}"' in routes, url


def test_home_has_a_search_box(client, demo_site):
    html = client.get("/").content.decode()
    assert 'role="search" aria-label="Home page" action="/search/"' in html


def test_an_unpublished_age_band_is_not_offered(client, demo_site):
    from home.models import AgeBandPage

    AgeBandPage.objects.get(slug="4-7").unpublish()
    html = client.get("/").content.decode()
    assert "/young-people/4-7/" not in html
