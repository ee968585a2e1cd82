"""A training certificate as a one-page A4 landscape PDF (reportlab).

Real text in Helvetica (as schools/pdf.py), the document's title and language
in its metadata, and a QR code large enough to scan from a printed page that
opens /verify/ with the code filled in; the same address is printed in words
for anyone without a camera. reportlab's invariant mode: no creation time or
random id, so the same certificate always gives the same bytes.
"""

from io import BytesIO

from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from home.printing import qr_drawing

LANGUAGE = "en-GB"
INK = HexColor("#1d1d1b")
ACCENT = HexColor("#1f5f8b")
QR_SIZE = 55 * mm


def _fitted(text, font, size, width):
    """The largest font size up to ``size`` at which ``text`` fits ``width``."""
    while size > 10 and stringWidth(text, font, size) > width:
        size -= 1
    return size


def _centred(canvas, text, y, font, size, width, page_width):
    size = _fitted(text, font, size, width)
    canvas.setFont(font, size)
    canvas.drawCentredString(page_width / 2, y, text)


def _qr(canvas, url, x, y, size):
    renderPDF.draw(qr_drawing(url, size), canvas, x, y)


def qr_svg(url, *, label):
    """The QR code for ``url`` as a small inline SVG for the printable page:
    one path, colours as attributes (no style attribute, so the strict CSP
    holds), a 4-module quiet zone, and ``label`` as its accessible name."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(url)
    qr.make()
    count = qr.getModuleCount()
    path = "".join(
        f"M{col + 4} {row + 4}h1v1h-1z"
        for row in range(count)
        for col in range(count)
        if qr.isDark(row, col)
    )
    size = count + 8
    return format_html(
        '<svg class="certificate__qr-code" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}" shape-rendering="crispEdges">'
        '<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="{}"/></svg>',
        size,
        size,
        label,
        path,
    )


def certificate_pdf(certificate, *, verify_url, status):
    """The PDF's bytes for ``certificate``; ``verify_url`` is the absolute
    /verify/?code=… address for the QR code, ``status`` 'valid' or 'expired'."""
    buffer = BytesIO()
    page_width, page_height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(page_width, page_height), invariant=1, lang=LANGUAGE)
    title = _("Training certificate: %(module)s") % {"module": certificate.module_title}
    canvas.setTitle(title)
    canvas.setSubject(_("Training certificate"))
    canvas.setAuthor("Clearsight")
    canvas.setCreator("Clearsight")

    margin = 15 * mm
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(3)
    canvas.rect(margin, margin, page_width - 2 * margin, page_height - 2 * margin)
    canvas.setLineWidth(1)
    canvas.rect(
        margin + 4 * mm, margin + 4 * mm, page_width - 2 * margin - 8 * mm,
        page_height - 2 * margin - 8 * mm,
    )  # fmt: skip

    text_width = page_width - 2 * margin - 30 * mm
    canvas.setFillColor(ACCENT)
    _centred(canvas, _("Certificate of completion"), page_height - 45 * mm,
             "Helvetica-Bold", 30, text_width, page_width)  # fmt: skip
    canvas.setFillColor(INK)
    _centred(canvas, _("This is to certify that"), page_height - 60 * mm,
             "Helvetica", 14, text_width, page_width)  # fmt: skip
    _centred(canvas, certificate.name, page_height - 76 * mm,
             "Helvetica-Bold", 26, text_width, page_width)  # fmt: skip
    _centred(canvas, _("completed the Clearsight training module"), page_height - 90 * mm,
             "Helvetica", 14, text_width, page_width)  # fmt: skip
    _centred(canvas, certificate.module_title, page_height - 104 * mm,
             "Helvetica-Bold", 20, text_width, page_width)  # fmt: skip
    issued = formats.date_format(certificate.issued_on, "j F Y")
    _centred(canvas, _("on %(date)s") % {"date": issued}, page_height - 116 * mm,
             "Helvetica", 14, text_width, page_width)  # fmt: skip

    # The bottom band: validity and code on the left, the QR code on the right.
    left = margin + 15 * mm
    qr_x = page_width - margin - 15 * mm - QR_SIZE
    qr_y = margin + 12 * mm
    _qr(canvas, verify_url, qr_x, qr_y, QR_SIZE)
    line_width = qr_x - left - 10 * mm
    if certificate.valid_until:
        until = formats.date_format(certificate.valid_until, "j F Y")
        if status == "expired":
            validity = _("Expired on %(date)s.") % {"date": until}
        else:
            validity = _("Valid until %(date)s.") % {"date": until}
    else:
        validity = _("This certificate does not expire.")
    lines = [
        ("Helvetica-Bold", 13, _("Verification code: %(code)s") % {"code": certificate.code}),
        ("Helvetica", 12, validity),
        ("Helvetica", 11, _("To check this certificate, scan the code or go to:")),
        ("Helvetica", 11, verify_url),
    ]
    y = qr_y + QR_SIZE - 12
    for font, size, text in lines:
        canvas.setFont(font, _fitted(text, font, size, line_width))
        canvas.drawString(left, y, text)
        y -= size + 9
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
