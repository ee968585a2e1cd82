import os
import shutil
from pathlib import Path

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from home.factories import HomePageFactory

# Playwright's sync API runs an event loop in the test thread; Django's
# async-safety check would then refuse every ORM call the test makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and cached settings never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """A Clearsight home page as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="clearsight-home")
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.save()
    welcome.delete()
    return home


@pytest.fixture
def demo_site(db):
    """The whole demo tree, exactly as `make run` loads it."""
    from home.demo_content.loader import DemoContentLoader

    DemoContentLoader().load()
    return Site.objects.get(is_default_site=True)


def find_chromium():
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).exists():
        return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path:
        return path
    reason = "No Chromium found at CHROMIUM_PATH or /usr/bin/chromium (Debian package 'chromium')."
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)
