"""A lesson pack's lesson plan as a printable PDF (reportlab).

Used by the "whole pack" ZIP (schools/services/bundles.py) and by the demo
loader's lesson plan file.
"""

from io import BytesIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate


def lesson_plan_pdf(page):
    """The PDF's bytes. (First version: title and summary; the downloads work
    renders the whole plan.)"""
    buffer = BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(buffer, pagesize=A4, title=page.title)
    document.build(
        [Paragraph(page.title, styles["Title"]), Paragraph(page.summary, styles["Normal"])]
    )
    return buffer.getvalue()
