"""/schools/, the lesson pack library and whole-school toolkits.

- ``SchoolsLandingPage`` (/schools/): where teachers and school leaders start.
- ``LessonPackIndexPage``: the lesson packs, filtered by key stage, year group,
  topic, curriculum code, duration and professional access.
- ``LessonPackPage``: one pack: who it is for, "Before you teach" (required
  before publishing and shown first), the lesson plan, curriculum links, files.
- ``SchoolToolkitPage``: whole-school materials (policy template, staff
  briefing, assembly plan, parent information session, letter to parents).

A pack or toolkit's files are ``page.pack_files`` (``LessonPackFile``,
``ToolkitFile``) rows (one Wagtail document each,
served through Django so privacy rules apply). A file in a collection
restricted to the Professionals group, or a page restricted to that group, is
for verified professionals only (see ``schools/professionals``).
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import models
from django.forms.utils import ErrorList
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Site
from wagtail.search import index

from modelcluster.fields import ParentalKey, ParentalManyToManyField

from home.governance.roles import SCHOOLS_SECTION
from home.models import BasePage, LandingPage
from home.models.materials import age_range
from schools.admin.pages import LessonPackPageForm
from schools.blocks import BeforeYouTeachBlock, LessonPlanBlock
from schools.curriculum import links_for_teachers
from schools.pack_files import pack_file_rows
from schools.widgets import CurriculumLinksWidget

# Where professionals sign in; the professionals work builds the view.
PROFESSIONAL_SIGN_IN_PATH = "/professionals/sign-in/"
PROFESSIONAL_REGISTER_PATH = "/professionals/register/"


def before_you_teach_is_complete(stream):
    """One "Before you teach" block whose five parts all hold words. (The
    editor's form checks the parts too; code that saves a page, such as a
    script or an import, meets only this.)"""
    if len(stream) != 1:
        return False
    value = stream[0].value
    return all(strip_tags(value[name].source).strip() for name in BeforeYouTeachBlock.base_blocks)


BEFORE_YOU_TEACH_REQUIRED = _(
    "A lesson pack cannot be published without “Before you teach”. Add it and fill in all "
    "five parts: teachers need them before the lesson."
)


def professional_sign_in_url(next_url):
    """The sign-in page, coming back to `next_url` afterwards."""
    return f"{PROFESSIONAL_SIGN_IN_PATH}?{urlencode({'next': next_url})}"


# The most school toolkits /schools/ lists (issue 11: no unbounded list).
SCHOOLS_TOOLKIT_LIMIT = 48


class SchoolsLandingPage(LandingPage):
    """/schools/: where teachers start."""

    # Schools editors edit this section, and Editors do not (home/governance/roles.py).
    editing_section = SCHOOLS_SECTION
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage", "schools.LessonPackIndexPage", "schools.SchoolToolkitPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("schools landing page")

    def listed_child_pages(self, request):
        # The pack library and the toolkits have their own section; the list keeps the rest.
        return super().listed_child_pages(request).not_type(LessonPackIndexPage, SchoolToolkitPage)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        context["pack_library"] = (
            LessonPackIndexPage.objects.visible(site)
            .child_of(self)
            .defer_streamfields()
            .order_by("path")
            .first()
        )
        # A handful of toolkits for schools; capped so the page stays bounded.
        context["toolkits"] = list(
            SchoolToolkitPage.objects.visible(site)
            .child_of(self)
            .defer_streamfields()
            .order_by("path")[:SCHOOLS_TOOLKIT_LIMIT]
        )
        context["professional_register_url"] = PROFESSIONAL_REGISTER_PATH
        context["professional_sign_in_url"] = PROFESSIONAL_SIGN_IN_PATH
        return context


class LessonPackIndexPage(LandingPage):
    """/schools/lesson-packs/: every lesson pack, with filters and search."""

    parent_page_types = ["schools.SchoolsLandingPage"]
    subpage_types = ["schools.LessonPackPage"]
    max_count_per_parent = 1
    # Its review workflow, set up by home/governance/workflows.py (README: "Review workflows").
    review_workflow = "Lesson packs"

    class Meta:
        verbose_name = _("lesson pack library")

    def listed_child_pages(self, request):
        # Its own paginated, filtered listing replaces the plain list of children.
        return super().listed_child_pages(request).none()

    def get_context(self, request, *args, **kwargs):
        from schools.finding import pack_library_context

        context = super().get_context(request, *args, **kwargs)
        context.update(pack_library_context(self, request))
        return context


class FileKind(models.TextChoices):
    SLIDES = "slides", _("Slides")
    LESSON_PLAN = "lesson-plan", _("Lesson plan")
    WORKSHEET = "worksheet", _("Worksheet")
    TEACHER_NOTES = "teacher-notes", _("Teacher notes")
    CASE_STUDY = "case-study", _("Case study")
    POLICY = "policy", _("Policy template")
    BRIEFING = "briefing", _("Staff briefing")
    ASSEMBLY = "assembly", _("Assembly plan")
    PARENT_SESSION = "parent-session", _("Parent information session")
    LETTER = "letter", _("Letter to parents")
    OTHER = "other", _("Other")


class PackFileBase(Orderable):
    """One file of a lesson pack or a school toolkit (``page.pack_files``)."""

    document = models.ForeignKey(
        "home.ClearsightDocument",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("file"),
        help_text=_(
            "Put a file for verified professionals only in the 'Professionals only' collection."
        ),
    )
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("Leave empty to use the file's title.")
    )
    description = models.CharField(_("what it is for"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)

    panels = [
        FieldPanel("document"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = _("file")
        verbose_name_plural = _("files")

    @property
    def display_title(self):
        return self.title or self.document.title


class LessonPackFile(PackFileBase):
    page = ParentalKey(
        "schools.LessonPackPage", on_delete=models.CASCADE, related_name="pack_files"
    )


class ToolkitFile(PackFileBase):
    page = ParentalKey(
        "schools.SchoolToolkitPage", on_delete=models.CASCADE, related_name="pack_files"
    )


class DurationBand(models.TextChoices):
    """The duration filter's choices, by the length of one lesson."""

    SHORT = "up-to-30", _("Up to 30 minutes")
    HOUR = "31-60", _("31 to 60 minutes")
    LONG = "over-60", _("Over an hour")


