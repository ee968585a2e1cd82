"""Review dates and owners: content that never goes stale (issue 10).

Every resource, lesson pack, toolkit and training module has a next-review
date and an owner (`BasePage.next_review`, `BasePage.review_owner`).

- On publish, an empty next-review date (or one not after today) becomes
  `REVIEW_PERIOD_MONTHS` after the publish date, and an empty owner becomes
  the page's Wagtail owner (or whoever created the published revision). Both
  are written to the page row and to the published revision's content, so the
  edit form shows them and a later draft keeps them; no new revision is made.
- The dashboard lists, for an editor, the pages they may edit that are overdue
  or due in the next 30 days.
- `send_review_digests` (weekly, home/apps.py) emails each owner their
  overdue and due-soon pages; pages with no owner go to the Administrators.
- Opening an overdue page in the editor shows a warning at the top.
- Reports → "Review dates": every counted page, its owner, dates and status,
  as CSV or XLSX (`home.view_content_reports`).

"Which pages count" is `REVIEWED_TYPES`, and `counted_pages()` is the one
queryset every part starts from.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.signals import page_published

import django_filters
from django_tasks import task

from home.models import BasePage

DUE_SOON_DAYS = 30
ADMINISTRATORS_GROUP = "Administrators"
REPORT_PERMISSION = "view_content_reports"
EDIT_PERMISSIONS = ["change", "publish"]

OVERDUE = "overdue"
DUE_SOON = "due_soon"
OK = "ok"
NO_DATE = "no_date"
STATUS_CHOICES = [
    (OVERDUE, _("Overdue")),
    (DUE_SOON, _("Due in the next 30 days")),
    (OK, _("Up to date")),
    (NO_DATE, _("No review date")),
]
STATUS_WORDS = dict(STATUS_CHOICES)


def reviewed_types():
    """The page types that have review dates and owners: each says so itself
    with ``has_review_dates = True`` (resources, lesson packs, school toolkits,
    community toolkits, training modules), so home names no feature app."""
    from home.governance import page_types_declaring

    return tuple(model for model, _flag in page_types_declaring("has_review_dates"))


def is_reviewed_type(page):
    return isinstance(page, reviewed_types())


def review_period_months():
    return int(getattr(settings, "REVIEW_PERIOD_MONTHS", 12))


def add_months(day, months):
    """`day` plus whole months; the 29th-31st become the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


def next_review_from(day):
    return add_months(day, review_period_months())


# --- Which pages count -------------------------------------------------------


def counted_pages():
    """Every live page of a reviewed type, as `BasePage` rows with their owner
    and type loaded (one query, however many)."""
    return (
        BasePage.objects.live()
        .type(*reviewed_types())
        .select_related("review_owner", "content_type")
    )


def overdue_pages(today=None):
    today = today or timezone.localdate()
    return counted_pages().filter(next_review__lt=today).order_by("next_review", "title", "pk")


def due_pages(within_days=DUE_SOON_DAYS, today=None):
    """Pages due today or in the next `within_days` days (not yet overdue)."""
    today = today or timezone.localdate()
    return (
        counted_pages()
        .filter(next_review__gte=today, next_review__lte=today + datetime.timedelta(within_days))
        .order_by("next_review", "title", "pk")
    )


def review_status(next_review, today=None):
    today = today or timezone.localdate()
    if next_review is None:
        return NO_DATE
    if next_review < today:
        return OVERDUE
    if next_review <= today + datetime.timedelta(DUE_SOON_DAYS):
        return DUE_SOON
    return OK


def page_kind(page):
    return page.content_type.model_class()._meta.verbose_name.capitalize()


def owner_name(user):
    return get_user_display_name(user) if user is not None else ""


def decorate(pages):
    """Add `kind`, `owner_name` and `due_words` for listings and emails."""
    for page in pages:
        page.kind = page_kind(page)
        page.owner_name = owner_name(page.review_owner)
        page.due_words = date_format(page.next_review, "j F Y") if page.next_review else ""
    return pages


# --- Defaults on publish ----------------------------------------------------


def review_defaults(page, revision, today):
    """The fields to set on a page just published: {} when nothing is missing."""
    changes = {}
    if page.next_review is None or page.next_review <= today:
        changes["next_review"] = next_review_from(today)
    if page.review_owner_id is None:
        owner_id = page.owner_id or (revision.user_id if revision is not None else None)
        if owner_id is not None:
            changes["review_owner_id"] = owner_id
    return changes


