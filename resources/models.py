"""The resource library: awareness materials for every audience and age."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index

from home.blocks import SafeBylineBlock
from home.models import BasePage, LandingPage
from home.models.taxonomy import TaxonomyBase
from resources.library import library_context


class Format(TaxonomyBase):
    """What kind of material a resource is: guide, story, poster, quiz and so on."""

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("format")
        verbose_name_plural = _("formats")


class ReadingLevel(models.TextChoices):
    FIRST_WORDS = "first-words", _("First words: very short sentences, read with a grown-up")
    SIMPLE = "simple", _("Simple: short sentences and everyday words")
    EVERYDAY = "everyday", _("Everyday: for confident readers")
    DETAILED = "detailed", _("Detailed: for adults and older teenagers")


class MadeBy(models.TextChoices):
    YOUNG_PEOPLE = "young-people", _("Made by young people")
    WITH_YOUNG_PEOPLE = "with-young-people", _("Made with young people")
    TEAM = "team", _("Made by the Clearsight team")
    PARTNER = "partner", _("Made by a partner organisation")


CO_CREATED = {MadeBy.YOUNG_PEOPLE, MadeBy.WITH_YOUNG_PEOPLE}


class ResourceIndexPage(LandingPage):
    """/resources/: the whole library of materials, for every audience."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage", "home.ContentPage"]
    max_count_per_parent = 1
    # Its review workflow, set up by home/governance/workflows.py (README: "Review workflows").
    review_workflow = "Young people's pages"

    class Meta:
        verbose_name = _("resource library")

    def listed_child_pages(self, request):
        # Its own paginated, filtered listing replaces the plain list of children.
        return super().listed_child_pages(request).none()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(self, request))
        return context


class ResourcePage(BasePage):
    """One material: a guide, story, poem, poster, video, quiz, leaflet and so on."""

    # A next-review date and an owner (home/governance/review.py).
    has_review_dates = True

    # Listed on the age band pages and wherever the site lists materials
    # (home's listings find page types by this flag, never by name).
    listed_as_material = True

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_(
            "Two or three sentences, written for the reader, shown on cards and in search."
        ),
    )
    format = models.ForeignKey(
        Format, on_delete=models.PROTECT, related_name="resources", verbose_name=_("format")
    )
    reading_level = models.CharField(
        _("reading level"),
        max_length=20,
        choices=ReadingLevel.choices,
        default=ReadingLevel.EVERYDAY,
        db_index=True,
    )
    easy_read = models.BooleanField(
        _("Easy Read"),
        default=False,
        db_index=True,
        help_text=_("Short sentences, one idea per line and a picture for each idea."),
    )
    made_by = models.CharField(
        _("who made it"),
        max_length=20,
        choices=MadeBy.choices,
        default=MadeBy.TEAM,
        db_index=True,
    )
    partner_name = models.CharField(
        _("partner organisation"),
        max_length=120,
        blank=True,
        help_text=_("Only when a partner organisation made it."),
    )
    credits = StreamField(
        [("young_person", SafeBylineBlock())],
        blank=True,
        verbose_name=_("young co-creators"),
        help_text=_("First name or nickname, age band and area only: never a surname or school."),
    )
    # Set on save from `made_by`, so listings can filter and order by it cheaply.
    co_created = models.BooleanField(default=False, editable=False, db_index=True)
    image = models.ForeignKey(
        "home.ClearsightImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("picture"),
        help_text=_("Shown on cards and at the top of the page. Never a real child's face."),
    )
    # The renditions made when the page is published (home/images.py).
    image_field_roles = {"image": ("resource", "card", "share")}

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("summary"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("format"), FieldPanel("reading_level"), FieldPanel("easy_read")],
            heading=_("Format and reading level"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("made_by"), FieldPanel("partner_name"), FieldPanel("credits")],
            heading=_("Who made it"),
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("summary", boost=2),
        index.FilterField("format"),
        index.FilterField("easy_read"),
        index.FilterField("reading_level"),
        index.FilterField("co_created"),
    ]

    class Meta:
        verbose_name = _("resource")

    def save(self, *args, **kwargs):
        self.co_created = self.made_by in CO_CREATED
        return super().save(*args, **kwargs)

    @classmethod
    def prepare_material_listing(cls, queryset):
        """What a card shows besides topics and age bands: the format and the
        picture, with its renditions (see home/models/materials.py)."""
        from home.images import prefetch_role_renditions

        return queryset.select_related("format", "image").prefetch_related(
            prefetch_role_renditions("card", through="image")
        )

    @classmethod
    def prepare_for_serving(cls, queryset):
        """The page as served (home/routing.py): its format, its picture with
        the renditions the page shows, and the taxonomy the page, its "more
        like this" and the young people's check read."""
        from home.images import prefetch_role_renditions

        return queryset.select_related("format", "image").prefetch_related(
            "age_bands",
            "audiences",
            "topics",
            # The page's picture, and the same picture shared on social media.
            prefetch_role_renditions("resource", "share", through="image"),
        )

    def get_context(self, request, *args, **kwargs):
        from home.models.materials import material_card, remembered_cards
        from resources import selectors

        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        reader_band = selectors.reader_band_from(request)
        bands = list(self.age_bands.all())
        audiences = list(self.audiences.all())
        topic_ids = [topic.pk for topic in self.topics.all()]
        note = selectors.older_band_note(
            page=self, bands=bands, topic_ids=topic_ids, reader_band=reader_band, site=site
        )
        # A reader from a younger band's page gets the note's alternatives
        # instead: "more like this" would only suggest more for older readers.
        # Kept for the generation, per page and band, in the shared cache only
        # (one for each page: home/models/materials.py::remembered_cards).
        related_cards = (
            []
            if note
            else remembered_cards(
                f"related:{site.pk if site else ''}:{self.pk}:"
                f"{reader_band.pk if reader_band else ''}",
                request,
                lambda: [
                    material_card(page, request, band=reader_band)
                    for page in selectors.related_resources(
                        page=self,
                        bands=[reader_band] if reader_band in bands else bands,
                        topic_ids=topic_ids,
                        audience_ids=[audience.pk for audience in audiences],
                        site=site,
                    )
                ],
                in_process=False,
            )
        )
        context.update(
            reader_band=reader_band,
            older_band_note=note,
            alternative_cards=[
                material_card(page, request, band=reader_band)
                for page in (note.alternatives if note else [])
            ],
            related_cards=related_cards,
            page_age_bands=bands,
            # The address this page is known by, on the host the reader asked
            # (checked against ALLOWED_HOSTS), without `?band=`.
            canonical_url=request.build_absolute_uri(self.get_url(request)),
            for_adults=any(
                audience.slug != selectors.YOUNG_PEOPLE_AUDIENCE for audience in audiences
            ),
            # The site-wide callout block, with the numbers from the help settings.
            help_callout={
                "title": _("Need help, or someone to talk to?"),
                "text": "",
                "show_help_numbers": True,
            },
        )
        return context
