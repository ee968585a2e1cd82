from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class FigureBlock(blocks.StructBlock):
    """An image with alt text (or an explicit decorative flag) and a caption."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/blocks/figure_block.html"
        image_role = "figure"  # home/images.py
        description = _(
            "An illustration with alt text that says what matters in it. Never a real child's face."
        )

    def get_preview_value(self):
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("pk").first()
        if image is None:
            return None
        image.contextual_alt_text = "An example illustration"
        image.decorative = False
        return self.normalize({"image": image, "caption": "An example caption."})
