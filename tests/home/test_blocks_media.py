"""Blocks that hold images and documents."""

from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file

import pytest
from wagtail_factories import DocumentFactory, ImageFactory

from home.blocks import DownloadsBlock, FigureBlock

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
    document = DocumentFactory(title="Lesson pack")
    assert isinstance(document, Document)
    block = DownloadsBlock()
    value = block.to_python({"heading": "Downloads", "items": [{"document": document.pk}]})
    html = block.render(value)
    assert ">Lesson pack</a>" in html
    assert f"({document.file_extension.upper()}, " in html
