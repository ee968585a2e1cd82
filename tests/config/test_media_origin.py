"""The media host that joins the CSP is the host django-storages writes into media URLs."""

from urllib.parse import urlsplit

import pytest
from storages.backends.s3 import S3Storage

from config.settings.base import s3_media_origin

BUCKETS = [
    # An S3-compatible service by its endpoint (SeaweedFS, MinIO, Ceph…): path style.
    {"endpoint_url": "https://objects.example.net", "region_name": "fr-par"},
    # The same service answering on the bucket's own host name.
    {"endpoint_url": "https://objects.example.net", "addressing_style": "virtual"},
    # Amazon S3 itself, where botocore chooses the host.
    {"region_name": "eu-west-2"},
    {"region_name": "eu-west-2", "addressing_style": "path"},
    # A CDN or custom domain in front of the bucket.
    {"custom_domain": "media.example.org", "url_protocol": "http:"},
    # Public objects: URLs without a signature.
    {"region_name": "eu-west-2", "querystring_auth": False},
]


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.mark.parametrize(
    "options", BUCKETS, ids=lambda options: "-".join(map(str, options.values()))
)
def test_the_policy_names_the_host_of_every_media_url(options):
    options = {"bucket_name": "clearsight-media", **options}
    # Signed URLs (the default) come from a signing client, which may choose
    # another host than the unsigned one the settings ask.
    storage = S3Storage(**options, access_key="clearsight", secret_key="not-a-real-secret")
    url = storage.url("original_images/poster.jpg")
    assert s3_media_origin(options) == origin(url)
