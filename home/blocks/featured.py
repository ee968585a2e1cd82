from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class FeaturedWorkBlock(blocks.StructBlock):
    """A piece of work made with young people, featured on the home page.

    It lives in the site-wide library (not in `cocreation`) because it only
    links to a page: the base app must not import the apps built on it.
    `made_by` describes the group, never a child: no name, school or face.
    """

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    description = blocks.CharBlock(max_length=250, label=_("Description"))
    made_by = blocks.CharBlock(
        max_length=120,
        label=_("Made by"),
        help_text=_("Describe the group, never a child: 'Made with a youth group in Year 9'."),
    )
    page = blocks.PageChooserBlock(label=_("Page"))
    image = ImageBlock(required=False, label=_("Image"))

    class Meta:
        icon = "pick"
        template = "components/blocks/featured_work_block.html"
        description = _("Work made with young people, linking to where it lives on the site.")

    def get_preview_value(self):
        from wagtail.models import Page

        page = Page.objects.live().public().filter(depth__gt=2).first()
        if page is None:
            return None
        return self.normalize(
            {
                "title": "Good secrets and bad secrets",
                "description": "A short poem about the difference between a surprise and a worrying secret.",
                "made_by": "Made with a class in Year 3",
                "page": page,
            }
        )