def _patch_revision(revision, changes):
    content = dict(revision.content)
    if "next_review" in changes:
        content["next_review"] = changes["next_review"].isoformat()
    if "review_owner_id" in changes:
        content["review_owner"] = changes["review_owner_id"]
    revision.content = content
    revision.save(update_fields=["content"])


def set_review_defaults(sender, instance, revision=None, **kwargs):
    """page_published: fill in the next review date and the owner.

    Written with `.update()` on the page row and straight into the published
    revision's content (and the latest draft's, if a newer one lacks them):
    no new revision, no second publish, no log entry of its own.
    """
    if not is_reviewed_type(instance):
        return
    published_on = timezone.localdate(instance.last_published_at or timezone.now())
    changes = review_defaults(instance, revision, published_on)
    if not changes:
        return
    BasePage.objects.filter(pk=instance.pk).update(**changes)
    for field, value in changes.items():
        setattr(instance, field, value)
    if revision is not None:
        _patch_revision(revision, changes)
    # A newer draft (scheduled or older revision published) keeps what it says,
    # unless it too has no owner or no future date.
    latest = instance.latest_revision_id
    if latest and revision is not None and latest != revision.pk:
        draft = Revision.objects.filter(pk=latest).first()
        if draft is not None:
            content = draft.content
            draft_changes = {}
            draft_date = content.get("next_review")
            if not draft_date or datetime.date.fromisoformat(draft_date) <= published_on:
                draft_changes["next_review"] = changes.get("next_review", instance.next_review)
            if not content.get("review_owner") and instance.review_owner_id:
                draft_changes["review_owner_id"] = instance.review_owner_id
            if draft_changes:
                _patch_revision(draft, draft_changes)


page_published.connect(set_review_defaults, dispatch_uid="clearsight_review_defaults")


# --- Dashboard panel ---------------------------------------------------------


def editable_by(user, queryset):
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return queryset.filter(pk__in=pages.values("pk"))


class ReviewDatesPanel(Component):
    name = "review_dates"
    template_name = "home/governance/review/dashboard_panel.html"
    order = 140

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context.update(
            {
                "overdue": decorate(list(editable_by(self.user, overdue_pages()))),
                "due_soon": decorate(list(editable_by(self.user, due_pages()))),
                "due_soon_days": DUE_SOON_DAYS,
                "report_url": reverse("clearsight_review_report")
                if may_see_report(self.user)
                else "",
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_review_dates_panel(request, panels):
    if PagePermissionPolicy().user_has_any_permission(request.user, EDIT_PERMISSIONS):
        panels.append(ReviewDatesPanel(request.user))


# --- Overdue warning in the editor --------------------------------------------


@hooks.register("before_edit_page")
def warn_if_overdue(request, page):
    """A warning at the top of the edit view of a live, overdue page (the date
    the form shows: the latest revision's)."""
    if request.method != "GET" or not page.live or not is_reviewed_type(page):
        return None
    if review_status(page.next_review) == OVERDUE:
        messages.warning(
            request,
            _(
                "This page was due for review on %(date)s. Check it is still right, "
                "then set the next review date (Promote tab, “Content review”)."
            )
            % {"date": date_format(page.next_review, "j F Y")},
        )
    return None


# --- Weekly digest -------------------------------------------------------------


def admin_url(page):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )


def _active_with_email(users):
    return [u for u in users if u is not None and u.is_active and u.email]


@task()
def send_review_digests():
    """Weekly: email each owner the pages of theirs due in 30 days or overdue.

    One email per person: their own pages, and, for each active member of the
    Administrators group, the pages nobody owns (or whose owner's account is
    inactive or has no email address). Returns how many emails were sent.
    """
    today = timezone.localdate()
    pages = decorate(
        list(
            counted_pages()
            .filter(next_review__lte=today + datetime.timedelta(DUE_SOON_DAYS))
            .order_by("next_review", "title", "pk")
        )
    )
    if not pages:
        return 0
    by_owner, unowned = {}, []
    for page in pages:
        page.edit_url = admin_url(page)
        page.overdue = page.next_review < today
        if _active_with_email([page.review_owner]):
            by_owner.setdefault(page.review_owner.pk, (page.review_owner, []))[1].append(page)
        else:
            unowned.append(page)
    recipients = {pk: (user, own, []) for pk, (user, own) in by_owner.items()}
    if unowned:
        administrators = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=ADMINISTRATORS_GROUP)
            .exclude(email="")
            .distinct()
        )
        for user in administrators:
            recipients.setdefault(user.pk, (user, [], []))[2].extend(unowned)
    sent = 0
    for user, own, nobodys in recipients.values():
        context = {
            "name": owner_name(user),
            "overdue": [p for p in own if p.overdue],
            "due_soon": [p for p in own if not p.overdue],
            "unowned": nobodys,
            "due_soon_days": DUE_SOON_DAYS,
            "report_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("clearsight_review_report"),
        }
        count = len(own) + len(nobodys)
        subject = _("Clearsight: %(count)s page(s) to review") % {"count": count}
        message = EmailMultiAlternatives(
            str(subject),
            render_to_string("home/governance/review/digest.txt", context),
            None,
            [user.email],
        )
        message.attach_alternative(
            render_to_string("home/governance/review/digest.html", context), "text/html"
        )
        message.send()
        sent += 1
    return sent


