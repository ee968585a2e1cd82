"""Who may see a page is decided once (`VisiblePageQuerySet.visible`): drafts,
private pages (and pages under them) and other sites' pages appear in no
listing, menu, search or sitemap."""

from wagtail.models import PageViewRestriction, Site

import pytest

from home.factories import (
    AgeBandPageFactory,
    ContentPageFactory,
    HomePageFactory,
    SectionPageFactory,
    YoungPeopleIndexPageFactory,
)
from home.models import BasePage

pytestmark = pytest.mark.django_db


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="not-for-readers"
    )


@pytest.fixture
def tree(home_page):
    """Each listing gets one visible page and three that must never show."""
    section = SectionPageFactory(
        parent=home_page, title="Parents and carers", slug="parents", show_in_menus=True
    )
    ContentPageFactory(parent=section, title="Visible guide zebra", slug="visible")
    draft = ContentPageFactory(parent=section, title="Draft guide zebra", slug="draft")
    draft.unpublish()
    private = ContentPageFactory(parent=section, title="Private guide zebra", slug="private")
    restrict(private)
    private_section = SectionPageFactory(
        parent=home_page, title="Private section", slug="private-section", show_in_menus=True
    )
    restrict(private_section)
    ContentPageFactory(parent=private_section, title="Under private zebra", slug="under")
    hidden_menu = SectionPageFactory(
        parent=home_page, title="Draft section", slug="draft-section", show_in_menus=True
    )
    hidden_menu.unpublish()

    index = YoungPeopleIndexPageFactory(parent=home_page)
    AgeBandPageFactory(parent=index, age_band__name="Ages 4 to 7", age_band__slug="4-7")
    AgeBandPageFactory(parent=index, age_band__name="Ages 8 to 10", age_band__slug="8-10")
    draft_band = AgeBandPageFactory(
        parent=index, age_band__name="Ages 11 to 13", age_band__slug="11-13"
    )
    draft_band.unpublish()
    private_band = AgeBandPageFactory(
        parent=index, age_band__name="Ages 14 to 17", age_band__slug="14-17"
    )
    restrict(private_band)

    # A second site: its pages never appear on the first.
    other_home = HomePageFactory(parent=home_page.get_parent(), slug="other", title="Other")
    Site.objects.create(hostname="other.example", root_page=other_home)
    ContentPageFactory(parent=other_home, title="Other site guide zebra", slug="elsewhere")
    return section


HIDDEN = ("Draft guide", "Private guide", "Under private", "Other site guide")


def test_the_queryset_method_itself(tree, home_page):
    titles = set(BasePage.objects.visible(home_page.get_site()).values_list("title", flat=True))
    assert "Visible guide zebra" in titles
    assert not {t for t in titles if t.startswith(HIDDEN)}
    assert "Private section" not in titles


def test_section_listing(client, tree):
    html = client.get(tree.url).content.decode()
    assert "Visible guide zebra" in html
    for title in HIDDEN:
        assert title not in html


def test_main_menu(client, tree):
    header = client.get(tree.url).content.decode().split("</header>")[0]
    assert "Parents and carers" in header
    assert "Private section" not in header
    assert "Draft section" not in header


def test_search(client, tree):
    html = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "1 result" in html
    assert "Visible guide zebra" in html
    for title in HIDDEN:
        assert title not in html


def test_sitemap(client, tree):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/parents/visible/" in xml
    for slug in ("/parents/draft/", "/parents/private/", "/private-section/", "/elsewhere/"):
        assert slug not in xml
    assert "other.example" not in xml


def test_age_band_choices_on_the_home_page_and_index(client, tree, home_page):
    for url in ("/", "/young-people/"):
        html = client.get(url).content.decode()
        assert "Ages 4 to 7" in html and "Ages 8 to 10" in html, url
        assert "Ages 11 to 13" not in html, url
        assert "Ages 14 to 17" not in html, url
