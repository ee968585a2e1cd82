"""A child's submission and everything kept with it.

The split between ``Submission`` and ``SubmissionDetails`` is the privacy rule
in data form: ``Submission`` holds the work (title, text, age band) and its
moderation state, and is what Wagtail stores in every revision and shows every
reviewer, the youth panel included. Who sent it (first name or nickname, area,
a parent's or carer's email) lives in ``SubmissionDetails``: never in a
revision, shown in the admin only behind its own permissions, and purged on
schedule.
"""

import secrets
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core import signing
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from .pages import band_needs_parental_consent

# References a child can read out or copy: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
REFERENCE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
REFERENCE_LENGTH = 8


def new_reference():
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{code[:4]}-{code[4:]}"


WITHDRAW_SALT = "cocreation.withdraw"


def withdraw_token(reference):
    """The private withdrawal link's token: the reference, signed, never expiring.
    ``signing.Signer(salt=WITHDRAW_SALT).unsign(token)`` gives the reference back."""
    return signing.Signer(salt=WITHDRAW_SALT).sign(reference)


def reference_from_withdraw_token(token):
    """The reference a withdrawal token was made for; raises signing.BadSignature."""
    return signing.Signer(salt=WITHDRAW_SALT).unsign(token)


def withdraw_url_for(reference):
    from django.urls import reverse

    return reverse("cocreation:withdraw", args=[withdraw_token(reference)])


def contribution_path(instance, filename):
    """A random name in a folder of its own: the child's file name is never kept."""
    suffix = PurePosixPath(filename).suffix.lower()
    return f"contributions/{uuid.uuid4().hex}{suffix}"


def pending_upload_path(instance, filename):
    suffix = PurePosixPath(filename).suffix.lower()
    return f"contributions/pending/{uuid.uuid4().hex}{suffix}"


class SubmissionStatus(models.TextChoices):
    # Under-13: waits here, seen by nobody but a safeguarding lead (and only if
    # screening raised a concern), until a parent or carer agrees.
    AWAITING_CONSENT = "awaiting-consent", _("Awaiting parental consent")
    IN_REVIEW = "in-review", _("In review")
    NEEDS_CHANGES = "needs-changes", _("Changes requested")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RejectReason(models.TextChoices):
    NOT_ON_BRIEF = "not-on-brief", _("Not about what the call asked for")
    IDENTIFIES_SOMEONE = "identifies-someone", _("Would identify the child or someone else")
    NOT_RIGHT_FOR_AGE = "not-right-for-age", _("Not right for the age group")
    HARMFUL = "harmful", _("Could upset or harm readers")
    COPIED = "copied", _("Copied from somewhere else")
    DUPLICATE = "duplicate", _("Sent more than once")
    OTHER = "other", _("Another reason (see the note)")


