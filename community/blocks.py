"""The blocks of toolkits and training modules.

Each toolkit section is a list editors order; posters, leaflets, the incident
note and the staff briefing are made from these values (community/posters.py),
so they update when the text does.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

# -- Toolkits ------------------------------------------------------------------


class SignGroupBlock(blocks.StructBlock):
    """Signs a person in this setting would see, under an optional heading
    ("At pick-up", "On the journey")."""

    heading = blocks.CharBlock(max_length=120, required=False)
    signs = blocks.ListBlock(
        blocks.CharBlock(max_length=240, label=_("sign")),
        min_num=1,
        help_text=_("Concrete behaviours: what a driver, receptionist or server would see."),
    )

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "view"
        label = _("Group of signs")


class StepBlock(blocks.StructBlock):
    """One step of "What to do", after the two steps every toolkit starts with
    (danger now: 999; otherwise: 101 and children's services, from settings)."""

    title = blocks.CharBlock(max_length=160)
    text = blocks.TextBlock(max_length=600, required=False)

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "list-ol"
        label = _("Step")


class RecordItemBlock(blocks.StructBlock):
    """Something to note down. Each is also a box on the printable incident note."""

    label = blocks.CharBlock(max_length=120)
    hint = blocks.CharBlock(max_length=240, required=False)

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "edit"
        label = _("Thing to note down")


class MythFactBlock(blocks.StructBlock):
    myth = blocks.CharBlock(max_length=240)
    fact = blocks.TextBlock(max_length=600)

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "help"
        label = _("Myth and fact")


# -- Training modules ----------------------------------------------------------


SCENARIO_NO_BEST = _("Mark at least one option as the best thing to do.")
QUESTION_NOT_ONE_CORRECT = _("Mark exactly one answer as correct.")


class TextStepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    body = blocks.RichTextBlock(features=["bold", "italic", "ol", "ul", "link"])
    image = ImageBlock(required=False)

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "doc-full"
        label = _("Reading step")
        image_role = "figure"  # home/images.py


class ScenarioOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=240)
    best = blocks.BooleanBlock(required=False, help_text=_("The best thing to do."))
    feedback = blocks.TextBlock(max_length=600, help_text=_("Why, shown after choosing."))

    class Meta:
        label = _("Option")


class ScenarioStepBlock(blocks.StructBlock):
    """A situation to think through. Not scored: the learner sees the feedback
    for what they chose, then goes on."""

    heading = blocks.CharBlock(max_length=120)
    scenario = blocks.TextBlock(max_length=1200)
    question = blocks.CharBlock(max_length=240)
    options = blocks.ListBlock(ScenarioOptionBlock(), min_num=2, max_num=5)

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "user"
        label = _("Scenario step")

    def clean(self, value):
        value = super().clean(value)
        if not any(option["best"] for option in value["options"]):
            raise StructBlockValidationError(
                block_errors={
                    "options": ListBlockValidationError(
                        non_block_errors=[ValidationError(SCENARIO_NO_BEST)]
                    )
                }
            )
        return value


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=240)
    correct = blocks.BooleanBlock(required=False)

    class Meta:
        label = _("Answer")


class QuizQuestionBlock(blocks.StructBlock):
    """A multiple-choice question with one correct answer. Its block id keys
    the question's pass-rate counter, so rewording keeps its history."""

    question = blocks.CharBlock(max_length=300)
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=5)
    explanation = blocks.TextBlock(
        max_length=800, help_text=_("Why the correct answer is right: shown after the quiz.")
    )

    class Meta:
        # home/content_checks.py: any phone number written here must be a real one.
        help_numbers_in_text = True
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for answer in value["answers"] if answer["correct"]) != 1:
            raise StructBlockValidationError(
                block_errors={
                    "answers": ListBlockValidationError(
                        non_block_errors=[ValidationError(QUESTION_NOT_ONE_CORRECT)]
                    )
                }
            )
        return value
