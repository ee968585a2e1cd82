from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading (level 2)")), ("h3", _("Subheading (level 3)"))],
        default="h2",
        help_text=_("Level 2 starts a section; level 3 sits inside one. Never skip a level."),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading_block.html"
        description = _("A section heading that screen readers use to move around the page.")
        preview_value = {"text": "Who you can talk to", "level": "h2"}