class Submission(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    index.Indexed,
    models.Model,
):
    """One piece of work sent in answer to a call: the work, and where it is up to.

    ``live`` (DraftStateMixin) means "shown in the call's gallery". Publishing
    shows the moderators' copy (``published_title``, ``published_text`` and the
    images marked for publication), never the original, which is kept unchanged
    for the record.
    """

    reference = models.CharField(
        _("reference"), max_length=9, unique=True, default=new_reference, editable=False
    )
    call = models.ForeignKey(
        "cocreation.CallForContributionsPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        verbose_name=_("call"),
    )
    age_band = models.ForeignKey(
        "home.AgeBand", on_delete=models.PROTECT, related_name="+", verbose_name=_("age band")
    )
    group_code = models.ForeignKey(
        "cocreation.GroupCode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
        verbose_name=_("sent by a group"),
    )
    # The original, exactly as sent. Never edited.
    title = models.CharField(_("title"), max_length=120, editable=False)
    text = models.TextField(_("the work, as sent"), blank=True, editable=False)
    # The copy moderators prepare for publication (personal details removed).
    published_title = models.CharField(_("title to publish"), max_length=120, blank=True)
    published_text = models.TextField(_("text to publish"), blank=True)

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.IN_REVIEW,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    submitted_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    consented_at = models.DateTimeField(_("parental consent given"), null=True, blank=True)
    # When the parent's email asking for consent went out: only after screening
    # found nothing of concern (cocreation/services/intake.py).
    consent_requested_at = models.DateTimeField(
        _("parental consent asked for"), null=True, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reject_reason = models.CharField(
        _("reason for rejecting"), max_length=30, choices=RejectReason.choices, blank=True
    )
    reject_note = models.TextField(_("note about the decision"), blank=True)
    # Consents the child (or the group leader) gave on the form.
    consent_to_share = models.BooleanField(_("agreed we may share it on the website"))
    consent_to_byline = models.BooleanField(
        _("agreed we may show their first name or nickname, age group and area")
    )

    # Screening (cocreation/screening.py): what was found, as kinds and places
    # in the original text ({"kind": "email", "start": 10, "end": 24}), never a
    # copy of what was found.
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    personal_details_found = models.JSONField(_("personal details found"), default=list, blank=True)
    # True while a safeguarding record has no outcome: the submission can be
    # neither published nor deleted, and sorts first in the queue.
    needs_safeguarding = models.BooleanField(_("needs safeguarding"), default=False, db_index=True)

    # Publication (cocreation/services/publication.py).
    resource = models.ForeignKey(
        "resources.ResourcePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resource made from it"),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="submission")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="submission",
        for_concrete_model=False,
    )

    search_fields = [
        index.SearchField("reference"),
        index.SearchField("title"),
        index.SearchField("text"),
        index.AutocompleteField("reference"),
        index.FilterField("status"),
        index.FilterField("needs_safeguarding"),
    ]

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-needs_safeguarding", "submitted_at"]
        permissions = [
            ("view_submission_byline", _("Can see a submission's name and area")),
            ("view_submission_contact", _("Can see a submission's contact email")),
            ("record_safeguarding_outcome", _("Can record a safeguarding outcome")),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def revisions(self):
        return self._revisions

    @property
    def needs_parental_consent(self):
        return self.group_code_id is None and band_needs_parental_consent(self.age_band)

    # Only the moderators' copy changes from revision to revision. Everything
    # else (the original, the status, screening results, safeguarding) is the
    # record of what happened, so publishing or restoring an older revision must
    # never put back an older value of it (see with_content_json).
    REVISIONED_FIELDS = frozenset({"published_title", "published_text"})
    RECORD_FIELDS = (
        "reference", "call", "age_band", "group_code", "title", "text", "status",
        "status_changed_at", "submitted_at", "consented_at", "published_at", "decided_at",
        "reject_reason", "reject_note", "consent_to_share", "consent_to_byline",
        "screened_at", "personal_details_found", "needs_safeguarding", "resource",
    )  # fmt: skip

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.RECORD_FIELDS:
            field = self._meta.get_field(name)
            setattr(obj, field.attname, getattr(self, field.attname))
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Every way of publishing (the workflow's last approval, the Publish
        button, a scheduled publish) comes through here."""
        from cocreation.services.publication import submission_after_publish
        from cocreation.services.safeguarding import ensure_no_open_concern

        ensure_no_open_concern(self, _("published"))
        result = super().publish(revision, user=user, **kwargs)
        submission_after_publish(submission=type(self).objects.get(pk=self.pk), user=user)
        return result

    def delete(self, *args, **kwargs):
        from cocreation.services.safeguarding import ensure_no_open_concern

        ensure_no_open_concern(self, _("deleted"))
        # The time in its last status ends here (work awaiting consent that is
        # refused or expires); the spans themselves are kept, unlinked.
        SubmissionStatusSpan.objects.filter(submission_number=self.pk, left_at__isnull=True).update(
            left_at=timezone.now()
        )
        return super().delete(*args, **kwargs)

    def withdraw_url(self):
        """The private link that lets the child take their work back (a path)."""
        return withdraw_url_for(self.reference)

    def has_open_concern(self):
        """A safeguarding record about this work still waits for an outcome."""
        return self.safeguarding_records.filter(recorded_at__isnull=True).exists()

    def set_status(self, status):
        """Every change of status comes through here (and so does a new
        submission's first status, at intake): the caller saves the submission.

        A saved submission's time in each status is kept as it changes, for
        Reports → Submissions: one update ends the open span, one insert
        starts the next. A new submission has no number yet, so intake writes
        its first span once saved (``start_status_record``). Setting the status
        it already has changes nothing.
        """
        if self.pk is not None and status == self.status:
            return
        now = timezone.now()
        self.status = status
        self.status_changed_at = now
        if self.pk is None:
            return
        spans = SubmissionStatusSpan.objects.filter(submission_number=self.pk)
        spans.filter(left_at__isnull=True).update(left_at=now)
        spans.create(submission_number=self.pk, status=status, entered_at=now)

    def start_status_record(self):
        """The first span of a submission just saved (intake)."""
        SubmissionStatusSpan.objects.create(
            submission_number=self.pk, status=self.status, entered_at=self.status_changed_at
        )


class SubmissionDetails(models.Model):
    """Who sent a submission. Minimal, never public, purged on schedule."""

    submission = models.OneToOneField(
        Submission, primary_key=True, on_delete=models.CASCADE, related_name="details"
    )
    name = models.CharField(_("first name or nickname"), max_length=30, blank=True)
    area = models.ForeignKey(
        "home.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("area"),
    )
    parent_email = models.EmailField(_("parent's or carer's email"), blank=True)
    group_leader_confirmed_consent = models.BooleanField(
        _("the group leader confirmed they hold consent"), default=False
    )
    contact_purged_at = models.DateTimeField(_("contact details removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission details")
        verbose_name_plural = _("submission details")

    def __str__(self):
        return str(self.submission)


class SubmissionImage(models.Model):
    """A picture sent with a submission, stored only after screening
    (re-encoded with no metadata, see home/uploads/images.py)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="images")
    file = models.ImageField(
        _("file"), upload_to=contribution_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    sort_order = models.PositiveSmallIntegerField(default=0)
    # Moderators decide what is published and describe it for screen readers.
    publish = models.BooleanField(_("publish this picture"), default=True)
    alt_text = models.CharField(_("description for screen readers"), max_length=250, blank=True)
    # The copy in the image library, made on publication and deleted on withdrawal.
    published_image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("submitted picture")
        verbose_name_plural = _("submitted pictures")

    def __str__(self):
        return f"{self.submission.reference}: {_('picture')} {self.sort_order + 1}"


class PendingUpload(models.Model):
    """A screened picture from a form that came back with errors, kept so the
    child need not choose it again. Deleted once used, or after a day."""

    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    file = models.ImageField(
        upload_to=pending_upload_path, width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    display_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.display_name or self.token


class GroupCode(models.Model):
    """A code editors give a teacher or youth worker, to send work for a group to one call."""

    call = models.ForeignKey(
        "cocreation.CallForContributionsPage",
        on_delete=models.CASCADE,
        related_name="group_codes",
        verbose_name=_("call"),
    )
    code = models.CharField(_("code"), max_length=20, unique=True, default=new_reference)
    group_name = models.CharField(
        _("group"),
        max_length=120,
        help_text=_("For editors only, for example 'Thursday youth club, north Leeds'."),
    )
    leader_email = models.EmailField(
        _("group leader's email"), help_text=_("Told when the group's work is published.")
    )
    active = models.BooleanField(_("can be used"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("group code")
        verbose_name_plural = _("group codes")

    def __str__(self):
        return f"{self.code} ({self.group_name})"


class SubmissionStatusSpan(models.Model):
    """How long one submission spent in one status, for the editors' report
    (home/governance/reports.py). It holds no link to the submission, only its
    number, so the figures outlive the retention purge and say nothing about
    the child."""

    submission_number = models.PositiveIntegerField(db_index=True)
    status = models.CharField(max_length=20, choices=SubmissionStatus.choices, db_index=True)
    entered_at = models.DateTimeField(default=timezone.now, db_index=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission_number", "entered_at"]
        verbose_name = _("time in a status")
        verbose_name_plural = _("times in each status")

    def __str__(self):
        return f"{self.submission_number}: {self.status}"


class SafeguardingOutcome(models.TextChoices):
    CHILDRENS_SERVICES = "childrens-services", _("Referred to children's services")
    POLICE = "police", _("Referred to the police")
    SCHOOL_OR_GROUP = "school-or-group", _("Passed to the school's or group's safeguarding lead")
    PARENT_OR_CARER = "parent-or-carer", _("Spoke with a parent or carer")
    NO_FURTHER_ACTION = "no-further-action", _("Checked: no further action needed")
    OTHER = "other", _("Other (described below)")


class SafeguardingRecord(models.Model):
    """A concern about a child, raised by screening or by a reviewer, until a
    safeguarding lead records what was done and closes it.

    Kept when its submission is deleted (the reference is copied), and kept
    until a safeguarding lead closes it.
    """

    submission = models.ForeignKey(
        Submission,
        null=True,
        on_delete=models.SET_NULL,
        related_name="safeguarding_records",
    )
    submission_reference = models.CharField(max_length=9)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when screening raised it."),
    )
    reason = models.TextField(_("why it was raised"))
    outcome = models.CharField(
        _("outcome"), max_length=30, choices=SafeguardingOutcome.choices, blank=True
    )
    action_taken = models.TextField(_("what was done"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("safeguarding record")
        verbose_name_plural = _("safeguarding records")

    def __str__(self):
        return f"{self.submission_reference}: {self.get_outcome_display() or _('open')}"

    @property
    def has_outcome(self):
        return bool(self.outcome and self.recorded_at)
