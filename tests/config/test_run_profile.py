"""`make run` serves the site as a visitor sees it: DEBUG off, the site's own
error pages, static files and uploads still served. `make debug` turns DEBUG on."""

import importlib
import re
from pathlib import Path

from django.urls import clear_url_caches

import pytest

ROOT = Path(__file__).resolve().parents[2]


def dev_settings(monkeypatch, debug=None):
    if debug is None:
        monkeypatch.delenv("DJANGO_DEBUG", raising=False)
    else:
        monkeypatch.setenv("DJANGO_DEBUG", debug)
    import config.settings.dev as dev

    return importlib.reload(dev)


def reload_urls():
    import config.urls

    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def run_profile(monkeypatch, settings):
    """The settings `make run` uses that decide what a visitor sees."""

    def apply(debug=None):
        dev = dev_settings(monkeypatch, debug)
        for name in ("DEBUG", "SERVE_MEDIA", "LAPTOP", "WHITENOISE_USE_FINDERS"):
            setattr(settings, name, getattr(dev, name))
        reload_urls()
        return dev

    yield apply
    settings.DEBUG = False
    settings.SERVE_MEDIA = False
    reload_urls()


def test_the_run_profile_has_debug_off_and_debug_turns_it_on(monkeypatch):
    dev = dev_settings(monkeypatch)
    assert dev.DEBUG is False
    assert dev.LAPTOP is True and dev.SERVE_MEDIA is True
    assert dev_settings(monkeypatch, "1").DEBUG is True


@pytest.mark.django_db
def test_a_missing_page_is_the_clearsight_404(client, home_page, run_profile):
    run_profile()
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We cannot find that page" in html
    assert "Exit this page" in html  # the shell: quick exit and help strip
    assert "URLconf" not in html and "admin/" not in html


@pytest.mark.django_db
def test_make_debug_shows_djangos_debug_page(client, home_page, run_profile):
    """What `make run` showed before: the debug page, listing URL patterns."""
    run_profile(debug="1")
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We cannot find that page" not in response.content.decode()


@pytest.mark.django_db
def test_static_files_and_uploads_are_served_with_debug_off(
    client, home_page, run_profile, media_root
):
    run_profile()
    assert client.get("/static/css/clearsight.css").status_code == 200
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "hello.txt").write_text("hello")
    response = client.get("/media/hello.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"hello"


@pytest.mark.django_db
def test_documents_are_never_served_as_plain_media_files(
    client, home_page, run_profile, media_root
):
    """Wagtail's document view applies collection privacy (professional-only
    files); the laptop's media route must not hand the same file out by its
    easily guessed stored name."""
    run_profile()
    (media_root / "documents").mkdir(parents=True, exist_ok=True)
    (media_root / "documents" / "case-study.pdf").write_bytes(b"%PDF-1.4")
    assert client.get("/media/documents/case-study.pdf").status_code == 404


def test_the_makefile_runs_without_debug_and_debug_with_it():
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*?(?=^\S|\Z)", makefile, re.S | re.M).group(0)
    debug = re.search(r"^debug:.*?(?=^\S|\Z)", makefile, re.S | re.M).group(0)
    assert "runserver" in run and "DJANGO_DEBUG" not in run and "--insecure" not in run
    assert "DJANGO_DEBUG=1" in debug and "runserver" in debug
