from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .byline import SafeBylineBlock


class YoungPersonQuoteBlock(blocks.StructBlock):
    """Words from a young person, credited by a safe byline."""

    quote = blocks.TextBlock(max_length=400, label=_("Quote"))
    byline = SafeBylineBlock(label=_("Who said it"))

    class Meta:
        icon = "openquote"
        template = "components/blocks/young_person_quote_block.html"
        label = _("Quote from a young person")
        description = _(
            "Words from a young person, credited by first name or nickname, age band and area."
        )

    def get_preview_value(self):
        byline = self.child_blocks["byline"].get_preview_value()
        return self.normalize(
            {
                "quote": "I wish someone had told me that a real friend never asks you to keep secrets.",
                "byline": byline,
            }
        )
