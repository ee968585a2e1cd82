"""Teachers' lesson feedback in the admin: read-only, per pack and per version.

"Lesson feedback" lists every response (pack, version, rating, date) with
filters by pack and version, and a page of the average rating per pack and
version. Nobody adds, edits or deletes responses here (the permission policy
allows viewing only). Who may read them: superusers, and the Editors group
(given ``schools.view_lessonfeedback`` after every migrate: schools/roles.py).
"""

from django.db.models import Avg, Count, Max
from django.http import HttpResponseForbidden
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from schools.feedback_form import RATINGS
from schools.models import LessonFeedback, LessonPackPage

VIEW_PERMISSION = "schools.view_lessonfeedback"
RATING_WORDS = dict(RATINGS)


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only: no one adds, changes or deletes a teacher's answers."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a == "view"])


register_permission_policy(LessonFeedback, ReadOnlyPolicy(LessonFeedback))


def version_choices():
    versions = LessonFeedback.objects.values_list("version", flat=True).distinct()
    return [(version, version) for version in sorted(versions)]


class LessonFeedbackFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=_("Lesson pack"), queryset=LessonPackPage.objects.order_by("title")
    )
    version = django_filters.ChoiceFilter(label=_("Version"), choices=version_choices)

    class Meta:
        model = LessonFeedback
        fields = ["page", "version"]


def rating_label(feedback):
    return f"{feedback.rating}/5 ({RATING_WORDS.get(feedback.rating, '')})"


class LessonFeedbackIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("page")

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Average rating per version"),
                url=reverse("schools_feedback_summary"),
                icon_name="list-ul",
            ),
        ]


class LessonFeedbackViewSet(ModelViewSet):
    model = LessonFeedback
    icon = "comment"
    menu_label = _("Lesson feedback")
    menu_order = 270
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    # No add or edit views are routed (get_urlpatterns); Wagtail still asks for a form.
    form_fields = ["rating"]
    index_view_class = LessonFeedbackIndexView
    list_display = [
        Column("page", label=_("Lesson pack"), accessor="page.title"),
        Column("version", label=_("Version")),
        Column("rating", label=_("How it went"), accessor=rating_label),
        DateColumn("created_at", label=_("Sent")),
    ]
    filterset_class = LessonFeedbackFilterSet
    inspect_view_fields = [
        "page",
        "version",
        "rating",
        "what_worked",
        "what_to_change",
        "reply_email",
        "created_at",
    ]
    ordering = ["-created_at"]
    list_per_page = 50

    def get_urlpatterns(self):
        # Reading only: the listing and each response.
        keep = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


lesson_feedback_viewset = LessonFeedbackViewSet("lesson_feedback")


@hooks.register("register_admin_viewset")
def register_lesson_feedback_viewset():
    return lesson_feedback_viewset


def feedback_summary(request):
    """The average rating of each pack, per version: one query, whatever the number of packs."""
    if not request.user.has_perm(VIEW_PERMISSION):
        return HttpResponseForbidden()
    rows = (
        LessonFeedback.objects.values("page_id", "page__title", "version")
        .annotate(responses=Count("pk"), average=Avg("rating"), latest=Max("created_at"))
        .order_by("page__title", "page_id", "-latest")
    )
    return TemplateResponse(
        request,
        "schools/admin/feedback_summary.html",
        {"rows": rows, "index_url": reverse(lesson_feedback_viewset.get_url_name("index"))},
    )


@hooks.register("register_admin_urls")
def feedback_admin_urls():
    return [path("schools/feedback/summary/", feedback_summary, name="schools_feedback_summary")]
