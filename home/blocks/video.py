from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

VIDEO_EXTENSIONS = {"mp4", "webm"}


class VideoBlock(blocks.StructBlock):
    """A video, with captions or a transcript.

    Either a file kept on this site, or a link to a video on another site.
    A video on another site never loads until the reader asks for it, and the
    reader is told which site it will load from first.
    """

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    file = DocumentChooserBlock(
        required=False, label=_("Video file"), help_text=_("An MP4 or WebM file kept on this site.")
    )
    external_url = blocks.URLBlock(
        required=False,
        label=_("Or a link to a video on another site"),
        help_text=_("For example a YouTube or Vimeo address. It loads only when the reader asks."),
    )
    captions = DocumentChooserBlock(
        required=False, label=_("Captions"), help_text=_("A WebVTT (.vtt) captions file.")
    )
    transcript = blocks.TextBlock(
        required=False, label=_("Transcript"), help_text=_("Everything that is said and shown.")
    )
    poster = ImageChooserBlock(required=False, label=_("Still picture"))

    class Meta:
        icon = "media"
        template = "components/blocks/video_block.html"
        image_role = "poster"  # home/images.py
        label = _("Video")
        description = _(
            "A video with captions or a transcript; one from another site loads only on request."
        )
        preview_value = {
            "title": "How to tell someone you trust",
            "external_url": "https://www.example.org/videos/telling-someone",
            "transcript": "A girl called Mia feels worried about a message. She tells her aunt.",
        }

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if bool(value.get("file")) == bool(value.get("external_url")):
            errors["file"] = ValidationError(
                _("Choose a video file or give a link to a video on another site, not both.")
            )
        if value.get("file") and value["file"].file_extension.lower() not in VIDEO_EXTENSIONS:
            errors["file"] = ValidationError(_("Choose a video file: an MP4 or WebM file."))
        if value.get("captions") and value["captions"].file_extension.lower() != "vtt":
            errors["captions"] = ValidationError(_("Choose a captions file: a WebVTT (.vtt) file."))
        if not value.get("captions") and not (value.get("transcript") or "").strip():
            errors["transcript"] = ValidationError(
                _("Add captions or a transcript, so everyone can follow the video.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value
