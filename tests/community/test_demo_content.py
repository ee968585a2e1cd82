"""The community app's demo content (community/demo_content/) loads into its place in the tree:
the parents' toolkit at /parents-and-carers/, a toolkit per setting under /community/, and
the demo area's local contacts."""

import re
from itertools import combinations

from wagtail.models import Page

import pytest
from bs4 import BeautifulSoup

from community.models import ToolkitPage
from home.content_checks import plain_text
from home.models import LocalContacts

pytestmark = pytest.mark.django_db

# The toolkits this app's files hold (41-community-businesses.yaml adds the businesses').
TOOLKITS = {
    "/parents-and-carers/": "parents and carers",
    "/community/taxi-and-private-hire-drivers/": "taxi and private hire drivers",
    "/community/bus-and-rail-staff/": "bus, coach and rail staff",
}
# Pages that went when their content became toolkits; nothing may link to them.
REMOVED = (
    "/community/transport/",
    "/community/businesses/",
    "/parents-and-carers/spotting-the-signs/",
)
# Ofcom keeps 01632 960000 to 960999 for drama: numbers that reach no one.
DRAMA_NUMBER = re.compile(r"01632 960 \d{3}")


def live_page(url):
    return next(page for page in Page.objects.live().specific() if page.url == url)


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def test_its_area_is_in_the_demo_tree_and_in_the_menu(demo_site, client):
    page = Page.objects.live().get(url_path__endswith="/community/", depth=3).specific
    assert page._meta.label == "community.CommunityLandingPage"
    assert page.show_in_menus
    assert live_page("/parents-and-carers/").show_in_menus
    header = client.get("/community/").content.decode().split("</header>")[0]
    assert 'href="/community/"' in header
    assert 'href="/parents-and-carers/"' in header


def test_each_toolkit_is_a_toolkit_page_at_its_path_with_every_section(demo_site, client):
    for url, setting in TOOLKITS.items():
        page = live_page(url)
        assert page._meta.label == "community.ToolkitPage", url
        assert page.setting_name == setting, url
        assert len(page.signs) >= 1 and all(group.value["signs"] for group in page.signs), url
        assert len(page.steps) >= 3, url
        assert len(page.record_items) >= 6, url
        assert len(page.do_not) >= 4, url
        assert 4 <= len(page.myths) <= 6, url
        assert page.poster_heading and page.poster_text, url
        assert page.intro and page.search_description and page.body, url
        assert client.get(url).status_code == 200, url
    assert live_page("/community/professionals/")._meta.label == "home.ContentPage"
    missing = live_page("/parents-and-carers/if-your-child-goes-missing/")
    assert missing._meta.label == "home.ContentPage"
    for url in REMOVED:
        assert client.get(url).status_code == 404, url


def test_no_toolkit_repeats_the_two_steps_the_template_writes_from_settings(demo_site):
    """Danger now (999), otherwise 101 or children's services: those come first on
    every toolkit from the settings, so the page's own steps start after them."""
    for page in ToolkitPage.objects.live():
        for step in page.steps:
            title = step.value["title"].lower()
            assert not re.search(r"\b(999|101)\b|danger", title), (page.url, title)
            assert "children's services" not in title, (page.url, title)


def test_each_toolkits_signs_are_its_own(demo_site):
    """Every setting needs its own signs: no sign is copied from one toolkit to another."""
    signs = {
        page.url: {sign.lower() for group in page.signs for sign in group.value["signs"]}
        for page in ToolkitPage.objects.live()
    }
    assert set(TOOLKITS) <= set(signs)
    for (one, one_signs), (other, other_signs) in combinations(signs.items(), 2):
        assert one_signs.isdisjoint(other_signs), (one, other, one_signs & other_signs)


def test_the_parents_toolkit_covers_talking_online_safety_and_going_missing(demo_site, client):
    html = soup(client, "/parents-and-carers/")
    headings = [h2.get_text(" ", strip=True) for h2 in html.select("main h2")]
    for heading in (
        "How to talk with your child",
        "Online safety at home",
        "If your child goes missing",
        "When your child comes back: the return home interview",
    ):
        assert heading in headings, heading
    text = " ".join(html.select_one("main").get_text(" ").split())
    for words in (
        "call 999",
        "call the police on 101",
        "the police decide",
        "116 000",
        "return home interview",
        "within 72 hours",
        "not involved in caring for your child",
        "why they went",
        "Report Remove",
        "CEOP",
    ):
        assert words in text, words
    page = live_page("/parents-and-carers/")
    record = " ".join(item.value["label"] + " " + item.value["hint"] for item in page.record_items)
    for words in ("Dates", "Names", "Phone numbers", "Registration", "Screenshots", "forward"):
        assert words.lower() in record.lower(), words
    do_not = " ".join(item.value["title"] for item in page.do_not).lower()
    for words in ("confront", "delete", "forward"):
        assert words in do_not, words


def test_the_transport_toolkits_give_their_own_routes_and_records(demo_site):
    taxi = live_page("/community/taxi-and-private-hire-drivers/")
    rail = live_page("/community/bus-and-rail-staff/")

    def words(page):
        parts = [
            block.value for field in ("steps", "do_not", "myths") for block in getattr(page, field)
        ]
        return " ".join(plain_text(value) for part in parts for value in part.values())

    def record(page):
        return " ".join(item.value["label"] for item in page.record_items).lower()

    assert "operator's safeguarding lead" in words(taxi)
    assert "licensing" in words(taxi)
    assert "leave a child stranded" in words(taxi).lower()
    assert "booking reference" in record(taxi)
    assert "other vehicles" in record(taxi)
    assert "61016" in words(rail)
    assert "CCTV" in words(rail)
    assert "away from the adult" in words(rail)
    for label in ("service, route or train", "carriage and seat", "the child", "the adults"):
        assert label in record(rail), label


def test_community_lists_its_toolkits_and_the_professionals_page(demo_site, client):
    html = soup(client, "/community/")
    listed = {a["href"] for a in html.select(".child-pages a[href]")}
    assert {
        "/community/taxi-and-private-hire-drivers/",
        "/community/bus-and-rail-staff/",
        "/community/professionals/",
    } <= listed
    assert not listed & set(REMOVED)


def test_the_demo_areas_local_contacts_are_drama_numbers_that_reach_no_one(demo_site, client):
    contacts = LocalContacts.for_site(demo_site)
    assert contacts.is_set
    assert contacts.area_name == "Demo borough (example numbers)"
    assert contacts.childrens_services_name and contacts.childrens_services_hours
    assert contacts.mash_name
    for number in (
        contacts.childrens_services_number,
        contacts.out_of_hours_number,
        contacts.mash_number,
    ):
        assert DRAMA_NUMBER.fullmatch(number), number
    assert contacts.mash_email.endswith("@example.org")
    assert contacts.referral_url.startswith("https://www.example.org/")
    # Pages that send readers to their local children's services show the setting's numbers.
    for url in ("/community/professionals/", "/parents-and-carers/if-your-child-goes-missing/"):
        assert contacts.childrens_services_number in client.get(url).content.decode(), url
