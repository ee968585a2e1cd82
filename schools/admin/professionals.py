"""Admin for professionals (registered from schools/wagtail_hooks.py).

Settings → Professional accounts lists every account, those waiting for a
decision first. An editor with ``schools.change_professionalprofile`` opens one
and approves or refuses it, with a reason (a POST with its CSRF token); the
service adds or removes the Professionals group, emails the person and writes
a Wagtail log entry. The allowed email domains are the registered setting
Settings → Professional access.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters

from schools.models import ProfessionalProfile, ProfessionalStatus
from schools.services import professionals as services

DECIDE_PERMISSION = "schools.change_professionalprofile"
REASON_MISSING = _("Give a reason: the person is told it when they are refused.")


class ProfessionalFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ProfessionalStatus.choices)

    class Meta:
        model = ProfessionalProfile
        fields = ["status"]


class ProfessionalIndexView(IndexView):
    def get_base_queryset(self):
        # Waiting first (they need a decision), then the newest.
        return (
            super()
            .get_base_queryset()
            .select_related("user", "decided_by")
            .annotate(
                waiting_first=Case(
                    When(status=ProfessionalStatus.WAITING, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
        )

    def order_queryset(self, queryset):
        if self.is_explicitly_ordered:
            return super().order_queryset(queryset)
        return queryset.order_by("waiting_first", "-created_at", "-pk")

    def get_add_url(self):
        return None  # people register themselves

    def get_edit_url(self, instance):
        # The title opens the decision page.
        if self.request.user.has_perm(DECIDE_PERMISSION):
            return reverse("professional_accounts:decide", args=[instance.pk])
        return None


class NoAddView(CreateView):
    """Accounts are made by registering (with an email check), never here."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class RemoveAccountView(DeleteView):
    """Deleting an account deletes the person's user too (never an editor's)."""

    def delete_action(self):
        try:
            services.professional_remove(profile=self.object, user=self.request.user)
        except services.WrongState as error:
            raise PermissionDenied(str(error)) from error


class ProfessionalViewSet(ModelViewSet):
    model = ProfessionalProfile
    icon = "user"
    menu_label = _("Professional accounts")
    name = "professional_accounts"
    add_to_settings_menu = True
    copy_view_enabled = False
    index_view_class = ProfessionalIndexView
    add_view_class = NoAddView
    delete_view_class = RemoveAccountView
    filterset_class = ProfessionalFilterSet
    list_display = [
        Column("email", label=_("Work email"), accessor="user.email"),
        Column("name", label=_("Name"), accessor="user.first_name"),
        "organisation",
        "role",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "created_at",
    ]
    search_fields = ["user__email", "user__first_name", "organisation", "role"]
    search_backend_name = None
    form_fields = ["organisation", "role"]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("decide/<int:pk>/", decide, name="decide"),
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_(
            "Required. Say why, in a sentence: the person is emailed it when you refuse. "
            "For example: “We could confirm on the school's website that they teach there.”"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_MISSING},
        max_length=2000,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def decide(request, pk):
    if not request.user.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied
    profile = get_object_or_404(
        ProfessionalProfile.objects.select_related("user", "decided_by"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        action = (
            services.professional_approve if decision == "approve" else services.professional_refuse
        )
        try:
            action(
                profile=profile,
                user=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except services.WrongState as error:
            messages.error(request, str(error))
        else:
            if decision == "approve":
                messages.success(request, _("Approved %(email)s.") % {"email": profile.user.email})
            else:
                messages.success(request, _("Refused %(email)s.") % {"email": profile.user.email})
            return redirect("professional_accounts:index")
    return TemplateResponse(
        request,
        "schools/admin/professional_decide.html",
        {
            "profile": profile,
            "form": form,
            "statuses": ProfessionalStatus,
            "index_url": reverse("professional_accounts:index"),
        },
        status=400 if form.errors else 200,
    )


professional_viewset = ProfessionalViewSet()


@hooks.register("register_admin_viewset")
def register_professional_viewset():
    return professional_viewset


@hooks.register("register_log_actions")
def register_professional_log_actions(actions):
    actions.register_action(
        "schools.professional_email_confirmed",
        _("Professional confirmed their email"),
        _("Email confirmed, waiting for approval"),
    )
    actions.register_action(
        "schools.professional_auto_approved",
        _("Professional approved by email domain"),
        _("Approved by email domain"),
    )
    actions.register_action(
        "schools.professional_approved", _("Professional approved"), _("Approved")
    )
    actions.register_action("schools.professional_refused", _("Professional refused"), _("Refused"))
