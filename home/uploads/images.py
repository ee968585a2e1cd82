"""Pictures: sniff, check from the header, decode, turn upright, re-encode bare.

Decisions, in one place:
- Allowed: JPEG, PNG, WebP and GIF, recognised from the bytes (``filetype``),
  never from the name or the browser's content type. A picture keeps its format;
  the stored name gets the extension of what the file really is.
- Limits: ``WAGTAILIMAGES_MAX_UPLOAD_SIZE`` bytes and
  ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` pixels. The pixel count is read from the
  file's own header by the small readers below, before Pillow is asked to open
  the file (libwebp allocates its canvas when a WebP is opened) and long before
  any pixel is decoded. ``configure_pillow`` sets Pillow's own guard to the same
  number, so rendering a rendition refuses a bomb too.
- Moving pictures (animated GIF, WebP or PNG) are refused: WCAG 2.2.2 asks for a
  way to pause anything that moves for more than five seconds, and a flashing
  frame can cause seizures (2.3.1). Wagtail would show only the first frame anyway.
- Metadata: none survives. EXIF (GPS, camera serial numbers, dates), XMP, IPTC,
  comments, PNG text chunks and GIF comments are all dropped because the picture
  is re-encoded from its pixels alone. EXIF orientation is applied first, so the
  picture stays the right way up. An embedded colour profile is used to convert
  the pixels to sRGB and then dropped too: a profile can name the device that
  made it, and browsers assume sRGB.
- Polyglots are refused: a picture that is also a zip archive (a central
  directory that opens) or carries web page code (``<script``, ``<html``,
  ``<svg``, ``<?php``, ``<iframe``…) anywhere in its bytes, in a comment or
  after its end. Re-encoding would drop the hidden part anyway, but a file
  built to be two things at once is a sign of an attack, and refusing it says
  so to the person uploading. A camera's own trailer (a motion photo's video
  after the JPEG) is neither, and is simply dropped.
- JPEGs are re-encoded with their own quantisation tables, so quality and size
  stay close to what was uploaded.
"""

import io
import os
import re
import struct
import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

import filetype
from PIL import Image, ImageCms, ImageOps, JpegImagePlugin

DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000

# Sniffed MIME type -> (Pillow format, extension, MIME type of the clean file).
# An APNG is a PNG with extra frames: it is recognised here so that a moving
# one is refused as moving, and a one-frame one is kept as a plain PNG.
IMAGE_FORMATS = {
    "image/jpeg": ("JPEG", ".jpg", "image/jpeg"),
    "image/png": ("PNG", ".png", "image/png"),
    "image/apng": ("PNG", ".png", "image/png"),
    "image/webp": ("WEBP", ".webp", "image/webp"),
    "image/gif": ("GIF", ".gif", "image/gif"),
}

NOT_A_PICTURE = _("This file is not a picture we can use. Please upload a JPEG, PNG, WebP or GIF.")
PICTURE_TOO_BIG = _(
    "This picture is too big (%(size)s). Please upload a picture of %(limit)s or less."
)
TOO_MANY_PIXELS = _(
    "This picture has too many pixels (%(width)s by %(height)s). Please make it smaller, "
    "no more than %(megapixels)s megapixels, and upload it again."
)
PICTURE_MOVES = _(
    "This picture moves. Please upload a still picture instead: moving pictures distract "
    "readers and some can cause seizures."
)
PICTURE_HIDES_SOMETHING = _(
    "This picture has another kind of file hidden inside it, so we cannot take it. "
    "Please save the picture again, or take a screenshot of it, and upload the copy."
)
PICTURE_BROKEN = _(
    "This picture could not be read. It may be damaged: please save it again and upload the copy."
)

# Reading a damaged or hostile file can fail in any of these ways.
_READ_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError)
_SRGB = ImageCms.createProfile("sRGB")


def max_upload_bytes():
    return getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_UPLOAD_BYTES


def max_image_pixels():
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or DEFAULT_MAX_IMAGE_PIXELS


def configure_pillow():
    """Make Pillow refuse the same bombs everywhere (renditions too), not only at upload.

    Pillow warns above ``MAX_IMAGE_PIXELS`` and raises above twice that:
    https://pillow.readthedocs.io/en/stable/reference/Image.html#PIL.Image.open
    """
    Image.MAX_IMAGE_PIXELS = max_image_pixels()


def screen_image(file):
    """Return a clean copy of an uploaded picture, or raise ``ValidationError``.

    ``file`` is any Django ``File`` (an upload, a ``ContentFile``). The copy is a
    ``ContentFile`` named after the upload with the real format's extension, with
    a ``content_type`` attribute.
    """
    data = _read_at_most(file, max_upload_bytes())
    kind = filetype.guess(data)
    if kind is None or kind.mime not in IMAGE_FORMATS:
        raise ValidationError(NOT_A_PICTURE, code="image_type")
    pillow_format, extension, content_type = IMAGE_FORMATS[kind.mime]
    if _is_polyglot(data):
        raise ValidationError(PICTURE_HIDES_SOMETHING, code="image_polyglot")

    # 1. The size the header declares, read by our own code: nothing decoded yet.
    size = _header_size(pillow_format, data)
    if size is None:
        raise ValidationError(PICTURE_BROKEN, code="image_broken")
    _check_pixels(*size)

    # 2. Pillow reads the header again (and any frame descriptors); still no pixels.
    source = _open(data, pillow_format, size)
    _check_pixels(*source.size)
    if getattr(source, "is_animated", False):
        raise ValidationError(PICTURE_MOVES, code="image_animated")

    # 3. Now the pixels, within the limit.
    try:
        source.load()
        ImageOps.exif_transpose(source, in_place=True)
    except _READ_ERRORS as error:
        raise ValidationError(PICTURE_BROKEN, code="image_broken") from error
    image = _in_srgb(source)

    cleaned = ContentFile(
        _encode(image, pillow_format, source, lossless=_is_lossless_webp(data)),
        name=_clean_name(file, extension),
    )
    cleaned.content_type = content_type
    return cleaned


