"""Publishing a contribution: the gallery, the image library, the safe byline,
the email to a parent or group leader, and a resource made from it."""

import io

from django.core import mail
from django.core.files.storage import default_storage

from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image

from cocreation.factories import GroupCodeFactory
from cocreation.models import CallOutcome, SubmissionStatus
from cocreation.services.moderation import WrongState
from cocreation.services.publication import (
    PUBLISHED_IMAGE_CREDIT,
    YOUNG_PEOPLES_COLLECTION,
    safe_byline,
    submission_make_resource,
)
from home.factories import AudienceFactory, TopicFactory
from resources.factories import FormatFactory, ResourceIndexPageFactory
from resources.models import MadeBy, ResourcePage
from tests.home import media_samples as samples

from .gallery import area, band, call_page, get_involved, publish, sent_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(home_page):
    return call_page(get_involved(home_page), title="Posters about trusted adults")


# --- The safe byline ------------------------------------------------------------


def test_the_byline_holds_the_name_age_band_and_area_and_nothing_else(call):
    submission = sent_submission(call, name="Amira", area_name="Bradford", pictures=0)
    submission.details.parent_email = "parent@example.org"
    submission.details.save()
    byline = safe_byline(submission)
    assert byline == {"name": "Amira", "age_band": band("11-13"), "area": area("Bradford")}


def test_without_byline_consent_the_byline_is_the_age_band_only(call):
    submission = sent_submission(call, consent_to_byline=False, pictures=0)
    assert safe_byline(submission) == {"name": "", "age_band": band("11-13"), "area": None}


def test_a_name_that_could_hold_a_surname_is_left_out(call):
    submission = sent_submission(call, name="Amira Khan", pictures=0)
    assert safe_byline(submission)["name"] == ""
    assert safe_byline(submission)["area"] == area("Bradford")


def test_the_call_page_shows_the_byline_and_no_other_detail(call, client):
    submission = sent_submission(
        call, name="Amira", parent_email="parent@example.org", pictures=0, title="Tell Nan"
    )
    publish(submission)
    html = client.get(call.url).content.decode()
    assert "By Amira, ages 11 to 13, Bradford" in html
    assert "parent@example.org" not in html
    assert submission.reference not in html


def test_without_byline_consent_the_page_shows_only_the_age_band(call, client):
    publish(sent_submission(call, name="Amira", consent_to_byline=False, pictures=0))
    html = client.get(call.url).content.decode()
    assert "By a young person, ages 11 to 13</span>" in html
    assert "Amira" not in html
    assert "Bradford" not in html


# --- Pictures into the image library ---------------------------------------------


def assert_no_metadata(data):
    for marker in samples.METADATA_MARKERS:
        assert marker not in data, marker
    picture = Image.open(io.BytesIO(data))
    exif = picture.getexif()
    assert not exif, dict(exif)
    assert not exif.get_ifd(0x8825)  # GPS
    assert "exif" not in picture.info and "xmp" not in picture.info


def test_published_pictures_go_into_the_library_without_metadata(call):
    submission = publish(sent_submission(call, pictures=2))
    assert submission.status == SubmissionStatus.PUBLISHED and submission.live
    pictures = list(submission.images.all())
    images = [picture.published_image for picture in pictures]
    assert all(images)
    assert {image.collection.name for image in images} == {YOUNG_PEOPLES_COLLECTION}
    assert {image.credit for image in images} == {PUBLISHED_IMAGE_CREDIT}
    assert images[0].description == pictures[0].alt_text
    for image in images:
        rendition = image.get_rendition("max-640x640")
        for stored in (image.file.name, rendition.file.name):
            assert default_storage.exists(stored)
            with default_storage.open(stored, "rb") as handle:
                assert_no_metadata(handle.read())


def test_only_pictures_marked_for_publication_are_published(call):
    submission = sent_submission(call, pictures=2)
    kept_back = submission.images.last()
    kept_back.publish = False
    kept_back.save()
    publish(submission)
    kept_back.refresh_from_db()
    assert kept_back.published_image is None
    assert get_image_model().objects.count() == 1


def test_publishing_twice_makes_one_library_image_per_picture(call):
    submission = publish(sent_submission(call, pictures=1))
    publish(submission)
    assert get_image_model().objects.count() == 1
    assert Collection.objects.filter(name=YOUNG_PEOPLES_COLLECTION).count() == 1


# --- Telling a parent, carer or group leader -------------------------------------


def test_the_parent_is_emailed_with_the_link_when_the_work_is_published(
    call, django_capture_on_commit_callbacks
):
    submission = sent_submission(call, parent_email="parent@example.org", pictures=0)
    with django_capture_on_commit_callbacks(execute=True):
        publish(submission)
    assert [message.to for message in mail.outbox] == [["parent@example.org"]]
    assert call.get_full_url() in mail.outbox[0].body
    assert submission.reference in mail.outbox[0].body
    assert submission.text not in mail.outbox[0].body


def test_the_group_leader_is_emailed_for_a_group_submission(
    call, django_capture_on_commit_callbacks
):
    code = GroupCodeFactory(call=call, leader_email="leader@example.org")
    submission = sent_submission(call, group_code=code, pictures=0)
    with django_capture_on_commit_callbacks(execute=True):
        publish(submission)
    assert [message.to for message in mail.outbox] == [["leader@example.org"]]


