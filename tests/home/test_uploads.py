"""The screening services: what a picture or document must be, and what is left of it."""

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

import pytest
from PIL import Image, IptcImagePlugin

from home.uploads import DOCUMENT_KINDS, screen_document, screen_image

from . import media_samples as samples

NOT_A_PICTURE = "This file is not a picture we can use. Please upload a JPEG, PNG, WebP or GIF."
BOMB_11000 = (
    "This picture has too many pixels (11000 by 11000). Please make it smaller, "
    "no more than 40 megapixels, and upload it again."
)
MOVES = (
    "This picture moves. Please upload a still picture instead: moving pictures distract "
    "readers and some can cause seizures."
)
MACROS = (
    "This file contains macros, which can carry harmful code. Please save a copy without "
    "macros (as .docx, .xlsx, .pptx or an OpenDocument file with no macros) and upload that."
)
NOT_UTF8 = (
    "This text file is not plain UTF-8 text. Please save it as UTF-8 text and upload that copy."
)
NOT_WEBVTT = (
    "This captions file is not WebVTT. Please save it as a WebVTT (.vtt) file, whose first "
    "line is WEBVTT, and upload that copy."
)


def not_that_kind(extension, label):
    return (
        f"The name of this file ends in .{extension} ({label}), but what is inside is not that "
        "kind of file. Please save it again in that format and upload the copy."
    )


def captions_markup(tag):
    return (
        f"This captions file contains web page code ({tag}). Captions may hold only words, "
        "times and WebVTT's own tags such as <i> and <b>. Please remove the code and upload it "
        "again."
    )


def refusal(screen, name, data):
    with pytest.raises(ValidationError) as caught:
        screen(samples.upload(name, data))
    return caught.value.messages


def screened(name, data):
    cleaned = screen_image(samples.upload(name, data))
    return cleaned, cleaned.read()


def assert_upright(data):
    """The sample is red on the left, blue on the right, lying on its side (EXIF orientation 6)."""
    picture = Image.open(io.BytesIO(data)).convert("RGB")
    assert picture.size == (32, 64)
    top, bottom = picture.getpixel((16, 8)), picture.getpixel((16, 56))
    assert all(abs(a - b) < 40 for a, b in zip(top, samples.RED, strict=True)), top
    assert all(abs(a - b) < 40 for a, b in zip(bottom, samples.BLUE, strict=True)), bottom


def assert_bare_jpeg(data):
    """No EXIF (GPS, serial), XMP, IPTC, comment or colour profile: by Pillow and in the bytes."""
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "JPEG"
    assert len(picture.getexif()) == 0
    for key in ("exif", "xmp", "comment", "icc_profile", "photoshop"):
        assert key not in picture.info, key
    assert IptcImagePlugin.getiptcinfo(picture) is None
    assert [marker for marker, _ in picture.applist] == ["APP0"]  # the JFIF header only
    for marker in samples.METADATA_MARKERS:
        assert marker not in data, marker
    # APP1 (EXIF, XMP), APP2 (ICC), APP13 (IPTC), COM (comments): none.
    assert not {0xE1, 0xE2, 0xED, 0xFE} & set(samples.jpeg_markers(data))


# --- Pictures: what is kept ---


def test_the_sample_photo_carries_everything_a_camera_leaves():
    """Guard for the tests below: the sample really holds GPS, a serial, XMP, IPTC and a comment."""
    data = samples.camera_jpeg()
    picture = Image.open(io.BytesIO(data))
    exif = picture.getexif()
    assert exif.get_ifd(0x8825)[2] == (51.0, 30.0, 12.5)  # GPS latitude
    assert exif.get_ifd(0x8769)[0xA431] == samples.SERIAL  # body serial number
    assert samples.XMP_NAMESPACE in data or b"adobe:ns:meta" in data
    assert picture.info["comment"] == samples.COMMENT.encode()
    assert IptcImagePlugin.getiptcinfo(picture)[(2, 80)] == samples.OWNER.encode()
    assert "icc_profile" in picture.info


def test_a_photo_loses_all_its_metadata_and_stands_the_right_way_up():
    cleaned, data = screened("holiday.jpg", samples.camera_jpeg(orientation=6))
    assert cleaned.name == "holiday.jpg"
    assert cleaned.content_type == "image/jpeg"
    assert_bare_jpeg(data)
    assert_upright(data)


