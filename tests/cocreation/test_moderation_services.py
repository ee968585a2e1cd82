"""Moderation services: each refuses a wrong state, changes the right things and
writes an audit entry."""

from django.core import mail
from django.core.exceptions import PermissionDenied

from wagtail.models import WorkflowState

import pytest

from cocreation.models import (
    RejectReason,
    SafeguardingOutcome,
    SubmissionLogEntry,
    SubmissionStatus,
)
from cocreation.services.moderation import (
    WrongState,
    submission_escalate,
    submission_reject,
)
from cocreation.services.safeguarding import (
    OpenSafeguardingConcern,
    safeguarding_close,
    safeguarding_outcome_record,
    safeguarding_raise,
)

from .reviewers import EDITORS, LEADS, PANEL, act, reviewer, submission_in_review

pytestmark = pytest.mark.django_db


def actions(submission):
    return list(
        SubmissionLogEntry.objects.for_instance(submission)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_three_approvals_publish_the_moderators_copy(home_page):
    lead, panel, editor = reviewer(LEADS), reviewer(PANEL), reviewer(EDITORS)
    submission = submission_in_review()
    assert submission.current_workflow_task.name == "Safeguarding check"
    act(submission, lead)
    assert submission.current_workflow_task.name == "Youth panel review"
    act(submission, panel)
    assert submission.current_workflow_task.name == "Editorial sign-off"
    act(submission, editor)
    assert submission.live
    assert submission.status == SubmissionStatus.PUBLISHED
    assert submission.published_at is not None
    assert actions(submission).count("wagtail.workflow.approve") == 3
    assert "cocreation.published_in_gallery" in actions(submission)


def test_only_the_steps_group_may_act(home_page):
    panel, editor = reviewer(PANEL), reviewer(EDITORS)
    submission = submission_in_review()
    task = submission.current_workflow_task
    assert task.get_actions(submission, panel) == []
    assert task.get_actions(submission, editor) == []


def test_request_changes_needs_a_note_and_comes_back_to_the_same_step(home_page):
    lead, panel = reviewer(LEADS), reviewer(PANEL)
    submission = submission_in_review()
    act(submission, lead)
    act(submission, panel, "reject", comment="Take out the name of the park.")
    assert submission.status == SubmissionStatus.NEEDS_CHANGES
    state = submission.workflow_states.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Take out the name of the park."
    assert "cocreation.changes_requested" in actions(submission)
    # Resubmitted (the edit view's "Resubmit"): back at the youth panel's step, in review.
    state.resume(user=lead)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert submission.current_workflow_task.name == "Youth panel review"
    assert "cocreation.review_resumed" in actions(submission)


def test_request_changes_without_a_note_is_refused(home_page):
    lead = reviewer(LEADS)
    submission = submission_in_review()
    with pytest.raises(WrongState):
        act(submission, lead, "reject", comment="  ")
    assert submission.status == SubmissionStatus.IN_REVIEW


def test_reject_with_a_reason_code(home_page):
    lead, panel = reviewer(LEADS), reviewer(PANEL)
    submission = submission_in_review()
    act(submission, lead)
    act(submission, panel, "reject-with-reason", reason=RejectReason.NOT_ON_BRIEF, note="")
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.reject_reason == RejectReason.NOT_ON_BRIEF
    assert submission.decided_at is not None
    assert not submission.live
    assert submission.current_workflow_state is None
    assert submission.workflow_states.get().status == WorkflowState.STATUS_CANCELLED
    assert "cocreation.rejected" in actions(submission)


def test_reject_refuses_a_wrong_state_and_a_made_up_reason(home_page):
    lead = reviewer(LEADS)
    submission = submission_in_review()
    with pytest.raises(WrongState):
        submission_reject(submission=submission, user=lead, reason="boring", note="")
    with pytest.raises(WrongState):
        submission_reject(submission=submission, user=lead, reason=RejectReason.OTHER, note="")
    submission_reject(submission=submission, user=lead, reason=RejectReason.DUPLICATE, note="")
    with pytest.raises(WrongState):
        submission_reject(submission=submission, user=lead, reason=RejectReason.DUPLICATE, note="")


def test_escalate_opens_a_record_emails_the_leads_and_goes_back_to_the_safeguarding_check(
    home_page, django_capture_on_commit_callbacks
):
    lead, panel = reviewer(LEADS), reviewer(PANEL)
    submission = submission_in_review()
    act(submission, lead)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(submission, panel, "escalate", note="They say an older boy gives them money.")
    assert submission.needs_safeguarding
    record = submission.safeguarding_records.get()
    assert record.raised_by == panel and not record.has_outcome
    alerts = [message for message in mail.outbox if message.subject.startswith("Safeguarding")]
    assert [message.to for message in alerts] == [[lead.email]]
    assert submission.reference in alerts[0].subject
    assert submission.current_workflow_task.name == "Safeguarding check"
    # Nothing moves on, and nothing is published or deleted, until an outcome.
    assert "approve" not in [
        name for name, *_ in submission.current_workflow_task.get_actions(submission, lead)
    ]
    with pytest.raises(OpenSafeguardingConcern):
        submission.latest_revision.publish()
    with pytest.raises(OpenSafeguardingConcern):
        submission.delete()
    assert "cocreation.escalated" in actions(submission)
    assert "cocreation.safeguarding_raised" in actions(submission)


def test_escalate_needs_a_note(home_page):
    lead = reviewer(LEADS)
    submission = submission_in_review()
    with pytest.raises(WrongState):
        submission_escalate(submission=submission, user=lead, note="")
    assert not submission.safeguarding_records.exists()


def test_an_outcome_unblocks_publish_and_delete_and_closing_keeps_the_record(home_page):
    lead, panel, editor = reviewer(LEADS), reviewer(PANEL), reviewer(EDITORS)
    submission = submission_in_review()
    record = safeguarding_raise(submission=submission, reason="A phrase matched.")
    with pytest.raises(WrongState):
        safeguarding_close(record=record, user=lead)  # no outcome yet
    safeguarding_outcome_record(
        record=record,
        user=lead,
        outcome=SafeguardingOutcome.SCHOOL_OR_GROUP,
        action_taken="Called the school's safeguarding lead.",
    )
    record.refresh_from_db()
    submission.refresh_from_db()
    assert record.recorded_by == lead and record.recorded_at is not None
    assert not submission.needs_safeguarding
    act(submission, lead)
    act(submission, panel)
    act(submission, editor)
    assert submission.live and submission.status == SubmissionStatus.PUBLISHED
    safeguarding_close(record=record, user=lead)
    record.refresh_from_db()
    assert record.closed_at is not None
    assert "cocreation.safeguarding_outcome_recorded" in actions(submission)
    assert "cocreation.safeguarding_closed" in actions(submission)
    submission.delete()
    record.refresh_from_db()
    assert record.submission is None and record.submission_reference


def test_the_submission_stays_held_while_any_record_is_open(home_page):
    lead = reviewer(LEADS)
    submission = submission_in_review()
    first = safeguarding_raise(submission=submission, reason="One.")
    safeguarding_raise(submission=submission, reason="Two.")
    safeguarding_outcome_record(
        record=first,
        user=lead,
        outcome=SafeguardingOutcome.NO_FURTHER_ACTION,
        action_taken="Read it.",
    )
    submission.refresh_from_db()
    assert submission.needs_safeguarding
    with pytest.raises(OpenSafeguardingConcern):
        submission.delete()


@pytest.mark.parametrize("group", [PANEL, EDITORS])
def test_only_a_safeguarding_lead_records_an_outcome(home_page, group):
    submission = submission_in_review()
    record = safeguarding_raise(submission=submission, reason="A phrase matched.")
    with pytest.raises(PermissionDenied):
        safeguarding_outcome_record(
            record=record,
            user=reviewer(group),
            outcome=SafeguardingOutcome.NO_FURTHER_ACTION,
            action_taken="Nothing.",
        )
    record.refresh_from_db()
    assert not record.has_outcome
