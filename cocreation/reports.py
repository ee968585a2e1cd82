"""The co-creation reports (Reports menu, each with a CSV download), built on
home/governance/reports.py.

- **Submissions** (``home.view_submission_reports``): per status, how many
  submissions are in it now and, for the times in a status that ended in the
  chosen period, how many, the median and the time within which nine in ten
  left. Read from ``SubmissionStatusSpan``, which holds a number and times
  only, so the figures outlive the retention purge and say nothing about the
  child. ``Submission.set_status`` writes the spans.
- **Safeguarding flags** (``home.view_safeguarding_reports`` only): per month,
  flags raised by screening and by a reviewer, with an outcome, still open, the
  median and longest time to an outcome, and outcomes by kind. Counts and times
  only: no reason, no reference, no names.

Each reads one narrow list of times and counts it here (median and 90th
percentile work the same on SQLite and PostgreSQL that way), so it takes the
same number of queries however many rows it shows.
"""

import datetime
import statistics

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column

from cocreation.models import (
    SafeguardingOutcome,
    SafeguardingRecord,
    Submission,
    SubmissionStatus,
    SubmissionStatusSpan,
)
from home.governance.reports import (
    DEFAULT_PERIOD,
    SAFEGUARDING_REPORTS,
    SUBMISSION_REPORTS,
    GovernanceReportView,
    PeriodFilterSet,
    csv_hours,
    hours,
    in_words,
    percentile,
    register_report,
)

# Statuses work waits in. Published, rejected and withdrawn are where work
# ends up: how long it stays there says nothing about how fast it was handled.
TIMED_STATUSES = [
    SubmissionStatus.AWAITING_CONSENT,
    SubmissionStatus.IN_REVIEW,
    SubmissionStatus.NEEDS_CHANGES,
]


def submission_rows(period_days):
    """One row per status: now in it, and the times in it that ended in the period."""
    since = timezone.now() - datetime.timedelta(days=period_days)
    now_counts = dict(Submission.objects.order_by().values_list("status").annotate(n=Count("pk")))
    durations = {status: [] for status in SubmissionStatus.values}
    for status, entered, left in SubmissionStatusSpan.objects.filter(
        left_at__gte=since, left_at__isnull=False
    ).values_list("status", "entered_at", "left_at"):
        durations.setdefault(status, []).append(hours(left - entered))
    rows = []
    for status in SubmissionStatus:
        timed = status in TIMED_STATUSES
        spans = durations.get(status.value, [])
        median = statistics.median(spans) if timed and spans else None
        p90 = percentile(spans, 0.9) if timed else None
        rows.append(
            {
                "status": status.value,
                "label": status.label,
                "now": now_counts.get(status.value, 0),
                "ended": len(spans) if timed else "—",
                "median_hours": median,
                "p90_hours": p90,
                "median_words": in_words(median) if timed else _("Not timed (a final status)"),
                "p90_words": in_words(p90) if timed else "",
                "median_csv": csv_hours(median),
                "p90_csv": csv_hours(p90),
                "ended_csv": "" if not timed else len(spans),
            }
        )
    return rows


def month_of(moment):
    return timezone.localtime(moment).date().replace(day=1)


def safeguarding_rows():
    """One row per month a flag was raised in (local time), newest first."""
    months = {}
    for raised_at, raised_by_id, outcome, recorded_at in SafeguardingRecord.objects.order_by(
        "-raised_at"
    ).values_list("raised_at", "raised_by_id", "outcome", "recorded_at"):
        month = month_of(raised_at)
        row = months.setdefault(
            month,
            {
                "month": month,
                "by_screening": 0,
                "by_reviewer": 0,
                "with_outcome": 0,
                "still_open": 0,
                "times": [],
                "outcomes": dict.fromkeys(SafeguardingOutcome.values, 0),
            },
        )
        row["by_reviewer" if raised_by_id else "by_screening"] += 1
        if outcome and recorded_at:
            row["with_outcome"] += 1
            row["times"].append(hours(recorded_at - raised_at))
            row["outcomes"][outcome] = row["outcomes"].get(outcome, 0) + 1
        else:
            row["still_open"] += 1
    rows = []
    for month in sorted(months, reverse=True):
        row = months[month]
        times = row.pop("times")
        median = statistics.median(times) if times else None
        longest = max(times) if times else None
        row.update(
            {
                "month_label": f"{month:%B %Y}",
                "month_csv": f"{month:%Y-%m}",
                "raised": row["by_screening"] + row["by_reviewer"],
                "median_words": in_words(median),
                "longest_words": in_words(longest),
                "median_csv": csv_hours(median),
                "longest_csv": csv_hours(longest),
                "outcomes_words": "; ".join(
                    f"{SafeguardingOutcome(kind).label}: {count}"
                    for kind, count in row["outcomes"].items()
                    if count
                )
                or "—",
            }
        )
        for kind, count in row["outcomes"].items():
            row[f"outcome_{kind}"] = count
        rows.append(row)
    return rows


