"""/get-involved/ and the calls for contributions under it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Site

from modelcluster.fields import ParentalKey

from home.blocks import BodyStreamBlock
from home.models import BasePage, LandingPage

# Parental consent: a child in an age band that starts below this age needs a
# parent's or carer's agreement before anyone reviews their work. (The UK's age
# of digital consent is 13; a band such as 11-13 counts as under 13, because the
# form cannot tell a 13-year-old from an 11-year-old in it.)
PARENTAL_CONSENT_BELOW_AGE = 13


def band_needs_parental_consent(age_band):
    """True for an age band that may hold a child under 13."""
    return age_band.min_age < PARENTAL_CONSENT_BELOW_AGE


class GetInvolvedPage(LandingPage):
    """/get-involved/: how children and young people help make materials, and the calls."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ContentPage", "cocreation.CallForContributionsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("get involved page")

    def get_context(self, request, *args, **kwargs):
        from cocreation.selectors import calls_for_listing

        context = super().get_context(request, *args, **kwargs)
        site = Site.find_for_request(request)
        calls = calls_for_listing(parent=self, site=site)
        context.update(open_calls=calls.open, closed_calls=calls.closed)
        return context

    def listed_child_pages(self, request):
        # The calls have their own lists; the other pages under this one keep theirs.
        return super().listed_child_pages(request).not_type(CallForContributionsPage)


class CallForContributionsPage(RoutablePageMixin, BasePage):
    """A call: a brief written for young people, open between two dates.

    ``intro`` and ``body`` (from BasePage) hold the short summary and the brief;
    ``age_bands`` (from BasePage) the ages it is for.
    """

    opens_on = models.DateField(_("opens on"), default=timezone.localdate)
    closes_on = models.DateField(
        _("closes on"),
        null=True,
        blank=True,
        help_text=_("The last day work can be sent. Leave empty for a call with no end date."),
    )
    welcomes_writing = models.BooleanField(_("writing (stories, poems, advice)"), default=True)
    welcomes_art = models.BooleanField(_("artwork, or photos of artwork"), default=True)
    welcomes_poster_ideas = models.BooleanField(_("ideas for a poster"), default=True)
    welcomes_video_or_game_ideas = models.BooleanField(
        _("ideas for a video or game"), default=False
    )
    what_happens_next = models.TextField(
        _("what will happen to your work"),
        help_text=_("Plain words for an 8-year-old: who reads it, and how it might be used."),
    )
    examples = StreamField(
        BodyStreamBlock(),
        blank=True,
        verbose_name=_("examples"),
        help_text=_("Examples of the kind of work the call would like."),
    )
    what_we_made = models.TextField(
        _("what we made from your ideas"),
        blank=True,
        help_text=_("Once the call has closed: what came of the work young people sent."),
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading=_("Dates")),
        MultiFieldPanel(
            [
                FieldPanel("welcomes_writing"),
                FieldPanel("welcomes_art"),
                FieldPanel("welcomes_poster_ideas"),
                FieldPanel("welcomes_video_or_game_ideas"),
            ],
            heading=_("What kinds of work are welcome"),
        ),
        FieldPanel("what_happens_next"),
        FieldPanel("examples"),
        MultiFieldPanel(
            [FieldPanel("what_we_made"), InlinePanel("outcomes", label=_("Resource made"))],
            heading=_("What we made from your ideas"),
        ),
    ]

    parent_page_types = ["cocreation.GetInvolvedPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("call for contributions")
        verbose_name_plural = _("calls for contributions")

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.opens_on <= today and (self.closes_on is None or today <= self.closes_on)

    # The form (cocreation/views/intake.py); its thank-you page is at
    # /contribute/thanks/<token>/, because Wagtail's page URLs allow only
    # letters, digits, "-" and "_", and a signed token holds ":".
    @path("send/", name="send")
    def send(self, request):
        from cocreation.views.intake import contribution_form

        return contribution_form(request, call=self)

    def get_context(self, request, *args, **kwargs):
        from cocreation.selectors import call_gallery, call_outcomes

        context = super().get_context(request, *args, **kwargs)
        context.update(
            call_is_open=self.is_open(),
            page_age_bands=list(self.age_bands.all()),
            call_has_closed=self.closes_on is not None and self.closes_on < timezone.localdate(),
            gallery=call_gallery(self, request),
            outcome_cards=call_outcomes(self, site=Site.find_for_request(request), request=request),
        )
        return context

    def image_uses(self):
        """The gallery's pictures, for the renditions made on publishing and by
        `manage.py generate_renditions` (home/images.py)."""
        from cocreation.selectors import call_gallery

        for piece in call_gallery(self):
            for picture in piece.pictures:
                yield picture.image, "gallery"

    def welcomed_kinds(self):
        """The kinds of work this call welcomes, as labels for readers."""
        return [
            field.verbose_name
            for field in self._meta.get_fields()
            if field.name.startswith("welcomes_") and getattr(self, field.name)
        ]


class CallOutcome(Orderable):
    """A resource that came from a call's contributions ("what we made")."""

    call = ParentalKey(CallForContributionsPage, on_delete=models.CASCADE, related_name="outcomes")
    resource = models.ForeignKey(
        "resources.ResourcePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("resource")]
