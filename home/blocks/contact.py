from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=120)
    description = blocks.TextBlock(max_length=400, required=False)
    phone = blocks.CharBlock(max_length=20, required=False)
    text_number = blocks.CharBlock(max_length=20, required=False)
    url = blocks.URLBlock(required=False)
    url_label = blocks.CharBlock(max_length=120, required=False)

    class Meta:
        icon = "mail"
        template = "components/blocks/contact_block.html"
        description = _("A place to get help: its phone number, text number and website.")
        preview_value = {
            "name": "Childline",
            "description": "Free and confidential for anyone under 19.",
            "phone": "0800 1111",
            "url": "https://www.childline.org.uk/",
            "url_label": "Chat to Childline online",
        }
        # home/content_checks.py: each of these holds one number, which must be a
        # real help route; so must any number written in the description.
        help_number_fields = ("phone", "text_number")
        help_numbers_in_text = True

    def clean(self, value):
        value = super().clean(value)
        if not (value["phone"] or value["text_number"] or value["url"]):
            raise StructBlockValidationError(
                block_errors={
                    "phone": ValidationError(
                        _(
                            "Give at least one way to get in touch: a phone number, a text number or a website."
                        )
                    )
                }
            )
        if value["url_label"] and not value["url"]:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Add the website address that this label is for."))
                }
            )
        return value
