"""Data rights (home/governance/data_rights/): children's contributions found by
a parent's or carer's email, their safeguarding records, and group codes found
by the group leader's email.

What "erase" means here:

- a contribution found by the parent's email: the whole contribution (it is
  the child's work, sent with that parent's consent), taken off the site
  everywhere as a withdrawal does, then deleted; its pictures (and their
  copies in the image library) leave storage when the erasure commits.
  Refused while a safeguarding concern about it is open (no outcome, or not
  closed, or marked as needing safeguarding).
- a safeguarding record: never erased here. An open one waits for a
  safeguarding lead; a closed one holds no email (only the reference) and the
  retention purge deletes it CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS after it closed.
- a group code: the leader's email is blanked and the code stops working; the
  code stays, because the group's contributions refer to it (it is why they
  needed no parent's consent).
"""

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreation.models import (
    GroupCode,
    SafeguardingRecord,
    Submission,
    SubmissionImage,
    SubmissionStatus,
)
from cocreation.services.publication import submission_withdraw
from cocreation.services.retention import open_safeguarding
from home.governance.data_rights.registry import Kind, Refused, register


def day(value):
    return date_format(value, "j F Y") if value else _("an unknown date")


# --- Contributions ----------------------------------------------------------------


def find_submissions(email=None, code=None):
    if not email:
        return []
    return list(
        Submission.objects.filter(details__parent_email__iexact=email)
        .select_related("details", "details__area", "age_band", "call")
        .order_by("submitted_at", "pk")
    )


def describe_submission(submission):
    return _(
        "Parent's or carer's email on a contribution sent on %(date)s (reference %(reference)s)"
    ) % {"date": day(submission.submitted_at), "reference": submission.reference}


def submission_files(submission):
    return [(picture.file.storage, picture.file.name) for picture in submission.images.all()]


def export_submission(submission):
    details = submission.details
    return {
        "reference": submission.reference,
        "call": submission.call.title if submission.call else "",
        "title": submission.title,
        "text": submission.text,
        "title_to_publish": submission.published_title,
        "text_to_publish": submission.published_text,
        "age_band": str(submission.age_band),
        "status": submission.get_status_display(),
        "sent": submission.submitted_at,
        "parental_consent_given": submission.consented_at,
        "published": submission.published_at,
        "agreed_to_share": submission.consent_to_share,
        "agreed_to_byline": submission.consent_to_byline,
        "first_name_or_nickname": details.name,
        "area": str(details.area) if details.area else "",
        "parent_or_carer_email": details.parent_email,
    }


def erase_submission(submission, user):
    locked = Submission.objects.select_for_update(of=("self",)).filter(pk=submission.pk)
    if locked.filter(open_safeguarding()).exists():
        raise Refused(
            _(
                "A safeguarding concern about this contribution is still open. A safeguarding "
                "lead must record an outcome and close it before it can be erased."
            )
        )
    submission = locked.get()
    # The pictures first, as the retention purge does: their files leave storage
    # only when the whole erasure commits, and the library copies with their
    # renditions go through Wagtail (also on commit).
    pictures = list(submission.images.select_related("published_image"))
    files = [(picture.file.storage, picture.file.name) for picture in pictures]
    SubmissionImage.objects.filter(pk__in=[picture.pk for picture in pictures]).delete()
    for picture in pictures:
        if picture.published_image is not None:
            picture.published_image.delete()
    if submission.status != SubmissionStatus.WITHDRAWN:
        # Off the site everywhere: gallery, resource, cached pages, workflow.
        submission_withdraw(submission=submission)
    submission.delete()  # details, revisions and workflow states cascade
    return files


register(
    Kind(
        key="cocreation.submission",
        label=gettext_lazy("Contribution"),
        find=find_submissions,
        describe=describe_submission,
        export=export_submission,
        erase=erase_submission,
        date=lambda submission: submission.submitted_at,
        files=submission_files,
        order=10,
    )
)


# --- Safeguarding records -----------------------------------------------------


def find_safeguarding_records(email=None, code=None):
    if not email:
        return []
    return list(
        SafeguardingRecord.objects.filter(submission__details__parent_email__iexact=email).order_by(
            "raised_at", "pk"
        )
    )


def record_is_open(record):
    return not (record.closed_at and record.recorded_at and record.outcome)


def describe_safeguarding_record(record):
    words = {
        "date": day(record.raised_at),
        "reference": record.submission_reference,
    }
    if record_is_open(record):
        return _("Open safeguarding record raised on %(date)s (contribution %(reference)s)") % words
    return _("Closed safeguarding record raised on %(date)s (contribution %(reference)s)") % words


def export_safeguarding_record(record):
    # What was raised and done is left out: a safeguarding lead decides what
    # of it may be shared with the person asking.
    return {
        "contribution_reference": record.submission_reference,
        "raised": record.raised_at,
        "outcome_recorded": record.recorded_at,
        "closed": record.closed_at,
    }


def erase_safeguarding_record(record, user):
    if record_is_open(record):
        raise Refused(
            _(
                "This safeguarding record is still open. Only a safeguarding lead can close "
                "it, and it is never erased while open."
            )
        )
    raise Refused(
        _(
            "Safeguarding records are kept for the safeguarding lead. This one holds no email, "
            "only the contribution's reference, and is deleted %(days)s days after it was "
            "closed by the retention purge."
        )
        % {"days": settings.CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS}
    )


register(
    Kind(
        key="cocreation.safeguardingrecord",
        label=gettext_lazy("Safeguarding record"),
        find=find_safeguarding_records,
        describe=describe_safeguarding_record,
        export=export_safeguarding_record,
        erase=erase_safeguarding_record,
        date=lambda record: record.raised_at,
        order=20,
    )
)


# --- Group codes --------------------------------------------------------------------


def find_group_codes(email=None, code=None):
    if not email:
        return []
    return list(
        GroupCode.objects.filter(leader_email__iexact=email)
        .select_related("call")
        .order_by("created_at", "pk")
    )


def describe_group_code(group_code):
    return _("Group leader's email on the group code %(code)s, made on %(date)s") % {
        "code": group_code.code,
        "date": day(group_code.created_at),
    }


def export_group_code(group_code):
    return {
        "code": group_code.code,
        "group": group_code.group_name,
        "group_leader_email": group_code.leader_email,
        "call": group_code.call.title,
        "can_be_used": group_code.active,
        "made": group_code.created_at,
    }


def erase_group_code(group_code, user):
    GroupCode.objects.filter(pk=group_code.pk).update(leader_email="", active=False)
    return []


register(
    Kind(
        key="cocreation.groupcode",
        label=gettext_lazy("Group code"),
        find=find_group_codes,
        describe=describe_group_code,
        export=export_group_code,
        erase=erase_group_code,
        date=lambda group_code: group_code.created_at,
        order=30,
    )
)
