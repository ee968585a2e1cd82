"""Careful language and real help numbers, checked on what editors save and publish."""

import html
import json
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.content_checks import (
    describe,
    numbers_in_text,
    page_content_errors,
    unknown_numbers_in_text,
)
from home.factories import ContentPageFactory
from home.help_routes import NATIONAL_HELP_ROUTES
from home.models import ContentPage, SafetySettings

pytestmark = pytest.mark.django_db

FAKE_NUMBER_MESSAGE = (
    "“0800 000 0000” is not one of the national help routes Clearsight gives readers. "
    "Check it, and use a real route such as Childline on 0800 1111, so that nobody calls "
    "a wrong or made-up number."
)
CHILD_PROSTITUTE_MESSAGE = (
    "Do not write “child prostitute”: a child cannot sell sex, they are being abused. "
    "Write “a child who is being sexually exploited” instead."
)


def contact(**value):
    return {
        "type": "contact",
        "value": {
            "name": "A helpline",
            "description": "",
            "phone": "",
            "text_number": "",
            "url": "",
            "url_label": "",
            **value,
        },
    }


def callout(text):
    return {
        "type": "callout",
        "value": {"title": "Worried?", "text": text, "show_help_numbers": False},
    }


def unsaved_page(home_page, **fields):
    """A page built under the home page but not saved, as an editor's form builds one."""
    page = ContentPage(**{"title": "Staying safe", "slug": "staying-safe", **fields})
    page.path = home_page.path + "0001"
    page.depth = home_page.depth + 1
    page.url_path = home_page.url_path + "staying-safe/"
    return page


# -- Language -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("He was a child prostitute.", "child prostitute"),
        ("CHILD PROSTITUTION rings", "child prostitution"),
        ("Teenagers putting themselves at risk", "putting themselves at risk"),
        ("She puts herself at risk", "puts herself at risk"),
        ("Risky behaviours online", "risky behaviours"),
        ("They were sexually active", "sexually active"),
        ("a consensual relationship", "consensual"),
        ("Lorem ipsum dolor", "lorem"),
        ("images of child pornography", "child pornography"),
    ],
)
def test_blaming_words_and_placeholders_are_refused_in_the_intro(home_page, text, phrase):
    page = unsaved_page(home_page, intro=text)
    messages = page_content_errors(page)["intro"].messages
    assert any(f"“{phrase}”" in message for message in messages), messages
    assert all(message.endswith(".") for message in messages)


def test_words_split_by_markup_or_line_breaks_are_still_found(home_page):
    page = unsaved_page(
        home_page,
        body=[{"type": "paragraph", "value": "<p>a child\n  <b>prostitute</b></p>"}],
    )
    error = page_content_errors(page)["body"]
    assert error.block_errors[0].messages == [CHILD_PROSTITUTE_MESSAGE]


def test_careful_words_pass(home_page):
    page = unsaved_page(
        home_page,
        title="A child who is being sexually exploited",
        intro="Adults who exploit children put them at risk. Do not put yourself at risk.",
        body=[{"type": "paragraph", "value": "<p>It is never the child's fault.</p>"}],
    )
    assert page_content_errors(page) == {}


def test_the_title_and_search_description_are_checked_too(home_page):
    page = unsaved_page(home_page, search_description="Lorem ipsum.")
    page.title = "Risky behaviour"
    errors = page_content_errors(page)
    assert set(errors) == {"title", "search_description"}


# -- Numbers --------------------------------------------------------------------


def test_a_made_up_number_in_a_contact_block_is_refused_beside_its_field(home_page):
    page = unsaved_page(home_page, body=[contact(phone="0800 000 0000")])
    error = page_content_errors(page)["body"]
    assert isinstance(error, StreamBlockValidationError)
    assert isinstance(error.block_errors[0], StructBlockValidationError)
    phone_error = error.block_errors[0].block_errors["phone"]
    assert phone_error.messages == [FAKE_NUMBER_MESSAGE]
    assert set(error.block_errors[0].block_errors) == {"phone"}


