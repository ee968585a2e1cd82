"""The shell's small-screen header, "Listen to this page" and videos from other sites.

The layout itself is measured in the browser (tests/browser/test_small_screens.py);
these check what the server sends.
"""

import pytest

from home.factories import AudienceFactory, ContentPageFactory

pytestmark = pytest.mark.django_db

LISTEN_BUTTON = (
    '<div class="listen" hidden data-listen>\n'
    '                        <button class="button button--secondary listen__button" type="button" '
    'data-listen-button data-label-stop="Stop reading">Listen to this page</button>'
)


def test_the_menu_and_search_fold_into_a_details_that_needs_no_javascript(client, demo_site):
    html = client.get("/parents-and-carers/").content.decode()
    menu = html.split('<details class="site-menu">')[1].split("</details>")[0]
    assert (
        '<summary class="site-menu__toggle">Menu<span class="visually-hidden"> and search</span>'
        "</summary>"
    ) in menu
    assert '<nav class="site-nav" aria-label="Main">' in menu
    assert 'id="header-search"' in menu


def test_young_peoples_pages_offer_listening_hidden_until_the_script_finds_a_voice(
    client, demo_site
):
    for path in ("/young-people/", "/young-people/4-7/", "/young-people/14-17/"):
        assert LISTEN_BUTTON in client.get(path).content.decode(), path
    for path in (
        "/parents-and-carers/",
        "/parents-and-carers/if-your-child-goes-missing/",
        "/schools/",
    ):
        assert "data-listen" not in client.get(path).content.decode(), path


def test_a_page_for_young_people_elsewhere_offers_listening_too(client, demo_site):
    page = ContentPageFactory(parent=demo_site.root_page, title="Quiz", slug="quiz")
    assert "data-listen" not in client.get(page.url).content.decode()
    page.audiences.add(AudienceFactory(slug="young-people", name="Young people"))
    page.save_revision().publish()
    assert LISTEN_BUTTON in client.get(page.url).content.decode()


def test_a_video_from_another_site_keeps_frames_shut(client, demo_site):
    page = ContentPageFactory(parent=demo_site.root_page, title="Watch", slug="watch")
    page.body = [
        (
            "video",
            {
                "title": "Telling someone",
                "external_url": "https://www.youtube-nocookie.com/embed/abc",
                "transcript": "Mia tells her aunt.",
            },
        )
    ]
    page.save_revision().publish()
    response = client.get(page.url)
    html = response.content.decode()
    assert "Watch on www.youtube-nocookie.com</a>" in html
    assert "<iframe" not in html
    policy = response.headers["Content-Security-Policy"]
    assert "frame-src 'none'" in policy
    assert "youtube" not in policy
