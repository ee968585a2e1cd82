"""Curriculum data in the admin: Snippets → Curriculum (frameworks and items).

Items nobody has checked against their source say so in the listing ("To
check against the source") and in every chooser (``CurriculumItem.__str__``).
"Confirm against the source" is a small admin view: it shows the item and its
source, and a POST (CSRF-protected, permission ``schools.change_curriculumitem``)
marks it checked, records who and when, and writes an entry in Wagtail's log.
Editing an item by hand leaves it as checked or unchecked as it was, unless the
editor ticks the box, which records them as the one who checked it.
"""

from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

import django_filters

from schools.models import CurriculumFramework, CurriculumItem
from schools.models.curriculum import Nation

CONFIRM_PERMISSION = "schools.change_curriculumitem"
CONFIRMED_ACTION = "schools.curriculum_item_confirmed"
CHECKED = _("Checked")
TO_CHECK = _("To check against the source")


def check_status(item):
    return CHECKED if item.verified else TO_CHECK


def key_stage_names(item):
    return ", ".join(stage.name for stage in item.key_stages.all())


def item_confirm(*, item, user):
    """Mark ``item`` as checked against its source by ``user``, and log it."""
    item.verified = True
    item.verified_by = user
    item.verified_at = timezone.now()
    item.save(update_fields=["verified", "verified_by", "verified_at"])
    log(instance=item, action=CONFIRMED_ACTION, user=user)
    return item


# --- Frameworks -------------------------------------------------------------


class CurriculumFrameworkViewSet(SnippetViewSet):
    model = CurriculumFramework
    icon = "list-ul"
    menu_label = _("Curriculum frameworks")
    list_display = [
        "short_name",
        "name",
        Column("nation", label=_("Nation"), accessor="get_nation_display"),
        "year",
        BooleanColumn("statutory", label=_("Statutory")),
    ]
    list_filter = ["nation", "statutory"]
    ordering = ["sort_order", "name"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("slug")]),
        FieldRowPanel([FieldPanel("nation"), FieldPanel("year"), FieldPanel("statutory")]),
        FieldPanel("publisher"),
        FieldPanel("status"),
        FieldPanel("sources"),
        FieldPanel("sort_order"),
    ]


# --- Items ------------------------------------------------------------------


class CurriculumItemFilterSet(WagtailFilterSet):
    framework = django_filters.ModelChoiceFilter(
        label=_("Framework"), queryset=CurriculumFramework.objects.all()
    )
    nation = django_filters.ChoiceFilter(
        label=_("Nation"), field_name="framework__nation", choices=Nation.choices
    )
    verified = django_filters.BooleanFilter(label=_("Checked against the source"))

    class Meta:
        model = CurriculumItem
        fields = ["framework", "nation", "verified"]


class CurriculumItemForm(WagtailAdminModelForm):
    """Ticking "checked against the source" by hand records who checked it and when."""

    def save(self, commit=True):
        item = super().save(commit=False)
        newly_checked = item.verified and "verified" in self.changed_data
        if newly_checked:
            item.verified_by = self.for_user
            item.verified_at = timezone.now()
        elif not item.verified:
            item.verified_by = None
            item.verified_at = None
        if commit:
            item.save()
            self.save_m2m()
            if newly_checked:
                log(instance=item, action=CONFIRMED_ACTION, user=self.for_user)
        return item


class CurriculumItemViewSet(SnippetViewSet):
    model = CurriculumItem
    icon = "tasks"
    menu_label = _("Curriculum items")
    list_display = [
        "heading",
        Column("framework", label=_("Framework")),
        Column("code", label=_("Official code")),
        Column("key_stages", label=_("Key stages"), accessor=key_stage_names),
        Column("status", label=_("Status"), accessor=check_status),
    ]
    filterset_class = CurriculumItemFilterSet
    search_fields = ["code", "heading", "summary"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("framework"),
            FieldRowPanel([FieldPanel("code"), FieldPanel("slug")]),
            FieldPanel("heading"),
            FieldPanel("summary"),
            FieldPanel("key_stages"),
            FieldRowPanel([FieldPanel("phase"), FieldPanel("edition")]),
            MultiFieldPanel(
                [
                    FieldPanel("source_url"),
                    FieldPanel("source_check", read_only=True),
                    FieldPanel("data_note"),
                    FieldPanel(
                        "verified",
                        help_text=_(
                            "Tick only once you have read the item in the source above. "
                            "Teachers see an item only when it is checked."
                        ),
                    ),
                    FieldPanel("verified_by", read_only=True),
                    FieldPanel("verified_at", read_only=True),
                ],
                heading=_("Source"),
            ),
            FieldPanel("sort_order"),
        ],
        base_form_class=CurriculumItemForm,
    )

    def get_queryset(self, request):
        return CurriculumItem.objects.select_related("framework").prefetch_related("key_stages")


class CurriculumViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Curriculum")
    menu_icon = "list-ul"
    menu_order = 260
    items = (CurriculumFrameworkViewSet, CurriculumItemViewSet)


register_snippet(CurriculumViewSetGroup)


# --- "Confirm against the source" -------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_item(request, pk):
    """GET: the item, its source and a button. POST: confirm it (then back to the listing)."""
    if not request.user.has_perm(CONFIRM_PERMISSION):
        # A plain 403 (Wagtail turns PermissionDenied into a redirect to the dashboard).
        return HttpResponseForbidden()
    item = get_object_or_404(CurriculumItem.objects.select_related("framework"), pk=pk)
    if request.method == "POST":
        if not item.verified or item.verified_by_id is None:
            item_confirm(item=item, user=request.user)
        return redirect(reverse("wagtailsnippets_schools_curriculumitem:list"))
    return TemplateResponse(request, "schools/admin/confirm_curriculum_item.html", {"item": item})


@hooks.register("register_admin_urls")
def curriculum_admin_urls():
    return [
        path(
            "schools/curriculum-items/confirm/<int:pk>/",
            confirm_item,
            name="schools_curriculum_item_confirm",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def confirm_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, CurriculumItem)
        and not snippet.verified
        and user.has_perm(CONFIRM_PERMISSION)
    ):
        yield Button(
            _("Confirm against the source"),
            reverse("schools_curriculum_item_confirm", args=[snippet.pk]),
            icon_name="check",
            priority=30,
        )


@hooks.register("register_log_actions")
def curriculum_log_actions(actions):
    actions.register_action(
        CONFIRMED_ACTION,
        _("Confirmed against the source"),
        _("Curriculum item confirmed against its source"),
    )


@hooks.register("page_cache_models")
def key_stages_and_year_groups_show_on_pages():
    """Pack pages show their key stages and year groups (and pack pages keep the
    list of key stages, schools/selectors.py): a change retires them."""
    from schools.models import KeyStage, YearGroup

    return [KeyStage, YearGroup]
