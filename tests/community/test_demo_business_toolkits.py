"""The demo toolkits for businesses (community/demo_content/pages/41-community-businesses.yaml).

Five settings, each a toolkit of its own under /community/: its own signs,
steps, things to note down, things not to do, myths and facts. They replace
the one businesses page that gave food, shops and leisure the same five signs.
"""

import re
from pathlib import Path

from django.utils.html import escape

import pytest

import community
from community.models import CommunityLandingPage, ToolkitPage
from home.content_checks import (
    describe,
    national_numbers,
    page_texts,
    plain_text,
    unknown_numbers_in_text,
)
from home.demo_content.loader import read_yaml

pytestmark = pytest.mark.django_db

TOOLKITS_FILE = (
    Path(community.__file__).parent / "demo_content" / "pages" / "41-community-businesses.yaml"
)
BUSINESS_TOOLKITS = {
    "community/hotels-and-accommodation": "hotel and accommodation staff",
    "community/food-and-licensed-premises": (
        "staff in takeaways, restaurants, delivery and licensed premises"
    ),
    "community/night-time-venues": "night-time venue staff and door supervisors",
    "community/banks-and-couriers": "bank, post office, courier and vehicle hire staff",
    "community/shops-and-leisure": (
        "staff in shops, off-licences, shopping centres and leisure venues"
    ),
}
PLACEHOLDER = re.compile(r"\b(?:lorem|ipsum|todo|placeholder|tbc|tbd|fixme|xxx)\b", re.IGNORECASE)
# The two steps every toolkit's template gives first (danger now: 999;
# otherwise 101 or children's services): a step of the page's own that
# names those numbers in its title repeats them.
TEMPLATE_STEP_NUMBERS = re.compile(r"\b(?:999|101)\b")


def business_toolkits():
    pages = {
        page.url_path.split("/", 2)[2].strip("/"): page
        for page in ToolkitPage.objects.live().filter(url_path__contains="/community/")
    }
    return {path: pages.get(path) for path in BUSINESS_TOOLKITS}


def signs_of(page):
    return [sign for group in page.signs for sign in group.value["signs"]]


def normalise_sign(sign):
    """Two signs are the same if they differ only in case, spacing or punctuation."""
    return " ".join(re.sub(r"[^\w\s]", " ", sign.lower()).split())


# --- The file, as written -------------------------------------------------------


def test_the_file_holds_the_five_business_toolkits_under_community_only():
    specs = read_yaml(TOOLKITS_FILE)
    assert {spec["path"]: spec["setting_name"] for spec in specs} == BUSINESS_TOOLKITS
    for spec in specs:
        assert spec["type"] == "community.ToolkitPage"
        assert spec["audiences"] == ["businesses"]
        assert spec["poster_heading"] and spec["poster_text"]


def test_the_file_has_no_placeholder_words():
    assert PLACEHOLDER.findall(TOOLKITS_FILE.read_text(encoding="utf-8")) == []


def test_every_number_in_the_file_is_a_national_help_route():
    """Signs, steps and myths are not checked for numbers when an editor
    publishes (only contact blocks and callouts are), so check the file."""
    text = plain_text(TOOLKITS_FILE.read_text(encoding="utf-8"))
    assert unknown_numbers_in_text(text, national_numbers()) == []


# --- The pages, as loaded -------------------------------------------------------


def test_each_business_toolkit_is_a_live_toolkit_under_community(demo_site, client):
    landing = CommunityLandingPage.objects.live().get()
    for path, page in business_toolkits().items():
        assert page is not None, f"/{path}/ is not a live toolkit"
        assert page.get_parent().specific == landing
        assert page.setting_name == BUSINESS_TOOLKITS[path]
        assert list(page.audiences.values_list("slug", flat=True)) == ["businesses"]
        assert len(signs_of(page)) >= 8, path
        assert len(page.steps) >= 4, path
        assert len(page.record_items) >= 8, path
        assert len(page.do_not) >= 4, path
        assert 4 <= len(page.myths) <= 6, path
        for block in page.record_items:
            assert block.value["label"] and block.value["hint"], path
        for block in page.myths:
            assert block.value["myth"] and block.value["fact"], path

        response = client.get(page.url)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert escape(page.title) in html
        assert escape(page.intro) in html


def test_no_step_repeats_the_two_steps_the_template_gives(demo_site):
    for path, page in business_toolkits().items():
        titles = [block.value["title"] for block in page.steps]
        assert [title for title in titles if TEMPLATE_STEP_NUMBERS.search(title)] == [], path


def test_no_two_toolkits_share_a_sign(demo_site):
    """Every toolkit in the demo, business or not: each setting's signs are its own."""
    where = {}
    for page in ToolkitPage.objects.live().order_by("path"):
        for sign in signs_of(page):
            where.setdefault(normalise_sign(sign), []).append(page.url_path)
    assert {sign: pages for sign, pages in where.items() if len(pages) > 1} == {}
    business = [sign for page in business_toolkits().values() for sign in signs_of(page)]
    assert {normalise_sign(sign) for sign in business} <= set(where)


def test_every_number_on_the_pages_is_a_known_help_number(demo_site):
    allowed = national_numbers()
    for path, page in business_toolkits().items():
        unknown = [
            (item.path, number)
            for item in page_texts(page)
            for number in unknown_numbers_in_text(item.text, allowed)
        ]
        assert unknown == [], path


def test_the_pages_pass_the_content_checks_editors_publish_with(demo_site):
    for path, page in business_toolkits().items():
        assert describe(page) == [], path
        page.full_clean()
