"""Filtering the library by ticking boxes, with JavaScript off and on; axe-core on
the index, a filtered listing, search results and the empty state."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations


@pytest.fixture
def library(live_site):
    """Resources made with factories beside the demo tree (whatever demo resources it has)."""
    from home.factories import AgeBandFactory, AudienceFactory, TopicFactory
    from resources.factories import FormatFactory, ResourcePageFactory
    from resources.models import ResourceIndexPage

    index = ResourceIndexPage.objects.get()
    young = AudienceFactory(slug="young-people", name="Young people")
    band = AgeBandFactory(slug="8-10", name="Ages 8 to 10", min_age=8, max_age=10)
    topic = TopicFactory(slug="trusted-adults", name="Trusted adults")
    poster = FormatFactory(slug="poster", name="Poster")
    guide = FormatFactory(slug="guide", name="Guide")
    ResourcePageFactory(
        parent=index,
        title="Zebra crossing: who can I tell?",
        audiences=[young],
        age_bands=[band],
        topics=[topic],
        format=poster,
        easy_read=True,
    )
    ResourcePageFactory(parent=index, title="Zebra guide for grown-ups", format=guide)
    return live_site


def axe(page, javascript):
    # axe-core is a script in the page: it runs only where JavaScript does (the
    # markup is the same either way).
    if javascript:
        assert_no_axe_violations(page)


def open_group(page, name):
    """Open a group of boxes (a <details>: no script needed)."""
    page.locator(".filter-group__summary", has_text=name).click()


def filter_the_library(page, base_url, javascript):
    page.goto(base_url + "/resources/")
    assert page.locator("h1").count() == 1
    axe(page, javascript)  # the index
    open_group(page, "Format")
    page.get_by_label("Poster").check()
    open_group(page, "Easy Read")
    page.get_by_label("Easy Read only").check()
    page.get_by_role("button", name="Show resources").click()
    page.wait_for_url("**/resources/?*")
    assert "format=poster" in page.url and "easy_read=yes" in page.url
    titles = page.locator(".library__results .card__link").all_inner_texts()
    assert "Zebra crossing: who can I tell?" in titles
    assert "Zebra guide for grown-ups" not in titles
    assert page.get_by_label("Poster").is_checked()
    axe(page, javascript)  # a filtered listing
    # Removing one filter is one link.
    page.get_by_role("link", name="Remove the filter Easy Read: Easy Read only").click()
    assert "easy_read" not in page.url and "format=poster" in page.url
    # Read what was found: the resource page, and its next steps at the end.
    page.locator(".library__results").get_by_role(
        "link", name="Zebra crossing: who can I tell?"
    ).click()
    assert page.locator("h1").inner_text() == "Zebra crossing: who can I tell?"
    expect(page.locator(".resource__next")).to_be_visible()
    axe(page, javascript)  # a resource page


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_filter_the_library(browser, library, javascript):
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="en-GB", java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        filter_the_library(page, library.url, javascript)
        # Nothing matches: the empty state, with what to try.
        # (Material for professionals is never for 4 to 7 year olds.)
        page.goto(library.url + "/resources/?audience=professionals&age=4-7")
        assert page.locator(".empty-state").is_visible()
        assert page.get_by_role("link", name="Search the whole site").is_visible()
        axe(page, javascript)  # the empty state
        # Search with the same filters.
        page.goto(library.url + "/search/?q=zebra")
        assert len(page.locator(".search-results .card__link").all_inner_texts()) == 2
        open_group(page, "Format")
        page.get_by_label("Guide").check()
        page.get_by_role("button", name="Show results").click()
        page.wait_for_url("**format=guide*")
        assert page.locator(".search-results .card__link").all_inner_texts() == [
            "Zebra guide for grown-ups"
        ]
        axe(page, javascript)  # search results
    finally:
        context.close()


def test_search_for_a_crisis_word_shows_help_first_and_passes_axe(page, library):
    page.goto(library.url + "/search/?q=scared")
    first = page.locator("main section").first
    assert "You can get help now" in first.inner_text()
    assert_no_axe_violations(page)
    page.goto(library.url + "/search/?q=zebraa")
    assert page.locator(".search-suggestion a").inner_text() == "zebra"
    assert_no_axe_violations(page)  # the empty state of search
    assert page.offsite_requests == []
    assert page.console_errors == []
