"""Documents: an allow-list of types, each checked against what the file really holds.

Documents are checked, not rewritten. The name's extension must be in
``WAGTAILDOCS_EXTENSIONS`` *and* have a checker here, and the contents must be
that kind of file:

- PDF: starts with the ``%PDF-`` header.
- Word, Excel and PowerPoint (``.docx``, ``.xlsx``, ``.pptx``): a zip package
  whose ``[Content_Types].xml`` declares the right main part, which exists; no
  macros (a ``vbaProject.bin`` part or any ``macroEnabled`` content type, as in
  a ``.docm`` renamed to ``.docx``).
- OpenDocument (``.odt``, ``.ods``, ``.odp``): a zip package whose first member
  is ``mimetype`` naming the right type, with ``content.xml`` and a manifest;
  no Basic or script macros.
- Plain text and CSV: valid UTF-8 with no NUL bytes.
- MP4 video: an ISO media file whose first box is ``ftyp`` with a known MP4
  brand at offset 8 (``isom``, ``mp41``, ``mp42``, ``avc1``…); no QuickTime
  (``qt  ``) or 3GP brands, which browsers do not all play.
- WebM video: the EBML magic ``1A 45 DF A3`` and, in that header, the
  DocType element saying ``webm`` (so a Matroska ``.mkv`` renamed is refused).
- WebVTT captions (``.vtt``): UTF-8 text whose first line is ``WEBVTT``,
  at most ``MAX_CAPTIONS_BYTES``, with no HTML tags other than WebVTT's own
  cue tags (``<b>``, ``<i>``, ``<u>``, ``<c>``, ``<v>``, ``<lang>``, ``<ruby>``,
  ``<rt>`` and timestamps): browsers never run a caption as HTML, but the file
  is also served as a download, so nothing that looks like markup gets in.

Only the small parts named above are read from a zip, with a size cap, so a zip
bomb costs nothing here.
"""

import codecs
import os
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Parts read from inside a zip package are small; anything bigger is not what we expect.
MAX_PART_BYTES = 2 * 1024 * 1024
MAX_ZIP_MEMBERS = 10_000

TYPE_NOT_ALLOWED = _("We cannot take this type of file. Please upload one of these: %(types)s.")
NOT_WHAT_IT_SAYS = _(
    "The name of this file ends in .%(extension)s (%(type)s), but what is inside is not that "
    "kind of file. Please save it again in that format and upload the copy."
)
HAS_MACROS = _(
    "This file contains macros, which can carry harmful code. Please save a copy without "
    "macros (as .docx, .xlsx, .pptx or an OpenDocument file with no macros) and upload that."
)
NOT_UTF8_TEXT = _(
    "This text file is not plain UTF-8 text. Please save it as UTF-8 text and upload that copy."
)
CAPTIONS_NOT_WEBVTT = _(
    "This captions file is not WebVTT. Please save it as a WebVTT (.vtt) file, whose first "
    "line is WEBVTT, and upload that copy."
)
CAPTIONS_HAVE_MARKUP = _(
    "This captions file contains web page code (%(tag)s). Captions may hold only words, "
    "times and WebVTT's own tags such as <i> and <b>. Please remove the code and upload it again."
)
CAPTIONS_TOO_BIG = _(
    "This captions file is too big (%(size)s). Captions files are small: please upload one of "
    "%(limit)s or less."
)
DOCUMENT_TOO_BIG = _("This file is too big (%(size)s). Please upload a file of %(limit)s or less.")

# A captions file for a few minutes of video is a few kilobytes.
MAX_CAPTIONS_BYTES = 256 * 1024
# MP4 brands browsers play (ISO base media, MPEG-4, AVC, DASH, CMAF, iTunes' M4V).
MP4_BRANDS = frozenset(
    {
        b"isom",
        b"iso2",
        b"iso4",
        b"iso5",
        b"iso6",
        b"mp41",
        b"mp42",
        b"avc1",
        b"dash",
        b"cmfc",
        b"M4V ",
        b"M4VP",
        b"MSNV",
    }
)
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE_ID = b"\x42\x82"
# WebVTT's own cue tags; any other tag is refused as markup.
WEBVTT_TAGS = frozenset({"b", "i", "u", "c", "v", "lang", "ruby", "rt"})

OOXML_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass(frozen=True)
class DocumentKind:
    label: Any  # a lazy translated string: what readers are told before they download
    check: Any  # check(file, kind, extension) raises ValidationError


def document_type_label(extension):
    """The human name of a document type ("PDF", "Word document"), from its extension."""
    kind = DOCUMENT_KINDS.get(extension.lower())
    return kind.label if kind else extension.upper()


