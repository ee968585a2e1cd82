"""Safeguarding: a concern goes to a person, at once, and holds the work still.

A concern (raised by screening or by a reviewer) opens a ``SafeguardingRecord``,
marks the submission ``needs_safeguarding`` (first in every queue) and emails
every member of the safeguarding leads' group. Until a lead records an outcome
the submission can be neither published nor deleted (``ensure_no_open_concern``).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from django_tasks import task

from cocreation.models import SafeguardingRecord, Submission


class OpenSafeguardingConcern(PermissionDenied):
    """The submission has a safeguarding record with no outcome yet."""


def ensure_no_open_concern(submission: Submission, action: str) -> None:
    if submission.pk and submission.has_open_concern():
        raise OpenSafeguardingConcern(
            _(
                "This submission cannot be %(action)s until a safeguarding lead records an "
                "outcome for the concern about it."
            )
            % {"action": action}
        )


@transaction.atomic
def safeguarding_raise(
    *, submission: Submission, reason: str, raised_by=None
) -> SafeguardingRecord:
    """Open a concern about a submission and tell the safeguarding leads at once."""
    record = SafeguardingRecord.objects.create(
        submission=submission,
        submission_reference=submission.reference,
        reason=reason,
        raised_by=raised_by,
    )
    Submission.objects.filter(pk=submission.pk).update(needs_safeguarding=True)
    submission.needs_safeguarding = True
    log(instance=submission, action="cocreation.safeguarding_raised", user=raised_by)
    transaction.on_commit(lambda: notify_safeguarding_leads.enqueue(record.pk))
    return record


def safeguarding_leads():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=settings.SAFEGUARDING_LEADS_GROUP)
        .exclude(email="")
    )


@task()
def notify_safeguarding_leads(record_id):
    """Email every safeguarding lead. The email names the reference and links to
    the admin: the child's words stay in the admin, behind sign-in."""
    record = SafeguardingRecord.objects.filter(pk=record_id).first()
    if record is None:
        return 0
    recipients = sorted(set(safeguarding_leads().values_list("email", flat=True)))
    if not recipients:
        return 0
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_home")
    subject = _("Safeguarding: submission %(reference)s needs a lead now") % {
        "reference": record.submission_reference
    }
    body = _(
        "A submission sent to Clearsight may hold a disclosure of harm, or a reviewer has "
        "raised a concern about it.\n\n"
        "Reference: %(reference)s\n"
        "Raised: %(raised)s\n\n"
        "Please sign in and read it now: %(link)s\n\n"
        "It cannot be published or deleted until a safeguarding lead records an outcome."
    ) % {
        "reference": record.submission_reference,
        "raised": record.raised_at.strftime("%d %B %Y %H:%M"),
        "link": link,
    }
    send_mail(subject, body, None, recipients)
    return len(recipients)


def _ensure_may_record(user):
    if not user.has_perm("cocreation.record_safeguarding_outcome"):
        raise PermissionDenied(_("Only a safeguarding lead can record an outcome."))


def _release_submission_if_clear(submission):
    """The work is held while any record about it has no outcome."""
    if submission is None:
        return
    still_open = submission.has_open_concern()
    Submission.objects.filter(pk=submission.pk).update(needs_safeguarding=still_open)
    submission.needs_safeguarding = still_open


def _log_record(record, action, user, **data):
    # The submission's history shows the concern's life; a record whose
    # submission was deleted logs against itself.
    instance = record.submission or record
    log(instance=instance, action=action, user=user, data={"record": record.pk, **data})


@transaction.atomic
def safeguarding_outcome_record(
    *, record: SafeguardingRecord, user, outcome: str, action_taken: str
) -> SafeguardingRecord:
    """A safeguarding lead records what was done. Once no record about the work
    is without an outcome, it may be published or deleted again."""
    from cocreation.models import SafeguardingOutcome
    from cocreation.services.moderation import WrongState

    _ensure_may_record(user)
    record = SafeguardingRecord.objects.select_for_update().get(pk=record.pk)
    if record.closed_at is not None:
        raise WrongState(f"Safeguarding record {record.pk} is closed.")
    if outcome not in SafeguardingOutcome.values:
        raise WrongState(f"{outcome!r} is not a safeguarding outcome.")
    if not action_taken.strip():
        raise WrongState("An outcome needs a note of what was done.")
    record.outcome = outcome
    record.action_taken = action_taken
    record.recorded_by = user
    record.recorded_at = timezone.now()
    record.save(update_fields=["outcome", "action_taken", "recorded_by", "recorded_at"])
    _release_submission_if_clear(record.submission)
    _log_record(record, "cocreation.safeguarding_outcome_recorded", user, outcome=outcome)
    return record


@transaction.atomic
def safeguarding_close(*, record: SafeguardingRecord, user) -> SafeguardingRecord:
    """A safeguarding lead closes a record that has an outcome. Records are kept
    until closed (retention never removes an open one)."""
    from cocreation.services.moderation import WrongState

    _ensure_may_record(user)
    record = SafeguardingRecord.objects.select_for_update().get(pk=record.pk)
    if record.closed_at is not None:
        raise WrongState(f"Safeguarding record {record.pk} is already closed.")
    if not record.has_outcome:
        raise WrongState("A record can be closed only once its outcome is recorded.")
    record.closed_at = timezone.now()
    record.save(update_fields=["closed_at"])
    _release_submission_if_clear(record.submission)
    _log_record(record, "cocreation.safeguarding_closed", user)
    return record
