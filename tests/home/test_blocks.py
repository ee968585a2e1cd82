"""The site-wide block library: accessible markup, escaping and validation."""

from django.core.exceptions import ValidationError
from django.test import RequestFactory

from wagtail.blocks.struct_block import StructBlockValidationError

import pytest

from home.blocks import (
    BodyStreamBlock,
    CalloutBlock,
    ContactBlock,
    EasyReadBlock,
    EasyReadLineBlock,
    HeadingBlock,
    QuestionsBlock,
    SafeBylineBlock,
    SignsBlock,
    TrustedAdultBlock,
    VideoBlock,
    YoungPersonQuoteBlock,
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


# ---- Safe byline and quote from a young person ------------------------------


@pytest.fixture
def band_and_area(db):
    from home.models import AgeBand, Area

    band = AgeBand.objects.create(name="Ages 14 to 17", slug="14-17", min_age=14, max_age=17)
    area = Area.objects.create(name="Leeds", slug="leeds")
    return band, area


def test_a_safe_byline_has_no_field_but_name_age_band_and_area():
    assert list(SafeBylineBlock().child_blocks) == ["name", "age_band", "area"]
    quote = YoungPersonQuoteBlock()
    assert list(quote.child_blocks) == ["quote", "byline"]
    assert isinstance(quote.child_blocks["byline"], SafeBylineBlock)


@pytest.mark.parametrize("name", ["Amy Smith", "Year9", "J.", "Sam_"])
def test_a_safe_byline_refuses_anything_but_one_first_name(name, band_and_area):
    band, _area = band_and_area
    block = SafeBylineBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"name": name, "age_band": band.pk, "area": None}))
    assert error.value.block_errors["name"].message == (
        "Use one first name or nickname only: no surname, numbers or spaces."
    )


@pytest.mark.parametrize("name", ["Amy", "Jo-Jo", "D’Arcy", "Zoë"])
def test_a_safe_byline_takes_a_first_name_or_nickname(name, band_and_area):
    band, _area = band_and_area
    block = SafeBylineBlock()
    assert block.clean(block.to_python({"name": name, "age_band": band.pk}))["name"] == name


def test_a_safe_byline_shows_only_the_name_age_band_and_area(band_and_area):
    band, area = band_and_area
    block = SafeBylineBlock()
    # Anything else given to the block (as a careless import might) is dropped, never shown.
    raw = {
        "name": "Amy",
        "age_band": band.pk,
        "area": area.pk,
        "surname": "Smith",
        "school": "Park High",
    }
    html = block.render(block.to_python(raw))
    assert html.strip() == '<span class="byline">Amy, ages 14 to 17, Leeds</span>'
    without_area = block.render(block.to_python({"name": "Amy", "age_band": band.pk}))
    assert without_area.strip() == '<span class="byline">Amy, ages 14 to 17</span>'


def test_a_quote_shows_the_words_and_the_safe_byline_escaped(band_and_area):
    band, area = band_and_area
    html = render(
        YoungPersonQuoteBlock(),
        {
            "quote": "A real friend <b>never</b> asks you to keep secrets.",
            "byline": {"name": "Kai", "age_band": band.pk, "area": area.pk},
        },
    )
    assert (
        '<blockquote class="quote__text"><p>A real friend &lt;b&gt;never&lt;/b&gt; asks you '
        "to keep secrets.</p></blockquote>"
    ) in html
    assert (
        '<figcaption class="quote__byline"><span class="byline">Kai, ages 14 to 17, Leeds</span>'
    ) in html


def test_a_quote_refuses_an_unsafe_byline(band_and_area):
    band, _area = band_and_area
    block = YoungPersonQuoteBlock()
    value = block.to_python(
        {"quote": "Tell someone.", "byline": {"name": "Kai Jones", "age_band": band.pk}}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    byline_errors = error.value.block_errors["byline"]
    assert byline_errors.block_errors["name"].message == (
        "Use one first name or nickname only: no surname, numbers or spaces."
    )


# ---- Easy Read -----------------------------------------------------------------


@pytest.fixture
def picture(db):
    from wagtail.images.tests.utils import get_test_image_file

    from home.factories import ImageFactory

    return ImageFactory(file=get_test_image_file(), title="Hand")


def test_easy_read_keeps_each_sentence_short(picture):
    block = EasyReadLineBlock()
    long_sentence = (
        "If someone asks you to keep a secret that makes you feel worried or sad "
        "you should tell a grown-up."
    )
    value = block.to_python(
        {
            "image": {"image": picture.pk, "alt_text": "A hand", "decorative": False},
            "text": long_sentence,
        }
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert error.value.block_errors["text"].message == "Keep each sentence to 15 words or fewer."
    short = block.to_python(
        {
            "image": {"image": picture.pk, "alt_text": "A hand", "decorative": False},
            "text": "Some secrets feel bad. Tell a grown-up you trust.",
        }
    )
    assert block.clean(short)["text"] == "Some secrets feel bad. Tell a grown-up you trust."


def test_easy_read_puts_a_picture_with_its_meaning_beside_each_line(picture):
    html = render(
        EasyReadBlock(),
        {
            "heading": "Telling someone",
            "lines": [
                {
                    "image": {
                        "image": picture.pk,
                        "alt_text": "A hand saying stop",
                        "decorative": False,
                    },
                    "text": "You can say no.",
                },
                {
                    "image": {"image": picture.pk, "alt_text": "", "decorative": True},
                    "text": "Tell a <grown-up>.",
                },
            ],
        },
    )
    assert '<h2 class="easy-read__title">Telling someone</h2>' in html
    assert html.count('<li class="easy-read__line">') == 2
    assert 'alt="A hand saying stop"' in html
    assert 'alt=""' in html
    assert '<p class="easy-read__text">You can say no.</p>' in html
    assert '<p class="easy-read__text">Tell a &lt;grown-up&gt;.</p>' in html


def test_easy_read_needs_at_least_one_line():
    block = EasyReadBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"heading": "Nothing here", "lines": []}))


