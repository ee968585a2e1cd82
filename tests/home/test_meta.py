"""Every page tells link previews and search engines what it is: a description
and Open Graph tags, with content and escaped, on every demo page, the search
page and every error page."""

from html.parser import HTMLParser

from django.core.management import call_command
from django.test import RequestFactory

from wagtail.models import Page

import pytest

from home import views
from home.factories import ContentPageFactory, ImageFactory
from home.images import make_renditions

pytestmark = pytest.mark.django_db

REQUIRED = ("og:title", "og:description", "og:type", "og:site_name")


class HeadMeta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.names, self.properties = {}, {}
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_head = False
        if tag == "meta" and self.in_head:
            if "name" in attrs:
                self.names.setdefault(attrs["name"], []).append(attrs.get("content"))
            if "property" in attrs:
                self.properties.setdefault(attrs["property"], []).append(attrs.get("content"))


def head_meta(html):
    parser = HeadMeta()
    parser.feed(html)
    return parser


def assert_complete(html, where, url=True):
    meta = head_meta(html)
    assert len(meta.names.get("description", [])) == 1, where
    assert meta.names["description"][0].strip(), where
    for prop in (*REQUIRED, *(["og:url"] if url else [])):
        values = meta.properties.get(prop, [])
        assert len(values) == 1 and values[0] and values[0].strip(), (where, prop)
    if url:
        assert meta.properties["og:url"][0].startswith("http"), where
    return meta


def test_every_demo_page_and_search(client, demo_site):
    root = demo_site.root_url
    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")]
    assert len(urls) > 10
    for url in [*urls, "/search/", "/search/?q=help"]:
        response = client.get(url)
        assert response.status_code == 200, url
        meta = assert_complete(response.content.decode(), url)
        if "?" not in url:
            assert meta.properties["og:url"] == [f"{root}{url}"], url
        assert meta.properties["og:site_name"] == ["Clearsight"], url


def test_a_pages_own_words_describe_it(client, home_page):
    page = ContentPageFactory(
        parent=home_page, slug="p", title="Talking about it", intro="How to start the talk."
    )
    meta = head_meta(client.get(page.url).content.decode())
    assert meta.names["description"] == ["How to start the talk."]
    assert meta.properties["og:title"] == ["Talking about it"]
    assert meta.properties["og:type"] == ["article"]
    page.search_description = "Chosen by an editor."
    page.save_revision().publish()
    meta = head_meta(client.get(page.url).content.decode())
    assert meta.names["description"] == ["Chosen by an editor."]
    assert meta.properties["og:description"] == ["Chosen by an editor."]
    assert head_meta(client.get("/").content.decode()).properties["og:type"] == ["website"]


def test_titles_and_descriptions_are_escaped(client, home_page):
    page = ContentPageFactory(
        parent=home_page,
        slug="odd",
        title='Quotes "and" <tags> & more',
        intro='Say "no" <script>alert(1)</script> & tell someone.',
    )
    html = client.get(page.url).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert" not in head
    assert 'content="Say &quot;no&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; tell' in head
    meta = head_meta(html)
    assert meta.properties["og:title"] == ['Quotes "and" <tags> & more']


def test_og_image_is_the_pages_picture_on_the_sites_own_host(client, home_page):
    # Pictures are a resource's (`image`); the shell reads any page's `image`.
    from resources.factories import ResourceIndexPageFactory, ResourcePageFactory

    call_command("set_site_address", "127.0.0.1", "8000")
    index = ResourceIndexPageFactory(parent=home_page, slug="resources")
    image = ImageFactory(description="A drawing of a shield")
    page = ResourcePageFactory(parent=index, slug="with-picture", image=image)
    plain = ResourcePageFactory(parent=index, slug="no-picture")
    make_renditions(image, ["share"])  # the worker's part, after publishing (home/images.py)
    meta = head_meta(client.get(page.url, HTTP_HOST="127.0.0.1:8000").content.decode())
    (url,) = meta.properties["og:image"]
    assert url.startswith("http://127.0.0.1:8000/media/images/")
    assert meta.properties["og:image:alt"] == ["A drawing of a shield"]
    assert meta.names["description"] == ["A short summary, written for the reader."]
    assert "og:image" not in head_meta(client.get(plain.url).content.decode()).properties


def test_og_url_is_the_sites_own_address_whatever_host_asked(client, home_page):
    """The page cache stores pages rendered on the Site's address; a fresh
    render on another allowed host must say the same."""
    call_command("set_site_address", "127.0.0.1", "8000")
    page = ContentPageFactory(parent=home_page, slug="same")
    for host in ("127.0.0.1:8000", "localhost", "testserver"):
        meta = head_meta(client.get(page.url, HTTP_HOST=host).content.decode())
        assert meta.properties["og:url"] == ["http://127.0.0.1:8000/same/"], host


def test_the_404_page(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    meta = assert_complete(response.content.decode(), "404")
    assert meta.properties["og:title"] == ["Page not found"]


def test_a_bad_host_gets_the_400_page(client, home_page):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "We could not understand that address" in html
    assert_complete(html, "400", url=False)
    assert "evil.example" not in html.split("</head>")[0]  # the host is not ours to name


@pytest.mark.parametrize(
    ("view", "status", "title"),
    [
        (views.bad_request, 400, "Something was wrong with that request"),
        (views.permission_denied, 403, "You cannot see this page"),
        (views.csrf_failure, 403, "Please try again"),
        (views.too_many_requests, 429, "Too many requests"),
    ],
)
def test_error_pages(home_page, view, status, title):
    request = RequestFactory().get("/somewhere/")
    response = view(request)
    assert response.status_code == status
    meta = assert_complete(response.content.decode(), title)
    assert meta.properties["og:title"] == [title]


def test_the_500_page_has_them_without_a_request_or_database(home_page):
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    meta = assert_complete(response.content.decode(), "500", url=False)
    assert meta.properties["og:title"] == ["Something went wrong"]