def _read_at_most(file, limit):
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise _too_big(declared, limit)
    file.seek(0)
    data = file.read(limit + 1)
    file.seek(0)
    if len(data) > limit:
        raise _too_big(declared or len(data), limit)
    if not data:
        raise ValidationError(NOT_A_PICTURE, code="image_type")
    return data


# Web page code that has no business in a picture's bytes. Each is long enough
# that compressed pixel data will not hold it by chance.
_MARKUP = re.compile(
    rb"<(?:script|html|body|svg|iframe|object|embed|\?php|!doctype\s+html)[\s>/]", re.IGNORECASE
)


def _is_polyglot(data):
    """A picture that is also a zip archive or a web page (see the module's docstring)."""
    if _MARKUP.search(data):
        return True
    if b"PK\x05\x06" in data[-65_558:]:  # a zip's end record is in its last 64 KB
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return bool(archive.infolist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            return False
    return False


def _too_big(size, limit):
    return ValidationError(
        PICTURE_TOO_BIG % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="image_too_big",
    )


def _check_pixels(width, height):
    limit = max_image_pixels()
    if width < 1 or height < 1:
        raise ValidationError(PICTURE_BROKEN, code="image_broken")
    if width * height > limit:
        raise ValidationError(
            TOO_MANY_PIXELS
            % {
                "width": width,
                "height": height,
                "megapixels": f"{limit / 1_000_000:g}",
            },
            code="image_too_many_pixels",
        )


def _open(data, pillow_format, header_size):
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse there too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=[pillow_format])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        width, height = header_size
        raise ValidationError(
            TOO_MANY_PIXELS
            % {
                "width": width,
                "height": height,
                "megapixels": f"{max_image_pixels() / 1_000_000:g}",
            },
            code="image_too_many_pixels",
        ) from error
    except _READ_ERRORS as error:
        raise ValidationError(PICTURE_BROKEN, code="image_broken") from error


def _in_srgb(image):
    """Convert to sRGB with the embedded profile, if any; the profile itself is not kept."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if output_mode == image.mode:
                ImageCms.profileToProfile(image, profile, _SRGB, inPlace=True)
                return image
            return ImageCms.profileToProfile(image, profile, _SRGB, outputMode=output_mode)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # a broken profile: keep the numbers as they are
    if image.mode == "CMYK":
        return image.convert("RGB")
    return image


def _encode(image, pillow_format, source, *, lossless):
    # Only what draws the picture is kept. Pillow writes some metadata from
    # ``info`` by default (a JPEG comment, a PNG colour profile), so empty it.
    keep = {"PNG": ("transparency",), "GIF": ("transparency", "background")}
    image.info = {key: image.info[key] for key in keep.get(pillow_format, ()) if key in image.info}
    out = io.BytesIO()
    if pillow_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", **_jpeg_quality(source))
    elif pillow_format == "WEBP":
        image.save(out, "WEBP", lossless=lossless, quality=90, method=4)
    else:
        image.save(out, pillow_format)
    return out.getvalue()


def _jpeg_quality(source):
    """Re-use the upload's own quantisation tables: the same quality, about the same size."""
    tables = getattr(source, "quantization", None)
    if not tables or source.mode not in ("RGB", "L"):
        return {"quality": 90}
    params = {"qtables": tables}
    sampling = JpegImagePlugin.get_sampling(source)
    if sampling != -1:
        params["subsampling"] = sampling
    return params


def _clean_name(file, extension):
    stem = os.path.splitext(os.path.basename(getattr(file, "name", "") or ""))[0]
    return (stem or "picture") + extension


# --- Header readers: width and height from the first bytes, nothing decoded ---


def _header_size(pillow_format, data):
    try:
        return _HEADER_READERS[pillow_format](data)
    except (struct.error, IndexError):
        return None


def _png_size(data):
    # The signature, then IHDR must come first: length, "IHDR", width, height.
    if data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def _gif_size(data):
    # "GIF87a"/"GIF89a", then the logical screen's width and height.
    return struct.unpack("<HH", data[6:10])


def _webp_size(data):
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return (
            int.from_bytes(data[24:27], "little") + 1,
            int.from_bytes(data[27:30], "little") + 1,
        )
    return None


_JPEG_FRAME_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data):
    # Walk the marker segments after SOI up to the first frame header (SOFn).
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image or start of scan before any frame
            return None
        if marker in _JPEG_FRAME_MARKERS:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            return width, height
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return None


_HEADER_READERS = {"PNG": _png_size, "GIF": _gif_size, "WEBP": _webp_size, "JPEG": _jpeg_size}


def _is_lossless_webp(data):
    if data[8:12] != b"WEBP":
        return False
    position = 12
    while position + 8 <= len(data):
        fourcc = data[position : position + 4]
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        position += 8 + length + (length & 1)
    return False