def test_a_png_loses_its_text_chunks_exif_xmp_and_profile():
    original = samples.png_with_text()
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"} <= set(samples.png_chunk_types(original))
    cleaned, data = screened("poster.png", original)
    assert set(samples.png_chunk_types(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    picture = Image.open(io.BytesIO(data))
    assert picture.mode == "RGBA"
    assert picture.text == {}
    assert len(picture.getexif()) == 0
    for marker in samples.METADATA_MARKERS:
        assert marker not in data, marker


def test_a_webp_loses_its_exif_xmp_and_profile():
    original = samples.webp_with_metadata()
    assert {b"EXIF", b"XMP ", b"ICCP"} <= set(samples.webp_chunk_types(original))
    cleaned, data = screened("icon.webp", original)
    assert cleaned.content_type == "image/webp"
    assert set(samples.webp_chunk_types(data)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
    for marker in samples.METADATA_MARKERS:
        assert marker not in data, marker


def test_a_still_gif_loses_its_comment():
    original = samples.gif_with_comment()
    assert samples.COMMENT.encode() in original
    cleaned, data = screened("badge.gif", original)
    assert samples.COMMENT.encode() not in data
    assert "comment" not in Image.open(io.BytesIO(data)).info


def test_a_picture_is_stored_as_what_it_really_is_whatever_its_name():
    cleaned, data = screened("drawing.jpg", samples.png_with_text())
    assert cleaned.name == "drawing.png"
    assert Image.open(io.BytesIO(data)).format == "PNG"


def test_colours_are_converted_to_srgb_with_the_embedded_profile_before_it_is_dropped():
    original = samples.camera_jpeg(orientation=1, icc_profile=samples.swapped_primaries_profile())
    _cleaned, data = screened("holiday.jpg", original)
    assert b"ICC_PROFILE" not in data
    left = Image.open(io.BytesIO(data)).convert("RGB").getpixel((8, 16))
    # The numbers said red; under the profile they meant blue, and blue is what is stored.
    assert left[2] > 180 and left[0] < 60, left


def test_an_srgb_picture_keeps_its_colours():
    _cleaned, data = screened("holiday.jpg", samples.camera_jpeg(orientation=1))
    left = Image.open(io.BytesIO(data)).convert("RGB").getpixel((8, 16))
    assert all(abs(a - b) < 12 for a, b in zip(left, samples.RED, strict=True)), left


# --- Pictures: what is refused ---


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"),
        (
            "photo.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
        ),
        ("photo.png", b"<script>fetch('/admin/')</script>"),
        ("photo.jpg", samples.MINIMAL_PDF),
        ("photo.gif", samples.WINDOWS_EXE),
        ("photo.jpg", b"\xff\xd8"),  # a JPEG's first two bytes and nothing else
    ],
)
def test_a_file_that_is_not_a_picture_is_refused_whatever_its_name(name, data):
    assert refusal(screen_image, name, data) == [NOT_A_PICTURE]


def test_other_picture_formats_are_refused():
    out = io.BytesIO()
    samples.two_colour_picture().save(out, "TIFF")
    assert refusal(screen_image, "scan.tif", out.getvalue()) == [NOT_A_PICTURE]
    out = io.BytesIO()
    samples.two_colour_picture().save(out, "BMP")
    assert refusal(screen_image, "scan.jpg", out.getvalue()) == [NOT_A_PICTURE]


def test_a_moving_gif_is_refused():
    assert refusal(screen_image, "dance.gif", samples.gif_with_comment(frames=2)) == [MOVES]


def test_a_moving_png_is_refused():
    out = io.BytesIO()
    first = samples.two_colour_picture()
    first.save(out, "PNG", save_all=True, append_images=[first.rotate(180)], duration=100, loop=0)
    assert refusal(screen_image, "dance.png", out.getvalue()) == [MOVES]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 50 * 1024
    data = (samples.camera_jpeg() + b"\x00" * (60 * 1024))[: 60 * 1024]
    assert refusal(screen_image, "big.jpg", data) == [
        "This picture is too big (60.0\xa0KB). Please upload a picture of 50.0\xa0KB or less."
    ]


def test_the_size_limit_is_five_megabytes():
    data = (samples.camera_jpeg() + b"\x00" * (5 * 1024 * 1024))[: 5 * 1024 * 1024 + 1]
    assert refusal(screen_image, "big.jpg", data) == [
        "This picture is too big (5.0\xa0MB). Please upload a picture of 5.0\xa0MB or less."
    ]


def test_a_png_bomb_is_refused_from_its_header_without_decoding():
    # The pixel data is junk: decoding it would have failed with another message.
    assert refusal(screen_image, "bomb.png", samples.png_bomb(real_pixels=False)) == [BOMB_11000]


def test_a_picture_just_over_the_limit_is_refused_where_pillow_would_only_warn():
    # 48 MP is above our 40 MP but below the 80 MP at which Pillow itself raises.
    assert refusal(screen_image, "big.jpg", samples.jpeg_claiming(8000, 6000)) == [
        "This picture has too many pixels (8000 by 6000). Please make it smaller, "
        "no more than 40 megapixels, and upload it again."
    ]


def test_a_webp_bomb_is_refused_from_its_header():
    data = bytearray(samples.webp_with_metadata())
    assert data[12:16] == b"VP8X"
    data[24:30] = (9999).to_bytes(3, "little") + (9999).to_bytes(3, "little")  # 10000 x 10000
    assert refusal(screen_image, "bomb.webp", bytes(data)) == [
        "This picture has too many pixels (10000 by 10000). Please make it smaller, "
        "no more than 40 megapixels, and upload it again."
    ]


def test_a_damaged_picture_is_refused_with_a_clear_message():
    data = samples.camera_jpeg(size=(640, 480))
    assert refusal(screen_image, "cut.jpg", data[: len(data) // 2]) == [
        "This picture could not be read. It may be damaged: please save it again and upload the copy."
    ]


def test_pillow_refuses_the_same_bombs_everywhere():
    assert Image.MAX_IMAGE_PIXELS == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000


MEASURE = """
import gc, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
sys.path[:0] = ["site", "."]
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files import File
from home.uploads import screen_image

def status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])

gc.collect()
# Reset the peak (VmHWM) to the current size, so start-up does not hide the screening's peak.
with open("/proc/self/clear_refs", "w") as clear_refs:
    clear_refs.write("5")
baseline = status_kb("VmRSS")
with open(sys.argv[1], "rb") as handle:
    try:
        result = screen_image(File(handle, name="sample.png")).size
    except ValidationError as error:
        result = error.messages[0]
print(json.dumps({"result": result, "baseline_kb": baseline, "peak_kb": status_kb("VmHWM")}))
"""


def peak_memory_of_screening(path):
    """Screen one file in a fresh Python process and report its peak resident memory."""
    project = Path(__file__).resolve().parents[2]
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path)],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_screening_memory_stays_bounded(tmp_path):
    """The pixel limit keeps a worker's memory bounded; a bomb costs nothing.

    Measured on the development machine: the idle Django process peaks at about
    117 MB; refusing the 121 MP PNG adds under 1 MB; screening the worst 40 MP
    picture (RGBA, 4 bytes a pixel, lying on its side so it must be turned,
    which needs a second copy) peaks at about 430 MB in all.
    """
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(samples.png_bomb(11_000, 11_000))
    refused = peak_memory_of_screening(bomb)
    assert refused["result"] == BOMB_11000
    assert refused["peak_kb"] - refused["baseline_kb"] < 16 * 1024

    largest = tmp_path / "largest.png"
    largest.write_bytes(samples.png_bomb(8000, 5000, rgba=True, orientation=6))
    screened_largest = peak_memory_of_screening(largest)
    assert isinstance(screened_largest["result"], int)
    two_decoded_copies_kb = 2 * 4 * 40_000_000 // 1024
    assert screened_largest["peak_kb"] - screened_largest["baseline_kb"] < (
        two_decoded_copies_kb + 48 * 1024
    )
    print(f"\nrefusing 121 MP: {refused}\nscreening 40 MP: {screened_largest}")


