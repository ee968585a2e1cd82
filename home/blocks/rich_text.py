from django.utils.translation import gettext_lazy as _

from wagtail import blocks

# A short list on purpose: headings have their own block, and nothing here can
# carry an embed, an image or raw HTML.
PARAGRAPH_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "components/blocks/paragraph_block.html"
        description = _("Paragraphs and lists of plain, short sentences.")
        preview_value = (
            "<p>Your body belongs to you. If something does not feel right, "
            "you can always say no and tell an adult you trust.</p>"
        )
