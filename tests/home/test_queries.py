"""Listings cost the same number of queries however many pages they list."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.factories import ContentPageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Measure the cost of rendering, not of reading the page cache."""
    settings.PAGE_CACHE_SECONDS = 0


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_section_listing_is_constant(client, home_page, django_assert_max_num_queries):
    section = SectionPageFactory(parent=home_page, title="Parents and carers", slug="parents")
    for n in range(2):
        ContentPageFactory(parent=section, title=f"Guide {n}")
    client.get(section.url)  # warm the per-site caches
    baseline = queries_for(client, section.url)
    for n in range(2, 12):
        ContentPageFactory(parent=section, title=f"Guide {n}")
    with django_assert_max_num_queries(baseline):
        response = client.get(section.url)
    assert response.content.decode().count('class="card"') == 12


def test_home_page_is_constant_in_the_number_of_age_bands(
    client, demo_site, django_assert_max_num_queries
):
    from home.factories import AgeBandFactory, AgeBandPageFactory
    from home.models import YoungPeopleIndexPage

    client.get("/")
    baseline = queries_for(client, "/")
    index = YoungPeopleIndexPage.objects.get()
    AgeBandPageFactory(
        parent=index,
        age_band=AgeBandFactory(name="Ages 18 to 25", slug="18-25", min_age=18, max_age=25),
    )
    with django_assert_max_num_queries(baseline):
        assert "Ages 18 to 25" in client.get("/").content.decode()
