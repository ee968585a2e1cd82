"""Training certificates in the admin ("Training" → "Certificates").

Editors find a certificate by its code (typed any way /verify/ accepts) or the
name on it, filter by module and status, change how long it is valid, and
revoke or restore it. Nobody adds certificates here: they are issued only by
passing a module's quiz. Revoking and restoring are written to Wagtail's log
("community.certificate.revoke" / "…restore"); the log's label for a
certificate is its module and date, never the learner's name.

Who may: users with the model's view and change permissions (superusers, and
the Editors group: community/roles.py grants them after every migrate).
Deleting is left to users with the delete permission (superusers), for an
erasure request; the retention job deletes the rest on time.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

import django_filters

from community.models import Certificate, TrainingModulePage
from community.services.certificates import (
    certificate_restore,
    certificate_revoke,
    certificate_status,
    normalise_code,
)

REVOKE = "community.certificate.revoke"
RESTORE = "community.certificate.restore"
STATUS_CHOICES = [("valid", _("Valid")), ("expired", _("Expired")), ("revoked", _("Revoked"))]
STATUS_WORDS = dict(STATUS_CHOICES)


def filter_status(queryset, name, value):
    today = timezone.localdate()
    if value == "revoked":
        return queryset.filter(revoked_at__isnull=False)
    if value == "expired":
        return queryset.filter(revoked_at__isnull=True, valid_until__lt=today)
    if value == "valid":
        return queryset.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today), revoked_at__isnull=True
        )
    return queryset


class NoAddingPolicy(ModelPermissionPolicy):
    """Certificates are issued by passing a quiz: nobody, not even a
    superuser, adds one by hand."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a != "add"])


register_permission_policy(Certificate, NoAddingPolicy(Certificate))


class CertificateFilterSet(WagtailFilterSet):
    module = django_filters.ModelChoiceFilter(
        label=_("Module"), queryset=TrainingModulePage.objects.order_by("title")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method=filter_status
    )

    class Meta:
        model = Certificate
        fields = ["module", "status"]


class CertificateForm(WagtailAdminModelForm):
    """Only the validity and the revocation can change: what the learner
    earned (name, module, date, score, code) stays as issued."""

    revoked = forms.BooleanField(
        label=_("Revoked"),
        required=False,
        help_text=_(
            "A revoked certificate shows as revoked on /verify/ and cannot be printed. "
            "Untick to restore it."
        ),
    )

    class Meta:
        model = Certificate
        fields = ["valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked"].initial = bool(self.instance.revoked_at)


class CertificateEditView(generic.EditView):
    def save_instance(self):
        was_revoked = bool(Certificate.objects.get(pk=self.object.pk).revoked_at)
        instance = super().save_instance()
        wants_revoked = self.form.cleaned_data["revoked"]
        if wants_revoked and not was_revoked:
            certificate_revoke(certificate=instance, user=self.request.user)
            log(instance=instance, action=REVOKE, user=self.request.user)
        elif was_revoked and not wants_revoked:
            certificate_restore(certificate=instance, user=self.request.user)
            log(instance=instance, action=RESTORE, user=self.request.user)
        return instance


class CertificateIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        """A code as /verify/ reads it (any case, spaces, O for 0), or part of the name."""
        if not self.is_searching:
            return queryset
        code = normalise_code(self.search_query)
        if code:
            return queryset.filter(code=code)
        return queryset.filter(
            Q(name__icontains=self.search_query) | Q(code__icontains=self.search_query.upper())
        )


def status_words(certificate):
    return STATUS_WORDS[certificate_status(certificate)]


def issued_words(certificate):
    return date_format(certificate.issued_on, "j M Y")


def valid_until_words(certificate):
    if certificate.valid_until:
        return date_format(certificate.valid_until, "j M Y")
    return _("Never expires")


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = _("Certificates")
    menu_order = 100
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = CertificateIndexView
    edit_view_class = CertificateEditView
    search_fields = ["name", "code"]
    filterset_class = CertificateFilterSet
    list_display = [
        TitleColumn("code", label=_("Code"), url_name="community_certificates:edit"),
        Column("name", label=_("Name")),
        Column("module_title", label=_("Module")),
        Column("issued_on", label=_("Date"), accessor=issued_words),
        Column("valid_until", label=_("Valid until"), accessor=valid_until_words),
        Column("status", label=_("Status"), accessor=status_words),
    ]
    inspect_view_fields = [
        "code",
        "name",
        "module_title",
        "issued_on",
        "score",
        "valid_until",
        "revoked_at",
    ]
    edit_handler = ObjectList(
        [FieldPanel("valid_until"), FieldPanel("revoked")], base_form_class=CertificateForm
    )
    ordering = ["-issued_on", "-pk"]
    list_per_page = 50

    def get_urlpatterns(self):
        # Certificates are issued by passing a quiz, never added by hand.
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "tick-inverse"
    menu_order = 280
    items = [CertificateViewSet("community_certificates", url_prefix="training/certificates")]


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action(REVOKE, _("Revoke certificate"), _("Certificate revoked"))
    actions.register_action(RESTORE, _("Restore certificate"), _("Certificate restored"))
