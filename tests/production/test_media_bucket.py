"""Media on an S3-compatible bucket: a real server (SeaweedFS), not a mock.

The settings are built by Clearsight's own settings module from the same
environment variables production reads, pointed at the server the session
started (tests/production/conftest.py).
"""

import io
import json
import runpy
import urllib.error
import urllib.request
import zipfile
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import pytest
from botocore.exceptions import ClientError
from bs4 import BeautifulSoup

from community.factories import CommunityLandingPageFactory, ToolkitPageFactory
from community.models import ToolkitDownload
from config.settings import base as base_settings
from home.factories import ContentPageFactory, DocumentFactory
from home.images import make_renditions
from schools.factories import (
    LessonPackFileFactory,
    LessonPackIndexPageFactory,
    LessonPackPageFactory,
    SchoolsLandingPageFactory,
)
from schools.models import PackBundle
from tests.community.toolkit_files import pdf_text, qr_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_bucket(s3_server, settings, monkeypatch):
    """Settings exactly as config.settings.base makes them for this bucket's environment."""
    for name, value in s3_server.environ().items():
        monkeypatch.setenv(name, value)
    profile = runpy.run_path(base_settings.__file__)
    assert profile["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": profile["STORAGES"]["default"]}
    settings.CONTENT_SECURITY_POLICY = profile["CONTENT_SECURITY_POLICY"]
    settings.ADMIN_CONTENT_SECURITY_POLICY = profile["ADMIN_CONTENT_SECURITY_POLICY"]
    return s3_server


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def policy(response):
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def is_in_bucket(server, key):
    try:
        server.client.head_object(Bucket=server.bucket, Key=key)
    except ClientError as error:
        if error.response["Error"]["Code"] in {"404", "NoSuchKey", "NotFound"}:
            return False
        raise
    return True


def test_an_image_is_uploaded_shown_served_and_deleted_in_the_bucket(
    media_bucket, home_page, client, django_capture_on_commit_callbacks
):
    # Upload: the original goes to the bucket, not to MEDIA_ROOT.
    image = get_image_model().objects.create(
        title="Poster", file=get_test_image_file(filename="poster.png")
    )
    assert is_in_bucket(media_bucket, image.file.name)

    # Render: a page showing it points at the bucket, and its policy allows that host.
    page = ContentPageFactory(
        parent=home_page,
        title="Posters made in Year 8",
        body=json.dumps(
            [
                {
                    "type": "image",
                    "value": {
                        "image": {
                            "image": image.pk,
                            "alt_text": "A poster with the Childline number",
                            "decorative": False,
                        },
                        "caption": "Made in Year 8",
                    },
                }
            ]
        ),
    )
    make_renditions(image, ["figure"])  # the worker's part (home/images.py)
    response = client.get(page.url)
    assert response.status_code == 200
    img = BeautifulSoup(response.content, "html.parser").select_one("figure img")
    assert img["alt"] == "A poster with the Childline number"
    src = img["src"]
    assert origin(src) == media_bucket.endpoint_url
    assert urlsplit(src).path.startswith(f"/{media_bucket.bucket}/images/")
    directives = policy(response)
    assert media_bucket.endpoint_url in directives["img-src"]
    assert media_bucket.endpoint_url in directives["media-src"]
    assert directives["script-src"] == ["'self'"]

    # Fetch: the server itself hands out the rendition the page names.
    with urllib.request.urlopen(src, timeout=10) as answer:
        assert answer.status == 200
        # The <img> fallback of a PNG original is a PNG (AVIF and WebP are <source>s).
        assert answer.headers["Content-Type"] == "image/png"
        assert answer.read(4) == b"\x89PNG"

    # Delete: the original and every rendition leave the bucket.
    rendition_key = unquote(urlsplit(src).path).removeprefix(f"/{media_bucket.bucket}/")
    assert is_in_bucket(media_bucket, rendition_key)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert not is_in_bucket(media_bucket, image.file.name)
    assert not is_in_bucket(media_bucket, rendition_key)
    assert status_of(src) == 404


