"""The child's withdrawal link: their work leaves the site everywhere, its
pictures leave storage, and they are told so in plain words."""

from django.core import signing
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client

from wagtail.images import get_image_model
from wagtail.log_actions import registry as log_registry

import pytest

from cocreation.models import (
    SafeguardingRecord,
    SubmissionImage,
    SubmissionLogEntry,
    SubmissionStatus,
)
from cocreation.services.publication import submission_make_resource
from home.models import NavigationSettings, SafetySettings
from home.page_cache import store, warming
from resources.factories import FormatFactory, ResourceIndexPageFactory

from .gallery import call_page, get_involved, published_submission

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_page_cache_state():
    store.forget_process_state()
    yield
    store.forget_process_state()


@pytest.fixture
def call(home_page):
    SafetySettings.for_site(home_page.get_site())
    NavigationSettings.for_site(home_page.get_site())
    return call_page(get_involved(home_page), title="Posters about trusted adults")


@pytest.fixture
def piece(call):
    return published_submission(
        call, title="Tell Nan", published_title="Tell Nan", published_text="Nan always listens."
    )


def commit():
    """Run what committing the test's transaction would run (see tests/home/test_page_cache.py)."""
    connection = connections[DEFAULT_DB_ALIAS]
    pending, connection.run_on_commit = connection.run_on_commit, []
    for _, callback, _ in pending:
        callback()


def test_the_link_asks_first_and_explains_in_plain_words(piece, client):
    response = client.get(piece.withdraw_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your work comes off the Clearsight website, everywhere it was shown." in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in html
    assert 'content="no-referrer"' not in html
    piece.refresh_from_db()
    assert piece.live and piece.status == SubmissionStatus.PUBLISHED  # a GET changes nothing


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.Signer(salt="cocreation.withdraw").sign("AAAA-AAAA"),  # no such submission
        "SIGNED-WITH-ANOTHER-SALT",
    ],
)
def test_a_bad_link_gets_a_kind_not_found_page(piece, client, token):
    if token == "SIGNED-WITH-ANOTHER-SALT":
        token = signing.Signer(salt="cocreation.consent").sign(piece.reference)
    response = client.post(f"/contribute/withdraw/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()
    piece.refresh_from_db()
    assert piece.live


def test_withdrawing_takes_the_work_down_everywhere_and_confirms(
    piece, call, home_page, admin_user
):
    FormatFactory(slug="guide")
    ResourceIndexPageFactory(parent=home_page, slug="resources")
    resource = submission_make_resource(submission=piece, user=admin_user)
    resource.get_latest_revision().publish()
    resource.refresh_from_db()
    assert resource.live
    reader = Client()
    assert "Nan always listens." in reader.get(call.url).content.decode()
    assert reader.get(resource.url).status_code == 200

    response = Client(enforce_csrf_checks=False).post(piece.withdraw_url())

    assert response.status_code == 200
    assert "Your work has been taken down" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    piece.refresh_from_db()
    resource.refresh_from_db()
    assert piece.status == SubmissionStatus.WITHDRAWN and not piece.live
    assert piece.published_title == "" and piece.published_text == ""
    assert piece.revisions.exists()
    for revision in piece.revisions.all():  # nor in any revision in the admin's history
        assert revision.content["published_title"] == revision.content["published_text"] == ""
    assert not resource.live
    html = reader.get(call.url).content.decode()
    assert "Nan always listens." not in html and "Tell Nan" not in html
    assert reader.get(f"/resources/{resource.slug}/").status_code == 404
    entry = SubmissionLogEntry.objects.filter(action="cocreation.withdrawn").get()
    assert entry.object_id == str(piece.pk)
    assert "cocreation.withdrawn" in dict(log_registry.get_choices())
    # Following the link again says the same, kindly.
    again = Client().get(piece.withdraw_url())
    assert "Your work has been taken down" in again.content.decode()


def test_the_pictures_and_every_rendition_leave_storage(piece, client):
    picture = piece.images.get()
    image = picture.published_image
    rendition = image.get_rendition("max-640x640")
    files = [picture.file.name, image.file.name, rendition.file.name]
    assert all(default_storage.exists(name) for name in files)

    client.post(piece.withdraw_url())

    assert [name for name in files if default_storage.exists(name)] == []
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    assert not SubmissionImage.objects.filter(submission=piece).exists()


def test_withdrawing_retires_the_cached_call_page(call):
    # No picture: the image library's own signals would retire the cache anyway.
    piece = published_submission(call, published_text="Nan always listens.", pictures=0)
    commit()
    report = warming.warm(store.bump_generation())
    assert f"{call.get_site().pk}{call.url}" in report.stored
    stored = store.read_stored_page(call.get_site().pk, "http", call.url)
    assert b"Nan always listens." in stored.body  # the gallery is cacheable
    generation = store.read_generation()

    Client().post(piece.withdraw_url())
    commit()

    assert store.read_generation() != generation
    html = Client().get(call.url).content.decode()
    assert "Nan always listens." not in html


def test_an_open_safeguarding_concern_keeps_the_original_but_the_work_leaves_the_site(
    piece, call, client
):
    SafeguardingRecord.objects.create(
        submission=piece, submission_reference=piece.reference, reason="A reviewer is worried."
    )
    picture = piece.images.get()
    library_file = picture.published_image.file.name

    response = client.post(piece.withdraw_url())

    assert "Your work has been taken down" in response.content.decode()  # the same words
    piece.refresh_from_db()
    assert not piece.live and piece.status == SubmissionStatus.WITHDRAWN
    assert piece.text and piece.title == "Tell Nan"  # the original, for the safeguarding lead
    picture.refresh_from_db()
    assert default_storage.exists(picture.file.name)
    assert picture.published_image is None and not default_storage.exists(library_file)
    assert "Nan always listens." not in Client().get(call.url).content.decode()
