"""Download counts (per day, no personal data) and the built "whole pack" ZIPs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentDownloadDay(models.Model):
    """How many times a document was downloaded on a day. Nothing about who."""

    day = models.DateField(_("day"))
    document = models.ForeignKey(
        "home.ClearsightDocument", on_delete=models.CASCADE, related_name="download_days"
    )
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "document"], name="one_count_per_document_day")
        ]
        verbose_name = _("document downloads on a day")

    def __str__(self):
        return f"{self.document_id} on {self.day}: {self.count}"


class PackDownloadDay(models.Model):
    """How many times a pack's whole ZIP was downloaded on a day. Nothing about who."""

    day = models.DateField(_("day"))
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="pack_download_days"
    )
    count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "page"], name="one_count_per_pack_day")
        ]
        verbose_name = _("pack downloads on a day")

    def __str__(self):
        return f"{self.page_id} on {self.day}: {self.count}"


class BundleVariant(models.TextChoices):
    PUBLIC = "public", _("Files anyone may download")
    PROFESSIONAL = "professional", _("Every file, for verified professionals")


def bundle_upload_to(instance, filename):
    return f"packs/{instance.page_id}/{filename}"


class PackBundle(models.Model):
    """The ZIP of a pack's published version: its files and the lesson plan as a PDF.

    Built once per published revision and variant (in a background task) and
    kept in storage; a download serves it as it is.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="bundles")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    variant = models.CharField(max_length=20, choices=BundleVariant.choices)
    file = models.FileField(upload_to=bundle_upload_to, max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "variant"], name="one_bundle_per_revision_variant"
            )
        ]

    def __str__(self):
        return f"{self.page_id} revision {self.revision_id} ({self.variant})"
