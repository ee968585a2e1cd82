"""A young reader on a phone: band page, a topic, a resource, and a gentle note."""

from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

TARGET = 44  # px: the smallest tap target


def make_library():
    from home.factories import ImageFactory
    from home.models import AgeBand, Area, Audience, Topic
    from resources.factories import ResourcePageFactory
    from resources.models import Format, ResourceIndexPage

    library = ResourceIndexPage.objects.get()
    young_people = Audience.objects.get(slug="young-people")
    band = {slug: AgeBand.objects.get(slug=slug) for slug in ("4-7", "14-17")}
    trusted = Topic.objects.get(slug="trusted-adults")
    story = Format.objects.get(slug="story")

    def resource(title, bands, **fields):
        return ResourcePageFactory(
            parent=library,
            title=title,
            format=story,
            age_bands=bands,
            topics=[trusted],
            audiences=[young_people],
            summary=f"{title}: a short summary for the reader.",
            **fields,
        )

    leeds = Area.objects.get_or_create(slug="leeds", defaults={"name": "Leeds"})[0]
    good_secrets = resource(
        "Good secrets and bad secrets",
        [band["4-7"]],
        easy_read=True,
        made_by="with-young-people",
        image=ImageFactory(title="A speech bubble", description="A speech bubble"),
        credits=[("young_person", {"name": "Sam", "age_band": band["4-7"], "area": leeds})],
    )
    older = resource("Pressure to send pictures", [band["14-17"]])
    return good_secrets, older


def assert_big_enough(locator):
    box = locator.bounding_box()
    assert box["width"] >= TARGET and box["height"] >= TARGET, box


def test_a_young_reader_finds_a_resource_by_topic_on_a_phone(page, live_site):
    good_secrets, older = make_library()
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(live_site.url + "/young-people/4-7/")
    expect(page.locator("h1")).to_have_text("Ages 4 to 7")
    # The article stays; the materials come grouped by topic.
    topic_button = page.get_by_role("link", name="Trusted adults", exact=True)
    assert_big_enough(topic_button)
    assert_no_axe_violations(page)
    assert page.get_by_role("link", name="Pressure to send pictures").count() == 0

    # No typing: tap the topic, then the card (the whole card is the target).
    topic_button.click()
    card = page.locator("#topic-trusted-adults .card").first
    assert_big_enough(card)
    card.get_by_role("link", name="Good secrets and bad secrets").click()
    expect(page).to_have_url(live_site.url + good_secrets.url + "?band=4-7")
    expect(page.locator("h1")).to_have_text("Good secrets and bad secrets")
    expect(page.locator(".resource__facts")).to_contain_text("Easy Read")
    expect(page.locator(".resource__made-by")).to_contain_text("Sam, ages 4 to 7, Leeds")
    expect(page.locator(".older-band-note")).to_have_count(0)
    expect(page.locator(".resource__next .callout")).to_be_visible()
    assert_no_axe_violations(page)

    # Material for older readers, reached from the 4 to 7 page: a note, not a block.
    page.goto(f"{live_site.url}{older.url}?band=4-7")
    note = page.locator(".older-band-note")
    expect(note).to_contain_text(
        "This was made for 14 to 17 year olds. You might like these instead."
    )
    expect(page.locator("h1")).to_have_text("Pressure to send pictures")
    assert_no_axe_violations(page)
    note.get_by_role("link", name="Good secrets and bad secrets").click()
    expect(page.locator("h1")).to_have_text("Good secrets and bad secrets")

    assert page.context.cookies() == []
    assert page.offsite_requests == []
    assert page.console_errors == []
    assert page.broken_resources == []
