"""The site-wide block library: accessible markup, escaping and validation."""

from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from home.blocks import (
    BodyStreamBlock,
    CalloutBlock,
    ContactBlock,
    HeadingBlock,
    QuestionsBlock,
    SignsBlock,
    TrustedAdultBlock,
)


def render(block, raw, request=None):
    value = block.to_python(raw)
    context = {"request": request} if request is not None else {}
    return block.render(value, context)


def test_every_block_documents_itself_for_editors():
    for name, block in BodyStreamBlock().child_blocks.items():
        assert block.meta.icon, name
        assert block.meta.template.startswith("components/blocks/"), name
        assert block.meta.description, name


def test_blocks_with_static_examples_have_previews_that_render(home_page):
    request = RequestFactory().get("/")
    for name, block in BodyStreamBlock().child_blocks.items():
        value = block.get_preview_value()
        if name in {"image", "downloads", "easy_read"}:
            assert value is None, "no image or document exists yet, so no preview"
            continue
        assert value is not None, name
        assert block.render(value, {"request": request}).strip(), name


def test_heading_uses_the_chosen_level_and_escapes_text():
    html = render(HeadingBlock(), {"text": "Tom & <Jerry>", "level": "h3"})
    assert html.strip() == '<h3 class="stream__heading">Tom &amp; &lt;Jerry&gt;</h3>'


def test_heading_refuses_levels_outside_the_outline():
    with pytest.raises(ValidationError):
        HeadingBlock().clean(HeadingBlock().to_python({"text": "Hi", "level": "h1"}))


def test_callout_shows_help_numbers_from_settings(home_page, rf):
    from home.models import SafetySettings

    # Numbers unlike the defaults, so that a template repeating them would fail.
    safety = SafetySettings.for_site(home_page.get_site())
    safety.emergency_number = "112"
    safety.childline_number = "0800 2222"
    safety.missing_people_number = "116 111"
    safety.police_non_emergency_number = "102"
    safety.save()
    request = rf.get("/")
    html = render(
        CalloutBlock(),
        {"title": "Worried?", "text": "<p>Talk to us.</p>", "show_help_numbers": True},
        request,
    )
    assert 'aria-label="Worried?"' in html
    assert 'In danger now: call <a href="tel:112">112</a>' in html
    assert 'Childline: <a href="tel:08002222">0800 2222</a>' in html
    assert 'Missing People: <a href="tel:116111">116 111</a>' in html
    assert 'Police, not an emergency: <a href="tel:102">102</a>' in html
    for default in ("999", "0800 1111", "116 000", "101"):
        assert default not in html, default


def test_callout_needs_text_or_numbers():
    block = CalloutBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"title": "Empty", "text": "", "show_help_numbers": False}))
    assert error.value.block_errors["text"].message == (
        "Add some text, or show the help numbers, so that the callout says something."
    )


def test_signs_are_a_list_and_escaped():
    html = render(
        SignsBlock(),
        {"heading": "Signs", "intro": "", "signs": ["New phone", "<b>Gifts</b>"]},
    )
    assert "<li>New phone</li>" in html
    assert "<li>&lt;b&gt;Gifts&lt;/b&gt;</li>" in html


def test_questions_open_and_close_without_javascript():
    html = render(
        QuestionsBlock(),
        {
            "heading": "Questions",
            "items": [{"question": "Will I be in trouble?", "answer": "<p>No.</p>"}],
        },
    )
    assert '<details class="questions__item">' in html
    assert '<summary class="questions__question">Will I be in trouble?</summary>' in html
    assert "<p>No.</p>" in html


def test_contact_renders_tap_to_call_and_text_links():
    html = render(
        ContactBlock(),
        {
            "name": "Missing People",
            "phone": "116 000",
            "text_number": "116 000",
            "url": "",
            "url_label": "",
        },
    )
    assert 'Call <a href="tel:116000">116 000</a>' in html
    assert 'Text <a href="sms:116000">116 000</a>' in html
    assert '<a href=""' not in html


def test_contact_needs_a_way_to_get_in_touch():
    block = ContactBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"name": "Nobody"}))
    assert error.value.block_errors["phone"].message == (
        "Give at least one way to get in touch: a phone number, a text number or a website."
    )


def test_contact_label_needs_its_website():
    block = ContactBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(
            block.to_python({"name": "Childline", "phone": "0800 1111", "url_label": "Chat"})
        )
    assert (
        error.value.block_errors["url"].message == "Add the website address that this label is for."
    )


def test_trusted_adult_prompt_lists_examples():
    html = render(
        TrustedAdultBlock(),
        {
            "heading": "Talk to someone you trust",
            "text": "They will listen.",
            "examples": ["a teacher"],
        },
    )
    assert '<h2 class="trusted-adult__title">Talk to someone you trust</h2>' in html
    assert "<li>a teacher</li>" in html


def test_paragraph_features_exclude_headings_images_and_embeds():
    features = BodyStreamBlock().child_blocks["paragraph"].features
    assert set(features) == {"bold", "italic", "ol", "ul", "link", "document-link"}
