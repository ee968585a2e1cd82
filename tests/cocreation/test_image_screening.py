"""Children's pictures: nothing but the pixels is stored, the right way up; the rest is refused.

Children's uploads pass the same gate as editors' (``home.uploads.screen_image``).
These tests follow a child's picture into a ``SubmissionImage`` on the default
storage and read it back from there with Pillow.
"""

import io
import zipfile

from django.core.files.storage import default_storage

import pytest
from PIL import Image

from cocreation.factories import SubmissionFactory
from cocreation.models import SubmissionImage
from home.uploads import screen_image
from tests.home import media_samples as samples
from tests.home.test_uploads import (
    BOMB_11000,
    MOVES,
    NOT_A_PICTURE,
    assert_bare_jpeg,
    assert_upright,
    refusal,
)

pytestmark = pytest.mark.django_db

BROKEN = (
    "This picture could not be read. It may be damaged: please save it again and upload the copy."
)
HIDES_SOMETHING = (
    "This picture has another kind of file hidden inside it, so we cannot take it. "
    "Please save the picture again, or take a screenshot of it, and upload the copy."
)


def store(name, data):
    """Screen a child's picture and store it as the form does; return the stored bytes."""
    image = SubmissionImage(
        submission=SubmissionFactory(), file=screen_image(samples.upload(name, data))
    )
    image.save()
    image.refresh_from_db()
    with default_storage.open(image.file.name) as stored:
        return image, stored.read()


def zip_archive():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", "<p>hello</p>")
    return out.getvalue()


def test_a_phone_photo_is_stored_with_no_exif_gps_xmp_iptc_or_comment():
    original = samples.camera_jpeg(orientation=6)
    assert samples.SERIAL.encode() in original and b"adobe:ns:meta" in original  # the guard
    image, data = store("IMG_2041.jpg", original)
    assert_bare_jpeg(data)
    picture = Image.open(io.BytesIO(data))
    assert picture.getexif().get_ifd(0x8825) == {}  # no GPS
    assert (image.width, image.height) == (32, 64)


def test_a_phone_photo_is_stored_the_right_way_up():
    _image, data = store("IMG_2041.jpg", samples.camera_jpeg(orientation=6))
    assert_upright(data)


def test_the_childs_file_name_is_not_kept():
    image, _data = store("Jo Bloggs at 12 Acacia Avenue.jpg", samples.camera_jpeg())
    assert image.file.name.startswith("contributions/")
    assert "Bloggs" not in image.file.name and image.file.name.endswith(".jpg")


def test_a_drawing_saved_as_png_is_stored_with_no_text_exif_or_profile():
    _image, data = store("my drawing.png", samples.png_with_text())
    assert set(samples.png_chunk_types(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    for marker in samples.METADATA_MARKERS:
        assert marker not in data, marker


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            NOT_A_PICTURE,
        ),
        (
            "drawing.jpg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
            NOT_A_PICTURE,
        ),
        ("homework.jpg", samples.MINIMAL_PDF, NOT_A_PICTURE),
        ("bomb.png", samples.png_bomb(real_pixels=False), BOMB_11000),
        ("dance.gif", samples.gif_with_comment(frames=2), MOVES),
        ("empty.jpg", b"", NOT_A_PICTURE),
    ],
)
def test_each_refused_kind_is_refused_with_a_clear_message(name, data, message):
    assert refusal(screen_image, name, data) == [message]


def test_a_truncated_photo_is_refused_as_damaged():
    data = samples.camera_jpeg(size=(640, 480))
    assert refusal(screen_image, "cut.jpg", data[: len(data) // 2]) == [BROKEN]


def test_a_png_that_is_also_a_zip_archive_is_refused():
    assert refusal(screen_image, "poster.png", samples.png_with_text() + zip_archive()) == [
        HIDES_SOMETHING
    ]


@pytest.mark.parametrize(
    "hidden",
    [
        b"<html><body><script>alert(document.cookie)</script></body></html>",
        b"<SCRIPT src=//evil.example/x.js></SCRIPT>",
        b"<?php system($_GET['c']); ?>",
        b"<!DOCTYPE html><p>hi</p>",
    ],
)
def test_a_jpeg_that_is_also_a_web_page_is_refused(hidden):
    assert refusal(screen_image, "photo.jpg", samples.camera_jpeg() + hidden) == [HIDES_SOMETHING]


def test_web_page_code_hidden_in_a_jpeg_comment_is_refused():
    out = io.BytesIO()
    samples.two_colour_picture().save(out, "JPEG", comment="<script>alert(1)</script>")
    assert refusal(screen_image, "photo.jpg", out.getvalue()) == [HIDES_SOMETHING]


def test_a_motion_photo_keeps_its_picture_and_loses_its_video():
    """Phones append a short video after the JPEG: that is no polyglot, and it is dropped."""
    video = samples.MP4_HEADER + bytes(range(256)) * 40
    _image, data = store("PXL_motion.jpg", samples.camera_jpeg() + video)
    assert samples.MP4_HEADER not in data
    assert_bare_jpeg(data)


def test_noisy_photos_are_not_taken_for_polyglots():
    _image, data = store("noise.jpg", samples.optimised_jpeg())
    assert Image.open(io.BytesIO(data)).size == (200, 150)
