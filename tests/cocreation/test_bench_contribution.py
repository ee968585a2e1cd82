"""`manage.py bench_contribution`: what it prints, and that it leaves nothing behind."""

import io
import re

from django.core.management import call_command

import pytest
from PIL import Image

from cocreation.management.commands.bench_contribution import photographic_jpeg
from cocreation.models import SafeguardingRecord, ScreeningSettings, Submission, SubmissionImage
from home.models import AgeBand

pytestmark = pytest.mark.django_db


def test_it_prints_each_run_and_the_verdict_and_leaves_nothing_behind(media_root):
    out = io.StringIO()
    call_command("bench_contribution", "--runs", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert re.fullmatch(
        r"A 12-megapixel photo \(4000 x 3000, \d+\.\d MB JPEG with EXIF and GPS\) and "
        r"3,000 characters of text, 1 run:",
        lines[0],
    ), lines[0]
    assert re.fullmatch(
        r"run 1: \d+ ms \(picture \d+ ms, storing \d+ ms, text \d+ ms\)", lines[1]
    ), lines[1]
    assert re.fullmatch(r"median \d+ ms, max \d+ ms: (NOT )?under one second\.", lines[2]), lines[2]
    assert len(lines) == 3
    # Everything it made was rolled back or deleted.
    assert not Submission.objects.exists()
    assert not SubmissionImage.objects.exists()
    assert not SafeguardingRecord.objects.exists()
    assert not AgeBand.objects.filter(slug="benchmark-ages").exists()
    assert not ScreeningSettings.objects.exists()
    assert [path for path in media_root.rglob("*") if path.is_file()] == []


def test_the_photo_is_a_realistic_12_megapixel_phone_jpeg_within_the_upload_limit(settings):
    data = photographic_jpeg()
    picture = Image.open(io.BytesIO(data))
    assert (picture.format, picture.size) == ("JPEG", (4000, 3000))
    assert picture.getexif().get_ifd(0x8825)  # GPS
    # Not trivially compressible, yet under the 5 MB a child may upload.
    assert 2_000_000 < len(data) <= settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
