import socket
import threading
import time
from datetime import datetime, timedelta
from types import SimpleNamespace

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

import django_ratelimit.core
import pytest

from home.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def unused_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_cache_at(port, *, fail_open, timeout=0.25):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": fail_open,
                "SOCKET_CONNECT_TIMEOUT": timeout,
                "SOCKET_TIMEOUT": timeout,
            },
        }
    }


@pytest.fixture
def stalled_server():
    """A peer that accepts connections and then never says a word: what a
    frozen Redis or PostgreSQL looks like from outside."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def test_healthz_checks_database_and_cache_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response.headers["Cache-Control"]
    assert "max-age=0" in response.headers["Cache-Control"]


def test_healthz_answers_head(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_reports_a_broken_cache(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


def test_healthz_names_a_stopped_cache(client, settings):
    settings.CACHES = redis_cache_at(unused_port(), fail_open=True)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}


def test_healthz_answers_within_a_second_when_the_cache_stalls(client, settings, stalled_server):
    # Socket timeouts longer than the deadline: only the deadline can answer in time.
    settings.CACHES = redis_cache_at(stalled_server, fail_open=True, timeout=3)
    for _ in range(3):
        started = time.monotonic()
        response = client.get("/healthz")
        assert time.monotonic() - started < 1
        assert response.status_code == 503
        assert response.json()["checks"] == {"database": "ok", "cache": "timeout"}
    # The stalled check is not started again while it hangs: no pile of threads.
    hanging = [t for t in threading.enumerate() if t.name == "healthz-cache"]
    assert len(hanging) == 1
    hanging[0].join(5)


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
    # Everything the reader typed comes back, trailing space and all.
    assert f'value="{query}"' in html


def test_too_many_searches_get_the_kind_429_page(client, home_page, monkeypatch):
    # Rate limits count in fixed one-minute windows; hold the clock still so
    # that the 61 requests cannot straddle the turn of a minute.
    frozen = SimpleNamespace(time=lambda: 1_800_000_030.0)
    monkeypatch.setattr(django_ratelimit.core, "time", frozen)
    for _ in range(60):
        assert client.get(reverse("search"), {"q": "help"}).status_code == 200
    response = client.get(reverse("search"), {"q": "help"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "Please wait a moment" in html
    assert "exit-this-page__button" in html


def test_search_stays_open_when_the_rate_limit_cannot_be_counted(client, home_page, settings):
    """Rate limits fail open: a child must still reach search with Redis down."""
    settings.SEARCH_RATE_LIMIT = "1/m"
    settings.CACHES = redis_cache_at(unused_port(), fail_open=True)
    for _ in range(3):
        assert client.get(reverse("search"), {"q": "help"}).status_code == 200


def test_the_search_rate_limit_is_a_setting(client, home_page, settings):
    settings.SEARCH_RATE_LIMIT = "2/h"
    statuses = [client.get(reverse("search"), {"q": "help"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


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


def test_server_error_page_needs_neither_the_database_nor_the_cache(
    rf, home_page, settings, django_assert_num_queries
):
    from home.views import server_error

    # A cache that raises on every call (no fail-open), and a signed-in
    # editor's session cookie that would be looked up if anything tried.
    settings.CACHES = redis_cache_at(unused_port(), fail_open=False)
    request = rf.get("/", HTTP_COOKIE="sessionid=abc")
    with django_assert_num_queries(0):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'In danger now? Call <a href="tel:999">999</a>' in html
    assert 'Childline <a href="tel:08001111">0800 1111</a>' in html
    assert 'href="https://www.bbc.co.uk/weather"' in html
    assert "exit-this-page__button" in html
    assert '<link rel="stylesheet" href="/static/css/clearsight.css">' in html


def test_server_error_page_falls_back_to_a_plain_page_if_its_template_fails(rf, settings, tmp_path):
    from home.views import server_error

    (tmp_path / "errors").mkdir()
    (tmp_path / "errors" / "500.html").write_text("{% load no_such_library %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'Childline <a href="tel:08001111">0800 1111</a>' in html
    assert (
        'class="button button--exit exit-this-page__button" href="https://www.bbc.co.uk/weather"'
        in html
    )


def test_server_error_page_shows_help_numbers_even_without_a_database(rf, monkeypatch):
    from django.db import DatabaseError

    from home.models import SafetySettings
    from home.views import server_error

    def broken(cls, request):
        raise DatabaseError("the database is down")

    monkeypatch.setattr(SafetySettings, "for_request", classmethod(broken))
    html = server_error(rf.get("/")).content.decode()
    assert 'In danger now? Call <a href="tel:999">999</a>' in html


def test_not_found_page_keeps_the_shell_when_the_cache_breaks(client, home_page, settings):
    ContentPageFactory(parent=home_page, title="In the menu", show_in_menus=True)
    settings.CACHES = redis_cache_at(unused_port(), fail_open=False)
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "We cannot find that page" in html
    assert 'Childline <a href="tel:08001111">0800 1111</a>' in html
    assert "exit-this-page__button" in html


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
