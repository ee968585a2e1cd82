"""Files for the upload tests, made here so that each carries exactly what a test looks for.

Every sample is built with Pillow or by hand; none comes from outside.
"""

import io
import random
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import ExifTags, Image, ImageCms, PngImagePlugin

# What a phone or camera leaves in a photo, and what must never reach the public.
SERIAL = "CS-SERIAL-0042"
OWNER = "Sam Example"
COMMENT = "Taken at 12 Acacia Avenue"
XMP_NAMESPACE = b"http://ns.adobe.com/xap/1.0/"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
    f'aux:SerialNumber="{SERIAL}-XMP" xmp:CreatorTool="Clearsight test camera"/>'
    "</rdf:RDF></x:xmpmeta>"
)
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
    ExifTags.GPS.GPSLongitudeRef: "W",
    ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
}
RED = (220, 20, 20)
BLUE = (20, 20, 220)
# Byte strings that only metadata could contain.
METADATA_MARKERS = (
    SERIAL.encode(),
    OWNER.encode(),
    COMMENT.encode(),
    b"adobe:ns:meta",
    b"Exif\x00\x00",
    b"Photoshop 3.0",
    b"ICC_PROFILE",
)


def camera_exif(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Clearsight"
    exif[ExifTags.Base.Model] = "Test camera"
    exif[ExifTags.Base.Artist] = OWNER
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.Exif] = {
        ExifTags.Base.BodySerialNumber: SERIAL,
        ExifTags.Base.DateTimeOriginal: "2026:05:01 10:15:00",
    }
    exif[ExifTags.IFD.GPSInfo] = GPS
    return exif