# ---- Video ---------------------------------------------------------------------


@pytest.fixture
def video_files(db):
    from django.core.files.base import ContentFile

    from home.factories import DocumentFactory

    film = DocumentFactory(title="Film", file=ContentFile(b"\x00" * 64, name="telling.mp4"))
    captions = DocumentFactory(title="Captions", file=ContentFile(b"WEBVTT\n", name="telling.vtt"))
    return film, captions


def test_a_video_needs_captions_or_a_transcript():
    block = VideoBlock()
    value = block.to_python(
        {
            "title": "Telling",
            "external_url": "https://www.youtube.com/watch?v=abc",
            "transcript": " ",
        }
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert error.value.block_errors["transcript"].message == (
        "Add captions or a transcript, so everyone can follow the video."
    )
    value = block.to_python(
        {
            "title": "Telling",
            "external_url": "https://www.youtube.com/watch?v=abc",
            "transcript": "Mia tells her aunt.",
        }
    )
    assert block.clean(value)["transcript"] == "Mia tells her aunt."


def test_a_video_with_captions_needs_no_transcript(video_files):
    film, captions = video_files
    block = VideoBlock()
    value = block.to_python({"title": "Telling", "file": film.pk, "captions": captions.pk})
    assert block.clean(value)["captions"] == captions


def test_a_video_file_must_be_a_video_and_captions_a_webvtt_file(db):
    from django.core.files.base import ContentFile

    from home.factories import DocumentFactory

    leaflet = DocumentFactory(title="Leaflet", file=ContentFile(b"%PDF-1.4", name="leaflet.pdf"))
    block = VideoBlock()
    value = block.to_python(
        {"title": "Telling", "file": leaflet.pk, "captions": leaflet.pk, "transcript": "Hi."}
    )
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert error.value.block_errors["file"].message == "Choose a video file: an MP4 or WebM file."
    assert error.value.block_errors["captions"].message == (
        "Choose a captions file: a WebVTT (.vtt) file."
    )


def test_a_video_is_a_file_or_a_link_not_both_nor_neither(video_files):
    film, _captions = video_files
    block = VideoBlock()
    for raw in (
        {
            "title": "Both",
            "file": film.pk,
            "external_url": "https://vimeo.com/1",
            "transcript": "Hi.",
        },
        {"title": "Neither", "transcript": "Hi."},
    ):
        with pytest.raises(StructBlockValidationError) as error:
            block.clean(block.to_python(raw))
        assert error.value.block_errors["file"].message == (
            "Choose a video file or give a link to a video on another site, not both."
        )


def test_a_video_on_this_site_plays_with_its_captions_and_loads_nothing_first(video_files):
    film, captions = video_files
    html = render(
        VideoBlock(),
        {"title": "Telling <someone>", "file": film.pk, "captions": captions.pk, "transcript": ""},
    )
    assert '<video class="video__player" controls preload="none">' in html
    assert f'<source src="{film.url}">' in html
    assert (
        f'<track kind="captions" src="{captions.url}" srclang="en-gb" label="Captions" default>'
        in html
    )
    assert '<figcaption class="video__title">Telling &lt;someone&gt;</figcaption>' in html
    assert "autoplay" not in html
    assert "Read the transcript" not in html


def test_a_video_on_another_site_is_a_link_that_names_the_site(rf):
    html = render(
        VideoBlock(),
        {
            "title": "How to tell someone",
            "external_url": "https://www.youtube-nocookie.com/embed/abc?x=1&y=2",
            "transcript": "A girl called Mia\n\nfeels worried.",
        },
    )
    assert (
        '<a class="button button--secondary video__link" '
        'href="https://www.youtube-nocookie.com/embed/abc?x=1&amp;y=2" rel="noreferrer">'
        "Watch on www.youtube-nocookie.com</a>"
    ) in html
    assert (
        "This opens the video on www.youtube-nocookie.com, another website with its own rules "
        "on privacy and cookies."
    ) in html
    # Nothing from the other site loads with the page: no frame, player, picture or script.
    for tag in ("<iframe", "<video", "<img", "<script", "src="):
        assert tag not in html, tag
    assert "<summary>Read the transcript</summary>" in html
    assert "<p>A girl called Mia</p>" in html and "<p>feels worried.</p>" in html
