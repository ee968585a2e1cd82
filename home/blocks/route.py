from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class RouteBlock(blocks.StructBlock):
    """One audience's way in from the home page."""

    label = blocks.CharBlock(max_length=80, help_text=_("Say who it is for: 'Parents and carers'."))
    description = blocks.CharBlock(max_length=200, required=False)
    page = blocks.PageChooserBlock()

    class Meta:
        icon = "arrow-right"
        template = "components/blocks/route_block.html"
        description = _("A route from the home page to one audience's section.")