def test_a_number_field_is_checked_whole_however_short(home_page):
    # Running text ignores short digit runs (ages, years); a number field does not.
    page = unsaved_page(home_page, body=[contact(phone="4321", text_number="999")])
    phone_error = page_content_errors(page)["body"].block_errors[0].block_errors["phone"]
    assert "“4321”" in phone_error.messages[0]


def test_every_national_route_is_accepted_in_every_number_field(home_page):
    body = [contact(phone=route.number, text_number=route.number) for route in NATIONAL_HELP_ROUTES]
    assert page_content_errors(unsaved_page(home_page, body=body)) == {}


def test_a_made_up_text_number_or_a_number_in_the_description_is_refused(home_page):
    page = unsaved_page(
        home_page,
        body=[
            contact(phone="0800 1111", text_number="12345"),
            contact(phone="116 000", description="Or call our office on 0161 496 0000."),
        ],
    )
    error = page_content_errors(page)["body"]
    assert list(error.block_errors[0].block_errors) == ["text_number"]
    assert "“12345”" in error.block_errors[0].block_errors["text_number"].messages[0]
    assert list(error.block_errors[1].block_errors) == ["description"]
    assert "“0161 496 0000”" in error.block_errors[1].block_errors["description"].messages[0]


def test_a_made_up_number_written_in_a_callout_is_refused(home_page):
    page = unsaved_page(home_page, body=[callout("<p>Call us on 0800 000 0000 today.</p>")])
    error = page_content_errors(page)["body"]
    assert error.block_errors[0].block_errors["text"].messages == [FAKE_NUMBER_MESSAGE]


def test_real_numbers_in_running_text_pass_even_beside_other_digits(home_page):
    page = unsaved_page(
        home_page,
        body=[
            callout(
                "<p>Call Childline on 0800 1111 24 hours a day, or 999 in an emergency. "
                "Since 2024, 1 in 5 calls came from children under 12.</p>"
            )
        ],
    )
    assert page_content_errors(page) == {}


def test_numbers_in_ordinary_paragraphs_are_left_alone(home_page):
    # The number rule covers the blocks that give help routes; a paragraph may
    # quote a reference number or a date.
    page = unsaved_page(home_page, body=[{"type": "paragraph", "value": "<p>Ref 4410 2023.</p>"}])
    assert page_content_errors(page) == {}


def test_a_number_in_the_sites_own_settings_is_accepted(home_page):
    safety = SafetySettings.for_site(home_page.get_site())
    safety.childline_number = "0800 2222"
    safety.save()
    page = unsaved_page(home_page, body=[contact(phone="0800 2222")])
    assert page_content_errors(page) == {}


def test_numbers_are_compared_without_spaces_and_with_the_uk_prefix(home_page):
    allowed = {"08001111"}
    assert unknown_numbers_in_text("call 0800 1111 or +44 800 1111 or 08001111", allowed) == []
    assert unknown_numbers_in_text("call 0800 1112", allowed) == ["0800 1112"]
    assert numbers_in_text("Ages 11 to 13, in 2024, call 116 000") == ["116 000"]


def test_errors_inside_lists_land_on_the_item(home_page):
    page = unsaved_page(
        home_page,
        body=[
            {
                "type": "signs",
                "value": {"heading": "Signs", "intro": "", "signs": ["Gifts", "Risky behaviour"]},
            }
        ],
    )
    signs = page_content_errors(page)["body"].block_errors[0].block_errors["signs"]
    assert isinstance(signs, ListBlockValidationError)
    assert list(signs.block_errors) == [1]
    assert describe(page) == [
        "body › 0 › signs › 1: Do not write “risky behaviour”: it blames the child. "
        "Say what is happening to them and who is responsible."
    ]


def test_saving_a_page_with_a_problem_raises_the_field_errors(home_page):
    page = ContentPageFactory(parent=home_page, title="Safe")
    page.intro = "A child prostitute."
    page.body = [contact(phone="0800 000 0000")]
    with pytest.raises(ValidationError) as raised:
        page.save_revision()
    assert raised.value.message_dict["intro"] == [CHILD_PROSTITUTE_MESSAGE]
    assert isinstance(raised.value.error_dict["body"][0], StreamBlockValidationError)


