"""sitemap.xml lists what a reader may see, on the address the site really has."""

import xml.etree.ElementTree as ET

from django.core.management import CommandError, call_command

from wagtail.models import PageViewRestriction, Site

import pytest

from home.factories import ContentPageFactory, SectionPageFactory

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def tree(home_page):
    section = SectionPageFactory(parent=home_page, title="Parents", slug="parents")
    ContentPageFactory(parent=section, title="Visible", slug="visible")
    ContentPageFactory(parent=section, title="Draft", slug="draft").unpublish()
    private = ContentPageFactory(parent=section, title="Private", slug="private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="not-for-readers"
    )
    ContentPageFactory(parent=private, title="Under private", slug="under")
    return section


def locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    return [loc.text for loc in root.iter(f"{NS}loc")]


def test_the_site_record_is_localhost_on_port_80(tree):
    """What Wagtail alone would write: the Site record's address, not the real one."""
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)


def test_urls_use_the_host_and_port_the_site_runs_on(client, tree):
    urls = locations(client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8000"))
    assert "http://127.0.0.1:8000/parents/visible/" in urls
    assert all(url.startswith("http://127.0.0.1:8000/") for url in urls), urls
    assert not [url for url in urls if "localhost" in url]


def test_urls_keep_the_scheme_of_the_request(client, tree):
    urls = locations(client.get("/sitemap.xml", HTTP_HOST="localhost", secure=True))
    assert "https://localhost/parents/visible/" in urls
    assert all(url.startswith("https://localhost/") for url in urls), urls


def test_a_host_not_allowed_is_refused(client, tree):
    assert client.get("/sitemap.xml", HTTP_HOST="evil.example").status_code == 400


def test_drafts_and_private_pages_are_left_out(client, tree):
    urls = locations(client.get("/sitemap.xml"))
    assert "http://testserver/parents/visible/" in urls
    for slug in ("draft", "private", "private/under"):
        assert f"http://testserver/parents/{slug}/" not in urls


def test_set_site_address_gives_the_site_its_real_address(client, tree, capsys):
    call_command("set_site_address", "127.0.0.1", "8000")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert "now 127.0.0.1:8000" in capsys.readouterr().out
    call_command("set_site_address", "127.0.0.1", "8000")
    assert "already" in capsys.readouterr().out
    visible = ContentPageFactory._meta.model.objects.get(slug="visible")
    assert visible.full_url == "http://127.0.0.1:8000/parents/visible/"


def test_set_site_address_will_not_take_another_sites_address(tree, home_page):
    other = ContentPageFactory(parent=home_page.get_parent(), slug="other-root")
    Site.objects.create(hostname="127.0.0.1", port=8000, root_page=other)
    with pytest.raises(CommandError, match="Another site"):
        call_command("set_site_address", "127.0.0.1", "8000")
