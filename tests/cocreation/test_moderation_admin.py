"""The submissions queue and the workflow actions, through the real admin views,
signed in with both factors as each role."""

import datetime
import io
import re

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

import pytest
from PIL import Image

from cocreation.models import (
    RejectReason,
    SafeguardingOutcome,
    SubmissionImage,
    SubmissionLogEntry,
    SubmissionStatus,
)
from cocreation.services.safeguarding import safeguarding_raise
from home.models import Area

from .reviewers import EDITORS, LEADS, MODERATORS, PANEL, act, reviewer, submission_in_review

pytestmark = pytest.mark.django_db

NAME, AREA, EMAIL = "Zephyrine", "Little Whinging", "parent.of.z@example.org"


def url(name, *args):
    return reverse(f"wagtailsnippets_cocreation_submission:{name}", args=args)


@pytest.fixture
def as_role(client, sign_in_verified):
    def sign_in(group):
        user = reviewer(group)
        sign_in_verified(client, user)
        return user

    return sign_in


def with_details(submission):
    details = submission.details
    details.name = NAME
    details.area = Area.objects.create(name=AREA, slug="little-whinging")
    details.parent_email = EMAIL
    details.save()
    return submission


def edit_form_post(client, submission, data):
    """Post the edit form as a browser would: with the hidden fields the form
    carries (Wagtail checks the revision the editor loaded)."""
    html = client.get(url("edit", submission.pk)).content.decode()
    hidden = dict(
        re.findall(
            r'<input type="hidden" name="((?:loaded_)?revision_[a-z_]+)" value="([^"]*)"', html
        )
    )
    return client.post(url("edit", submission.pk), {**hidden, **data})


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "orange").save(buffer, "PNG")
    return buffer.getvalue()


def add_picture(submission):
    return SubmissionImage.objects.create(
        submission=submission, file=ContentFile(png_bytes(), name="drawing.png")
    )


def refused(response, client=None):
    """Wagtail refuses an admin page either with 403 or by sending the user back
    to the dashboard with "Sorry, you do not have permission" (following any
    redirect inside the section first, given the client)."""
    for _hop in range(3):
        if response.status_code == 403:
            return True
        if response.status_code != 302:
            return False
        if response["Location"] == reverse("wagtailadmin_home"):
            return True
        if client is None:
            return False
        response = client.get(response["Location"])
    return False


# --- The queue -------------------------------------------------------------------


