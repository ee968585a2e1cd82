from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from home.uploads import screen_document, screen_image


class ErrorLinksMixin:
    """For a form shown with templates/clearsight/error_summary.html."""

    def error_links(self):
        """(anchor, message) for the error summary, in the order of the form.
        A group of radio buttons is reached through its first button."""
        links = []
        for bound in self:
            anchor = bound.id_for_label or f"{bound.auto_id}_0"
            links.extend((anchor, error) for error in bound.errors)
        return links


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search Clearsight"),
        max_length=100,
        required=False,
        help_text=_("For example: online friends, going missing, lesson plans."),
        error_messages={"max_length": _("Search for 100 characters or fewer.")},
    )


# --- Wagtail's upload forms: every file passes the screening in home.uploads ---
#
# WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE name these
# classes, so Wagtail builds every upload form on them: add, edit (replace the
# file), multiple upload, the chooser's upload tab and the API's create.
# https://docs.wagtail.org/en/stable/reference/settings.html#wagtailimages-image-form-base
#
# The screening runs inside the file field's ``to_python``, before Wagtail's own
# checks (which open the file with Willow and Pillow), so a bomb or a disguised
# file is refused before anything else reads it. Wagtail's views then set the
# size, hash, width and height from the file the form returns: the clean one.


def _screened_upload(upload, cleaned):
    """Put the clean content into the upload object itself.

    Wagtail's multiple uploader keeps ``request.FILES`` (the very object the
    form cleaned) for its "finish the details" step when another field is
    missing, and stores that object later. Writing the clean bytes into it
    means no path can store the original.
    """
    if not isinstance(upload, UploadedFile):
        return cleaned
    content = cleaned.read()
    upload.file.seek(0)
    upload.file.truncate()
    upload.file.write(content)
    upload.file.flush()
    upload.file.seek(0)
    upload.size = len(content)
    upload.name = cleaned.name
    upload.content_type = getattr(cleaned, "content_type", upload.content_type)
    return upload


class ScreenedImageField(WagtailImageField):
    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return super().to_python(_screened_upload(upload, screen_image(upload)))

    def check_image_file_size(self, f):
        # screen_image has checked the size of what was uploaded; re-encoding
        # may make a picture a little larger, which must not refuse it.
        return


class ScreenedDocumentField(WagtailDocumentField):
    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return super().to_python(screen_document(upload))


def _replace_field(form, field_class):
    old = form.fields.get("file")
    if old is not None:
        form.fields["file"] = field_class(label=old.label, required=old.required, widget=old.widget)


class ScreenedImageForm(BaseImageForm):
    """The base of every Wagtail image form (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _replace_field(self, ScreenedImageField)


class ScreenedDocumentForm(BaseDocumentForm):
    """The base of every Wagtail document form (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _replace_field(self, ScreenedDocumentField)
