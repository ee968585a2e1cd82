"""The toolkit's printables hold the published text, the local numbers and a
QR code to the toolkit: read back as a reader's tools would (pypdf for the
text, pypdfium2 to render the page as a printer would, zxing-cpp to scan the
code, python-pptx to open the slides)."""

import io

from wagtail.models import Site

import pytest
from pypdf import PdfReader

from community import posters
from community.models import DownloadKind, ToolkitDownload
from home.models import LocalContacts

from .toolkit_files import (  # noqa: F401 (fixtures)
    contacts_fixture,
    is_zip,
    pdf_text,
    publish_fixture,
    qr_texts,
    slide_texts,
    toolkit_fixture,
)

pytestmark = pytest.mark.django_db

PDF_KINDS = [
    DownloadKind.POSTER_A4,
    DownloadKind.POSTER_A3,
    DownloadKind.LEAFLET,
    DownloadKind.INCIDENT_NOTE,
]


def stored(page, kind):
    download = ToolkitDownload.objects.get(page=page, kind=kind)
    with download.file.open("rb") as handle:
        return handle.read()


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_each_pdf_holds_the_heading_a_sign_the_local_number_and_the_address(toolkit, kind):
    text = pdf_text(stored(toolkit, kind))
    assert "Worried about a passenger?" in text
    assert "seems frightened of the adult paying the fare" in text
    assert "01234 567890" in text
    assert "For taxi and private hire drivers in Northshire" in text
    assert "call 999" in text
    assert "police on 101" in text
    assert toolkit.get_full_url() in text  # the address in words, beside the code


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_each_pdfs_qr_code_scans_as_the_toolkits_full_address(toolkit, kind):
    assert toolkit.get_full_url() == "http://localhost/community/taxi-drivers/"
    assert qr_texts(stored(toolkit, kind)) == [toolkit.get_full_url()]


def test_the_posters_are_one_page_a4_and_a3_the_leaflet_two_a5_sides(toolkit):
    def pages(kind):
        reader = PdfReader(io.BytesIO(stored(toolkit, kind)))
        return [
            (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
            for page in reader.pages
        ]

    assert pages(DownloadKind.POSTER_A4) == [(595, 842)]
    assert pages(DownloadKind.POSTER_A3) == [(842, 1191)]
    assert pages(DownloadKind.LEAFLET) == [(420, 595), (420, 595)]
    leaflet = PdfReader(io.BytesIO(stored(toolkit, DownloadKind.LEAFLET)))
    front, back = (" ".join((page.extract_text() or "").split()) for page in leaflet.pages)
    assert "Spot the signs" in front and "has a new phone or expensive gifts" in front
    assert "What to note down" in back and "Vehicle registration" in back
    assert "01234 567890" in back


def test_the_incident_note_has_a_box_for_each_thing_to_note_and_the_numbers(toolkit):
    text = pdf_text(stored(toolkit, DownloadKind.INCIDENT_NOTE))
    assert text.index("Date and time") < text.index("Vehicle registration")
    assert "Of any car the child got into" in text
    assert "Numbers to call" in text
    assert "Out of hours (evenings, nights, weekends): 01234 000111" in text


def test_the_pdfs_say_what_they_are_and_their_language(toolkit):
    for kind in PDF_KINDS:
        data = stored(toolkit, kind)
        reader = PdfReader(io.BytesIO(data))
        assert reader.metadata.title.startswith("Taxi drivers: ")
        assert reader.metadata.author == "Clearsight"
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_the_briefing_opens_as_slides_holding_the_signs_and_the_number(toolkit):
    data = stored(toolkit, DownloadKind.BRIEFING)
    assert is_zip(data)
    deck, text = slide_texts(data)
    assert 5 <= len(deck.slides) <= 8
    assert "is picked up from a hotel late at night by different adults" in text
    assert "01234 567890" in text
    assert "Myth: It only happens in cities." in text
    assert toolkit.get_full_url() in text
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[1:4] == ["Why it matters", "Spot the signs", "What to do"]
    assert deck.core_properties.title == "Taxi drivers: staff briefing"
    assert deck.core_properties.language == "en-GB"


def test_the_same_content_makes_the_same_bytes(toolkit):
    published = toolkit.live_revision.as_object()
    site = Site.objects.get(is_default_site=True)
    from home.models import SafetySettings

    context = posters.PrintContext.from_settings(
        url=published.get_full_url(),
        contacts=LocalContacts.for_site(site),
        safety=SafetySettings.for_site(site),
        built_for=toolkit.live_revision.created_at,
    )
    for kind in DownloadKind.values:
        assert posters.build(kind, published, context) == posters.build(kind, published, context)
        assert posters.build(kind, published, context) == stored(toolkit, kind)


def test_without_local_numbers_the_printables_send_readers_to_the_council_finder(
    toolkit, publish, django_capture_on_commit_callbacks
):
    contacts = LocalContacts.for_site(Site.objects.get(is_default_site=True))
    contacts.childrens_services_number = ""
    contacts.out_of_hours_number = ""
    with django_capture_on_commit_callbacks(execute=True):
        contacts.save()
    for kind in PDF_KINDS:
        text = pdf_text(stored(toolkit, kind))
        assert "01234 567890" not in text
        assert "https://www.gov.uk/report-child-abuse-to-local-council" in text
    _deck, slides = slide_texts(stored(toolkit, DownloadKind.BRIEFING))
    assert "https://www.gov.uk/report-child-abuse-to-local-council" in slides


def test_a_long_poster_still_fits_on_one_page(toolkit, publish):
    toolkit.poster_text = "Pass it on. " * 24
    toolkit.signs = [
        ("group", {"heading": "", "signs": [f"sign number {n} " * 8 for n in range(9)]})
    ]
    toolkit = publish(toolkit)
    for kind in (DownloadKind.POSTER_A4, DownloadKind.POSTER_A3):
        data = stored(toolkit, kind)
        assert len(PdfReader(io.BytesIO(data)).pages) == 1
        assert "sign number 4" in pdf_text(data)
        assert "Pass it on. Pass it on." in pdf_text(data)
        assert qr_texts(data) == [toolkit.get_full_url()]
