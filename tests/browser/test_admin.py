"""Editors work in the Wagtail admin under its own policy, with no third-party calls."""

from django.contrib.auth import get_user_model

from playwright.sync_api import expect


def test_an_editor_can_sign_in_and_open_the_page_editor(page, live_site, enrol, totp_code):
    editor = get_user_model().objects.create_superuser("editor", "", "a-long-test-password")
    device, _ = enrol(editor)
    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()

    from wagtail.models import Page

    about = Page.objects.get(url_path__endswith="/about/")
    page.goto(f"{live_site.url}/admin/pages/{about.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(about.title)
    page.goto(f"{live_site.url}/admin/settings/home/safetysettings/")
    expect(page.get_by_label("Childline number")).to_have_value("0800 1111")
    assert page.offsite_requests == []
    csp_errors = [error for error in page.console_errors if "Content Security Policy" in error]
    assert csp_errors == []
