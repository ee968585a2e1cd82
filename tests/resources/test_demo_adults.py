"""The demo content for adults: taxonomy, the resources for each adult audience,
and help routes described honestly (what is confidential, free or anonymous).

Most of these read the YAML the loader reads, so they say which file and page is
wrong; the loaded tree is checked by tests/home/test_demo_content.py.
"""

import datetime
import html
import re
from collections import Counter

from django.utils.html import strip_tags

import pytest

from home.demo_content.loader import content_dirs, load_page_specs, read_yaml
from home.demo_content.pictures import PICTURES as DRAWN_PICTURES
from home.help_routes import NATIONAL_HELP_ROUTES
from home.models import Area, Topic
from resources.models import Format

ADULT_AUDIENCES = {"parents-and-carers", "schools", "transport", "businesses", "professionals"}
TOPICS = {
    "trusted-adults",
    "online-safety",
    "healthy-relationships",
    "grooming",
    "going-missing",
    "consent",
    "sharing-images",
    "spotting-the-signs",
    "getting-help",
    "exploitation",
    "peer-pressure",
    "what-to-do",
}
AREAS = {
    "leeds",
    "bristol",
    "cardiff",
    "glasgow",
    "belfast",
    "manchester",
    "norfolk",
    "birmingham",
    "newcastle",
    "kent",
}
FORMATS = {"guide", "story", "poem", "comic", "video", "poster", "activity", "quiz", "leaflet"}
PICTURES = set(DRAWN_PICTURES)  # the slugs the demo loader can draw
CEOP_URL = "ceop.police.uk"


# -- reading the YAML ------------------------------------------------------------


def taxonomy(label):
    rows = []
    for folder in content_dirs():
        path = folder / "taxonomy.yaml"
        if path.exists():
            rows.extend(read_yaml(path).get(label) or [])
    return {row["slug"]: row for row in rows}


def specs():
    return load_page_specs()


def adult_resources():
    return [
        spec
        for spec in specs()
        if spec["type"] == "resources.ResourcePage"
        and "young-people" not in spec.get("audiences", [])
    ]


def words(value):
    return " ".join(html.unescape(strip_tags(str(value))).split())


