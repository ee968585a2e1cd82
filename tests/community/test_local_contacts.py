"""Local contacts: the area's own numbers, from one setting, wherever a page
tells readers to call their local children's services."""

from django.db import DEFAULT_DB_ALIAS, connections

import pytest
from bs4 import BeautifulSoup

from community.factories import CommunityLandingPageFactory, ToolkitPageFactory
from home.content_checks import describe, page_content_errors, site_numbers
from home.factories import ContentPageFactory
from home.models import ContentPage, LocalContacts, SafetySettings
from home.page_cache import store, warming

pytestmark = pytest.mark.django_db

GOV_UK_FINDER = "https://www.gov.uk/report-child-abuse-to-local-council"


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ").split())


def set_contacts(site, **fields):
    contacts = LocalContacts.for_site(site)
    for name, value in fields.items():
        setattr(contacts, name, value)
    contacts.save()
    return contacts


EXAMPLESHIRE = {
    "area_name": "Exampleshire",
    "childrens_services_name": "Exampleshire Children's Front Door",
    "childrens_services_number": "01632 960 123",
    "childrens_services_hours": "Monday to Friday 9am to 5pm",
    "out_of_hours_number": "01632 960 999",
    "mash_name": "Exampleshire MASH",
    "mash_number": "01632 960 456",
    "mash_email": "mash@example.org",
    "referral_url": "https://example.org/report",
}


@pytest.fixture
def settings_rows(home_page):
    site = home_page.get_site()
    SafetySettings.for_site(site)
    return site


@pytest.fixture
def page_with_block(home_page, settings_rows):
    return ContentPageFactory(
        parent=home_page,
        title="Worried about a child",
        slug="worried",
        body=[
            {"type": "paragraph", "value": "<p>Call your local children's services.</p>"},
            {"type": "local_contacts", "value": {"heading": "Numbers near you"}},
        ],
    )


def panel(response):
    sections = soup_of(response).select("section.local-contacts")
    assert len(sections) == 1
    return sections[0]


