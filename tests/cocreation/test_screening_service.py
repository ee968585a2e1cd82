"""Screening on arrival: what is stored, the moderators' copy, and the safeguarding leads."""

import json

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError

import pytest

from cocreation.factories import SubmissionFactory
from cocreation.models import SafeguardingRecord, ScreeningSettings, SubmissionLogEntry
from cocreation.services.moderation import submission_start_review
from cocreation.services.screening import submission_screen
from cocreation.tasks import screen_submission

pytestmark = pytest.mark.django_db

WITH_DETAILS = "Hi my name is Jo Bloggs. Text me on 07700 900123 or jo@example.com, bye!"
WITH_DISCLOSURE = "My uncle hurts me and says it is our secret."


@pytest.fixture
def lead(django_user_model):
    user = django_user_model.objects.create(username="lead", email="lead@example.org")
    user.groups.add(Group.objects.get(name="Safeguarding leads"))
    return user


def screen(submission, capture):
    with capture(execute=True):
        return submission_screen(submission=submission)


def test_it_stores_kinds_and_places_never_what_was_found(django_capture_on_commit_callbacks):
    submission = SubmissionFactory(title="By Jo Bloggs", text=WITH_DETAILS)
    screened = screen(submission, django_capture_on_commit_callbacks)
    screened.refresh_from_db()
    assert screened.screened_at is not None
    assert screened.personal_details_found == [
        {"field": "title", "kind": "name", "start": 3, "end": 12},
        {"field": "text", "kind": "name", "start": 14, "end": 23},
        {"field": "text", "kind": "phone", "start": 36, "end": 48},
        {"field": "text", "kind": "email", "start": 52, "end": 66},
    ]
    stored = json.dumps(screened.personal_details_found)
    for detail in ("Jo Bloggs", "07700", "jo@example.com"):
        assert detail not in stored
    # The original is kept exactly as sent.
    assert screened.text == WITH_DETAILS and screened.title == "By Jo Bloggs"


def test_it_prepares_the_moderators_copy_with_the_details_removed(
    django_capture_on_commit_callbacks,
):
    submission = SubmissionFactory(title="By Jo Bloggs", text=WITH_DETAILS)
    screened = screen(submission, django_capture_on_commit_callbacks)
    screened.refresh_from_db()
    assert screened.published_title == "By [removed]"
    assert screened.published_text == (
        "Hi my name is [removed]. Text me on [removed] or [removed], bye!"
    )


