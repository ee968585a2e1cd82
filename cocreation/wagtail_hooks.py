"""Co-creation in the Wagtail admin: the submissions queue, safeguarding
records, the permission-checked picture view and the audit log's actions.

Who sees what is decided in one place, ``cocreation.moderation.selectors``,
and applied to every submission view: the listing's queryset, and a gate in
front of every view that takes a submission's id (edit, inspect, history,
revisions, compare, workflow actions, preview, lock, delete, usage).
https://docs.wagtail.org/en/stable/topics/snippets/customising.html
"""

from functools import wraps

from django.http import Http404, HttpResponseForbidden
from django.urls import path, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

import django_filters

from cocreation.models import (
    CallForContributionsPage,
    GroupCode,
    Submission,
    SubmissionLogEntry,
    SubmissionStatus,
)
from cocreation.moderation import views
from cocreation.moderation.forms import SubmissionAdminForm
from cocreation.moderation.panels import DetailsPanel, OriginalPanel, PicturesPanel
from cocreation.moderation.selectors import (
    is_safeguarding_lead,
    submissions_visible_to,
    user_can_see_submission,
)
from home.models import AgeBand


class SubmissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=SubmissionStatus.choices)
    call = django_filters.ModelChoiceFilter(
        label=_("Call"), queryset=CallForContributionsPage.objects.order_by("title")
    )
    age_band = django_filters.ModelChoiceFilter(
        label=_("Age band"), queryset=AgeBand.objects.order_by("min_age")
    )
    needs_safeguarding = django_filters.BooleanFilter(label=_("Needs safeguarding"))

    class Meta:
        model = Submission
        fields = ["status", "call", "age_band", "needs_safeguarding"]


def submission_flags(submission):
    """Flags in words (colour alone tells a screen reader nothing)."""
    flags = []
    if submission.needs_safeguarding:
        flags.append(_("Safeguarding concern"))
    if submission.personal_details_found:
        flags.append(_("Personal details found"))
    return ", ".join(str(flag) for flag in flags)


def time_waiting(submission):
    return timesince(submission.status_changed_at, timezone.now(), depth=1)


class SubmissionViewSet(SnippetViewSet):
    model = Submission
    icon = "clipboard-list"
    menu_label = _("Submissions")
    menu_order = 210
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    # The work and where it is up to: never who sent it (that is DetailsPanel's,
    # behind its own permissions).
    inspect_view_fields = [
        "reference", "call", "age_band", "title", "text", "published_title", "published_text",
        "status", "status_changed_at", "submitted_at", "needs_safeguarding", "reject_reason",
    ]  # fmt: skip
    list_display = [
        "reference",
        "title",
        LiveStatusTagColumn(),
        Column("status", label=_("Review status"), accessor="get_status_display"),
        Column("flags", label=_("Flags"), accessor=submission_flags),
        Column("call", label=_("Call")),
        Column("age_band", label=_("Age band")),
        Column("waiting", label=_("Waiting"), accessor=time_waiting),
    ]
    filterset_class = SubmissionFilterSet
    search_fields = ["reference", "title", "text"]
    # The database, not the search index: the index cannot apply the
    # visibility rules (Exists subqueries), and must never widen them.
    search_backend_name = None
    list_per_page = 50

    edit_handler = ObjectList(
        [
            OriginalPanel(heading=_("The work, as sent (kept unchanged)")),
            MultiFieldPanel(
                [FieldPanel("published_title"), FieldPanel("published_text")],
                heading=_("The copy to publish: remove anything that could identify anyone"),
            ),
            PicturesPanel(heading=_("Pictures")),
            DetailsPanel(heading=_("Who sent it")),
        ],
        base_form_class=SubmissionAdminForm,
    )

    def get_queryset(self, request):
        # Flagged work first, then the longest waiting.
        return (
            submissions_visible_to(request.user)
            .order_by("-needs_safeguarding", "status_changed_at", "pk")
            .select_related("call", "age_band")
        )

    def construct_view(self, view_class, **kwargs):
        view = super().construct_view(view_class, **kwargs)

        shows_history = view_class is self.history_view_class

        @wraps(view)
        def gated(request, *args, **view_kwargs):
            if "pk" in view_kwargs and not user_can_see_submission(request.user, view_kwargs["pk"]):
                raise Http404
            # A submission's history names every step, a safeguarding concern
            # included: only for those who may see who sent it (not the youth panel).
            if shows_history and not request.user.has_perm("cocreation.view_submission_byline"):
                raise Http404
            return view(request, *args, **view_kwargs)

        return gated

    def register_chooser_viewset(self):
        # No chooser: nothing links to a submission, and a chooser would list
        # submissions outside the gate above.
        pass


