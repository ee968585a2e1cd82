"""The reading-age check on young people's pages (README: "Reading age").

textstat (pinned below 0.7.9, which would fetch data at run time) gives the
Flesch–Kincaid grade: a US school grade from sentence length and syllables
per word. A UK reading age is that grade plus five (grade 1 is read at six).
One formula, not textstat's ``text_standard`` consensus: its other formulas
are tuned for adult prose and jump about on the short texts children's pages
hold, where this one moves steadily with shorter sentences and words.

The page's words are its title, summary, introduction and the text of its
body (text, rich text and headings; not link addresses or choices). Under
100 words no estimate is honest, so none is given. Editors see it as a panel
at the top of the editor, and as a warning when they submit the page for
review; it never blocks anything.
"""

import dataclasses
import html

from django.contrib import messages
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks, hooks
from wagtail.admin.panels import ObjectList, Panel, TabbedInterface
from wagtail.fields import StreamField
from wagtail.rich_text import RichText

from home.stream_walk import leaves

MIN_WORDS = 100
GRADE_TO_READING_AGE = 5
TEXT_FIELDS = ("title", "summary", "intro")


@dataclasses.dataclass(frozen=True)
class ReadingAge:
    words: int
    reading_age: int | None  # None: too short to estimate
    band_name: str
    band_max_age: int

    @property
    def too_short(self):
        return self.reading_age is None

    @property
    def above_band(self):
        return self.reading_age is not None and self.reading_age > self.band_max_age

    @property
    def message(self):
        values = {
            "age": self.reading_age,
            "band": self.band_name,
            "max": self.band_max_age,
            "words": self.words,
            "min": MIN_WORDS,
        }
        if self.too_short:
            return (
                _(
                    "Reading age: too short to estimate (%(words)s words; it needs at least "
                    "%(min)s)."
                )
                % values
            )
        if self.above_band:
            return (
                _(
                    "Reading age about %(age)s: above the %(band)s age band this page is for. "
                    "Try shorter sentences and everyday words."
                )
                % values
            )
        return _("Reading age about %(age)s: right for the %(band)s age band.") % values


def _plain(value):
    if isinstance(value, RichText):
        value = value.source
    return " ".join(html.unescape(strip_tags(str(value or ""))).split())


def _block_texts(block, value):
    """The words in a block's value: its text, rich text and character blocks
    (not link addresses)."""
    for leaf, leaf_value, _parent in leaves(block, value):
        if isinstance(leaf, blocks.RichTextBlock | blocks.TextBlock) or (
            isinstance(leaf, blocks.CharBlock) and not isinstance(leaf, blocks.URLBlock)
        ):
            yield _plain(leaf_value)


def page_text(page):
    """The words a reader reads on `page`, as sentences (a heading without a
    full stop ends one, so it is not run into the next)."""
    pieces = [_plain(getattr(page, name, "")) for name in TEXT_FIELDS]
    for field in page._meta.get_fields():
        if isinstance(field, StreamField) and field.name == "body":
            pieces.extend(_block_texts(field.stream_block, getattr(page, field.name)))
    sentences = []
    for piece in pieces:
        piece = piece.strip()
        if piece:
            sentences.append(piece if piece[-1] in ".!?:;" else piece + ".")
    return " ".join(sentences)


def estimate_reading_age(text):
    """A UK reading age for `text`, or None when it has too few words."""
    import textstat  # here: only the page editor reads it (worker memory, issue 11)

    if textstat.lexicon_count(text) < MIN_WORDS:
        return None
    return max(
        GRADE_TO_READING_AGE, round(textstat.flesch_kincaid_grade(text)) + GRADE_TO_READING_AGE
    )


def youngest_band(page):
    """The youngest age band `page` is for: a band page's own, the youngest of
    the page's age bands, or else the band of the band page it sits under;
    None without one."""
    if getattr(page, "age_band_id", None):
        return page.age_band
    own = min(
        getattr(page, "age_bands", None).all() if hasattr(page, "age_bands") else [],
        key=lambda band: (band.min_age, band.max_age),
        default=None,
    )
    if own is not None or not page.pk:
        return own
    # A page under a band page is for that band.
    from home.models import AgeBandPage

    band_page = (
        AgeBandPage.objects.ancestor_of(page).select_related("age_band").order_by("-depth").first()
    )
    return band_page.age_band if band_page else None


def is_young_peoples_page(page):
    """Whether `page` goes to the youth panel: its workflow (assigned by section,
    home/governance/workflows.py) has the youth panel's step."""
    from home.models import YouthPanelReviewTask

    if not page.pk:
        return False
    workflow = page.get_workflow()
    return bool(
        workflow and YouthPanelReviewTask.objects.filter(workflow_tasks__workflow=workflow).exists()
    )


def reading_age_check(page):
    """The check for `page` (the version being edited), or None when it does not
    apply: not a young people's page, or no age band to compare with."""
    band = youngest_band(page)
    if band is None or not is_young_peoples_page(page):
        return None
    import textstat  # here: only the page editor reads it (worker memory, issue 11)

    text = page_text(page)
    return ReadingAge(
        words=textstat.lexicon_count(text),
        reading_age=estimate_reading_age(text),
        band_name=band.name,
        band_max_age=band.max_age,
    )


class ReadingAgePanel(Panel):
    """At the top of the editor: the reading age of the version being edited,
    against the page's youngest age band."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/governance/reading_age_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.check = reading_age_check(self.instance) if self.instance else None

        def is_shown(self):
            return self.check is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["check"] = self.check
            return context


def page_edit_handler(page_class):
    """Wagtail's tabs for `page_class` (Content, Promote, Settings), with the
    reading-age panel first on the Content tab. (Wagtail builds the same tabs
    in ``wagtail.admin.panels.page_utils``; BasePage.get_edit_handler calls this.)"""
    if hasattr(page_class, "edit_handler"):
        return page_class.edit_handler.bind_to_model(page_class)
    tabs = []
    if page_class.content_panels:
        tabs.append(
            ObjectList([ReadingAgePanel(), *page_class.content_panels], heading=_("Content"))
        )
    if page_class.promote_panels:
        tabs.append(ObjectList(page_class.promote_panels, heading=_("Promote")))
    if page_class.settings_panels:
        tabs.append(ObjectList(page_class.settings_panels, heading=_("Settings")))
    return TabbedInterface(tabs, base_form_class=page_class.base_form_class).bind_to_model(
        page_class
    )


@hooks.register("after_edit_page")
def warn_on_submission(request, page):
    """When an editor submits a young people's page for review with a reading
    age above its age band, say so (the submission still goes ahead)."""
    if not ({"action-submit", "action-restart-workflow"} & set(request.POST)):
        return None
    check = reading_age_check(page.get_latest_revision_as_object())
    if check is not None and check.above_band:
        messages.warning(request, check.message)
    return None