class LessonPackPage(RoutablePageMixin, BasePage):
    """One lesson pack.

    ``intro`` (from BasePage) is the summary on cards; ``age_bands`` and
    ``topics`` (from BasePage) say who and what it is for.
    """

    # A next-review date and an owner (home/governance/review.py).
    has_review_dates = True

    summary = models.TextField(
        _("summary"), max_length=300, help_text=_("Two or three sentences shown on cards.")
    )
    key_stages = ParentalManyToManyField(
        "schools.KeyStage", related_name="lesson_packs", verbose_name=_("key stages")
    )
    year_groups = ParentalManyToManyField(
        "schools.YearGroup", blank=True, related_name="lesson_packs", verbose_name=_("year groups")
    )
    lesson_minutes = models.PositiveSmallIntegerField(
        _("minutes per lesson"), help_text=_("How long one lesson takes.")
    )
    lesson_count = models.PositiveSmallIntegerField(_("number of lessons"), default=1)
    # Set on save from lesson_minutes, so the duration filter is one indexed column.
    duration_band = models.CharField(
        max_length=10, choices=DurationBand.choices, editable=False, db_index=True, default=""
    )
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("One per line: what pupils will learn.")
    )
    learning_outcomes = models.TextField(
        _("learning outcomes"), help_text=_("One per line: what pupils will be able to do.")
    )
    curriculum_links = ParentalManyToManyField(
        "schools.CurriculumItem",
        blank=True,
        related_name="lesson_packs",
        verbose_name=_("curriculum links"),
    )
    before_you_teach = StreamField(
        [("before_you_teach", BeforeYouTeachBlock())],
        blank=True,
        max_num=1,
        verbose_name=_("before you teach"),
        help_text=_("Required before the pack can be published; shown first on the page."),
    )
    lesson_plan = StreamField(LessonPlanBlock(), blank=True, verbose_name=_("lesson plan"))
    version = models.CharField(_("version"), max_length=20, default="1.0")

    parent_page_types = ["schools.LessonPackIndexPage"]
    subpage_types = []
    # Refuses "Publish" (and sending for approval) without "Before you teach".
    base_form_class = LessonPackPageForm

    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("learning_objectives"),
        index.FilterField("duration_band"),
        index.FilterField("key_stages"),
        index.FilterField("year_groups"),
        index.FilterField("curriculum_links"),
    ]

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("key_stages"),
                FieldPanel("year_groups"),
                FieldPanel("age_bands"),
                FieldRowPanel([FieldPanel("lesson_count"), FieldPanel("lesson_minutes")]),
            ],
            heading=_("Who it is for"),
        ),
        FieldPanel("before_you_teach"),
        MultiFieldPanel(
            [FieldPanel("learning_objectives"), FieldPanel("learning_outcomes")],
            heading=_("Objectives and outcomes"),
        ),
        FieldPanel("curriculum_links", widget=CurriculumLinksWidget),
        FieldPanel("lesson_plan"),
        InlinePanel("pack_files", heading=_("Files"), label=_("File")),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("version"), FieldPanel("last_reviewed"), FieldPanel("next_review")],
            heading=_("Version and review"),
        ),
    ]
    # Age bands and the review dates are on the content tab above: each field once.
    promote_panels = BasePage.promote_panels[:-2] + [
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("topics")], heading=_("Audiences and topics")
        )
    ]

    class Meta:
        verbose_name = _("lesson pack")

    def save(self, *args, **kwargs):
        minutes = self.lesson_minutes or 0
        if minutes <= 30:
            self.duration_band = DurationBand.SHORT
        elif minutes <= 60:
            self.duration_band = DurationBand.HOUR
        else:
            self.duration_band = DurationBand.LONG
        return super().save(*args, **kwargs)

    def clean(self):
        """A live pack must have "Before you teach", one block with all five
        parts written; a draft may lack it.

        Page.save() runs this for live pages only, so publishing a revision
        without it is refused; the admin form (LessonPackPageForm) asks for it
        on "Publish" and on sending the pack for approval.
        """
        super().clean()
        if self.live and not before_you_teach_is_complete(self.before_you_teach):
            raise ValidationError(
                {
                    "before_you_teach": StreamBlockValidationError(
                        non_block_errors=ErrorList([ValidationError(BEFORE_YOU_TEACH_REQUIRED)])
                    )
                }
            )

    @classmethod
    def prepare_for_serving(cls, queryset):
        """The pack as served (home/routing.py): each of its lists read once,
        for the page, its progression cards and the young people's check."""
        return queryset.prefetch_related(
            "key_stages", "year_groups", "age_bands", "audiences", "topics"
        )

    def get_context(self, request, *args, **kwargs):
        from schools.selectors import next_stage_packs

        context = super().get_context(request, *args, **kwargs)
        page_url = self.get_url(request) or ""
        key_stages = list(self.key_stages.all())
        ages = age_range(self.age_bands.all()) or _key_stage_ages(key_stages)
        files = pack_file_rows(self, request)
        context.update(
            {
                "key_stages": key_stages,
                "year_groups": list(self.year_groups.all()),
                "ages": ages,
                "learning_objectives": _lines(self.learning_objectives),
                "learning_outcomes": _lines(self.learning_outcomes),
                "curriculum_groups": links_for_teachers(
                    self.curriculum_links.filter(verified=True).select_related("framework")
                ),
                "files": files,
                "has_files_for_professionals_only": any(not row.may_download for row in files),
                "sign_in_url": professional_sign_in_url(page_url),
                "download_url": page_url + self.reverse_subpage("download"),
                "feedback_url": page_url + self.reverse_subpage("feedback_form"),
                "progression_cards": next_stage_packs(self, request),
            }
        )
        return context

    @path("download/")
    def download(self, request):
        """The whole pack as a ZIP (schools/views/downloads.py)."""
        from schools.views.downloads import download_pack

        return download_pack(request, self)

    @path("feedback/")
    def feedback_form(self, request):
        """'How did this lesson go?' (schools/views/feedback.py)."""
        from schools.views.feedback import lesson_feedback

        return lesson_feedback(request, self)


