import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

# One word: letters, with a hyphen or apostrophe inside ("Amy", "Jo-Jo", "D'Arcy").
# No spaces, so never a surname; no digits, so never a year group or a phone number.
SAFE_NAME = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")


class SafeBylineBlock(blocks.StructBlock):
    """Credits a young person safely: first name or nickname, age band and area only.

    The block has no other field, so a surname, a school or a photo of a child
    cannot be entered. The template shows these three things and nothing else.
    """

    name = blocks.CharBlock(
        max_length=30,
        label=_("First name or nickname"),
        help_text=_("One word. Never a surname, a school or anything that identifies the child."),
    )
    age_band = SnippetChooserBlock("home.AgeBand", label=_("Age band"))
    area = SnippetChooserBlock(
        "home.Area", required=False, label=_("Area"), help_text=_("Optional: a town or region.")
    )

    class Meta:
        icon = "user"
        template = "components/blocks/safe_byline_block.html"
        label = _("Young person")
        description = _("A young co-creator, by first name or nickname, age band and area only.")

    def clean(self, value):
        value = super().clean(value)
        if not SAFE_NAME.match(value.get("name") or ""):
            raise StructBlockValidationError(
                block_errors={
                    "name": ValidationError(
                        _("Use one first name or nickname only: no surname, numbers or spaces.")
                    )
                }
            )
        return value

    def get_preview_value(self):
        from home.models import AgeBand

        # An unsaved example band when none exists yet, so the preview always renders.
        band = AgeBand.objects.order_by("min_age").first() or AgeBand(
            name="Ages 11 to 13", slug="11-13", min_age=11, max_age=13
        )
        return self.normalize({"name": "Sam", "age_band": band, "area": None})
