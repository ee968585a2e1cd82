"""Retention: what is kept about a contribution, and for how long.

``contributions_purge`` runs daily (a scheduled job, see cocreation/apps.py) and
as `django-admin purge_contributions`. The periods are settings
(site/config/settings/base.py); "older than N days" is strictly older:

- Work still **awaiting a parent's consent** is deleted CONTRIBUTION_CONSENT_DAYS
  after the parent or carer was asked (``consent_requested_at``: the email goes
  only once screening has run, and the link is signed then, so it has expired
  by then too), or after it was sent (``submitted_at``) if nobody was asked.
- **Rejected** work is deleted CONTRIBUTION_REJECTED_DAYS after the decision
  (``decided_at``, or when its status last changed if no decision time is set).
- **Withdrawn** work: the withdrawal takes it off the site and deletes its
  pictures. Who sent it (name, area, parent's email) goes at the next purge:
  the byline was part of the published work and goes with it. The record
  itself (reference, dates, what happened) is kept as long as rejected work,
  CONTRIBUTION_REJECTED_DAYS after the withdrawal (``status_changed_at``), so
  that a question about it can be answered, then deleted.
- **Published** work stays published. CONTRIBUTION_CONTACT_DAYS after
  publication the contact details are removed: the parent's or carer's email
  (used only to ask for consent and to say the work was published). The first
  name or nickname and the area stay while the byline shows them (the child
  agreed to that byline, and it is part of the published work); if the child
  did not agree to a byline they are not shown, so they go too.
- Pictures kept between two tries of the form (``PendingUpload``) are deleted
  CONTRIBUTION_PENDING_UPLOAD_HOURS after they were made.
- Work in review or waiting for changes is never deleted: it is still being
  decided, may hold a disclosure, and the parent may need telling when it is
  published. Work left there longer than CONTRIBUTION_REVIEW_STALE_DAYS (since
  its status last changed) is counted, and the safeguarding leads are emailed
  the count (never a title or a reference), so that it reaches a person.
- A **group code's leader email** is blanked GROUP_CODE_EMAIL_DAYS after the
  code is finished with: after its call closed, or, for a code switched off,
  after it was last used (or made, if never used). Never while work sent with
  it is still awaiting consent, in review or waiting for changes (the leader
  is told when it is published), nor while any of it has an open safeguarding
  concern. The group's name, the code and the call stay, for the record.

Storage files go with their rows, once the transaction commits (Django never
deletes a file when a row is deleted): each submitted picture, each pending
upload, and any image-library copy made from deleted work (through Wagtail's
own image deletion, which also removes its renditions).

**Safeguarding comes first.** Nothing about a submission is deleted or blanked
while it has a safeguarding record that is not closed (no outcome, or not
closed by a lead) or is marked as needing safeguarding: the report counts it
as held. Safeguarding records are kept until a lead closes them; a closed
record whose submission has gone is deleted CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS
after it was closed.

Wagtail's audit log keeps its entries about deleted submissions (the record
of who did what); they are labelled with the reference alone
(cocreation/models/audit.py), never the work's title. The purge writes one summary entry of counts, never anything
about a child.
"""

import datetime
import logging
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreation.models import (
    GroupCode,
    PendingUpload,
    SafeguardingRecord,
    Submission,
    SubmissionDetails,
    SubmissionImage,
    SubmissionLogEntry,
    SubmissionStatus,
)

logger = logging.getLogger(__name__)

PURGE_ACTION = "cocreation.contributions_purged"


@dataclass
class PurgeReport:
    """Counts only (the audit entry holds these); `references` lists what went,
    by reference, for the command's output and never for the log."""

    awaiting_consent_deleted: int = 0
    rejected_deleted: int = 0
    withdrawn_deleted: int = 0
    withdrawn_details_removed: int = 0
    contact_details_removed: int = 0
    pictures_deleted: int = 0
    library_images_deleted: int = 0
    pending_uploads_deleted: int = 0
    safeguarding_records_deleted: int = 0
    group_leader_emails_removed: int = 0
    stale_in_review: int = 0
    held_for_safeguarding: int = 0
    dry_run: bool = False
    references: dict = field(default_factory=dict, repr=False)

    def counts(self):
        data = asdict(self)
        data.pop("references")
        data.pop("dry_run")
        return data

    @property
    def submissions_deleted(self):
        return self.awaiting_consent_deleted + self.rejected_deleted + self.withdrawn_deleted


