"""The demo's lesson pack and toolkit files, made from each page's own content.

A step of the demo loader (hook ``clearsight_demo_content``, registered in
``schools/admin/demo.py``), run after the pages. For every lesson pack and
school toolkit the demo files define (``loader.pages_by_path``, whatever their
titles), it makes real files from what the page says and attaches them as
``page.pack_files``:

- a lesson pack: slides (.pptx: title, ground rules, objectives and outcomes,
  one slide per lesson plan section, where to get help), the lesson plan
  (.pdf, ``schools.pdf.lesson_plan_pdf``, made last: it lists the pack's other
  files, never itself) and a worksheet (.docx: each list item
  of an activity becomes a question with lines to write on); and, when the
  pack's body has an h2 heading starting "Case study", a case study (.docx,
  kind "case-study") for verified professionals only;
- a toolkit: one file per body section whose h2 heading is a file kind's name
  ("Policy template", "Letter to parents": .docx; "Staff briefing",
  "Assembly plan", "Parent information session": .pptx).

Every file passes the same screening as an upload (``screen_document``) and is
stored as a document titled "<page title>: <what it is>", found again by that
title. The files are made byte for byte the same from the same content (fixed
dates inside the packages, reportlab's invariant mode), so a second run finds
every document's hash unchanged and publishes nothing.

``demo_content/pack-settings/*.yaml`` holds what a page's YAML cannot:
curriculum links by slug (an unknown slug is skipped with a warning: the
curriculum data decides which exist) and ``professionals_only`` (page privacy
for the Professionals group, and all the page's files in the "Professionals
only" collection). A case-study file always goes into that collection.
"""

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.models import Collection, PageViewRestriction
from wagtail.utils.file import hash_filelike

from home.demo_content.loader import DemoContentError, read_yaml
from home.printing import invariant_pdf, stable_zip
from home.uploads import screen_document
from schools.models import (
    CurriculumItem,
    FileKind,
    LessonPackFile,
    LessonPackPage,
    SchoolToolkitPage,
    ToolkitFile,
)

logger = logging.getLogger(__name__)

PACK_SETTINGS_DIR = Path(__file__).parent / "demo_content" / "pack-settings"

# Dates written inside the files, so the same content gives the same bytes.
DEFAULT_FILE_DATE = date(2026, 1, 1)
AUTHOR = "Clearsight"

CASE_STUDY_PREFIX = "case study"
TOOLKIT_FORMATS = {
    FileKind.POLICY: "docx",
    FileKind.LETTER: "docx",
    FileKind.BRIEFING: "pptx",
    FileKind.ASSEMBLY: "pptx",
    FileKind.PARENT_SESSION: "pptx",
}
WRITING_LINES = 3


@dataclass
class DemoFile:
    kind: str
    title: str  # the document's title: "<page title>: <what it is>"
    label: str  # the row's title on the page: "Slides"
    description: str
    filename: str
    data: object  # bytes, or a function of the other files' rows that returns them
    professionals_only: bool = False


# -- the step ------------------------------------------------------------------


def load_pack_files(loader, site, settings_dir=PACK_SETTINGS_DIR):
    settings = read_pack_settings(settings_dir)
    for path in sorted(set(settings) - set(loader.pages_by_path)):
        logger.warning("The pack settings name '%s', which is not a demo page: skipped.", path)
    for path, page in loader.pages_by_path.items():
        model = type(page.specific)
        if not issubclass(model, (LessonPackPage, SchoolToolkitPage)):
            continue
        extra = settings.get(path) or {}
        professionals_only = bool(extra.get("professionals_only", False))
        page = model.objects.get(pk=page.pk)
        _page_privacy(loader, page, path, professionals_only)
        label = f"pack-files:/{path}/"
        changed = False
        # Curriculum links first, published, so that the files (the lesson plan
        # PDF lists them) are made from the page as it will stay.
        links = extra.get("curriculum_links")
        if "curriculum_links" in extra and _curriculum_links(page, path, links or []):
            page.save_revision(log_action=False).publish(log_action=False)
            changed = True
        # The files are made from one copy of the page; the new revision is saved
        # from another whose StreamFields were never read: a StreamField that has
        # been read saves its lists in Wagtail's newer form, which the loader
        # would see as a change on its next run.
        source = model.objects.get(pk=page.pk)
        page = model.objects.get(pk=page.pk)
        files = pack_files(source) if model is LessonPackPage else toolkit_files(source)
        if _attach(loader, page, files, professionals_only):
            page.save_revision(log_action=False).publish(log_action=False)
            changed = True
        if changed:
            loader.report.updated.append(label)
        else:
            loader.report.unchanged.append(label)


