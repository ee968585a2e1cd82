"""Key stages, year groups and the curriculum frameworks lesson packs map to.

The frameworks are data editors keep (Snippets → Curriculum), loaded first from
``schools/data/curriculum.yaml`` (see ``schools/curriculum.py``). Every item
carries the public source it was checked against and whether it has been
checked: an item nobody has checked is shown to editors as "to check against
the source" and never shown to teachers as an official code.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from home.models.taxonomy import TaxonomyBase


class KeyStage(TaxonomyBase):
    """KS1 to KS5 (England's key stages; the other nations' stages map onto them)."""

    ages = models.CharField(_("ages"), max_length=20, blank=True, help_text=_("For example 7-11."))

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("key stage")
        verbose_name_plural = _("key stages")


class YearGroup(TaxonomyBase):
    key_stage = models.ForeignKey(
        KeyStage, on_delete=models.PROTECT, related_name="year_groups", verbose_name=_("key stage")
    )

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("year group")
        verbose_name_plural = _("year groups")


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


class SourceCheck(models.TextChoices):
    """How far the data file's compilers could check an item against its source."""

    SEEN = "seen", _("Seen in a public copy of the source")
    PARTIAL = "partial", _("Seen only in a paraphrase or in part")
    NOT_SEEN = "not-seen", _("Not seen in any public copy")


class CurriculumFramework(index.Indexed, models.Model):
    """A curriculum framework of one nation: statutory guidance or a programme of study."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(
        _("short name"), max_length=80, help_text=_("Shown to teachers, e.g. 'RSHE (2025)'.")
    )
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    publisher = models.CharField(_("publisher"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    statutory = models.BooleanField(_("statutory"), default=False)
    status = models.TextField(_("status"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("curriculum framework")
        verbose_name_plural = _("curriculum frameworks")

    def __str__(self):
        return self.short_name or self.name


class CurriculumItem(index.Indexed, models.Model):
    """One heading, strand or outcome of a framework that a lesson pack can map to.

    ``code`` is an official code (PSHE Association "KS2 R26", Scotland
    "HWB 3-45a") or empty where the framework has none (DfE RSHE 2019 outcomes
    are cited by heading). ``slug`` is this site's own key for the item (from
    the data file's ``local_ref`` or made from the framework and code; called
    ``slug`` so that the demo files and filters can name it): it is never shown
    to teachers.
    """

    framework = models.ForeignKey(
        CurriculumFramework,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("framework"),
    )
    slug = models.SlugField(_("reference"), max_length=120, unique=True)
    code = models.CharField(_("official code"), max_length=40, blank=True)
    heading = models.CharField(_("heading"), max_length=255)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Our own words, not the official text.")
    )
    key_stages = models.ManyToManyField(
        KeyStage, blank=True, related_name="curriculum_items", verbose_name=_("key stages")
    )
    phase = models.CharField(_("phase or level"), max_length=80, blank=True)
    edition = models.CharField(_("edition"), max_length=80, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    source_check = models.CharField(
        _("checked by the data's compilers"),
        max_length=10,
        choices=SourceCheck.choices,
        default=SourceCheck.NOT_SEEN,
    )
    data_note = models.TextField(_("note"), blank=True)
    # Shown to teachers only once true: set from the data file where the item was
    # seen in its source, or by an editor who checked it (below).
    verified = models.BooleanField(_("checked against the source"), default=False, db_index=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("checked by"),
    )
    verified_at = models.DateTimeField(_("checked on"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    search_fields = [
        index.SearchField("code"),
        index.SearchField("heading"),
        index.SearchField("summary"),
        index.AutocompleteField("code"),
        index.AutocompleteField("heading"),
        index.FilterField("verified"),
    ]

    class Meta:
        ordering = ["framework__sort_order", "sort_order", "pk"]
        verbose_name = _("curriculum item")
        verbose_name_plural = _("curriculum items")

    def __str__(self):
        label = (
            f"{self.framework}: {self.code} {self.heading}"
            if self.code
            else (f"{self.framework}: {self.heading}")
        )
        if not self.verified:
            return f"{label} ({_('to check against the source')})"
        return label
