"""One request's files never take more than MAX_REQUEST_UPLOAD_BYTES; the
fields around them are still read."""

from django.conf import settings
from django.test import RequestFactory
from django.test.client import encode_multipart

import pytest

from cocreation.forms import max_request_bytes
from home.uploads.images import max_upload_bytes


def multipart_request(**data):
    boundary = "BoUnDaRy"
    body = encode_multipart(boundary, data)
    return RequestFactory().post(
        "/", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def upload(name, size):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"x" * size, content_type="application/octet-stream")


def test_files_past_the_ceiling_are_read_but_never_stored(settings):
    settings.MAX_REQUEST_UPLOAD_BYTES = 200_000
    request = multipart_request(
        title="My poster",
        first=upload("first.jpg", 150_000),
        second=upload("second.jpg", 500_000),
        text="Typed after the files, and kept.",
    )
    assert request.FILES["first"].size == 150_000
    assert request.FILES["second"].size <= 200_000 - 150_000  # cut short, not 500 kB
    assert request.POST["title"] == "My poster"
    assert request.POST["text"] == "Typed after the files, and kept."


def test_a_request_under_the_ceiling_is_untouched(settings):
    settings.MAX_REQUEST_UPLOAD_BYTES = 200_000
    request = multipart_request(picture=upload("drawing.jpg", 199_000))
    assert request.FILES["picture"].size == 199_000


@pytest.mark.parametrize(
    "per_file_or_form",
    [
        pytest.param(lambda: settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, id="a document"),
        pytest.param(lambda: max_upload_bytes(), id="a picture"),
        pytest.param(lambda: max_request_bytes(), id="a child's whole form"),
    ],
)
def test_the_ceiling_stays_above_every_limit_it_protects(per_file_or_form):
    # A file cut short at the ceiling must still be too big for its own check.
    assert per_file_or_form() < settings.MAX_REQUEST_UPLOAD_BYTES