def read_pack_settings(folder=PACK_SETTINGS_DIR):
    settings = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        for page_path, values in (read_yaml(path) or {}).items():
            key = str(page_path).strip("/")
            if key in settings:
                raise DemoContentError(
                    f"The pack settings name '{key}' twice ({path.name} and another file)."
                )
            settings[key] = values or {}
    return settings


def _page_privacy(loader, page, path, professionals_only):
    """Page privacy for the Professionals group, found or made once. A page that
    is not marked is left as editors set it."""
    if not professionals_only:
        return
    from schools.privacy import professionals_group

    group = professionals_group()
    label = f"privacy:/{path}/"
    restriction = PageViewRestriction.objects.filter(page=page).first()
    if (
        restriction is not None
        and restriction.restriction_type == PageViewRestriction.GROUPS
        and set(restriction.groups.values_list("pk", flat=True)) == {group.pk}
    ):
        loader.report.unchanged.append(label)
        return
    if restriction is None:
        restriction = PageViewRestriction(page=page)
        loader.report.created.append(label)
    else:
        loader.report.updated.append(label)
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.password = ""
    restriction.save()
    restriction.groups.set([group])


def _curriculum_links(page, path, slugs):
    items = dict(CurriculumItem.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in items]
    if unknown:
        logger.warning(
            "The pack '%s' names curriculum items that are not loaded, skipped: %s.",
            path,
            ", ".join(unknown),
        )
    wanted = set(items.values())
    if set(page.curriculum_links.values_list("pk", flat=True)) == wanted:
        return False
    page.curriculum_links.set(wanted)
    return True


def _attach(loader, page, files, professionals_only):
    """Store each file as a document and make them the page's files, in order.
    True if a document or a row changed."""
    from schools.privacy import professionals_collection

    row_model = LessonPackFile if isinstance(page, LessonPackPage) else ToolkitFile
    public = Collection.get_first_root_node()
    changed = False
    rows = [None] * len(files)
    # Files whose content lists the others (the lesson plan PDF lists the
    # pack's files, with their sizes) are made last, from the others' rows: a
    # file that listed itself would change its own size on every run.
    order = sorted(range(len(files)), key=lambda index: callable(files[index].data))
    for index in order:
        demo_file = files[index]
        if callable(demo_file.data):
            others = [row for row in rows if row is not None]
            demo_file.data = demo_file.data(others)
        restricted = professionals_only or demo_file.professionals_only
        collection = professionals_collection() if restricted else public
        document, document_changed = store_document(loader, demo_file, collection)
        changed |= document_changed
        rows[index] = row_model(
            document=document,
            kind=demo_file.kind,
            title=demo_file.label,
            description=demo_file.description,
            sort_order=index,
        )
    current = [
        (row.document_id, row.kind, row.title, row.description)
        for row in page.pack_files.order_by("sort_order", "pk")
    ]
    wanted = [(row.document_id, row.kind, row.title, row.description) for row in rows]
    if current != wanted:
        page.pack_files.set(rows)
        changed = True
    return changed


def store_document(loader, demo_file, collection):
    """The document titled ``demo_file.title``, made or brought up to date through
    the upload screening. Returns (document, whether it changed)."""
    model = get_document_model()
    upload = ContentFile(demo_file.data, name=demo_file.filename)
    try:
        clean = screen_document(upload)
    except ValidationError as error:
        raise DemoContentError(
            f"The demo file '{demo_file.filename}' is refused by the upload checks: "
            + " ".join(error.messages)
        ) from error
    file_hash = hash_filelike(clean)
    label = f"document:{demo_file.filename}"
    document = model.objects.filter(title=demo_file.title).order_by("pk").first()
    if document is None:
        document = model(title=demo_file.title)
        loader.report.created.append(label)
    elif document.file_hash == file_hash and document.collection_id == collection.pk:
        loader.report.unchanged.append(label)
        return document, False
    else:
        loader.report.updated.append(label)
    if document.file_hash != file_hash or not document.file:
        clean.seek(0)
        document.file = clean
        document._set_document_file_metadata()
    document.collection = collection
    document.full_clean()
    document.save()
    return document, True


