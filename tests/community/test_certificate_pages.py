"""The printable certificate page and its PDF (with a QR code that opens /verify/)."""

import io
import re

from django.urls import reverse
from django.utils import timezone

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from tests.community.certificate_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db


def text_of(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_printable_page_shows_the_certificate_with_links(client, issue):
    certificate = issue(name="Sam O'Driver")
    response = client.get(reverse("community:certificate", args=[certificate.code]))
    assert response.status_code == 200
    text = text_of(response)
    assert "Certificate of completion" in text
    assert "Sam O&#x27;Driver" in text
    assert "Spotting exploitation: taxi drivers" in text
    assert f"on {certificate.issued_on:%-d %B %Y}" in text
    assert f"Valid until {certificate.valid_until:%-d %B %Y}." in text
    assert certificate.code in text
    html = response.content.decode()
    assert f'href="/certificates/{certificate.code}/pdf/"' in html
    assert f'href="/verify/?code={certificate.code}"' in html
    assert f"http://testserver/verify/?code={certificate.code}" in text
    assert "<svg" in html and 'role="img"' in html  # the QR code, drawn in the page
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]  # strict CSP
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not response.cookies


def test_a_code_in_another_form_still_finds_the_page(client, issue):
    certificate = issue()
    typed = certificate.code.lower().replace("-", "")
    response = client.get(reverse("community:certificate", args=[typed]))
    assert response.status_code == 200
    assert certificate.code in response.content.decode()


def test_an_unknown_code_is_a_404(client, issue):
    issue()
    for code in ("ZZZZ-ZZZZ-ZZZZ-ZZZZ", "nonsense"):
        assert client.get(reverse("community:certificate", args=[code])).status_code == 404
        assert client.get(reverse("community:certificate_pdf", args=[code])).status_code == 404


def test_a_revoked_certificate_says_so_and_has_no_pdf(client, issue):
    certificate = issue()
    certificate.revoked_at = timezone.now()
    certificate.save()
    response = client.get(reverse("community:certificate", args=[certificate.code]))
    text = text_of(response)
    assert "Revoked: this certificate is no longer valid" in text
    assert "Status: Revoked" in text
    assert "/pdf/" not in response.content.decode()
    pdf = client.get(reverse("community:certificate_pdf", args=[certificate.code]))
    assert pdf.status_code == 404


def test_the_pdf_holds_the_certificate_and_a_qr_code_for_verify(client, issue):
    certificate = issue(name="Alex Example")
    response = client.get(reverse("community:certificate_pdf", args=[certificate.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    text = " ".join(page.extract_text().split())
    assert "Alex Example" in text
    assert "Spotting exploitation: taxi drivers" in text
    assert f"on {certificate.issued_on:%-d %B %Y}" in text
    assert f"Verification code: {certificate.code}" in text
    assert f"Valid until {certificate.valid_until:%-d %B %Y}." in text
    url = f"http://testserver/verify/?code={certificate.code}"
    assert url in text
    assert reader.metadata.title == "Training certificate: Spotting exploitation: taxi drivers"

    rendered = pypdfium2.PdfDocument(response.content)[0].render(scale=2).to_pil()
    codes = zxingcpp.read_barcodes(rendered)
    assert [code.text for code in codes] == [url]
    assert codes[0].format == zxingcpp.BarcodeFormat.QRCode


def test_the_pdf_is_the_same_each_time(client, issue):
    certificate = issue()
    address = reverse("community:certificate_pdf", args=[certificate.code])
    assert client.get(address).content == client.get(address).content


def test_a_certificate_that_never_expires_says_so_in_the_pdf(client, module, issue):
    module.certificate_valid_months = None
    certificate = issue()
    response = client.get(reverse("community:certificate_pdf", args=[certificate.code]))
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "This certificate does not expire." in text
