from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock


class DownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text=_("Leave blank to use the document's own title.")
    )
    description = blocks.CharBlock(required=False, max_length=250)


class DownloadsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default=_("Downloads"))
    items = blocks.ListBlock(DownloadBlock(), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "components/blocks/downloads_block.html"
        description = _(
            "Files to download, each with its type and size so readers know before they tap."
        )

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        documents = get_document_model().objects.order_by("pk")[:2]
        if not documents:
            return None
        return self.normalize(
            {"heading": "Downloads", "items": [{"document": doc} for doc in documents]}
        )