def two_colour_picture(size=(64, 32), mode="RGB"):
    """Red on the left half, blue on the right: which way up it is shows at once."""
    image = Image.new(mode, size, BLUE)
    image.paste(Image.new(mode, (size[0] // 2, size[1]), RED), (0, 0))
    return image


def iptc_segment():
    """An APP13 (Photoshop/IPTC) segment naming the photographer."""
    by_line = OWNER.encode()
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(by_line)) + by_line
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        resource += b"\x00"
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def swapped_primaries_profile():
    """A hand-made ICC profile whose red and blue primaries are swapped.

    A picture carrying it means blue where its numbers say red, so a screen that
    converts colours with the profile turns the red half blue; one that just
    drops the profile would leave it red.
    """

    def s15(value):
        return struct.pack(">i", round(value * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    def curve(gamma):
        return b"curv\0\0\0\0" + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"

    # sRGB's primaries adapted to D50, as ICC profiles hold them.
    red, green, blue = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    tags = [
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(*blue)),
        (b"gXYZ", xyz(*green)),
        (b"bXYZ", xyz(*red)),
        (b"rTRC", curve(2.2)),
        (b"gTRC", curve(2.2)),
        (b"bTRC", curve(2.2)),
    ]
    table_length = 4 + 12 * len(tags)
    entries, body = b"", b""
    for signature, data in tags:
        entries += signature + struct.pack(">II", 128 + table_length + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    header = (
        struct.pack(">I", 128 + table_length + len(body))
        + b"\0" * 4
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 28
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
        + b"\0" * 48
    )
    return header + struct.pack(">I", len(tags)) + entries + body


def camera_jpeg(orientation=6, size=(64, 32), icc_profile=None):
    """A JPEG as a phone makes it: EXIF with GPS and a serial number, XMP, IPTC, a comment, ICC."""
    out = io.BytesIO()
    two_colour_picture(size).save(
        out,
        "JPEG",
        quality=95,
        exif=camera_exif(orientation),
        xmp=XMP.encode(),
        comment=COMMENT,
        icc_profile=icc_profile or srgb_profile(),
        extra=iptc_segment(),
    )
    return out.getvalue()


def optimised_jpeg():
    """Noise saved with optimised Huffman tables: re-encoding with the standard ones makes it grow."""
    noise = random.Random(5).randbytes(200 * 150 * 3)  # noqa: S311 - test data, not secrets
    out = io.BytesIO()
    Image.frombytes("RGB", (200, 150), noise).save(out, "JPEG", quality=90, optimize=True)
    return out.getvalue()


def png_with_text():
    """A PNG with tEXt, zTXt and iTXt chunks, XMP, EXIF (GPS) and a colour profile."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", OWNER)
    info.add_text("Comment", COMMENT, zip=True)
    info.add_itxt("Description", f"Serial {SERIAL}", lang="en", tkey="Description")
    info.add_itxt("XML:com.adobe.xmp", XMP)
    out = io.BytesIO()
    two_colour_picture(mode="RGBA").save(
        out, "PNG", pnginfo=info, exif=camera_exif(1), icc_profile=srgb_profile()
    )
    return out.getvalue()


def webp_with_metadata():
    out = io.BytesIO()
    two_colour_picture().save(
        out, "WEBP", exif=camera_exif(1), xmp=XMP.encode(), icc_profile=srgb_profile()
    )
    return out.getvalue()


def gif_with_comment(frames=1):
    out = io.BytesIO()
    first = two_colour_picture().convert("P")
    others = [two_colour_picture().transpose(Image.Transpose.FLIP_LEFT_RIGHT).convert("P")]
    if frames > 1:
        first.save(out, "GIF", comment=COMMENT, save_all=True, append_images=others, duration=200)
    else:
        first.save(out, "GIF", comment=COMMENT)
    return out.getvalue()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width=11_000, height=11_000, *, rgba=False, orientation=None, real_pixels=True):
    """A small PNG that claims width x height pixels, written by hand (nothing decoded here).

    With ``real_pixels`` the IDAT holds every row, zeros compressed about
    1000:1, so decoding it really costs width x height pixels of memory. Without,
    the IDAT is junk: anything that tried to decode it would fail, so a refusal
    for its pixel count proves the header alone decided. ``orientation`` adds
    an eXIf chunk, so a screen must turn the picture (a second copy in memory).
    """
    colour_type, channels = (6, 4) if rgba else (0, 1)
    chunks = [png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))]
    if orientation:
        exif = Image.Exif()
        exif[ExifTags.Base.Orientation] = orientation
        chunks.append(png_chunk(b"eXIf", exif.tobytes()))
    if real_pixels:
        compressor = zlib.compressobj(9)
        row = b"\x00" * (width * channels + 1)  # filter byte + the pixels of one row
        parts = [compressor.compress(row) for _ in range(height)]
        parts.append(compressor.flush())
        chunks.append(png_chunk(b"IDAT", b"".join(parts)))
    else:
        chunks.append(png_chunk(b"IDAT", b"not zlib at all"))
    chunks.append(png_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def jpeg_claiming(width, height):
    """A small JPEG whose frame header (SOF0) is rewritten to claim width x height."""
    data = bytearray(camera_jpeg(orientation=1))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Documents ---

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
WINDOWS_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
)

# The start of an MP4: an ``ftyp`` box (major brand, minor version, compatible
# brands), then an empty ``moov`` box. Enough for a checker that reads the header.
MP4_HEADER = (
    (32).to_bytes(4, "big")
    + b"ftypisom"
    + b"\x00\x00\x02\x00"
    + b"isomiso2avc1mp41"
    + (8).to_bytes(4, "big")
    + b"moov"
)
# A QuickTime movie renamed .mp4: the same box, with only the "qt  " brand.
QUICKTIME_HEADER = (20).to_bytes(4, "big") + b"ftypqt  " + b"\x00\x00\x02\x00" + b"qt  "


def ebml_header(doctype):
    """The EBML header a WebM (doctype ``webm``) or Matroska (``matroska``) file starts with."""
    elements = (
        b"\x42\x86\x81\x01"  # EBMLVersion 1
        + b"\x42\xf7\x81\x01"  # EBMLReadVersion 1
        + b"\x42\x82"
        + bytes([0x80 | len(doctype)])
        + doctype  # DocType
        + b"\x42\x87\x81\x04"  # DocTypeVersion 4
    )
    return b"\x1a\x45\xdf\xa3" + bytes([0x80 | len(elements)]) + elements + b"\x18\x53\x80\x67"


WEBM_HEADER = ebml_header(b"webm")
MATROSKA_HEADER = ebml_header(b"matroska")

CAPTIONS = (
    "WEBVTT\n\n1\n00:00:00.000 --> 00:00:03.000\n<v Narrator>Who can you <i>tell</i>?</v>\n\n"
    "2\n00:00:03.000 --> 00:00:06.500\n<c.yellow>Someone</c> you trust. <00:00:05.000>Zoë.\n"
).encode()

_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def docx(*, macros=False, main_type=None):
    """A Word package; with ``macros`` it is a .docm in disguise (vbaProject.bin, macroEnabled)."""
    main_type = main_type or (_DOCM_MAIN if macros else _DOCX_MAIN)
    overrides = f'<Override PartName="/word/document.xml" ContentType="{main_type}"/>'
    if macros:
        overrides += '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{overrides}</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>Lesson plan</w:t></w:r></w:p></w:body></w:document>",
        )
        if macros:
            package.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 pretend macros")
    return out.getvalue()


def odt(*, macros=False, mimetype="application/vnd.oasis.opendocument.text"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", "<office:document-content/>")
        package.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        if macros:
            package.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    return out.getvalue()


# --- Reading files back, raw ---


def jpeg_markers(data):
    """The marker of every segment before the picture data starts (SOS), e.g. 0xE1 for APP1."""
    markers, position = [], 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        markers.append(marker)
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
    return markers


def png_chunk_types(data):
    types, position = [], 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        types.append(data[position + 4 : position + 8])
        position += 12 + length
    return types


def webp_chunk_types(data):
    types, position = [], 12
    while position + 8 <= len(data):
        types.append(data[position : position + 4])
        length = int.from_bytes(data[position + 4 : position + 8], "little")
        position += 8 + length + (length & 1)
    return types