register_snippet(SubmissionViewSet)


class GroupCodeViewSet(SnippetViewSet):
    """Codes editors give a teacher or youth worker, to send a group's work to one call."""

    model = GroupCode
    icon = "key"
    menu_label = _("Group codes")
    add_to_admin_menu = False
    list_display = ["code", "group_name", "call", "active", "created_at"]
    list_filter = ["active", "call"]
    search_fields = ["code", "group_name"]
    panels = [
        FieldPanel("call"),
        FieldPanel("group_name"),
        FieldPanel("leader_email"),
        FieldPanel("active"),
    ]


register_snippet(GroupCodeViewSet)


# Publishing outside the workflow would skip the safeguarding check and the
# youth panel: only safeguarding leads (and superusers) get the Publish button.
# Everyone else publishes by approving the last step.
def may_publish_outside_workflow(user):
    return is_safeguarding_lead(user)


# Wagtail lets anyone who may approve a step cancel or restart the whole
# workflow; the youth panel reviews, but does not take work out of review.
def may_cancel_workflow(user):
    return user.is_superuser or user.has_perm("cocreation.change_submission")


def refused_actions(user):
    refused = set()
    if not may_publish_outside_workflow(user):
        refused.add("action-publish")
    if not may_cancel_workflow(user):
        refused |= {"action-cancel-workflow", "action-restart-workflow"}
    return refused


@hooks.register("construct_snippet_action_menu")
def remove_refused_buttons(menu_items, request, context):
    if context.get("model") is Submission:
        refused = refused_actions(request.user)
        menu_items[:] = [item for item in menu_items if item.name not in refused]


@hooks.register("before_edit_snippet")
def refuse_actions_outside_role(request, instance):
    if (
        isinstance(instance, Submission)
        and request.method == "POST"
        and refused_actions(request.user).intersection(request.POST)
    ):
        return HttpResponseForbidden()
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_action_on_hidden_submissions(request, action_type, objects, action_class_instance):
    submissions = [obj for obj in objects if isinstance(obj, Submission)]
    if submissions and action_type == "publish" and not may_publish_outside_workflow(request.user):
        return HttpResponseForbidden()
    if submissions:
        visible = set(
            submissions_visible_to(request.user)
            .filter(pk__in=[obj.pk for obj in submissions])
            .values_list("pk", flat=True)
        )
        if any(obj.pk not in visible for obj in submissions):
            return HttpResponseForbidden()
    return None


@hooks.register("register_admin_urls")
def register_cocreation_admin_urls():
    return [
        path(
            "cocreation/pictures/<int:pk>/",
            views.submission_picture,
            name="cocreation_submission_picture",
        ),
        path("safeguarding/", views.safeguarding_records, name="cocreation_safeguarding_records"),
        path(
            "safeguarding/<int:pk>/",
            views.safeguarding_record,
            name="cocreation_safeguarding_record",
        ),
        path(
            "safeguarding/<int:pk>/close/",
            views.safeguarding_record_close,
            name="cocreation_safeguarding_record_close",
        ),
    ]


class SafeguardingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.RECORD_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_safeguarding_menu_item():
    return SafeguardingMenuItem(
        _("Safeguarding records"),
        reverse("cocreation_safeguarding_records"),
        icon_name="warning",
        order=205,
    )


