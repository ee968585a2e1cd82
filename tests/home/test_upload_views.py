"""Every Wagtail upload screen an editor can use runs the same screening.

Each test posts through the real admin view, signed in, and then reads back
what was stored: the original and a JPEG rendition the public pages would use.
"""

import hashlib
import io

from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

import pytest
from PIL import Image

from home.models import ClearsightDocument, ClearsightImage

from . import media_samples as samples
from .test_uploads import BOMB_11000, MACROS, NOT_A_PICTURE, assert_bare_jpeg, assert_upright

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_collection():
    return Collection.get_first_root_node()


def stored_bytes(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def assert_stored_clean_and_upright(image):
    original = stored_bytes(image.file)
    assert_bare_jpeg(original)
    assert_upright(original)
    # What Wagtail recorded matches the file it stored, not the one uploaded.
    assert (image.width, image.height) == (32, 64)
    assert image.file_size == len(original)
    assert image.file_hash == hashlib.sha1(original).hexdigest()  # noqa: S324 - Wagtail's hash

    rendition = image.get_rendition("width-20|format-jpeg")
    public_copy = stored_bytes(rendition.file)
    assert_bare_jpeg(public_copy)
    assert Image.open(io.BytesIO(public_copy)).size == (20, 40)


def image_form_data(root_collection, prefix="", **values):
    data = {
        "title": "Our poster",
        "description": "",
        "credit": "",
        "licence": "own-work",
        "collection": root_collection.pk,
        "tags": "",
        **values,
    }
    return {f"{prefix}{key}": value for key, value in data.items()}


# --- Images ---


def test_the_image_models_are_the_sites_own():
    assert get_image_model() is ClearsightImage
    assert get_document_model() is ClearsightDocument


def test_add_image_stores_a_clean_upright_original(admin_client, root_collection):
    upload = samples.upload("holiday.jpg", samples.camera_jpeg(), "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add"), {**image_form_data(root_collection), "file": upload}
    )
    assert response.status_code == 302, response.context["form"].errors
    image = ClearsightImage.objects.get()
    assert image.licence == "own-work"
    assert_stored_clean_and_upright(image)


@pytest.mark.parametrize(
    "kept_in", ["memory", "a temporary file"], ids=["in-memory upload", "temporary-file upload"]
)
def test_multiple_upload_never_stores_the_original_even_while_details_are_missing(
    admin_client, root_collection, settings, kept_in
):
    # The multiple uploader only sends a title and collection, so the required
    # licence is missing: Wagtail keeps the upload aside (UploadedFile) and asks
    # for the details. What it keeps aside must already be clean, whether Django
    # held the upload in memory or in a temporary file.
    if kept_in == "a temporary file":
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    upload = samples.upload("holiday.jpg", samples.camera_jpeg(), "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"title": "Holiday", "collection": root_collection.pk, "files[]": upload},
    )
    payload = response.json()
    assert payload["success"] is True
    kept_aside = UploadedFile.objects.get(pk=payload["uploaded_file_id"])
    assert_bare_jpeg(stored_bytes(kept_aside.file))

    response = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=[kept_aside.pk]),
        image_form_data(
            root_collection,
            prefix=f"uploaded-image-{kept_aside.pk}-",
            licence="cc-by-4.0",
            credit="Sam",
        ),
    )
    assert response.json()["success"] is True
    image = ClearsightImage.objects.get()
    assert (image.licence, image.credit) == ("cc-by-4.0", "Sam")
    assert_stored_clean_and_upright(image)


def test_chooser_upload_stores_a_clean_upright_original(admin_client, root_collection):
    upload = samples.upload("holiday.jpg", samples.camera_jpeg(), "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            **image_form_data(root_collection, prefix="image-chooser-upload-"),
            "image-chooser-upload-file": upload,
        },
    )
    assert response.json()["step"] == "chosen"
    assert_stored_clean_and_upright(ClearsightImage.objects.get())


