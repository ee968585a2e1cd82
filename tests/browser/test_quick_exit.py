"""The GOV.UK "Exit this page" pattern: the button, Shift three times, and Back.

Two things make these tests able to fail:

- The exit destination can be made to answer "204 No Content", so the browser
  stays on the page that asked to leave and the test can see what the page
  did at that moment (hidden, retitled, announced, flag set). Without it the
  page is gone before anything can be checked.
- `location.replace` and `location.assign` both end on the exit destination,
  and the sessionStorage flag sends any page reached through Back away again,
  so the final address cannot tell them apart. The length of the tab's
  history and the page that Back actually loads can: after a replace the
  exited page is no longer in the history at all.
"""

import datetime
import re

from playwright.sync_api import expect

EXIT_URL = "https://www.bbc.co.uk/weather"
EXITED_KEY = "clearsight:exited-to"
FIRST_PAGE = "/young-people/"
EXITED_PAGE = "/young-people/11-13/"


def stay_on_the_page_when_it_tries_to_leave(page):
    """Answer the exit destination with 204, so the page that asked to leave stays put."""
    requests = []

    def no_content(route):
        requests.append(route.request.url)
        route.fulfill(status=204, body="")

    page.route(re.compile(r"^https://www\.bbc\.co\.uk/weather"), no_content)
    return requests


def record_navigations(page):
    """Every address the tab's top frame commits to, in order (network or back/forward cache)."""
    committed = []
    page.on(
        "framenavigated",
        lambda frame: committed.append(frame.url) if frame == page.main_frame else None,
    )
    return committed


def open_two_pages(page, live_site):
    page.goto(live_site.url + FIRST_PAGE)
    page.goto(live_site.url + EXITED_PAGE)
    expect(page.locator("h1")).to_have_text("Ages 11 to 13")


def history_length(page):
    return page.evaluate("() => history.length")


def history_entries(page):
    """Every address in the tab's session history, as Chromium keeps it (DevTools protocol).

    Chromium lets Back skip an entry that sent the reader on without a click,
    so Back alone cannot show whether a page left by adding an entry or by
    replacing its own: the list of entries can.
    """
    session = page.context.new_cdp_session(page)
    try:
        return [entry["url"] for entry in session.send("Page.getNavigationHistory")["entries"]]
    finally:
        session.detach()


def assert_hidden_and_announced(page):
    """What the reader (and anyone looking over their shoulder) sees the moment they exit."""
    expect(page.locator("html")).to_have_class(re.compile(r"\bis-exiting\b"))
    expect(page.locator("#main-content")).to_be_hidden()
    expect(page.locator("h1")).to_be_hidden()
    expect(page).to_have_title("Loading.")
    expect(page.locator("[data-exit-status]")).to_have_text("Exit this page activated.")
    assert page.evaluate(f"() => sessionStorage.getItem('{EXITED_KEY}')") == EXIT_URL


def assert_history_replaced(page, live_site, length_before, committed):
    """The exited page was replaced: history did not grow, and Back skips it."""
    page.wait_for_url(EXIT_URL)
    assert history_length(page) == length_before, (
        "the exit must replace the current history entry, not add one"
    )
    assert live_site.url + EXITED_PAGE not in history_entries(page)
    committed.clear()
    page.go_back()
    # Back lands on the page before the exited one, which leaves again at once.
    page.wait_for_url(EXIT_URL)
    assert live_site.url + EXITED_PAGE not in committed, (
        f"Back returned to the exited page: {committed}"
    )
    assert live_site.url + FIRST_PAGE in committed, committed
    assert history_length(page) == length_before


def test_the_exit_button_hides_the_page_before_it_leaves(page, live_site):
    open_two_pages(page, live_site)
    asked_to_leave = stay_on_the_page_when_it_tries_to_leave(page)
    expect(page.locator("#main-content")).to_be_visible()
    page.get_by_role("link", name="Exit this page").click()
    assert_hidden_and_announced(page)
    assert asked_to_leave == [EXIT_URL]


def test_the_exit_button_leaves_and_replaces_history(page, live_site):
    open_two_pages(page, live_site)
    committed = record_navigations(page)
    length_before = history_length(page)
    page.get_by_role("link", name="Exit this page").click()
    assert_history_replaced(page, live_site, length_before, committed)
    assert EXIT_URL in page.offsite_requests


def test_shift_three_times_hides_the_page_with_announcements(page, live_site):
    open_two_pages(page, live_site)
    stay_on_the_page_when_it_tries_to_leave(page)
    status = page.locator("[data-exit-status]")
    lit = page.locator("[data-exit-indicator] .is-on")
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 2 more times to exit.")
    expect(lit).to_have_count(1)
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 1 more time to exit.")
    expect(lit).to_have_count(2)
    page.keyboard.press("Shift")
    assert_hidden_and_announced(page)


def test_shift_three_times_leaves_and_replaces_history(page, live_site):
    open_two_pages(page, live_site)
    committed = record_navigations(page)
    length_before = history_length(page)
    for _ in range(3):
        page.keyboard.press("Shift")
    assert_history_replaced(page, live_site, length_before, committed)


def test_shift_with_another_key_does_not_count(page, live_site):
    open_two_pages(page, live_site)
    asked_to_leave = stay_on_the_page_when_it_tries_to_leave(page)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift")
    # Had any of those counted, the third press would have asked to leave.
    expect(page.locator("[data-exit-status]")).to_have_text("Shift, press 2 more times to exit.")
    assert asked_to_leave == [], "typing a capital letter must not exit"
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bis-exiting\b"))
    expect(page.locator("#main-content")).to_be_visible()


