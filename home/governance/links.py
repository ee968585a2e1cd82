"""Broken internal links and documents (issue 10).

``check_links`` runs daily (home/apps.py, 04:30) and from ``manage.py
check_links``. For every live page it collects the page's internal references
and records a ``home.LinkProblem`` for each one that leads nowhere:

- a page that was deleted, or is not live (a draft shows readers nothing);
- a document or image that was deleted;
- a document or image whose file is missing from storage.

Where the references come from. Wagtail's reference index
(``wagtail.models.ReferenceIndex``) is kept up to date on every save (a task
re-extracts the saved object's references), so its rows for a page are read
in one query per batch: they cover rich text, StreamField chooser blocks,
foreign keys and inline panels. But Wagtail *deletes* the index rows that
point at an object when that object is deleted
(``remove_reference_index_on_delete``), and its own extraction from a
StreamField fetches each chosen object and skips the ones it no longer finds:
so neither can show a link to something deleted. The page's own rich text
and StreamField values are therefore also walked raw (the stored JSON and
HTML, no queries: the values are loaded with the page), with the index's own
model and content paths, so both sources agree on "where on the page". The
index is never rebuilt here: it is only stale after data loaded with its
signals off (fixtures, raw SQL); run ``manage.py rebuild_references_index``
then. Foreign keys and inline panels need no raw walk: their database
constraint removes (SET_NULL/CASCADE) or protects the link when the target
goes, so they can only be not live or lack a file, which the index shows.

Queries: per batch of BATCH_SIZE pages, the specific pages (one per page
type), one for the index rows, then one per kind of target (pages, documents,
images) by id; one storage check per distinct file. The results replace the
previous run's in one transaction.

Not done yet: raw internal links written as paths ("/young-people/old/") in
rich text or URL fields are not checked (see the helper's notes).
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail import blocks, hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.models import Page, ReferenceIndex
from wagtail.rich_text import extract_references_from_rich_text

from django_tasks import task

from home.models import LinkProblem

VIEW_PERMISSION = "home.view_content_reports"
BATCH_SIZE = 200

Kind = LinkProblem.Kind
Problem = LinkProblem.Problem


def kind_of(model):
    """The LinkProblem kind for a referenced model, or None (snippets etc.)."""
    if model is None:
        return None
    if issubclass(model, Page):
        return Kind.PAGE
    if issubclass(model, AbstractDocument):
        return Kind.DOCUMENT
    if issubclass(model, AbstractImage):
        return Kind.IMAGE
    return None


# --- Raw walk of a page's own rich text and StreamField values ---------------


def walk_block(block, raw, model_path="", content_path=""):
    """Yield (model, id, model_path, content_path) from a block's raw (stored)
    value, without fetching anything; paths as the reference index writes them."""

    def join(prefix, part):
        return f"{prefix}.{part}" if prefix else str(part)

    if raw is None:
        return
    if isinstance(block, blocks.BaseStreamBlock):
        for child in raw or []:
            if not isinstance(child, dict):
                continue
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from walk_block(
                    child_block,
                    child.get("value"),
                    join(model_path, child["type"]),
                    join(content_path, child.get("id") or ""),
                )
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                value, item_id = item["value"], item.get("id") or ""
            else:
                value, item_id = item, ""
            yield from walk_block(
                block.child_block, value, join(model_path, "item"), join(content_path, item_id)
            )
    elif isinstance(block, blocks.BaseStructBlock):
        if isinstance(raw, dict):
            for name, child_block in block.child_blocks.items():
                yield from walk_block(
                    child_block, raw.get(name), join(model_path, name), join(content_path, name)
                )
    elif isinstance(block, blocks.ChooserBlock):
        target = getattr(raw, "pk", raw)
        if target not in (None, ""):
            yield block.model_class, str(target), model_path, content_path
    elif isinstance(block, blocks.RichTextBlock):
        source = getattr(raw, "source", raw)
        for model, object_id, _model_path, _content_path in extract_references_from_rich_text(
            source or ""
        ):
            yield model, str(object_id), model_path, content_path


def raw_references(page):
    """(model, id, model_path, content_path) for the page's own rich text and
    StreamField fields, read from the stored values."""
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            value = field.value_from_object(page)
            raw = field.get_prep_value(value)
            if isinstance(raw, str):
                try:
                    raw = json.loads(raw) if raw else []
                except ValueError:
                    continue
            yield from walk_block(field.stream_block, raw, field.name, field.name)
        elif isinstance(field, RichTextField):
            for model, object_id, _mp, _cp in extract_references_from_rich_text(
                field.value_from_object(page) or ""
            ):
                yield model, str(object_id), field.name, field.name


def describe_field(content_type_id, model_path):
    """A human description of where on the page ("Body → Downloads")."""
    row = ReferenceIndex(content_type_id=content_type_id, model_path=model_path)
    try:
        return str(row.describe_source_field())
    except (FieldDoesNotExist, KeyError, AttributeError, IndexError):
        return model_path


# --- The check ---------------------------------------------------------------


class FileChecker:
    """One storage call per distinct file, however many links lead to it."""

    def __init__(self):
        self.known = {}

    def missing(self, file_field):
        if not file_field or not file_field.name:
            return True
        key = (id(file_field.storage), file_field.name)
        if key not in self.known:
            self.known[key] = file_field.storage.exists(file_field.name)
        return not self.known[key]


def references_by_page(pages):
    """{page id: {(kind, target id, content path): (model path, content type id)}}
    from the reference index and the raw walk, for a batch of specific pages."""
    page_ct = ContentType.objects.get_for_model(Page)
    found = {page.pk: {} for page in pages}
    content_types = {}
    for row in ReferenceIndex.objects.filter(
        base_content_type=page_ct, object_id__in=[str(page.pk) for page in pages]
    ).values_list("object_id", "content_type_id", "to_content_type_id", "to_object_id",
                  "model_path", "content_path"):  # fmt: skip
        object_id, ct_id, to_ct_id, to_id, model_path, content_path = row
        if to_ct_id not in content_types:
            content_types[to_ct_id] = ContentType.objects.get_for_id(to_ct_id).model_class()
        kind = kind_of(content_types[to_ct_id])
        if kind:
            found[int(object_id)][(kind, to_id, content_path)] = (model_path, ct_id)
    for page in pages:
        ct_id = ContentType.objects.get_for_model(page).id
        for model, to_id, model_path, content_path in raw_references(page):
            kind = kind_of(model)
            if kind:
                found[page.pk].setdefault((kind, to_id, content_path), (model_path, ct_id))
    return found


def fetch_targets(kind, ids):
    """The existing targets of one kind by id (as strings): one query."""
    numeric = [int(i) for i in ids if str(i).isdigit()]
    if not numeric:
        return {}
    if kind == Kind.PAGE:
        rows = Page.objects.filter(pk__in=numeric).only("pk", "title", "live")
    elif kind == Kind.DOCUMENT:
        rows = get_document_model().objects.filter(pk__in=numeric).only("pk", "title", "file")
    else:
        rows = get_image_model().objects.filter(pk__in=numeric).only("pk", "title", "file")
    return {str(obj.pk): obj for obj in rows}


def problems_for_batch(pages, files, now):
    found = references_by_page(pages)
    wanted = {kind: set() for kind in Kind.values}
    for refs in found.values():
        for kind, to_id, _content_path in refs:
            wanted[kind].add(to_id)
    targets = {kind: fetch_targets(kind, ids) for kind, ids in wanted.items()}
    problems = []
    for page in pages:
        for (kind, to_id, _content_path), (model_path, ct_id) in found[page.pk].items():
            target = targets[kind].get(to_id)
            if target is None:
                problem = Problem.MISSING
            elif kind == Kind.PAGE and not target.live:
                problem = Problem.NOT_LIVE
            elif kind != Kind.PAGE and files.missing(target.file):
                problem = Problem.FILE_MISSING
            else:
                continue
            label = target.title if target is not None else _("%(kind)s %(id)s (deleted)") % {
                "kind": Kind(kind).label, "id": to_id}  # fmt: skip
            problems.append(
                LinkProblem(
                    page_id=page.pk,
                    kind=kind,
                    problem=problem,
                    target_id=to_id,
                    target_label=str(label)[:255],
                    field=describe_field(ct_id, model_path)[:255],
                    found_at=now,
                )
            )
    return problems


def find_link_problems():
    """Every LinkProblem on the live pages (unsaved)."""
    now = timezone.now()
    files = FileChecker()
    problems = []
    ids = list(
        Page.objects.live().filter(depth__gt=1).order_by("path").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH_SIZE):
        batch_ids = ids[start : start + BATCH_SIZE]
        pages = list(Page.objects.filter(pk__in=batch_ids).order_by("path").specific())
        problems.extend(problems_for_batch(pages, files, now))
    return problems


def summary(problems):
    pages = len({p.page_id for p in problems})
    return ngettext("%(n)d problem", "%(n)d problems", len(problems)) % {
        "n": len(problems)
    } + ngettext(" on %(m)d page", " on %(m)d pages", pages) % {"m": pages}


def run_link_check():
    problems = find_link_problems()
    with transaction.atomic():
        # One DELETE whatever the number of rows (a plain .delete() selects the
        # rows first, because other apps listen to every model's deletions).
        LinkProblem.objects.all()._raw_delete(LinkProblem.objects.db)
        LinkProblem.objects.bulk_create(problems)
    return summary(problems)


@task()
def check_links():
    """Daily: find links and documents on live pages that lead nowhere."""
    return run_link_check()


# --- Reports → "Broken links" -------------------------------------------------


def can_view(user):
    return user.is_active and user.has_perm(VIEW_PERMISSION)


class BrokenLinksReportView(ReportView):
    page_title = gettext_lazy("Broken links")
    header_icon = "warning"
    index_url_name = "home_broken_links"
    index_results_url_name = "home_broken_links_results"
    paginate_by = 50
    list_export = ["page_title", "page_url", "field", "kind_label", "target_label",
                   "problem_label", "found_at"]  # fmt: skip
    export_headings = {
        "page_title": gettext_lazy("Page"),
        "page_url": gettext_lazy("Edit page"),
        "field": gettext_lazy("Where on the page"),
        "kind_label": gettext_lazy("Links to a"),
        "target_label": gettext_lazy("Links to"),
        "problem_label": gettext_lazy("Problem"),
        "found_at": gettext_lazy("Found"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "page_title",
                label=gettext_lazy("Page"),
                get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page_id]),
            ),
            Column("field", label=gettext_lazy("Where on the page")),
            Column("target_text", label=gettext_lazy("Links to")),
            Column("problem_label", label=gettext_lazy("Problem")),
            DateColumn("found_at", label=gettext_lazy("Found")),
        ]

    def get_filename(self):
        return f"broken-links-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return LinkProblem.objects.select_related("page").order_by("page__path", "pk")

    def decorate_paginated_queryset(self, object_list):
        rows = list(object_list)
        for row in rows:
            decorate(row, self.request)
        return rows

    def to_row_dict(self, item):
        decorate(item, self.request)
        return super().to_row_dict(item)


def decorate(row, request=None):
    row.page_title = row.page.title
    row.kind_label = row.get_kind_display()
    row.problem_label = row.get_problem_display()
    row.target_text = f"{row.kind_label}: {row.target_label}"
    url = reverse("wagtailadmin_pages:edit", args=[row.page_id])
    row.page_url = request.build_absolute_uri(url) if request else url


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_admin_urls")
def register_broken_links_urls():
    return [
        path("reports/broken-links/", BrokenLinksReportView.as_view(), name="home_broken_links"),
        path(
            "reports/broken-links/results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="home_broken_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return BrokenLinksMenuItem(
        gettext_lazy("Broken links"),
        reverse("home_broken_links"),
        name="broken-links",
        icon_name="warning",
        order=1400,
    )


class BrokenLinksPanel(Component):
    name = "broken_links"
    order = 160
    template_name = "home/governance/links/panel.html"

    def __init__(self, links, pages):
        self.links = links
        self.pages = pages

    def get_context_data(self, parent_context=None):
        return {
            "links": self.links,
            "pages": self.pages,
            "report_url": reverse("home_broken_links"),
        }


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    if not can_view(request.user):
        return
    counts = LinkProblem.objects.aggregate(links=Count("pk"), pages=Count("page", distinct=True))
    if counts["links"]:
        panels.append(BrokenLinksPanel(counts["links"], counts["pages"]))
