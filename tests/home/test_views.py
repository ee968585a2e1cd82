from datetime import datetime, timedelta
from types import SimpleNamespace

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

import django_ratelimit.core
import pytest

from home.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def test_healthz_checks_database_and_cache_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response.headers["Cache-Control"]
    assert "max-age=0" in response.headers["Cache-Control"]


def test_healthz_reports_a_broken_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_security_txt_has_contact_and_a_future_expiry(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@example.org"
    body = client.get("/.well-known/security.txt").content.decode()
    fields = {}
    for line in body.splitlines():
        name, _, value = line.partition(": ")
        fields.setdefault(name, []).append(value)
    assert fields["Contact"] == ["mailto:security@example.org"]
    # RFC 9116 section 2.5.5: exactly one Expires, an RFC 3339 date-time in the
    # future, and less than a year ahead so that stale contacts expire.
    assert len(fields["Expires"]) == 1
    expires = datetime.fromisoformat(fields["Expires"][0])
    assert expires.tzinfo is not None, "Expires needs a time zone (RFC 3339)"
    now = timezone.now()
    assert now < expires <= now + timedelta(days=365), expires


def test_search_finds_live_pages_only(client, home_page):
    ContentPageFactory(parent=home_page, title="Online friends and gaming")
    ContentPageFactory(parent=home_page, title="Unpublished friends draft", live=False)
    response = client.get(reverse("search"), {"q": "friends"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Online friends and gaming" in html
    assert "Unpublished friends draft" not in html
    assert "1 result for “friends”" in html


def test_search_escapes_what_the_reader_typed(client, home_page):
    html = client.get(reverse("search"), {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_with_a_too_long_query_explains_and_keeps_the_text(client, home_page):
    query = "friends " * 20
    response = client.get(reverse("search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in html
    assert '<a href="#id_q">Search for 100 characters or fewer.</a>' in html
    assert 'aria-invalid="true"' in html
    assert f'value="{query.strip()}' in html or f'value="{query}' in html


def test_too_many_searches_get_the_kind_429_page(client, home_page, monkeypatch):
    # Rate limits count in fixed one-minute windows; hold the clock still so
    # that the 61 requests cannot straddle the turn of a minute.
    frozen = SimpleNamespace(time=lambda: 1_800_000_030.0)
    monkeypatch.setattr(django_ratelimit.core, "time", frozen)
    for _ in range(60):
        assert client.get(reverse("search"), {"q": "help"}).status_code == 200
    response = client.get(reverse("search"), {"q": "help"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait a moment" in html
    assert "exit-this-page__button" in html


def test_csrf_failure_page_has_the_shell(home_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please go back and try again" in html
    assert "exit-this-page__button" in html


@override_settings(DEBUG=False)
def test_server_error_page_has_the_shell(rf, home_page):
    from home.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, something went wrong on our side" in html
    assert 'Childline <a href="tel:08001111">0800 1111</a>' in html


def test_server_error_page_shows_help_numbers_even_without_a_database(rf, monkeypatch):
    from django.db import DatabaseError

    from home.models import SafetySettings
    from home.views import server_error

    def broken(cls, request):
        raise DatabaseError("the database is down")

    monkeypatch.setattr(SafetySettings, "for_request", classmethod(broken))
    html = server_error(rf.get("/")).content.decode()
    assert 'In danger now? Call <a href="tel:999">999</a>' in html


def test_pattern_library_shows_every_component(client, home_page, rf):
    """Every block of the body renders its own markup in /patterns/, and the
    other components sit in their own sections."""
    from wagtail.images.tests.utils import get_test_image_file

    from bs4 import BeautifulSoup
    from wagtail_factories import DocumentFactory, ImageFactory

    from home.blocks import BodyStreamBlock

    # With an image, a document and pages to link to, every block has a preview.
    ImageFactory(file=get_test_image_file(), title="Example")
    DocumentFactory(title="Example lesson pack")
    for n in range(2):
        ContentPageFactory(parent=ContentPageFactory(parent=home_page), title=f"Guide {n}")

    html = client.get("/patterns/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    blocks_section = str(soup.find("section", attrs={"aria-labelledby": "pattern-blocks"}))
    request = rf.get("/patterns/")
    for name, block in BodyStreamBlock().child_blocks.items():
        value = block.get_preview_value()
        assert value is not None, f"the {name} block has no preview"
        # Serialised by the same parser as the page, so that both read alike.
        own_markup = BeautifulSoup(block.render(value, {"request": request}), "html.parser")
        root = own_markup.find(True)
        assert root is not None, f"the {name} block rendered no element"
        assert root.get("class"), f"the {name} block's markup has no class of its own"
        assert str(own_markup).strip() in blocks_section, f"/patterns/ lacks the {name} block"

    def section(label):
        found = soup.find("section", attrs={"aria-labelledby": label})
        assert found is not None, label
        return found

    assert section("pattern-buttons").select(".button.button--exit")
    assert len(section("pattern-cards").select("ul.card-list > li.card")) == 2
    assert section("pattern-pagination").select("nav.pagination a[rel=next]")
    assert section("pattern-forms").select('.error-summary a[href="#id_q"]')
    assert soup.select("aside.help-strip a[href^='tel:']")
