"""/verify/: anyone checks a certificate by its code."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

import pytest

from community.services.certificates import (
    ALPHABET,
    CODE_BITS,
    certificate_lookup,
    generate_code,
    normalise_code,
)
from tests.community.certificate_fixtures import *  # noqa: F403  (fixtures)

pytestmark = pytest.mark.django_db

NOT_FOUND = "We could not find a certificate with that code. Check it and try again."


def verify(client, code, **extra):
    return client.get(reverse("community:verify"), {"code": code}, **extra)


def result_text(response):
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_form_asks_for_the_code_with_its_format(client, home_page):
    response = client.get(reverse("community:verify"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'method="get"' in html
    assert "Certificate code" in html
    assert "XXXX-XXXX-XXXX-XXXX" in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies


def test_a_valid_certificate_shows_name_module_dates_and_status_in_words(client, issue):
    certificate = issue(name="Sam <Driver>", today=timezone.localdate())
    response = verify(client, certificate.code)
    assert response.status_code == 200
    text = result_text(response)
    assert "This certificate is: Valid" in text
    assert "certificate and it is still valid." in text
    assert "Sam &lt;Driver&gt;" in response.content.decode()  # escaped
    assert "Spotting exploitation: taxi drivers" in text
    assert f"Date completed {timezone.localdate():%-d %B %Y}" in text
    assert f"Valid until {certificate.valid_until:%-d %B %Y}" in text
    assert certificate.code in text
    assert "Score" not in text and "90%" not in text  # the score is not shown
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert not response.cookies


def test_a_certificate_without_expiry_says_it_never_expires(client, module, issue):
    module.certificate_valid_months = None
    certificate = issue()
    text = result_text(verify(client, certificate.code))
    assert "Valid until Never expires" in text
    assert "This certificate is: Valid" in text


def test_an_expired_certificate_says_expired(client, issue):
    certificate = issue(today=timezone.localdate() - datetime.timedelta(days=365 * 3 + 40))
    assert certificate.valid_until < timezone.localdate()
    response = verify(client, certificate.code)
    assert response.status_code == 200
    text = result_text(response)
    assert "This certificate is: Expired" in text
    assert "it has expired" in text


def test_a_revoked_certificate_says_revoked(client, issue):
    certificate = issue()
    certificate.revoked_at = timezone.now()
    certificate.save()
    text = result_text(verify(client, certificate.code))
    assert "This certificate is: Revoked" in text
    assert "It is no longer valid." in text
    assert "and it is still valid" not in text


@pytest.mark.parametrize("typed", ["ABCD-EFGH-JKMN-PQRS", "not a code", "ABCD", "X" * 200])
def test_a_wrong_or_malformed_code_is_plainly_not_found_and_kept_in_the_field(client, issue, typed):
    issue()
    response = verify(client, typed)
    assert response.status_code == 200  # the page answered: no such certificate
    html = response.content.decode()
    assert NOT_FOUND in html
    assert f'value="{typed}"' in html
    assert "This certificate is" not in html
    assert response["Cache-Control"] == "no-store, private"


def test_an_empty_code_asks_for_one(client, home_page):
    response = verify(client, "")
    assert response.status_code == 400
    assert "Enter the certificate code." in response.content.decode()


def test_a_code_is_found_however_it_is_typed(client, issue):
    certificate = issue()
    raw = certificate.code.replace("-", "")
    typed = " ".join(raw[i : i + 4] for i in range(0, 16, 4)).lower()
    # What people type for 0 and 1: O, I and L.
    typed = typed.replace("0", "o").replace("1", "l")
    assert normalise_code(typed) == certificate.code
    response = verify(client, typed)
    assert response.status_code == 200
    assert "This certificate is: Valid" in result_text(response)


def test_the_lookup_is_one_query_and_the_page_a_constant_number(
    client, issue, django_assert_num_queries
):
    first, second = issue(name="A"), issue(name="B")
    second.revoked_at = timezone.now()
    second.save()
    with django_assert_num_queries(1):
        assert certificate_lookup(first.code) == first
    with django_assert_num_queries(1):
        assert certificate_lookup("ZZZZ-ZZZZ-ZZZZ-ZZZZ") is None
    verify(client, first.code)  # warm the settings caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as found:
        assert verify(client, first.code).status_code == 200
    for code in (second.code, "ZZZZ-ZZZZ-ZZZZ-ZZZZ"):
        with django_assert_num_queries(len(found)):
            verify(client, code)


def test_look_ups_are_rate_limited_per_address(client, settings, issue):
    settings.CERTIFICATE_VERIFY_RATE_LIMIT = "3/h"
    certificate = issue()
    for _ in range(3):
        assert NOT_FOUND in verify(client, "ABCD-EFGH-JKMN-PQRS").content.decode()
    response = verify(client, certificate.code)
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"
    # The printable certificate counts too (a code in the address is a look-up).
    assert client.get(reverse("community:certificate", args=[certificate.code])).status_code == 429
    # Another address is not held up.
    response = verify(client, certificate.code, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200


def test_codes_have_80_random_bits_in_crockford_base32():
    assert CODE_BITS >= 64
    codes = {generate_code() for _ in range(5000)}
    assert len(codes) == 5000
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
        assert normalise_code(code) == code
    characters = "".join(codes).replace("-", "")
    # Every one of the 32 characters turns up, in every position (no fixed part).
    assert set(characters) == set(ALPHABET)
    for position in range(16):
        assert len({code.replace("-", "")[position] for code in codes}) == 32
