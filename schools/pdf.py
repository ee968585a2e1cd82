"""A lesson pack's lesson plan as a printable PDF (reportlab).

Used by the "whole pack" ZIP (schools/services/bundles.py) and by the demo
loader's lesson plan file.

Printable and as accessible as reportlab allows: A4, real text (never
pictures of text) in a plain 11-point face, the document's title, subject and
language (British English) in its metadata, headings in the PDF's outline
(bookmarks), and page numbers. "Before you teach" comes first, as on the page.
Editors' rich text is turned into reportlab's small paragraph markup: only
bold, italic and line breaks survive, everything else becomes escaped text.
"""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bs4 import BeautifulSoup, NavigableString
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

LANGUAGE = "en-GB"
BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "blockquote"}
LIST_TAGS = {"ul", "ol"}


def _styles():
    base = getSampleStyleSheet()
    body = ParagraphStyle("Body", parent=base["Normal"], fontSize=11, leading=15, spaceAfter=6)
    return {
        "title": ParagraphStyle(
            "Title", parent=base["Title"], fontSize=22, leading=27, spaceAfter=10
        ),
        "h1": ParagraphStyle(
            "Heading1", parent=base["Heading2"], fontSize=16, leading=20, spaceBefore=14
        ),
        "h2": ParagraphStyle(
            "Heading2", parent=base["Heading3"], fontSize=13, leading=17, spaceBefore=8
        ),
        "body": body,
        "lead": ParagraphStyle("Lead", parent=body, fontSize=12, leading=17),
        "small": ParagraphStyle("Small", parent=body, fontSize=10, leading=13),
        "footer": ParagraphStyle("Footer", parent=body, fontSize=9, alignment=TA_CENTER),
    }


class _PlanTemplate(SimpleDocTemplate):
    """Puts each heading in the PDF's outline, so readers can jump between parts."""

    def afterFlowable(self, flowable):
        level = {"Heading1": 0, "Heading2": 1}.get(
            getattr(flowable, "style", None) and flowable.style.name
        )
        if level is None or not isinstance(flowable, Paragraph):
            return
        key = f"heading-{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


# -- editors' rich text ---------------------------------------------------------


def _inline(element):
    """The reportlab markup for an element's inline content: text escaped, only
    bold, italic and line breaks kept."""
    parts = []
    for child in element.children:
        if isinstance(child, NavigableString):
            parts.append(escape(str(child)))
            continue
        name = child.name
        inner = _inline(child)
        if name in ("b", "strong"):
            parts.append(f"<b>{inner}</b>" if inner.strip() else inner)
        elif name in ("i", "em"):
            parts.append(f"<i>{inner}</i>" if inner.strip() else inner)
        elif name == "br":
            parts.append("<br/>")
        elif name == "a":
            href = child.get("href") or ""
            # A printed page cannot be clicked: show the address of an outside link.
            shown = href.removeprefix("mailto:").removeprefix("tel:")
            if href.startswith(("http://", "https://", "mailto:", "tel:")) and shown not in inner:
                parts.append(f"{inner} ({escape(shown)})")
            else:
                parts.append(inner)
        else:
            parts.append(inner)
    return "".join(parts)


def rich_text_flowables(html, styles):
    """Paragraphs (and lists) for a rich text value's HTML."""
    source = getattr(html, "source", html) or ""
    soup = BeautifulSoup(str(source), "html.parser")
    return _block_flowables(soup, styles)


def _block_flowables(parent, styles):
    flowables = []
    loose = []  # inline content outside any paragraph

    def flush():
        text = "".join(loose).strip()
        loose.clear()
        if text:
            flowables.append(Paragraph(text, styles["body"]))

    for child in parent.children:
        if isinstance(child, NavigableString):
            loose.append(escape(str(child)))
        elif child.name in BLOCK_TAGS:
            flush()
            text = _inline(child).strip()
            if text:
                style = styles["h2"] if child.name.startswith("h") else styles["body"]
                flowables.append(Paragraph(text, style))
        elif child.name in LIST_TAGS:
            flush()
            items = [
                ListItem(_block_flowables(item, styles) or [Paragraph("", styles["body"])])
                for item in child.find_all("li", recursive=False)
            ]
            if items:
                flowables.append(_list(items, ordered=child.name == "ol"))
        elif child.name in ("div", "section", "li"):
            flush()
            flowables.extend(_block_flowables(child, styles))
        else:
            loose.append(_inline(child) if child.name != "br" else "<br/>")
    flush()
    return flowables


def _list(items, *, ordered=False):
    if ordered:
        return ListFlowable(items, bulletType="1", leftIndent=14)
    return ListFlowable(items, bulletType="bullet", start="•", leftIndent=14)


