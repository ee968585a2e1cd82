"""The GOV.UK "Exit this page" pattern: the button, Shift three times, and Back."""

import re

from playwright.sync_api import expect

EXIT_URL = "https://www.bbc.co.uk/weather"


def open_two_pages(page, live_site):
    page.goto(live_site.url + "/young-people/")
    page.goto(live_site.url + "/young-people/11-13/")
    expect(page.locator("h1")).to_have_text("Ages 11 to 13")


def assert_left_and_back_does_not_return(page, live_site):
    page.wait_for_url(EXIT_URL)
    page.go_back()
    # Back lands on the page before the exited one, which leaves again at once.
    page.wait_for_url(EXIT_URL)
    assert not page.url.startswith(live_site.url)


def test_the_exit_button_leaves_and_replaces_history(page, live_site):
    open_two_pages(page, live_site)
    page.get_by_role("link", name="Exit this page").click()
    assert_left_and_back_does_not_return(page, live_site)
    assert EXIT_URL in page.offsite_requests


def test_shift_three_times_leaves_with_announcements(page, live_site):
    open_two_pages(page, live_site)
    status = page.locator("[data-exit-status]")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 2 more times to exit.")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 1 more time to exit.")
    page.keyboard.press("Shift")
    assert_left_and_back_does_not_return(page, live_site)


def test_shift_with_another_key_does_not_count(page, live_site):
    open_two_pages(page, live_site)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(live_site.url), "typing a capital letter must not exit"
    expect(page.locator("[data-exit-status]")).to_have_text("Shift, press 2 more times to exit.")


def test_shift_presses_expire_after_a_few_seconds(page, live_site):
    open_two_pages(page, live_site)
    page.clock.install()
    page.reload()
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(6000)
    expect(page.locator("[data-exit-status]")).to_have_text("Exit this page expired.")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url.startswith(live_site.url)


def test_a_page_reached_through_history_after_an_exit_is_not_shown(page, live_site):
    page.goto(live_site.url + "/get-help/")
    page.goto(live_site.url + "/staying-safe-online/")
    # Leave from the second page, then come back to the first from history.
    page.evaluate("url => sessionStorage.setItem('clearsight:exited-to', url)", EXIT_URL)
    page.go_back()
    page.wait_for_url(EXIT_URL)


def test_a_fresh_visit_after_exiting_shows_the_site_again(page, live_site):
    page.goto(live_site.url + "/")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(EXIT_URL)
    page.goto(live_site.url + "/parents-and-carers/")
    expect(page.locator("h1")).to_be_visible()
    assert re.match(re.escape(live_site.url), page.url)


def test_a_page_restored_from_the_back_forward_cache_hides_and_leaves(page, live_site):
    """Chromium may restore a page from its back/forward cache without running
    any script again: only `pageshow` (persisted) fires. Simulate exactly that."""
    page.goto(live_site.url + "/get-help/")
    page.evaluate(
        """url => {
            sessionStorage.setItem('clearsight:exited-to', url);
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
            return document.documentElement.classList.contains('is-exiting');
        }""",
        EXIT_URL,
    )
    page.wait_for_url(EXIT_URL)
