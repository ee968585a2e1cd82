"""HTML is sent gzip-compressed to clients that accept it, and pages answer
conditional requests, whether they come from the page cache or are rendered.

A miss is compressed by `home.middleware.CompressionMiddleware` (Django's
GZipMiddleware, which pads every copy against BREACH); a hit is the copy the
warmer compressed once. The padding makes every freshly compressed copy
different, so a hit whose bytes equal the stored copy was not compressed again.
"""

import gzip
import hashlib
import re

from django.core.files.base import ContentFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.utils.cache import cc_delim_re

from wagtail import hooks

import pytest

from home.factories import ContentPageFactory, DocumentFactory
from home.page_cache import store
from home.page_cache.middleware import DEBUG_HEADER

from .page_cache_support import SIGNS, make_guide, warm_all

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
PLAIN = {"HTTP_ACCEPT_ENCODING": "identity"}


@pytest.fixture(autouse=True)
def fresh_process_state(settings):
    # The debug header tells a hit from a miss, so each test knows which path it took.
    settings.DEBUG = True
    store.forget_process_state()
    yield
    store.forget_process_state()


@pytest.fixture
def guide(home_page):
    return make_guide(home_page)


def stored_copy(page):
    return store.read_stored_page(page.get_site().pk, "http", page.url)


