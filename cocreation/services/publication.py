"""Publication: an approved contribution goes into its call's gallery."""

from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log

from cocreation.models import Submission, SubmissionStatus


@transaction.atomic
def submission_after_publish(*, submission: Submission, user=None) -> Submission:
    """Called by ``Submission.publish`` once Wagtail has made the moderators'
    copy live: record the new state."""
    now = timezone.now()
    submission.set_status(SubmissionStatus.PUBLISHED)
    submission.published_at = submission.published_at or now
    submission.decided_at = submission.decided_at or now
    submission.save(update_fields=["status", "status_changed_at", "published_at", "decided_at"])
    log(instance=submission, action="cocreation.published_in_gallery", user=user)
    return submission