# -- In the editor --------------------------------------------------------------


def edit_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "comment_notifications": "",
        **changes,
    }
    return nested_form_data(data)


def contact_form_value(phone):
    return {
        "name": "A helpline",
        "description": "",
        "phone": phone,
        "text_number": "",
        "url": "",
        "url_label": "",
    }


@pytest.mark.parametrize("publish", [True, False], ids=["publish", "save draft"])
def test_the_editor_refuses_a_page_with_blaming_words_or_a_made_up_number(
    admin_client, home_page, publish
):
    page = ContentPageFactory(parent=home_page, title="Getting help", intro="Careful words.")
    revisions_before = page.revisions.count()
    data = edit_form(
        page,
        intro="Support for a child prostitute.",
        body=streamfield(
            [
                ("paragraph", rich_text("<p>Help is here.</p>")),
                ("contact", contact_form_value("0800 000 0000")),
            ]
        ),
    )
    if publish:
        data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    # The form comes back with the errors instead of a redirect.
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["intro"] == [CHILD_PROSTITUTE_MESSAGE]
    body_error = form.errors["body"].as_data()[0]
    assert body_error.block_errors[1].block_errors["phone"].messages == [FAKE_NUMBER_MESSAGE]
    page_html = html.unescape(response.content.decode())
    assert CHILD_PROSTITUTE_MESSAGE in page_html
    # The StreamField editor reads its errors as JSON.
    assert json.dumps(FAKE_NUMBER_MESSAGE)[1:-1] in page_html

    # Nothing was saved or published.
    page.refresh_from_db()
    assert page.intro == "Careful words."
    assert page.revisions.count() == revisions_before
    assert not page.has_unpublished_changes
    assert "child prostitute" not in Page.objects.get(pk=page.pk).specific.intro


def test_the_editor_publishes_the_page_once_the_words_and_number_are_fixed(admin_client, home_page):
    page = ContentPageFactory(parent=home_page, title="Getting help", intro="Careful words.")
    data = edit_form(
        page,
        intro="Support for a child who is being sexually exploited.",
        body=streamfield([("contact", contact_form_value("0800 1111"))]),
    )
    data["action-publish"] = "action-publish"
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    page.refresh_from_db()
    assert page.intro == "Support for a child who is being sexually exploited."
    assert page.live_revision == page.latest_revision


# -- The national routes are kept in one place ------------------------------------


def test_the_content_guide_lists_exactly_the_national_routes_the_checks_accept():
    guide = (Path(settings.BASE_DIR) / "docs" / "content.md").read_text()
    section = guide.split("## National help routes", 1)[1].split("\n## ", 1)[0]
    in_guide = {re.sub(r"\s", "", n) for n in numbers_in_text(section, min_digits=3)}
    in_data = {re.sub(r"\s", "", route.number) for route in NATIONAL_HELP_ROUTES}
    assert in_guide == in_data


# -- Images ---------------------------------------------------------------------


def test_an_image_block_is_read_through_its_alt_text(home_page):
    """An ImageBlock's value is the image itself, not a dict of its fields: the
    checks read the alt text written for this use, and pass a careful one."""
    from home.factories import ImageFactory

    image = ImageFactory(title="Bus stop at night")

    def figure(alt_text):
        return {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": alt_text},
                "caption": "",
            },
        }

    careful = unsaved_page(home_page, body=[figure("A bus stop at night, lit by a street lamp.")])
    assert page_content_errors(careful) == {}
    blaming = unsaved_page(home_page, body=[figure("A child prostitute waiting at a bus stop.")])
    error = page_content_errors(blaming)["body"]
    alt_text_error = error.block_errors[0].block_errors["image"].block_errors["alt_text"]
    assert alt_text_error.messages == [CHILD_PROSTITUTE_MESSAGE]
