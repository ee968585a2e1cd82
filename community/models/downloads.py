"""The printable files made from a toolkit's published content."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadKind(models.TextChoices):
    POSTER_A4 = "poster-a4", _("Poster (A4)")
    POSTER_A3 = "poster-a3", _("Poster (A3)")
    LEAFLET = "leaflet", _("Leaflet (A5, two sides)")
    INCIDENT_NOTE = "incident-note", _("Incident note (A4)")
    BRIEFING = "briefing", _("Staff briefing slides")


def download_upload_to(instance, filename):
    return f"toolkits/{filename}"


class ToolkitDownload(models.Model):
    """A file built from a toolkit's live revision and the local contacts as
    they were (``contacts_fingerprint``): built when the page is published or
    the contacts change, kept in storage, and served as it is."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="toolkit_downloads"
    )
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=DownloadKind.choices)
    contacts_fingerprint = models.CharField(max_length=64)
    file = models.FileField(upload_to=download_upload_to, max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "kind", "contacts_fingerprint"],
                name="one_toolkit_download_per_version",
            )
        ]
        verbose_name = _("toolkit download")

    def __str__(self):
        return f"{self.page_id} revision {self.revision_id} ({self.kind})"