class SchoolToolkitPage(RoutablePageMixin, BasePage):
    """Whole-school materials: policy, staff briefing, assembly, parents' session, letter."""

    # A next-review date and an owner (home/governance/review.py).
    has_review_dates = True

    summary = models.TextField(_("summary"), max_length=300)

    parent_page_types = ["schools.SchoolsLandingPage"]
    subpage_types = []
    # Its review workflow, set up by home/governance/workflows.py (README: "Review workflows").
    review_workflow = "Toolkits and training"

    search_fields = BasePage.search_fields + [index.SearchField("summary", boost=2)]

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel("pack_files", heading=_("Files"), label=_("File")),
    ]

    class Meta:
        verbose_name = _("school toolkit")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        page_url = self.get_url(request) or ""
        files = pack_file_rows(self, request)
        context.update(
            {
                "files": files,
                "has_files_for_professionals_only": any(not row.may_download for row in files),
                "sign_in_url": professional_sign_in_url(page_url),
                "download_url": page_url + self.reverse_subpage("download"),
            }
        )
        return context

    @path("download/")
    def download(self, request):
        """The whole pack as a ZIP (schools/views/downloads.py)."""
        from schools.views.downloads import download_pack

        return download_pack(request, self)


def _lines(text):
    """One item per non-empty line ("one per line" fields)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _key_stage_ages(key_stages):
    """(youngest, oldest) from key stages' ages ("11-14"), or None."""
    ranges = []
    for stage in key_stages:
        youngest, _dash, oldest = stage.ages.partition("-")
        if youngest.strip().isdigit() and oldest.strip().isdigit():
            ranges.append((int(youngest), int(oldest)))
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)
