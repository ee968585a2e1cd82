"""Signing in to the Wagtail admin in a real browser, with both factors.

Each step waits until its form's answer has been loaded before the next one
starts. A test that went on as soon as a heading was visible could see the
code page's own heading, and its next `goto` would then cancel the code
form's navigation halfway; Chromium sent what was left of that post with
`Origin: null`, which Django's CSRF check rightly refused, and the test
failed once in a few thousand runs, far from the cause.
"""

import re

from playwright.sync_api import expect


def sign_in_to_admin(page, base_url, username, password, device, totp_code):
    """Password, then the authenticator's current code; ends on the dashboard."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(base_url + "/admin/two-factor/verify/")))
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(base_url + "/admin/")
