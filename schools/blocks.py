"""The blocks of a lesson pack: "Before you teach" and the lesson plan's sections."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home.blocks.rich_text import PARAGRAPH_FEATURES


def _text(label, help_text="", required=True):
    return blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=label, help_text=help_text, required=required
    )


class BeforeYouTeachBlock(blocks.StructBlock):
    """The safeguarding preparation every pack needs before it can be published."""

    ground_rules = _text(
        _("Ground rules"),
        _("The rules to agree with the class first: no personal stories, the right to pass…"),
    )
    distancing = _text(
        _("Distancing techniques"),
        _("How the lesson keeps it about characters and scenarios, never pupils' own lives."),
    )
    disclosures = _text(
        _("If a pupil tells you something"),
        _("How to respond to a disclosure in the lesson, and straight after it."),
    )
    tell_your_dsl = _text(
        _("Tell your designated safeguarding lead"),
        _("Why and when to tell the DSL before the lesson, and what to tell them."),
    )
    signposting = _text(
        _("Signposting for pupils"),
        _("Where pupils can get help: trusted adults in school, Childline, CEOP and so on."),
    )

    class Meta:
        icon = "warning"
        label = _("Before you teach")
        template = "components/blocks/before_you_teach.html"


class TimedSectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=120)
    minutes = blocks.IntegerBlock(label=_("minutes"), min_value=1, max_value=180)
    text = _text(_("what happens"))

    class Meta:
        icon = "time"
        template = "components/blocks/timed_section_block.html"


class ActivityBlock(TimedSectionBlock):
    resources = blocks.CharBlock(
        label=_("what you need"),
        required=False,
        max_length=255,
        help_text=_("For example: slides 4 to 7, worksheet 2, sticky notes."),
    )

    class Meta:
        icon = "group"
        label = _("Activity")
        template = "components/blocks/activity_block.html"


class AssessmentBlock(blocks.StructBlock):
    baseline = _text(_("Baseline activity"), _("What pupils do first, to show what they know."))
    end_point = _text(_("End-point activity"), _("What pupils do last, to show what they learned."))

    class Meta:
        icon = "tasks"
        label = _("Assessment")
        template = "components/blocks/assessment_block.html"


class LessonPlanBlock(blocks.StreamBlock):
    """Starter, activities with timings, plenary, differentiation and SEND, assessment."""

    starter = TimedSectionBlock(label=_("Starter"))
    activity = ActivityBlock()
    plenary = TimedSectionBlock(label=_("Plenary"))
    differentiation = _text(
        _("Differentiation and SEND"),
        _("How to adapt the lesson for pupils who need more support or more challenge."),
    )
    assessment = AssessmentBlock()

    class Meta:
        template = "components/blocks/lesson_plan.html"

    # The sections that take time in the lesson (each has `minutes`).
    timed_sections = ("starter", "activity", "plenary")

    def total_minutes(self, value):
        return sum(
            child.value["minutes"] or 0
            for child in value
            if child.block_type in self.timed_sections
        )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["total_minutes"] = self.total_minutes(value)
        return context
