"""Age bands, audiences and topics: data editors manage, never hard-coded lists."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyBase(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("One plain sentence shown to readers.")
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class AgeBand(TaxonomyBase):
    min_age = models.PositiveSmallIntegerField(_("youngest age"))
    max_age = models.PositiveSmallIntegerField(_("oldest age"))

    panels = (
        TaxonomyBase.panels[:2]
        + [FieldPanel("min_age"), FieldPanel("max_age")]
        + TaxonomyBase.panels[2:]
    )

    class Meta(TaxonomyBase.Meta):
        ordering = ["min_age", "max_age"]
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")

    def clean(self):
        super().clean()
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValidationError(
                {"max_age": _("The oldest age must be the same as or more than the youngest age.")}
            )


class Audience(TaxonomyBase):
    class Meta(TaxonomyBase.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Topic(TaxonomyBase):
    class Meta(TaxonomyBase.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Area(TaxonomyBase):
    """A local area a young person may name in a safe byline ("Leeds", "North Wales").

    A list editors keep, so a byline never carries free text such as a school's name.
    """

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("local area")
        verbose_name_plural = _("local areas")