class SubmissionsReportView(GovernanceReportView):
    page_title = _("Submissions")
    header_icon = "form"
    template_name = "home/governance/reports/submissions.html"
    index_url_name = "governance_submissions_report"
    index_results_url_name = "governance_submissions_report_results"
    permission_required = SUBMISSION_REPORTS
    filterset_class = PeriodFilterSet
    paginate_by = None
    caption = _("Submissions by status, and how long work stayed in each")
    list_export = ["label", "now", "ended_csv", "median_csv", "p90_csv"]
    export_headings = {
        "label": _("Status"),
        "now": _("In this status now"),
        "ended_csv": _("Left this status in the period"),
        "median_csv": _("Median time in this status (hours)"),
        "p90_csv": _("Nine in ten left within (hours)"),
    }
    columns = [
        Column("label", label=_("Status")),
        Column("now", label=_("In this status now")),
        Column("ended", label=_("Left this status in the period")),
        Column("median_words", label=_("Median time in this status")),
        Column("p90_words", label=_("Nine in ten left within")),
    ]

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "queryset": SubmissionStatusSpan.objects.none()}

    @cached_property
    def period_days(self):
        if self.filters and self.filters.is_valid():
            chosen = self.filters.form.cleaned_data.get("period")
            if chosen:
                return int(chosen)
        return DEFAULT_PERIOD

    def get_filename(self):
        return f"submissions-{self.period_days}-days-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return submission_rows(self.period_days)

    def filter_queryset(self, queryset):
        return queryset  # the rows already cover the chosen period

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["period_days"] = self.period_days
        return context


class SafeguardingReportView(GovernanceReportView):
    page_title = _("Safeguarding flags")
    header_icon = "warning"
    template_name = "home/governance/reports/safeguarding.html"
    index_url_name = "governance_safeguarding_report"
    index_results_url_name = "governance_safeguarding_report_results"
    permission_required = SAFEGUARDING_REPORTS
    caption = _("Safeguarding flags by the month they were raised")
    list_export = [
        "month_csv",
        "by_screening",
        "by_reviewer",
        "with_outcome",
        "still_open",
        "median_csv",
        "longest_csv",
        *[f"outcome_{kind}" for kind in SafeguardingOutcome.values],
    ]
    columns = [
        Column("month_label", label=_("Month raised")),
        Column("by_screening", label=_("Raised by screening")),
        Column("by_reviewer", label=_("Raised by a reviewer")),
        Column("with_outcome", label=_("With an outcome")),
        Column("still_open", label=_("Still open")),
        Column("median_words", label=_("Median time to an outcome")),
        Column("longest_words", label=_("Longest time to an outcome")),
        Column("outcomes_words", label=_("Outcomes")),
    ]

    @cached_property
    def export_headings(self):
        return {
            "month_csv": _("Month raised"),
            "by_screening": _("Raised by screening"),
            "by_reviewer": _("Raised by a reviewer"),
            "with_outcome": _("With an outcome"),
            "still_open": _("Still open"),
            "median_csv": _("Median time to an outcome (hours)"),
            "longest_csv": _("Longest time to an outcome (hours)"),
            **{f"outcome_{kind}": label for kind, label in SafeguardingOutcome.choices},
        }

    def get_filename(self):
        return f"safeguarding-flags-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return safeguarding_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["closed_days"] = settings.CONTRIBUTION_SAFEGUARDING_CLOSED_DAYS
        return context


register_report(
    "submissions",
    SubmissionsReportView,
    "governance_submissions_report",
    _("Submissions"),
    "form",
    SUBMISSION_REPORTS,
    1500,
)
register_report(
    "safeguarding-flags",
    SafeguardingReportView,
    "governance_safeguarding_report",
    _("Safeguarding flags"),
    "warning",
    SAFEGUARDING_REPORTS,
    1510,
)