def test_listing_shows_status_flags_and_time_waiting_with_flagged_work_first(
    home_page, client, as_role
):
    older = submission_in_review(title="Older, calm")
    flagged = submission_in_review(
        title="Newer, flagged", personal_details_found=[{"kind": "email", "start": 0, "end": 3}]
    )
    type(older).objects.filter(pk=older.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=3, hours=1)
    )
    safeguarding_raise(submission=flagged, reason="A phrase matched.")
    as_role(EDITORS)
    response = client.get(url("list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer, flagged") < html.index("Older, calm")
    assert "Safeguarding concern" in html and "Personal details found" in html
    assert "In review" in html
    assert "3\xa0days" in html or "3&nbsp;days" in html


def test_listing_filters_and_searches(home_page, client, as_role):
    submission_in_review(title="About buses")
    flagged = submission_in_review(title="About trains")
    safeguarding_raise(submission=flagged, reason="A phrase matched.")
    as_role(LEADS)
    html = client.get(url("list"), {"needs_safeguarding": "true"}).content.decode()
    assert "About trains" in html and "About buses" not in html
    html = client.get(url("list"), {"q": "buses"}).content.decode()
    assert "About buses" in html and "About trains" not in html


@pytest.mark.parametrize("group", [EDITORS, MODERATORS, PANEL])
def test_awaiting_consent_is_invisible_to_reviewers(home_page, client, as_role, group):
    waiting = submission_in_review(title="Waiting for a parent")
    type(waiting).objects.filter(pk=waiting.pk).update(status=SubmissionStatus.AWAITING_CONSENT)
    as_role(group)
    assert "Waiting for a parent" not in client.get(url("list")).content.decode()
    for name in ("edit", "inspect", "history"):
        assert client.get(url(name, waiting.pk)).status_code == 404


def test_leads_see_awaiting_consent_only_with_a_safeguarding_record(home_page, client, as_role):
    waiting = submission_in_review(title="Waiting for a parent")
    type(waiting).objects.filter(pk=waiting.pk).update(status=SubmissionStatus.AWAITING_CONSENT)
    as_role(LEADS)
    assert "Waiting for a parent" not in client.get(url("list")).content.decode()
    assert client.get(url("edit", waiting.pk)).status_code == 404
    safeguarding_raise(submission=waiting, reason="A phrase matched.")
    assert "Waiting for a parent" in client.get(url("list")).content.decode()
    assert client.get(url("edit", waiting.pk)).status_code == 200


def test_youth_panel_sees_work_only_once_it_reaches_their_step(home_page, client, as_role):
    submission = submission_in_review(title="Still at the safeguarding check")
    panel = as_role(PANEL)
    assert "Still at the safeguarding check" not in client.get(url("list")).content.decode()
    assert client.get(url("edit", submission.pk)).status_code == 404
    act(submission, reviewer(LEADS))
    assert "Still at the safeguarding check" in client.get(url("list")).content.decode()
    assert client.get(url("edit", submission.pk)).status_code == 200
    assert panel.groups.get().name == PANEL


# --- Who sees who sent it ---------------------------------------------------------


def panel_pages(client, submission):
    revisions = list(submission.revisions.order_by("pk").values_list("pk", flat=True))
    pages = {
        "list": client.get(url("list")),
        "search": client.get(url("list"), {"q": submission.title}),
        "edit": client.get(url("edit", submission.pk)),
        "inspect": client.get(url("inspect", submission.pk)),
        "history": client.get(url("history", submission.pk)),
    }
    pages["compare"] = client.get(
        url("revisions_compare", submission.pk, revisions[0], revisions[-1])
    )
    return pages


def test_youth_panel_never_sees_name_area_or_contact(home_page, client, as_role):
    submission = with_details(submission_in_review(title="My poster"))
    act(submission, reviewer(LEADS))
    as_role(PANEL)
    submission.published_title = "Our poster"
    submission.save_revision()
    pages = panel_pages(client, submission)
    assert pages["edit"].status_code == 200 and pages["inspect"].status_code == 200
    assert "My poster" in pages["edit"].content.decode()  # the work, yes
    assert "Ages 14 to 17" in pages["inspect"].content.decode()  # and the age band
    for name, response in pages.items():
        html = response.content.decode()
        assert NAME not in html and AREA not in html and EMAIL not in html, name
    for address in (
        reverse("wagtailusers_users:index"),
        reverse("wagtailsettings:edit", args=["cocreation", "screeningsettings"]),
        reverse("cocreation_safeguarding_records"),
    ):
        assert refused(client.get(address), client), address


@pytest.mark.parametrize("group", [EDITORS, MODERATORS])
def test_editors_see_name_and_area_but_not_the_email(home_page, client, as_role, group):
    submission = with_details(submission_in_review())
    as_role(group)
    html = client.get(url("edit", submission.pk)).content.decode()
    assert NAME in html and AREA in html
    assert EMAIL not in html


def test_leads_see_everything(home_page, client, as_role):
    submission = with_details(submission_in_review())
    as_role(LEADS)
    html = client.get(url("edit", submission.pk)).content.decode()
    assert NAME in html and AREA in html and EMAIL in html


def test_the_original_is_shown_not_edited_and_the_copy_is_saved(home_page, client, as_role):
    submission = submission_in_review(
        title="Call me",
        text="Ring 07700 900123 if you are sad. <b>Really</b>",
        personal_details_found=[{"kind": "phone", "start": 5, "end": 17}],
    )
    picture = add_picture(submission)
    as_role(LEADS)  # the work is at their step: Wagtail locks it to everyone else
    html = client.get(url("edit", submission.pk)).content.decode()
    assert '<mark class="cs-finding" title="phone number">07700 900123' in html
    assert "&lt;b&gt;Really&lt;/b&gt;" in html and "<b>Really</b>" not in html
    assert 'name="title"' not in html and 'name="text"' not in html
    response = edit_form_post(
        client,
        submission,
        {
            "published_title": "Call someone",
            "published_text": "Ring a friend if you are sad.",
            "title": "Changed!",
            "text": "Changed!",
            f"picture-{picture.pk}-shown": "1",
            f"picture-{picture.pk}-publish": "on",
            f"picture-{picture.pk}-alt_text": "An orange square.",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    original = ("Call me", "Ring 07700 900123 if you are sad. <b>Really</b>")
    assert (submission.title, submission.text) == original
    latest = submission.get_latest_revision_as_object()
    assert latest.published_title == "Call someone"
    assert (latest.title, latest.text) == original
    picture.refresh_from_db()
    assert picture.publish and picture.alt_text == "An orange square."


def test_a_picture_to_publish_needs_a_description(home_page, client, as_role):
    submission = submission_in_review()
    picture = add_picture(submission)
    as_role(LEADS)  # the work is at their step: Wagtail locks it to everyone else
    response = edit_form_post(
        client,
        submission,
        {
            "published_title": "A title",
            "published_text": "Some text.",
            f"picture-{picture.pk}-shown": "1",
            f"picture-{picture.pk}-publish": "on",
            f"picture-{picture.pk}-alt_text": "",
        },
    )
    assert response.status_code == 200
    assert "describe it for people who cannot see it." in response.content.decode()


# --- Pictures -------------------------------------------------------------------------


def test_pictures_are_served_only_to_users_who_may_see_the_submission(home_page, client, as_role):
    submission = submission_in_review()
    picture = add_picture(submission)
    address = reverse("cocreation_submission_picture", args=[picture.pk])
    anonymous = client.get(address)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    as_role(PANEL)  # the work is still at the safeguarding check
    assert client.get(address).status_code == 404
    client.logout()
    as_role(EDITORS)
    response = client.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    assert {"private", "no-store"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    html = client.get(url("edit", submission.pk)).content.decode()
    assert address in html and picture.file.url not in html


# --- Workflow actions through the admin ------------------------------------------------


def post_action(client, submission, action, data=None):
    submission.refresh_from_db()
    task_state = submission.current_workflow_task_state
    return client.post(url("workflow_action", submission.pk, action, task_state.pk), data or {})


def logged(submission):
    return set(SubmissionLogEntry.objects.for_instance(submission).values_list("action", flat=True))


def test_approve_through_all_three_steps_publishes(home_page, client, sign_in_verified):
    submission = submission_in_review()
    for group in (LEADS, PANEL, EDITORS):
        sign_in_verified(client, reviewer(group))
        assert post_action(client, submission, "approve").status_code == 302
        client.logout()
    submission.refresh_from_db()
    assert submission.live and submission.status == SubmissionStatus.PUBLISHED
    assert {"wagtail.workflow.approve", "cocreation.published_in_gallery"} <= logged(submission)


def test_request_changes_with_a_note(home_page, client, as_role):
    submission = submission_in_review()
    as_role(LEADS)
    assert post_action(client, submission, "reject", {"comment": ""}).status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW  # no note, no change
    post_action(client, submission, "reject", {"comment": "Remove the street name."})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEEDS_CHANGES
    assert {"wagtail.workflow.reject", "cocreation.changes_requested"} <= logged(submission)


def test_reject_with_a_reason_code(home_page, client, as_role):
    submission = submission_in_review()
    act(submission, reviewer(LEADS))
    as_role(PANEL)
    response = post_action(
        client, submission, "reject-with-reason", {"reason": RejectReason.HARMFUL, "note": ""}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED and not submission.live
    assert submission.reject_reason == RejectReason.HARMFUL
    assert "cocreation.rejected" in logged(submission)


def test_escalate_then_an_outcome_unblocks_publish_and_delete(
    home_page, client, sign_in_verified, mailoutbox, django_capture_on_commit_callbacks
):
    lead, panel = reviewer(LEADS), reviewer(PANEL)
    submission = submission_in_review()
    act(submission, lead)
    sign_in_verified(client, panel)
    with django_capture_on_commit_callbacks(execute=True):
        post_action(client, submission, "escalate", {"note": "I am worried about this child."})
    submission.refresh_from_db()
    record = submission.safeguarding_records.get()
    assert submission.needs_safeguarding
    assert submission.current_workflow_task.name == "Safeguarding check"
    assert any(lead.email in message.to for message in mailoutbox)
    # The youth panel no longer sees it; nobody can approve it on.
    assert client.get(url("edit", submission.pk)).status_code == 404
    client.logout()
    sign_in_verified(client, lead)
    assert refused(post_action(client, submission, "approve"))
    assert (
        client.post(url("delete", submission.pk)).status_code != 302
        or type(submission).objects.filter(pk=submission.pk).exists()
    )
    # The lead records an outcome on the record's page.
    page = reverse("cocreation_safeguarding_record", args=[record.pk])
    assert client.get(reverse("cocreation_safeguarding_records")).status_code == 200
    response = client.post(
        page,
        {"outcome": SafeguardingOutcome.NO_FURTHER_ACTION, "action_taken": "Spoke to the school."},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.recorded_by == lead and record.has_outcome
    submission.refresh_from_db()
    assert not submission.needs_safeguarding
    assert post_action(client, submission, "approve").status_code == 302
    assert {
        "cocreation.escalated",
        "cocreation.safeguarding_raised",
        "cocreation.safeguarding_outcome_recorded",
    } <= logged(submission)
    client.post(reverse("cocreation_safeguarding_record_close", args=[record.pk]))
    record.refresh_from_db()
    assert record.closed_at is not None
    assert client.post(url("delete", submission.pk)).status_code == 302
    assert not type(submission).objects.filter(pk=submission.pk).exists()


def test_editors_have_no_publish_button_outside_the_workflow(home_page, client, as_role):
    submission = submission_in_review()
    act(submission, reviewer(LEADS))
    act(submission, reviewer(PANEL))
    as_role(EDITORS)  # at their step, the editor signs off with "Approve and Publish"
    html = client.get(url("edit", submission.pk)).content.decode()
    assert 'name="action-publish"' not in html
    response = edit_form_post(
        client,
        submission,
        {"published_title": "T", "published_text": "X", "action-publish": "action-publish"},
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert not submission.live


def test_the_youth_panel_cannot_take_work_out_of_review(home_page, client, as_role):
    submission = submission_in_review()
    act(submission, reviewer(LEADS))
    as_role(PANEL)
    html = client.get(url("edit", submission.pk)).content.decode()
    assert "Approve" in html
    assert 'name="action-cancel-workflow"' not in html
    response = edit_form_post(
        client,
        submission,
        {"published_title": "T", "published_text": "X", "action-cancel-workflow": "1"},
    )
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.current_workflow_task.name == "Youth panel review"


# --- The audit log -------------------------------------------------------------------


def test_site_history_shows_submissions_only_to_those_who_may_see_who_sent_them(
    home_page, client, as_role
):
    submission = submission_in_review(title="A worrying story")
    safeguarding_raise(submission=submission, reason="A phrase matched.")
    site_history = reverse("wagtailadmin_reports:site_history")
    as_role(PANEL)
    html = client.get(site_history).content.decode()
    assert "A worrying story" not in html and submission.reference not in html
    client.logout()
    as_role(LEADS)
    html = client.get(site_history).content.decode()
    assert submission.reference in html and "Safeguarding concern raised" in html
    assert "A worrying story" not in html  # entries name the reference, never the title


def test_the_youth_panel_cannot_read_a_submissions_history(home_page, client, as_role):
    submission = submission_in_review(title="At the panel's step")
    act(submission, reviewer(LEADS))
    as_role(PANEL)
    assert client.get(url("edit", submission.pk)).status_code == 200
    assert client.get(url("history", submission.pk)).status_code == 404
    client.logout()
    as_role(EDITORS)
    assert client.get(url("history", submission.pk)).status_code == 200
