"""The demo content `make run` loads: the tree, idempotence and careful language."""

import re

from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Revision, Site

import pytest

from home.demo_content.loader import DemoContentLoader, load_page_specs
from home.models import AgeBand, Audience, SafetySettings, Topic

pytestmark = pytest.mark.django_db

EXPECTED_TREE = {
    "/": "home.HomePage",
    "/young-people/": "home.YoungPeopleIndexPage",
    "/young-people/4-7/": "home.AgeBandPage",
    "/young-people/8-10/": "home.AgeBandPage",
    "/young-people/11-13/": "home.AgeBandPage",
    "/young-people/14-17/": "home.AgeBandPage",
    "/parents-and-carers/": "home.SectionPage",
    "/schools/": "schools.SchoolsLandingPage",
    "/community/": "community.CommunityLandingPage",
    "/resources/": "resources.ResourceLibraryPage",
    "/get-involved/": "cocreation.GetInvolvedPage",
    "/get-help/": "home.ContentPage",
    "/staying-safe-online/": "home.ContentPage",
    "/about/": "home.SectionPage",
    "/about/accessibility/": "home.ContentPage",
    "/about/privacy-young-people/": "home.ContentPage",
    "/about/privacy-adults/": "home.ContentPage",
}

# Words that blame a child or misdescribe abuse (CONTENT-GUIDE.md, "Language").
FORBIDDEN = [
    "child prostitute",
    "child prostitution",
    "risky behaviour",
    "putting themselves at risk",
    "put themselves at risk",
    "sexually active",
    "lorem",
    "ipsum",
]
NATIONAL_NUMBERS = {
    "999",
    "101",
    "0800 1111",
    "0808 800 5000",
    "116 000",
    "0800 555 111",
    "61016",
    "0808 1000 900",
    "116 123",
    "85258",
    "55",
}


def test_the_demo_tree_has_every_page_at_its_path(demo_site, client):
    pages = {page.url: page for page in Page.objects.live().filter(depth__gt=1).specific()}
    for url, label in EXPECTED_TREE.items():
        assert url in pages, url
        assert pages[url]._meta.label == label, url
        assert client.get(url).status_code == 200, url
    assert client.get("/search/").status_code == 200
    assert Site.objects.get().root_page.specific._meta.label == "home.HomePage"


def test_taxonomy_is_data_with_the_four_age_bands(demo_site):
    assert list(AgeBand.objects.values_list("slug", flat=True)) == ["4-7", "8-10", "11-13", "14-17"]
    assert set(Audience.objects.values_list("slug", flat=True)) >= {
        "young-people",
        "parents-and-carers",
        "schools",
        "transport",
        "businesses",
        "professionals",
    }
    assert Topic.objects.count() >= 6


def test_settings_point_at_the_help_pages(demo_site):
    safety = SafetySettings.for_site(demo_site)
    assert safety.get_help_page.url_path.endswith("/get-help/")
    assert safety.staying_safe_page.url_path.endswith("/staying-safe-online/")


def test_loading_twice_changes_nothing(demo_site):
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    report = DemoContentLoader().load()
    assert not report.changed, (report.created, report.updated)
    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts


def test_the_command_reports_what_it_did(db, capsys):
    call_command("load_demo_content")
    first = capsys.readouterr().out
    call_command("load_demo_content")
    second = capsys.readouterr().out
    assert re.search(r"Demo content: [1-9]\d* created", first)
    assert "0 created, 0 updated" in second


def test_an_edited_page_is_brought_back_in_line(demo_site):
    page = Page.objects.get(url_path__endswith="/get-help/").specific
    page.title = "Changed by hand"
    page.save_revision().publish()
    report = DemoContentLoader().load()
    assert report.updated == ["page:/get-help/"]
    page.refresh_from_db()
    assert page.title != "Changed by hand"


def all_text(spec):
    return repr(spec).lower()


def test_content_avoids_blaming_language_and_placeholders():
    for spec in load_page_specs():
        text = all_text(spec)
        for phrase in FORBIDDEN:
            assert phrase not in text, (spec["path"], phrase)


def test_every_phone_number_is_a_real_national_help_route():
    for spec in load_page_specs():
        for block in spec.get("body", []):
            if block["type"] == "contact":
                for key in ("phone", "text_number"):
                    number = block["value"].get(key)
                    if number:
                        assert number in NATIONAL_NUMBERS, (spec["path"], number)


def test_every_page_for_young_people_ends_with_a_trusted_adult_and_a_next_step():
    specs = [s for s in load_page_specs() if "young-people" in s.get("audiences", [])]
    assert len(specs) >= 5
    for spec in specs:
        types = [block["type"] for block in spec["body"]]
        assert types[-2:] == ["trusted_adult", "next_steps"], spec["path"]


def test_every_page_has_a_description_and_an_intro():
    for spec in load_page_specs():
        assert spec.get("search_description"), spec["path"]
        assert spec.get("intro"), spec["path"]
        assert spec.get("body"), spec["path"]
