"""The public side of contributions in a real browser: the calls, the gallery
and the withdrawal pages, each with axe-core and nothing from another host."""

from cocreation.models import Submission
from tests.browser.axe import assert_no_axe_violations


def test_calls_gallery_and_withdrawal_pass_axe(page, live_site):
    for path in ["/get-involved/", "/get-involved/posters-about-trusted-adults/"]:
        page.goto(live_site.url + path)
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(page)
    assert page.locator(".gallery__item").count() == 3
    assert page.locator(".gallery__picture").count() == 2

    piece = Submission.objects.get(reference="DEMC-HAND")
    page.goto(live_site.url + piece.withdraw_url())
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Yes, take my work down").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Your work has been taken down"
    assert_no_axe_violations(page)

    page.goto(live_site.url + "/get-involved/posters-about-trusted-adults/")
    assert page.locator(".gallery__item").count() == 2
    assert "My helping hand poster" not in page.content()

    page.goto(live_site.url + "/contribute/withdraw/not-a-real-link/")
    assert page.locator("h1").inner_text() == "This link does not work"
    assert_no_axe_violations(page)

    assert page.offsite_requests == []
    assert page.console_errors == []
    assert page.broken_resources == []


def test_the_gallery_fits_a_small_old_phone(browser, live_site):
    context = browser.new_context(viewport={"width": 320, "height": 568})
    page = context.new_page()
    try:
        page.goto(live_site.url + "/get-involved/posters-about-trusted-adults/")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the gallery scrolls sideways by {overflow}px at 320px wide"
        assert_no_axe_violations(page)
    finally:
        context.close()