def allowed_extensions():
    configured = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or []
    return [ext.lower() for ext in configured if ext.lower() in DOCUMENT_KINDS]


def max_upload_bytes():
    return getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None) or DEFAULT_MAX_UPLOAD_BYTES


def screen_document(file):
    """Return ``file`` (rewound) if it is an allowed document that is what its name says.

    Raises ``ValidationError`` with a full sentence for the person uploading.
    """
    extension = os.path.splitext(getattr(file, "name", "") or "")[1][1:].lower()
    allowed = allowed_extensions()
    if extension not in allowed:
        types = ", ".join(f"{document_type_label(ext)} (.{ext})" for ext in allowed)
        raise ValidationError(TYPE_NOT_ALLOWED % {"types": types}, code="document_type")

    limit = max_upload_bytes()
    size = file.size
    if size > limit:
        raise ValidationError(
            DOCUMENT_TOO_BIG % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="document_too_big",
        )

    kind = DOCUMENT_KINDS[extension]
    file.seek(0)
    try:
        kind.check(file, kind, extension)
    finally:
        file.seek(0)
    return file


def _not_what_it_says(kind, extension):
    return ValidationError(
        NOT_WHAT_IT_SAYS % {"type": kind.label, "extension": extension},
        code="document_mismatch",
    )


def _check_pdf(file, kind, extension):
    if not file.read(5) == b"%PDF-":
        raise _not_what_it_says(kind, extension)


def _check_text(file, kind, extension):
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(64 * 1024):
            if b"\x00" in chunk:
                raise ValidationError(NOT_UTF8_TEXT, code="document_text")
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        raise ValidationError(NOT_UTF8_TEXT, code="document_text") from error


def _check_mp4(file, kind, extension):
    """An ISO media file: the first box is ``ftyp`` and names an MP4 brand browsers play."""
    header = file.read(64)
    if len(header) < 16 or header[4:8] != b"ftyp":
        raise _not_what_it_says(kind, extension)
    box_size = int.from_bytes(header[:4], "big")
    if box_size < 16 or box_size > len(header):
        box_size = len(header)
    # The major brand, then (after the minor version) the compatible brands.
    brands = [header[8:12]] + [header[i : i + 4] for i in range(16, box_size - 3, 4)]
    if not any(brand in MP4_BRANDS for brand in brands):
        raise _not_what_it_says(kind, extension)


