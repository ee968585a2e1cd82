from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class LocalContactsBlock(blocks.StructBlock):
    """The area's own numbers (Settings → Local contacts), wherever a page tells
    readers to call their local children's services. The numbers are never
    typed into the page: one edit of the setting updates every page."""

    heading = blocks.CharBlock(
        max_length=120,
        required=False,
        default=_("Local contacts"),
        help_text=_("Leave empty for no heading."),
    )

    class Meta:
        icon = "site"
        template = "components/blocks/local_contacts_block.html"
        label = _("Local contacts")
        description = _(
            "Children's services (day and out of hours), police non-emergency and the "
            "local safeguarding hub, from Settings → Local contacts."
        )
        preview_value = {"heading": "Local contacts"}