def strings(value):
    """Every piece of text in a spec, however deeply nested."""
    if isinstance(value, str):
        yield words(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def sentences(value):
    for text in strings(value):
        yield from (s for s in re.split(r"(?<=[.!?])\s+", text) if s)


def blocks(spec, kind=None):
    return [block for block in spec.get("body") or [] if kind is None or block["type"] == kind]


def page(path):
    return next(spec for spec in specs() if spec["path"] == path)


# -- taxonomy --------------------------------------------------------------------


def test_the_taxonomy_files_hold_every_fixed_slug_with_a_description():
    topics = taxonomy("home.Topic")
    assert set(topics) == TOPICS
    assert set(taxonomy("home.Area")) == AREAS
    assert set(taxonomy("resources.Format")) == FORMATS
    for label in ("home.Topic", "home.Area", "resources.Format", "home.Audience"):
        for slug, row in taxonomy(label).items():
            assert row.get("name") and len(row.get("description") or "") > 10, (label, slug)
    assert topics["grooming"]["name"] == "Grooming and how it works"
    assert topics["going-missing"]["name"] == "Going missing and running away"
    assert topics["exploitation"]["name"] == "Exploitation and coercion"
    assert topics["peer-pressure"]["name"] == "Peer pressure"
    assert topics["what-to-do"]["name"] == "What to do"


@pytest.mark.django_db
def test_the_demo_loads_the_topics_areas_and_formats(demo_site):
    assert set(Topic.objects.values_list("slug", flat=True)) >= TOPICS
    assert set(Area.objects.values_list("slug", flat=True)) >= AREAS
    assert set(Format.objects.values_list("slug", flat=True)) >= FORMATS
    assert Area.objects.get(slug="newcastle").name == "Newcastle"


# -- resources for adults ----------------------------------------------------------


def test_there_are_enough_adult_resources_for_every_adult_audience():
    resources = adult_resources()
    assert len(resources) >= 16
    audiences = Counter(slug for spec in resources for slug in spec["audiences"])
    for audience in ADULT_AUDIENCES:
        assert audiences[audience] >= 2, audience
    topics = {slug for spec in resources for slug in spec["topics"]}
    assert topics >= {
        "spotting-the-signs",
        "what-to-do",
        "exploitation",
        "grooming",
        "going-missing",
        "online-safety",
        "consent",
        "getting-help",
        "sharing-images",
    }
    formats = {spec["format"] for spec in resources}
    assert formats >= {"guide", "leaflet", "poster", "quiz", "story", "activity"}


def test_every_adult_resource_is_complete_and_reviewed():
    for spec in adult_resources():
        where = spec["path"]
        assert spec["path"].startswith("resources/"), where
        for key in ("title", "search_description", "intro", "summary", "format", "topics"):
            assert spec.get(key), (where, key)
        assert len(spec["summary"]) <= 300, where
        assert spec["format"] in FORMATS, where
        assert spec.get("image") in PICTURES, where
        assert isinstance(spec.get("easy_read"), bool), where
        expected = {"simple"} if spec["easy_read"] else {"everyday", "detailed"}
        assert spec.get("reading_level") in expected, where
        assert spec["last_reviewed"] < spec["next_review"], where
        assert isinstance(spec["last_reviewed"], datetime.date), where
        assert spec["next_review"].year >= 2027, where
        # A practical body: several blocks, ending with where to go next.
        assert len(blocks(spec)) >= 4, where
        assert blocks(spec)[-1]["type"] == "next_steps", where


def test_easy_read_resources_have_an_easy_read_section_with_a_picture_per_idea():
    easy = [spec for spec in adult_resources() if spec["easy_read"]]
    assert len(easy) >= 2
    for spec in easy:
        sections = blocks(spec, "easy_read")
        assert sections, spec["path"]
        for section in sections:
            for line in section["value"]["lines"]:
                assert line["image"]["image"] in PICTURES, spec["path"]
                assert line["image"]["alt_text"], spec["path"]


def test_at_least_one_adult_resource_is_credited_to_young_co_creators_by_safe_byline():
    credited = [spec for spec in adult_resources() if spec.get("made_by") == "with-young-people"]
    assert credited
    for spec in credited:
        assert spec["credits"], spec["path"]
        for credit in spec["credits"]:
            assert set(credit) <= {"name", "age_band", "area"}
            assert re.fullmatch(r"[A-Za-z]+", credit["name"])
            assert credit["area"] in AREAS


def test_videos_play_from_this_site_only():
    for spec in specs():
        for block in blocks(spec, "video"):
            assert not block["value"].get("external_url"), spec["path"]
            assert block["value"].get("file"), spec["path"]


def find(predicate):
    return [spec for spec in adult_resources() if predicate(spec, " ".join(strings(spec)))]


def test_the_resources_the_brief_asks_for_exist():
    parents = ("parents-and-carers",)

    def for_(audiences, topic=None, *phrases):
        def check(spec, text):
            return (
                any(a in spec["audiences"] for a in audiences)
                and (topic is None or topic in spec["topics"])
                and all(p.lower() in text.lower() for p in phrases)
            )

        return check

    assert find(for_(parents, "consent", "talk"))
    assert find(for_(parents, "going-missing", "return home interview", "101"))
    assert find(for_(parents, "online-safety", "save the messages"))
    assert find(for_(parents, None, "without blame", "not your fault"))
    assert find(for_(parents, None, "mother"))
    assert find(for_(("transport",), None, "taxi", "what to record"))
    assert find(for_(("transport",), None, "train", "61016", "what to record"))
    for setting in ("hotel", "takeaway", "shop"):
        assert find(for_(("businesses",), None, setting, "what to record")), setting
    assert find(for_(("schools",), None, "designated safeguarding lead", "straight away"))
    assert find(for_(("professionals",), None, "sharing information", "missing episode"))


# -- the corrections the review asked for --------------------------------------------


def all_text(path_prefix=""):
    return " ".join(
        text for spec in specs() if spec["path"].startswith(path_prefix) for text in strings(spec)
    )


def test_schools_tell_the_designated_safeguarding_lead_straight_away():
    text = all_text("schools")
    assert "same day" not in text.lower()
    assert "Tell your DSL straight away" in text


def test_businesses_check_on_a_young_person_away_from_the_adult():
    guides = [
        spec
        for spec in adult_resources()
        if "businesses" in spec["audiences"] and "What to do" in " ".join(strings(spec))
    ]
    assert len(guides) >= 3
    for spec in guides:
        text = " ".join(strings(spec))
        assert "check on the young person when they are away from the adult" in text, spec["path"]


def test_no_page_claims_everything_is_free_or_confidential():
    text = all_text()
    assert "Everything else on this page is free" not in text
    assert "Free, confidential people to call" not in text


# -- help routes described honestly ----------------------------------------------------

CONFIDENTIAL = {route.number for route in NATIONAL_HELP_ROUTES if route.confidential}
NOT_FREE = {route.number for route in NATIONAL_HELP_ROUTES if not route.free}
CALLED_FREE = re.compile(r"(?<!not )\bfree\b", re.IGNORECASE)


def is_confidential_heading(text):
    text = text.lower()
    return "confidential" in text and "not confidential" not in text


def contacts_under_confidential_headings(spec):
    """(heading, contact) for each contact block placed under a "confidential" heading."""
    headings = {}
    for block in blocks(spec):
        if block["type"] == "heading":
            level = block["value"].get("level", "h2")
            headings[level] = block["value"]["text"]
            if level == "h2":
                headings.pop("h3", None)
        elif block["type"] == "contact":
            for text in headings.values():
                if is_confidential_heading(text):
                    yield text, block["value"]


def test_only_confidential_routes_sit_under_a_confidential_heading():
    found = 0
    for spec in specs():
        for heading, contact in contacts_under_confidential_headings(spec):
            found += 1
            numbers = {contact.get("phone"), contact.get("text_number")} - {"", None}
            where = (spec["path"], heading, contact["name"])
            assert numbers, where
            assert numbers <= CONFIDENTIAL, where
            assert CEOP_URL not in (contact.get("url") or ""), where
    assert found, "the Get help page groups its confidential helplines under a heading"


def test_the_get_help_page_states_the_limits_of_confidentiality_and_the_police_routes():
    spec = page("get-help")
    text = " ".join(strings(spec))
    assert "serious danger" in text
    headings = [b["value"]["text"] for b in blocks(spec, "heading")]
    assert any("not confidential" in h.lower() for h in headings)
    contacts = {b["value"]["name"]: b["value"] for b in blocks(spec, "contact")}
    for name in ("Childline", "Missing People"):
        assert "free and confidential" in contacts[name]["description"].lower(), name
    assert "not anonymous" in contacts["CEOP Safety Centre"]["description"]
    assert "network charges may apply" in contacts["British Transport Police"]["description"]


def test_ceop_is_never_called_anonymous():
    for spec in specs():
        for sentence in sentences(spec):
            # A question ("Is a report to CEOP anonymous?") is answered in the next sentence.
            if "CEOP" in sentence and "anonym" in sentence.lower() and not sentence.endswith("?"):
                assert "not anonymous" in sentence, (spec["path"], sentence)
        for block in blocks(spec, "contact"):
            value = block["value"]
            if "CEOP" in value["name"] or CEOP_URL in (value.get("url") or ""):
                description = value["description"].lower()
                assert "anonym" not in description or "not anonymous" in description


def test_numbers_that_cost_money_are_never_called_free():
    for spec in specs():
        for sentence in sentences(spec):
            for number in NOT_FREE:
                if re.search(rf"\b{number}\b", sentence):
                    assert not CALLED_FREE.search(sentence), (spec["path"], sentence)
        for block in blocks(spec, "contact"):
            value = block["value"]
            if {value.get("phone"), value.get("text_number")} & NOT_FREE:
                assert not CALLED_FREE.search(value["description"]), spec["path"]


def test_the_help_route_data_marks_what_is_confidential_and_what_costs_money():
    routes = {route.number: route for route in NATIONAL_HELP_ROUTES}
    for number in ("999", "101", "61016", "0800 555 111", "0808 800 5000"):
        assert not routes[number].confidential, number
    for number in ("0800 1111", "116 000", "0808 1000 900", "116 123", "85258"):
        assert routes[number].confidential, number
    assert not routes["61016"].free and not routes["101"].free
    for route in NATIONAL_HELP_ROUTES:
        who_for = str(route.who_for).lower()
        if "confidential" in who_for:
            assert route.confidential, route.number
        if not route.free:
            assert not CALLED_FREE.search(who_for), route.number
