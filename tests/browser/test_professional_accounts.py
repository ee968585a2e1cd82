"""A teacher's professional account, in a real browser, with axe-core on every page.

One long journey (browser time is dear): a restricted file sends them to sign
in; they register (with a mistake first), confirm their email from the link,
sign in and the file downloads; they sign out, reset the password by email,
sign in with the new one, and delete the account."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest
from playwright.sync_api import expect

from schools.models import ProfessionalStatus
from schools.privacy import professionals_collection
from tests.browser.axe import assert_no_axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long test password 1"
NEW_PASSWORD = "another long password 2"
EMAIL = "Sam.Teacher@Example.sch.uk"


def link_in_last_email(path):
    return re.search(rf"http://[^/\s]+(/professionals/{path}\S+/)", mail.outbox[-1].body)[1]


def sign_in(page, email, password, *, navigates=True):
    page.get_by_label("Work email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    if not navigates:  # the answer is a file to download
        page.get_by_role("button", name="Sign in").click()
        return
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def assert_clean(page):
    assert page.offsite_requests == []
    assert page.broken_resources == []
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_a_teacher_registers_downloads_a_restricted_file_resets_and_deletes(page, live_site):
    document = get_document_model().objects.create(
        title="Case study for staff training",
        collection=professionals_collection(),
        file=ContentFile(b"A case study for staff training.\n", name="case-study.txt"),
    )
    file_url = live_site.url + document.url

    # A restricted file sends an anonymous reader to sign in.
    page.goto(file_url)
    expect(page).to_have_url(re.compile(r"/professionals/sign-in/\?next=/documents/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to your professional account"
    )
    assert_no_axe_violations(page)

    # Registration, with a mistake first: nothing else typed is lost.
    page.get_by_role("link", name="Create a professional account").click()
    expect(page.get_by_text("Children and young people never need an account.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Your name").fill("Sam Teacher")
    page.get_by_label("Your work email address").fill(EMAIL)
    page.get_by_label("School or organisation").fill("Example Primary School")
    page.get_by_label("Job title or role").fill("Year 6 teacher")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Enter the same password again").fill("not the same password")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("The two passwords are different.")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert page.get_by_label("Job title or role").input_value() == "Year 6 teacher"
    assert_no_axe_violations(page)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Enter the same password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)

    # The link in the email: a button confirms, and a school address is approved at once.
    page.goto(live_site.url + link_in_last_email("confirm/"))
    expect(page.get_by_text("sam.teacher@example.sch.uk")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirm my email address").click()
    expect(page.get_by_text("your account is ready")).to_be_visible()
    assert_no_axe_violations(page)
    user = get_user_model().objects.get(username="sam.teacher@example.sch.uk")
    assert user.professional.status == ProfessionalStatus.APPROVED

    # Signed in from the file's own redirect, the file downloads.
    page.goto(file_url)
    expect(page).to_have_url(re.compile(r"/professionals/sign-in/\?next=/documents/"))
    with page.expect_download() as download:
        sign_in(page, EMAIL, PASSWORD, navigates=False)
    assert download.value.url == file_url
    assert download.value.suggested_filename == "case-study.txt"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == b"A case study for staff training.\n"

    page.goto(live_site.url + "/professionals/account/")
    expect(page.get_by_text("Your account is approved.")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")
    assert_no_axe_violations(page)
    page.goto(file_url)
    expect(page).to_have_url(re.compile(r"/professionals/sign-in/\?next=/documents/"))

    # Forgotten password: reset by email.
    page.get_by_role("link", name="I have forgotten my password").click()
    assert_no_axe_violations(page)
    page.get_by_label("Your work email address").fill(EMAIL)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)
    page.goto(live_site.url + link_in_last_email("reset-password/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_no_axe_violations(page)
    page.get_by_label("New password").fill("short")
    page.get_by_label("Enter the same password again").fill("short")
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("alert")).to_contain_text("This password is too short.")
    assert_no_axe_violations(page)
    page.get_by_label("New password").fill(NEW_PASSWORD)
    page.get_by_label("Enter the same password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Sign in").last.click()
    sign_in(page, EMAIL, NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")

    # Delete my account, with the password.
    page.get_by_role("link", name="Delete my account").click()
    assert_no_axe_violations(page)
    page.get_by_label("Your password").fill("wrong password")
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("alert")).to_contain_text("That password is not right.")
    assert_no_axe_violations(page)
    page.get_by_label("Your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been deleted")
    assert_no_axe_violations(page)
    assert not get_user_model().objects.filter(username="sam.teacher@example.sch.uk").exists()
    page.goto(file_url)
    expect(page).to_have_url(re.compile(r"/professionals/sign-in/"))
    assert_clean(page)