def test_shift_presses_expire_after_five_seconds(page, live_site):
    open_two_pages(page, live_site)
    asked_to_leave = stay_on_the_page_when_it_tries_to_leave(page)
    start = datetime.datetime(2026, 1, 5, 9, 0)
    page.clock.install(time=start)
    page.reload()
    # Paused: only run_for moves the page's time, however slow the machine
    # is between the presses and the checks (installed, the clock would flow).
    page.clock.pause_at(start + datetime.timedelta(minutes=1))
    status = page.locator("[data-exit-status]")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(4900)
    expect(status).to_have_text("Shift, press 1 more time to exit.")
    page.clock.run_for(200)
    expect(status).to_have_text("Exit this page expired.")
    expect(page.locator("[data-exit-indicator]")).to_be_hidden()
    # The count starts again from one: a third press now does not exit.
    page.keyboard.press("Shift")
    expect(status).to_have_text("Shift, press 2 more times to exit.")
    assert asked_to_leave == []
    expect(page.locator("#main-content")).to_be_visible()


def test_a_page_reached_through_history_after_an_exit_is_hidden_and_leaves(page, live_site):
    page.goto(live_site.url + "/get-help/")
    page.goto(live_site.url + "/staying-safe-online/")
    # Leave from the second page, then come back to the first from history.
    page.evaluate("url => sessionStorage.setItem('clearsight:exited-to', url)", EXIT_URL)
    asked_to_leave = stay_on_the_page_when_it_tries_to_leave(page)
    # It asks to leave while its <head> is still being read, so "load" may never come.
    page.go_back(wait_until="commit")
    expect(page.locator("html")).to_have_class(re.compile(r"\bis-exiting\b"))
    expect(page.locator("#main-content")).to_be_hidden()
    expect(page.locator("h1")).to_be_hidden()
    assert asked_to_leave == [EXIT_URL]


def test_a_page_reached_through_history_after_an_exit_leaves_and_is_replaced(page, live_site):
    page.goto(live_site.url + "/get-help/")
    page.goto(live_site.url + "/staying-safe-online/")
    committed = record_navigations(page)
    page.evaluate("url => sessionStorage.setItem('clearsight:exited-to', url)", EXIT_URL)
    page.go_back()
    page.wait_for_url(EXIT_URL)
    # /get-help/ left by replacing its own entry, so Back from the exit
    # destination goes to whatever came before it (here the tab's first, blank
    # page); had it added an entry, Back would load /get-help/ again.
    entries = history_entries(page)
    assert live_site.url + "/get-help/" not in entries, entries
    assert live_site.url + "/staying-safe-online/" in entries, entries
    committed.clear()
    page.go_back()
    assert committed, "Back should have gone somewhere"
    assert live_site.url + "/get-help/" not in committed, committed


def test_a_fresh_visit_after_exiting_shows_the_site_again(page, live_site):
    page.goto(live_site.url + "/")
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(EXIT_URL)
    page.goto(live_site.url + "/parents-and-carers/")
    expect(page.locator("h1")).to_be_visible()
    assert page.url == live_site.url + "/parents-and-carers/"
    # The fresh visit cleared the flag: Back to it later shows it, and does not leave.
    assert page.evaluate(f"() => sessionStorage.getItem('{EXITED_KEY}')") is None
    asked_to_leave = stay_on_the_page_when_it_tries_to_leave(page)
    page.goto(live_site.url + "/get-help/")
    page.go_back()
    expect(page.locator("h1")).to_have_text("Parents and carers")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bis-exiting\b"))
    assert asked_to_leave == []
    assert page.url == live_site.url + "/parents-and-carers/"


def test_a_page_restored_from_the_back_forward_cache_hides_and_leaves(page, live_site):
    """Chromium may restore a page from its back/forward cache without running
    any script again: only `pageshow` (persisted) fires. Simulate exactly that."""
    page.goto(live_site.url + "/get-help/")
    page.goto(live_site.url + "/staying-safe-online/")
    length_before = history_length(page)
    hidden_at_once = page.evaluate(
        """url => {
            sessionStorage.setItem('clearsight:exited-to', url);
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));
            return document.documentElement.classList.contains('is-exiting');
        }""",
        EXIT_URL,
    )
    assert hidden_at_once is True, "the restored page must be hidden before it leaves"
    page.wait_for_url(EXIT_URL)
    assert history_length(page) == length_before, "the restored page must be replaced"
    assert live_site.url + "/staying-safe-online/" not in history_entries(page)
    committed = record_navigations(page)
    page.go_back()
    page.wait_for_url(EXIT_URL)
    assert live_site.url + "/staying-safe-online/" not in committed, committed


def test_an_ordinary_pageshow_does_not_leave(page, live_site):
    """Only a restore from the back/forward cache after an exit leaves; a page
    shown normally stays, even with the flag set."""
    page.goto(live_site.url + "/get-help/")
    stayed = page.evaluate(
        """url => {
            sessionStorage.setItem('clearsight:exited-to', url);
            window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: false}));
            return !document.documentElement.classList.contains('is-exiting');
        }""",
        EXIT_URL,
    )
    assert stayed is True
    expect(page.locator("h1")).to_be_visible()
