"""Reports for editors (Reports menu), each with a CSV download.

- **Submissions** and **Safeguarding flags**: cocreation/reports.py, built on
  the helpers here (``GovernanceReportView``, ``register_report``, times in
  words and hours).
- **Searches that found nothing** (``home.view_content_reports``): the words of
  searches that found no page, with their counts over the last 30 days, so
  editors can see what is missing (``home.search.record_unanswered_search``).

Each takes the same number of queries however many rows it shows: the first
two read one narrow list of times and count it here (median and 90th
percentile work the same on SQLite and PostgreSQL that way); the third is one
grouped query and its count.
"""

import datetime
import math

from django.conf import settings
from django.db.models import Count, Max, Sum
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

import django_filters

from home.models import UnansweredSearch

SUBMISSION_REPORTS = "home.view_submission_reports"
SAFEGUARDING_REPORTS = "home.view_safeguarding_reports"
CONTENT_REPORTS = "home.view_content_reports"

PERIODS = [
    ("30", _("The last 30 days")),
    ("90", _("The last 90 days")),
    ("365", _("The last year")),
]
DEFAULT_PERIOD = 30
UNANSWERED_DAYS = 30


# --- Counting -------------------------------------------------------------------


def hours(delta):
    return delta.total_seconds() / 3600


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least `fraction` of all at or below it."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)] if ordered else None


def in_words(value_hours):
    """A time in hours as plain words: minutes under an hour, hours under two
    days, then days."""
    if value_hours is None:
        return "—"
    if value_hours < 1:
        minutes = max(round(value_hours * 60), 1)
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if value_hours < 48:
        whole = round(value_hours)
        return ngettext("%(count)d hour", "%(count)d hours", whole) % {"count": whole}
    days = round(value_hours / 24, 1)
    text = f"{days:g}"
    return ngettext("%(count)s day", "%(count)s days", 1 if days == 1 else 2) % {"count": text}


def csv_hours(value_hours):
    return "" if value_hours is None else round(value_hours, 1)


def unanswered_since():
    """The first day of "the last 30 days" (today is the 30th)."""
    return timezone.localdate() - datetime.timedelta(days=UNANSWERED_DAYS - 1)


def unanswered_searches_garbage_collect():
    """Drop searches that found nothing older than WAGTAILSEARCH_HITS_MAX_AGE
    days, as Wagtail does for its own daily search counts (home/tasks.py)."""
    days = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7)
    oldest_kept = timezone.localdate() - datetime.timedelta(days=days)
    deleted, _counts = UnansweredSearch.objects.filter(day__lt=oldest_kept).delete()
    return deleted


def csv_safe(value):
    """Words a reader typed, made safe to open in a spreadsheet: a cell that
    starts like a formula is kept as text."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# --- Views ------------------------------------------------------------------------


class PeriodFilterSet(django_filters.FilterSet):
    period = django_filters.ChoiceFilter(
        label=_("Times that ended in"),
        choices=PERIODS,
        empty_label=None,
        method="keep",
    )

    def keep(self, queryset, name, value):
        return queryset  # the view reads the period itself


class GovernanceReportView(ReportView):
    """A report over rows worked out here; visible with one permission."""

    permission_required = None  # set by each report
    paginate_by = 50
    caption = ""

    def user_has_permission(self, permission):
        return self.request.user.has_perm(permission)

    def get_table_kwargs(self):
        return {**super().get_table_kwargs(), "caption": self.caption}


class UnansweredSearchesReportView(GovernanceReportView):
    page_title = _("Searches that found nothing")
    header_icon = "search"
    template_name = "home/governance/reports/unanswered_searches.html"
    index_url_name = "governance_unanswered_searches_report"
    index_results_url_name = "governance_unanswered_searches_report_results"
    permission_required = CONTENT_REPORTS
    caption = _("Searches that found nothing in the last 30 days, most often first")
    list_export = ["query_string", "total", "days", "last_day"]
    export_headings = {
        "query_string": _("Search words"),
        "total": _("Searches"),
        "days": _("Days searched"),
        "last_day": _("Last searched"),
    }
    custom_field_preprocess = {
        "query_string": {ReportView.FORMAT_CSV: csv_safe, ReportView.FORMAT_XLSX: str},
    }
    columns = [
        Column("query_string", label=_("Search words")),
        Column("total", label=_("Searches")),
        Column("days", label=_("Days searched")),
        Column("last_day", label=_("Last searched")),
    ]

    def get_filename(self):
        return f"searches-that-found-nothing-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return (
            UnansweredSearch.objects.filter(day__gte=unanswered_since())
            .order_by()
            .values("query_string")
            .annotate(total=Sum("count"), days=Count("pk"), last_day=Max("day"))
            .order_by("-total", "query_string")
        )


# --- Menu and addresses -------------------------------------------------------------


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


# (address, view, url name, menu label, icon, permission, order); feature apps
# add theirs with register_report (cocreation/reports.py: submissions and
# safeguarding flags), before the admin's addresses are built.
REPORTS = []


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = []
    for address, view, name, *_rest in REPORTS:
        urls.append(path(f"reports/{address}/", view.as_view(), name=name))
        urls.append(
            path(
                f"reports/{address}/results/",
                view.as_view(results_only=True),
                name=f"{name}_results",
            )
        )
    return urls


def _menu_hook(name, label, icon, permission, order):
    def register():
        return PermissionMenuItem(
            label,
            reverse(name),
            name=name.replace("_", "-"),
            icon_name=icon,
            order=order,
            permission=permission,
        )

    return register


def register_report(address, view, name, label, icon, permission, order):
    """Serve ``view`` at /admin/reports/<address>/ (and its results) and list
    it in the Reports menu for those who hold ``permission``."""
    REPORTS.append((address, view, name, label, icon, permission, order))
    hooks.register("register_reports_menu_item", _menu_hook(name, label, icon, permission, order))


register_report(
    "searches-that-found-nothing",
    UnansweredSearchesReportView,
    "governance_unanswered_searches_report",
    _("Searches that found nothing"),
    "search",
    CONTENT_REPORTS,
    1520,
)
