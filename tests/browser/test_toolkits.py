"""A toolkit in the browser: from /community/ by keyboard to the toolkit, its
contents links and its incident note; axe-core clean on each, and the note
printed without the site's furniture but with its numbers."""

from wagtail.models import Site

from community.factories import CommunityLandingPageFactory, ToolkitPageFactory
from community.models import CommunityLandingPage
from home.models import LocalContacts
from tests.browser.axe import assert_no_axe_violations


def a_toolkit():
    home = Site.objects.get(is_default_site=True).root_page
    # The demo's own community page once it has one.
    landing = CommunityLandingPage.objects.first() or CommunityLandingPageFactory(
        parent=home, slug="community"
    )
    contacts = LocalContacts.for_site(home.get_site())
    contacts.childrens_services_number = "01632 960 123"
    contacts.out_of_hours_number = "01632 960 999"
    contacts.save()
    toolkit = ToolkitPageFactory(
        parent=landing,
        title="Toolkit under test",
        slug="toolkit-under-test",
        intro="What a driver might see, and what to do.",
        do_not=[("item", {"title": "Do not confront anyone", "text": ""})],
        myths=[("myth", {"myth": "It does not happen here.", "fact": "It happens everywhere."})],
    )
    return landing, toolkit


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} was never reached by keyboard")


def test_a_toolkit_and_its_incident_note_by_keyboard(page, live_site):
    landing, toolkit = a_toolkit()

    page.goto(live_site.url + landing.url)
    assert_no_axe_violations(page)
    tab_to(page, f'.card--toolkit a[href="{toolkit.url}"]')
    page.keyboard.press("Enter")
    page.wait_for_url(live_site.url + toolkit.url)
    assert page.locator("h1").inner_text() == "Toolkit under test"
    assert_no_axe_violations(page)

    tab_to(page, '.toolkit-contents a[href="#local-contacts"]')
    page.keyboard.press("Enter")
    page.wait_for_url(live_site.url + toolkit.url + "#local-contacts")
    assert page.locator("#local-contacts a[href='tel:01632960123']").is_visible()

    tab_to(page, ".toolkit__note-link a")
    page.keyboard.press("Enter")
    page.wait_for_url(live_site.url + toolkit.url + "incident-note/")
    assert page.locator("h1").inner_text() == "Incident note"
    assert page.locator(".exit-this-page__button").is_visible()  # still one tap from leaving
    assert page.locator(".help-strip").is_visible()
    assert_no_axe_violations(page)

    page.emulate_media(media="print")
    for furniture in (".exit-this-page", ".site-header", ".help-strip", ".site-footer"):
        assert page.locator(furniture).first.is_hidden(), furniture
    assert page.locator(".incident-note__instructions").is_hidden()
    assert page.locator(".note-box").first.is_visible()
    assert page.locator("#numbers-to-call a[href='tel:01632960123']").is_visible()
    assert page.console_errors == []
    assert page.offsite_requests == []
