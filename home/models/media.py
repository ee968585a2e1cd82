"""The site's own image and document models.

Made while the database is empty, because switching Wagtail's image or document
model later, with content in place, means moving every file and reference:
https://docs.wagtail.org/en/stable/advanced_topics/images/custom_image_model.html
https://docs.wagtail.org/en/stable/advanced_topics/documents/custom_document_model.html

Every file reaches these models through the screening in ``home.uploads`` (see
``home.forms`` for how Wagtail's upload screens call it).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, Document
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from home.uploads import document_type_label
from home.uploads.page_counts import count_pages


class ImageLicence(models.TextChoices):
    OWN_WORK = "own-work", _("Own work (made by or for Clearsight)")
    CC_BY_4 = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA_4 = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC0 = "cc0-1.0", _("CC0 (no rights reserved)")
    OPENMOJI = "openmoji-cc-by-sa-4.0", _("OpenMoji CC BY-SA 4.0")
    PERMISSION = "permission", _("Used with permission")


# These licences only hold if the maker is named.
LICENCES_NEEDING_CREDIT = {
    ImageLicence.CC_BY_4,
    ImageLicence.CC_BY_SA_4,
    ImageLicence.OPENMOJI,
    ImageLicence.PERMISSION,
}


class ClearsightImage(AbstractImage):
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "Who made it: a person's or an organisation's name, as they want to be credited. "
            "For a child's work, a first name and age at most."
        ),
    )
    licence = models.CharField(
        _("licence"),
        max_length=32,
        choices=ImageLicence.choices,
        help_text=_("On what terms we may use it. Ask before uploading if you do not know."),
    )

    admin_form_fields = (
        *Image.admin_form_fields[:3],
        "credit",
        "licence",
        *Image.admin_form_fields[3:],
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def clean(self):
        super().clean()
        if self.licence in LICENCES_NEEDING_CREDIT and not self.credit.strip():
            raise ValidationError(
                {
                    "credit": _("%(licence)s needs a credit. Please say who made this picture.")
                    % {"licence": self.get_licence_display()}
                }
            )


class ClearsightRendition(AbstractRendition):
    image = models.ForeignKey(ClearsightImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


_NOT_LOADED = object()


class ClearsightDocument(AbstractDocument):
    # Read from the file when it is uploaded (PDF pages, slides in a deck, pages
    # a word processor recorded); empty where the file does not say.
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read from __dict__, so that a query deferring the file does not load it here.
        loaded = self.__dict__.get("file", _NOT_LOADED)
        self._counted_file_name = getattr(loaded, "name", loaded)

    def save(self, *args, **kwargs):
        # Every way a file arrives (Wagtail's add, multiple-upload and replace
        # forms, the demo loader, a script) ends here: count the pages of a new
        # or replaced file once, while it is at hand, before it is stored.
        if self._file_changed():
            self.page_count = self._read_page_count()
            # The hash is the ETag and the size the Content-Length the file is
            # served with (home/documents.py): a file replaced by a script must
            # not keep the old ones.
            try:
                self._set_file_hash()
                self.file_size = self.file.size
            except OSError:  # a name with no file behind it: read when first served
                self.file_hash, self.file_size = "", None
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "file" in update_fields:
                kwargs["update_fields"] = {*update_fields, "page_count", "file_hash", "file_size"}
        super().save(*args, **kwargs)
        self._counted_file_name = self.file.name

    def _file_changed(self):
        if not self.file:
            return False
        # An upload not yet stored, or a stored file other than the one loaded.
        if not self.file._committed:
            return True
        return (
            self._counted_file_name is not _NOT_LOADED and self.file.name != self._counted_file_name
        )

    def _read_page_count(self):
        try:
            with self.open_file() as file:
                return count_pages(file, self.file.name)
        except Exception:  # noqa: BLE001 — a missing or unreadable file has no page count
            return None

    def clean(self):
        # Wagtail checks the extension against WAGTAILDOCS_EXTENSIONS here. When
        # the screening has refused the upload there is no file to check, and
        # the check would add a second, confusing message ("extension '' is
        # not allowed") under the screening's own.
        if self.file:
            super().clean()

    @property
    def document_type(self):
        """What readers are told the file is: "PDF", "Word document"…"""
        return document_type_label(self.file_extension)

    @property
    def readable_size(self):
        """The size as readers are told it: "240 KB", "1.4 MB"; empty if the file is missing."""
        size = self.get_file_size()
        if size is None:
            return ""
        return readable_file_size(size)

    @property
    def download_summary(self):
        """ "PDF, 240 KB": shown beside a download link, before anyone taps it."""
        if not self.readable_size:
            return str(self.document_type)
        return _("%(type)s, %(size)s") % {
            "type": self.document_type,
            "size": self.readable_size,
        }


def readable_file_size(size):
    kilobytes = size / 1024
    if kilobytes < 1024:
        return _("%(size)s KB") % {
            "size": formats.number_format(max(1, round(kilobytes)), force_grouping=True)
        }
    megabytes = round(kilobytes / 1024, 1)
    if megabytes.is_integer():
        megabytes = int(megabytes)
    return _("%(size)s MB") % {"size": formats.number_format(megabytes)}
