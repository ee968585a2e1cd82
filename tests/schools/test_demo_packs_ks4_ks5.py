"""The demo lesson packs for key stages 4 and 5, and the staff case studies
(schools/demo_content/pages/32-lesson-packs-ks4-ks5.yaml).

The file's pages sit under the lesson pack library that 31-lesson-packs.yaml
creates, and the demo step restricts the staff pack to the Professionals group.
"""

import re
from datetime import date
from pathlib import Path

from django.utils.html import escape

from wagtail.models import PageViewRestriction

import pytest

import schools
from home.content_checks import describe, national_numbers, plain_text, unknown_numbers_in_text
from home.demo_content.loader import read_yaml
from schools.models import LessonPackPage
from schools.privacy import professionals_group

pytestmark = pytest.mark.django_db

PACKS_FILE = (
    Path(schools.__file__).parent / "demo_content" / "pages" / "32-lesson-packs-ks4-ks5.yaml"
)
STAFF_PACK_PATH = (
    "schools/lesson-packs/case-studies-for-staff-recognising-child-sexual-exploitation"
)
BEFORE_YOU_TEACH_PARTS = (
    "ground_rules",
    "distancing",
    "disclosures",
    "tell_your_dsl",
    "signposting",
)
TIMED_SECTIONS = ("starter", "activity", "plenary")
PLACEHOLDER = re.compile(r"\b(?:lorem|ipsum|todo|placeholder|tbc|tbd|fixme|xxx)\b", re.IGNORECASE)


def ks4_ks5_packs():
    return list(
        LessonPackPage.objects.live()
        .filter(key_stages__slug__in=["ks4", "ks5"])
        .distinct()
        .order_by("path")
    )


def staff_pack():
    return LessonPackPage.objects.get(url_path__endswith=f"/{STAFF_PACK_PATH}/")


# --- The files, as written --------------------------------------------------------


def test_the_file_holds_lesson_packs_under_the_library_only():
    specs = read_yaml(PACKS_FILE)
    assert len(specs) >= 5
    for spec in specs:
        assert spec["type"] == "schools.LessonPackPage"
        assert spec["path"].startswith("schools/lesson-packs/")
        # Curriculum links are set by the demo step once the curriculum data is final.
        assert "curriculum_links" not in spec


def test_the_file_has_no_placeholder_words():
    found = PLACEHOLDER.findall(PACKS_FILE.read_text(encoding="utf-8"))
    assert found == []


def test_every_number_in_the_packs_is_a_national_help_route():
    """'Before you teach' and the lesson plan are not checked for numbers when an
    editor publishes (only contact blocks and callouts are), so check the files."""
    text = plain_text(PACKS_FILE.read_text(encoding="utf-8"))
    assert unknown_numbers_in_text(text, national_numbers()) == []
    for number in ("0800 1111", "0808 800 5000"):
        assert number in text


# --- The packs, as loaded -----------------------------------------------------------


def test_there_are_at_least_four_ks4_and_ks5_packs_each_ready_to_teach(demo_site):
    packs = ks4_ks5_packs()
    assert len(packs) >= 4
    assert {"ks4", "ks5"} <= {stage.slug for pack in packs for stage in pack.key_stages.all()}
    for pack in packs:
        assert len(pack.before_you_teach) == 1, pack.title
        before = pack.before_you_teach[0].value
        for part in BEFORE_YOU_TEACH_PARTS:
            assert plain_text(before[part]), f"{pack.title}: {part} is empty"
        signposting = plain_text(before["signposting"])
        assert "0800 1111" in signposting, pack.title
        assert "999" in signposting, pack.title

        kinds = [block.block_type for block in pack.lesson_plan]
        assert "activity" in kinds, pack.title
        for kind in ("starter", "plenary", "differentiation", "assessment"):
            assert kinds.count(kind) == 1, f"{pack.title}: {kind}"
        assessment = next(b.value for b in pack.lesson_plan if b.block_type == "assessment")
        assert plain_text(assessment["baseline"]) and plain_text(assessment["end_point"])
        # The timed sections fill the lesson, no more and no less.
        minutes = sum(
            b.value["minutes"] for b in pack.lesson_plan if b.block_type in TIMED_SECTIONS
        )
        assert minutes == pack.lesson_minutes, pack.title

        assert pack.summary and len(pack.summary) <= 300, pack.title
        assert len(pack.learning_objectives.splitlines()) >= 3, pack.title
        assert len(pack.learning_outcomes.splitlines()) >= 3, pack.title
        assert pack.year_groups.exists() and pack.age_bands.exists() and pack.topics.exists()
        assert pack.version == "1.0"
        assert pack.next_review == date(
            pack.last_reviewed.year + 1, pack.last_reviewed.month, pack.last_reviewed.day
        )
        assert describe(pack) == [], pack.title


def test_the_pupil_packs_render_with_their_title(demo_site, client):
    pupil_packs = [pack for pack in ks4_ks5_packs() if pack.url_path != staff_pack().url_path]
    assert len(pupil_packs) >= 4
    for pack in pupil_packs:
        response = client.get(pack.url)
        assert response.status_code == 200, pack.url
        html = response.content.decode()
        assert f">{escape(pack.title)}</h1>" in html, pack.url
        assert escape(pack.summary) in html, pack.url


def test_the_staff_pack_is_for_staff_and_professionals_only(demo_site, client):
    pack = staff_pack()
    assert {stage.slug for stage in pack.key_stages.all()} == {"ks3", "ks4", "ks5"}
    assert "professionals" in {audience.slug for audience in pack.audiences.all()}
    body = " ".join(plain_text(block.render_as_block()) for block in pack.body)
    assert "not for use with pupils" in body

    restriction = PageViewRestriction.objects.get(page=pack)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [professionals_group()]
    response = client.get(pack.url)
    assert response.status_code == 302
    assert pack.summary not in response.content.decode()
