"""Playwright on the system Chromium, against pytest-django's live server."""

from urllib.parse import urlsplit

import pytest

from ..demo_tree import DemoSnapshot, group_items, load_demo, uses_live_demo

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


@pytest.hookimpl(tryfirst=True)  # as in tests/conftest.py
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
        if uses_live_demo(item):
            item.add_marker(pytest.mark.xdist_group("live-demo"))
    # The live-server tests one after another (and on one worker when run in
    # parallel): the demo snapshot is taken at the first and dropped after the last.
    group_items(items, uses_live_demo)


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


@pytest.fixture(scope="session")
def migrated_database(django_db_setup, django_db_blocker, browser):
    """Keep a copy of the freshly migrated database for serialized rollback.

    Browser tests flush the database after each test; Wagtail's root page and
    default site come from migrations, so Django's serialized rollback puts them
    back. pytest-django keeps that copy on the connection object that set the
    database up, and when an ordinary database test runs first, the browser
    tests (running beside Playwright's event loop) were seen to get another
    connection object without it. So the copy is made here, on the connection
    these tests use, if it is not already there.
    """
    from django.db import connections

    connection = connections["default"]
    if not hasattr(connection, "_test_serialized_contents"):
        with django_db_blocker.unblock():
            connection._test_serialized_contents = connection.creation.serialize_db_to_string()


_snapshots = []  # the DemoSnapshot while the live-server tests run


@pytest.fixture
def live_site(
    migrated_database,
    transactional_db,
    live_server,
    django_db_serialized_rollback,
    django_db_blocker,
):
    """The demo tree served by the live server, restored to the migrated state
    after each test.

    The demo is loaded once, by the first test, and copied table by table into
    a snapshot (tests/demo_tree.py); each later test, after the flush and the
    migrated state that serialized rollback puts back, copies the snapshot
    back: the same rows, ids included, as a fresh load gives."""
    from django.core.cache import cache

    if not _snapshots:
        _snapshots.append(DemoSnapshot(django_db_blocker))
    snapshot = _snapshots[0]
    if snapshot.taken:
        snapshot.restore()
        cache.clear()
        return live_server
    site = load_demo()
    netloc = urlsplit(live_server.url)
    site.hostname = netloc.hostname
    site.port = netloc.port
    site.save()
    snapshot.take()
    return live_server


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _snapshots and (nextitem is None or not uses_live_demo(nextitem)):
        _snapshots.pop().drop()
    return result


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
    # Errors the browser reports (a CSP violation shows here), except the
    # "failed to load" line for a page that is meant to be a 404 or 400;
    # failed sub-resources are collected on their own.
    console_errors = []
    page.on(
        "console",
        lambda msg: (
            console_errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.console_errors = console_errors
    broken_resources = []
    page.on(
        "response",
        lambda response: (
            broken_resources.append((response.url, response.status))
            if response.request.resource_type != "document" and response.status >= 400
            else None
        ),
    )
    page.broken_resources = broken_resources
    yield page