# --- Report ------------------------------------------------------------------


def may_see_report(user):
    """`home.view_content_reports` (on home.GovernancePermissions); superusers too."""
    return user.is_active and user.has_perm(f"home.{REPORT_PERMISSION}")


def filter_status(queryset, name, value):
    today = timezone.localdate()
    soon = today + datetime.timedelta(DUE_SOON_DAYS)
    if value == OVERDUE:
        return queryset.filter(next_review__lt=today)
    if value == DUE_SOON:
        return queryset.filter(next_review__gte=today, next_review__lte=soon)
    if value == OK:
        return queryset.filter(next_review__gt=soon)
    if value == NO_DATE:
        return queryset.filter(next_review__isnull=True)
    return queryset


def owner_choices():
    return get_user_model().objects.filter(
        pk__in=BasePage.objects.filter(review_owner__isnull=False).values("review_owner")
    )


class ReviewFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method=filter_status
    )
    review_owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=lambda request: owner_choices(), empty_label=_("Anyone")
    )
    no_owner = django_filters.BooleanFilter(
        label=_("No owner"), field_name="review_owner", lookup_expr="isnull"
    )

    class Meta:
        model = BasePage
        fields = ["status", "review_owner"]


class ReviewReportView(ReportView):
    page_title = _("Review dates")
    header_icon = "date"
    index_url_name = "clearsight_review_report"
    index_results_url_name = "clearsight_review_report_results"
    permission_required = REPORT_PERMISSION
    filterset_class = ReviewFilterSet
    paginate_by = 50
    list_export = [
        "title",
        "kind",
        "section",
        "owner_name",
        "last_reviewed",
        "next_review",
        "status_words",
        "edit_url",
    ]
    export_headings = {
        "title": _("Title"),
        "kind": _("Type"),
        "section": _("Section"),
        "owner_name": _("Owner"),
        "last_reviewed": _("Last reviewed"),
        "next_review": _("Next review"),
        "status_words": _("Status"),
        "edit_url": _("Edit link"),
    }

    def user_has_permission(self, permission):
        return may_see_report(self.request.user)

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Title"), url_name="wagtailadmin_pages:edit"),
            Column("kind", label=_("Type")),
            Column("section", label=_("Section")),
            Column("owner_name", label=_("Owner")),
            Column("last_reviewed", label=_("Last reviewed")),
            Column("next_review", label=_("Next review")),
            Column("status_words", label=_("Status")),
        ]

    def get_filename(self):
        return f"review-dates-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return counted_pages().order_by(F("next_review").asc(nulls_first=True), "title", "pk")

    def decorate_paginated_queryset(self, object_list):
        pages = decorate(list(object_list))
        today = timezone.localdate()
        # The section is the page's ancestor just below the site's home page:
        # read for the whole page of results at once.
        steplen = Page.steplen
        prefixes = {p.path[: steplen * 3] for p in pages if len(p.path) > steplen * 3}
        sections = {
            s.path: s.title for s in Page.objects.filter(path__in=prefixes).only("path", "title")
        }
        for page in pages:
            page.section = sections.get(page.path[: steplen * 3], "")
            page.status_words = str(STATUS_WORDS[review_status(page.next_review, today)])
            page.edit_url = admin_url(page)
        return pages


class ReviewReportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_report(request.user)


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/review-dates/", ReviewReportView.as_view(), name="clearsight_review_report"),
        path(
            "reports/review-dates/results/",
            ReviewReportView.as_view(results_only=True),
            name="clearsight_review_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ReviewReportMenuItem(
        _("Review dates"),
        reverse("clearsight_review_report"),
        name="review-dates",
        icon_name="date",
        order=1100,
    )
