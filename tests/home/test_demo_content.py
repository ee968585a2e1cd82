"""The demo content `make run` loads: the tree, idempotence and careful language."""

import re
import shutil

from django.core.exceptions import ValidationError
from django.core.management import call_command

from wagtail.models import Page, PageLogEntry, Revision, Site

import pytest

from home.content_checks import NUMBER_FIELD, describe, page_texts
from home.demo_content.loader import DemoContentLoader, content_dirs, load_page_specs
from home.models import AgeBand, Audience, BasePage, SafetySettings, Topic

pytestmark = pytest.mark.django_db

# The shell's own pages; each feature app checks its area in tests/<app>/.
EXPECTED_TREE = {
    "/": "home.HomePage",
    "/young-people/": "home.YoungPeopleIndexPage",
    "/young-people/4-7/": "home.AgeBandPage",
    "/young-people/8-10/": "home.AgeBandPage",
    "/young-people/11-13/": "home.AgeBandPage",
    "/young-people/14-17/": "home.AgeBandPage",
    "/get-help/": "home.ContentPage",
    "/staying-safe-online/": "home.ContentPage",
    "/about/": "home.SectionPage",
    "/about/accessibility/": "home.ContentPage",
    "/about/privacy-young-people/": "home.ContentPage",
    "/about/privacy-adults/": "home.ContentPage",
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


def test_every_demo_page_passes_the_content_checks_editors_get(demo_site):
    """The same checks as the page editor (home/content_checks.py): careful
    language and real help numbers. Loading the demo content runs them too, on
    every save; this says which page and block fails, if one does."""
    pages = [page for page in Page.objects.live().specific() if isinstance(page, BasePage)]
    assert len(pages) == Page.objects.live().filter(depth__gt=1).count() > len(EXPECTED_TREE)
    problems = {page.url: describe(page) for page in pages if describe(page)}
    assert problems == {}


def test_the_number_checks_see_every_help_route_the_demo_gives(demo_site):
    """The numbers above were really looked at: every contact block's number is
    one the checks read as a number field."""
    numbers = {
        text.text
        for page in Page.objects.live().specific()
        if isinstance(page, BasePage)
        for text in page_texts(page)
        if text.number_rule == NUMBER_FIELD and text.text
    }
    assert numbers == {
        "0800 1111",
        "0808 800 5000",
        "116 000",
        "61016",
        "0800 555 111",
        "0808 1000 900",
        "101",
        "116 123",
        "85258",
    }


def test_demo_content_with_a_blaming_word_does_not_load(tmp_path, db):
    folders = []
    for n, folder in enumerate(content_dirs()):
        copy = tmp_path / f"demo-{n}"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        folders.append(copy)
    about = next(
        f / "pages" / "80-about.yaml" for f in folders if (f / "pages" / "80-about.yaml").exists()
    )
    about.write_text(about.read_text().replace("Clearsight", "Clearsight and risky behaviour", 1))
    with pytest.raises(ValidationError) as raised:
        DemoContentLoader(folders).load()
    assert "“risky behaviour”" in str(raised.value)


def test_every_page_for_young_people_ends_with_a_trusted_adult_and_a_next_step():
    specs = [s for s in load_page_specs() if "young-people" in s.get("audiences", [])]
    assert len(specs) >= 5
    for spec in specs:
        types = [block["type"] for block in spec["body"]]
        if spec["type"] == "resources.ResourcePage":
            # A resource's next steps (related resources, help) come from its template.
            assert types[-1] == "trusted_adult", spec["path"]
        else:
            assert types[-2:] == ["trusted_adult", "next_steps"], spec["path"]


def test_every_page_has_a_description_and_an_intro():
    for spec in load_page_specs():
        assert spec.get("search_description"), spec["path"]
        assert spec.get("intro"), spec["path"]
        assert spec.get("body"), spec["path"]


def test_a_page_whose_type_changed_takes_its_path_and_the_old_one_is_set_aside(demo_site, tmp_path):
    """A database loaded before the demo changed a page's type (the parents'
    section became a toolkit): the old page is unpublished under another slug,
    nothing is deleted, and the new page of the new type takes the path."""
    folders = []
    for n, folder in enumerate(content_dirs()):
        copy = tmp_path / f"demo-{n}"
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
        folders.append(copy)
    about = next(
        f / "pages" / "80-about.yaml" for f in folders if (f / "pages" / "80-about.yaml").exists()
    )
    text = about.read_text()
    spec = "- path: about/accessibility\n  type: home.ContentPage"
    assert spec in text
    about.write_text(text.replace(spec, "- path: about/accessibility\n  type: home.SectionPage"))
    old = Page.objects.get(url_path__endswith="/about/accessibility/")

    report = DemoContentLoader(folders).load()

    assert "set aside:/about/accessibility/" in report.updated
    new = Page.objects.get(url_path__endswith="/about/accessibility/").specific
    assert new.pk != old.pk and new._meta.label == "home.SectionPage" and new.live
    old.refresh_from_db()
    assert not old.live and old.slug == f"accessibility-replaced-{old.pk}"
    assert not DemoContentLoader(folders).load().changed


def test_the_privacy_notices_cover_every_flow_of_personal_data():
    """DPIA action A10 (issue 10): the adults' notice names professional accounts,
    certificates, teachers' feedback, group leaders and the training cookie, and
    no longer claims server logs of addresses and pages the app does not keep;
    the young people's notice stays short and for them."""
    specs = {spec["path"]: spec for spec in load_page_specs()}

    def text(path):
        return re.sub(r"\s+", " ", str(specs[path]["body"]))

    adults = text("about/privacy-adults")
    for words in (
        "Professional accounts",
        "Training and certificates",
        "cookie",
        "Teachers' lesson feedback",
        "Group leaders",
        "the email never contains the work or its title",
        "we do not email you",
        "you do not sign in for two years",
        "encrypted connection",
    ):
        assert words in adults, words
    assert "the pages requested" not in adults

    young = text("about/privacy-young-people")
    assert "does not show your work or its title" in young
    assert "forgets it within an hour" in young
    for adult_words in ("Lawful basis", "certificate", "Professional", "UK GDPR"):
        assert adult_words not in young, adult_words
