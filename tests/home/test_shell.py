"""The page shell: quick exit, help strip, privacy and security on every public page."""

import re

from django.urls import reverse

from wagtail.models import Page, get_page_models

import pytest

from home.models import SafetySettings
from tests.page_resources import (
    css_resources,
    html_resources,
    inline_code,
    is_own,
    resolve,
    stylesheet_and_script_urls,
)

pytestmark = pytest.mark.django_db


def creatable_page_types():
    """Every page type an editor can create, from every installed app: the
    shell's tests name none of the feature apps."""
    return sorted(model._meta.label for model in get_page_models() if model.is_creatable)


def one_page_of_each_type():
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        label = page._meta.label
        pages.setdefault(label, page)
    return pages


def public_urls():
    """Each public address with the status it must answer."""
    urls = {page.url: 200 for page in Page.objects.live().public().filter(depth__gt=1)}
    return urls | {reverse("search") + "?q=friends": 200, "/no-such-page/": 404}


@pytest.fixture
def every_page_type(demo_site):
    pages = one_page_of_each_type()
    assert sorted(pages) == creatable_page_types(), "the demo tree should hold every page type"
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
    safety.emergency_number = "112"
    safety.childline_number = "0800 2222"
    safety.police_non_emergency_number = "102"
    safety.missing_people_number = "116 111"
    safety.exit_url = "https://www.example.com/recipes"
    safety.save()
    html = client.get("/parents-and-carers/").content.decode()
    assert 'In danger now? Call <a href="tel:112">112</a>' in html
    assert 'Childline <a href="tel:08002222">0800 2222</a>' in html
    assert 'Police non-emergency <a href="tel:102">102</a>' in html
    assert 'Missing People <a href="tel:116111">116 111</a>' in html
    assert 'href="https://www.example.com/recipes" rel="nofollow noreferrer"' in html
    assert 'data-exit-url="https://www.example.com/recipes"' in html
    assert "bbc.co.uk" not in html
    help_strip = html.split('class="help-strip"')[1].split("</aside>")[0]
    for default in ("999", "0800 1111", "101", "116 000"):
        assert default not in help_strip, default


def test_error_pages_carry_the_shell(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "exit-this-page__button" in html
    assert 'Childline <a href="tel:08001111">' in html
    assert 'href="/">Go to the home page</a>' in html


def test_anonymous_gets_set_no_cookie(client, demo_site):
    for url, status in public_urls().items():
        response = client.get(url)
        assert response.status_code == status, url
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, url


def test_security_headers_on_every_public_response(client, demo_site):
    for url in [*public_urls(), "/healthz", "/robots.txt"]:
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
    """No fonts, scripts, styles or images from any other host, and nothing inline
    that the strict policy would have to allow."""
    for page in every_page_type.values():
        page_url = "http://testserver" + page.url
        html = client.get(page.url).content.decode()
        resources = html_resources(html)
        assert any(r.where == "<script src>" for r in resources), page.url
        assert any(r.where == "<link href>" for r in resources), page.url
        offsite = [(r.where, r.url) for r in resources if not is_own(r.url, page_url)]
        assert offsite == [], page.url
        assert inline_code(html) == [], page.url
        stylesheets, _ = stylesheet_and_script_urls(html)
        for href in stylesheets:
            css_url = resolve(page_url, href)
            response = client.get(css_url)
            assert response.status_code == 200, css_url
            css = b"".join(response.streaming_content).decode()
            offsite = [r.url for r in css_resources(css) if not is_own(r.url, css_url)]
            assert offsite == [], css_url


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
