"""The site's chrome (Site, settings, menu, restrictions) is kept per page-cache
generation (home/chrome.py): read once, and retired with the stored pages, so
that every change still shows on the next request."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from home.chrome import remembered
from home.factories import ContentPageFactory, SectionPageFactory
from home.models import NavigationSettings, SafetySettings
from home.page_cache.store import (
    GENERATION_KEY,
    bump_generation,
    current_generation,
    read_generation,
)

pytestmark = pytest.mark.django_db


def commit():
    """Run what committing the test's transaction would (as in test_page_cache.py)."""
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


@pytest.fixture
def site_pages(home_page, settings):
    settings.PAGE_CACHE_SECONDS = 0  # every request renders
    section = SectionPageFactory(parent=home_page, title="Parents", slug="parents")
    section.show_in_menus = True
    section.save_revision().publish()
    guide = ContentPageFactory(parent=section, title="A guide", slug="guide")
    commit()
    return {"home": home_page, "section": section, "guide": guide}


def tables_read(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in captured)


def test_with_a_generation_the_chrome_is_read_once(client, site_pages):
    current_generation()
    tables_read(client, "/parents/guide/")
    html, sql = tables_read(client, "/parents/guide/")
    assert "Parents" in html
    for table in ("wagtailcore_site", "home_safetysettings", "home_navigationsettings"):
        assert table not in sql
    assert "wagtailcore_pageviewrestriction" not in sql


def test_without_a_generation_nothing_is_kept(client, site_pages):
    cache.clear()  # no generation: the cache was emptied, or never warmed
    tables_read(client, "/parents/guide/")
    _html, sql = tables_read(client, "/parents/guide/")
    assert "home_safetysettings" in sql
    assert "wagtailcore_site" in sql


def test_a_settings_change_shows_on_the_next_request(client, site_pages):
    current_generation()
    site = site_pages["home"].get_site()
    assert "0800 1111" in tables_read(client, "/parents/guide/")[0]
    safety = SafetySettings.for_site(site)
    safety.childline_number = "0800 2222"
    safety.save()
    navigation = NavigationSettings.for_site(site)
    navigation.footer_links = [("link", {"page": site_pages["guide"], "label": "Our footer guide"})]
    navigation.save()
    commit()
    html = tables_read(client, "/parents/guide/")[0]
    assert "0800 2222" in html
    assert "0800 1111" not in html
    assert "Our footer guide" in html


def test_a_page_published_into_the_menu_shows_on_the_next_request(client, site_pages):
    current_generation()
    assert "Schools" not in tables_read(client, "/parents/guide/")[0]
    schools = SectionPageFactory(parent=site_pages["home"], title="Schools", slug="schools")
    schools.show_in_menus = True
    schools.save_revision().publish()
    commit()
    assert ">Schools<" in tables_read(client, "/parents/guide/")[0]


# --- Read once per request, kept in this process ------------------------------------------


def record_cache_reads(monkeypatch):
    """Every key the cache is asked for from now on (get and get_many)."""
    keys = []
    get, get_many = cache.get, cache.get_many

    def recording_get(key, *args, **kwargs):
        keys.append(key)
        return get(key, *args, **kwargs)

    def recording_get_many(many, *args, **kwargs):
        keys.extend(many)
        return get_many(many, *args, **kwargs)

    monkeypatch.setattr(cache, "get", recording_get)
    monkeypatch.setattr(cache, "get_many", recording_get_many)
    return keys


def test_a_request_reads_the_generation_once_and_the_chrome_from_this_process(
    client, site_pages, monkeypatch
):
    current_generation()
    tables_read(client, "/parents/guide/")  # computes and keeps the chrome
    reads = record_cache_reads(monkeypatch)
    html, _sql = tables_read(client, "/parents/guide/")
    assert ">Parents<" in html  # the menu, from what was kept
    assert reads.count(GENERATION_KEY) == 1
    # The chrome from this process; only the page the path leads to, kept per
    # page in the shared cache (home/routing.py), is read from there.
    shared = [key for key in reads if key.startswith("chrome:")]
    assert len(shared) == 1
    assert ":route:" in shared[0]


def test_a_kept_value_is_a_copy_for_each_caller(db):
    current_generation()
    first = remembered("test:list", lambda: ["kept"])
    first.append("changed by its caller")
    assert remembered("test:list", lambda: ["computed again"]) == ["kept"]
    assert remembered("test:list", lambda: ["computed again"]) == ["kept"]


def test_a_new_generation_is_not_answered_from_this_process(db):
    current_generation()
    assert remembered("test:value", lambda: "before") == "before"
    bump_generation()
    assert remembered("test:value", lambda: "after") == "after"


def test_without_a_generation_every_call_computes_and_a_reader_starts_none(client, site_pages):
    cache.clear()
    computed = []
    remembered("test:value", lambda: computed.append(1))
    remembered("test:value", lambda: computed.append(1))
    assert len(computed) == 2
    tables_read(client, "/parents/guide/")
    assert read_generation() is None
