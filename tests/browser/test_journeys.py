"""Journeys by keyboard, without JavaScript, and the young people's safety note."""

import re

from playwright.sync_api import expect


def test_keyboard_reaches_the_skip_link_then_the_exit_button(page, live_site):
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Staying safe online").first).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Exit this page")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_a_young_person_routes_from_home_by_age(page, live_site):
    page.goto(live_site.url + "/")
    page.get_by_role("link", name="Ages 8 to 10").click()
    expect(page.locator("h1")).to_have_text("Ages 8 to 10")
    expect(page.locator(".trusted-adult")).to_be_visible()
    expect(page.locator(".next-steps")).to_be_visible()


def test_search_from_the_home_page(page, live_site):
    page.goto(live_site.url + "/")
    page.get_by_label("Search", exact=True).first.fill("missing")
    page.get_by_role("button", name="Search").first.click()
    expect(page.locator("h1")).to_have_text("Search Clearsight")
    # "No results for “missing”" would match a bare "for “missing”": the demo has results.
    expect(page.locator("#search-results-title")).to_have_text(
        re.compile(r"^[1-9]\d* results? for “missing”$")
    )
    expect(page.locator(".search-results .card__link").first).to_be_visible()


def test_a_too_long_search_focuses_the_error_summary_and_keeps_the_text(page, live_site):
    # The field's maxlength stops this in the browser; a shared or edited link can still carry it.
    long_query = "friends" * 20
    page.goto(f"{live_site.url}/search/?q={long_query}")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Error: Search – Clearsight")
    summary.get_by_role("link", name="Search for 100 characters or fewer.").click()
    field = page.get_by_label("Search Clearsight")
    expect(field).to_be_focused()
    expect(field).to_have_value(long_query)


def test_the_safety_note_shows_once_in_the_young_peoples_section(page, live_site):
    page.goto(live_site.url + "/young-people/")
    note = page.locator("[data-safety-intro]")
    expect(note).to_be_visible()
    note.get_by_role("button", name="Got it, hide this").click()
    expect(note).to_be_hidden()
    expect(page.locator("#main-content")).to_be_focused()
    page.goto(live_site.url + "/young-people/14-17/")
    expect(page.locator("[data-safety-intro]")).to_be_hidden()
    assert page.context.cookies() == [], "dismissing the note must not set a cookie"


def test_everything_works_without_javascript(browser, live_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_site.url + "/young-people/11-13/")
        exit_link = page.get_by_role("link", name="Exit this page")
        expect(exit_link).to_have_attribute("href", "https://www.bbc.co.uk/weather")
        expect(exit_link).to_have_attribute("rel", "nofollow noreferrer")
        expect(page.locator("[data-safety-intro]")).to_be_visible()
        expect(page.get_by_role("button", name="Got it, hide this")).to_be_hidden()
        question = page.locator("details.questions__item summary").first
        question.click()
        expect(page.locator("details.questions__item").first).to_have_attribute("open", "")
        page.get_by_label("Search", exact=True).first.fill("help")
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Search Clearsight")
    finally:
        context.close()


def test_print_drops_the_exit_button_and_navigation(page, live_site):
    page.goto(live_site.url + "/parents-and-carers/")
    page.emulate_media(media="print")
    expect(page.locator(".exit-this-page")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()


def motion_on_page(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('*')).flatMap(el => {
            const style = getComputedStyle(el);
            return [style.transitionDuration, style.animationDuration];
        }).filter(d => d && d.split(',').some(part => parseFloat(part) > 0))"""
    )


def test_reduced_motion_is_respected(browser, live_site):
    for preference, expect_motion in (("no-preference", True), ("reduce", False)):
        context = browser.new_context(reduced_motion=preference)
        page = context.new_page()
        try:
            page.goto(live_site.url + "/")
            assert bool(motion_on_page(page)) is expect_motion, preference
        finally:
            context.close()


def test_the_exit_button_stays_in_view_while_reading(page, live_site):
    page.goto(live_site.url + "/young-people/14-17/")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("() => window.scrollY") > 500
    box = page.get_by_role("link", name="Exit this page").bounding_box()
    assert box is not None and 0 <= box["y"] < 100
    # Scrolling to the end starts loading the lazy pictures: let them finish,
    # so that no request is still being served when the database is emptied.
    page.wait_for_load_state("networkidle")
