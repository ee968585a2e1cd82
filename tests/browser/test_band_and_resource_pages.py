"""A young reader on a phone: band page, a topic, a resource, and a gentle note."""

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

TARGET = 44  # px: the smallest tap target


# From the demo tree: a 4 to 7 resource made with young people (Easy Read,
# credited by safe byline) and one made for 14 to 17 year olds only.
HELPING_HAND = "/resources/my-helping-hand/"
TAKEN_DOWN = "/resources/get-it-taken-down/"


def assert_big_enough(locator):
    box = locator.bounding_box()
    assert box["width"] >= TARGET and box["height"] >= TARGET, box


def test_a_young_reader_finds_a_resource_by_topic_on_a_phone(page, live_site):
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(live_site.url + "/young-people/4-7/")
    expect(page.locator("h1")).to_have_text("Ages 4 to 7")
    # The article stays; the materials come grouped by topic.
    topic_button = page.get_by_role("link", name="Trusted adults", exact=True)
    assert_big_enough(topic_button)
    assert_no_axe_violations(page)
    assert page.locator(f'a[href^="{TAKEN_DOWN}"]').count() == 0

    # No typing: tap the topic, then the card (the whole card is the target).
    topic_button.click()
    card = page.locator("#topic-trusted-adults .card").filter(has_text="My helping hand")
    assert_big_enough(card)
    card.get_by_role("link", name="My helping hand").click()
    expect(page).to_have_url(live_site.url + HELPING_HAND + "?band=4-7")
    expect(page.locator("h1")).to_have_text("My helping hand")
    expect(page.locator(".resource__facts")).to_contain_text("Easy Read")
    expect(page.locator(".resource__made-by")).to_contain_text("Nia, ages 8 to 10, Cardiff")
    expect(page.locator(".older-band-note")).to_have_count(0)
    expect(page.locator(".resource__next .callout")).to_be_visible()
    assert_no_axe_violations(page)

    # Material for older readers, reached from the 4 to 7 page: a note, not a block.
    page.goto(f"{live_site.url}{TAKEN_DOWN}?band=4-7")
    note = page.locator(".older-band-note")
    expect(note).to_contain_text(
        "This was made for 14 to 17 year olds. You might like these instead."
    )
    expect(page.locator("h1")).to_have_text("A nude of you got shared? You can get it taken down")
    assert_no_axe_violations(page)
    note.locator(f'a[href^="{HELPING_HAND}"]').click()
    expect(page.locator("h1")).to_have_text("My helping hand")

    assert page.context.cookies() == []
    assert page.offsite_requests == []
    assert page.console_errors == []
    assert page.broken_resources == []
