"""What every app that makes files (PDFs, slides, documents) shares: the same
content gives the same bytes, and QR codes are drawn one way.

- ``invariant_pdf()``: reportlab's invariant mode (no creation time or random
  id in the PDF) for the documents built inside it.
- ``stable_zip(data)``: an Office package (.pptx, .docx) with every member
  dated ``ZIP_TIME``, so its bytes depend on its content only.
- ``qr_drawing(url, size)``: a QR code for ``url`` (error correction M, a
  four-module quiet zone), black on white, ``size`` points square, as a
  reportlab drawing for a story (``Drawing`` is a flowable) or a canvas
  (``renderPDF.draw``).
"""

import zipfile
from contextlib import contextmanager
from io import BytesIO

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@contextmanager
def invariant_pdf():
    from reportlab import rl_config

    previous = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = previous


def stable_zip(data):
    source = zipfile.ZipFile(BytesIO(data))
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            target.writestr(member, source.read(info))
    return buffer.getvalue()


def qr_drawing(url, size):
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M", barBorder=4)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    return drawing