# --- Documents ---


def test_every_allowed_document_type_has_a_checker():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= set(DOCUMENT_KINDS)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Lesson pack.pdf", samples.MINIMAL_PDF),
        ("plan.docx", samples.docx()),
        ("plan.odt", samples.odt()),
        ("contacts.csv", "name,phone\nChildline,0800 1111\nZoë,—\n".encode()),
        ("notes.txt", "\ufeffPlain words, with a byte order mark.\n".encode()),
        ("Who can you tell.mp4", samples.MP4_HEADER),
        ("who-can-you-tell.webm", samples.WEBM_HEADER),
        ("captions.vtt", samples.CAPTIONS),
        ("captions.vtt", "\ufeffWEBVTT - Who can you tell?\r\n\r\n".encode()),
    ],
)
def test_a_document_that_is_what_its_name_says_is_accepted_unchanged(name, data):
    upload = samples.upload(name, data)
    assert screen_document(upload) is upload
    assert upload.read() == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "invoice.pdf",
            samples.WINDOWS_EXE,
            "The name of this file ends in .pdf (PDF), but what is inside is not that kind of "
            "file. Please save it again in that format and upload the copy.",
        ),
        (
            "plan.docx",
            samples.MINIMAL_PDF,
            "The name of this file ends in .docx (Word document), but what is inside is not "
            "that kind of file. Please save it again in that format and upload the copy.",
        ),
        (
            "budget.xlsx",
            samples.docx(),
            "The name of this file ends in .xlsx (Excel spreadsheet), but what is inside is not "
            "that kind of file. Please save it again in that format and upload the copy.",
        ),
        (
            "plan.odp",
            samples.odt(),
            "The name of this file ends in .odp (OpenDocument presentation), but what is inside "
            "is not that kind of file. Please save it again in that format and upload the copy.",
        ),
        ("plan.docx", samples.docx(macros=True), MACROS),
        (
            "plan.docx",
            samples.docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
            MACROS,
        ),
        ("plan.odt", samples.odt(macros=True), MACROS),
        ("names.csv", b"name\x00phone\n", NOT_UTF8),
        ("names.txt", "Zoë".encode("latin-1"), NOT_UTF8),
        ("film.mp4", samples.MINIMAL_PDF, not_that_kind("mp4", "MP4 video")),
        ("film.mp4", samples.QUICKTIME_HEADER, not_that_kind("mp4", "MP4 video")),
        ("film.mp4", samples.WEBM_HEADER, not_that_kind("mp4", "MP4 video")),
        ("film.mp4", b"\x00\x00\x00\x20ftyp", not_that_kind("mp4", "MP4 video")),
        ("film.webm", samples.MATROSKA_HEADER, not_that_kind("webm", "WebM video")),
        ("film.webm", samples.MP4_HEADER, not_that_kind("webm", "WebM video")),
        ("film.webm", b"\x1a\x45\xdf\xa3\x00", not_that_kind("webm", "WebM video")),
        ("film.webm", samples.WEBM_HEADER[:12], not_that_kind("webm", "WebM video")),
        ("captions.vtt", b"1\n00:00:00.000 --> 00:00:03.000\nHello\n", NOT_WEBVTT),
        ("captions.vtt", b"WEBVTTX\n\nHello\n", NOT_WEBVTT),
        ("captions.vtt", b"", NOT_WEBVTT),
        ("captions.vtt", "WEBVTT\n\nZoë".encode("latin-1"), NOT_UTF8),
        ("captions.vtt", b"WEBVTT\n\nHello\x00", NOT_UTF8),
        (
            "captions.vtt",
            b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\n<script>alert(1)</script>\n",
            captions_markup("<script>"),
        ),
        (
            "captions.vtt",
            b"WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\nHi <img src=x onerror=alert(1)>\n",
            captions_markup("<img>"),
        ),
        ("captions.vtt", b"WEBVTT\n\n<!-- hidden -->\n", captions_markup("<!--")),
        ("captions.vtt", b"WEBVTT\n\nHi </ Style>\n", captions_markup("</Style>")),
    ],
)
def test_a_document_that_is_not_what_its_name_says_is_refused(name, data, message):
    assert refusal(screen_document, name, data) == [message]