def test_replacing_an_images_file_is_screened_too(admin_client, root_collection):
    first = samples.upload("first.jpg", samples.camera_jpeg(orientation=1), "image/jpeg")
    admin_client.post(
        reverse("wagtailimages:add"), {**image_form_data(root_collection), "file": first}
    )
    image = ClearsightImage.objects.get()
    replacement = samples.upload("second.jpg", samples.camera_jpeg(), "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {**image_form_data(root_collection), "file": replacement},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert_stored_clean_and_upright(image)


def test_the_add_image_form_refuses_a_disguised_file_with_the_message(
    admin_client, root_collection
):
    upload = samples.upload("photo.jpg", b"<svg onload=alert(1)></svg>", "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add"), {**image_form_data(root_collection), "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [NOT_A_PICTURE]
    assert NOT_A_PICTURE in response.text
    assert not ClearsightImage.objects.exists()


def test_the_multiple_uploader_refuses_a_bomb_with_the_message(admin_client, root_collection):
    upload = samples.upload("bomb.png", samples.png_bomb(real_pixels=False), "image/png")
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {"title": "Bomb", "collection": root_collection.pk, "files[]": upload},
    )
    assert response.json() == {"success": False, "error_message": BOMB_11000}
    assert not UploadedFile.objects.exists()
    assert not ClearsightImage.objects.exists()


def test_the_chooser_refuses_a_file_that_is_too_big(admin_client, root_collection, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    upload = samples.upload("big.jpg", samples.camera_jpeg(size=(400, 300)), "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            **image_form_data(root_collection, prefix="image-chooser-upload-"),
            "image-chooser-upload-file": upload,
        },
    )
    assert response.json()["step"] == "reshow_creation_form"
    assert "This picture is too big" in response.json()["htmlFragment"]
    assert not ClearsightImage.objects.exists()


def test_a_picture_that_grows_a_little_when_re_encoded_is_not_refused(
    admin_client, root_collection, settings
):
    data = samples.optimised_jpeg()
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(data)  # exactly at the limit
    upload = samples.upload("noise.jpg", data, "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add"), {**image_form_data(root_collection), "file": upload}
    )
    assert response.status_code == 302, response.context["form"].errors
    assert ClearsightImage.objects.get().file_size > len(data)


def test_the_image_form_asks_for_credit_and_licence(admin_client):
    response = admin_client.get(reverse("wagtailimages:add"))
    form = response.context["form"]
    assert list(form.fields)[:5] == ["title", "file", "description", "credit", "licence"]
    assert form.fields["licence"].required
    assert [label for _value, label in form.fields["licence"].choices][1:] == [
        "Own work (made by or for Clearsight)",
        "CC BY 4.0",
        "CC BY-SA 4.0",
        "CC0 (no rights reserved)",
        "OpenMoji CC BY-SA 4.0",
        "Used with permission",
    ]
    assert 'name="credit"' in response.text
    assert 'name="licence"' in response.text


def test_a_licence_that_needs_a_credit_cannot_be_saved_without_one(admin_client, root_collection):
    upload = samples.upload("holiday.jpg", samples.camera_jpeg(), "image/jpeg")
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {**image_form_data(root_collection, licence="cc-by-sa-4.0"), "file": upload},
    )
    assert response.context["form"].errors["credit"] == [
        "CC BY-SA 4.0 needs a credit. Please say who made this picture."
    ]


# --- Documents ---


def document_form_data(root_collection, prefix="", **values):
    data = {"title": "Lesson pack", "collection": root_collection.pk, "tags": "", **values}
    return {f"{prefix}{key}": value for key, value in data.items()}


def test_add_document_accepts_a_real_pdf_and_records_its_type_and_size(
    admin_client, root_collection
):
    upload = samples.upload("lesson-pack.pdf", samples.MINIMAL_PDF, "application/pdf")
    response = admin_client.post(
        reverse("wagtaildocs:add"), {**document_form_data(root_collection), "file": upload}
    )
    assert response.status_code == 302
    document = ClearsightDocument.objects.get()
    assert stored_bytes(document.file) == samples.MINIMAL_PDF
    assert document.file_size == len(samples.MINIMAL_PDF)
    assert document.download_summary == "PDF, 1 KB"


