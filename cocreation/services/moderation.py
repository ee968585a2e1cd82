"""Moderation: into the workflow, decisions, and safeguarding outcomes."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from cocreation.models import RejectReason, Submission, SubmissionStatus


class WrongState(Exception):
    """A service was asked to act on a submission in a state it does not act on."""


@transaction.atomic
def submission_start_review(*, submission: Submission) -> Submission:
    """Send a submission into its moderation workflow (see STACK-NOTES: a public
    submission is saved as a draft, gets a first revision, and its workflow starts)."""
    if submission.status not in (SubmissionStatus.AWAITING_CONSENT, SubmissionStatus.IN_REVIEW):
        raise WrongState(f"{submission.reference} is {submission.status}, not waiting for review.")
    if submission.get_workflow() is None:
        raise WrongState("No moderation workflow is assigned to submissions.")
    submission.live = False
    submission.set_status(SubmissionStatus.IN_REVIEW)
    submission.save()
    revision = submission.save_revision(user=None, log_action=False)
    submission.get_workflow().start(submission, user=None)
    log(instance=submission, action="cocreation.review_started", revision=revision)
    return submission


def _current_task_state(submission):
    state = submission.current_workflow_state
    return state, (
        state.current_task_state.specific if state and state.current_task_state else None
    )


@transaction.atomic
def submission_request_changes(
    *, submission: Submission, task_state, user, note: str
) -> Submission:
    """A reviewer sends the moderators' copy back with a note (Wagtail's "request
    changes"); whoever edits it resubmits it to the same step."""
    if submission.status != SubmissionStatus.IN_REVIEW:
        raise WrongState(f"{submission.reference} is {submission.status}, not in review.")
    if not note.strip():
        raise WrongState("Changes can only be requested with a note saying what to change.")
    task_state.reject(user=user, comment=note)
    submission.set_status(SubmissionStatus.NEEDS_CHANGES)
    submission.save(update_fields=["status", "status_changed_at"])
    log(
        instance=submission,
        action="cocreation.changes_requested",
        user=user,
        data={"task": task_state.task.name},
    )
    return submission


@transaction.atomic
def submission_review_resumed(*, submission: Submission, user=None) -> Submission:
    """A step of the workflow started again after changes were requested: back in review.
    (Called by SubmissionReviewTask.start; does nothing in any other state.)"""
    if submission.status == SubmissionStatus.NEEDS_CHANGES:
        submission.set_status(SubmissionStatus.IN_REVIEW)
        submission.save(update_fields=["status", "status_changed_at"])
        log(instance=submission, action="cocreation.review_resumed", user=user)
    return submission


@transaction.atomic
def submission_reject(*, submission: Submission, user, reason: str, note: str = "") -> Submission:
    """Turn the work down for a recorded reason: it leaves the workflow and is
    never published (retention deletes it later)."""
    if submission.status not in (SubmissionStatus.IN_REVIEW, SubmissionStatus.NEEDS_CHANGES):
        raise WrongState(f"{submission.reference} is {submission.status}, not in review.")
    if reason not in RejectReason.values:
        raise WrongState(f"{reason!r} is not a reason for rejecting.")
    if reason == RejectReason.OTHER and not note.strip():
        raise WrongState("A rejection for another reason needs a note.")
    state = submission.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    now = timezone.now()
    submission.set_status(SubmissionStatus.REJECTED)
    submission.decided_at = now
    submission.reject_reason = reason
    submission.reject_note = note
    submission.save(
        update_fields=["status", "status_changed_at", "decided_at", "reject_reason", "reject_note"]
    )
    log(
        instance=submission,
        action="cocreation.rejected",
        user=user,
        data={"reason": reason},
    )
    return submission


def _safeguarding_task(workflow):
    tasks = workflow.tasks.specific()
    for task in tasks:
        if (
            getattr(task, "groups", None) is not None
            and task.groups.filter(name=settings.SAFEGUARDING_LEADS_GROUP).exists()
        ):
            return task
    return tasks.first()


@transaction.atomic
def submission_escalate(*, submission: Submission, user, note: str):
    """A reviewer is worried about the child: open a safeguarding record (the
    leads are emailed at once) and send the work back to the Safeguarding check,
    where it waits until a lead records an outcome."""
    from cocreation.services.safeguarding import safeguarding_raise

    if submission.status in (SubmissionStatus.REJECTED, SubmissionStatus.WITHDRAWN):
        raise WrongState(f"{submission.reference} is {submission.status}.")
    if not note.strip():
        raise WrongState("A concern needs a note saying what worried you.")
    record = safeguarding_raise(submission=submission, reason=note, raised_by=user)
    state, task_state = _current_task_state(submission)
    if state is not None and state.status in (state.STATUS_IN_PROGRESS, state.STATUS_NEEDS_CHANGES):
        check = _safeguarding_task(state.workflow)
        if (
            task_state is None
            or task_state.task_id != check.pk
            or state.status != state.STATUS_IN_PROGRESS
        ):
            if task_state is not None and task_state.status == task_state.STATUS_IN_PROGRESS:
                # Cancelled without moving the workflow on (TaskState.cancel would start the next step).
                task_state.status = task_state.STATUS_CANCELLED
                task_state.finished_at = timezone.now()
                task_state.finished_by = user
                task_state.comment = note
                task_state.save(update_fields=["status", "finished_at", "finished_by", "comment"])
            state.status = state.STATUS_IN_PROGRESS
            state.save(update_fields=["status"])
            state.update(user=user, next_task=check)
    if submission.status == SubmissionStatus.NEEDS_CHANGES:
        submission.set_status(SubmissionStatus.IN_REVIEW)
        submission.save(update_fields=["status", "status_changed_at"])
    log(
        instance=submission,
        action="cocreation.escalated",
        user=user,
        data={"record": record.pk},
    )
    return record
