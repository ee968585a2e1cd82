import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

MAX_WORDS = 15


class EasyReadLineBlock(blocks.StructBlock):
    """One idea: a picture beside one or two short sentences."""

    image = ImageBlock(label=_("Picture"))
    text = blocks.TextBlock(
        max_length=160,
        label=_("Words"),
        help_text=_("One idea. Short sentences of 15 words or fewer."),
    )

    class Meta:
        icon = "image"
        image_role = "easy_read"  # home/images.py

    def clean(self, value):
        value = super().clean(value)
        for sentence in re.split(r"(?<=[.!?])\s+", value["text"].strip()):
            if len(sentence.split()) > MAX_WORDS:
                raise blocks.StructBlockValidationError(
                    block_errors={
                        "text": ValidationError(
                            _("Keep each sentence to %(max)s words or fewer.") % {"max": MAX_WORDS}
                        )
                    }
                )
        return value


class EasyReadBlock(blocks.StructBlock):
    """An Easy Read section: short sentences, one idea per line, a picture per idea."""

    heading = blocks.CharBlock(max_length=80, label=_("Heading"))
    lines = blocks.ListBlock(EasyReadLineBlock(), min_num=1, label=_("Ideas"))

    class Meta:
        icon = "list-ul"
        template = "components/blocks/easy_read_block.html"
        label = _("Easy Read section")
        description = _("Easy Read: one short idea per line, each with a picture that shows it.")

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("pk").first()
        if image is None:
            return None
        line = {"image": image, "text": "You can always tell a grown-up you trust."}
        image.contextual_alt_text = "A child and a grown-up talking"
        image.decorative = False
        return self.normalize({"heading": "Telling someone", "lines": [line]})
