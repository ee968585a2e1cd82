"""Editors work in the Wagtail admin under its own policy, with no third-party calls."""

from django.contrib.auth import get_user_model

from playwright.sync_api import expect

from tests.browser.admin_session import sign_in_to_admin


def test_an_editor_can_sign_in_and_open_the_page_editor(page, live_site, enrol, totp_code):
    editor = get_user_model().objects.create_superuser("editor", "", "a-long-test-password")
    device, _ = enrol(editor)
    sign_in_to_admin(page, live_site.url, "editor", "a-long-test-password", device, totp_code)

    from wagtail.models import Page

    about = Page.objects.get(url_path__endswith="/about/")
    page.goto(f"{live_site.url}/admin/pages/{about.pk}/edit/")
    expect(page.locator("#id_title")).to_have_value(about.title)
    page.goto(f"{live_site.url}/admin/settings/home/safetysettings/")
    expect(page.get_by_label("Childline number")).to_have_value("0800 1111")
    assert page.offsite_requests == []
    csp_errors = [error for error in page.console_errors if "Content Security Policy" in error]
    assert csp_errors == []
