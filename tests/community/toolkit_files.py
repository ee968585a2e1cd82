"""Fixtures and helpers shared by the posters' tests (imported by them)."""

import io
import zipfile

from wagtail.models import Site

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from community.factories import CommunityLandingPageFactory, ToolkitPageFactory
from home.models import LocalContacts

SIGNS = [
    (
        "group",
        {
            "heading": "At pick-up",
            "signs": [
                "is picked up from a hotel late at night by different adults",
                "seems frightened of the adult paying the fare",
            ],
        },
    ),
    ("group", {"heading": "", "signs": ["has a new phone or expensive gifts"]}),
]
RECORD_ITEMS = [
    ("item", {"label": "Date and time", "hint": "When you saw it"}),
    ("item", {"label": "Vehicle registration", "hint": "Of any car the child got into"}),
]
MYTHS = [("myth", {"myth": "It only happens in cities.", "fact": "It happens in every town."})]


@pytest.fixture(name="contacts")
def contacts_fixture(home_page):
    values = LocalContacts.for_site(Site.objects.get(is_default_site=True))
    values.area_name = "Northshire"
    values.childrens_services_name = "Northshire children's front door"
    values.childrens_services_number = "01234 567890"
    values.out_of_hours_number = "01234 000111"
    values.save()
    return values


@pytest.fixture(name="publish")
def publish_fixture(django_capture_on_commit_callbacks):
    """Publish a page's current state as a new revision, running what waits for the
    commit (the build task) as a real commit would."""

    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return type(page).objects.get(pk=page.pk)

    return publish


@pytest.fixture(name="toolkit")
def toolkit_fixture(home_page, contacts, publish):
    landing = CommunityLandingPageFactory(parent=home_page, slug="community")
    page = ToolkitPageFactory(
        parent=landing,
        title="Taxi drivers",
        slug="taxi-drivers",
        signs=SIGNS,
        record_items=RECORD_ITEMS,
        myths=MYTHS,
        poster_heading="Worried about a passenger?",
        poster_text="If something does not feel right, pass it on.",
    )
    return publish(page)


def pdf_text(data):
    """Every page's text, its whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def qr_texts(data, dpi=170):
    """The QR codes found on the PDF's first page, rendered as a printer would."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def slide_texts(data):
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
    return deck, " ".join(" ".join(texts).split())


def is_zip(data):
    return zipfile.is_zipfile(io.BytesIO(data))
