from types import SimpleNamespace

from django.test import Client, override_settings
from django.urls import reverse

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
    assert "Contact: mailto:security@example.org" in body
    assert "Expires: 20" in body


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


def test_pattern_library_shows_every_component(client, home_page):
    html = client.get("/patterns/").content.decode()
    for css_class in (
        "button--exit",
        "card-list",
        "callout",
        "signs",
        "questions",
        "contact",
        "trusted-adult",
        "pagination",
        "error-summary",
        "help-strip",
    ):
        assert f'class="{css_class}' in html or f" {css_class}" in html, css_class
