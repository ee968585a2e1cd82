"""Playwright on the system Chromium, against pytest-django's live server."""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance, chromium_path):
    browser = playwright_instance.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def live_site(transactional_db, live_server, django_db_serialized_rollback):
    """The demo tree served by the live server. The database is restored to its
    post-migration state after each test (serialized rollback), so Wagtail's root
    page and default site survive for the next one."""
    from wagtail.models import Site

    from home.demo_content.loader import DemoContentLoader

    DemoContentLoader().load()
    site = Site.objects.get(is_default_site=True)
    netloc = urlsplit(live_server.url)
    site.hostname = netloc.hostname
    site.port = netloc.port
    site.save()
    return live_server


class OffsiteRequests(list):
    """Every request a page made to a host other than the site's own."""


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(context, live_site):
    page = context.new_page()
    own_host = urlsplit(live_site.url).netloc
    offsite = OffsiteRequests()

    def check(route):
        url = urlsplit(route.request.url)
        if url.scheme in ("http", "https") and url.netloc != own_host:
            offsite.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<title>Elsewhere</title>")
            return
        route.continue_()

    context.route("**/*", check)
    page.offsite_requests = offsite
    console_errors = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.console_errors = console_errors
    yield page


AXE_SCRIPT = None


def axe_source():
    global AXE_SCRIPT
    if AXE_SCRIPT is None:
        import axe_playwright_python

        AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    return AXE_SCRIPT


def assert_no_axe_violations(page):
    """Run axe-core on the current page; fail on any WCAG 2.2 A or AA violation."""
    page.evaluate(axe_source())
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations = [
        {
            "id": violation["id"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
    ]
    assert violations == [], f"axe-core found violations on {page.url}:\n{json.dumps(violations, indent=2)}"
