from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class SignsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Signs to look out for"))
    intro = blocks.TextBlock(required=False, max_length=400)
    signs = blocks.ListBlock(blocks.CharBlock(max_length=250), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "components/blocks/signs_block.html"
        description = _("A short list of signs that something may be wrong.")
        preview_value = {
            "heading": "Signs to look out for",
            "intro": "One sign on its own may mean nothing. Several together are worth a talk.",
            "signs": [
                "New gifts, money or a phone they cannot explain",
                "Going missing, or coming home late and not saying where they were",
            ],
        }
