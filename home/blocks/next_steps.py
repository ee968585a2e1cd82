from django.utils.translation import gettext_lazy as _

from wagtail import blocks


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock()
    label = blocks.CharBlock(
        max_length=120, required=False, help_text=_("Defaults to the page title.")
    )

    class Meta:
        icon = "link"


class NextStepBlock(LinkBlock):
    description = blocks.CharBlock(max_length=250, required=False)


class NextStepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("What you can do next"))
    links = blocks.ListBlock(NextStepBlock(), min_num=1, max_num=6)

    class Meta:
        icon = "arrow-right"
        template = "components/blocks/next_steps_block.html"
        description = _("Links to what a reader can do next.")

    def get_preview_value(self):
        from wagtail.models import Page

        pages = Page.objects.live().public().filter(depth__gt=2)[:2]
        return self.normalize(
            {"heading": "What you can do next", "links": [{"page": page} for page in pages]}
        )