def vary(response):
    return {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", ""))}


def assert_gzipped(response):
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(response)
    assert int(response["Content-Length"]) == len(response.content)
    html = gzip.decompress(response.content)
    assert len(response.content) < len(html)
    return html.decode()


def assert_plain(response):
    assert "Content-Encoding" not in response
    assert "accept-encoding" in vary(response)
    assert int(response["Content-Length"]) == len(response.content)
    return response.content.decode()


def html_of(response):
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


def strong_etag_of(body):
    # What Django's set_response_etag computes (a fingerprint, not security).
    return f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'


# --- Misses -------------------------------------------------------------------


def test_a_miss_is_compressed_for_a_client_that_accepts_gzip(guide):
    response = Client().get(guide.url, **GZIP)
    assert response.get(DEBUG_HEADER) != "hit"  # nothing is stored yet
    assert SIGNS in assert_gzipped(response)


def test_a_miss_is_plain_for_a_client_that_does_not(guide):
    response = Client().get(guide.url, **PLAIN)
    assert response.get(DEBUG_HEADER) != "hit"  # nothing is stored yet
    assert SIGNS in assert_plain(response)
    # Without any Accept-Encoding header at all, too.
    assert SIGNS in assert_plain(Client().get(guide.url))


def test_each_compressed_copy_is_padded_but_keeps_one_weak_etag(guide):
    # BREACH padding: a random length of padding in each copy. Two copies match
    # once in about a hundred, so the test asks for five (all alike: 1 in 10**8).
    copies = [Client().get(guide.url, **GZIP) for _ in range(5)]
    first, second = copies[:2]
    assert len({copy.content for copy in copies}) > 1
    assert gzip.decompress(first.content) == gzip.decompress(second.content)
    plain = Client().get(guide.url)
    # Strong for the plain bytes; the gzip variant's is distinct and weak,
    # since its bytes change with every copy.
    assert plain["ETag"] == strong_etag_of(plain.content)
    assert first["ETag"] == second["ETag"] == "W/" + plain["ETag"]


@pytest.mark.parametrize("headers", [GZIP, PLAIN], ids=["gzip", "plain"])
def test_a_miss_answers_if_none_match_with_304_and_no_body(guide, headers):
    first = Client().get(guide.url, **headers)
    again = Client().get(guide.url, HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert again.get(DEBUG_HEADER) != "hit"  # nothing is stored yet
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "accept-encoding" in vary(again)
    # A different ETag gets the page.
    other = Client().get(guide.url, HTTP_IF_NONE_MATCH='"something-else"', **headers)
    assert other.status_code == 200


# --- Hits ---------------------------------------------------------------------


def test_the_warmer_stores_a_compressed_copy_beside_the_plain_one(guide):
    warm_all()
    stored = stored_copy(guide)
    assert gzip.decompress(stored.gzip_body) == stored.body
    gzip_headers = dict(stored.gzip_headers)
    assert gzip_headers["Content-Encoding"] == "gzip"
    assert gzip_headers["Content-Length"] == str(len(stored.gzip_body))
    assert gzip_headers["ETag"] == "W/" + strong_etag_of(stored.body)
    # Varying on Accept-Encoding alone does not stop a page being stored.
    assert "accept-encoding" in vary(dict(stored.headers))


def test_a_hit_is_the_stored_compressed_copy_with_no_query_and_no_compressing(
    guide, django_assert_num_queries
):
    warm_all()
    stored = stored_copy(guide)
    with django_assert_num_queries(0):
        hits = [Client().get(guide.url, **GZIP) for _ in range(2)]
    for hit in hits:
        assert hit[DEBUG_HEADER] == "hit"
        assert SIGNS in assert_gzipped(hit)
        # Compressing again would have padded it differently.
        assert hit.content == stored.gzip_body


def test_a_hit_is_plain_for_a_client_that_does_not_accept_gzip(guide, django_assert_num_queries):
    warm_all()
    with django_assert_num_queries(0):
        hit = Client().get(guide.url, **PLAIN)
    assert hit[DEBUG_HEADER] == "hit"
    assert SIGNS in assert_plain(hit)
    assert hit.content == stored_copy(guide).body


@pytest.mark.parametrize("headers", [GZIP, PLAIN], ids=["gzip", "plain"])
def test_a_hit_has_the_headers_and_etag_of_a_miss(guide, headers, settings):
    settings.DEBUG = False
    miss = Client().get(guide.url, **headers)
    warm_all()
    hit = Client().get(guide.url, **headers)
    assert html_of(hit) == html_of(miss)
    # Only the padded length may differ; so a browser that saw a miss
    # revalidates against a hit.
    assert {k: v for k, v in hit.items() if k != "Content-Length"} == {
        k: v for k, v in miss.items() if k != "Content-Length"
    }
    assert hit["ETag"] == miss["ETag"]


@pytest.mark.parametrize("headers", [GZIP, PLAIN], ids=["gzip", "plain"])
def test_a_hit_answers_if_none_match_with_304_without_a_query(
    guide, headers, django_assert_num_queries
):
    warm_all()
    etag = Client().get(guide.url, **headers)["ETag"]
    with django_assert_num_queries(0):
        again = Client().get(guide.url, HTTP_IF_NONE_MATCH=etag, **headers)
    assert again[DEBUG_HEADER] == "hit"
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "accept-encoding" in vary(again)
    with django_assert_num_queries(0):
        stale = Client().get(guide.url, HTTP_IF_NONE_MATCH='"an-old-version"', **headers)
    assert stale.status_code == 200
    assert SIGNS in html_of(stale)


# --- Everything else that is HTML -----------------------------------------------


def test_error_pages_are_compressed(guide, settings):
    settings.DEBUG = False
    response = Client().get("/no-such-page/", **GZIP)
    assert response.status_code == 404
    assert "exit-this-page__button" in assert_gzipped(response)


def test_a_form_page_with_a_csrf_token_is_compressed_and_still_works(home_page):
    # A real form from an app (the teachers' feedback on a lesson pack).
    from schools.factories import LessonPackIndexPageFactory, LessonPackPageFactory

    index = LessonPackIndexPageFactory(parent=home_page, slug="lesson-packs")
    pack = LessonPackPageFactory(parent=index, title="Healthy relationships")
    browser = Client(enforce_csrf_checks=True, **GZIP)
    form = browser.get(pack.url + "feedback/")
    html = assert_gzipped(form)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    sent = browser.post(
        pack.url + "feedback/",
        {"rating": "4", "what_worked": "", "what_to_change": "", "csrfmiddlewaretoken": token},
    )
    assert sent.status_code == 302
    # Without the token, the CSRF failure page (compressed too) refuses it.
    refused = Client(enforce_csrf_checks=True, **GZIP).post(pack.url + "feedback/", {"rating": "4"})
    assert refused.status_code == 403
    assert "exit-this-page__button" in assert_gzipped(refused)


def test_the_sitemap_is_compressed(guide):
    # Enough of it that the compressed copy, with up to 100 bytes of padding,
    # is always the shorter (a copy that is not is sent plain, by design).
    for number in range(10):
        ContentPageFactory(parent=guide, title=f"Guide {number}", slug=f"guide-{number}")
    response = Client().get("/sitemap.xml", **GZIP)
    assert response.status_code == 200
    assert "/signs/" in assert_gzipped(response)


def test_the_admin_is_compressed_and_gets_no_etag(admin_client):
    response = admin_client.get("/admin/", **GZIP)
    assert response.status_code == 200
    assert_gzipped(response)
    assert "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_streamed_responses_are_sent_as_they_are(guide):
    # Files are mostly compressed formats already, and compressing a stream
    # would drop its Content-Length.
    def stream(page, request, serve_args, serve_kwargs):
        response = StreamingHttpResponse([b"x" * 5000], content_type="text/plain")
        response["Content-Length"] = "5000"
        return response

    with hooks.register_temporarily("on_serve_page", lambda serve: stream, order=200):
        response = Client().get(guide.url, **GZIP)
    assert "Content-Encoding" not in response
    assert response["Content-Length"] == "5000"
    assert b"".join(response.streaming_content) == b"x" * 5000


# --- Documents ------------------------------------------------------------------


def test_documents_answer_conditional_requests_and_are_sent_as_stored():
    pdf = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"
    document = DocumentFactory(file=ContentFile(pdf, name="leaflet.pdf"))
    document._set_document_file_metadata()  # as the upload form does
    document.save()
    response = Client().get(document.url, **GZIP)
    assert response.status_code == 200
    # Wagtail's serve view tags it with the file's hash ...
    assert response["ETag"] == f'"{document.file_hash}"'
    # ... and it streams the file untouched, with its length.
    assert response["Content-Length"] == str(len(pdf))
    assert response.get("Content-Encoding") != "gzip"
    assert b"".join(response.streaming_content) == pdf

    again = Client().get(document.url, HTTP_IF_NONE_MATCH=response["ETag"], **GZIP)
    assert again.status_code == 304
    assert again.content == b""
    since = Client().get(document.url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