def days(n):
    return datetime.timedelta(days=n)


def open_safeguarding():
    """True for a submission that must not be touched: a safeguarding record
    with no outcome or not closed, or the needs-safeguarding mark."""
    return Q(needs_safeguarding=True) | Q(
        Exists(
            SafeguardingRecord.objects.filter(submission=OuterRef("pk")).filter(
                Q(closed_at__isnull=True) | Q(recorded_at__isnull=True)
            )
        )
    )


def due_for_deletion(now):
    """Submissions past their period, by reason (safeguarding not yet applied)."""
    return {
        "awaiting_consent": Submission.objects.alias(
            asked=Coalesce("consent_requested_at", "submitted_at")
        ).filter(
            status=SubmissionStatus.AWAITING_CONSENT,
            asked__lt=now - days(settings.CONTRIBUTION_CONSENT_DAYS),
        ),
        "rejected": Submission.objects.alias(
            decided=Coalesce("decided_at", "status_changed_at")
        ).filter(
            status=SubmissionStatus.REJECTED,
            decided__lt=now - days(settings.CONTRIBUTION_REJECTED_DAYS),
        ),
        "withdrawn": Submission.objects.filter(
            status=SubmissionStatus.WITHDRAWN,
            status_changed_at__lt=now - days(settings.CONTRIBUTION_REJECTED_DAYS),
        ),
    }


@transaction.atomic
def contributions_purge(*, now=None, dry_run=False) -> PurgeReport:
    """Delete or blank what has passed its retention period (see the module's
    docstring). With `dry_run`, count and list what would go and change nothing."""
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run)
    files = []  # (storage, name) to delete once the transaction commits

    # Safeguarding records first: only those already without a submission, so
    # a record outlives its submission by at least one run.
    records = SafeguardingRecord.objects.filter(
        submission__isnull=True,
        closed_at__isnull=False,
        recorded_at__isnull=False,
        closed_at__lt=now - days(settings.CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS),
    )
    report.references["safeguarding_records"] = sorted(
        records.values_list("submission_reference", flat=True)
    )
    report.safeguarding_records_deleted = len(report.references["safeguarding_records"])
    if not dry_run:
        records.delete()

    submission_type = ContentType.objects.get_for_model(Submission)
    deleted = []  # primary keys, so that a dry run does not count them twice below
    for reason, due in due_for_deletion(now).items():
        report.held_for_safeguarding += due.filter(open_safeguarding()).count()
        # Locked, so a concern raised meanwhile waits for this transaction
        # (and then finds the submission gone) rather than racing it.
        submissions = list(
            due.exclude(open_safeguarding()).select_for_update(of=("self",)).order_by("pk")
        )
        report.references[reason] = [submission.reference for submission in submissions]
        setattr(report, f"{reason}_deleted", len(submissions))
        deleted.extend(submission.pk for submission in submissions)
        for submission in submissions:
            pictures = list(
                SubmissionImage.objects.filter(submission=submission).select_related(
                    "published_image"
                )
            )
            report.pictures_deleted += len(pictures)
            for picture in pictures:
                if picture.published_image is not None:
                    report.library_images_deleted += 1
                    if not dry_run:
                        # Wagtail deletes the file and its renditions on commit.
                        picture.published_image.delete()
                files.append((picture.file.storage, picture.file.name))
            if dry_run:
                continue
            submission.delete()  # details, pictures, revisions and workflow states cascade

    # Withdrawn work: the byline went with the work; nothing of who sent it stays.
    withdrawn = SubmissionDetails.objects.filter(
        Q(submission__status=SubmissionStatus.WITHDRAWN)
        & (~Q(name="") | Q(area__isnull=False) | ~Q(parent_email=""))
    ).exclude(
        Q(submission__in=Submission.objects.filter(open_safeguarding())) | Q(submission__in=deleted)
    )
    report.references["withdrawn_details"] = sorted(
        withdrawn.values_list("submission__reference", flat=True)
    )
    report.withdrawn_details_removed = len(report.references["withdrawn_details"])
    if not dry_run:
        withdrawn.update(name="", area=None, parent_email="", contact_purged_at=now)

    # Published work: the contact email goes; the byline stays if it is shown.
    contact = SubmissionDetails.objects.filter(
        submission__status=SubmissionStatus.PUBLISHED,
        submission__published_at__lt=now - days(settings.CONTRIBUTION_CONTACT_DAYS),
        contact_purged_at__isnull=True,
    ).exclude(submission__in=Submission.objects.filter(open_safeguarding()))
    report.references["contact_details"] = sorted(
        contact.values_list("submission__reference", flat=True)
    )
    report.contact_details_removed = len(report.references["contact_details"])
    if not dry_run:
        contact.filter(submission__consent_to_byline=True).update(
            parent_email="", contact_purged_at=now
        )
        contact.filter(submission__consent_to_byline=False).update(
            name="", area=None, parent_email="", contact_purged_at=now
        )

    uploads = list(
        PendingUpload.objects.filter(
            created_at__lt=now
            - datetime.timedelta(hours=settings.CONTRIBUTION_PENDING_UPLOAD_HOURS)
        )
    )
    report.pending_uploads_deleted = len(uploads)
    if not dry_run:
        files.extend((upload.file.storage, upload.file.name) for upload in uploads)
        PendingUpload.objects.filter(pk__in=[upload.pk for upload in uploads]).delete()

    codes = dict(group_codes_finished(now).exclude(leader_email="").values_list("pk", "code"))
    report.references["group_codes"] = sorted(codes.values())
    report.group_leader_emails_removed = len(codes)
    if not dry_run:
        GroupCode.objects.filter(pk__in=list(codes)).update(leader_email="")

    report.stale_in_review = stale_in_review(now).count()

    if dry_run:
        return report
    transaction.on_commit(lambda: delete_files(files))
    if report.stale_in_review:
        count = report.stale_in_review
        transaction.on_commit(lambda: tell_leads_about_stale_work(count))
    SubmissionLogEntry.objects.create(
        content_type=submission_type,
        object_id="0",  # about no one submission: none has the key 0
        label="Retention purge",
        action=PURGE_ACTION,
        timestamp=now,
        data=report.counts(),
    )
    return report


