"""Blocks that hold images and documents."""

from django.core.files.base import ContentFile

from wagtail.images.tests.utils import get_test_image_file

import pytest

from home.blocks import DownloadsBlock, FigureBlock
from home.factories import DocumentFactory, ImageFactory
from home.models import ClearsightDocument

pytestmark = pytest.mark.django_db


def test_figure_uses_the_alt_text_given_here():
    image = ImageFactory(file=get_test_image_file(), title="Poster")
    block = FigureBlock()
    value = block.to_python(
        {
            "image": {
                "image": image.pk,
                "alt_text": "A poster with the Childline number",
                "decorative": False,
            },
            "caption": "Made in Year 8",
        }
    )
    html = block.render(value)
    assert 'alt="A poster with the Childline number"' in html
    assert "<figcaption" in html and "Made in Year 8" in html


def test_a_decorative_figure_has_empty_alt_text():
    image = ImageFactory(file=get_test_image_file(), title="Swirl")
    block = FigureBlock()
    value = block.to_python(
        {"image": {"image": image.pk, "alt_text": "", "decorative": True}, "caption": ""}
    )
    assert 'alt=""' in block.render(value)


def test_downloads_say_type_and_size_before_the_tap():
    document = DocumentFactory(
        title="Lesson pack",
        file=ContentFile(b"%PDF-1.7\n" + b"x" * (240 * 1024), name="lesson-pack.pdf"),
    )
    sheet = DocumentFactory(
        title="Contacts", file=ContentFile(b"x" * (1536 * 1024), name="contacts.xlsx")
    )
    assert isinstance(document, ClearsightDocument)
    block = DownloadsBlock()
    value = block.to_python(
        {"heading": "Downloads", "items": [{"document": document.pk}, {"document": sheet.pk}]}
    )
    html = block.render(value)
    assert ">Lesson pack</a>" in html
    assert '<span class="downloads__meta">(PDF, 240 KB)</span>' in html
    assert '<span class="downloads__meta">(Excel spreadsheet, 1.5 MB)</span>' in html
    assert f'href="/documents/{document.pk}/lesson-pack.pdf"' in html
