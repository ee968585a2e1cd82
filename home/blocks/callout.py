from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .rich_text import ParagraphBlock


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = ParagraphBlock(required=False)
    show_help_numbers = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text=_("Show the help numbers from the site settings under the text."),
    )

    class Meta:
        icon = "warning"
        template = "components/blocks/callout_block.html"
        description = _("A box that stands out, with the help numbers one tap away.")
        preview_value = {
            "title": "If you are worried right now",
            "text": "<p>You have not done anything wrong. Talking to someone is the first step.</p>",
            "show_help_numbers": True,
        }
        # home/content_checks.py: any number written in the callout must be a real help route.
        help_numbers_in_text = True

    def clean(self, value):
        value = super().clean(value)
        if not value["show_help_numbers"] and not value["text"].source.strip():
            raise StructBlockValidationError(
                block_errors={
                    "text": ValidationError(
                        _(
                            "Add some text, or show the help numbers, so that the callout says something."
                        )
                    )
                }
            )
        return value