UNDECIDED = [
    SubmissionStatus.AWAITING_CONSENT,
    SubmissionStatus.IN_REVIEW,
    SubmissionStatus.NEEDS_CHANGES,
]


def group_codes_finished(now):
    """Codes whose leader's email is no longer needed (see the module's docstring)."""
    cutoff = now - days(settings.GROUP_CODE_EMAIL_DAYS)
    sent_with = Submission.objects.filter(group_code=OuterRef("pk"))
    return (
        GroupCode.objects.annotate(
            last_used=Coalesce(Max("submissions__submitted_at"), "created_at")
        )
        .filter(
            Q(call__closes_on__lt=timezone.localdate(now) - days(settings.GROUP_CODE_EMAIL_DAYS))
            | Q(active=False, last_used__lt=cutoff)
        )
        .exclude(Exists(sent_with.filter(status__in=UNDECIDED)))
        .exclude(Exists(sent_with.filter(open_safeguarding())))
    )


def stale_in_review(now):
    """Work in review or waiting for changes whose status has not changed for
    CONTRIBUTION_REVIEW_STALE_DAYS. Never deleted: counted, for a person."""
    return Submission.objects.filter(
        status__in=[SubmissionStatus.IN_REVIEW, SubmissionStatus.NEEDS_CHANGES],
        status_changed_at__lt=now - days(settings.CONTRIBUTION_REVIEW_STALE_DAYS),
    )


def tell_leads_about_stale_work(count):
    """Email the safeguarding leads how many contributions are stuck: a count
    and where to look, never a title, a reference or anything a child wrote."""
    from cocreation.services.safeguarding import safeguarding_leads

    recipients = sorted(set(safeguarding_leads().values_list("email", flat=True)))
    if not recipients:
        return
    stale_days = settings.CONTRIBUTION_REVIEW_STALE_DAYS
    subject = _("Clearsight: contributions waiting more than %(days)s days") % {"days": stale_days}
    body = _(
        "Hello,\n\n"
        "%(count)s contribution(s) have been in review, or waiting for changes, for "
        "more than %(days)s days. They are never deleted while they wait, and "
        "any of them may hold a disclosure, so please make sure someone decides "
        "each one.\n\n"
        "Find them in the admin under Contributions: %(link)s\n"
    ) % {
        "count": count,
        "days": stale_days,
        "link": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/",
    }
    send_mail(subject, body, None, recipients)


def delete_files(files):
    for storage, name in files:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:
            # The row is gone; a file left behind is logged for someone to remove.
            logger.exception("Retention purge: could not delete a stored file.")
