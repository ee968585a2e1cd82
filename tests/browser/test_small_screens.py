"""A phone is the first screen; "Listen to this page"; nothing of this needs JavaScript."""

import re

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

PHONE = {"width": 360, "height": 640}
EXIT_URL = re.compile(r"^https://www\.bbc\.co\.uk/weather")


def one_page_of_each_type():
    """The first live page of each page type in the demo tree, so a new type is covered too."""
    from wagtail.models import Page

    pages = {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path"):
        pages.setdefault(page.content_type_id, page)
    return {page.specific_class.__name__: page.url for page in pages.values()}


# The first thing after the h1 that a reader reads: its own intro, a paragraph,
# a list or a block of the page's content.
FIRST_CONTENT_AFTER_H1 = """() => {
    const h1 = document.querySelector('main h1');
    const candidates = document.querySelectorAll(
        'main p, main ul, main ol, main section, main figure, main .card, main form');
    for (const el of candidates) {
        if (!(h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
        if (h1.contains(el) || !el.getClientRects().length || !el.textContent.trim()) continue;
        const box = el.getBoundingClientRect();
        return {top: box.top, tag: el.tagName, text: el.textContent.trim().slice(0, 40)};
    }
    return null;
}"""


def in_first_screen(box, what, path):
    assert box is not None, f"{path}: no {what}"
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], (
        f"{path}: the {what} is not in the first screen at 360 x 640 ({box})"
    )


def test_every_page_type_shows_its_heading_and_content_in_a_phones_first_screen(browser, live_site):
    pages = one_page_of_each_type()
    assert {"HomePage", "ContentPage", "AgeBandPage", "ResourcePage"} <= set(pages)
    pages["search results"] = "/search/?q=help"
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    try:
        for kind, path in pages.items():
            page.goto(live_site.url + path)
            where = f"{kind} {path}"
            in_first_screen(page.locator("main h1").bounding_box(), "main heading", where)
            content = page.evaluate(FIRST_CONTENT_AFTER_H1)
            assert content is not None, f"{where}: nothing follows the heading"
            # At least a line of it shows.
            assert content["top"] + 24 <= PHONE["height"], f"{where}: content starts at {content}"
            exit_button = page.get_by_role("link", name="Exit this page")
            expect(exit_button).to_be_visible()
            in_first_screen(exit_button.bounding_box(), "exit button", where)
            emergency = page.locator(".help-strip").get_by_role("link", name="999", exact=True)
            expect(emergency).to_be_visible()
            in_first_screen(emergency.bounding_box(), "999 link", where)
            # The menu is folded away, one tap from the top.
            expect(page.locator(".site-nav")).to_be_hidden()
            in_first_screen(page.locator(".site-menu__toggle").bounding_box(), "Menu", where)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{where} scrolls sideways by {overflow}px"
            assert_no_axe_violations(page)
    finally:
        context.close()


def test_the_phone_menu_opens_and_is_used_by_keyboard_without_javascript(browser, live_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_site.url + "/young-people/11-13/")
        expect(page.locator("[data-listen]")).to_be_hidden()
        toggle = page.locator(".site-menu__toggle")
        expect(toggle).to_have_accessible_name("Menu and search")
        first_link = page.locator(".site-nav").get_by_role("link").first
        expect(first_link).to_be_hidden()
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.site-menu__toggle')"):
                break
        expect(toggle).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator(".site-menu")).to_have_attribute("open", "")
        page.keyboard.press("Tab")
        expect(first_link).to_be_focused()
        expect(first_link).to_be_visible()
        expect(page.get_by_label("Search", exact=True)).to_be_visible()
        href = first_link.get_attribute("href")
        first_link.press("Enter")
        page.wait_for_url(live_site.url + href)
    finally:
        context.close()


def test_wider_screens_show_the_menu_open_with_no_menu_button(page, live_site):
    page.goto(live_site.url + "/parents-and-carers/")
    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.locator(".site-nav").get_by_role("link").first).to_be_visible()
    expect(page.get_by_label("Search", exact=True).first).to_be_visible()


# ---- Listen to this page ------------------------------------------------------

FAKE_SPEECH = """
(() => {
    const calls = [];
    window.__speechCalls = calls;
    const voices = %(voices)s;
    const listeners = [];
    const fake = {
        speaking: false, pending: false, paused: false, onvoiceschanged: null,
        getVoices() { return voices; },
        speak(utterance) {
            calls.push({method: 'speak', text: utterance.text,
                        voice: utterance.voice ? utterance.voice.name : null});
        },
        cancel() { calls.push({method: 'cancel'}); },
        pause() {}, resume() {},
        addEventListener(type, fn) { listeners.push(fn); },
        removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', {configurable: true, get: () => fake});
    window.SpeechSynthesisUtterance = function (text) { this.text = text; this.voice = null; };
})();
"""
NETWORK_VOICE = "{name: 'Cloud English', lang: 'en-GB', localService: false, default: true}"
LOCAL_VOICE = "{name: 'Device English', lang: 'en-GB', localService: true, default: false}"


