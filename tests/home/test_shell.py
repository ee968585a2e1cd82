"""The page shell: quick exit, help strip, privacy and security on every public page."""

import re

from django.urls import reverse

from wagtail.models import Page

import pytest

from home.models import SafetySettings

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "home.HomePage",
    "home.YoungPeopleIndexPage",
    "home.AgeBandPage",
    "home.SectionPage",
    "home.ContentPage",
    "schools.SchoolsLandingPage",
    "community.CommunityLandingPage",
    "resources.ResourceLibraryPage",
    "cocreation.GetInvolvedPage",
]


def one_page_of_each_type():
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        label = page._meta.label
        pages.setdefault(label, page)
    return pages


def public_urls():
    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1)]
    return urls + [reverse("search") + "?q=friends", "/no-such-page/"]


@pytest.fixture
def every_page_type(demo_site):
    pages = one_page_of_each_type()
    assert sorted(pages) == sorted(PAGE_TYPES), "the demo tree should hold every page type"
    return pages


def test_every_page_type_has_the_exit_button_and_help_strip(client, every_page_type):
    for label, page in every_page_type.items():
        response = client.get(page.url)
        assert response.status_code == 200, label
        html = response.content.decode()
        assert re.search(
            r'<a class="[^"]*exit-this-page__button[^"]*" href="https://www\.bbc\.co\.uk/weather" '
            r'rel="nofollow noreferrer"',
            html,
        ), label
        assert 'href="/staying-safe-online/">Staying safe online</a>' in html, label
        assert 'In danger now? Call <a href="tel:999">999</a>' in html, label
        assert 'Childline <a href="tel:08001111">0800 1111</a>' in html, label
        assert 'Police non-emergency <a href="tel:101">101</a>' in html, label
        assert 'Missing People <a href="tel:116000">116 000</a>' in html, label
        assert 'href="/get-help/">Get help now</a>' in html, label
        assert '<a class="skip-link" href="#main-content">' in html, label
        assert '<main id="main-content"' in html, label


def test_help_numbers_and_exit_destination_come_from_site_settings(client, demo_site):
    safety = SafetySettings.for_site(demo_site)
    safety.childline_number = "0800 2222"
    safety.exit_url = "https://www.example.com/recipes"
    safety.save()
    html = client.get("/parents-and-carers/").content.decode()
    assert 'Childline <a href="tel:08002222">0800 2222</a>' in html
    assert 'href="https://www.example.com/recipes" rel="nofollow noreferrer"' in html
    assert "0800 1111" not in html.split('class="help-strip"')[1].split("</aside>")[0]


def test_error_pages_carry_the_shell(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "exit-this-page__button" in html
    assert 'Childline <a href="tel:08001111">' in html
    assert 'href="/">Go to the home page</a>' in html


def test_anonymous_gets_set_no_cookie(client, demo_site):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, url


def test_security_headers_on_every_public_response(client, demo_site):
    for url in public_urls() + ["/healthz", "/robots.txt"]:
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        directives = dict(
            (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in csp.split(";")) if part
        )
        assert directives["script-src"] == "'self'", url
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
        assert directives["frame-ancestors"] == "'none'", url
        assert directives["object-src"] == "'none'", url
        assert response.headers["Referrer-Policy"] == "no-referrer", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["X-Frame-Options"] == "DENY", url
        permissions = response.headers["Permissions-Policy"]
        for feature in (
            "geolocation",
            "camera",
            "microphone",
            "interest-cohort",
            "browsing-topics",
        ):
            assert f"{feature}=()" in permissions, (url, feature)


def test_the_admin_has_its_own_policy_and_the_public_one_stays_strict(admin_client, demo_site):
    admin_csp = admin_client.get("/admin/").headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_csp
    assert "frame-ancestors 'self'" in admin_csp
    # The admin is all forms: "no-referrer" would make browsers send `Origin: null`.
    assert admin_client.get("/admin/").headers["Referrer-Policy"] == "same-origin"
    assert admin_client.get("/").headers["Referrer-Policy"] == "no-referrer"
    public_csp = admin_client.get("/").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in public_csp


def test_pages_link_only_to_their_own_static_files(client, every_page_type):
    """No fonts, scripts, styles or images from any other host."""
    for page in every_page_type.values():
        html = client.get(page.url).content.decode()
        for tag, attribute in (
            ("script", "src"),
            ("link", "href"),
            ("img", "src"),
            ("iframe", "src"),
        ):
            for value in re.findall(rf"<{tag}\b[^>]*\b{attribute}=\"([^\"]+)\"", html):
                assert value.startswith("/"), (page.url, tag, value)
        assert "<script>" not in html and "<style" not in html and " style=" not in html, page.url
        assert re.findall(r"<script\b", html) == ["<script"], page.url


def test_young_peoples_pages_show_the_safety_note(client, demo_site):
    assert "data-safety-intro" in client.get("/young-people/").content.decode()
    assert "data-safety-intro" in client.get("/young-people/8-10/").content.decode()
    assert "data-safety-intro" not in client.get("/parents-and-carers/").content.decode()


def test_main_menu_lists_the_sections_marked_for_menus(client, demo_site):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    titles = re.findall(r'<a href="([^"]+)"', nav)
    assert titles == [
        "/young-people/",
        "/parents-and-carers/",
        "/schools/",
        "/community/",
        "/resources/",
        "/get-involved/",
    ]
