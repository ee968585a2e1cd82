"""A toolkit's printables, made from its published content and the local contacts.

- Posters (A4, and the same design scaled to A3), a two-sided A5 leaflet and
  an A4 incident note: PDFs made with reportlab, as the lesson plan is
  (schools/pdf.py): real text in the standard Helvetica faces, black on
  white, large type, the title and language (British English) in the
  metadata, and reportlab's invariant mode so the same content gives the same
  bytes.
- Staff briefing slides: a short .pptx (python-pptx), dated and zipped
  deterministically as the demo's slides are (schools/demo.py).

Every file carries a QR code to the toolkit's public address, with the
address in words beside it, and the numbers to call: danger now, the
emergency number; otherwise the police non-emergency number or the local
children's services (Settings → Local contacts), or, until those are set,
GOV.UK's finder for the reader's council.

The functions take the page as published (``revision.as_object()``) and a
``PrintContext`` (the local numbers and the address), so they never read a
draft and never query the settings themselves.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from math import sqrt
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepInFrame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from community.models import DownloadKind
from community.printables import (  # noqa: F401 - part of this module's interface
    CONTACT_FIELDS,
    FORMATS,
    content_type_for,
    extension_for,
)
from home.printing import invariant_pdf, qr_drawing, stable_zip

LANGUAGE = "en-GB"
AUTHOR = "Clearsight"
COUNCIL_FINDER_URL = "https://www.gov.uk/report-child-abuse-to-local-council"
POSTER_SIGNS = 5  # signs on a poster: enough to recognise, few enough to read from a distance
LEAFLET_SIGNS = 8
INCIDENT_NOTE_SIGNS = 6
SLIDE_SIGNS = 7


@dataclass
class PrintContext:
    """What a printable needs besides the page: where the toolkit is, and the numbers."""

    url: str
    emergency_number: str = "999"
    police_number: str = "101"
    childline_number: str = ""
    area_name: str = ""
    childrens_services_name: str = ""
    childrens_services_number: str = ""
    childrens_services_hours: str = ""
    out_of_hours_number: str = ""
    mash_name: str = ""
    mash_number: str = ""
    mash_email: str = ""
    referral_url: str = ""
    built_for: datetime = field(default_factory=lambda: datetime(2026, 1, 1, tzinfo=UTC))

    @classmethod
    def from_settings(cls, *, url, contacts, safety, built_for=None):
        values = {
            "url": url,
            "emergency_number": safety.emergency_number or "999",
            "police_number": safety.police_non_emergency_number or "101",
            "childline_number": safety.childline_number or "",
        }
        for name in CONTACT_FIELDS:
            values[name] = str(getattr(contacts, name, "") or "")
        if built_for is not None:
            values["built_for"] = built_for
        return cls(**values)

    @property
    def services_name(self):
        return self.childrens_services_name or _("Children's services")


# -- the words, shared by every format ---------------------------------------------


def signs_of(page, limit=None):
    signs = [str(sign) for group in page.signs for sign in group.value["signs"] if str(sign)]
    return signs[:limit] if limit else signs


def first_steps(ctx):
    """The two steps every toolkit starts with."""
    danger = _("If a child is in danger now, call %(number)s.") % {"number": ctx.emergency_number}
    if ctx.childrens_services_number:
        otherwise = _("Otherwise, call the police on %(police)s or %(services)s on %(number)s.") % {
            "police": ctx.police_number,
            "services": ctx.services_name,
            "number": ctx.childrens_services_number,
        }
    else:
        otherwise = _(
            "Otherwise, call the police on %(police)s, or find your council's children's "
            "services at %(finder)s."
        ) % {"police": ctx.police_number, "finder": COUNCIL_FINDER_URL}
    return [danger, otherwise]


def steps_of(page):
    steps = []
    for block in page.steps:
        title, text = block.value["title"], (block.value.get("text") or "").strip()
        steps.append((str(title), str(text)))
    return steps


def record_items_of(page):
    return [
        (str(block.value["label"]), str(block.value.get("hint") or ""))
        for block in page.record_items
    ]


def contact_lines(ctx):
    """The local contacts, one a line, most used first."""
    lines = []
    if ctx.childrens_services_number:
        line = f"{ctx.services_name}: {ctx.childrens_services_number}"
        if ctx.childrens_services_hours:
            line += f" ({ctx.childrens_services_hours})"
        lines.append(line)
    else:
        lines.append(
            _("Your council's children's services: find them at %(finder)s")
            % {"finder": COUNCIL_FINDER_URL}
        )
    if ctx.out_of_hours_number:
        lines.append(
            _("Out of hours (evenings, nights, weekends): %(number)s")
            % {"number": ctx.out_of_hours_number}
        )
    if ctx.mash_number or ctx.mash_email:
        reach = ", ".join(part for part in (ctx.mash_number, ctx.mash_email) if part)
        lines.append(f"{ctx.mash_name or _('Safeguarding hub')}: {reach}")
    if ctx.referral_url:
        lines.append(_("Report a concern online: %(url)s") % {"url": ctx.referral_url})
    lines.append(
        _("Police, danger now: %(emergency)s. Not an emergency: %(police)s.")
        % {"emergency": ctx.emergency_number, "police": ctx.police_number}
    )
    if ctx.childline_number:
        lines.append(
            _("Childline, for children and young people: %(number)s")
            % {"number": ctx.childline_number}
        )
    return lines


def for_line(page, ctx):
    text = _("For %(who)s") % {"who": page.setting_name}
    if ctx.area_name:
        text += _(" in %(area)s") % {"area": ctx.area_name}
    return text


# -- PDFs -------------------------------------------------------------------------


def _styles(scale=1.0):
    def style(name, size, *, bold=False, leading=1.25, before=0, after=0.4, **extra):
        return ParagraphStyle(
            name,
            fontName="Helvetica-Bold" if bold else "Helvetica",
            fontSize=size * scale,
            leading=size * scale * leading,
            spaceBefore=before * size * scale,
            spaceAfter=after * size * scale,
            textColor=colors.black,
            **extra,
        )

    return {
        "heading": style("PosterHeading", 40, bold=True, leading=1.1, after=0.3),
        "lead": style("PosterLead", 20, after=0.5),
        "for": style("PosterFor", 15, bold=True, after=0.6),
        "h2": style("PosterSection", 20, bold=True, before=0.5, after=0.3),
        "body": style("PosterBody", 16, after=0.25),
        "small": style("PosterSmall", 14, after=0.2),
        "url": style("PosterUrl", 15, bold=True),
        "centre": style("PosterCentre", 11, alignment=TA_CENTER),
    }


def _para(text, style):
    return Paragraph(escape(str(text)), style)


def _bullets(lines, style, *, ordered=False):
    items = []
    for line in lines:
        if isinstance(line, tuple):
            title, text = line
            markup = f"<b>{escape(title)}</b>"
            if text:
                markup += f" {escape(text)}"
            items.append(ListItem(Paragraph(markup, style)))
        else:
            items.append(ListItem(_para(line, style)))
    if not items:
        return []
    if ordered:
        return [ListFlowable(items, bulletType="1", leftIndent=style.fontSize * 1.4)]
    return [
        ListFlowable(
            items,
            bulletType="bullet",
            start="•",
            leftIndent=style.fontSize * 1.2,
            bulletFontSize=style.fontSize,
        )
    ]


def _find_it(ctx, styles, qr_size, text_width):
    """The QR code with the address in words beside it."""
    words = [
        _para(_("Scan the code or go to:"), styles["small"]),
        Paragraph(escape(ctx.url), styles["url"]),
    ]
    table = Table(
        [[qr_drawing(ctx.url, qr_size), words]],
        colWidths=[qr_size + 6, text_width - qr_size - 6],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 10),
            ]
        )
    )
    return table


class _Document(SimpleDocTemplate):
    pass


def _document(buffer, pagesize, page, subject, margin):
    return _Document(
        buffer,
        pagesize=pagesize,
        title=f"{page.title}: {subject}",
        subject=subject,
        author=AUTHOR,
        creator=AUTHOR,
        lang=LANGUAGE,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
    )


def _fit(document, story):
    """Everything on one page: shrunk a little if an editor wrote a lot."""
    return KeepInFrame(document.width - 12, document.height - 12, story, mode="shrink")


def poster_pdf(page, ctx, *, size="A4"):
    """The poster: heading, message, who it is for, some signs, what to do, the
    numbers, and the QR code. The A3 poster is the A4 design scaled up."""
    pagesize, scale = (A3, sqrt(2)) if size == "A3" else (A4, 1.0)
    styles = _styles(scale)
    buffer = BytesIO()
    document = _document(
        buffer, pagesize, page, _("Poster (%(size)s)") % {"size": size}, 15 * mm * scale
    )
    story = [_para(page.poster_heading, styles["heading"])]
    if page.poster_text:
        story.append(_para(page.poster_text, styles["lead"]))
    story.append(_para(for_line(page, ctx), styles["for"]))
    signs = signs_of(page, POSTER_SIGNS)
    if signs:
        story.append(_para(_("Spot the signs"), styles["h2"]))
        if page.signs_intro:
            story.append(_para(page.signs_intro, styles["body"]))
        story.extend(_bullets(signs, styles["body"]))
    story.append(_para(_("What to do"), styles["h2"]))
    story.extend(_bullets(first_steps(ctx), styles["body"], ordered=True))
    story.append(_para(_("Who to call"), styles["h2"]))
    story.extend(_bullets(contact_lines(ctx)[:4], styles["small"]))
    story.append(Spacer(1, 6 * scale))
    story.append(_find_it(ctx, styles, 42 * mm * scale, document.width - 12))
    with invariant_pdf():
        document.build([_fit(document, story)])
    return buffer.getvalue()


def leaflet_pdf(page, ctx):
    """A5, two sides: the signs on the front; what to do, what to note and the contacts on the back."""
    styles = _styles(0.62)
    buffer = BytesIO()
    document = _document(buffer, A5, page, _("Leaflet"), 11 * mm)
    front = [
        _para(page.poster_heading, styles["heading"]),
    ]
    if page.poster_text:
        front.append(_para(page.poster_text, styles["lead"]))
    front.append(_para(for_line(page, ctx), styles["for"]))
    signs = signs_of(page, LEAFLET_SIGNS)
    if signs:
        front.append(_para(_("Spot the signs"), styles["h2"]))
        if page.signs_intro:
            front.append(_para(page.signs_intro, styles["body"]))
        front.extend(_bullets(signs, styles["body"]))
    front.append(Spacer(1, 6))
    front.append(_find_it(ctx, styles, 32 * mm, document.width - 12))

    back = [_para(_("What to do"), styles["h2"])]
    back.extend(
        _bullets(
            first_steps(ctx) + [title for title, _text in steps_of(page)],
            styles["body"],
            ordered=True,
        )
    )
    items = record_items_of(page)
    if items:
        back.append(_para(_("What to note down"), styles["h2"]))
        back.extend(_bullets([(label, hint) for label, hint in items], styles["body"]))
    back.append(_para(_("Who to call"), styles["h2"]))
    back.extend(_bullets(contact_lines(ctx), styles["body"]))
    with invariant_pdf():
        document.build([_fit(document, front), PageBreak(), _fit(document, back)])
    return buffer.getvalue()


def _writing_box(label, hint, styles, width, height):
    cell = [Paragraph(f"<b>{escape(label)}</b>", styles["body"])]
    if hint:
        cell.append(_para(hint, styles["small"]))
    table = Table([[cell], [""]], colWidths=[width], rowHeights=[None, height])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 1), (-1, 1), 1, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 3),
            ]
        )
    )
    return KeepTogether([table, Spacer(1, 8)])


def incident_note_pdf(page, ctx):
    """A form to fill in by hand: a box for each thing to note down, then the numbers to call."""
    styles = _styles(0.8)
    buffer = BytesIO()
    document = _document(buffer, A4, page, _("Incident note"), 16 * mm)
    width = document.width - 12
    story = [
        _para(page.poster_heading, styles["heading"]),
        _para(_("Incident note"), styles["h2"]),
        _para(for_line(page, ctx), styles["for"]),
        _para(
            _(
                "Write down what you saw and heard as soon as you can, in your own words. "
                "Stick to facts: what happened, when and where. Do not try to find out more "
                "yourself. Keep this note safe and give it to the police or children's services."
            ),
            styles["body"],
        ),
    ]
    story.extend(_bullets(first_steps(ctx), styles["body"], ordered=True))
    story.append(Spacer(1, 6))
    story.append(_find_it(ctx, styles, 34 * mm, width))
    story.append(Spacer(1, 10))
    for label, hint in record_items_of(page):
        story.append(_writing_box(label, hint, styles, width, 30 * mm))
    story.append(_writing_box(_("Anything else"), "", styles, width, 40 * mm))
    story.append(
        _writing_box(
            _("Your name, and the date and time you wrote this"), "", styles, width, 14 * mm
        )
    )
    signs = signs_of(page, INCIDENT_NOTE_SIGNS)
    if signs:
        story.append(_para(_("Signs to look out for"), styles["h2"]))
        story.extend(_bullets(signs, styles["small"]))
    story.append(
        KeepTogether(
            [_para(_("Numbers to call"), styles["h2"])]
            + _bullets(contact_lines(ctx), styles["body"])
        )
    )

    def number_the_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(
            A4[0] / 2,
            9 * mm,
            _("%(title)s: incident note, page %(number)s")
            % {"title": page.title, "number": doc.page},
        )
        canvas.restoreState()

    with invariant_pdf():
        document.build(story, onFirstPage=number_the_page, onLaterPages=number_the_page)
    return buffer.getvalue()


# -- slides -----------------------------------------------------------------------


def _black(paragraph):
    from pptx.dml.color import RGBColor

    for run in paragraph.runs:
        run.font.color.rgb = RGBColor(0, 0, 0)


def _slide(deck, title, bullets, notes=()):
    from pptx.util import Pt

    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    for paragraph in slide.shapes.title.text_frame.paragraphs:
        paragraph.font.size = Pt(36)
        paragraph.font.bold = True
        _black(paragraph)
    frame = slide.placeholders[1].text_frame
    frame.word_wrap = True
    length = sum(len(text) for text in bullets)
    size = Pt(28 if length < 260 else 24 if length < 420 else 20)
    for index, text in enumerate(bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = size
        _black(paragraph)
    if notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    return slide


def briefing_pptx(page, ctx):
    """A short staff briefing (5 to 8 slides), black on white in large type."""
    from pptx import Presentation
    from pptx.util import Pt

    deck = Presentation()
    title_slide = deck.slides.add_slide(deck.slide_layouts[0])
    title_slide.shapes.title.text = page.poster_heading
    title_slide.placeholders[1].text = f"{page.title}: {_('staff briefing')}\n{for_line(page, ctx)}"
    for shape in (title_slide.shapes.title, title_slide.placeholders[1]):
        for paragraph in shape.text_frame.paragraphs:
            _black(paragraph)
    for paragraph in title_slide.placeholders[1].text_frame.paragraphs:
        paragraph.font.size = Pt(28)

    why = [text for text in (page.poster_text, getattr(page, "intro", "")) if text]
    why.append(
        _(
            "Child sexual exploitation happens everywhere, including where we work. "
            "Anyone can notice the signs, and passing on a worry can protect a child."
        )
    )
    _slide(deck, _("Why it matters"), [str(text) for text in why])
    _slide(deck, _("Spot the signs"), signs_of(page, SLIDE_SIGNS), notes=[str(page.signs_intro)])
    steps = first_steps(ctx) + [title for title, _text in steps_of(page)]
    _slide(deck, _("What to do"), steps[:6])
    items = [label for label, _hint in record_items_of(page)]
    if items:
        _slide(deck, _("What to note down"), items[:7])
    myths = [(str(block.value["myth"]), str(block.value["fact"])) for block in page.myths][:3]
    if myths:
        _slide(
            deck,
            _("Myths and facts"),
            [
                _("Myth: %(myth)s Fact: %(fact)s") % {"myth": myth, "fact": fact}
                for myth, fact in myths
            ],
        )
    _slide(deck, _("Who to call"), contact_lines(ctx))
    _slide(
        deck,
        _("Find the toolkit"),
        [ctx.url, _("Posters, a leaflet and an incident note to print are on the page.")],
    )

    properties = deck.core_properties
    properties.title = f"{page.title}: {_('staff briefing')}"[:255]
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.subject = str(page.setting_name)[:255]
    properties.language = LANGUAGE
    properties.comments = ""
    properties.keywords = ""
    properties.revision = 1
    properties.created = ctx.built_for
    properties.modified = ctx.built_for
    buffer = BytesIO()
    deck.save(buffer)
    return stable_zip(buffer.getvalue())


def build(kind, page, ctx):
    """The bytes of ``kind`` for ``page`` (as published)."""
    if kind == DownloadKind.POSTER_A4:
        return poster_pdf(page, ctx, size="A4")
    if kind == DownloadKind.POSTER_A3:
        return poster_pdf(page, ctx, size="A3")
    if kind == DownloadKind.LEAFLET:
        return leaflet_pdf(page, ctx)
    if kind == DownloadKind.INCIDENT_NOTE:
        return incident_note_pdf(page, ctx)
    if kind == DownloadKind.BRIEFING:
        return briefing_pptx(page, ctx)
    raise ValueError(kind)
