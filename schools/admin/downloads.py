"""Admin for downloads (registered from schools/wagtail_hooks.py).

Reports → "Lesson pack downloads": every lesson pack and school toolkit the
editor may edit, with its whole-pack ZIP downloads and each of its files'
downloads, in the last 30 days and in all. The counts are per day and hold
nothing about who downloaded (schools/models/downloads.py). The listing takes
the same number of queries however many packs and files there are: the ZIP
counts are annotated on the pages, and the files and their counts are read
for the whole page of results at once.
"""

import datetime

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from schools.models import (
    DocumentDownloadDay,
    LessonPackFile,
    LessonPackPage,
    SchoolToolkitPage,
    ToolkitFile,
)

RECENT_DAYS = 30
EDIT_PERMISSIONS = ["add", "change", "publish"]


def recent_since():
    """The first day of "the last 30 days" (today is the 30th)."""
    return timezone.localdate() - datetime.timedelta(days=RECENT_DAYS - 1)


class FilesColumn(Column):
    cell_template_name = "schools/admin/download_files_cell.html"


class PackDownloadsReportView(ReportView):
    page_title = _("Lesson pack downloads")
    header_icon = "download"
    index_url_name = "schools_pack_downloads"
    index_results_url_name = "schools_pack_downloads_results"
    any_permission_required = EDIT_PERMISSIONS
    paginate_by = 50
    list_export = ["title", "zip_recent", "zip_total", "files_export"]
    export_headings = {
        "title": _("Pack"),
        "zip_recent": _("Whole pack, last 30 days"),
        "zip_total": _("Whole pack, all time"),
        "files_export": _("Files (last 30 days / all time)"),
    }

    @cached_property
    def permission_policy(self):
        return PagePermissionPolicy()

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Pack"),
                url_name="wagtailadmin_pages:edit",
            ),
            Column("kind", label=_("Type")),
            Column("zip_recent", label=_("Whole pack, last 30 days")),
            Column("zip_total", label=_("Whole pack, all time")),
            FilesColumn("files", label=_("Each file: last 30 days, all time")),
        ]

    def get_filename(self):
        return f"lesson-pack-downloads-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        since = recent_since()
        pages = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        ).type(LessonPackPage, SchoolToolkitPage)
        return (
            Page.objects.filter(pk__in=pages.values("pk"))
            .select_related("content_type")
            .annotate(
                zip_total=Coalesce(Sum("pack_download_days__count"), 0),
                zip_recent=Coalesce(
                    Sum("pack_download_days__count", filter=Q(pack_download_days__day__gte=since)),
                    0,
                ),
            )
            .order_by("-zip_recent", "-zip_total", "title", "pk")
        )

    def get_queryset(self):
        return self.get_base_queryset()

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        page_ids = [page.pk for page in pages]
        files_by_page = {pk: [] for pk in page_ids}
        for model in (LessonPackFile, ToolkitFile):
            for pack_file in (
                model.objects.filter(page_id__in=page_ids)
                .select_related("document")
                .order_by("page_id", "sort_order", "pk")
            ):
                files_by_page[pack_file.page_id].append(pack_file)
        document_ids = {f.document_id for files in files_by_page.values() for f in files}
        since = recent_since()
        counts = {
            row["document_id"]: row
            for row in DocumentDownloadDay.objects.filter(document_id__in=document_ids)
            .values("document_id")
            .annotate(
                total=Sum("count"),
                recent=Coalesce(Sum("count", filter=Q(day__gte=since)), 0),
            )
        }
        for page in pages:
            page.kind = page.content_type.model_class()._meta.verbose_name.capitalize()
            page.files = []
            for pack_file in files_by_page[page.pk]:
                row = counts.get(pack_file.document_id, {})
                pack_file.downloads_recent = row.get("recent", 0)
                pack_file.downloads_total = row.get("total", 0)
                page.files.append(pack_file)
            page.files_export = "; ".join(
                f"{f.display_title}: {f.downloads_recent} / {f.downloads_total}" for f in page.files
            )
        return pages


class PackDownloadsMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, EDIT_PERMISSIONS)


@hooks.register("register_admin_urls")
def register_pack_downloads_urls():
    return [
        path(
            "reports/lesson-pack-downloads/",
            PackDownloadsReportView.as_view(),
            name="schools_pack_downloads",
        ),
        path(
            "reports/lesson-pack-downloads/results/",
            PackDownloadsReportView.as_view(results_only=True),
            name="schools_pack_downloads_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_pack_downloads_menu_item():
    return PackDownloadsMenuItem(
        _("Lesson pack downloads"),
        reverse("schools_pack_downloads"),
        name="lesson-pack-downloads",
        icon_name="download",
        order=1300,
    )
