"""Professional accounts: registration, the email link, approval, sign-in, reset,
deletion, and what restricted pages and files do for each kind of reader."""

import re
import time
from datetime import timedelta

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, ModelLogEntry, PageViewRestriction

import pytest

from home.factories import ContentPageFactory
from home.schedule import schedule
from schools.models import ProfessionalAccessSettings, ProfessionalProfile, ProfessionalStatus
from schools.privacy import professionals_collection, professionals_group
from schools.services import professionals as services
from schools.tasks import purge_unverified_professionals

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password 1"
REGISTER = "/professionals/register/"
SIGN_IN = "/professionals/sign-in/"
ACCOUNT = "/professionals/account/"
RESET = "/professionals/reset-password/"
DELETE = "/professionals/account/delete/"


def registration(**overrides):
    data = {
        "name": "Alex Teacher",
        "email": "Alex.Teacher@Example-School.SCH.UK",
        "organisation": "Example School",
        "role": "Class teacher",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    return {**data, **overrides}


def link_in(message, pattern):
    return re.search(rf"http://testserver(/professionals/{pattern}\S*/)", message.body)[1]


def make_professional(email, status, *, password=PASSWORD):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, first_name="Sam"
    )
    profile = ProfessionalProfile.objects.create(
        user=user, organisation="A school", role="Teacher", status=status
    )
    if status == ProfessionalStatus.APPROVED:
        user.groups.add(professionals_group())
    return profile


@pytest.fixture
def restricted(home_page):
    """A page for the Professionals group only, and a file in the "Professionals only" collection."""
    page = ContentPageFactory(parent=home_page, title="Case studies", slug="case-studies")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(professionals_group())
    document = get_document_model().objects.create(
        title="Staff training case study",
        collection=professionals_collection(),
        file=ContentFile(b"case study\n", name="case-study.txt"),
    )
    return page, document


# --- Email domains --------------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("teacher@example.sch.uk", True),
        ("Teacher@Example.SCH.UK", True),
        ("head@a.b.sch.uk", True),
        ("nurse@nhs.net", True),
        ("nurse@NHS.NET", True),
        ("officer@met.police.uk", True),
        ("someone@evil-sch.uk", False),  # no dot before "sch.uk"
        ("someone@sch.uk", False),  # the suffix itself is not a school
        ("someone@sch.uk.evil.com", False),
        ("someone@example.sch.uk.evil.com", False),
        ("someone@evilnhs.net", False),
        ("someone@x.nhs.net", False),  # "nhs.net" allows exactly that domain
        ("someone@nhs.net.evil.com", False),
        ("nhs.net@evil.com", False),
        ("someone@gmail.com", False),
        ("no-at-sign", False),
    ],
)
def test_allowed_domains_match_whole_labels_only(email, allowed):
    entries = services.allowed_domain_entries("\n.sch.uk\n  nhs.net \n.police.uk\n\n")
    assert services.domain_is_allowed(email, entries) is allowed


# --- Registration ---------------------------------------------------------------


def test_the_register_page_says_children_never_need_an_account_and_what_we_keep(client, home_page):
    response = client.get(REGISTER)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "This is for adults who work with children. Children and young people never need an "
        "account." in html
    )
    assert "What we keep and why" in html
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert 'autocomplete="new-password"' in html


def test_registering_makes_an_unconfirmed_account_and_emails_a_link(client, home_page):
    response = client.post(REGISTER, registration())
    assert response.status_code == 302
    assert response["Location"] == "/professionals/register/check-your-email/"
    user = get_user_model().objects.get()
    assert user.username == user.email == "alex.teacher@example-school.sch.uk"
    assert user.check_password(PASSWORD)
    assert user.professional.status == ProfessionalStatus.UNVERIFIED
    assert user.professional.organisation == "Example School"
    assert not user.groups.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alex.teacher@example-school.sch.uk"]
    assert link_in(mail.outbox[0], "confirm/")
    # Not signed in by registering.
    assert SESSION_KEY not in client.session


