"""A lesson pack and a toolkit in the browser: axe-core clean, and printed without the site's furniture."""

from wagtail.models import Page

from home.factories import DocumentFactory
from schools.factories import (
    CurriculumItemFactory,
    LessonPackFileFactory,
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolToolkitPageFactory,
)
from schools.models import LessonPackIndexPage, ToolkitFile
from schools.privacy import professionals_collection
from tests.browser.axe import assert_no_axe_violations


def a_full_pack():
    schools = Page.objects.get(url_path__endswith="/schools/", depth=3).specific
    # The demo's own library once it has one (one per schools page).
    library = LessonPackIndexPage.objects.first() or LessonPackIndexPageFactory(
        parent=schools, slug="packs-under-test"
    )
    pack = LessonPackPageFactory(parent=library, slug="a-full-pack")
    pack.lesson_plan = [
        ("starter", {"title": "Ground rules", "minutes": 5, "text": "<p>Agree them.</p>"}),
        (
            "activity",
            {"title": "The story", "minutes": 30, "text": "<p>Read it.</p>", "resources": "Slides"},
        ),
        ("plenary", {"title": "Who to tell", "minutes": 10, "text": "<p>Name adults.</p>"}),
        ("differentiation", "<p>Use pictures.</p>"),
        ("assessment", {"baseline": "<p>Draw.</p>", "end_point": "<p>Add signs.</p>"}),
    ]
    pack.curriculum_links.set([CurriculumItemFactory(code="KS3 R26", heading="Relationships")])
    pack.save()
    LessonPackFileFactory(page=pack, document=DocumentFactory(), description="For the class.")
    LessonPackFileFactory(
        page=pack, document=DocumentFactory(collection=professionals_collection())
    )
    toolkit = SchoolToolkitPageFactory(parent=schools, slug="toolkit-under-test")
    ToolkitFile.objects.create(page=toolkit, document=DocumentFactory(), kind="policy")
    return schools, pack, toolkit


def test_pack_toolkit_and_schools_pages_pass_axe_and_print_plainly(page, live_site):
    schools, pack, toolkit = a_full_pack()
    for url in (schools.url, pack.url, toolkit.url):
        page.goto(live_site.url + url)
        assert page.locator("h1").count() == 1, url
        assert_no_axe_violations(page)

    page.goto(live_site.url + pack.url)
    page.emulate_media(media="print")
    for furniture in (".exit-this-page", ".site-header", ".help-strip", ".site-footer"):
        assert page.locator(furniture).first.is_hidden(), furniture
    assert page.locator(".pack__actions").first.is_hidden()
    assert page.locator(".before-you-teach").is_visible()
    assert page.locator(".lesson-plan").is_visible()
    assert page.console_errors == []


def test_pack_and_toolkit_start_in_a_phones_first_screen(browser, live_site):
    _, pack, toolkit = a_full_pack()
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="en-GB")
    page = context.new_page()
    try:
        for url in (pack.url, toolkit.url):
            page.goto(live_site.url + url)
            heading = page.locator("main h1").bounding_box()
            assert heading["y"] >= 0 and heading["y"] + heading["height"] <= 640, url
            summary = page.locator("main .page-header__intro").bounding_box()
            assert summary["y"] + 24 <= 640, url
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{url} scrolls sideways by {overflow}px"
            assert_no_axe_violations(page)
    finally:
        context.close()
