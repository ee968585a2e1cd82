"""A document's page count is read from the file when it arrives, however it arrives.

Every file here is real: PDFs from reportlab, Word from python-docx, decks
from python-pptx, OpenDocument packages written as LibreOffice writes them.
"""

import io
import re
import zipfile

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Collection

import docx
import pptx
import pytest
from reportlab.pdfgen import canvas

from home.factories import DocumentFactory
from home.models import ClearsightDocument
from home.uploads.page_counts import count_pages

pytestmark = pytest.mark.django_db


def pdf(pages):
    out = io.BytesIO()
    drawing = canvas.Canvas(out)
    for number in range(pages):
        drawing.drawString(72, 720, f"Page {number + 1}")
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def deck(slides):
    presentation = pptx.Presentation()
    for number in range(slides):
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = f"Slide {number + 1}"
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def word(pages=None, words=None):
    """A python-docx document; with ``pages`` its app.xml says what Word would write."""
    document = docx.Document()
    document.add_paragraph("Worksheet: who can you talk to?")
    out = io.BytesIO()
    document.save(out)
    if pages is None:
        return out.getvalue()
    return _rewrite_part(
        out.getvalue(),
        "docProps/app.xml",
        lambda xml: re.sub(
            r"<Words>\d+</Words>",
            f"<Words>{words}</Words>",
            re.sub(r"<Pages>\d+</Pages>", f"<Pages>{pages}</Pages>", xml),
        ),
    )


def _rewrite_part(data, name, change):
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = change(content.decode()).encode()
            target.writestr(info, content)
    return out.getvalue()


def opendocument(kind, *, page_count=None, draw_pages=0):
    """An .odt or .odp package as LibreOffice writes it (the parts that matter here)."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    statistic = (
        f'<meta:document-statistic meta:page-count="{page_count}" meta:word-count="120"/>'
        if page_count is not None
        else ""
    )
    meta = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3">'
        f"<office:meta><meta:generator>LibreOffice</meta:generator>{statistic}</office:meta>"
        "</office:document-meta>"
    )
    body = (
        "<office:presentation>"
        + "".join(f'<draw:page draw:name="page{n}"/>' for n in range(draw_pages))
        + "</office:presentation>"
        if kind == "presentation"
        else "<office:text><text:p>Hello</text:p></office:text>"
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body>{body}</office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
        package.writestr("meta.xml", meta)
        package.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return out.getvalue()


# --- Reading the count -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("plan.pdf", pdf(3), 3),
        ("one.pdf", pdf(1), 1),
        ("slides.pptx", deck(7), 7),
        ("worksheet.docx", word(pages=4, words=900), 4),
        ("notes.odt", opendocument("text", page_count=5), 5),
        ("slides.odp", opendocument("presentation", page_count=6, draw_pages=6), 6),
        ("slides-without-statistics.odp", opendocument("presentation", draw_pages=8), 8),
    ],
)
def test_the_count_is_read_from_the_file(name, data, expected):
    assert count_pages(io.BytesIO(data), name) == expected


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Damaged or not what the name says: never a number.
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"),
        ("truncated.pdf", pdf(3)[:200]),
        ("empty.pdf", b""),
        ("zip-named.pdf", deck(2)),
        ("not-a-zip.docx", b"PK\x03\x04 but nothing more"),
        ("text.pptx", b"just some text"),
        # python-docx copies a template whose statistics nobody computed (Pages 1, Words 0).
        ("generated.docx", word()),
        ("no-statistics.odt", opendocument("text")),
        # A type with no pages.
        ("table.csv", b"a,b\n1,2\n"),
    ],
)
def test_a_file_that_does_not_say_has_no_count(name, data):
    assert count_pages(io.BytesIO(data), name) is None


def test_a_bomb_of_xml_entities_is_refused_not_expanded():
    billion_laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Pages>3</Pages><Words>&lol2;</Words></Properties>"
    )
    data = _rewrite_part(word(pages=3, words=10), "docProps/app.xml", lambda xml: billion_laughs)
    assert count_pages(io.BytesIO(data), "bomb.docx") is None


def test_counting_leaves_the_file_rewound():
    file = io.BytesIO(pdf(2))
    file.seek(10)
    assert count_pages(file, "plan.pdf") == 2
    assert file.tell() == 0


# --- Every way a file arrives ------------------------------------------------------


def document_form_data(**values):
    root = Collection.get_first_root_node()
    return {"title": "Lesson plan", "collection": root.pk, "tags": "", **values}


def test_the_add_form_counts_the_pages(admin_client):
    upload = SimpleUploadedFile("plan.pdf", pdf(4), content_type="application/pdf")
    response = admin_client.post(
        reverse("wagtaildocs:add"), {**document_form_data(), "file": upload}
    )
    assert response.status_code == 302
    assert ClearsightDocument.objects.get().page_count == 4


def test_the_multiple_uploader_counts_the_slides(admin_client):
    upload = SimpleUploadedFile("slides.pptx", deck(5))
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"files[]": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert response.json()["success"], response.json()
    assert ClearsightDocument.objects.get().page_count == 5


def test_replacing_the_file_counts_again_and_editing_details_does_not(admin_client):
    document = DocumentFactory(file=ContentFile(pdf(2), name="plan.pdf"))
    assert document.page_count == 2
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            **document_form_data(),
            "file": SimpleUploadedFile("plan-v2.pdf", pdf(6), content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.page_count == 6

    # A title change reads nothing: a count set by hand survives it.
    ClearsightDocument.objects.filter(pk=document.pk).update(page_count=99)
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]), document_form_data(title="Plan")
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.page_count) == ("Plan", 99)


def test_code_that_saves_a_document_counts_too():
    document = ClearsightDocument(title="Slides", file=ContentFile(deck(3), name="slides.pptx"))
    document.save()
    assert ClearsightDocument.objects.get(pk=document.pk).page_count == 3

    # Replaced through the file field's own save.
    document.file.save("worksheet.docx", ContentFile(word(pages=2, words=400)))
    assert ClearsightDocument.objects.get(pk=document.pk).page_count == 2

    # A broken replacement clears the old count rather than keeping a wrong one.
    document.file.save("plan.pdf", ContentFile(b"%PDF-1.4 nothing else"))
    assert ClearsightDocument.objects.get(pk=document.pk).page_count is None


def test_a_broken_pdf_is_stored_with_no_count():
    document = DocumentFactory()  # the factory's file is a PDF header and nothing more
    assert document.pk and document.page_count is None
