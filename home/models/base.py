"""The abstract page every Clearsight page type builds on."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import camel_case_to_spaces

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from modelcluster.fields import ParentalManyToManyField

from home.blocks import BodyStreamBlock


class BasePage(Page):
    """SEO fields come from Page; this adds what every Clearsight page needs."""

    intro = models.TextField(
        blank=True, max_length=400, help_text="One or two plain sentences under the title."
    )
    body = StreamField(BodyStreamBlock(), blank=True)
    audiences = ParentalManyToManyField("home.Audience", blank=True, related_name="+")
    topics = ParentalManyToManyField("home.Topic", blank=True, related_name="+")
    last_reviewed = models.DateField(null=True, blank=True)
    next_review = models.DateField(
        null=True, blank=True, help_text="When a safeguarding lead should check this page again."
    )

    # Pages in the young people's section show the short "staying safe" note once.
    shows_safety_intro = False

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel([FieldPanel("audiences"), FieldPanel("topics")], heading="Who it is for"),
        MultiFieldPanel(
            [FieldPanel("last_reviewed"), FieldPanel("next_review")], heading="Content review"
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.last_reviewed and self.next_review and self.next_review <= self.last_reviewed:
            raise ValidationError(
                {
                    "next_review": "The next review must be after the date the page was last reviewed."
                }
            )
        from home.content_checks import validate_page_content  # safe language, real numbers

        validate_page_content(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_safety_intro"] = self.shows_safety_intro
        return context

    def get_template(self, request, *args, **kwargs):
        # templates/pages/<app>/<model_snake>.html (see CONVENTIONS.md, rule 6)
        name = camel_case_to_spaces(type(self).__name__).replace(" ", "_")
        return f"pages/{self._meta.app_label}/{name}.html"


class LandingPage(BasePage):
    """A page that introduces an area of the site and lists its pages."""

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["child_pages"] = self.get_children().live().public().defer_streamfields().specific()
        return context
