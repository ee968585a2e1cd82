"""Checking a training certificate, in a real browser: a wrong code, a real one
from the QR code's address, the printable certificate, and an editor revoking
it in the admin, after which /verify/ says so. axe-core on each public page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from playwright.sync_api import expect

from community.factories import CommunityLandingPageFactory, TrainingModulePageFactory
from community.models import CommunityLandingPage
from community.services.certificates import certificate_issue
from home.models import HomePage
from tests.browser.admin_session import sign_in_to_admin
from tests.browser.axe import assert_no_axe_violations

NOT_FOUND = "We could not find a certificate with that code. Check it and try again."


def a_module():
    landing = CommunityLandingPage.objects.first() or CommunityLandingPageFactory(
        parent=HomePage.objects.get(), slug="community"
    )
    return TrainingModulePageFactory(
        parent=landing, title="Spotting exploitation: taxi drivers", slug="certificate-journey"
    )


def test_a_certificate_is_checked_printed_and_revoked(page, live_site, browser, enrol, totp_code):
    certificate = certificate_issue(module=a_module(), name="Sam Driver", score=90)

    # A licensing officer types a wrong code.
    page.goto(live_site.url + "/verify/")
    expect(page.locator("h1")).to_have_text("Check a training certificate")
    assert_no_axe_violations(page)
    page.get_by_label("Certificate code").fill("ABCD-EFGH-JKMN-PQRS")
    page.get_by_role("button", name="Check the certificate").click()
    page.wait_for_load_state()
    expect(page.get_by_text(NOT_FOUND)).to_be_visible()
    expect(page.get_by_label("Certificate code")).to_have_value("ABCD-EFGH-JKMN-PQRS")
    assert_no_axe_violations(page)

    # An employer scans the QR code: /verify/?code=…
    page.goto(f"{live_site.url}/verify/?code={certificate.code}")
    expect(page.get_by_role("heading", name="This certificate is: Valid")).to_be_visible()
    expect(page.locator(".certificate-details")).to_contain_text("Sam Driver")
    expect(page.locator(".certificate-details")).to_contain_text(
        "Spotting exploitation: taxi drivers"
    )
    assert_no_axe_violations(page)

    # The printable certificate.
    page.get_by_role("link", name="See the certificate").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Certificate of completion")
    expect(page.locator(".certificate")).to_contain_text(certificate.code)
    expect(
        page.get_by_role("img", name="QR code: opens the page that checks this certificate")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Download the certificate (PDF, A4)")).to_be_visible()
    assert_no_axe_violations(page)

    # An editor revokes it (signed in with both factors, in a browser of their own).
    editor = get_user_model().objects.create_user("certeditor", "", "a-long-test-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    revoke_in_admin(
        browser, live_site, editor, "a-long-test-password", enrol, totp_code, certificate
    )

    page.goto(f"{live_site.url}/verify/?code={certificate.code}")
    expect(page.get_by_role("heading", name="This certificate is: Revoked")).to_be_visible()
    expect(
        page.get_by_text("This certificate has been revoked. It is no longer valid.")
    ).to_be_visible()
    assert_no_axe_violations(page)
    assert page.offsite_requests == []
    assert page.console_errors == []
    assert page.context.cookies() == []


def revoke_in_admin(browser, live_site, editor, password, enrol, totp_code, certificate):
    """An editor signs in with both factors, in a browser of their own, finds the
    certificate by its code (typed in lower case) and revokes it."""
    device, _ = enrol(editor)
    admin_context = browser.new_context(locale="en-GB")
    admin = admin_context.new_page()
    try:
        sign_in_to_admin(admin, live_site.url, editor.username, password, device, totp_code)
        admin.goto(f"{live_site.url}/admin/training/certificates/?q={certificate.code.lower()}")
        admin.get_by_role("link", name=certificate.code).click()
        admin.get_by_role("checkbox", name="Revoked").check()
        admin.get_by_role("button", name="Save").click()
        expect(admin.get_by_text("updated", exact=False).first).to_be_visible()
        expect(admin.get_by_role("row", name=certificate.code)).to_contain_text("Revoked")
    finally:
        admin_context.close()