def test_it_puts_the_redacted_copy_in_the_revision_moderators_edit(
    home_page, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(text=WITH_DETAILS)
    submission_start_review(submission=submission)
    screened = screen(submission, django_capture_on_commit_callbacks)
    draft = screened.get_latest_revision_as_object()
    assert draft.published_text.startswith("Hi my name is [removed].")
    assert draft.text == WITH_DETAILS


def test_it_never_overwrites_a_copy_a_moderator_has_changed(django_capture_on_commit_callbacks):
    submission = SubmissionFactory(text=WITH_DETAILS, published_text="A moderator's version.")
    screened = screen(submission, django_capture_on_commit_callbacks)
    screened.refresh_from_db()
    assert screened.published_text == "A moderator's version."
    assert screened.published_title == screened.title  # nothing to remove there


def test_a_disclosure_emails_the_safeguarding_leads_group(
    lead, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create(username="editor", email="editor@example.org")
    submission = SubmissionFactory(text=WITH_DISCLOSURE)
    screened = screen(submission, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["lead@example.org"]]
    assert submission.reference in mail.outbox[0].subject
    assert "hurts me" not in mail.outbox[0].body  # the child's words stay in the admin
    record = SafeguardingRecord.objects.get(submission=submission)
    assert record.raised_by is None
    assert record.reason.splitlines()[1:] == ["- hurts me", "- our secret"]
    screened.refresh_from_db()
    assert screened.needs_safeguarding


def test_a_disclosure_in_the_title_counts_too(lead, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(title="Not safe at home", text="A poem.")
    screen(submission, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert SafeguardingRecord.objects.get().reason.endswith("- not safe at home")


def test_screening_twice_raises_no_second_concern(lead, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(text=WITH_DISCLOSURE)
    screen(submission, django_capture_on_commit_callbacks)
    screen(submission, django_capture_on_commit_callbacks)
    assert SafeguardingRecord.objects.filter(submission=submission).count() == 1
    assert len(mail.outbox) == 1


def test_a_phrase_added_to_the_list_later_raises_a_concern_for_that_phrase_only(
    lead, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(text=WITH_DISCLOSURE + " He buys me vapes.")
    screen(submission, django_capture_on_commit_callbacks)
    screening = ScreeningSettings.load()
    screening.disclosure_phrases += "\nbuys me vapes"
    screening.save()
    screen(submission, django_capture_on_commit_callbacks)
    reasons = list(
        SafeguardingRecord.objects.filter(submission=submission)
        .order_by("pk")
        .values_list("reason", flat=True)
    )
    assert [reason.splitlines()[1:] for reason in reasons] == [
        ["- hurts me", "- our secret"],
        ["- buys me vapes"],
    ]
    assert len(mail.outbox) == 2


def test_nothing_found_sends_no_email_and_changes_no_copy(lead, django_capture_on_commit_callbacks):
    submission = SubmissionFactory()
    screened = screen(submission, django_capture_on_commit_callbacks)
    screened.refresh_from_db()
    assert mail.outbox == []
    assert not SafeguardingRecord.objects.exists()
    assert screened.personal_details_found == []
    assert screened.published_text == screened.text
    assert not screened.needs_safeguarding


def test_the_editable_school_list_is_used(django_capture_on_commit_callbacks):
    screening = ScreeningSettings.load()
    screening.school_names = "Hillside\n\nSt Mary's\n"
    screening.save()
    submission = SubmissionFactory(text="We made this at hillside with st marys.")
    screened = screen(submission, django_capture_on_commit_callbacks)
    assert [d["kind"] for d in screened.personal_details_found] == ["school", "school"]
    assert screened.published_text == "We made this at [removed] with [removed]."


def test_the_editable_phrase_list_is_used(lead, django_capture_on_commit_callbacks):
    screening = ScreeningSettings.load()
    screening.disclosure_phrases = "/he (hit|kicked) me/"
    screening.save()
    submission = SubmissionFactory(text="He hurts me. Then he kicked me.")
    screen(submission, django_capture_on_commit_callbacks)
    assert SafeguardingRecord.objects.get().reason.splitlines()[1:] == ["- /he (hit|kicked) me/"]


def test_screening_writes_an_audit_entry_naming_kinds_only(django_capture_on_commit_callbacks):
    submission = SubmissionFactory(text=WITH_DETAILS)
    screen(submission, django_capture_on_commit_callbacks)
    entry = SubmissionLogEntry.objects.get(action="cocreation.screened")
    assert entry.object_id == str(submission.pk)
    assert entry.data == {
        "personal_details": ["email", "name", "phone"],
        "possible_disclosure": False,
    }
    assert entry.message == "Screened for personal details and possible disclosures"


def test_the_task_screens_the_submission(lead, django_capture_on_commit_callbacks):
    submission = SubmissionFactory(text=WITH_DISCLOSURE)
    with django_capture_on_commit_callbacks(execute=True):
        result = screen_submission.enqueue(submission.pk)
    assert result.return_value == submission.reference
    submission.refresh_from_db()
    assert submission.screened_at is not None and submission.needs_safeguarding
    assert len(mail.outbox) == 1


# --- The settings: who may edit them, and what they accept ---


def test_a_broken_regular_expression_is_refused_with_a_full_sentence():
    screening = ScreeningSettings(disclosure_phrases="hurts me\n/he (hit|kicked me/")
    with pytest.raises(ValidationError) as caught:
        screening.full_clean()
    assert caught.value.message_dict["disclosure_phrases"] == [
        "Line 2, /he (hit|kicked me/, is written between slashes, so it is read as a regular "
        "expression, but it is not a valid one (missing ), unterminated subpattern). Please "
        "correct it, or remove the slashes to match the words as written."
    ]


def test_plain_phrases_and_valid_regular_expressions_are_accepted():
    ScreeningSettings(disclosure_phrases="hurts me\n/he (hit|kicked) me/\n# a note\n/").full_clean()


def settings_url():
    return f"/admin/settings/cocreation/screeningsettings/{ScreeningSettings.load().pk}/"


def test_only_users_with_the_change_permission_can_open_the_screening_settings(
    client, django_user_model, sign_in_verified, admin_client
):
    editor = django_user_model.objects.create(username="editor", email="editor@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    sign_in_verified(client, editor)
    refused = client.get(settings_url())
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # Wagtail's "no"

    editor.groups.clear()
    leads = Group.objects.get(name="Safeguarding leads")
    leads.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="change_screeningsettings"),
    )
    editor.groups.add(leads)
    assert client.get(settings_url()).status_code == 200
    assert admin_client.get(settings_url()).status_code == 200


def test_saving_a_broken_regular_expression_in_the_admin_shows_the_error(admin_client):
    response = admin_client.post(
        settings_url(), {"disclosure_phrases": "/he (hit/", "school_names": ""}
    )
    assert response.status_code == 200
    assert "is written between slashes" in response.content.decode()
    assert ScreeningSettings.load().disclosure_phrases != "/he (hit/"