def test_registering_an_address_that_has_an_account_looks_the_same(client, home_page):
    profile = make_professional("alex.teacher@example-school.sch.uk", ProfessionalStatus.APPROVED)
    response = client.post(REGISTER, registration(password1="x" * 20, password2="x" * 20))
    assert response.status_code == 302
    assert response["Location"] == "/professionals/register/check-your-email/"
    assert get_user_model().objects.count() == 1
    profile.user.refresh_from_db()
    assert profile.user.check_password(PASSWORD)  # nothing about it changed
    assert len(mail.outbox) == 1
    assert "already has an account" in mail.outbox[0].body
    assert "/professionals/confirm/" not in mail.outbox[0].body


def test_registration_errors_are_full_sentences_and_keep_what_was_typed(client, home_page):
    response = client.post(
        REGISTER, registration(password2="something else entirely", organisation="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The two passwords are different. Enter the same password in both boxes." in html
    assert "Enter the name of the school or organisation you work for." in html
    assert 'value="Alex Teacher"' in html
    assert 'value="Alex.Teacher@Example-School.SCH.UK"' in html  # as typed
    assert "<title>Error: Create a professional account" in html
    assert get_user_model().objects.count() == 0


def test_registration_applies_the_password_rules(client, home_page):
    response = client.post(REGISTER, registration(password1="short", password2="short"))
    assert response.status_code == 400
    assert "This password is too short. It must contain at least 12 characters." in (
        response.content.decode()
    )
    response = client.post(
        REGISTER,
        registration(
            password1="alex.teacher@example-school", password2="alex.teacher@example-school"
        ),
    )
    assert response.status_code == 400
    assert "The password is too similar to the" in response.content.decode()
    assert get_user_model().objects.count() == 0


def test_registration_is_rate_limited(client, home_page, settings):
    settings.PROFESSIONAL_REGISTER_RATE_LIMIT = "2/h"
    for n in range(2):
        response = client.post(REGISTER, registration(email=f"person{n}@example.org"))
        assert response.status_code == 302
    response = client.post(REGISTER, registration(email="person9@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert get_user_model().objects.count() == 2


# --- The email link ----------------------------------------------------------


def registered(client, email):
    client.post(REGISTER, registration(email=email))
    return link_in(mail.outbox[-1], "confirm/")


def test_an_allowed_domain_is_approved_when_the_email_is_confirmed(client, home_page):
    link = registered(client, "teacher@example.sch.uk")
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm my email address" in page.content.decode()
    profile = ProfessionalProfile.objects.get()
    assert profile.status == ProfessionalStatus.UNVERIFIED  # a GET changes nothing
    response = client.post(link)
    assert response.status_code == 200
    assert "your account is ready" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == ProfessionalStatus.APPROVED
    assert profile.auto_approved is True
    assert profile.email_verified_at is not None
    assert profile.user.groups.filter(name="Professionals").exists()
    assert ModelLogEntry.objects.filter(action="schools.professional_auto_approved").count() == 1


@pytest.mark.parametrize("email", ["someone@evil-sch.uk", "someone@gmail.com", "a@x.nhs.net"])
def test_any_other_address_waits_for_an_editor(client, home_page, email):
    link = registered(client, email)
    response = client.post(link)
    assert response.status_code == 200
    assert "One of our editors will now check your account" in response.content.decode()
    profile = ProfessionalProfile.objects.get()
    assert profile.status == ProfessionalStatus.WAITING
    assert profile.auto_approved is False
    assert not profile.user.groups.exists()


def test_editors_can_change_the_allowed_domains(client, home_page):
    access = ProfessionalAccessSettings.load()
    access.allowed_domains = ".example.org"
    access.save()
    client.post(registered(client, "teacher@school.example.org"))
    client.post(registered(client, "teacher@example.sch.uk"))
    statuses = dict(ProfessionalProfile.objects.values_list("user__email", "status"))
    assert statuses == {
        "teacher@school.example.org": ProfessionalStatus.APPROVED,
        "teacher@example.sch.uk": ProfessionalStatus.WAITING,
    }


def test_the_link_works_once(client, home_page):
    link = registered(client, "teacher@example.sch.uk")
    assert client.post(link).status_code == 200
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 409
        assert "already confirmed" in response.content.decode()
    assert ModelLogEntry.objects.filter(action="schools.professional_auto_approved").count() == 1


def test_an_address_is_confirmed_only_once_even_by_a_direct_call(client, home_page):
    registered(client, "teacher@example.sch.uk")
    profile = ProfessionalProfile.objects.get()
    services.professional_verify_email(profile=profile)
    with pytest.raises(services.WrongState):
        services.professional_verify_email(profile=profile)
    assert ModelLogEntry.objects.filter(action="schools.professional_auto_approved").count() == 1


def test_the_link_runs_out(client, home_page, settings, monkeypatch):
    client.post(REGISTER, registration(email="teacher@example.sch.uk"))
    user = get_user_model().objects.get()
    past = int(time.time()) - settings.PROFESSIONAL_VERIFY_HOURS * 3600 - 60
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(past))
    old_link = services.verify_url(user)
    monkeypatch.undo()
    response = client.post(old_link)
    assert response.status_code == 410
    assert "This link has run out" in response.content.decode()
    user.professional.refresh_from_db()
    assert user.professional.status == ProfessionalStatus.UNVERIFIED
    # A link made just inside the time still works.
    assert client.post(services.verify_url(user)).status_code == 200


def test_a_made_up_link_does_nothing(client, home_page):
    registered(client, "teacher@example.sch.uk")
    response = client.post("/professionals/confirm/not-a-real-token/")
    assert response.status_code == 404
    assert ProfessionalProfile.objects.get().status == ProfessionalStatus.UNVERIFIED


# --- Restricted pages and files ---------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [None, ProfessionalStatus.UNVERIFIED, ProfessionalStatus.WAITING, ProfessionalStatus.REFUSED],
)
def test_restricted_material_sends_everyone_else_to_sign_in(client, restricted, status):
    page, document = restricted
    if status is not None:
        client.force_login(make_professional("someone@example.org", status).user)
    for url in (page.url, document.url):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{SIGN_IN}?next={url}"


def test_restricted_material_opens_for_an_approved_professional(client, restricted):
    page, document = restricted
    assert document.url == f"/documents/{document.pk}/case-study.txt"
    client.force_login(make_professional("someone@example.org", ProfessionalStatus.APPROVED).user)
    assert client.get(page.url).status_code == 200
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"case study\n"


def test_a_refused_professional_loses_access(client, restricted, admin_user):
    page, document = restricted
    profile = make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    client.force_login(profile.user)
    assert client.get(page.url).status_code == 200
    services.professional_refuse(profile=profile, user=admin_user, reason="Not a professional.")
    assert client.get(page.url).status_code == 302
    assert client.get(document.url).status_code == 302


def test_the_sign_in_page_says_plainly_why_a_signed_in_reader_cannot_open_it(client, restricted):
    page, _ = restricted
    client.force_login(make_professional("someone@example.org", ProfessionalStatus.WAITING).user)
    location = client.get(page.url)["Location"]
    response = client.get(location)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your account is waiting for an editor to check it." in html
    assert "only for approved professional accounts" in html
    assert 'name="password"' not in html  # not the form again


def test_a_professional_signs_in_with_a_password(client, restricted):
    page, _ = restricted
    make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    form = client.get(f"{SIGN_IN}?next={page.url}")
    assert f'name="next" value="{page.url}"' in form.content.decode()
    response = client.post(
        SIGN_IN, {"username": "Someone@Example.org", "password": PASSWORD, "next": page.url}
    )
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert client.get(page.url).status_code == 200
    # And out again (POST only).
    assert client.get("/professionals/sign-out/").status_code == 405
    response = client.post("/professionals/sign-out/")
    assert response["Location"] == "/professionals/signed-out/"
    assert client.get(page.url).status_code == 302


def test_a_wrong_password_is_a_full_sentence(client, home_page):
    make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    response = client.post(SIGN_IN, {"username": "someone@example.org", "password": "wrong"})
    assert response.status_code == 400
    assert (
        "We could not sign you in with that email address and password. Check them and try again."
        in response.content.decode()
    )


def test_editors_who_sign_in_here_still_need_the_second_factor(client, restricted, enrol):
    page, document = restricted
    editor = get_user_model().objects.create_user("editor@example.org", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"), professionals_group())
    enrol(editor)
    response = client.post(
        SIGN_IN, {"username": "editor@example.org", "password": PASSWORD, "next": page.url}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:verify") + "?next=%2Fcase-studies%2F"
    # Until the code step, they are nobody outside the admin.
    for url in (page.url, document.url):
        assert client.get(url)["Location"].startswith(SIGN_IN)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor:verify"))


def test_sign_in_is_locked_after_too_many_failures(client, home_page, settings):
    make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    responses = [
        client.post(SIGN_IN, {"username": "someone@example.org", "password": "wrong"})
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert [r.status_code for r in responses[:-1]] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    # Even the right password, now.
    response = client.post(SIGN_IN, {"username": "someone@example.org", "password": PASSWORD})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Signing in is paused for a while" in html
    # The site's own layout (with its quick exit), and the professionals' reset.
    assert "exit-this-page__button" in html
    assert 'href="/professionals/reset-password/"' in html
    assert "/admin/password_reset/" not in html
    assert int(response["Retry-After"]) > 0
    assert SESSION_KEY not in client.session


# --- Password reset -------------------------------------------------------------


def test_a_professional_resets_their_password_by_email(client, home_page):
    make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    response = client.post(RESET, {"email": "Someone@Example.org"})
    assert response["Location"] == "/professionals/reset-password/sent/"
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0], "reset-password/")
    response = client.get(link)
    assert response.status_code == 302  # Django hides the token from the address bar
    form_url = response["Location"]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 400
    assert "This password is too short." in response.content.decode()
    new = "a different long password 2"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == "/professionals/reset-password/done/"
    # The link works once.
    assert "This link does not work" in client.get(link, follow=True).content.decode()
    response = client.post(SIGN_IN, {"username": "someone@example.org", "password": new})
    assert response["Location"] == ACCOUNT


def test_reset_never_says_whether_an_address_has_an_account(client, home_page):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response["Location"] == "/professionals/reset-password/sent/"
    assert mail.outbox == []


def test_reset_is_rate_limited(client, home_page, settings):
    settings.PROFESSIONAL_REGISTER_RATE_LIMIT = "2/h"
    for n in range(2):
        assert client.post(RESET, {"email": f"p{n}@example.org"}).status_code == 302
    response = client.post(RESET, {"email": "p9@example.org"})
    assert response.status_code == 429


# --- Your account, and deleting it --------------------------------------------------


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (ProfessionalStatus.UNVERIFIED, "You have not confirmed your email address yet."),
        (ProfessionalStatus.WAITING, "Your account is waiting for an editor to check it."),
        (ProfessionalStatus.APPROVED, "Your account is approved."),
        (ProfessionalStatus.REFUSED, "We could not approve your account."),
    ],
)
def test_your_account_says_the_status_in_plain_words(client, home_page, status, words):
    client.force_login(make_professional("someone@example.org", status).user)
    response = client.get(ACCOUNT)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_your_account_needs_signing_in(client, home_page):
    assert client.get(ACCOUNT)["Location"] == f"{SIGN_IN}?next={ACCOUNT}"
    assert client.get(DELETE)["Location"] == f"{SIGN_IN}?next={DELETE}"


def test_deleting_an_account_needs_the_password(client, home_page):
    profile = make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    client.force_login(profile.user)
    response = client.post(DELETE, {"password": "wrong"})
    assert response.status_code == 400
    assert (
        "That password is not right. Enter the password you use to sign in."
        in response.content.decode()
    )
    assert get_user_model().objects.filter(pk=profile.user.pk).exists()
    response = client.post(DELETE, {"password": PASSWORD})
    assert response["Location"] == "/professionals/account/deleted/"
    assert not get_user_model().objects.filter(pk=profile.user.pk).exists()
    assert not ProfessionalProfile.objects.exists()
    assert SESSION_KEY not in client.session
    assert "We have deleted your account" in client.get(response["Location"]).content.decode()


def test_a_deleted_account_leaves_no_email_or_reason_in_the_log(client, home_page, admin_user):
    profile = make_professional("someone@example.org", ProfessionalStatus.WAITING)
    services.professional_approve(
        profile=profile, user=admin_user, reason="Seen on the staff list."
    )
    entry = ModelLogEntry.objects.get(action="schools.professional_approved")
    assert "someone@example.org" in entry.label
    client.force_login(profile.user)
    client.post(DELETE, {"password": PASSWORD})
    entry.refresh_from_db()
    assert entry.label == "Deleted professional account"
    assert entry.data == {}
    assert entry.user == admin_user  # who decided, and when, stays


def test_an_editor_cannot_delete_their_account_here(client, admin_user, sign_in_verified):
    sign_in_verified(client, admin_user)
    response = client.post(DELETE, {"password": "password"})
    assert response.status_code == 302
    assert get_user_model().objects.filter(pk=admin_user.pk).exists()


# --- Editors decide -----------------------------------------------------------------


@pytest.fixture
def decider(db, sign_in_verified, client):
    """An editor (the Editors group: set up after migrate to decide on accounts)."""
    user = get_user_model().objects.create_user("decider", "decider@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="Editors"))
    sign_in_verified(client, user)
    return user


def decide_url(profile):
    return reverse("professional_accounts:decide", args=[profile.pk])


def test_the_list_shows_accounts_waiting_first(client, decider):
    make_professional("approved@example.org", ProfessionalStatus.APPROVED)
    make_professional("waiting@example.org", ProfessionalStatus.WAITING)
    make_professional("refused@example.org", ProfessionalStatus.REFUSED)
    response = client.get(reverse("professional_accounts:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("waiting@example.org") < html.index("refused@example.org")
    assert html.index("waiting@example.org") < html.index("approved@example.org")
    filtered = client.get(reverse("professional_accounts:index") + "?status=waiting")
    assert "approved@example.org" not in filtered.content.decode()


def test_the_list_takes_the_same_queries_however_many_accounts(
    client, decider, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("professional_accounts:index")
    make_professional("first@example.org", ProfessionalStatus.WAITING)
    client.get(url)  # warm the settings and content-type caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(10):
        make_professional(f"p{n}@example.org", ProfessionalStatus.WAITING)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.content.decode().count("@example.org") >= 11


def test_editors_can_edit_the_allowed_domains(client, decider):
    url = reverse("wagtailsettings:edit", args=["schools", "professionalaccesssettings"])
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(url)  # the generic setting's own page
    assert ".sch.uk" in response.content.decode()


def test_an_editor_approves_with_a_reason(client, decider):
    profile = make_professional("someone@example.org", ProfessionalStatus.WAITING)
    response = client.post(decide_url(profile), {"decision": "approve", "reason": ""})
    assert response.status_code == 400
    assert "Give a reason" in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == ProfessionalStatus.WAITING
    response = client.post(
        decide_url(profile), {"decision": "approve", "reason": "Listed on the school's website."}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == ProfessionalStatus.APPROVED
    assert profile.decided_by == decider
    assert profile.decided_at is not None
    assert profile.decision_reason == "Listed on the school's website."
    assert profile.user.groups.filter(name="Professionals").exists()
    assert mail.outbox[-1].to == ["someone@example.org"]
    assert "approved" in mail.outbox[-1].body
    entry = ModelLogEntry.objects.get(action="schools.professional_approved")
    assert entry.user == decider
    assert entry.data["reason"] == "Listed on the school's website."


def test_an_editor_refuses_with_a_reason_that_is_emailed(client, decider):
    profile = make_professional("someone@example.org", ProfessionalStatus.APPROVED)
    response = client.post(
        decide_url(profile), {"decision": "refuse", "reason": "We could not confirm your role."}
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == ProfessionalStatus.REFUSED
    assert not profile.user.groups.exists()
    assert "We could not confirm your role." in mail.outbox[-1].body
    assert ModelLogEntry.objects.filter(action="schools.professional_refused").count() == 1


def test_editors_cannot_add_accounts_and_deleting_one_deletes_the_person(client, admin_client):
    # Wagtail answers a refusal with the dashboard and a message.
    for method in (admin_client.get, admin_client.post):
        response = method(reverse("professional_accounts:add"), {"organisation": "X", "role": "Y"})
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not ProfessionalProfile.objects.exists()
    profile = make_professional("someone@example.org", ProfessionalStatus.REFUSED)
    response = admin_client.post(reverse("professional_accounts:delete", args=[profile.pk]))
    assert response.status_code == 302
    assert not get_user_model().objects.filter(email="someone@example.org").exists()
    assert ModelLogEntry.objects.get(action="wagtail.delete").label == (
        "Deleted professional account"
    )


def test_deciding_needs_the_permission(client, sign_in_verified):
    from django.contrib.auth.models import Permission

    moderator = get_user_model().objects.create_user("mod", password=PASSWORD)
    group = Group.objects.create(name="Admin only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    moderator.groups.add(group)
    sign_in_verified(client, moderator)
    profile = make_professional("someone@example.org", ProfessionalStatus.WAITING)
    assert client.get(decide_url(profile)).status_code in (302, 403)
    response = client.post(decide_url(profile), {"decision": "approve", "reason": "Yes."})
    assert response.status_code in (302, 403)
    profile.refresh_from_db()
    assert profile.status == ProfessionalStatus.WAITING


def test_deciding_is_a_post_with_csrf(decider, sign_in_verified):
    from django.test import Client

    csrf_client = sign_in_verified(Client(enforce_csrf_checks=True), decider)
    profile = make_professional("someone@example.org", ProfessionalStatus.WAITING)
    response = csrf_client.post(decide_url(profile), {"decision": "approve", "reason": "Yes."})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.status == ProfessionalStatus.WAITING


# --- Set-up and the daily purge ---------------------------------------------------


def test_the_group_and_restricted_collection_exist_after_migrate():
    group = Group.objects.get(name="Professionals")
    collection = Collection.objects.get(name="Professionals only")
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    assert list(restriction.groups.all()) == [group]
    editors = Group.objects.get(name="Editors")
    assert editors.permissions.filter(codename="change_professionalprofile").exists()


def test_the_set_up_command_puts_them_back(capsys):
    Collection.objects.filter(name="Professionals only").delete()
    Group.objects.filter(name="Professionals").delete()
    call_command("setup_professional_access")
    call_command("setup_professional_access")
    assert Collection.objects.filter(name="Professionals only").count() == 1
    restriction = CollectionViewRestriction.objects.get(collection__name="Professionals only")
    assert [g.name for g in restriction.groups.all()] == ["Professionals"]


def test_unconfirmed_accounts_are_deleted_after_the_limit(settings):
    old = make_professional("old@example.org", ProfessionalStatus.UNVERIFIED)
    recent = make_professional("recent@example.org", ProfessionalStatus.UNVERIFIED)
    waiting = make_professional("waiting@example.org", ProfessionalStatus.WAITING)
    long_ago = timezone.now() - timedelta(days=settings.PROFESSIONAL_UNVERIFIED_DAYS, hours=1)
    ProfessionalProfile.objects.filter(pk__in=[old.pk, waiting.pk]).update(created_at=long_ago)
    result = purge_unverified_professionals.enqueue()
    assert result.return_value == {"unverified": 1, "refused": 0, "idle": 0, "warned": 0}
    emails = set(get_user_model().objects.values_list("email", flat=True))
    assert emails == {"recent@example.org", "waiting@example.org"}
    assert recent.pk and ProfessionalProfile.objects.count() == 2


def test_refused_and_unused_accounts_are_deleted_with_a_warning_first(settings):
    now = timezone.now()
    refused_long_ago = make_professional("refused-old@example.org", ProfessionalStatus.REFUSED)
    refused_lately = make_professional("refused-new@example.org", ProfessionalStatus.REFUSED)
    ProfessionalProfile.objects.filter(pk=refused_long_ago.pk).update(
        decided_at=now - timedelta(days=settings.PROFESSIONAL_REFUSED_DAYS, hours=1),
        decision_reason="Not a professional address",
    )
    ProfessionalProfile.objects.filter(pk=refused_lately.pk).update(
        decided_at=now - timedelta(days=settings.PROFESSIONAL_REFUSED_DAYS - 1)
    )
    idle = settings.PROFESSIONAL_IDLE_DAYS
    unused = make_professional("unused@example.org", ProfessionalStatus.APPROVED)
    signed_in_lately = make_professional("active@example.org", ProfessionalStatus.APPROVED)
    never_signed_in = make_professional("never@example.org", ProfessionalStatus.APPROVED)
    to_warn = make_professional("warn@example.org", ProfessionalStatus.APPROVED)
    editor = make_professional("editor@example.org", ProfessionalStatus.APPROVED)
    editor.user.groups.add(Group.objects.get(name="Editors"))
    User = get_user_model()
    User.objects.filter(pk=unused.user_id).update(last_login=now - timedelta(days=idle, hours=1))
    User.objects.filter(pk__in=[signed_in_lately.user_id]).update(
        last_login=now - timedelta(days=idle - 1)
    )
    ProfessionalProfile.objects.filter(pk=signed_in_lately.pk).update(
        created_at=now - timedelta(days=idle * 2)
    )
    ProfessionalProfile.objects.filter(pk=never_signed_in.pk).update(
        created_at=now - timedelta(days=idle, hours=1)
    )
    User.objects.filter(pk=to_warn.user_id).update(
        last_login=now - timedelta(days=idle - services.IDLE_WARNING_DAYS, hours=1)
    )
    User.objects.filter(pk=editor.user_id).update(last_login=now - timedelta(days=idle * 2))
    mail.outbox.clear()

    result = purge_unverified_professionals.enqueue()

    assert result.return_value == {"unverified": 0, "refused": 1, "idle": 2, "warned": 1}
    emails = set(User.objects.values_list("email", flat=True))
    assert emails == {
        "refused-new@example.org",
        "active@example.org",
        "warn@example.org",
        "editor@example.org",  # never an account that can open the admin
    }
    assert not ProfessionalProfile.objects.filter(decision_reason="Not a professional address")
    [warning] = mail.outbox
    assert warning.to == ["warn@example.org"]
    assert "will be deleted soon" in warning.subject
    assert "in 30 days" in warning.body and "sign in" in warning.body
    # The next day's run does not warn again.
    mail.outbox.clear()
    services.refused_and_idle_accounts_purge(now=now + timedelta(days=1))
    assert mail.outbox == []


def test_the_purge_runs_daily():
    job = next(job for job in schedule.jobs() if job.name == "purge_unverified_professionals")
    assert job.daily_at is not None
    assert job.task is purge_unverified_professionals


# --- The rest of the site -----------------------------------------------------------


def test_ordinary_pages_set_no_cookies_for_anonymous_readers(client, home_page):
    client.get(REGISTER)  # a form page sets the CSRF cookie ...
    client.cookies.clear()
    response = client.get("/")  # ... an ordinary page never does
    assert response.status_code == 200
    assert response.cookies == {}
