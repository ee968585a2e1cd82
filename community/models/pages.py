from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Site
from wagtail.search import index

from community.blocks import MythFactBlock, RecordItemBlock, SignGroupBlock, StepBlock
from home.models import BasePage, LandingPage

# The most toolkits, and training modules, /community/ lists (issue 11: no
# unbounded list). Editors make one toolkit per setting, so far fewer.
COMMUNITY_LIST_LIMIT = 48


def training_modules_below(page, request):
    """The training modules a reader may see below ``page``, in tree order: one query."""
    from .training import TrainingModulePage

    return list(
        TrainingModulePage.objects.visible(Site.find_for_request(request))
        .descendant_of(page)
        .defer_streamfields()
        .order_by("path")[:COMMUNITY_LIST_LIMIT]
    )


class CommunityLandingPage(LandingPage):
    """/community/: the toolkits for each setting, and the training modules."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage", "community.ToolkitPage", "community.TrainingModulePage"]
    max_count_per_parent = 1
    # Its review workflow, set up by home/governance/workflows.py (README: "Review workflows").
    review_workflow = "Toolkits and training"

    class Meta:
        verbose_name = _("community landing page")

    def listed_child_pages(self, request):
        # The toolkits and training modules have their own lists above.
        from .training import TrainingModulePage

        return super().listed_child_pages(request).not_type(ToolkitPage, TrainingModulePage)

    def get_context(self, request, *args, **kwargs):
        """The toolkits and training modules as cards, then one page of any other pages.

        One toolkit per setting and a few modules each: editorial lists, kept
        to at most ``COMMUNITY_LIST_LIMIT`` each so the page stays bounded.
        """
        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        context["toolkits"] = list(
            ToolkitPage.objects.visible(site)
            .child_of(self)
            .defer_streamfields()
            .order_by("path")[:COMMUNITY_LIST_LIMIT]
        )
        # Modules anywhere below: each usually sits under its own toolkit.
        context["training_modules"] = training_modules_below(self, request)
        return context


class ToolkitPage(RoutablePageMixin, BasePage):
    """A toolkit for one setting (taxi drivers, hotels, parents and carers …).

    The parents' toolkit sits straight under the home page (/parents-and-carers/);
    the partners' toolkits under /community/. The body holds anything more the
    setting needs (for parents: talking with your child, online safety at home,
    if your child goes missing).
    """

    # A next-review date and an owner (home/governance/review.py).
    has_review_dates = True

    setting_name = models.CharField(
        _("who it is for"),
        max_length=120,
        help_text=_(
            "Plural, lower case, as in 'For …' on the posters: 'taxi and private hire drivers'."
        ),
    )
    signs_intro = models.CharField(
        _("signs introduction"),
        max_length=240,
        blank=True,
        default=_("Look out for a child or young person who:"),
    )
    signs = StreamField(
        [("group", SignGroupBlock())], verbose_name=_("spot the signs"), use_json_field=True
    )
    steps = StreamField(
        [("step", StepBlock())],
        blank=True,
        verbose_name=_("what to do"),
        help_text=_(
            "Every toolkit starts with: danger now, call 999; otherwise the police on 101 "
            "or children's services (from Settings → Local contacts). Add the steps that follow."
        ),
    )
    record_items = StreamField(
        [("item", RecordItemBlock())],
        verbose_name=_("what to note down"),
        help_text=_("Also the boxes of the printable incident note."),
    )
    do_not = StreamField(
        [("item", StepBlock(label=_("Thing not to do")))],
        blank=True,
        verbose_name=_("what not to do"),
    )
    myths = StreamField([("myth", MythFactBlock())], blank=True, verbose_name=_("myths and facts"))
    poster_heading = models.CharField(
        _("poster heading"),
        max_length=80,
        default=_("Worried about a child?"),
        help_text=_("Large type at the top of the posters and leaflet."),
    )
    poster_text = models.TextField(
        _("poster message"),
        max_length=300,
        blank=True,
        help_text=_("One or two short sentences under the heading."),
    )

    parent_page_types = ["home.HomePage", "community.CommunityLandingPage"]
    subpage_types = ["home.ContentPage", "community.TrainingModulePage"]
    # Its review workflow, set up by home/governance/workflows.py (README: "Review workflows").
    review_workflow = "Toolkits and training"

    content_panels = BasePage.content_panels[:2] + [
        FieldPanel("setting_name"),
        MultiFieldPanel(
            [FieldPanel("signs_intro"), FieldPanel("signs")], heading=_("Spot the signs")
        ),
        MultiFieldPanel(
            [FieldPanel("steps"), FieldPanel("record_items"), FieldPanel("do_not")],
            heading=_("What to do"),
        ),
        FieldPanel("myths"),
        MultiFieldPanel(
            [FieldPanel("poster_heading"), FieldPanel("poster_text")],
            heading=_("Posters and leaflet"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("setting_name"),
        index.SearchField("signs"),
        index.SearchField("steps"),
        index.SearchField("myths"),
    ]

    class Meta:
        verbose_name = _("toolkit")

    @path("")
    def toolkit(self, request):
        return self.render(
            request, context_overrides={"training_modules": training_modules_below(self, request)}
        )

    @path("incident-note/")
    def incident_note(self, request):
        """The printable incident note (built by the toolkit pages' work)."""
        return self.render(request, template="pages/community/toolkit_incident_note.html")

    @path("downloads/<slug:kind>/")
    def download(self, request, kind):
        """A poster, leaflet, incident note PDF or briefing, served from storage
        (community.views.downloads)."""
        from community.views.downloads import serve_toolkit_download

        return serve_toolkit_download(request, self, kind)