def test_the_admin_can_show_thumbnails_from_the_bucket(media_bucket, admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert media_bucket.endpoint_url in policy(response)["img-src"]


def test_a_packs_zip_is_built_into_the_bucket_and_served_from_it(
    media_bucket, home_page, client, django_capture_on_commit_callbacks
):
    """The whole-pack ZIP on the real storage: built by the publish task into
    the bucket, under a name nobody can guess, and sent by Django from there
    (never a link to the bucket: the professional variant must stay private)."""
    landing = SchoolsLandingPageFactory(parent=home_page, slug="schools")
    index = LessonPackIndexPageFactory(parent=landing, slug="lesson-packs")
    pack = LessonPackPageFactory(parent=index, slug="healthy-friendships", title="Friendships")
    worksheet = DocumentFactory(
        title="Worksheet", file=ContentFile(b"Name: ______\n", name="worksheet.txt")
    )
    assert is_in_bucket(media_bucket, worksheet.file.name)
    LessonPackFileFactory(page=pack, document=worksheet, kind="worksheet")
    with django_capture_on_commit_callbacks(execute=True):
        pack.save_revision().publish()

    bundle = PackBundle.objects.get(page=pack, variant="public")
    assert bundle.file.name.startswith(f"packs/{pack.pk}/")
    assert is_in_bucket(media_bucket, bundle.file.name)

    response = client.get(pack.url + "download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    assert any(name.endswith("worksheet.txt") for name in names), names
    assert any(name.endswith(".pdf") for name in names), names
    assert PackBundle.objects.filter(page=pack).count() == 2  # public and professional, once
    # A reader who has it gets a 304, decided without reading the bucket.
    again = client.get(pack.url + "download/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_toolkits_poster_is_built_into_the_bucket_and_served_from_it(
    media_bucket, home_page, client, django_capture_on_commit_callbacks
):
    """The toolkit's printables on the real storage: built by the publish task
    into the bucket, served by the toolkit's own route (Django streams the file
    from the bucket), and gone from the bucket when the toolkit is republished."""
    landing = CommunityLandingPageFactory(parent=home_page, slug="community")
    toolkit = ToolkitPageFactory(
        parent=landing, slug="hotels", title="Hotels", poster_heading="Worried about a guest?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.save_revision().publish()

    downloads = list(ToolkitDownload.objects.filter(page=toolkit))
    assert len(downloads) == 5
    for download in downloads:
        assert download.file.name.startswith(f"toolkits/{toolkit.pk}/hotels-")
        assert is_in_bucket(media_bucket, download.file.name)

    response = client.get(toolkit.url + "downloads/poster-a4/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="hotels-poster-a4.pdf"'
    body = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(body)
    assert "Worried about a guest?" in pdf_text(body)
    assert qr_texts(body) == [toolkit.get_full_url()]

    toolkit.poster_heading = "Seen something at the front desk?"
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.save_revision().publish()
    for download in downloads:
        assert not is_in_bucket(media_bucket, download.file.name)
    response = client.get(toolkit.url + "downloads/poster-a4/")
    assert "Seen something at the front desk?" in pdf_text(b"".join(response.streaming_content))


def test_a_document_is_streamed_from_the_bucket_with_a_conditional_get(media_bucket, client):
    """Documents are sent by Django from the bucket (WAGTAILDOCS_SERVE_METHOD is
    serve_view: collection privacy applies), never a redirect to it; the ETag
    is the stored hash (the bucket's time would cost a request, so no
    Last-Modified), and a 304 sends nothing."""
    content = b"Name: ______\nDate: ______\n"
    worksheet = DocumentFactory(title="Worksheet", file=ContentFile(content, name="sheet.txt"))
    assert is_in_bucket(media_bucket, worksheet.file.name)
    response = client.get(worksheet.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["ETag"] == f'"{worksheet.file_hash}"' != '""'
    assert "Content-Encoding" not in response
    assert "Last-Modified" not in response
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Disposition"].startswith('attachment; filename="sheet')
    assert response["X-Content-Type-Options"] == "nosniff"
    again = client.get(worksheet.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]
