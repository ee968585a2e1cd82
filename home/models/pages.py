from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import PageManager, Site, get_page_models

from home.blocks import RouteBlock

from .base import BasePage, LandingPage, VisiblePageQuerySet
from .materials import (
    FeaturedMaterialBlock,
    band_material_groups,
    material_card,
    materials,
    remembered_cards,
)

# How many pieces of work the home page's "Made with young people" shows.
FEATURED_COUNT = 3


class HomePage(BasePage):
    young_people_label = models.CharField(
        _("young people's label"), max_length=80, default="I'm a young person"
    )
    routes = StreamField(
        [("route", RouteBlock())],
        blank=True,
        verbose_name=_("routes"),
        help_text=_(
            "One route for each audience: parents and carers, schools, transport and so on."
        ),
    )
    featured = StreamField(
        [("page", FeaturedMaterialBlock(label=_("Resource")))],
        blank=True,
        verbose_name=_("featured work"),
        help_text=_(
            "Resources made with young people, shown on the home page. "
            "Leave empty to show the newest ones."
        ),
    )

    parent_page_types = ["wagtailcore.Page"]
    # This app's own page types; each feature app's landing page names the home
    # page in its `parent_page_types` and is added below, so the home page
    # never lists the apps built on it.
    subpage_types = ["home.YoungPeopleIndexPage", "home.SectionPage", "home.ContentPage"]

    content_panels = BasePage.content_panels[:2] + [
        FieldPanel("young_people_label"),
        FieldPanel("routes"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def clean_subpage_models(cls):
        own = super().clean_subpage_models()
        return own + [
            model
            for model in get_page_models()
            if model.is_creatable
            and model not in own
            and model.parent_page_types is not None
            and cls in model.clean_parent_page_models()
        ]

    @classmethod
    def prepare_for_serving(cls, queryset):
        """The home page as kept with the Sites (home/chrome.py): its audiences,
        which the young people's check on every page reads."""
        return queryset.prefetch_related("audiences")

    def route(self, request, path_components):
        # Every page of the site in two queries (home/routing.py).
        from home.routing import route

        return route(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        context["age_band_pages"] = remembered_cards(
            f"home-bands:{site.pk if site else ''}:{self.pk}",
            request,
            lambda: list(AgeBandPage.objects.for_home_page(self, site)),
        )
        chosen = ",".join(str(pk) for pk in self.chosen_work())
        context["featured_cards"] = remembered_cards(
            f"home-featured:{site.pk if site else ''}:{chosen}",
            request,
            lambda: [material_card(page, request) for page in self.featured_work(site)],
        )
        return context

    def chosen_work(self):
        """The pks of the work editors chose, in their order, read from the
        stored blocks (no query; a page since deleted is simply not found)."""
        return [item["value"] for item in self.featured.raw_data if item.get("value")]

    def featured_work(self, site):
        """The work editors chose, in their order, that a reader may see; when
        they chose none (or none is published), the newest from the apps that
        answer the `clearsight_featured_work` hook (`fn(site, limit)`)."""
        chosen = self.chosen_work()
        if chosen:
            by_pk = {page.pk: page for page in materials(site, pk__in=chosen)}
            pages = [by_pk[pk] for pk in dict.fromkeys(chosen) if pk in by_pk]
            if pages:
                return pages[:FEATURED_COUNT]
        for fallback in hooks.get_hooks("clearsight_featured_work"):
            pages = list(fallback(site, limit=FEATURED_COUNT))
            if pages:
                return pages
        return []


class YoungPeopleIndexPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.AgeBandPage"]
    max_count_per_parent = 1
    # Its review workflow, set up by home/governance/workflows.py (README: "Review workflows").
    review_workflow = "Young people's pages"
    shows_safety_intro = True

    class Meta:
        verbose_name = _("young people's section")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["age_band_pages"] = AgeBandPage.objects.listing(
            self, Site.find_for_request(request)
        )
        return context


class AgeBandPageQuerySet(VisiblePageQuerySet):
    def listing(self, index_page, site):
        """The age-band pages a reader may see under `index_page`, youngest first."""
        return (
            self.visible(site)
            .child_of(index_page)
            .defer_streamfields()
            .select_related("age_band")
            .order_by("age_band__min_age", "path")
        )

    def for_home_page(self, home_page, site):
        """The age choices for the home page's "I'm a young person" route."""
        index_page = (
            # `listing` reads its path and depth (`child_of`): loaded here, not one query each.
            YoungPeopleIndexPage.objects.visible(site)
            .child_of(home_page)
            .only("pk", "path", "depth")
            .first()
        )
        if index_page is None:
            return self.none()
        return self.listing(index_page, site)


class AgeBandPage(LandingPage):
    age_band = models.ForeignKey(
        "home.AgeBand", on_delete=models.PROTECT, related_name="pages", verbose_name=_("age band")
    )

    objects = PageManager.from_queryset(AgeBandPageQuerySet)()

    parent_page_types = ["home.YoungPeopleIndexPage"]
    subpage_types = ["home.ContentPage"]
    shows_safety_intro = True

    content_panels = (
        BasePage.content_panels[:1] + [FieldPanel("age_band")] + BasePage.content_panels[1:]
    )

    class Meta:
        verbose_name = _("age band page")

    @classmethod
    def prepare_for_serving(cls, queryset):
        """The band page as served (home/routing.py): its age band, which the
        page's groups of materials are chosen by."""
        return queryset.select_related("age_band")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["material_groups"] = band_material_groups(
            Site.find_for_request(request), self.age_band, request
        )
        return context


class SectionPage(LandingPage):
    parent_page_types = ["home.HomePage", "home.SectionPage"]
    subpage_types = ["home.ContentPage", "home.SectionPage"]

    class Meta:
        verbose_name = _("section page")


class ContentPage(BasePage):
    subpage_types = []

    class Meta:
        verbose_name = _("content page")

    @classmethod
    def clean_parent_page_models(cls):
        # A content page goes wherever a page type asks for it in its own
        # `subpage_types` (or, like the home page, allows every type), except
        # straight under Wagtail's root. Feature apps name `home.ContentPage`
        # in their landing pages; this app never names them.
        return [
            model
            for model in get_page_models()
            if model.is_creatable and cls in model.clean_subpage_models()
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_safety_intro"] = self.is_within(YoungPeopleIndexPage)
        return context
