from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class FeaturedWorkBlock(blocks.StructBlock):
    """A piece of work made with young people, featured on the home page.

    `made_by` describes the group, never a child: no name, school or face.
    """

    title = blocks.CharBlock(max_length=120)
    description = blocks.CharBlock(max_length=250)
    made_by = blocks.CharBlock(
        max_length=120,
        help_text="Describe the group, never a child: 'Made with a youth group in Year 9'.",
    )
    page = blocks.PageChooserBlock()
    image = ImageBlock(required=False)

    class Meta:
        icon = "pick"
        template = "components/blocks/featured_work_block.html"
        description = "Work made with young people, linking to where it lives on the site."
