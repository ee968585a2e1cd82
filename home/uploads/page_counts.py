"""How many pages (or slides) a document has, read from the file itself.

Readers are told it before they download ("PDF, 240 KB, 4 pages"), so a number
is given only where the file really says it; anything else is ``None``:

- PDF: the pages pypdf finds. A file pypdf cannot read (damaged, encrypted,
  not a PDF) has no count: any error at all gives ``None``.
- Word (``.docx``): ``<Pages>`` in ``docProps/app.xml``, which the word
  processor writes when it saves. Generators (python-docx and others) copy a
  template's ``app.xml`` whose statistics were never computed (``<Pages>1``
  with ``<Words>0``), so the count is trusted only where ``<Words>`` is more
  than nought.
- PowerPoint (``.pptx``): the slides listed in ``ppt/presentation.xml``
  (``<p:sldIdLst>``), which is the deck itself; ``<Slides>`` in ``app.xml`` is
  kept only by PowerPoint and is stale in decks other programs write, so it is
  the fallback.
- OpenDocument text and presentations (``.odt``, ``.odp``):
  ``meta:document-statistic``'s ``meta:page-count`` in ``meta.xml``; for a
  presentation without it, the ``draw:page`` elements of ``content.xml``.

XML is parsed with defusedxml, and only the small parts named above are read,
with the same size cap as the screening (``home.uploads.documents``).
"""

import logging
import os
import zipfile

from defusedxml import ElementTree

from .documents import MAX_PART_BYTES

APP_PROPERTIES = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
PRESENTATIONML = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
ODF_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
ODF_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"

# A count above this is not a believable document: treat it as unknown.
MAX_BELIEVABLE_PAGES = 100_000

logger = logging.getLogger(__name__)


def count_pages(file, name=None):
    """The number of pages or slides in ``file`` (an open binary file), or ``None``.

    ``name`` gives the extension (``file.name`` when not given). The file is
    read from the start and left rewound; no error ever escapes.
    """
    extension = os.path.splitext(name or getattr(file, "name", "") or "")[1][1:].lower()
    counter = COUNTERS.get(extension)
    if counter is None:
        return None
    try:
        file.seek(0)
        count = counter(file)
    except Exception:  # noqa: BLE001 — a broken file has no page count, whatever broke
        count = None
    finally:
        try:
            file.seek(0)
        except Exception:  # noqa: BLE001
            logger.debug("Could not rewind %s after counting its pages.", extension)
    if isinstance(count, int) and 0 < count <= MAX_BELIEVABLE_PAGES:
        return count
    return None


def _pdf_pages(file):
    from pypdf import PdfReader

    reader = PdfReader(file, strict=False)
    if reader.is_encrypted:
        return None
    return len(reader.pages)


def _part(archive, name):
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise ValueError(f"{name} is too big to be what we expect")
    return ElementTree.fromstring(archive.read(info))


def _integer(element):
    if element is None or element.text is None:
        return None
    return int(element.text.strip())


def _docx_pages(file):
    properties = _part(zipfile.ZipFile(file), "docProps/app.xml")
    words = _integer(properties.find(f"{APP_PROPERTIES}Words"))
    if not words:
        return None
    return _integer(properties.find(f"{APP_PROPERTIES}Pages"))


def _pptx_slides(file):
    archive = zipfile.ZipFile(file)
    try:
        presentation = _part(archive, "ppt/presentation.xml")
    except KeyError:
        presentation = None
    if presentation is not None:
        slide_list = presentation.find(f"{PRESENTATIONML}sldIdLst")
        return 0 if slide_list is None else len(slide_list.findall(f"{PRESENTATIONML}sldId"))
    properties = _part(archive, "docProps/app.xml")
    return _integer(properties.find(f"{APP_PROPERTIES}Slides"))


def _odf_page_count(archive):
    meta = _part(archive, "meta.xml")
    statistic = meta.find(f"{ODF_OFFICE}meta/{ODF_META}document-statistic")
    if statistic is None:
        return None
    value = statistic.get(f"{ODF_META}page-count")
    return int(value) if value is not None else None


def _odt_pages(file):
    return _odf_page_count(zipfile.ZipFile(file))


def _odp_slides(file):
    archive = zipfile.ZipFile(file)
    try:
        count = _odf_page_count(archive)
    except KeyError:
        count = None
    if count:
        return count
    content = _part(archive, "content.xml")
    presentation = content.find(f"{ODF_OFFICE}body/{ODF_OFFICE}presentation")
    if presentation is None:
        return None
    return len(presentation.findall(f"{ODF_DRAW}page"))


COUNTERS = {
    "pdf": _pdf_pages,
    "docx": _docx_pages,
    "pptx": _pptx_slides,
    "odt": _odt_pages,
    "odp": _odp_slides,
}
