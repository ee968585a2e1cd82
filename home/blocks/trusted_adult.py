from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class TrustedAdultBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Talk to someone you trust"))
    text = blocks.TextBlock(max_length=500)
    examples = blocks.ListBlock(
        blocks.CharBlock(max_length=120),
        required=False,
        help_text=_("Examples of trusted adults, such as 'a teacher' or 'a grown-up at home'."),
    )

    class Meta:
        icon = "user"
        template = "components/blocks/trusted_adult_block.html"
        description = _(
            "A prompt to talk to a trusted adult: every page for a young person ends with one."
        )
        preview_value = {
            "heading": "Talk to someone you trust",
            "text": "A trusted adult listens, believes you and helps you stay safe.",
            "examples": ["a parent or carer", "a teacher", "a school nurse"],
        }
