"""The reading-age check on young people's pages: the estimate, the panel at
the top of the editor, and the warning when an editor submits the page
(home/governance/readability.py)."""

import html
import re

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.factories import (
    AgeBandFactory,
    AgeBandPageFactory,
    ContentPageFactory,
    SectionPageFactory,
    YoungPeopleIndexPageFactory,
)
from home.governance.readability import (
    estimate_reading_age,
    page_text,
    reading_age_check,
)
from home.governance.setup import set_up_governance
from schools.factories import (
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
)

pytestmark = pytest.mark.django_db

# Long words in long sentences: far beyond a five year old.
HARD = (
    "Organisations responsible for safeguarding vulnerable individuals consistently "
    "emphasise the significance of recognising manipulative relationships, exploitative "
    "behaviours and coercive communication, particularly within contemporary digital "
    "environments where anonymity complicates accountability considerably. "
) * 5
# Short sentences and everyday words.
PLAIN = (
    "You can talk to a grown-up you trust. They will listen to you. It is not your fault. "
    "You can say no. You can ask for help at any time. A friend can help too. "
    "Keep your name and your home safe online. Tell someone if a chat feels wrong. "
) * 3


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture
def bands(db):
    return {
        "young": AgeBandFactory(name="4 to 7", slug="4-7", min_age=4, max_age=7),
        "older": AgeBandFactory(name="14 to 17", slug="14-17", min_age=14, max_age=17),
    }


@pytest.fixture
def band_pages(home_page, bands):
    young_people = YoungPeopleIndexPageFactory(parent=home_page)
    pages = {
        key: AgeBandPageFactory(parent=young_people, age_band=band) for key, band in bands.items()
    }
    set_up_governance()
    return pages


def young_page(band_pages, band, text, **kwargs):
    return ContentPageFactory(
        parent=band_pages[band], title="Staying safe", body=paragraph(text), **kwargs
    )


# --- The estimate -----------------------------------------------------------------------


def test_the_estimate_is_flesch_kincaid_plus_five_and_needs_a_hundred_words():
    assert estimate_reading_age(HARD) >= 18
    assert estimate_reading_age(PLAIN) <= 8
    assert estimate_reading_age("You can talk to a grown-up you trust. " * 10) is None  # 80 words


def test_the_text_is_the_title_intro_and_the_words_of_the_body(band_pages):
    page = young_page(band_pages, "young", "Tell a <b>trusted</b> adult.", intro="Read this first")
    page.body = [
        ("heading", {"text": "What to do", "level": "h2"}),
        ("paragraph", "<p>Tell a <b>trusted</b> adult.</p>"),
    ]
    assert page_text(page) == "Staying safe. Read this first. What to do. Tell a trusted adult."


# --- Which pages, against which band ---------------------------------------------------------


def test_long_words_and_sentences_for_4_to_7s_are_above_the_band(band_pages):
    check = reading_age_check(young_page(band_pages, "young", HARD))
    assert check.above_band
    assert check.band_max_age == 7
    assert check.message == (
        f"Reading age about {check.reading_age}: above the 4 to 7 age band this page is for. "
        "Try shorter sentences and everyday words."
    )


def test_plain_short_sentences_for_14_to_17s_are_not(band_pages):
    check = reading_age_check(young_page(band_pages, "older", PLAIN))
    assert not check.above_band
    assert (
        check.message == f"Reading age about {check.reading_age}: right for the 14 to 17 age band."
    )


def test_the_youngest_of_the_pages_own_age_bands_counts(band_pages, bands):
    page = young_page(band_pages, "older", PLAIN.replace("You can say no. ", ""))
    page.age_bands.set([bands["older"], bands["young"]])
    assert reading_age_check(page).band_max_age == 7


def test_a_short_page_is_too_short_to_estimate(band_pages):
    check = reading_age_check(young_page(band_pages, "young", "Tell a trusted adult."))
    assert check.too_short
    assert not check.above_band
    assert check.message.startswith("Reading age: too short to estimate (")


def test_pages_outside_the_youth_panels_workflow_are_not_checked(home_page, bands):
    section = SectionPageFactory(parent=home_page)
    page = ContentPageFactory(parent=section, body=paragraph(HARD))
    page.age_bands.set([bands["young"]])
    schools = SchoolsLandingPageFactory(parent=home_page)
    pack = LessonPackPageFactory(parent=LessonPackIndexPageFactory(parent=schools))
    pack.age_bands.set([bands["young"]])
    set_up_governance()
    assert reading_age_check(page) is None
    assert reading_age_check(pack) is None


# --- In the editor ---------------------------------------------------------------------------


def reading_age_panel(response):
    found = re.search(r'data-reading-age="([a-z-]+)">([^<]*)<', response.content.decode())
    return (found.group(1), html.unescape(found.group(2))) if found else None


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def test_the_editor_warns_at_the_top_of_the_form(admin_client, band_pages):
    page = young_page(band_pages, "young", HARD)
    response = admin_client.get(edit_url(page))
    kind, message = reading_age_panel(response)
    assert kind == "above"
    assert message == reading_age_check(page).message
    content = response.content.decode()
    # Before the first field of the Content tab.
    assert content.index('data-reading-age="above"') < content.index('name="title"')


def test_the_editor_reads_the_latest_draft(admin_client, band_pages):
    page = young_page(band_pages, "young", PLAIN)
    assert reading_age_panel(admin_client.get(edit_url(page)))[0] == "within"
    page.body = paragraph(HARD)
    page.save_revision()
    assert reading_age_panel(admin_client.get(edit_url(page)))[0] == "above"


def test_no_warning_for_plain_words_for_14_to_17s(admin_client, band_pages):
    page = young_page(band_pages, "older", PLAIN)
    assert reading_age_panel(admin_client.get(edit_url(page)))[0] == "within"


def test_no_panel_outside_young_peoples_pages(admin_client, home_page, bands):
    page = ContentPageFactory(parent=SectionPageFactory(parent=home_page), body=paragraph(HARD))
    page.age_bands.set([bands["young"]])
    set_up_governance()
    response = admin_client.get(edit_url(page))
    assert response.status_code == 200
    assert reading_age_panel(response) is None


def submit(client, page, text):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": "",
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "seo_title": "",
            "search_description": "",
            "comment_notifications": "",
        }
    )
    data["action-submit"] = "action-submit"
    response = client.post(edit_url(page), data)
    assert response.status_code == 302
    return [
        (message.level_tag, str(message))
        for message in get_messages(response.wsgi_request)
        if message.level_tag == "warning"
    ]


def test_submitting_a_page_above_its_band_warns_but_still_submits(admin_client, band_pages):
    page = young_page(band_pages, "young", PLAIN, live=False)
    warnings = submit(admin_client, page, HARD)
    page.refresh_from_db()
    check = reading_age_check(page.get_latest_revision_as_object())
    assert check.above_band
    assert warnings == [("warning", check.message)]
    state = WorkflowState.objects.for_instance(page).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_submitting_plain_words_for_14_to_17s_gives_no_warning(admin_client, band_pages):
    page = young_page(band_pages, "older", PLAIN, live=False)
    assert submit(admin_client, page, PLAIN) == []
    assert WorkflowState.objects.for_instance(page).get().status == "in_progress"
