"""axe-core on every page of the demo tree, and no request to any other host."""

from wagtail.models import Page

from tests.browser.axe import assert_no_axe_violations


def demo_urls():
    urls = [page.url for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")]
    return urls + [
        "/search/?q=online+friends",
        "/search/?q=" + "x" * 120,
        "/no-such-page/",
        "/patterns/",
    ]


def test_every_demo_page_passes_axe_and_stays_on_its_own_host(page, live_site):
    urls = demo_urls()
    assert len(urls) > 20
    for path in urls:
        page.goto(live_site.url + path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)
    assert page.offsite_requests == [], "pages asked another host for something"
    assert page.console_errors == [], "the browser reported errors (a CSP violation shows here)"
    assert page.broken_resources == []


def test_pages_fit_a_small_old_phone(browser, live_site):
    context = browser.new_context(viewport={"width": 320, "height": 568})
    page = context.new_page()
    try:
        for path in [
            "/",
            "/young-people/4-7/",
            "/community/taxi-and-private-hire-drivers/",
            "/get-help/",
            "/search/?q=help",
        ]:
            page.goto(live_site.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px wide"
            assert_no_axe_violations(page)
    finally:
        context.close()
