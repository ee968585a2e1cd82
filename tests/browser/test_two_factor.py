"""Signing in with two factors, in a real browser, with axe-core on every page."""

import re

from django.contrib.auth import get_user_model

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

PASSWORD = "a-long-test-password"


def sign_in_with_password(page, live_site, username="editor", password=PASSWORD):
    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    # Wait for the answer, so that the next step never races this form's navigation.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def assert_clean(page):
    assert page.offsite_requests == []
    assert page.broken_resources == []
    csp_errors = [error for error in page.console_errors if "Content Security Policy" in error]
    assert csp_errors == []


def test_a_new_editor_enrols_then_reaches_the_admin(page, live_site, totp_code):
    editor = get_user_model().objects.create_superuser("editor", "", PASSWORD)
    sign_in_with_password(page, live_site)
    expect(page).to_have_url(re.compile(r"/admin/two-factor/set-up/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    qr = page.get_by_role("img", name="QR code for adding Clearsight to your authenticator app")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.naturalWidth") > 100  # the SVG really draws
    secret = page.locator("[data-setup-key]").inner_text().replace(" ", "")
    device = TOTPDevice.objects.get(user=editor)
    from base64 import b32encode

    assert secret == b32encode(device.bin_key).decode()
    assert_no_axe_violations(page)

    field = page.get_by_label("Code from your authenticator app")
    assert field.get_attribute("autocomplete") == "one-time-code"
    assert field.get_attribute("inputmode") == "numeric"
    field.fill("12345")
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the code as 6 digits, for example 123456."
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(page)

    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    codes = page.get_by_role("list", name="Your recovery codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page).to_have_url(live_site.url + "/admin/")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    assert_clean(page)


def test_an_enrolled_editor_signs_in_with_a_code(page, live_site, enrol, totp_code):
    editor = get_user_model().objects.create_superuser("editor", "", PASSWORD)
    device, _ = enrol(editor)
    page.goto(live_site.url + "/admin/pages/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/admin/pages/"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_no_axe_violations(page)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(live_site.url + "/admin/pages/")
    assert_clean(page)


def test_an_editor_without_their_phone_signs_in_with_a_recovery_code(page, live_site, enrol):
    editor = get_user_model().objects.create_superuser("editor", "", PASSWORD)
    _, codes = enrol(editor, recovery_codes=True)
    sign_in_with_password(page, live_site)
    page.get_by_role("link", name="Cannot use your app? Use a recovery code instead.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Use a recovery code")
    assert_no_axe_violations(page)
    page.get_by_label("Recovery code").fill("not-a-code")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("That recovery code did not match")
    assert_no_axe_violations(page)
    # django-otp asks for a second's pause after a wrong code; a person takes longer.
    page.wait_for_timeout(1500)
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(live_site.url + "/admin/")
    expect(page.get_by_text("You used a recovery code. You have 9 left")).to_be_visible()
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert_clean(page)


def test_repeated_wrong_passwords_lock_out_with_a_kind_message(page, live_site, settings):
    get_user_model().objects.create_superuser("editor", "", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(page, live_site, password="not-the-password")
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused for a while")
    expect(
        page.get_by_text(re.compile(r"You can try again after \d\d:\d\d, in about 15 minutes\."))
    ).to_be_visible()
    assert_no_axe_violations(page)
    # Even the right password waits for the cool-off.
    sign_in_with_password(page, live_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused for a while")
    assert page.offsite_requests == []
