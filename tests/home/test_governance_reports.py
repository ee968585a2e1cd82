"""Reports → Submissions, Safeguarding flags and Searches that found nothing
(home/governance/reports.py): what each counts, its CSV, who may see it, and
that it costs the same number of queries for 1 row as for 20."""

import csv
import datetime
import io
import itertools
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail import hooks

import pytest
from bs4 import BeautifulSoup

from cocreation.factories import CallForContributionsPageFactory, SubmissionFactory
from cocreation.models import (
    SafeguardingRecord,
    Submission,
    SubmissionStatus,
    SubmissionStatusSpan,
)
from cocreation.services.intake import (
    submission_create,
    submission_give_consent,
    submission_refuse_consent,
)
from cocreation.services.moderation import submission_reject
from home.factories import AgeBandFactory
from home.governance.reports import (
    in_words,
    percentile,
    unanswered_searches_garbage_collect,
)
from home.models import UnansweredSearch
from home.tasks import searchpromotions_garbage_collect
from tests.cocreation.reviewers import EDITORS, LEADS, MODERATORS, PANEL, act, reviewer

pytestmark = pytest.mark.django_db

SUBMISSIONS = "/admin/reports/submissions/"
SAFEGUARDING = "/admin/reports/safeguarding-flags/"
UNANSWERED = "/admin/reports/searches-that-found-nothing/"
_numbers = itertools.count()


def table_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    table = soup.select_one("#listing-results table")
    assert table is not None
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in table.select("tbody tr")
    ]