@hooks.register("register_log_actions")
def register_cocreation_log_actions(actions):
    """Every step of a contribution's life, named in Wagtail's audit log, which
    keeps submissions' entries in their own table (cocreation/models/audit.py)."""
    actions.register_model(Submission, SubmissionLogEntry)
    actions.register_action(
        "cocreation.screened",
        _("Screened"),
        _("Screened for personal details and possible disclosures"),
    )
    actions.register_action("cocreation.submitted", _("Sent by a child"), _("Sent"))
    actions.register_action(
        "cocreation.consent_given", _("Parent or carer agreed"), _("Parent or carer agreed")
    )
    actions.register_action(
        "cocreation.consent_refused",
        _("Parent or carer did not agree"),
        _("Parent or carer did not agree"),
    )
    actions.register_action("cocreation.review_started", _("Sent for review"), _("Sent for review"))
    actions.register_action(
        "cocreation.safeguarding_raised",
        _("Safeguarding concern raised"),
        _("Safeguarding concern raised"),
    )
    actions.register_action(
        "cocreation.published_in_gallery", _("Published in the gallery"), _("Published")
    )
    actions.register_action(
        "cocreation.changes_requested", _("Changes requested"), _("Changes requested")
    )
    actions.register_action("cocreation.review_resumed", _("Back in review"), _("Back in review"))
    actions.register_action("cocreation.rejected", _("Rejected"), _("Rejected"))
    actions.register_action(
        "cocreation.escalated", _("Escalated to safeguarding"), _("Escalated to safeguarding")
    )
    actions.register_action(
        "cocreation.safeguarding_outcome_recorded",
        _("Safeguarding outcome recorded"),
        _("Safeguarding outcome recorded"),
    )
    actions.register_action(
        "cocreation.safeguarding_closed",
        _("Safeguarding record closed"),
        _("Safeguarding record closed"),
    )
    actions.register_action(
        "cocreation.contributions_purged",
        _("Retention purge"),
        _("Retention purge: contributions past their time deleted or blanked"),
    )
    actions.register_action(
        "cocreation.resource_made", _("Resource made from it"), _("Resource made")
    )
    actions.register_action(
        "cocreation.withdrawn", _("Withdrawn by the young person"), _("Withdrawn")
    )


# --- Publication: the page cache, making a resource ----------------------------


@hooks.register("page_cache_models")
def submissions_shown_on_pages():
    """The call pages show live submissions: publishing or unpublishing one
    (and withdrawing it) retires the cached pages (home/signals.py). Their
    pictures are shown through the image library, whose images count already;
    a child's upload itself shows nowhere, so it retires nothing."""
    from cocreation.models import Submission

    return [Submission]


@hooks.register("register_admin_urls")
def publication_admin_urls():
    from django.urls import path

    from cocreation.views.admin_publication import make_resource

    return [
        path(
            "cocreation/submissions/<int:pk>/make-resource/",
            make_resource,
            name="cocreation_make_resource",
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def make_resource_button(snippet, user, next_url=None):
    from django.urls import reverse

    from wagtail.admin.widgets import Button

    from cocreation.models import Submission, SubmissionStatus
    from cocreation.views.admin_publication import can_make_resource

    if (
        isinstance(snippet, Submission)
        and snippet.live
        and snippet.status == SubmissionStatus.PUBLISHED
        and snippet.resource_id is None
        and can_make_resource(user)
    ):
        yield Button(
            _("Make a resource from it"),
            reverse("cocreation_make_resource", args=[snippet.pk]),
            icon_name="doc-full",
            priority=60,
        )


@hooks.register("clearsight_demo_content")
def demo_contributions(loader, site):
    """Published work in the demo's calls (cocreation/demo_content/contributions.yaml)."""
    from cocreation.demo import load_contributions

    load_contributions(loader, site)


# The reports on submissions and safeguarding flags, and the youth panel's
# menu and dashboard: each module registers its own hooks.
from cocreation import reports  # noqa: E402, F401
from cocreation.moderation import youth_panel_admin  # noqa: E402, F401