def _ebml_number(data, position, *, keep_marker=False):
    """An EBML variable-length number at ``position``: (value, position after it)."""
    first = data[position]
    length = 8 - first.bit_length() + 1
    if first == 0 or length > 8 or position + length > len(data):
        raise ValueError("not an EBML number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[position + 1 : position + length]:
        value = (value << 8) | byte
    return value, position + length


def _check_webm(file, kind, extension):
    """The EBML magic number, then a header whose DocType is ``webm`` (not Matroska)."""
    data = file.read(4096)
    if data[:4] != EBML_MAGIC:
        raise _not_what_it_says(kind, extension)
    try:
        size, position = _ebml_number(data, 4)
        end = min(position + size, len(data))
        while position < end:
            element, position = _ebml_number(data, position, keep_marker=True)
            length, position = _ebml_number(data, position)
            if element == int.from_bytes(EBML_DOCTYPE_ID, "big"):
                if data[position : position + length].rstrip(b"\x00") == b"webm":
                    return
                break
            position += length
    except (ValueError, IndexError) as error:
        raise _not_what_it_says(kind, extension) from error
    raise _not_what_it_says(kind, extension)


# A tag, a comment ("<!--"), a doctype ("<!DOCTYPE") or a processing instruction ("<?xml").
_TAG = re.compile(r"<\s*(/?)\s*(![A-Za-z-]*|\?[A-Za-z]*|[A-Za-z][A-Za-z0-9-]*)")


def _shown_tag(slash, name):
    return f"<{name}" if name[0] in "!?" else f"<{slash}{name}>"


def _check_webvtt(file, kind, extension):
    """UTF-8 text that starts ``WEBVTT``, small, with no tag but WebVTT's own cue tags."""
    size = file.size
    if size > MAX_CAPTIONS_BYTES:
        raise ValidationError(
            CAPTIONS_TOO_BIG
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_CAPTIONS_BYTES)},
            code="captions_too_big",
        )
    data = file.read(MAX_CAPTIONS_BYTES + 1)
    if b"\x00" in data:
        raise ValidationError(NOT_UTF8_TEXT, code="document_text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValidationError(NOT_UTF8_TEXT, code="document_text") from error
    text = text.removeprefix("\ufeff")
    first_line = text.splitlines()[0] if text else ""
    if not (first_line == "WEBVTT" or first_line.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(CAPTIONS_NOT_WEBVTT, code="captions_not_webvtt")
    for match in _TAG.finditer(text):
        name = match.group(2)
        if name.lower() not in WEBVTT_TAGS:
            raise ValidationError(
                CAPTIONS_HAVE_MARKUP % {"tag": _shown_tag(match.group(1), name)},
                code="captions_markup",
            )


def _open_zip(file, kind, extension):
    if file.read(4) != b"PK\x03\x04":
        raise _not_what_it_says(kind, extension)
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise _not_what_it_says(kind, extension) from error
    if len(members) > MAX_ZIP_MEMBERS:
        raise _not_what_it_says(kind, extension)
    return archive


def _read_part(archive, name, kind, extension):
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise _not_what_it_says(kind, extension)
        return archive.read(info)
    except (KeyError, zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as error:
        # Missing, damaged, compressed in an unknown way or encrypted.
        raise _not_what_it_says(kind, extension) from error


def _ooxml(main_content_type):
    """A checker for an Office Open XML package whose main part has this content type."""

    def check(file, kind, extension):
        archive = _open_zip(file, kind, extension)
        names = archive.namelist()
        if any(name.lower().endswith(("vbaproject.bin", "vbadata.xml")) for name in names):
            raise ValidationError(HAS_MACROS, code="document_macros")
        try:
            root = ElementTree.fromstring(
                _read_part(archive, "[Content_Types].xml", kind, extension)
            )
        except (ElementTree.ParseError, DefusedXmlException) as error:
            raise _not_what_it_says(kind, extension) from error
        declared = [
            (element.get("PartName", "").lstrip("/"), element.get("ContentType", ""))
            for element in root
            if element.tag in (f"{OOXML_CONTENT_TYPES}Override", f"{OOXML_CONTENT_TYPES}Default")
        ]
        if any(
            "macroenabled" in content_type.lower() or "vbaproject" in content_type.lower()
            for _part, content_type in declared
        ):
            raise ValidationError(HAS_MACROS, code="document_macros")
        if not any(
            content_type == main_content_type and part in names for part, content_type in declared
        ):
            raise _not_what_it_says(kind, extension)

    return check


def _odf(mimetype):
    """A checker for an OpenDocument package of this MIME type."""

    def check(file, kind, extension):
        archive = _open_zip(file, kind, extension)
        names = archive.namelist()
        if any(name.startswith(("Basic/", "Scripts/")) for name in names):
            raise ValidationError(HAS_MACROS, code="document_macros")
        if names[:1] != ["mimetype"]:
            raise _not_what_it_says(kind, extension)
        if _read_part(archive, "mimetype", kind, extension).strip() != mimetype.encode():
            raise _not_what_it_says(kind, extension)
        if "content.xml" not in names or "META-INF/manifest.xml" not in names:
            raise _not_what_it_says(kind, extension)

    return check


_OPENXML = "application/vnd.openxmlformats-officedocument"
DOCUMENT_KINDS = {
    "pdf": DocumentKind(_("PDF"), _check_pdf),
    "docx": DocumentKind(
        _("Word document"), _ooxml(f"{_OPENXML}.wordprocessingml.document.main+xml")
    ),
    "xlsx": DocumentKind(
        _("Excel spreadsheet"), _ooxml(f"{_OPENXML}.spreadsheetml.sheet.main+xml")
    ),
    "pptx": DocumentKind(
        _("PowerPoint presentation"), _ooxml(f"{_OPENXML}.presentationml.presentation.main+xml")
    ),
    "odt": DocumentKind(_("OpenDocument text"), _odf("application/vnd.oasis.opendocument.text")),
    "ods": DocumentKind(
        _("OpenDocument spreadsheet"), _odf("application/vnd.oasis.opendocument.spreadsheet")
    ),
    "odp": DocumentKind(
        _("OpenDocument presentation"), _odf("application/vnd.oasis.opendocument.presentation")
    ),
    "txt": DocumentKind(_("Plain text"), _check_text),
    "csv": DocumentKind(_("CSV spreadsheet"), _check_text),
    "mp4": DocumentKind(_("MP4 video"), _check_mp4),
    "webm": DocumentKind(_("WebM video"), _check_webm),
    "vtt": DocumentKind(_("WebVTT captions"), _check_webvtt),
}
