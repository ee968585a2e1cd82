"""Intake: a child's work arrives, and (under 13) waits for a parent's or carer's yes."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cocreation.models import (
    Submission,
    SubmissionDetails,
    SubmissionImage,
    SubmissionStatus,
)
from cocreation.services.moderation import WrongState, submission_start_review

CONSENT_SALT = "cocreation.consent"


# --- The parent's link ------------------------------------------------------


def consent_token(submission: Submission) -> str:
    return signing.TimestampSigner(salt=CONSENT_SALT).sign(submission.reference)


def consent_max_age():
    return settings.CONTRIBUTION_CONSENT_DAYS * 24 * 60 * 60


def reference_from_consent_token(token: str) -> str:
    """The reference in a consent link; raises ``signing.SignatureExpired`` when
    the link is older than CONTRIBUTION_CONSENT_DAYS, ``signing.BadSignature``
    when it was changed."""
    return signing.TimestampSigner(salt=CONSENT_SALT).unsign(token, max_age=consent_max_age())


def site_root_url(call) -> str:
    site = call.get_site() if call is not None else None
    root = site.root_url if site is not None else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def consent_url(submission: Submission) -> str:
    return site_root_url(submission.call) + reverse(
        "cocreation:consent", args=[consent_token(submission)]
    )


def send_consent_request(submission: Submission, parent_email: str) -> None:
    """Email the parent or carer a link to the consent page. The email holds
    nothing the child wrote (not even the title): only that their child sent
    something for a named call, and the link, behind which the work is shown."""
    days = settings.CONTRIBUTION_CONSENT_DAYS
    subject = _("Your child has sent some work to Clearsight")
    body = _(
        "Hello,\n\n"
        "Your child has sent us some work for our call “%(call)s”. Clearsight helps "
        "children and young people stay safe.\n\n"
        "Because your child is under 13, nobody will use their work until you say "
        "yes. Please open this link to see what they sent, and tell us if you "
        "agree:\n\n%(link)s\n\n"
        "The link works for %(days)s days. If you do not agree, or do nothing, we "
        "will delete the work.\n\n"
        "If you did not expect this email, you can ignore it.\n\n"
        "Reference: %(reference)s\n"
    ) % {
        "call": submission.call.title if submission.call else "",
        "link": consent_url(submission),
        "days": days,
        "reference": submission.reference,
    }
    send_mail(subject, body, None, [parent_email])


@transaction.atomic
def submission_request_consent(*, submission: Submission) -> bool:
    """Ask the parent or carer, once screening has run and raised no concern.

    Called by the screening task (cocreation/tasks.py) after every screening.
    The email goes at most once (``consent_requested_at``), only for work
    awaiting consent that screening has looked at, and never for work with a
    safeguarding concern (the mark, or any record, even a closed one): the
    parent may be the person the child is telling us about, so a safeguarding
    lead decides. The consent window (CONTRIBUTION_CONSENT_DAYS) counts from
    ``consent_requested_at``: the link is signed when the email is sent, and
    the retention purge counts from the same moment. Returns whether it sent.
    """
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("call")
        .filter(pk=submission.pk)
        .first()
    )
    if (
        submission is None
        or submission.status != SubmissionStatus.AWAITING_CONSENT
        or submission.consent_requested_at is not None
        or submission.screened_at is None
        or submission.needs_safeguarding
        or submission.safeguarding_records.exists()
    ):
        return False
    details = SubmissionDetails.objects.filter(submission=submission).first()
    parent_email = details.parent_email if details is not None else ""
    if not parent_email:
        return False
    submission.consent_requested_at = timezone.now()
    submission.save(update_fields=["consent_requested_at"])
    transaction.on_commit(lambda: send_consent_request(submission, parent_email))
    return True


# --- Services ---------------------------------------------------------------


@transaction.atomic
def submission_create(
    *,
    call,
    age_band,
    title: str,
    text: str,
    name: str = "",
    area=None,
    parent_email: str = "",
    group_code=None,
    group_leader_confirmed_consent: bool = False,
    consent_to_share: bool,
    consent_to_byline: bool,
    images=(),
) -> Submission:
    """Store a child's work as sent, with who sent it kept apart.

    ``images`` are files already screened (``home.uploads.screen_image``).
    Work from under-13s without a group code waits in AWAITING_CONSENT, with
    no revision and no workflow, until a parent or carer agrees; everything
    else goes straight into review. Screening runs in the background, and only
    then is the parent or carer asked (``submission_request_consent``).
    """
    if call is None or not call.is_open():
        raise WrongState("The call is not open for contributions.")
    if not consent_to_share:
        raise WrongState("Work can only be stored when the child agrees it may be shared.")
    submission = Submission(
        call=call,
        age_band=age_band,
        group_code=group_code,
        title=title,
        text=text,
        published_title=title,
        published_text=text,
        consent_to_share=consent_to_share,
        consent_to_byline=consent_to_byline,
        live=False,
    )
    needs_consent = submission.needs_parental_consent
    if needs_consent and not parent_email:
        raise WrongState("Work from a child under 13 needs a parent's or carer's email.")
    submission.set_status(
        SubmissionStatus.AWAITING_CONSENT if needs_consent else SubmissionStatus.IN_REVIEW
    )
    submission.save()
    submission.start_status_record()
    SubmissionDetails.objects.create(
        submission=submission,
        name=name,
        area=area,
        parent_email=parent_email if needs_consent else "",
        group_leader_confirmed_consent=bool(group_code and group_leader_confirmed_consent),
    )
    for position, image in enumerate(images):
        picture = SubmissionImage(submission=submission, sort_order=position)
        picture.file.save(image.name, image, save=True)
    log(instance=submission, action="cocreation.submitted")
    if not needs_consent:
        submission_start_review(submission=submission)
    # Under 13, the parent's email goes once screening has run and raised no
    # concern (submission_request_consent, called by the screening task).
    transaction.on_commit(lambda: _enqueue_screening(submission.pk))
    return submission


def _enqueue_screening(submission_id):
    from cocreation.tasks import screen_submission

    screen_submission.enqueue(submission_id)


@transaction.atomic
def submission_give_consent(*, submission: Submission) -> Submission:
    """A parent or carer said yes: the work goes into review."""
    if submission.status != SubmissionStatus.AWAITING_CONSENT:
        raise WrongState(f"{submission.reference} is {submission.status}, not awaiting consent.")
    submission.consented_at = timezone.now()
    submission.save(update_fields=["consented_at"])
    log(instance=submission, action="cocreation.consent_given")
    return submission_start_review(submission=submission)


@transaction.atomic
def submission_refuse_consent(*, submission: Submission) -> Submission | None:
    """A parent or carer said no: the work and its files are deleted.

    Unless a safeguarding record is open about it (or was ever raised): then it
    stays as it is, for a safeguarding lead, and is returned.
    """
    if submission.status != SubmissionStatus.AWAITING_CONSENT:
        raise WrongState(f"{submission.reference} is {submission.status}, not awaiting consent.")
    log(instance=submission, action="cocreation.consent_refused")
    if submission.safeguarding_records.exists():
        return submission
    storage_names = [(image.file.storage, image.file.name) for image in submission.images.all()]
    submission.delete()
    transaction.on_commit(lambda: _delete_files(storage_names))
    return None


def _delete_files(storage_names):
    for storage, name in storage_names:
        if name:
            storage.delete(name)
