from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from community.blocks import QuizQuestionBlock, ScenarioStepBlock, TextStepBlock
from home.models import BasePage


class TrainingModulePage(RoutablePageMixin, BasePage):
    """A short course: ordered steps, then a multiple-choice quiz with a pass
    mark, then a certificate anyone can check at /verify/.

    One step per page, without JavaScript; progress is kept in a signed cookie
    for this module's pages only (no account). The routes are answered by
    community.views.training.
    """

    # A next-review date and an owner (home/governance/review.py).
    has_review_dates = True

    minutes = models.PositiveSmallIntegerField(
        _("minutes to complete"),
        default=15,
        validators=[MinValueValidator(10), MaxValueValidator(20)],
        help_text=_("A short course: 10 to 20 minutes."),
    )
    steps = StreamField(
        [("text", TextStepBlock()), ("scenario", ScenarioStepBlock())],
        verbose_name=_("steps"),
        help_text=_("In order: one step a page."),
    )
    questions = StreamField(
        [("question", QuizQuestionBlock())],
        verbose_name=_("quiz questions"),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        default=36,
        help_text=_("Leave empty if the certificate never expires."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep certificate records for (months)"),
        default=72,
        validators=[MinValueValidator(1)],
        help_text=_(
            "After this, a certificate's record (name, date, code, score) is deleted and "
            "its code can no longer be checked. At least as long as the validity period."
        ),
    )

    parent_page_types = ["community.CommunityLandingPage", "community.ToolkitPage"]
    subpage_types = []

    content_panels = BasePage.content_panels[:2] + [
        FieldPanel("minutes"),
        FieldPanel("body"),
        FieldPanel("steps"),
        MultiFieldPanel([FieldPanel("questions"), FieldPanel("pass_mark")], heading=_("Quiz")),
        MultiFieldPanel(
            [FieldPanel("certificate_valid_months"), FieldPanel("retention_months")],
            heading=_("Certificates"),
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("steps")]

    class Meta:
        verbose_name = _("training module")

    def clean(self):
        super().clean()
        if self.certificate_valid_months and self.retention_months < self.certificate_valid_months:
            raise ValidationError(
                {
                    "retention_months": _(
                        "Keep records at least as long as a certificate is valid, "
                        "or a valid certificate could not be checked."
                    )
                }
            )

    # Routes: the training flow (community.views.training).

    @path("")
    def overview(self, request):
        from community.views.training import overview

        return overview(request, self)

    @path("step/<int:number>/")
    def step(self, request, number):
        from community.views.training import step

        return step(request, self, number)

    @path("quiz/")
    def quiz(self, request):
        from community.views.training import quiz

        return quiz(request, self)

    @path("result/")
    def result(self, request):
        from community.views.training import result

        return result(request, self)
