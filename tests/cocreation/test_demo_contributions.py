"""The demo's calls: two open, one closed with what we made and published work."""

from django.test import Client

import pytest

from cocreation.models import CallForContributionsPage, Submission, SubmissionStatus
from cocreation.selectors import calls_for_listing
from home.demo_content.loader import DemoContentLoader

pytestmark = pytest.mark.django_db


def test_two_open_calls_and_a_closed_one_with_its_gallery_and_what_we_made(demo_site):
    landing = CallForContributionsPage.objects.first().get_parent().specific
    listing = calls_for_listing(parent=landing, site=demo_site)
    assert len(listing.open) == 2
    assert any(band.slug == "14-17" for call in listing.open for band in call.age_bands.all())
    [closed] = listing.closed
    assert closed.title == "Posters about trusted adults"

    pieces = Submission.objects.filter(call=closed)
    assert pieces.count() == 3
    assert all(piece.live and piece.status == SubmissionStatus.PUBLISHED for piece in pieces)
    # Published through the real service: the pictures are in the image library.
    assert all(picture.published_image_id for piece in pieces for picture in piece.images.all())

    html = Client().get(closed.url).content.decode()
    assert "By Amira, ages 11 to 13, Leeds" in html
    assert "By Kai, ages 8 to 10, Cardiff" in html
    assert "By a young person, ages 11 to 13</span>" in html  # no byline consent
    assert "Jay" not in html and "Bristol" not in html
    assert 'href="/resources/how-to-tell-someone/"' in html
    assert 'href="/resources/a-real-friend/"' in html
    assert "More than 80 of you sent posters" in html

    get_involved = Client().get(landing.url).content.decode()
    assert (
        get_involved.index("Worried about a friend")
        < get_involved.index("What we made from your ideas")
        < get_involved.index("Posters about trusted adults")
    )


def test_a_second_load_finds_every_piece_again(demo_site):
    report = DemoContentLoader().load()
    assert not report.changed, (report.created, report.updated)
    assert {
        "contribution:DEMC-HAND",
        "outcomes:/get-involved/posters-about-trusted-adults/",
    } <= set(report.unchanged)