def test_nobody_is_emailed_when_no_email_is_held(call, django_capture_on_commit_callbacks):
    submission = sent_submission(call, parent_email="", pictures=0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(submission)
    assert mail.outbox == []
    assert submission.status == SubmissionStatus.PUBLISHED
    assert callbacks is not None


def test_the_email_waits_for_the_commit(call):
    submission = sent_submission(call, parent_email="parent@example.org", pictures=0)
    publish(submission)  # the test's transaction never commits
    assert mail.outbox == []


# --- A resource from a submission ---------------------------------------------------


@pytest.fixture
def library(home_page):
    FormatFactory(slug="guide", name="Guide")
    FormatFactory(slug="poster", name="Poster")
    return ResourceIndexPageFactory(parent=home_page, slug="resources")


def test_make_resource_creates_a_draft_with_the_safe_credit(call, library, admin_user):
    call.age_bands.set([band("8-10"), band("11-13")])
    call.topics.set([TopicFactory(slug="trusted-adults")])
    call.audiences.set([AudienceFactory(slug="young-people")])
    call.save()
    submission = sent_submission(
        call, parent_email="parent@example.org", pictures=1, published_text="Tell Nan.\n\nOr Dad."
    )
    publish(submission)
    resource = submission_make_resource(submission=submission, user=admin_user)
    resource = ResourcePage.objects.get(pk=resource.pk)
    assert not resource.live
    assert resource.get_parent().pk == library.pk
    assert resource.made_by == MadeBy.YOUNG_PEOPLE and resource.co_created
    assert resource.title == submission.published_title
    assert [block.block_type for block in resource.body] == ["paragraph", "paragraph", "image"]
    assert resource.body[2].value["image"].pk == submission.images.get().published_image_id
    assert len(resource.credits) == 1
    credit = resource.credits[0].value
    assert dict(credit) == {"name": "Amira", "age_band": band("11-13"), "area": area("Bradford")}
    assert set(resource.age_bands.values_list("slug", flat=True)) == {"8-10", "11-13"}
    assert list(resource.topics.values_list("slug", flat=True)) == ["trusted-adults"]
    assert list(resource.audiences.values_list("slug", flat=True)) == ["young-people"]
    submission.refresh_from_db()
    assert submission.resource_id == resource.pk
    assert "parent@example.org" not in str(resource.body.get_prep_value())


def test_without_byline_consent_the_resource_credits_no_one(call, library, admin_user):
    submission = publish(sent_submission(call, consent_to_byline=False, pictures=0))
    resource = submission_make_resource(submission=submission, user=admin_user)
    assert len(resource.credits) == 0
    assert "Amira" not in str(resource.specific.get_latest_revision_as_object().credits)


def test_only_published_work_becomes_a_resource(call, library, admin_user):
    submission = sent_submission(call, pictures=0)
    with pytest.raises(WrongState):
        submission_make_resource(submission=submission, user=admin_user)


def test_publishing_the_resource_lists_it_in_what_we_made(call, library, admin_user, client):
    submission = publish(sent_submission(call, pictures=0))
    resource = submission_make_resource(submission=submission, user=admin_user)
    assert not CallOutcome.objects.filter(call=call).exists()
    resource.get_latest_revision().publish()
    assert list(CallOutcome.objects.filter(call=call).values_list("resource_id", flat=True)) == [
        resource.pk
    ]


def test_the_admin_button_makes_a_draft_resource(call, library, admin_client):
    submission = publish(sent_submission(call, pictures=0))
    url = f"/admin/cocreation/submissions/{submission.pk}/make-resource/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    submission.refresh_from_db()
    assert submission.resource_id is not None
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{submission.resource_id}/edit/"


def test_the_submissions_listing_offers_the_button_for_published_work_only(
    call, library, admin_client
):
    published = publish(sent_submission(call, pictures=0))
    waiting = sent_submission(call, pictures=0)
    html = admin_client.get("/admin/snippets/cocreation/submission/").content.decode()
    assert f"/admin/cocreation/submissions/{published.pk}/make-resource/" in html
    assert waiting.reference in html  # listed, but not yet published: no button
    assert f"/admin/cocreation/submissions/{waiting.pk}/make-resource/" not in html


# --- The home page's featured work ------------------------------------------------------


def test_a_resource_made_from_a_submission_is_featured_on_the_home_page(
    call, home_page, admin_user, client, settings
):
    from tests.materials import build_library

    settings.PAGE_CACHE_SECONDS = 0
    tree = build_library(home_page)
    FormatFactory(slug="guide")
    submission = publish(sent_submission(call, published_title="Five people I can tell"))
    resource = submission_make_resource(submission=submission, user=admin_user, parent=tree.library)
    html = client.get("/").content.decode()
    assert "Five people I can tell" not in html  # a draft is never featured
    resource.get_latest_revision().publish()
    featured = client.get("/").content.decode().split('aria-labelledby="featured-title"')[1]
    assert "Five people I can tell" in featured.split("</section>")[0]