def _lines_list(text, styles):
    """A bulleted list from text with one item per line (objectives, outcomes)."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return (
        [_list([ListItem(Paragraph(escape(line), styles["body"])) for line in lines])]
        if lines
        else []
    )


def _plain(text, style):
    return Paragraph(escape(str(text)), style)


# -- the plan -------------------------------------------------------------------


def _who_it_is_for(page, styles):
    rows = []
    stages = ", ".join(str(stage) for stage in page.key_stages.all())
    if stages:
        rows.append((_("Key stages"), stages))
    years = ", ".join(str(year) for year in page.year_groups.all())
    if years:
        rows.append((_("Year groups"), years))
    lessons = ngettext(
        "%(count)s lesson of %(minutes)s minutes",
        "%(count)s lessons of %(minutes)s minutes each",
        page.lesson_count or 1,
    ) % {"count": page.lesson_count or 1, "minutes": page.lesson_minutes or 0}
    rows.append((_("Lessons"), lessons))
    return [
        Paragraph(f"<b>{escape(str(label))}:</b> {escape(value)}", styles["body"])
        for label, value in rows
    ]


def _before_you_teach(page, styles):
    flowables = [_plain(_("Before you teach"), styles["h1"])]
    for block in page.before_you_teach:
        for name, child_block in block.block.child_blocks.items():
            flowables.append(_plain(child_block.label, styles["h2"]))
            flowables.extend(rich_text_flowables(block.value.get(name), styles))
    return flowables


def _timed(block_value, label, styles):
    heading = _("%(label)s: %(title)s (%(minutes)s minutes)") % {
        "label": label,
        "title": block_value["title"],
        "minutes": block_value["minutes"],
    }
    flowables = [_plain(heading, styles["h2"])]
    flowables.extend(rich_text_flowables(block_value["text"], styles))
    resources = block_value.get("resources")
    if resources:
        flowables.append(
            Paragraph(f"<b>{escape(_('What you need'))}:</b> {escape(resources)}", styles["body"])
        )
    return flowables


def _lesson_plan(page, styles):
    if not page.lesson_plan:
        return []
    flowables = [_plain(_("The lesson plan"), styles["h1"])]
    total = 0
    for block in page.lesson_plan:
        label = block.block.label
        if block.block_type in ("starter", "activity", "plenary"):
            total += block.value["minutes"] or 0
            flowables.append(KeepTogether(_timed(block.value, label, styles)))
        elif block.block_type == "assessment":
            flowables.append(_plain(label, styles["h2"]))
            for name, child_block in block.block.child_blocks.items():
                flowables.append(
                    Paragraph(f"<b>{escape(str(child_block.label))}</b>", styles["body"])
                )
                flowables.extend(rich_text_flowables(block.value.get(name), styles))
        else:
            flowables.append(_plain(label, styles["h2"]))
            flowables.extend(rich_text_flowables(block.value, styles))
    if total:
        flowables.insert(
            1,
            _plain(
                ngettext(
                    "The timed parts take %(minutes)s minute.",
                    "The timed parts take %(minutes)s minutes.",
                    total,
                )
                % {"minutes": total},
                styles["body"],
            ),
        )
    return flowables


def _curriculum_links(page, styles):
    # Only items an editor (or the data) has checked are shown as official codes.
    items = [item for item in page.curriculum_links.all() if item.verified]
    if not items:
        return []
    lines = []
    for item in sorted(
        items, key=lambda item: (item.framework.sort_order, item.sort_order, item.pk)
    ):
        code = f"{item.code} " if item.code else ""
        lines.append(f"{item.framework}: {code}{item.heading}")
    return [
        _plain(_("Curriculum links"), styles["h1"]),
        _list([ListItem(_plain(line, styles["body"])) for line in lines]),
    ]


def _files(files, styles):
    if not files:
        return []
    items = []
    for pack_file in files:
        document = pack_file.document
        details = [str(document.download_summary)]
        if document.page_count:
            details.append(
                ngettext("%(count)s page", "%(count)s pages", document.page_count)
                % {"count": document.page_count}
            )
        text = f"<b>{escape(pack_file.display_title)}</b> ({escape(', '.join(details))})"
        if pack_file.description:
            text += f"<br/>{escape(pack_file.description)}"
        items.append(ListItem(Paragraph(text, styles["body"])))
    return [_plain(_("Files in this pack"), styles["h1"]), _list(items)]


def _version(page, styles):
    parts = [_("Version %(version)s.") % {"version": page.version}]
    last_reviewed = getattr(page, "last_reviewed", None)
    if last_reviewed:
        parts.append(
            _("Last reviewed %(date)s.") % {"date": formats.date_format(last_reviewed, "j F Y")}
        )
    next_review = getattr(page, "next_review", None)
    if next_review:
        parts.append(
            _("Next review due %(date)s.") % {"date": formats.date_format(next_review, "j F Y")}
        )
    return [_plain(_("Version and review"), styles["h1"]), _plain(" ".join(parts), styles["body"])]


def lesson_plan_pdf(page, files=None):
    """The PDF's bytes for ``page`` (a LessonPackPage, as published: pass the
    live revision's object). ``files`` are the pack's files to list (its
    ``pack_files`` with their documents); by default all of them."""
    styles = _styles()
    if files is None:
        files = list(page.pack_files.all())
    buffer = BytesIO()
    document = _PlanTemplate(
        buffer,
        pagesize=A4,
        title=page.title,
        subject=_("Lesson plan"),
        author="Clearsight",
        creator="Clearsight",
        lang=LANGUAGE,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
    )
    footer_title = page.title

    def number_the_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(
            A4[0] / 2,
            12 * mm,
            _("%(title)s — page %(number)s") % {"title": footer_title, "number": doc.page},
        )
        canvas.restoreState()

    story = [_plain(page.title, styles["title"])]
    if page.summary:
        story.append(_plain(page.summary, styles["lead"]))
    story.append(_plain(_("Who it is for"), styles["h1"]))
    story.extend(_who_it_is_for(page, styles))
    story.extend(_before_you_teach(page, styles))
    story.append(_plain(_("Learning objectives"), styles["h1"]))
    story.extend(_lines_list(page.learning_objectives, styles))
    story.append(_plain(_("Learning outcomes"), styles["h1"]))
    story.extend(_lines_list(page.learning_outcomes, styles))
    story.extend(_lesson_plan(page, styles))
    story.extend(_curriculum_links(page, styles))
    story.extend(_files(files, styles))
    story.extend(_version(page, styles))
    story.append(Spacer(1, 4 * mm))
    document.build(story, onFirstPage=number_the_page, onLaterPages=number_the_page)
    return buffer.getvalue()