def test_add_document_refuses_a_docx_holding_macros(admin_client, root_collection):
    upload = samples.upload("plan.docx", samples.docx(macros=True))
    response = admin_client.post(
        reverse("wagtaildocs:add"), {**document_form_data(root_collection), "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [MACROS]
    assert not ClearsightDocument.objects.exists()


def test_multiple_document_upload_refuses_an_exe_named_pdf(admin_client, root_collection):
    upload = samples.upload("invoice.pdf", samples.WINDOWS_EXE, "application/pdf")
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"title": "Invoice", "collection": root_collection.pk, "files[]": upload},
    )
    assert response.json() == {
        "success": False,
        "error_message": "The name of this file ends in .pdf (PDF), but what is inside is not "
        "that kind of file. Please save it again in that format and upload the copy.",
    }
    assert not ClearsightDocument.objects.exists()


def test_multiple_document_upload_accepts_a_real_docx(admin_client, root_collection):
    upload = samples.upload("plan.docx", samples.docx())
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"title": "Plan", "collection": root_collection.pk, "files[]": upload},
    )
    assert response.json()["success"] is True
    assert ClearsightDocument.objects.get().document_type == "Word document"


def test_document_chooser_upload_is_screened(admin_client, root_collection):
    url = reverse("wagtaildocs_chooser:create")
    refused = admin_client.post(
        url,
        {
            **document_form_data(root_collection, prefix="document-chooser-upload-"),
            "document-chooser-upload-file": samples.upload("names.csv", b"a\x00b"),
        },
    )
    assert refused.json()["step"] == "reshow_creation_form"
    assert "This text file is not plain UTF-8 text." in refused.json()["htmlFragment"]
    assert not ClearsightDocument.objects.exists()

    accepted = admin_client.post(
        url,
        {
            **document_form_data(root_collection, prefix="document-chooser-upload-"),
            "document-chooser-upload-file": samples.upload("names.csv", b"name\nSam\n"),
        },
    )
    assert accepted.json()["step"] == "chosen"
    assert ClearsightDocument.objects.get().download_summary == "CSV spreadsheet, 1 KB"


# --- Video and captions ---


@pytest.mark.parametrize(
    ("name", "data", "label", "content_type"),
    [
        ("film.mp4", samples.MP4_HEADER, "MP4 video", "video/mp4"),
        ("film.webm", samples.WEBM_HEADER, "WebM video", "video/webm"),
        ("captions.vtt", samples.CAPTIONS, "WebVTT captions", "text/vtt"),
    ],
)
def test_a_video_or_captions_file_is_accepted_and_served_as_its_type(
    admin_client, client, root_collection, name, data, label, content_type
):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {**document_form_data(root_collection), "file": samples.upload(name, data)},
    )
    assert response.status_code == 302
    document = ClearsightDocument.objects.get()
    assert stored_bytes(document.file) == data
    assert document.document_type == label

    served = client.get(document.url)
    assert served.status_code == 200
    assert served["Content-Type"] == content_type
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == data


def test_multiple_document_upload_refuses_a_pdf_named_mp4(admin_client, root_collection):
    upload = samples.upload("film.mp4", samples.MINIMAL_PDF, "video/mp4")
    response = admin_client.post(
        reverse("wagtaildocs:add_multiple"),
        {"title": "Film", "collection": root_collection.pk, "files[]": upload},
    )
    assert response.json() == {
        "success": False,
        "error_message": "The name of this file ends in .mp4 (MP4 video), but what is inside is "
        "not that kind of file. Please save it again in that format and upload the copy.",
    }
    assert not ClearsightDocument.objects.exists()


def test_add_document_refuses_captions_holding_a_script(admin_client, root_collection):
    upload = samples.upload("captions.vtt", b"WEBVTT\n\n<script>alert(1)</script>\n")
    response = admin_client.post(
        reverse("wagtaildocs:add"), {**document_form_data(root_collection), "file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This captions file contains web page code (<script>). Captions may hold only words, "
        "times and WebVTT's own tags such as <i> and <b>. Please remove the code and upload it "
        "again."
    ]
    assert not ClearsightDocument.objects.exists()
