"""A child's work from the form to the website, in a real browser.

The child sends it (with a mistake first: nothing typed is lost), a parent
agrees, then the three reviewing roles each act in their own signed-in admin
browser (safeguarding lead, youth panel, editor), and the piece is published
with a safe byline. The CSRF check passes under the form's same-origin
referrer policy, and axe-core finds nothing on any public step."""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from cocreation.models import Submission, SubmissionStatus
from tests.browser.admin_session import sign_in_to_admin
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CALL_PATH = "/get-involved/tips-for-staying-safe-online/"


def test_a_child_sends_work_a_parent_agrees_three_roles_review_and_it_is_published(
    page, live_site, browser, enrol, totp_code
):
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
    page.get_by_label("Your first name or nickname").fill("Sam")
    page.get_by_label("Where do you live?").select_option(label="Leeds")
    page.get_by_label("Ages 8 to 10").check()
    page.get_by_label("You can show my first name or nickname, my age group and my area").check()
    page.get_by_label("You can share this on the website").check()
    page.get_by_label("Your parent's or carer's email address").fill("parent@example.org")
    page.get_by_role("button", name="Send my work").click()
    expect(page.get_by_role("heading", name="Thank you for sending your work")).to_be_visible()
    assert "/contribute/thanks/" in page.url
    assert_no_axe_violations(page)
    submission = Submission.objects.get(title="My password tip")
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

    # Each role approves its own step, in its own signed-in browser.
    steps = [
        ("Safeguarding leads", "lead", "Safeguarding check"),
        ("Youth panel", "panel", "Youth panel review"),
        ("Editors", "editor", "Editorial sign-off"),
    ]
    for group_name, username, task_name in steps:
        submission.refresh_from_db()
        assert submission.current_workflow_task.name == task_name
        user, device = reviewer(group_name, username, enrol)
        context, admin = sign_in(browser, live_site.url, user, device, totp_code)
        try:
            approve_in_the_editor(admin, live_site.url, submission, seen_by=group_name)
            wait_for_next_step(submission, task_name)
        finally:
            context.close()

    submission.refresh_from_db()
    assert submission.live
    assert submission.status == SubmissionStatus.PUBLISHED

    # On the call page, with a safe byline: nickname, age group and area, nothing else.
    page.goto(live_site.url + CALL_PATH)
    piece = page.locator(".gallery__item", has_text="My password tip")
    expect(piece).to_contain_text("Never share your password.")
    byline = piece.locator(".gallery__byline")
    expect(byline).to_contain_text("Sam")
    expect(byline).to_contain_text("8 to 10")
    expect(byline).to_contain_text("Leeds")
    expect(piece).not_to_contain_text("parent@example.org")
    assert_no_axe_violations(page)
    assert page.console_errors == []
    assert page.offsite_requests == []


PASSWORD = "a long test password 1"


def reviewer(group_name, username, enrol):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name=group_name))
    device, _ = enrol(user)
    return user, device


def sign_in(browser, base_url, user, device, totp_code):
    """A reviewer's own browser, signed in with password and authenticator code."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    admin = context.new_page()
    sign_in_to_admin(admin, base_url, user.username, PASSWORD, device, totp_code)
    return context, admin


def approve_in_the_editor(admin, base_url, submission, *, seen_by):
    editor = admin.goto(f"{base_url}/admin/snippets/cocreation/submission/edit/{submission.pk}/")
    # The editor's form is sent under the admin's same-origin referrer policy,
    # so the browser names the site as its Origin and the CSRF check accepts it.
    assert editor.url == admin.url
    assert editor.header_value("referrer-policy") == "same-origin"
    expect(admin.get_by_text("Never share your password.").first).to_be_visible()
    who_sent_it = admin.get_by_text("parent@example.org")
    # Only a safeguarding lead sees the parent's email; the youth panel sees no name or area.
    expect(who_sent_it).to_have_count(1 if seen_by == "Safeguarding leads" else 0)
    approve = admin.locator(
        "footer button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    open_footer_menu(admin, approve)
    with admin.expect_request(
        lambda request: request.method == "POST" and request.is_navigation_request()
    ) as posted:
        approve.click()
    origin = posted.value.header_value("origin")
    assert origin == base_url, f"the approval was sent with Origin {origin!r} to {posted.value.url}"
    expect(admin.locator(".messages")).to_contain_text("updated")


def open_footer_menu(admin, item):
    """Open the editor footer's "More actions" menu until `item` is on screen.

    The menu is a Tippy.js dropdown: a click before its script has set it up,
    or while a busy machine is still laying it out, can leave it off screen.
    A person would close it and open it again; so does this.
    """
    toggle = admin.locator("footer [data-w-dropdown-target='toggle']").last
    expect(toggle).to_have_attribute("aria-expanded", "false")  # the dropdown is set up
    for _ in range(3):
        toggle.click()
        try:
            expect(item).to_be_in_viewport(timeout=5000)
            return
        except AssertionError:
            admin.keyboard.press("Escape")
    expect(item).to_be_in_viewport()


def wait_for_next_step(submission, task_name, seconds=20):
    """The approval is made by the admin's request; wait for it to land."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        submission.refresh_from_db()
        state = submission.current_workflow_task_state
        if state is None or state.task.name != task_name:
            return submission
        time.sleep(0.2)
    raise AssertionError(f"{submission.reference} is still at {task_name!r}")
