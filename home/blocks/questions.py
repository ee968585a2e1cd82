from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from .rich_text import ParagraphBlock


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = ParagraphBlock()


class QuestionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    items = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "components/blocks/questions_block.html"
        description = _("Questions and answers that open and close, and work without JavaScript.")
        preview_value = {
            "heading": "Questions people ask",
            "items": [
                {
                    "question": "Will I get in trouble?",
                    "answer": "<p>No. It is never your fault, and telling someone is brave.</p>",
                }
            ],
        }
