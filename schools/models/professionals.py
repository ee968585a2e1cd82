"""Accounts for verified professionals (teachers, social workers, police, health).

A professional registers with their work email, proves it by following a link,
and is approved at once when the address is in an allowed domain
(``ProfessionalAccessSettings``) or else waits for an editor's decision. An
approved account is in the Professionals group, which page privacy and
collection view restrictions name. Children never need or get an account.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

DEFAULT_ALLOWED_DOMAINS = [".sch.uk", ".gov.uk", ".nhs.uk", "nhs.net", ".police.uk", ".ac.uk"]


class ProfessionalStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Email not yet confirmed")
    WAITING = "waiting", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ProfessionalProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="professional"
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("job title or role"), max_length=120)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProfessionalStatus.choices,
        default=ProfessionalStatus.UNVERIFIED,
        db_index=True,
    )
    email_verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    auto_approved = models.BooleanField(_("approved by email domain"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("professional account")
        verbose_name_plural = _("professional accounts")

    def __str__(self):
        return f"{self.user.email} ({self.get_status_display()})"


def default_allowed_domains():
    return "\n".join(DEFAULT_ALLOWED_DOMAINS)


@register_setting(icon="user")
class ProfessionalAccessSettings(BaseGenericSetting):
    allowed_domains = models.TextField(
        _("email domains approved at once"),
        default=default_allowed_domains,
        help_text=_(
            "One per line. A domain starting with a dot (.sch.uk) allows every address that "
            "ends with it; one without (nhs.net) allows exactly that domain. Anyone else "
            "waits for an editor to approve them."
        ),
    )

    panels = [FieldPanel("allowed_domains")]

    class Meta:
        verbose_name = _("professional access")