# -- reading the page's content -------------------------------------------------


class _Paragraphs(HTMLParser):
    """Rich text as a list of (kind, text): "p" for a paragraph, "li" for a list item."""

    BLOCKS = {"p", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []
        self.kind = None
        self.parts = []

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.parts)).strip()
        if text:
            self.items.append((self.kind or "p", text))
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self._flush()
            self.kind = tag
        elif tag == "br":
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self._flush()
            self.kind = None

    def handle_data(self, data):
        self.parts.append(data)

    def close(self):
        super().close()
        self._flush()
        return self.items


def paragraphs(rich_text):
    """The paragraphs and list items of a rich text value (or an HTML string)."""
    parser = _Paragraphs()
    parser.feed(str(getattr(rich_text, "source", rich_text) or ""))
    return parser.close()


def _texts(rich_text, kind=None):
    return [text for item_kind, text in paragraphs(rich_text) if kind in (None, item_kind)]


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _first_sentence(rich_text, limit=255):
    texts = _texts(rich_text)
    if not texts:
        return ""
    sentence = re.split(r"(?<=[.!?])\s", texts[0], maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _before_you_teach(page):
    for block in page.before_you_teach:
        return block.value
    return None


def _help_numbers_line(page, texts):
    """Childline and the emergency number from the site's safety settings, unless
    the page's own signposting already gives them."""
    from home.models import SafetySettings

    site = page.get_site()
    safety = SafetySettings.for_site(site) if site else SafetySettings()
    joined = " ".join(texts)
    missing = []
    if safety.childline_number and safety.childline_number not in joined:
        missing.append(f"Childline: {safety.childline_number}, free, any time.")
    if safety.emergency_number and safety.emergency_number not in joined:
        missing.append(f"In an emergency, call {safety.emergency_number}.")
    return missing


def _file_date(page):
    day = page.last_reviewed or DEFAULT_FILE_DATE
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# -- lesson packs ---------------------------------------------------------------


def pack_files(page):
    files = [
        DemoFile(
            kind=FileKind.SLIDES,
            title=f"{page.title}: slides",
            label="Slides",
            description=(
                "Slides to teach from: ground rules, objectives, each part of the lesson "
                "and where to get help."
            ),
            filename=f"{page.slug}-slides.pptx",
            data=pack_slides(page),
        ),
        DemoFile(
            kind=FileKind.LESSON_PLAN,
            title=f"{page.title}: lesson plan",
            label="Lesson plan",
            description="The whole lesson plan to print, with Before you teach and timings.",
            filename=f"{page.slug}-lesson-plan.pdf",
            data=lambda others: lesson_plan(page, others),
        ),
        DemoFile(
            kind=FileKind.WORKSHEET,
            title=f"{page.title}: worksheet",
            label="Worksheet",
            description="Scenarios and questions from the activities, with space to write.",
            filename=f"{page.slug}-worksheet.docx",
            data=pack_worksheet(page),
        ),
    ]
    sections = case_study_sections(page)
    if sections:
        files.append(
            DemoFile(
                kind=FileKind.CASE_STUDY,
                title=f"{page.title}: case studies",
                label="Case studies",
                description="Case studies for staff training, for verified professionals only.",
                filename=f"{page.slug}-case-studies.docx",
                data=case_studies_document(page, sections),
                professionals_only=True,
            )
        )
    return files


def lesson_plan(page, files=()):
    """The printable lesson plan, listing the pack's other files."""
    from schools.pdf import lesson_plan_pdf

    with invariant_pdf():
        return lesson_plan_pdf(page, files=list(files))


def _section_slide(block):
    """(title, bullets, notes) for one block of the lesson plan."""
    value = block.value
    name = block.block.label or block.block_type
    if block.block_type in ("starter", "activity", "plenary"):
        title = f"{name}: {value['title']} ({value['minutes']} minutes)"
        items = paragraphs(value["text"])
        questions = [text for kind, text in items if kind == "li"]
        instructions = [text for kind, text in items if kind == "p"]
        # Pupils see the questions; the teacher's instructions go in the notes
        # (or on the slide, when there are no questions to show).
        notes = list(instructions) if questions else []
        if value.get("resources"):
            notes.append(f"What you need: {value['resources']}")
        return title, questions or instructions, notes
    if block.block_type == "assessment":
        baseline = " ".join(_texts(value["baseline"]))
        end_point = " ".join(_texts(value["end_point"]))
        return str(name), [f"Baseline: {baseline}", f"End point: {end_point}"], []
    return str(name), _texts(value), []


def pack_slides(page):
    from pptx import Presentation

    deck = Presentation()
    _title_slide(deck, page.title, page.summary)
    before = _before_you_teach(page)
    if before is not None:
        _bullet_slide(
            deck,
            "Our ground rules",
            _texts(before["ground_rules"], "li") or _texts(before["ground_rules"]),
        )
    _bullet_slide(deck, "What we are learning", _lines(page.learning_objectives))
    _bullet_slide(deck, "What you will be able to do", _lines(page.learning_outcomes))
    for block in page.lesson_plan:
        title, bullets, notes = _section_slide(block)
        _bullet_slide(deck, title, bullets, notes)
    help_texts = _texts(before["signposting"], "li") if before is not None else []
    if not help_texts and before is not None:
        help_texts = _texts(before["signposting"])
    _bullet_slide(deck, "Where to get help", help_texts + _help_numbers_line(page, help_texts))
    return _save_deck(deck, page)


def pack_worksheet(page):
    document = _new_document(page, f"{page.title}: worksheet")
    document.add_paragraph("Name: ____________________     Date: ______________")
    document.add_paragraph(
        "Read each scenario or question and write your answer in the space below it. "
        "Think about the characters in the stories: you do not need to write about yourself."
    )
    part = 0
    for block in page.lesson_plan:
        if block.block_type != "activity":
            continue
        part += 1
        value = block.value
        document.add_heading(f"Part {part}: {value['title']}", level=2)
        questions = _texts(value["text"], "li") or [
            f"Write down two things you learned in this activity, {value['title']}."
        ]
        for number, question in enumerate(questions, start=1):
            document.add_paragraph(f"{number}. {question}")
            _writing_lines(document)
    before = _before_you_teach(page)
    help_texts = _texts(before["signposting"], "li") if before is not None else []
    document.add_heading("Where to get help", level=2)
    for text in help_texts + _help_numbers_line(page, help_texts):
        document.add_paragraph(text, style="List Bullet")
    return _save_document(document)


def case_study_sections(page):
    """The body's case studies: each h2 heading starting "Case study" and the
    blocks after it, up to the next h2 heading."""
    sections = []
    current = None
    for block in page.body:
        if block.block_type == "heading" and block.value["level"] == "h2":
            text = block.value["text"]
            current = (text, []) if text.lower().startswith(CASE_STUDY_PREFIX) else None
            if current:
                sections.append(current)
        elif current is not None:
            current[1].append(block)
    return sections


def case_studies_document(page, sections):
    document = _new_document(page, f"{page.title}: case studies")
    document.add_paragraph(
        "For verified professionals only. For staff training: do not share with pupils "
        "or outside your organisation."
    )
    for heading, blocks in sections:
        document.add_heading(heading, level=2)
        _write_blocks(document, blocks)
    return _save_document(document)


# -- toolkits -------------------------------------------------------------------


def toolkit_sections(page):
    """(kind, heading, blocks) for each h2 section of the body named after a file kind."""
    kinds = {str(label).lower(): FileKind(value) for value, label in FileKind.choices}
    sections = []
    current = None
    for block in page.body:
        if block.block_type == "heading" and block.value["level"] == "h2":
            kind = kinds.get(block.value["text"].strip().lower())
            current = (kind, block.value["text"], []) if kind in TOOLKIT_FORMATS else None
            if current:
                sections.append(current)
        elif current is not None:
            current[2].append(block)
    return sections


def toolkit_files(page):
    files = []
    for kind, heading, blocks in toolkit_sections(page):
        extension = TOOLKIT_FORMATS[kind]
        notes = [block for block in blocks if block.block_type == "paragraph"]
        description = _first_sentence(notes[0].value) if notes else ""
        if extension == "pptx":
            data = toolkit_slides(page, heading, blocks)
        else:
            data = toolkit_document(page, heading, blocks)
        files.append(
            DemoFile(
                kind=kind,
                title=f"{page.title}: {heading.lower()}",
                label=heading,
                description=description,
                filename=f"{page.slug}-{kind}.{extension}",
                data=data,
            )
        )
    return files


def toolkit_document(page, heading, blocks):
    document = _new_document(page, heading)
    notes = [
        text for block in blocks if block.block_type == "paragraph" for text in _texts(block.value)
    ]
    if notes:
        note = document.add_paragraph()
        note.add_run("About this template (delete this note before use): ").bold = True
        note.add_run(" ".join(notes)).italic = True
    _write_blocks(document, [block for block in blocks if block.block_type != "paragraph"])
    return _save_document(document)


def toolkit_slides(page, heading, blocks):
    from pptx import Presentation

    deck = Presentation()
    notes = [
        text for block in blocks if block.block_type == "paragraph" for text in _texts(block.value)
    ]
    _title_slide(deck, heading, page.title, notes)
    for block in blocks:
        if block.block_type == "questions":
            for item in block.value["items"]:
                _bullet_slide(deck, item["question"], _texts(item["answer"]))
        elif block.block_type == "callout":
            _bullet_slide(deck, block.value["title"], _texts(block.value["text"]))
        elif block.block_type == "signs":
            _bullet_slide(deck, block.value["heading"], list(block.value["signs"]))
    return _save_deck(deck, page, title=f"{page.title}: {heading.lower()}")


# -- writing files ----------------------------------------------------------------


def _title_slide(deck, title, subtitle, notes=()):
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = title
    slide.placeholders[1].text = subtitle or ""
    if notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    return slide


def _bullet_slide(deck, title, bullets, notes=()):
    from pptx.util import Pt

    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = title
    frame = slide.placeholders[1].text_frame
    length = sum(len(text) for text in bullets)
    size = Pt(24 if length < 300 else 18 if length < 600 else 14)
    for index, text in enumerate(bullets):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = size
    if notes:
        slide.notes_slide.notes_text_frame.text = "\n".join(notes)
    return slide


def _save_deck(deck, page, title=None):
    properties = deck.core_properties
    _set_core_properties(properties, page, title or f"{page.title}: slides")
    buffer = BytesIO()
    deck.save(buffer)
    return stable_zip(buffer.getvalue())


def _new_document(page, heading):
    from docx import Document

    document = Document()
    _set_core_properties(document.core_properties, page, heading)
    document.add_heading(heading, level=1)
    return document


def _set_core_properties(properties, page, title):
    when = _file_date(page)
    properties.title = title[:255]
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    # Office core properties hold at most 255 characters.
    properties.subject = (getattr(page, "summary", "") or "")[:255]
    properties.comments = ""
    properties.keywords = ""
    properties.revision = 1
    properties.created = when
    properties.modified = when


def _save_document(document):
    buffer = BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue())


def _writing_lines(document, count=WRITING_LINES):
    """Empty paragraphs ruled underneath, to write on (no underscores for screen readers to read)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for _ in range(count):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(14)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "808080")):
            bottom.set(qn(f"w:{name}"), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)


def _write_blocks(document, blocks):
    """Body blocks into a Word document: paragraphs, lists, questions, signs, callouts."""
    for block in blocks:
        value = block.value
        if block.block_type == "paragraph":
            _write_rich_text(document, value)
        elif block.block_type == "questions":
            if value.get("heading"):
                document.add_heading(value["heading"], level=2)
            for item in value["items"]:
                document.add_heading(item["question"], level=3)
                _write_rich_text(document, item["answer"])
        elif block.block_type == "signs":
            document.add_heading(value["heading"], level=3)
            if value.get("intro"):
                document.add_paragraph(value["intro"])
            for sign in value["signs"]:
                document.add_paragraph(sign, style="List Bullet")
        elif block.block_type == "callout":
            _write_rich_text(document, value["text"])
        elif block.block_type == "heading":
            document.add_heading(value["text"], level=3)


def _write_rich_text(document, rich_text):
    for kind, text in paragraphs(rich_text):
        document.add_paragraph(text, style="List Bullet" if kind == "li" else None)
