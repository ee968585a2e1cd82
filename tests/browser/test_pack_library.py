"""Finding lesson packs in the browser: ticking boxes and searching, with JavaScript
off and on; axe-core on the library, a filtered and searched listing, the empty
state and a bad choice."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


@pytest.fixture
def pack_library(live_site):
    """Packs made with factories under the demo's schools area (its own library if
    the demo has one, else a new one)."""
    from wagtail.models import PageViewRestriction

    from home.factories import TopicFactory
    from schools.factories import LessonPackIndexPageFactory, LessonPackPageFactory
    from schools.models import KeyStage, LessonPackIndexPage, SchoolsLandingPage
    from schools.privacy import professionals_group

    index = LessonPackIndexPage.objects.first()
    if index is None:
        index = LessonPackIndexPageFactory(
            parent=SchoolsLandingPage.objects.get(), title="Lesson packs", slug="lesson-packs"
        )
    topic = TopicFactory(slug="zebra-topic", name="Zebra topic")
    ks2, ks4 = KeyStage.objects.get(slug="ks2"), KeyStage.objects.get(slug="ks4")
    LessonPackPageFactory(
        parent=index, title="Zebra crossings and secrets", key_stages=[ks2], lesson_minutes=30
    ).topics.add(topic)
    staff = LessonPackPageFactory(
        parent=index, title="Zebra case studies for staff", key_stages=[ks4], lesson_minutes=90
    )
    restriction = PageViewRestriction.objects.create(
        page=staff, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(professionals_group())
    return live_site.url + index.url


def axe(page, javascript):
    if javascript:  # axe-core is a script in the page: it runs only where JavaScript does
        assert_no_axe_violations(page)


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_find_a_lesson_pack(browser, pack_library, javascript):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(pack_library)
        assert page.locator("h1").count() == 1
        axe(page, javascript)  # the library
        page.get_by_label("Words to search for").fill("zebra")
        page.locator(".filter-group__summary", has_text="Key stage").click()
        page.get_by_label("Key stage 4").check()
        page.get_by_role("button", name="Show lesson packs").click()
        page.wait_for_url("**q=zebra*")
        assert "key_stage=ks4" in page.url
        cards = page.locator(".library__results .card")
        assert cards.locator(".card__link").all_inner_texts() == ["Zebra case studies for staff"]
        assert "For verified professionals" in cards.inner_text()
        assert page.get_by_label("Words to search for").input_value() == "zebra"
        axe(page, javascript)  # searched and filtered
        page.get_by_role("link", name="Remove the filter Key stage: Key stage 4").click()
        # The click returns once the new page is committed, not loaded: wait for it.
        expect(page.locator(".library__results .card__link")).to_have_count(2)
        assert "key_stage" not in page.url and "q=zebra" in page.url
        # Nothing matches: the empty state; a bad choice: a message beside its group.
        page.goto(pack_library + "?q=zebra&key_stage=ks2&duration=over-60&year=y99")
        assert page.locator(".empty-state").is_visible()
        assert page.locator("#packs-year-error").is_visible()
        axe(page, javascript)  # the empty state with an error
    finally:
        context.close()
