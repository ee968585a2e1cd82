"""The demo video: a captioned slideshow kept on this site, its recipe, and its page.

The MP4 and its WebVTT captions are committed in resources/demo_content/files/
and made by `manage.py make_demo_video`, which needs imageio-ffmpeg; the site
and these tests do not (only the last test uses it, when it is installed).
"""

import re
import sys
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

import pytest
from bs4 import BeautifulSoup

import resources
from home.content_checks import describe
from home.demo_content.loader import DemoContentLoader, read_yaml
from home.models import ClearsightDocument
from home.uploads import screen_document
from resources.management.commands import make_demo_video as recipe
from resources.models import ResourcePage
from tests.page_resources import is_own

DEMO = Path(resources.__file__).parent / "demo_content"
FILES = DEMO / "files"
VIDEO = FILES / recipe.VIDEO_NAME
CAPTIONS = FILES / recipe.CAPTIONS_NAME
PAGE_URL = "/resources/who-can-you-tell-video/"


def video_spec():
    (spec,) = read_yaml(DEMO / "pages" / "53-video.yaml")
    return spec


def video_block(spec):
    (block,) = [block["value"] for block in spec["body"] if block["type"] == "video"]
    return block


def mp4_boxes(data, start=0, end=None):
    """(type, payload) for each ISO media box between start and end."""
    position, end = start, len(data) if end is None else end
    while position + 8 <= end:
        size = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8].decode("latin-1")
        if size < 8:
            raise AssertionError(f"a box of {size} bytes at {position}")
        yield kind, data[position + 8 : position + size]
        position += size


def cue_texts(vtt):
    """The words of each cue, a cue's lines joined by a space."""
    blocks = vtt.strip().split("\n\n")[1:]
    return [" ".join(block.split("\n")[2:]) for block in blocks]


# --- The files and their recipe (no database) ---


def test_the_committed_captions_are_what_the_recipe_writes():
    assert CAPTIONS.read_text(encoding="utf-8") == recipe.captions_vtt()


def test_the_transcript_says_exactly_what_the_captions_say():
    block = video_block(video_spec())
    assert block["transcript"] == recipe.transcript()
    assert block["transcript"].split("\n\n") == cue_texts(CAPTIONS.read_text(encoding="utf-8"))


def test_the_captions_follow_the_slides_without_gaps_for_about_half_a_minute():
    times = re.findall(
        r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$",
        CAPTIONS.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    seconds = [
        (int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000)
        for cue in times
        for h, m, s, ms in (cue[:4], cue[4:])
    ]
    starts, ends = seconds[0::2], seconds[1::2]
    assert 6 <= len(starts) == len(recipe.SLIDES) <= 8
    assert starts[0] == 0 and starts[1:] == ends[:-1]
    assert 28 <= ends[-1] <= 36
    # Long enough to read at 8 to 10: about two and a half words a second at most.
    for (_slug, slide_seconds, words), start, end in zip(recipe.SLIDES, starts, ends, strict=True):
        assert end - start == slide_seconds
        assert len(words.split()) <= 2.5 * slide_seconds, words


def test_the_video_is_a_small_silent_mp4_of_the_same_length_that_passes_the_upload_checks():
    data = VIDEO.read_bytes()
    assert len(data) < 150 * 1024
    for path in (VIDEO, CAPTIONS):
        upload = ContentFile(path.read_bytes(), name=path.name)
        assert screen_document(upload) is upload

    boxes = dict(mp4_boxes(data))
    assert boxes["ftyp"][:4] == b"isom"
    assert list(boxes)[:2] == ["ftyp", "moov"]  # fast start: playback begins at once
    moov = boxes["moov"]
    header = dict(mp4_boxes(moov))["mvhd"]
    timescale = int.from_bytes(header[12:16], "big")
    duration = int.from_bytes(header[16:20], "big")
    assert duration / timescale == sum(seconds for _slug, seconds, _words in recipe.SLIDES)
    tracks = [payload for kind, payload in mp4_boxes(moov) if kind == "trak"]
    handlers = []
    for track in tracks:
        media = dict(mp4_boxes(track))["mdia"]
        handlers.append(dict(mp4_boxes(media))["hdlr"][8:12])
    assert handlers == [b"vide"]  # one picture track, no sound: the captions carry the words


def test_the_recipe_needs_ffmpeg_only_when_it_runs_and_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # as if it were not installed
    with pytest.raises(CommandError) as caught:
        call_command("make_demo_video", output=tmp_path)
    assert str(caught.value) == (
        "This command needs ffmpeg from the imageio-ffmpeg package, which the site itself "
        "does not use. Install it with: .venv/bin/pip install imageio-ffmpeg==0.8.1"
    )


# --- The page ---


@pytest.mark.django_db
def test_the_video_page_plays_the_video_kept_on_this_site_with_captions(demo_site, client):
    page = ResourcePage.objects.live().get(url_path__endswith="/who-can-you-tell-video/")
    assert page.format.slug == "video"
    assert [band.slug for band in page.age_bands.all()] == ["8-10"]
    assert describe(page) == []
    page.body.stream_block.clean(page.body)  # captions or a transcript, a file or a link
    assert page.body[-1].block_type == "trusted_adult"

    response = client.get(PAGE_URL)
    assert response.status_code == 200
    assert "media-src 'self'" in response["Content-Security-Policy"]
    soup = BeautifulSoup(response.content, "html.parser")
    (video,) = soup.find_all("video")
    sources = [video["src"]] if video.get("src") else []
    sources += [source["src"] for source in video.find_all("source")]
    (track,) = video.find_all("track")
    assert track["kind"] == "captions"
    assert track["srclang"] == settings.LANGUAGE_CODE  # British English captions
    base = f"http://{response.wsgi_request.get_host()}{PAGE_URL}"
    assert sources and all(is_own(url, base) for url in sources + [track["src"]])
    assert "You can call Childline on 0800 1111. It is free." in soup.get_text()

    served = {}
    for url in [*sources, track["src"]]:
        file = client.get(url)
        assert file.status_code == 200, url
        served[file["Content-Type"]] = b"".join(file.streaming_content)
    assert served == {"video/mp4": VIDEO.read_bytes(), "text/vtt": CAPTIONS.read_bytes()}


@pytest.mark.django_db
def test_loading_the_video_again_stores_nothing_new(demo_site):
    documents = ClearsightDocument.objects.count()
    report = DemoContentLoader().load()
    assert not report.changed
    assert {"document:" + recipe.VIDEO_NAME, "document:" + recipe.CAPTIONS_NAME} <= set(
        report.unchanged
    )
    assert ClearsightDocument.objects.count() == documents


# Making the files again byte for byte needs imageio-ffmpeg, which is not a
# dependency of the site: `manage.py make_demo_video --check` does it (README).
