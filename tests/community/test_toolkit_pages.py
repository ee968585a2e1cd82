"""Toolkit pages, their printable incident note, and the /community/ listing."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase

import pytest
from bs4 import BeautifulSoup

from community.factories import (
    CommunityLandingPageFactory,
    ToolkitPageFactory,
    TrainingModulePageFactory,
)
from community.models import CommunityLandingPage, ToolkitPage, TrainingModulePage
from home.factories import ContentPageFactory
from home.models import ContentPage, HomePage, LocalContacts, SafetySettings, SectionPage

GOV_UK_FINDER = "https://www.gov.uk/report-child-abuse-to-local-council"


# -- The tree ---------------------------------------------------------------------


class ToolkitTreeTests(WagtailPageTestCase):
    def test_a_toolkit_sits_under_the_home_page_or_the_community_landing_page(self):
        self.assertAllowedParentPageTypes(ToolkitPage, {HomePage, CommunityLandingPage})
        self.assertAllowedSubpageTypes(ToolkitPage, {ContentPage, TrainingModulePage})
        self.assertCanCreateAt(HomePage, ToolkitPage)
        self.assertCanCreateAt(CommunityLandingPage, ToolkitPage)
        self.assertCanNotCreateAt(SectionPage, ToolkitPage)
        self.assertCanNotCreateAt(ContentPage, ToolkitPage)
        self.assertCanNotCreateAt(ToolkitPage, ToolkitPage)

    def test_the_community_landing_page_sits_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CommunityLandingPage, {HomePage})
        self.assertAllowedSubpageTypes(
            CommunityLandingPage, {ContentPage, ToolkitPage, TrainingModulePage}
        )
        self.assertCanNotCreateAt(SectionPage, CommunityLandingPage)
        self.assertCanNotCreateAt(CommunityLandingPage, CommunityLandingPage)


pytestmark = pytest.mark.django_db


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element):
    return " ".join(element.get_text(" ").split())


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the cache's own test is in test_local_contacts.py


@pytest.fixture
def site(home_page):
    site = home_page.get_site()
    SafetySettings.for_site(site)
    return site


@pytest.fixture
def landing(home_page, site):
    return CommunityLandingPageFactory(parent=home_page, slug="community")


FULL = {
    "title": "Hotels and other accommodation",
    "slug": "hotels",
    "intro": "What a receptionist or housekeeper might see, and what to do.",
    "setting_name": "hotel, hostel and short-stay staff",
    "signs_intro": "Look out for a young guest who:",
    "signs": [
        ("group", {"heading": "At check-in", "signs": ["arrives with an older adult who books"]}),
        ("group", {"heading": "", "signs": ["has no luggage", "asks for <b>no</b> cleaning"]}),
    ],
    "steps": [
        ("step", {"title": "Tell your duty manager", "text": "They know the hotel's procedure."}),
        ("step", {"title": "Keep the booking details", "text": ""}),
    ],
    "record_items": [
        ("item", {"label": "Room number", "hint": "And who booked it"}),
        ("item", {"label": "Descriptions", "hint": ""}),
    ],
    "do_not": [
        ("item", {"title": "Do not confront the adult", "text": "It may put the child at risk."})
    ],
    "myths": [
        ("myth", {"myth": "It only happens in cheap hotels.", "fact": "It happens anywhere."})
    ],
    "body": [{"type": "heading", "value": {"text": "Online bookings", "level": "h2"}}],
}


@pytest.fixture
def toolkit(landing):
    return ToolkitPageFactory(parent=landing, **FULL)


# -- The toolkit page ----------------------------------------------------------------


def test_a_toolkit_shows_every_section_in_order(client, toolkit):
    page = soup_of(client.get(toolkit.url))
    article = page.select_one("article.toolkit")
    assert text_of(article.find("h1")) == "Hotels and other accommodation"
    assert text_of(article.select_one(".toolkit__for")) == "For hotel, hostel and short-stay staff"
    headings = [text_of(h2) for h2 in article.find_all("h2")]
    assert headings[:7] == [
        "On this page",
        "Spot the signs",
        "What to do",
        "What to note down",
        "What not to do",
        "Myths and facts",
        "Local contacts",
    ]
    assert headings[-1] == "Online bookings"  # the body comes last
    contents = [a["href"] for a in article.select(".toolkit-contents a")]
    assert contents == [
        "#spot-the-signs",
        "#what-to-do",
        "#what-to-note-down",
        "#what-not-to-do",
        "#myths-and-facts",
        "#local-contacts",
    ]
    for anchor in contents:
        assert page.find(id=anchor[1:]) is not None, anchor

    signs = article.find(id="spot-the-signs")
    assert "Look out for a young guest who:" in text_of(signs)
    assert [text_of(h3) for h3 in signs.find_all("h3")] == ["At check-in"]  # optional heading
    assert [text_of(li) for li in signs.find_all("li")] == [
        "arrives with an older adult who books",
        "has no luggage",
        "asks for <b>no</b> cleaning",  # escaped, never markup
    ]
    steps = [text_of(li) for li in article.select("#what-to-do ol > li")]
    assert len(steps) == 4  # one numbered list: 999, 101 or children's services, then the page's
    assert steps[2:] == [
        "Tell your duty manager They know the hotel's procedure.",
        "Keep the booking details",
    ]
    record = article.find(id="what-to-note-down")
    assert [text_of(li) for li in record.find_all("li")] == [
        "Room number : And who booked it",
        "Descriptions",
    ]
    assert record.find("a", href=toolkit.url + "incident-note/") is not None
    assert text_of(article.find(id="what-not-to-do").find("li")) == (
        "Do not confront the adult It may put the child at risk."
    )
    myths = article.select_one("#myths-and-facts dl.myths")
    assert text_of(myths.find("dt")) == "Myth: It only happens in cheap hotels."
    assert text_of(myths.find("dd")) == "Fact: It happens anywhere."


def test_optional_sections_are_left_out_when_empty(client, landing):
    page = ToolkitPageFactory(parent=landing, slug="bare", do_not=[], myths=[])
    html = soup_of(client.get(page.url))
    assert html.find(id="what-not-to-do") is None
    assert html.find(id="myths-and-facts") is None
    assert html.select_one('.toolkit-contents a[href="#myths-and-facts"]') is None
    assert html.find(id="local-contacts") is not None  # always


def steps_of(client, toolkit):
    return soup_of(client.get(toolkit.url)).select("#what-to-do ol > li")


def test_the_first_two_steps_come_from_the_settings(client, toolkit, site):
    safety = SafetySettings.for_site(site)
    safety.emergency_number = "112"
    safety.police_non_emergency_number = "0300 123 4567"
    safety.save()
    contacts = LocalContacts.for_site(site)
    contacts.childrens_services_name = "the Children's Front Door"
    contacts.childrens_services_number = "01632 960 123"
    contacts.out_of_hours_number = "01632 960 999"
    contacts.save()
    first, second = steps_of(client, toolkit)[:2]
    assert text_of(first) == "If a child is in immediate danger, call 112 ."
    assert first.find("a")["href"] == "tel:112"
    assert text_of(second) == (
        "Otherwise, call the police on 0300 123 4567 or the Children's Front Door on "
        "01632 960 123 . Evenings, nights, weekends and bank holidays: 01632 960 999 ."
    )
    assert [a["href"] for a in second.find_all("a")] == [
        "tel:03001234567",
        "tel:01632960123",
        "tel:01632960999",
    ]

    contacts.childrens_services_number = "01632 960 555"
    contacts.save()
    second = steps_of(client, toolkit)[1]
    assert "tel:01632960555" in [a["href"] for a in second.find_all("a")]
    assert "01632 960 123" not in text_of(second)


def test_without_a_local_number_the_step_points_to_the_gov_uk_finder(client, toolkit, site):
    second = steps_of(client, toolkit)[1]
    assert text_of(second).startswith(
        "Otherwise, call the police on 101 or your local council's children's services."
    )
    finder = second.find("a", href=GOV_UK_FINDER)
    assert text_of(finder) == "Find your local council's children's services on GOV.UK"


def test_the_local_contacts_panel_is_on_every_toolkit_once(client, toolkit, site):
    contacts = LocalContacts.for_site(site)
    contacts.childrens_services_number = "01632 960 123"
    contacts.save()
    html = soup_of(client.get(toolkit.url))
    [panel] = html.select("section.local-contacts")
    assert panel["id"] == "local-contacts"
    assert "tel:01632960123" in [a["href"] for a in panel.find_all("a")]


def test_the_toolkit_under_the_home_page_renders_too(client, home_page, site):
    parents = ToolkitPageFactory(
        parent=home_page, slug="parents-and-carers", setting_name="parents and carers"
    )
    assert "For parents and carers" in text_of(soup_of(client.get(parents.url)))


# -- The incident note ---------------------------------------------------------------


def test_the_incident_note_has_a_box_for_each_thing_to_note_down(client, toolkit, site):
    contacts = LocalContacts.for_site(site)
    contacts.childrens_services_number = "01632 960 123"
    contacts.save()
    html = soup_of(client.get(toolkit.url + "incident-note/"))
    assert "print-note" in html.find("body")["class"]
    note = html.select_one("article.incident-note")
    assert text_of(note.find("h1")) == "Incident note"
    assert "For hotel, hostel and short-stay staff" in text_of(note)
    boxes = [
        (text_of(box.select_one(".note-box__label")), box.select_one(".note-box__hint"))
        for box in note.select(".note-box--tall")
    ]
    assert [label for label, _ in boxes] == ["Room number", "Descriptions"]
    assert text_of(boxes[0][1]) == "And who booked it"
    assert boxes[1][1] is None
    labels = [text_of(label) for label in note.select(".note-box__label")]
    assert labels[:3] == ["Date", "Time", "Place"]
    assert "Your name" in labels
    assert [text_of(h2) for h2 in note.find_all("h2")] == [
        "When and where",
        "What you saw",
        "Who you told",
        "Numbers to call",
    ]
    numbers = [a["href"] for a in note.select("section.local-contacts a")]
    assert {"tel:01632960123", "tel:101", "tel:999"} <= set(numbers)
    # On screen the reader keeps the quick exit and the help strip.
    assert html.select_one(".exit-this-page") is not None
    assert html.select_one(".help-strip") is not None
    assert note.find("a", href=toolkit.url) is not None  # back to the toolkit


def test_the_printed_note_leaves_out_the_site_chrome_but_not_its_numbers():
    from pathlib import Path

    import tinycss2

    css = Path("static/css/clearsight.css").read_text()
    hidden = set()
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "at-rule" or rule.lower_at_keyword != "media":
            continue
        if "print" not in tinycss2.serialize(rule.prelude):
            continue
        for inner in tinycss2.parse_rule_list(rule.content, True, True):
            if inner.type == "qualified-rule" and "display:none" in tinycss2.serialize(
                inner.content
            ).replace(" ", ""):
                hidden |= {s.strip() for s in tinycss2.serialize(inner.prelude).split(",")}
    for part in ("site-header", "help-strip", "site-footer", "incident-note__instructions"):
        assert f".print-note .{part}" in hidden, part
    assert not any("local-contacts" in selector for selector in hidden)


# -- /community/ -----------------------------------------------------------------------


def community_queries(client, landing):
    client.get(landing.url)  # warm per-process caches (settings, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(landing.url)
    return len(captured), response


def test_the_landing_page_lists_toolkits_and_training_as_cards(client, landing):
    ToolkitPageFactory(
        parent=landing,
        title="Taxi and private hire drivers",
        slug="taxis",
        intro="Signs a driver might see.",
    )
    TrainingModulePageFactory(
        parent=landing, title="Taxi training", slug="taxi-training", minutes=15
    )
    ContentPageFactory(parent=landing, title="About this section", slug="about")
    ToolkitPageFactory(parent=landing, title="Draft toolkit", slug="draft", live=False)
    html = soup_of(client.get(landing.url))
    [toolkits] = [s for s in html.select("section.community-list") if "Toolkits" in text_of(s.h2)]
    [card] = toolkits.select(".card")
    assert text_of(card.select_one(".card__title")) == "Taxi and private hire drivers"
    assert card.select_one(".card__link")["href"] == "/community/taxis/"
    assert text_of(card.select_one(".card__for")) == "For taxi and private hire drivers"
    assert text_of(card.select_one(".card__description")) == "Signs a driver might see."
    [training] = html.select(".card--training")
    assert text_of(training.select_one(".card__title")) == "Taxi training"
    assert "About 15 minutes" in text_of(training)
    others = html.select_one(".child-pages")
    assert [text_of(a) for a in others.select(".card__link")] == ["About this section"]
    assert "Draft toolkit" not in text_of(html)


def test_the_landing_page_costs_the_same_queries_for_one_toolkit_or_five(client, landing):
    TrainingModulePageFactory(parent=landing, slug="training")
    ToolkitPageFactory(parent=landing, slug="toolkit-1")
    one, response = community_queries(client, landing)
    assert len(soup_of(response).select(".card--toolkit")) == 1
    for n in range(2, 6):
        ToolkitPageFactory(parent=landing, slug=f"toolkit-{n}")
    five, response = community_queries(client, landing)
    assert len(soup_of(response).select(".card--toolkit")) == 5
    assert five == one


def test_a_toolkit_and_the_landing_page_list_the_training_below_them(client, landing, toolkit):
    """Each module usually sits under its own toolkit: the toolkit shows it, and
    /community/ lists every module below it, wherever in its area."""
    TrainingModulePageFactory(parent=toolkit, title="Hotel staff training", slug="training")
    TrainingModulePageFactory(parent=toolkit, title="Draft training", slug="draft", live=False)
    other = ToolkitPageFactory(parent=landing, slug="other")

    page = soup_of(client.get(toolkit.url))
    section = page.select_one("section#training")
    assert [text_of(a) for a in section.select(".card__link")] == ["Hotel staff training"]
    assert section.select_one(".card__link")["href"] == "/community/hotels/training/"
    assert page.select_one('.toolkit-contents a[href="#training"]')
    assert soup_of(client.get(other.url)).select_one("section#training") is None

    listing = soup_of(client.get(landing.url))
    assert [
        text_of(card.select_one(".card__title")) for card in listing.select(".card--training")
    ] == ["Hotel staff training"]


def test_the_toolkit_page_costs_the_same_queries_for_one_module_or_three(client, toolkit):
    TrainingModulePageFactory(parent=toolkit, slug="module-1")
    client.get(toolkit.url)  # settings and site caches warmed
    with CaptureQueriesContext(connection) as one:
        client.get(toolkit.url)
    for n in (2, 3):
        TrainingModulePageFactory(parent=toolkit, slug=f"module-{n}")
    with CaptureQueriesContext(connection) as three:
        response = client.get(toolkit.url)
    assert len(soup_of(response).select(".card--training")) == 3
    assert len(three) == len(one)


def error_text(error, field):
    """The messages an editor sees beside the field's blocks (a StreamField's
    errors are nested in its blocks)."""
    import json

    [stream_error] = error.error_dict[field]
    return json.dumps(stream_error.as_json_data())


@pytest.mark.parametrize(
    "field, value",
    [
        ("signs", [("group", {"heading": "", "signs": ["calls 0800 123 4567 again and again"]})]),
        ("steps", [("step", {"title": "Ring the hotline", "text": "Call 0800 123 4567."})]),
        ("myths", [("myth", {"myth": "Nobody answers.", "fact": "Call 0800 123 4567."})]),
    ],
)
def test_a_made_up_number_in_a_toolkit_is_refused(landing, field, value):
    from django.core.exceptions import ValidationError

    page = ToolkitPageFactory(parent=landing, slug="numbers")
    setattr(page, field, value)
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "0800 123 4567" in error_text(raised.value, field)


def test_a_made_up_number_in_a_training_module_is_refused(landing):
    from django.core.exceptions import ValidationError

    module = TrainingModulePageFactory(parent=landing, slug="numbers")
    module.questions = [
        (
            "question",
            {
                "question": "Who do you call?",
                "answers": [{"text": "0800 123 4567", "correct": True}, {"text": "No one"}],
                "explanation": "The helpline.",
            },
        )
    ]
    with pytest.raises(ValidationError) as raised:
        module.full_clean()
    assert "0800 123 4567" in error_text(raised.value, "questions")