def test_the_block_shows_every_local_number_as_a_tap_to_call_link(
    client, page_with_block, settings_rows, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    set_contacts(settings_rows, **EXAMPLESHIRE)
    section = panel(client.get(page_with_block.url))
    assert section.find("h2").get_text() == "Numbers near you"
    text = text_of(section)
    assert "Numbers for Exampleshire." in text
    links = {a["href"]: a.get_text() for a in section.find_all("a")}
    assert links["tel:01632960123"] == "01632 960 123"
    assert links["tel:01632960999"] == "01632 960 999"
    assert links["tel:01632960456"] == "01632 960 456"
    assert links["tel:101"] == "101"  # police non-emergency: Help and quick exit
    assert links["tel:999"] == "999"
    assert links["mailto:mash@example.org"] == "mash@example.org"
    assert "https://example.org/report" in links
    assert GOV_UK_FINDER not in links
    terms = [text_of(dt) for dt in section.find_all("dt")]
    assert terms == [
        "Exampleshire Children's Front Door",
        "Children's services out of hours",
        "Police, not an emergency",
        "Exampleshire MASH",
        "Report a concern online",
    ]
    assert "(Monday to Friday 9am to 5pm)" in text


def test_the_police_number_is_the_help_strips_setting(
    client, page_with_block, settings_rows, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    safety = SafetySettings.for_site(settings_rows)
    safety.police_non_emergency_number = "0300 123 4567"
    safety.save()
    links = [a["href"] for a in panel(client.get(page_with_block.url)).find_all("a")]
    assert "tel:03001234567" in links
    assert "tel:101" not in links


def test_without_a_local_number_readers_are_sent_to_the_gov_uk_finder(
    client, page_with_block, settings, settings_rows
):
    settings.PAGE_CACHE_SECONDS = 0
    set_contacts(settings_rows, area_name="", childrens_services_number="")
    section = panel(client.get(page_with_block.url))
    finder = section.find("a", href=GOV_UK_FINDER)
    assert text_of(finder) == "Find your local council's children's services on GOV.UK"
    assert [text_of(dt) for dt in section.find_all("dt")] == [
        "Children's services",
        "Police, not an emergency",
    ]
    assert "Numbers for" not in text_of(section)


def test_an_empty_heading_shows_no_heading(client, home_page, settings_rows, settings):
    settings.PAGE_CACHE_SECONDS = 0
    page = ContentPageFactory(
        parent=home_page, slug="plain", body=[{"type": "local_contacts", "value": {"heading": ""}}]
    )
    assert panel(client.get(page.url)).find("h2") is None


# -- Content checks: the local numbers are real numbers --------------------------


def unsaved_page(home_page, text):
    page = ContentPage(
        title="Worried",
        slug="worried-unsaved",
        body=[{"type": "callout", "value": {"title": "Call", "text": f"<p>{text}</p>"}}],
    )
    page.path = home_page.path + "0009"
    page.depth = home_page.depth + 1
    page.url_path = home_page.url_path + "worried-unsaved/"
    return page


def test_a_number_from_local_contacts_may_be_written_on_a_page(home_page, settings_rows):
    text = "Call Exampleshire children's services on 01632 960 123."
    [refused] = describe(unsaved_page(home_page, text))
    assert refused.startswith("body › 0 › text: “01632 960 123” is not one of")
    set_contacts(settings_rows, childrens_services_number="01632 960 123")
    assert page_content_errors(unsaved_page(home_page, text)) == {}
    # Another made-up number is still refused.
    [other] = describe(unsaved_page(home_page, "Or call 01632 960 777."))
    assert other.startswith("body › 0 › text: “01632 960 777” is not one of")


def test_site_numbers_reads_every_number_of_every_site_setting(settings_rows):
    set_contacts(
        settings_rows,
        childrens_services_number="01632 960 123",
        out_of_hours_number="01632 960 999",
        mash_number="01632 960 456",
    )
    numbers = site_numbers(settings_rows)
    assert {"01632960123", "01632960999", "01632960456"} <= numbers
    assert {"999", "101", "08001111"} <= numbers  # Help and quick exit, as before


# -- The page cache: one edit of the setting updates every page --------------------


def commit():
    """Run what committing the test's transaction would run (see tests/home/test_page_cache.py)."""
    connection = connections[DEFAULT_DB_ALIAS]
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


@pytest.fixture
def fresh_page_cache():
    store.forget_process_state()
    yield
    store.forget_process_state()


def test_changing_local_contacts_retires_cached_toolkits(
    client, home_page, settings_rows, settings, fresh_page_cache, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 3600
    LocalContacts.for_site(settings_rows)
    landing = CommunityLandingPageFactory(parent=home_page, slug="community")
    toolkit = ToolkitPageFactory(parent=landing, slug="taxis", title="Taxi drivers")
    commit()
    report = warming.warm(store.bump_generation())
    assert f"{settings_rows.pk}{toolkit.url}" in report.stored
    with django_assert_num_queries(0):  # served from the page cache
        before = client.get(toolkit.url)
    assert GOV_UK_FINDER in before.content.decode()

    set_contacts(settings_rows, childrens_services_number="01632 960 123")
    commit()
    after = soup_of(client.get(toolkit.url))
    step = after.select("ol.toolkit-steps > li")[1]
    assert "tel:01632960123" in [a["href"] for a in step.find_all("a")]
    assert GOV_UK_FINDER not in str(after)


# -- The demo pages that tell readers to call their local children's services ------


@pytest.mark.parametrize(
    "path",
    [
        "/get-help/",
        "/resources/talking-about-consent-with-your-child/",
        "/resources/your-child-is-missing/",
        "/resources/professionals-briefing/",
        "/schools/",
    ],
)
def test_demo_pages_that_name_local_childrens_services_show_their_numbers(
    demo_site, client, path, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    html = soup_of(client.get(path))
    main = html.find("main")
    assert "local children's services" in text_of(main)
    [section] = main.select("section.local-contacts")
    assert text_of(section.find("h2")) == "Local contacts"
    set_contacts(demo_site, childrens_services_number="01632 960 123")
    section = soup_of(client.get(path)).select_one("main section.local-contacts")
    assert "tel:01632960123" in [a["href"] for a in section.find_all("a")]
