"""The contribution form in a real browser: the CSRF check passes under the
form's same-origin referrer policy, and every step has no axe-core violation.
(The whole journey, with moderation, is in test_journeys.)"""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from cocreation.models import Submission, SubmissionStatus
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CALL_PATH = "/get-involved/tips-for-staying-safe-online/"


def test_a_child_sends_work_and_a_parent_agrees(page, live_site):
    page.goto(live_site.url + CALL_PATH)
    page.get_by_role("link", name="Send your work").click()
    assert page.url == live_site.url + CALL_PATH + "send/"
    assert_no_axe_violations(page)

    # Sent with mistakes: the errors are explained and the form is accessible.
    page.get_by_label("Give your work a title").fill("")
    page.locator("#id_text").fill("Never share your password.")
    page.get_by_role("button", name="Send my work").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("#id_text").input_value() == ("Never share your password.")
    assert_no_axe_violations(page)

    page.get_by_label("Give your work a title").fill("My password tip")
    page.get_by_label("Ages 8 to 10").check()
    page.get_by_label("You can share this on the website").check()
    page.get_by_label("Your parent's or carer's email address").fill("parent@example.org")
    page.get_by_role("button", name="Send my work").click()
    expect(page.get_by_role("heading", name="Thank you for sending your work")).to_be_visible()
    assert "/contribute/thanks/" in page.url
    assert_no_axe_violations(page)
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.AWAITING_CONSENT

    path = re.search(r"http://[^/]+(/contribute/consent/\S+/)", mail.outbox[-1].body)[1]
    page.goto(live_site.url + path)
    expect(page.get_by_text("Never share your password.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="I agree", exact=True).click()
    expect(page.get_by_text("You said yes.")).to_be_visible()
    assert_no_axe_violations(page)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert page.console_errors == []
    assert page.offsite_requests == []
