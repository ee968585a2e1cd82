from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from cocreation.blocks import FeaturedWorkBlock
from home.blocks import RouteBlock

from .base import BasePage, LandingPage

CONTENT_PARENTS = [
    "home.HomePage",
    "home.SectionPage",
    "home.AgeBandPage",
    "schools.SchoolsLandingPage",
    "community.CommunityLandingPage",
    "resources.ResourceLibraryPage",
    "cocreation.GetInvolvedPage",
]


class HomePage(BasePage):
    young_people_label = models.CharField(max_length=80, default="I'm a young person")
    routes = StreamField(
        [("route", RouteBlock())],
        blank=True,
        help_text="One route for each audience: parents and carers, schools, transport and so on.",
    )
    featured = StreamField(
        [("work", FeaturedWorkBlock())],
        blank=True,
        help_text="Work made with young people, shown on the home page.",
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.YoungPeopleIndexPage",
        "home.SectionPage",
        "home.ContentPage",
        "schools.SchoolsLandingPage",
        "community.CommunityLandingPage",
        "resources.ResourceLibraryPage",
        "cocreation.GetInvolvedPage",
    ]

    content_panels = BasePage.content_panels[:2] + [
        FieldPanel("young_people_label"),
        FieldPanel("routes"),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from home.selectors import age_band_pages_for_site

        context = super().get_context(request, *args, **kwargs)
        context["age_band_pages"] = age_band_pages_for_site(self)
        return context


class YoungPeopleIndexPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.AgeBandPage"]
    max_count_per_parent = 1
    shows_safety_intro = True

    class Meta:
        verbose_name = "young people's section"

    def get_context(self, request, *args, **kwargs):
        from home.selectors import age_band_pages

        context = super().get_context(request, *args, **kwargs)
        context["age_band_pages"] = age_band_pages(self)
        return context


class AgeBandPage(LandingPage):
    age_band = models.ForeignKey("home.AgeBand", on_delete=models.PROTECT, related_name="pages")

    parent_page_types = ["home.YoungPeopleIndexPage"]
    subpage_types = ["home.ContentPage"]
    shows_safety_intro = True

    content_panels = (
        BasePage.content_panels[:1] + [FieldPanel("age_band")] + BasePage.content_panels[1:]
    )

    class Meta:
        verbose_name = "age band page"


class SectionPage(LandingPage):
    parent_page_types = ["home.HomePage", "home.SectionPage"]
    subpage_types = ["home.ContentPage", "home.SectionPage"]

    class Meta:
        verbose_name = "section page"


class ContentPage(BasePage):
    parent_page_types = CONTENT_PARENTS
    subpage_types = []

    class Meta:
        verbose_name = "content page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_safety_intro"] = self.get_ancestors().type(YoungPeopleIndexPage).exists()
        return context