def speech_calls(page):
    return page.evaluate("() => window.__speechCalls.slice()")


def test_listen_reads_with_a_voice_on_the_device_only_when_asked_and_stops_on_exit(page, live_site):
    page.add_init_script(FAKE_SPEECH % {"voices": f"[{NETWORK_VOICE}, {LOCAL_VOICE}]"})
    page.goto(live_site.url + "/young-people/11-13/")
    button = page.get_by_role("button", name="Listen to this page")
    expect(button).to_be_visible()
    assert speech_calls(page) == [], "nothing may speak before the reader asks"

    button.click()
    spoken = [call for call in speech_calls(page) if call["method"] == "speak"]
    assert spoken, "the page was not read"
    assert {call["voice"] for call in spoken} == {"Device English"}
    assert spoken[0]["text"] == page.locator("main h1").inner_text()
    assert not any("Before you start" in call["text"] for call in spoken)
    expect(page.get_by_role("button", name="Stop reading")).to_be_visible()

    # Exit this page: the destination answers 204, so this page stays to be checked,
    # and no pagehide happens; the exit itself must stop the reading.
    page.route(EXIT_URL, lambda route: route.fulfill(status=204, body=""))
    cancels_before = speech_calls(page).count({"method": "cancel"})
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_function("() => document.documentElement.classList.contains('is-exiting')")
    assert speech_calls(page).count({"method": "cancel"}) == cancels_before + 1


def test_listen_stops_when_the_reader_presses_it_again(page, live_site):
    page.add_init_script(FAKE_SPEECH % {"voices": f"[{LOCAL_VOICE}]"})
    page.goto(live_site.url + "/young-people/4-7/")
    page.get_by_role("button", name="Listen to this page").click()
    page.get_by_role("button", name="Stop reading").click()
    assert speech_calls(page)[-1] == {"method": "cancel"}
    expect(page.get_by_role("button", name="Listen to this page")).to_be_visible()


def test_listen_stays_hidden_without_a_voice_on_the_device(page, live_site):
    page.add_init_script(FAKE_SPEECH % {"voices": f"[{NETWORK_VOICE}]"})
    page.goto(live_site.url + "/young-people/11-13/")
    expect(page.locator("[data-listen]")).to_be_attached()
    expect(page.locator("[data-listen]")).to_be_hidden()
    assert speech_calls(page) == []


def test_listen_is_only_on_young_peoples_pages(page, live_site):
    page.add_init_script(FAKE_SPEECH % {"voices": f"[{LOCAL_VOICE}]"})
    page.goto(live_site.url + "/parents-and-carers/")
    expect(page.locator("[data-listen]")).to_have_count(0)


# ---- Print ----------------------------------------------------------------------


def test_print_keeps_the_words_and_help_numbers_black_on_white(page, live_site):
    page.add_init_script(FAKE_SPEECH % {"voices": f"[{LOCAL_VOICE}]"})
    page.goto(live_site.url + "/young-people/14-17/")
    expect(page.get_by_role("button", name="Listen to this page")).to_be_visible()
    page.emulate_media(media="print")
    for chrome in (".site-menu", ".exit-this-page", "[data-listen]", ".site-header .search-form"):
        expect(page.locator(chrome)).to_be_hidden()
    strip = page.locator(".help-strip")
    for number in ("999", "0800 1111", "101", "116 000"):
        expect(strip.get_by_role("link", name=number, exact=True)).to_be_visible()
    colours = page.evaluate(
        """() => [document.body, document.querySelector('main h1'), document.querySelector('.help-strip')]
            .map(el => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor])"""
    )
    assert colours == [["rgb(0, 0, 0)", "rgb(255, 255, 255)"]] * 3
    external = page.evaluate(
        """() => Array.from(document.querySelectorAll('main a[href^="http"]')).map(a =>
            [a.href, getComputedStyle(a, '::after').content])"""
    )
    assert external, "the page should link to another site"
    for href, shown in external:
        assert shown == f'" ({href})"', (href, shown)
    internal = page.evaluate(
        """() => getComputedStyle(document.querySelector('main a[href^="/"]'), '::after').content"""
    )
    assert internal in ("none", "normal")