def test_a_docx_with_a_macro_part_but_a_plain_content_type_is_still_refused():
    clean_types = samples.docx()
    data = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(clean_types)) as source,
        zipfile.ZipFile(data, "w") as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("word/vbaProject.bin", b"pretend macros")
    assert refusal(screen_document, "plan.docx", data.getvalue()) == [MACROS]


@pytest.mark.parametrize("name", ["setup.exe", "page.html", "picture.svg", "plan.docm", "noext"])
def test_a_document_type_outside_the_allow_list_is_refused(name):
    assert refusal(screen_document, name, samples.MINIMAL_PDF) == [
        "We cannot take this type of file. Please upload one of these: PDF (.pdf), "
        "Word document (.docx), PowerPoint presentation (.pptx), Excel spreadsheet (.xlsx), "
        "OpenDocument text (.odt), OpenDocument presentation (.odp), "
        "OpenDocument spreadsheet (.ods), Plain text (.txt), CSV spreadsheet (.csv), "
        "MP4 video (.mp4), WebM video (.webm), WebVTT captions (.vtt)."
    ]


def test_a_document_over_the_size_limit_is_refused(settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    assert refusal(screen_document, "long.txt", b"a" * 2048) == [
        "This file is too big (2.0\xa0KB). Please upload a file of 1.0\xa0KB or less."
    ]


def test_a_captions_file_over_its_own_limit_is_refused():
    data = b"WEBVTT\n\n" + b"a" * (300 * 1024)
    assert refusal(screen_document, "captions.vtt", data) == [
        "This captions file is too big (300.0\xa0KB). Captions files are small: please upload "
        "one of 256.0\xa0KB or less."
    ]


def test_the_document_allow_list_is_the_setting(settings):
    settings.WAGTAILDOCS_EXTENSIONS = ["pdf", "csv"]
    assert refusal(screen_document, "plan.docx", samples.docx()) == [
        "We cannot take this type of file. Please upload one of these: PDF (.pdf), "
        "CSV spreadsheet (.csv)."
    ]
