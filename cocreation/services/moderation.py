"""Moderation: into the workflow, decisions, and safeguarding outcomes."""

from django.db import transaction

from wagtail.log_actions import log

from cocreation.models import Submission, SubmissionStatus


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
