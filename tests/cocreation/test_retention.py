"""Retention: the purge deletes what is due, with its files, and nothing else.

Time is frozen by passing ``now=`` to the service. Every submission gets a
real JPEG saved through ``SubmissionImage.file``, so the storage file exists
and its deletion can be read back from storage.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

import pytest
from PIL import Image

from cocreation.factories import SubmissionFactory
from cocreation.models import (
    CallForContributionsPage,
    GroupCode,
    PendingUpload,
    SafeguardingOutcome,
    SafeguardingRecord,
    Submission,
    SubmissionDetails,
    SubmissionImage,
    SubmissionLogEntry,
    SubmissionStatus,
)
from cocreation.services.retention import PURGE_ACTION, contributions_purge
from home.factories import ImageFactory
from home.models import Area

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
CONSENT = NOW - datetime.timedelta(days=14)  # the boundaries, with the default settings
REJECTED = NOW - datetime.timedelta(days=90)
CONTACT = NOW - datetime.timedelta(days=30)
PENDING = NOW - datetime.timedelta(hours=24)
LONG_AGO = NOW - datetime.timedelta(days=400)
PARENT_EMAIL = "parent@example.org"


def jpeg_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def add_picture(submission):
    return SubmissionImage.objects.create(
        submission=submission, file=ContentFile(jpeg_bytes(), name="picture.jpg")
    )


def make_submission(status, *, safeguarding=None, consent_to_byline=True, **dates):
    """A submission in `status` with contact details and one stored picture.

    safeguarding: None; "open" (a record with no outcome); "outcome" (an
    outcome recorded, not closed); "closed"; or "flag" (marked as needing
    safeguarding with no record). Records never set the flag here, so that
    each check is tested on its own.
    """
    area, _ = Area.objects.get_or_create(name="Leeds", slug="leeds")
    call = CallForContributionsPage.objects.first()  # one call for all: quicker
    submission = SubmissionFactory(
        status=status,
        consent_to_byline=consent_to_byline,
        details=None,
        **({"call": call} if call else {}),
        **dates,
    )
    SubmissionDetails.objects.create(
        submission=submission, name="Sam", area=area, parent_email=PARENT_EMAIL
    )
    picture = add_picture(submission)
    if safeguarding == "flag":
        Submission.objects.filter(pk=submission.pk).update(needs_safeguarding=True)
    elif safeguarding:
        SafeguardingRecord.objects.create(
            submission=submission,
            submission_reference=submission.reference,
            reason="A phrase matched.",
            raised_at=LONG_AGO,
            outcome="" if safeguarding == "open" else SafeguardingOutcome.NO_FURTHER_ACTION,
            recorded_at=None if safeguarding == "open" else LONG_AGO,
            closed_at=LONG_AGO if safeguarding == "closed" else None,
        )
    return submission, picture


@dataclass
class Case:
    label: str
    status: str
    dates: dict
    kept: bool
    safeguarding: str | None = None
    built: tuple = field(default=(), repr=False)


def matrix():
    cases = []
    boundaries = [
        (SubmissionStatus.AWAITING_CONSENT, "submitted_at", CONSENT),
        (SubmissionStatus.REJECTED, "decided_at", REJECTED),
        (SubmissionStatus.WITHDRAWN, "status_changed_at", REJECTED),
    ]
    for status, date_field, boundary in boundaries:
        cases.append(Case(f"{status} just before", status, {date_field: boundary + SECOND}, True))
        cases.append(Case(f"{status} at the boundary", status, {date_field: boundary}, True))
        cases.append(Case(f"{status} just after", status, {date_field: boundary - SECOND}, False))
        for safeguarding, kept in [("open", True), ("outcome", True), ("flag", True)]:
            cases.append(
                Case(
                    f"{status} just after, safeguarding {safeguarding}",
                    status,
                    {date_field: boundary - SECOND},
                    kept,
                    safeguarding,
                )
            )
        cases.append(
            Case(
                f"{status} just after, safeguarding closed",
                status,
                {date_field: boundary - SECOND},
                False,
                "closed",
            )
        )
    # Rejected work counts from the decision, not from when it was sent.
    cases.append(
        Case(
            "rejected lately, sent long ago",
            SubmissionStatus.REJECTED,
            {"submitted_at": LONG_AGO, "decided_at": REJECTED + SECOND},
            True,
        )
    )
    # Work still being decided, or published, is never deleted, however old.
    for status in (
        SubmissionStatus.IN_REVIEW,
        SubmissionStatus.NEEDS_CHANGES,
        SubmissionStatus.PUBLISHED,
    ):
        dates = {"submitted_at": LONG_AGO, "status_changed_at": LONG_AGO, "decided_at": LONG_AGO}
        if status == SubmissionStatus.PUBLISHED:
            dates["published_at"] = LONG_AGO
        cases.append(Case(f"{status} long ago", status, dates, True))
    return cases


def build(cases):
    for case in cases:
        case.built = make_submission(case.status, safeguarding=case.safeguarding, **case.dates)
    return cases


def test_the_purge_deletes_what_is_due_and_nothing_else(
    home_page, django_capture_on_commit_callbacks
):
    cases = build(matrix())
    with django_capture_on_commit_callbacks(execute=True):
        report = contributions_purge(now=NOW)

    wrong = []
    for case in cases:
        submission, picture = case.built
        exists = Submission.objects.filter(pk=submission.pk).exists()
        picture_row = SubmissionImage.objects.filter(pk=picture.pk).exists()
        file_exists = default_storage.exists(picture.file.name)
        if (exists, picture_row, file_exists) != (case.kept,) * 3:
            wrong.append((case.label, exists, picture_row, file_exists))
    assert wrong == [], "(case, submission kept, picture row kept, file kept)"

    deleted = [case for case in cases if not case.kept]
    assert report.awaiting_consent_deleted == 2  # plain, and with a closed record
    assert report.rejected_deleted == 2
    assert report.withdrawn_deleted == 2
    assert report.pictures_deleted == len(deleted) == 6
    assert report.held_for_safeguarding == 9  # three open kinds for each of three states
    assert not SubmissionDetails.objects.filter(
        submission__reference__in=[case.built[0].reference for case in deleted]
    ).exists()


def test_nothing_about_a_submission_with_an_open_record_is_blanked_either(
    home_page, django_capture_on_commit_callbacks
):
    published, _ = make_submission(
        SubmissionStatus.PUBLISHED, safeguarding="open", published_at=LONG_AGO
    )
    withdrawn, _ = make_submission(
        SubmissionStatus.WITHDRAWN, safeguarding="outcome", status_changed_at=NOW - SECOND
    )
    with django_capture_on_commit_callbacks(execute=True):
        contributions_purge(now=NOW)
    for submission in (published, withdrawn):
        details = SubmissionDetails.objects.get(submission=submission)
        assert (details.name, details.parent_email, details.contact_purged_at) == (
            "Sam",
            PARENT_EMAIL,
            None,
        )


def test_contact_details_go_30_days_after_publication_and_the_work_stays(
    home_page, django_capture_on_commit_callbacks
):
    due, due_picture = make_submission(
        SubmissionStatus.PUBLISHED, published_at=CONTACT - SECOND, live=True
    )
    not_yet, _ = make_submission(SubmissionStatus.PUBLISHED, published_at=CONTACT, live=True)
    no_byline, _ = make_submission(
        SubmissionStatus.PUBLISHED, published_at=CONTACT - SECOND, consent_to_byline=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = contributions_purge(now=NOW)

    assert report.contact_details_removed == 2
    details = SubmissionDetails.objects.get(submission=due)
    # The byline the child agreed to is part of the published work: it stays.
    assert (details.parent_email, details.name, details.area.name) == ("", "Sam", "Leeds")
    assert details.contact_purged_at == NOW
    due.refresh_from_db()
    assert due.live and due.status == SubmissionStatus.PUBLISHED
    assert default_storage.exists(due_picture.file.name)

    untouched = SubmissionDetails.objects.get(submission=not_yet)
    assert (untouched.parent_email, untouched.contact_purged_at) == (PARENT_EMAIL, None)

    # Without a byline, the name and area are shown nowhere: they go too.
    hidden = SubmissionDetails.objects.get(submission=no_byline)
    assert (hidden.parent_email, hidden.name, hidden.area) == ("", "", None)


def test_withdrawn_work_keeps_no_name_area_or_contact_but_its_record_waits(
    home_page, django_capture_on_commit_callbacks
):
    withdrawn, _ = make_submission(
        SubmissionStatus.WITHDRAWN, published_at=LONG_AGO, status_changed_at=NOW - SECOND
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = contributions_purge(now=NOW)
    assert report.withdrawn_details_removed == 1
    details = SubmissionDetails.objects.get(submission=withdrawn)
    assert (details.name, details.area, details.parent_email) == ("", None, "")
    assert Submission.objects.filter(pk=withdrawn.pk).exists()


def test_a_library_copy_of_withdrawn_work_is_deleted_with_its_files(
    home_page, django_capture_on_commit_callbacks
):
    withdrawn, picture = make_submission(
        SubmissionStatus.WITHDRAWN, status_changed_at=REJECTED - SECOND
    )
    library_copy = ImageFactory()
    rendition = library_copy.get_rendition("fill-10x10")
    picture.published_image = library_copy
    picture.save()
    with django_capture_on_commit_callbacks(execute=True):
        report = contributions_purge(now=NOW)
    assert report.library_images_deleted == 1
    assert not type(library_copy).objects.filter(pk=library_copy.pk).exists()
    assert not default_storage.exists(library_copy.file.name)
    assert not default_storage.exists(rendition.file.name)
    assert not default_storage.exists(picture.file.name)


def test_pending_uploads_go_after_a_day_with_their_files(django_capture_on_commit_callbacks):
    old = PendingUpload.objects.create(
        file=ContentFile(jpeg_bytes(), name="a.jpg"), created_at=PENDING - SECOND
    )
    boundary = PendingUpload.objects.create(
        file=ContentFile(jpeg_bytes(), name="b.jpg"), created_at=PENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = contributions_purge(now=NOW)
    assert report.pending_uploads_deleted == 1
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [boundary.pk]
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(boundary.file.name)


def test_safeguarding_records_stay_until_closed_and_their_time_is_up(home_page):
    def record(reference, *, closed_at, submission=None, recorded=True):
        return SafeguardingRecord.objects.create(
            submission=submission,
            submission_reference=reference,
            reason="A phrase matched.",
            raised_at=LONG_AGO,
            outcome=SafeguardingOutcome.POLICE if recorded else "",
            recorded_at=LONG_AGO if recorded else None,
            closed_at=closed_at,
        )

    gone = record("GONE-0001", closed_at=REJECTED - SECOND)
    recently_closed = record("KEEP-0001", closed_at=REJECTED)
    open_record = record("KEEP-0002", closed_at=None, recorded=False)
    outcome_only = record("KEEP-0003", closed_at=None)
    living, _ = make_submission(SubmissionStatus.IN_REVIEW)
    with_submission = record(living.reference, closed_at=LONG_AGO, submission=living)

    report = contributions_purge(now=NOW)
    assert report.safeguarding_records_deleted == 1
    assert set(SafeguardingRecord.objects.values_list("pk", flat=True)) == {
        recently_closed.pk,
        open_record.pk,
        outcome_only.pk,
        with_submission.pk,
    }
    assert not SafeguardingRecord.objects.filter(pk=gone.pk).exists()


def test_a_dry_run_changes_nothing_and_counts_what_a_real_run_does(
    home_page, django_capture_on_commit_callbacks
):
    cases = build(matrix())
    published, _ = make_submission(SubmissionStatus.PUBLISHED, published_at=CONTACT - SECOND)
    stale = PendingUpload.objects.create(
        file=ContentFile(jpeg_bytes(), name="a.jpg"), created_at=PENDING - SECOND
    )
    before = {
        "submissions": set(Submission.objects.values_list("pk", flat=True)),
        "details": list(SubmissionDetails.objects.order_by("pk").values()),
        "pictures": set(SubmissionImage.objects.values_list("pk", flat=True)),
        "uploads": set(PendingUpload.objects.values_list("pk", flat=True)),
        "log": SubmissionLogEntry.objects.count(),
    }

    with django_capture_on_commit_callbacks(execute=True):
        dry = contributions_purge(now=NOW, dry_run=True)

    assert {
        "submissions": set(Submission.objects.values_list("pk", flat=True)),
        "details": list(SubmissionDetails.objects.order_by("pk").values()),
        "pictures": set(SubmissionImage.objects.values_list("pk", flat=True)),
        "uploads": set(PendingUpload.objects.values_list("pk", flat=True)),
        "log": SubmissionLogEntry.objects.count(),
    } == before
    assert all(default_storage.exists(case.built[1].file.name) for case in cases)
    assert default_storage.exists(stale.file.name)
    assert dry.submissions_deleted == 6
    assert dry.contact_details_removed == 2  # this one and the matrix's published case

    with django_capture_on_commit_callbacks(execute=True):
        real = contributions_purge(now=NOW)
    assert real.counts() == dry.counts()
    assert not Submission.objects.filter(reference__in=dry.references["rejected"]).exists()
    assert published.reference in dry.references["contact_details"]


def test_the_audit_entry_holds_counts_only(home_page, admin_client):
    submission, _ = make_submission(SubmissionStatus.REJECTED, decided_at=REJECTED - SECOND)
    submission.title = "Sam Smith's poster"
    Submission.objects.filter(pk=submission.pk).update(title=submission.title)
    SubmissionLogEntry.objects.log_action(submission, "cocreation.review_started")

    report = contributions_purge(now=NOW)

    entry = SubmissionLogEntry.objects.get(action=PURGE_ACTION)
    assert entry.data == report.counts()
    assert entry.data["rejected_deleted"] == 1
    assert all(isinstance(value, int) for value in entry.data.values())
    assert submission.reference not in str(entry.data) + entry.label
    # The entry about the deleted work is kept, but no longer carries its title.
    kept = SubmissionLogEntry.objects.get(action="cocreation.review_started")
    assert kept.label == submission.reference
    response = admin_client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "Retention purge" in response.content.decode()
    assert "Sam Smith" not in response.content.decode()


def test_the_command_dry_run_lists_references_and_changes_nothing(home_page):
    now = timezone.now()
    due, picture = make_submission(
        SubmissionStatus.AWAITING_CONSENT, submitted_at=now - datetime.timedelta(days=15)
    )
    out = io.StringIO()
    call_command("purge_contributions", "--dry-run", stdout=out)
    assert "Dry run: nothing is changed." in out.getvalue()
    assert (
        f"1 submissions never given parental consent would be deleted: {due.reference}"
        in out.getvalue()
    )
    assert Submission.objects.filter(pk=due.pk).exists()
    assert default_storage.exists(picture.file.name)

    out = io.StringIO()
    call_command("purge_contributions", stdout=out)
    assert f"1 submissions never given parental consent were deleted: {due.reference}" in (
        out.getvalue()
    )
    assert not Submission.objects.filter(pk=due.pk).exists()


# --- Issue 10 (DPIA A3, A6) ----------------------------------------------------


def test_work_awaiting_consent_counts_from_when_the_parent_was_asked(home_page):
    """The email goes only after screening, so the window (and the link, signed
    then) counts from ``consent_requested_at``; from ``submitted_at`` if nobody
    was asked."""
    asked_lately, _ = make_submission(
        SubmissionStatus.AWAITING_CONSENT,
        submitted_at=LONG_AGO,
        consent_requested_at=CONSENT + SECOND,
    )
    asked_long_ago, _ = make_submission(
        SubmissionStatus.AWAITING_CONSENT,
        submitted_at=LONG_AGO,
        consent_requested_at=CONSENT - SECOND,
    )
    never_asked, _ = make_submission(
        SubmissionStatus.AWAITING_CONSENT, submitted_at=CONSENT - SECOND
    )
    report = contributions_purge(now=NOW)
    assert set(report.references["awaiting_consent"]) == {
        asked_long_ago.reference,
        never_asked.reference,
    }
    assert Submission.objects.filter(pk=asked_lately.pk).exists()


GROUP_DAYS = datetime.timedelta(days=90)


def make_code(*, closes_on=None, active=True, created_at=LONG_AGO, email="leader@example.org"):
    from cocreation.factories import CallForContributionsPageFactory, GroupCodeFactory

    call = CallForContributionsPage.objects.first() or SubmissionFactory().call
    if closes_on is not None:
        call = CallForContributionsPageFactory(parent=call.get_parent(), closes_on=closes_on)
    return GroupCodeFactory(call=call, active=active, created_at=created_at, leader_email=email)


def test_a_group_leaders_email_goes_90_days_after_the_code_is_finished(home_page):
    today = NOW.date()
    closed_long_ago = make_code(closes_on=today - GROUP_DAYS - datetime.timedelta(days=1))
    closed_lately = make_code(closes_on=today - GROUP_DAYS)
    still_open = make_code()  # active, its call never closes
    off_unused = make_code(active=False, created_at=NOW - GROUP_DAYS - SECOND)
    off_used_lately = make_code(active=False)
    sent, _ = make_submission(SubmissionStatus.PUBLISHED, published_at=NOW)
    Submission.objects.filter(pk=sent.pk).update(
        group_code=off_used_lately, submitted_at=NOW - GROUP_DAYS + SECOND
    )
    # Work sent with a finished code but still being decided keeps the email
    # (the leader is told when it is published); so does an open concern.
    waiting = make_code(closes_on=today - GROUP_DAYS - datetime.timedelta(days=1))
    in_review, _ = make_submission(SubmissionStatus.IN_REVIEW)
    Submission.objects.filter(pk=in_review.pk).update(group_code=waiting)
    concern = make_code(closes_on=today - GROUP_DAYS - datetime.timedelta(days=1))
    flagged, _ = make_submission(
        SubmissionStatus.PUBLISHED, safeguarding="open", published_at=LONG_AGO
    )
    Submission.objects.filter(pk=flagged.pk).update(group_code=concern)

    dry = contributions_purge(now=NOW, dry_run=True)
    assert dry.group_leader_emails_removed == 2
    report = contributions_purge(now=NOW)
    assert report.group_leader_emails_removed == 2
    emails = {
        code: GroupCode.objects.get(pk=code.pk).leader_email
        for code in (
            closed_long_ago, closed_lately, still_open, off_unused, off_used_lately, waiting,
            concern,
        )
    }  # fmt: skip
    assert emails == {
        closed_long_ago: "",
        closed_lately: "leader@example.org",
        still_open: "leader@example.org",
        off_unused: "",
        off_used_lately: "leader@example.org",
        waiting: "leader@example.org",
        concern: "leader@example.org",
    }
    # The code itself, its group and call stay for the record.
    assert GroupCode.objects.get(pk=closed_long_ago.pk).group_name


def test_work_stuck_in_review_is_never_deleted_and_the_leads_are_told_a_count(
    home_page, django_user_model, django_capture_on_commit_callbacks
):
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.core import mail

    lead = django_user_model.objects.create(username="lead", email="lead@example.org")
    lead.groups.add(Group.objects.get(name=settings.SAFEGUARDING_LEADS_GROUP))
    stale_days = datetime.timedelta(days=settings.CONTRIBUTION_REVIEW_STALE_DAYS)
    old, _ = make_submission(
        SubmissionStatus.IN_REVIEW,
        submitted_at=LONG_AGO,
        status_changed_at=NOW - stale_days - SECOND,
    )
    Submission.objects.filter(pk=old.pk).update(title="Sam Smith's poster")
    make_submission(SubmissionStatus.NEEDS_CHANGES, safeguarding="open", status_changed_at=LONG_AGO)
    make_submission(SubmissionStatus.IN_REVIEW, status_changed_at=NOW - stale_days + SECOND)

    with django_capture_on_commit_callbacks(execute=True):
        report = contributions_purge(now=NOW)
    assert report.stale_in_review == 2
    assert Submission.objects.filter(status__in=["in-review", "needs-changes"]).count() == 3
    [email] = mail.outbox
    assert email.to == ["lead@example.org"]
    assert "2 contribution(s) have been in review" in email.body
    assert old.reference not in email.body and "Sam Smith" not in email.body + email.subject

    # Nothing stuck: no email.
    mail.outbox.clear()
    Submission.objects.filter(status__in=["in-review", "needs-changes"]).update(
        status_changed_at=NOW
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert contributions_purge(now=NOW).stale_in_review == 0
    assert mail.outbox == []
