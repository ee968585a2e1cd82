"""Rendered public pages are cached for anonymous readers and retired on change."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from home.factories import ContentPageFactory
from home.models import NavigationSettings, SafetySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(home_page):
    # A site's first read creates its settings rows; make them now, as any
    # running site already has them.
    SafetySettings.for_site(home_page.get_site())
    NavigationSettings.for_site(home_page.get_site())
    return ContentPageFactory(parent=home_page, title="Spotting the signs", slug="signs")


def test_second_anonymous_read_is_served_from_the_cache(
    client, guide, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as rendering:
        first = client.get(guide.url)
    assert first["X-Page-Cache"] == "miss"
    # A hit still routes the URL (site, page path) and checks view restrictions.
    with django_assert_max_num_queries(6):
        second = client.get(guide.url)
    assert second["X-Page-Cache"] == "hit"
    assert len(rendering) > 10
    assert second.content == first.content
    assert "Content-Security-Policy" in second.headers
    assert not second.cookies


def test_publishing_retires_the_cached_page(client, guide):
    client.get(guide.url)
    guide.title = "Spotting the signs early"
    guide.save_revision().publish()
    response = client.get(guide.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Spotting the signs early" in response.content.decode()


def test_changing_the_help_numbers_retires_every_page(client, guide, home_page):
    client.get(guide.url)
    safety = SafetySettings.for_site(home_page.get_site())
    safety.childline_number = "0800 3333"
    safety.save()
    assert "0800 3333" in client.get(guide.url).content.decode()


def test_signed_in_users_and_query_strings_bypass_the_cache(admin_client, client, guide):
    client.get(guide.url)
    assert "X-Page-Cache" not in admin_client.get(guide.url)
    assert "X-Page-Cache" not in client.get(guide.url + "?utm=1")


def test_a_restricted_page_is_never_served_from_the_cache(client, guide):
    client.get(guide.url)
    PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(guide.url)
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"] or "login" in response["Location"]


def test_cache_can_be_turned_off(client, guide, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(guide.url)
    assert "X-Page-Cache" not in client.get(guide.url)
