"""Serving documents (home/documents.py): a correct conditional GET, the
headers Wagtail's view sends without its "Content-Encoding: None", and
``document_served`` only for a download."""

import hashlib
import os

from django.core.files.base import ContentFile
from django.test import Client
from django.utils.http import http_date

from wagtail.documents.models import document_served
from wagtail.models import Collection, CollectionViewRestriction

import pytest

from home.factories import DocumentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"
EXTRA = b"% another\n"


def sha1(content):
    return hashlib.sha1(content).hexdigest()  # noqa: S324 (Wagtail's file hash)


def document(name="leaflet.pdf", content=PDF, **values):
    return DocumentFactory(title=name, file=ContentFile(content, name=name), **values)


@pytest.fixture
def served():
    """The documents ``document_served`` was sent for, in order."""
    sent = []

    def receiver(sender, instance, request, **kwargs):
        sent.append(instance.pk)

    document_served.connect(receiver, dispatch_uid="test-documents-served")
    yield sent
    document_served.disconnect(dispatch_uid="test-documents-served")


def test_a_document_is_sent_with_its_hash_as_etag_and_no_content_encoding(served):
    doc = document()
    response = Client().get(doc.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["ETag"] == f'"{sha1(PDF)}"'
    mtime = int(os.stat(doc.file.path).st_mtime)
    assert response["Last-Modified"] == http_date(mtime)
    # Wagtail 8.0.1's view sends "Content-Encoding: None" here.
    assert "Content-Encoding" not in response
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    assert response["Content-Disposition"] == 'inline; filename="leaflet.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["Cache-Control"] == "no-cache"
    assert "Set-Cookie" not in response
    assert served == [doc.pk]


def test_other_types_are_attachments_with_their_own_type():
    doc = document("Année scolaire.csv", b"name,age\n")
    response = Client().get(doc.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Annee_scolaire.csv\"; filename*=UTF-8''Ann%C3%A9e_scolaire.csv"
    )
    assert "Content-Encoding" not in response


def test_a_document_stored_without_a_hash_gets_its_own_etag_and_keeps_it():
    first, second = document("a.pdf"), document("b.pdf", PDF + EXTRA)
    type(first).objects.filter(pk__in=[first.pk, second.pk]).update(file_hash="")
    client = Client()
    one, two = client.get(first.url), client.get(second.url)
    assert one["ETag"] == f'"{sha1(PDF)}"'
    assert two["ETag"] == f'"{sha1(PDF + EXTRA)}"'
    # Stored on the way, so the next request reads no file to make it.
    first.refresh_from_db()
    assert f'"{first.file_hash}"' == one["ETag"]
    # Wagtail's view gave both the ETag "", so holding one meant a 304 for the other.
    assert client.get(second.url, HTTP_IF_NONE_MATCH='""').status_code == 200
    assert client.get(second.url, HTTP_IF_NONE_MATCH=one["ETag"]).status_code == 200


def test_a_file_replaced_by_a_script_gets_a_new_etag():
    doc = document()
    old = Client().get(doc.url)["ETag"]
    doc.refresh_from_db()  # with the hash stored on the way
    assert f'"{doc.file_hash}"' == old
    doc.file = ContentFile(PDF + b"% revised\n", name="leaflet.pdf")
    doc.save()
    response = Client().get(doc.url, HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert response["ETag"] != old
    assert b"".join(response.streaming_content) == PDF + b"% revised\n"
    assert response["Content-Length"] == str(len(PDF + b"% revised\n"))


def test_not_modified_answers_carry_the_validators_and_are_not_downloads(served):
    doc = document()
    first = Client().get(doc.url)
    served.clear()
    for headers in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_NONE_MATCH": f'"other", {first["ETag"]}'},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        response = Client().get(doc.url, **headers)
        assert response.status_code == 304, headers
        assert response.content == b""
        assert response["ETag"] == first["ETag"]
        assert response["Last-Modified"] == first["Last-Modified"]
        assert response["Cache-Control"] == "no-cache"
        assert "Content-Encoding" not in response
        assert "Content-Disposition" not in response
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    stale = Client().get(
        doc.url, HTTP_IF_NONE_MATCH='"old"', HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert stale.status_code == 200
    assert served == [doc.pk]
    # A failed precondition sends nothing either.
    assert Client().get(doc.url, HTTP_IF_MATCH='"old"').status_code == 412
    assert served == [doc.pk]


def restricted_collection():
    collection = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def test_a_document_in_a_restricted_collection_is_private_and_kept_from_visitors(
    served, django_user_model
):
    doc = document("case-study.pdf", collection=restricted_collection())
    visitor = Client().get(doc.url)
    assert visitor.status_code == 302
    assert served == []
    client = Client()
    client.force_login(django_user_model.objects.create_user("reader", "r@example.org", "x"))
    response = client.get(doc.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert client.get(doc.url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert served == [doc.pk]


def test_a_missing_file_or_a_wrong_name_is_not_found(served):
    doc = document()
    assert Client().get(doc.url.replace("leaflet.pdf", "other.pdf")).status_code == 404
    doc.file.storage.delete(doc.file.name)
    assert Client().get(doc.url).status_code == 404
    assert served == []