def caption(response):
    return BeautifulSoup(response.content, "html.parser").select_one("table caption").get_text()


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def refused(response):
    """Wagtail turns PermissionDenied in its admin into a redirect home with a message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def grant(group_name, *codenames):
    group = Group.objects.get(name=group_name)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="home", codename__in=codenames)
    )
    return group


@pytest.fixture
def staff(client, sign_in_verified):
    """Sign a member of a group in (both factors). The roles table grants the
    report permissions; they are added here too so these tests stand alone."""

    def sign_in(group_name):
        user = reviewer(group_name)
        return sign_in_verified(client, user)

    return sign_in


# --- Time in each status: spans written as the status changes ---------------------


@pytest.fixture
def bands(db):
    return SimpleNamespace(
        young=AgeBandFactory(name="Ages 8 to 10", slug="8-10", min_age=8, max_age=10),
        older=AgeBandFactory(name="Ages 14 to 17", slug="14-17", min_age=14, max_age=17),
    )


@pytest.fixture
def call(home_page, bands):
    page = CallForContributionsPageFactory(parent=home_page, title="Tips for staying safe")
    page.age_bands.set([bands.young, bands.older])
    page.save()
    return page


def send(call, band, **extra):
    return submission_create(
        call=call,
        age_band=band,
        title="My poster",
        text="Stay with your friends.",
        consent_to_share=True,
        consent_to_byline=False,
        **extra,
    )


def spans(submission_number):
    return [
        (span.status, span.left_at is None)
        for span in SubmissionStatusSpan.objects.filter(
            submission_number=submission_number
        ).order_by("entered_at", "pk")
    ]


def assert_chained(submission_number):
    """Each span ends exactly when the next begins."""
    rows = list(
        SubmissionStatusSpan.objects.filter(submission_number=submission_number).order_by(
            "entered_at", "pk"
        )
    )
    for before, after in itertools.pairwise(rows):
        assert before.left_at == after.entered_at


def test_sent_then_reviewed_then_published_with_changes_asked_for(call, bands):
    submission = send(call, bands.older)
    assert spans(submission.pk) == [(SubmissionStatus.IN_REVIEW, True)]
    first = SubmissionStatusSpan.objects.get(submission_number=submission.pk)
    assert first.entered_at == submission.status_changed_at
    submission.refresh_from_db()
    lead, panel, editor = reviewer(LEADS), reviewer(PANEL), reviewer(EDITORS)
    act(submission, lead)
    act(submission, panel, "reject", comment="Take out the name of the park.")
    submission.workflow_states.get().resume(user=lead)
    submission.refresh_from_db()
    act(submission, panel)
    act(submission, editor)
    assert submission.status == SubmissionStatus.PUBLISHED
    assert spans(submission.pk) == [
        (SubmissionStatus.IN_REVIEW, False),
        (SubmissionStatus.NEEDS_CHANGES, False),
        (SubmissionStatus.IN_REVIEW, False),
        (SubmissionStatus.PUBLISHED, True),
    ]
    assert_chained(submission.pk)
    last = SubmissionStatusSpan.objects.filter(submission_number=submission.pk).last()
    assert last.entered_at == submission.status_changed_at


def test_a_rejection_ends_the_time_in_review(call, bands):
    submission = send(call, bands.older)
    submission_reject(submission=submission, user=reviewer(EDITORS), reason="duplicate")
    assert spans(submission.pk) == [
        (SubmissionStatus.IN_REVIEW, False),
        (SubmissionStatus.REJECTED, True),
    ]
    assert_chained(submission.pk)


def test_consent_given_moves_the_work_from_awaiting_consent_to_review(call, bands):
    submission = send(call, bands.young, parent_email="parent@example.org")
    assert spans(submission.pk) == [(SubmissionStatus.AWAITING_CONSENT, True)]
    submission_give_consent(submission=submission)
    assert spans(submission.pk) == [
        (SubmissionStatus.AWAITING_CONSENT, False),
        (SubmissionStatus.IN_REVIEW, True),
    ]
    assert_chained(submission.pk)


def test_consent_refused_ends_the_wait_and_the_figures_outlive_the_work(call, bands):
    submission = send(call, bands.young, parent_email="parent@example.org")
    number = submission.pk
    submission_refuse_consent(submission=submission)
    assert not Submission.objects.filter(pk=number).exists()
    assert spans(number) == [(SubmissionStatus.AWAITING_CONSENT, False)]


def test_a_change_of_status_costs_one_update_and_one_insert(call, bands):
    submission = send(call, bands.older)
    with CaptureQueriesContext(connection) as captured:
        submission.set_status(SubmissionStatus.NEEDS_CHANGES)
    statements = [query["sql"].split()[0].upper() for query in captured]
    assert sorted(statements) == ["INSERT", "UPDATE"]
    # Setting the status it already has writes nothing.
    with CaptureQueriesContext(connection) as captured:
        submission.set_status(SubmissionStatus.NEEDS_CHANGES)
    assert len(captured) == 0


# --- Report: Submissions --------------------------------------------------------------


def add_span(status, *, hours, ended_days_ago, number=1):
    left = timezone.now() - datetime.timedelta(days=ended_days_ago)
    return SubmissionStatusSpan.objects.create(
        submission_number=number,
        status=status,
        entered_at=left - datetime.timedelta(hours=hours),
        left_at=left,
    )


@pytest.fixture
def submission_data(home_page):
    for _ in range(3):
        SubmissionFactory(status=SubmissionStatus.IN_REVIEW)
    SubmissionFactory(status=SubmissionStatus.AWAITING_CONSENT)
    SubmissionFactory(status=SubmissionStatus.PUBLISHED)
    for hours_in_review in (1, 2, 3, 4, 5, 7, 8, 9, 10, 100):
        add_span(SubmissionStatus.IN_REVIEW, hours=hours_in_review, ended_days_ago=3)
    add_span(SubmissionStatus.IN_REVIEW, hours=1, ended_days_ago=60)  # the last 90 days only
    add_span(SubmissionStatus.IN_REVIEW, hours=120, ended_days_ago=200)  # the last year only
    add_span(SubmissionStatus.AWAITING_CONSENT, hours=72, ended_days_ago=5)
    add_span(SubmissionStatus.PUBLISHED, hours=500, ended_days_ago=1)  # a final status
    SubmissionStatusSpan.objects.create(submission_number=9, status=SubmissionStatus.IN_REVIEW)


def test_the_submissions_report_counts_now_and_times_in_each_status(client, staff, submission_data):
    grant(MODERATORS, "view_submission_reports")
    staff(MODERATORS)
    response = client.get(SUBMISSIONS)
    assert response.status_code == 200
    assert caption(response) == "Submissions by status, and how long work stayed in each"
    assert table_rows(response) == [
        ["Awaiting parental consent", "1", "1", "3 days", "3 days"],
        ["In review", "3", "10", "6 hours", "10 hours"],
        ["Changes requested", "0", "0", "—", "—"],
        ["Published", "1", "—", "Not timed (a final status)", ""],
        ["Rejected", "0", "—", "Not timed (a final status)", ""],
        ["Withdrawn", "0", "—", "Not timed (a final status)", ""],
    ]
    in_review = table_rows(client.get(SUBMISSIONS, {"period": "90"}))[1]
    assert in_review == ["In review", "3", "11", "5 hours", "10 hours"]
    in_review = table_rows(client.get(SUBMISSIONS, {"period": "365"}))[1]
    assert in_review == ["In review", "3", "12", "6 hours", "4.2 days"]


def test_the_submissions_report_downloads_as_csv(client, staff, submission_data):
    grant(MODERATORS, "view_submission_reports")
    staff(MODERATORS)
    response = client.get(SUBMISSIONS, {"period": "90", "export": "csv"})
    assert response.status_code == 200
    assert "submissions-90-days-" in response["Content-Disposition"]
    assert csv_rows(response) == [
        [
            "Status",
            "In this status now",
            "Left this status in the period",
            "Median time in this status (hours)",
            "Nine in ten left within (hours)",
        ],
        ["Awaiting parental consent", "1", "1", "72.0", "72.0"],
        ["In review", "3", "11", "5.0", "10.0"],
        ["Changes requested", "0", "0", "", ""],
        ["Published", "1", "", "", ""],
        ["Rejected", "0", "", "", ""],
        ["Withdrawn", "0", "", "", ""],
    ]


def test_times_are_told_in_plain_words():
    assert in_words(None) == "—"
    assert in_words(0.25) == "15 minutes"
    assert in_words(1) == "1 hour"
    assert in_words(47.4) == "47 hours"
    assert in_words(48) == "2 days"
    assert in_words(60) == "2.5 days"
    assert in_words(100) == "4.2 days"
    assert percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.9) == 9
    assert percentile([3], 0.9) == 3
    assert percentile([], 0.9) is None


# --- Report: Safeguarding flags -------------------------------------------------------


def local(*parts):
    return timezone.make_aware(datetime.datetime(*parts))


@pytest.fixture
def flags(db):
    named = get_user_model().objects.create_user(
        username="worried-reviewer", email="worried@example.org", password="a long password 1"
    )

    def flag(raised, *, by=None, outcome="", after_hours=None):
        return SafeguardingRecord.objects.create(
            submission=None,
            submission_reference="ACDE-FGHJ",
            raised_at=raised,
            raised_by=by,
            reason="A secret reason about a child",
            outcome=outcome,
            action_taken="What the lead did" if outcome else "",
            recorded_at=raised + datetime.timedelta(hours=after_hours) if outcome else None,
        )

    flag(local(2026, 10, 3, 9), outcome="no-further-action", after_hours=2)
    flag(local(2026, 10, 20, 9), by=named, outcome="police", after_hours=26)
    flag(local(2026, 10, 31, 23, 30))  # still open (local time: still October)
    flag(local(2026, 9, 10, 12), by=named, outcome="childrens-services", after_hours=50)


def test_the_safeguarding_report_counts_flags_by_month_without_details(client, staff, flags):
    grant(LEADS, "view_safeguarding_reports")
    staff(LEADS)
    response = client.get(SAFEGUARDING)
    assert response.status_code == 200
    assert caption(response) == "Safeguarding flags by the month they were raised"
    assert table_rows(response) == [
        ["October 2026", "2", "1", "2", "1", "14 hours", "26 hours",
         "Referred to the police: 1; Checked: no further action needed: 1"],
        ["September 2026", "0", "1", "1", "0", "2.1 days", "2.1 days",
         "Referred to children's services: 1"],
    ]  # fmt: skip
    html = response.content.decode()
    for secret in ("A secret reason", "What the lead did", "ACDE-FGHJ", "worried"):
        assert secret not in html
    assert "deleted 90 days after it was closed" in html


def test_the_safeguarding_report_downloads_as_csv(client, staff, flags):
    grant(LEADS, "view_safeguarding_reports")
    staff(LEADS)
    response = client.get(SAFEGUARDING, {"export": "csv"})
    rows = csv_rows(response)
    assert rows[0] == [
        "Month raised", "Raised by screening", "Raised by a reviewer", "With an outcome",
        "Still open", "Median time to an outcome (hours)", "Longest time to an outcome (hours)",
        "Referred to children's services", "Referred to the police",
        "Passed to the school's or group's safeguarding lead", "Spoke with a parent or carer",
        "Checked: no further action needed", "Other (described below)",
    ]  # fmt: skip
    assert rows[1:] == [
        ["2026-10", "2", "1", "2", "1", "14.0", "26.0", "0", "1", "0", "0", "1", "0"],
        ["2026-09", "0", "1", "1", "0", "50.0", "50.0", "1", "0", "0", "0", "0", "0"],
    ]
    body = "\n".join(",".join(row) for row in rows)
    for secret in ("A secret reason", "What the lead did", "ACDE-FGHJ", "worried"):
        assert secret not in body


# --- Report: Searches that found nothing -------------------------------------------------


def unanswered(words, *, days_ago, count):
    return UnansweredSearch.objects.create(
        query_string=words,
        day=timezone.localdate() - datetime.timedelta(days=days_ago),
        count=count,
    )


@pytest.fixture
def searches(db):
    unanswered("knife crime", days_ago=0, count=3)
    unanswered("knife crime", days_ago=29, count=4)
    unanswered("knife crime", days_ago=30, count=50)  # 31 days ago: outside the report
    unanswered("sextortion", days_ago=2, count=9)
    unanswered("<b>bold</b>", days_ago=1, count=1)
    unanswered("=hyperlink(x)", days_ago=1, count=1)


def test_unanswered_searches_are_listed_by_count_over_30_days(client, staff, searches):
    grant(EDITORS, "view_content_reports")
    staff(EDITORS)
    response = client.get(UNANSWERED)
    assert response.status_code == 200
    assert caption(response) == "Searches that found nothing in the last 30 days, most often first"
    rows = [row[:3] for row in table_rows(response)]
    assert rows == [
        ["sextortion", "9", "1"],
        ["knife crime", "7", "2"],
        ["<b>bold</b>", "1", "1"],
        ["=hyperlink(x)", "1", "1"],
    ]
    html = response.content.decode()
    assert "<b>bold</b>" not in html  # escaped
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_unanswered_searches_download_as_csv_safe_for_spreadsheets(client, staff, searches):
    grant(EDITORS, "view_content_reports")
    staff(EDITORS)
    rows = csv_rows(client.get(UNANSWERED, {"export": "csv"}))
    today = timezone.localdate()
    assert rows == [
        ["Search words", "Searches", "Days searched", "Last searched"],
        ["sextortion", "9", "1", f"{today - datetime.timedelta(days=2)}"],
        ["knife crime", "7", "2", f"{today}"],
        ["<b>bold</b>", "1", "1", f"{today - datetime.timedelta(days=1)}"],
        ["'=hyperlink(x)", "1", "1", f"{today - datetime.timedelta(days=1)}"],
    ]


def test_old_unanswered_searches_are_removed_each_day(settings, db):
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 30
    unanswered("kept", days_ago=30, count=1)
    unanswered("gone", days_ago=31, count=1)
    unanswered("today", days_ago=0, count=1)
    searchpromotions_garbage_collect.enqueue()  # immediate in the tests
    assert sorted(UnansweredSearch.objects.values_list("query_string", flat=True)) == [
        "kept",
        "today",
    ]
    settings.WAGTAILSEARCH_HITS_MAX_AGE = 5
    assert unanswered_searches_garbage_collect() == 1
    assert list(UnansweredSearch.objects.values_list("query_string", flat=True)) == ["today"]


# --- Who may see which report --------------------------------------------------------


def menu_items(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    names = []
    for hook in hooks.get_hooks("register_reports_menu_item"):
        item = hook()
        if item.is_shown(request):
            names.append(item.name)
    return names


GOVERNANCE_ITEMS = {
    "governance-submissions-report",
    "governance-safeguarding-report",
    "governance-unanswered-searches-report",
}


def test_a_moderator_sees_submissions_but_not_safeguarding(client, staff):
    grant(MODERATORS, "view_submission_reports")
    staff(MODERATORS)
    assert client.get(SUBMISSIONS).status_code == 200
    assert client.get(SUBMISSIONS, {"export": "csv"}).status_code == 200
    assert refused(client.get(SAFEGUARDING))
    assert refused(client.get(SAFEGUARDING, {"export": "csv"}))
    user = get_user_model().objects.filter(groups__name=MODERATORS).get()
    assert GOVERNANCE_ITEMS & set(menu_items(user)) == {"governance-submissions-report"}


def test_a_safeguarding_lead_sees_the_safeguarding_report(client, staff):
    grant(LEADS, "view_safeguarding_reports")
    staff(LEADS)
    assert client.get(SAFEGUARDING).status_code == 200
    user = get_user_model().objects.filter(groups__name=LEADS).get()
    assert "governance-safeguarding-report" in menu_items(user)


def test_the_youth_panel_sees_none_of_these_reports(client, staff):
    staff(PANEL)
    for url in (SUBMISSIONS, SAFEGUARDING, UNANSWERED):
        assert refused(client.get(url)), url
        assert refused(client.get(url, {"export": "csv"})), url
    user = get_user_model().objects.filter(groups__name=PANEL).get()
    assert not GOVERNANCE_ITEMS & set(menu_items(user))


def test_the_submission_permission_alone_does_not_open_the_safeguarding_report(
    client, sign_in_verified
):
    user = get_user_model().objects.create_user(
        username=f"reports{next(_numbers)}", password="a long password 1"
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_submission_reports"),
        Permission.objects.get(codename="view_content_reports"),
    )
    sign_in_verified(client, user)
    assert client.get(SUBMISSIONS).status_code == 200
    assert client.get(UNANSWERED).status_code == 200
    assert refused(client.get(SAFEGUARDING))


# --- Queries: the same for 1 row as for 20 ---------------------------------------------------


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    csv_response = client.get(url, {"export": "csv"})
    with CaptureQueriesContext(connection) as captured_csv:
        b"".join(csv_response.streaming_content)
        csv_response = client.get(url, {"export": "csv"})
        b"".join(csv_response.streaming_content)
    return len(captured), len(captured_csv)


def test_each_report_costs_the_same_for_1_row_and_20(admin_client, home_page):
    def add(start, stop):
        for n in range(start, stop):
            SubmissionFactory(status=SubmissionStatus.IN_REVIEW)
            add_span(SubmissionStatus.IN_REVIEW, hours=n + 1, ended_days_ago=1, number=n)
            SafeguardingRecord.objects.create(
                submission_reference="ACDE-FGHJ",
                raised_at=local(2026, 1 + n % 12, 1, 12) - datetime.timedelta(days=365 * (n // 12)),
                reason="r",
                outcome="other",
                recorded_at=local(2026, 1 + n % 12, 2, 12)
                - datetime.timedelta(days=365 * (n // 12)),
            )
            unanswered(f"words {chr(97 + n)}", days_ago=n % 5, count=n + 1)

    add(0, 1)
    one = {url: queries(admin_client, url) for url in (SUBMISSIONS, SAFEGUARDING, UNANSWERED)}
    add(1, 20)
    assert len(table_rows(admin_client.get(SAFEGUARDING))) == 20
    assert len(table_rows(admin_client.get(UNANSWERED))) == 20
    for url, counts in one.items():
        assert queries(admin_client, url) == counts, url
