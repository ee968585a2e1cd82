"""The page every Clearsight page type builds on, and the one rule for who may see a page."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import camel_case_to_spaces
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from modelcluster.fields import ParentalManyToManyField

from home.blocks import BodyStreamBlock
from home.pagination import LISTING_PAGE_SIZE, kept_paginate, paginate


class VisiblePageQuerySet(PageQuerySet):
    def visible(self, site):
        """Pages a reader of `site` may see: live, with no view restriction on
        the page or any ancestor, and inside that site's tree.

        Every listing, menu, feed, sitemap and search on the public site goes
        through this one method, so "who may see this page" is decided once.
        """
        # Wagtail's `public()` asks the database for every view restriction
        # each time; the restrictions are kept per generation (home/chrome.py).
        from home.chrome import private_q

        return self.live().exclude(private_q()).in_site(site)


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


def visible_pages(site):
    """Every page a reader of `site` may see, of any type (`wagtailcore.Page` rows)."""
    return VisiblePageQuerySet(Page).visible(site)


class BasePage(Page):
    """What every Clearsight page has, in one table that every page type extends.

    A concrete (multi-table) base rather than an abstract one, so that the
    taxonomy (audiences, age bands, topics) lives in one set of join tables:
    one query can then filter all content, of every page type, by audience,
    age band and topic (see "Taxonomy" in README.md). SEO fields come from Page.
    """

    intro = models.TextField(
        _("introduction"),
        blank=True,
        max_length=400,
        help_text=_("One or two plain sentences under the title."),
    )
    body = StreamField(BodyStreamBlock(), blank=True, verbose_name=_("body"))
    audiences = ParentalManyToManyField(
        "home.Audience", blank=True, related_name="pages", verbose_name=_("audiences")
    )
    age_bands = ParentalManyToManyField(
        "home.AgeBand",
        blank=True,
        related_name="content_pages",
        verbose_name=_("age bands"),
        help_text=_("For young people's materials: the ages this page suits."),
    )
    topics = ParentalManyToManyField(
        "home.Topic", blank=True, related_name="pages", verbose_name=_("topics")
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    next_review = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "When this page must be checked again. Left empty or already passed, it is "
            "set to 12 months after publishing."
        ),
    )
    review_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Who keeps this page up to date: they get the review reminders."),
    )

    objects = VisiblePageManager()

    # BasePage holds shared fields; editors create its subclasses only.
    # (`is_creatable` is not inherited: each subclass is creatable.)
    is_creatable = False

    # Pages in the young people's section show the short "staying safe" note once.
    shows_safety_intro = False

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldPanel("audiences"), FieldPanel("age_bands"), FieldPanel("topics")],
            heading=_("Who it is for"),
        ),
        MultiFieldPanel(
            [FieldPanel("review_owner"), FieldPanel("last_reviewed"), FieldPanel("next_review")],
            heading=_("Content review"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("audiences"),
        index.FilterField("age_bands"),
        index.FilterField("topics"),
    ]

    class Meta:
        verbose_name = _("Clearsight page")

    @cached_classmethod
    def get_edit_handler(cls):
        """Wagtail's tabs, with the reading-age check at the top of the Content
        tab (home/governance/readability.py)."""
        from home.governance.readability import page_edit_handler

        return page_edit_handler(cls)

    def clean(self):
        super().clean()
        if self.last_reviewed and self.next_review and self.next_review <= self.last_reviewed:
            raise ValidationError(
                {
                    "next_review": _(
                        "The next review must be after the date the page was last reviewed."
                    )
                }
            )
        from home.content_checks import validate_page_content  # safe language, real numbers

        validate_page_content(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_safety_intro"] = self.shows_safety_intro
        return context

    # --- Serving with few queries (home/routing.py) ---------------------------
    # `route_chain`, set by the home page's routing on the page it serves: the
    # pages from the site's root page down to this one (this one last).

    @classmethod
    def prepare_for_serving(cls, queryset):
        """The queryset the page served is loaded from: a page type adds the
        `select_related` / `prefetch_related` its template needs."""
        return queryset

    def _routed_chain(self):
        chain = self.__dict__.get("route_chain")
        return chain if chain and chain[-1].pk == self.pk else None

    def breadcrumb_pages(self):
        """The ancestors breadcrumbs show: `get_ancestors()` without the tree's root."""
        chain = self._routed_chain()
        if chain is not None and chain[0].depth == 2:
            return chain[:-1]
        return list(self.get_ancestors()[1:])

    def is_within(self, model, inclusive=False):
        """Whether this page (with `inclusive`) or one of its ancestors is a `model`."""
        chain = self._routed_chain()
        if chain is None:
            return self.get_ancestors(inclusive=inclusive).type(model).exists()
        pages = chain if inclusive else chain[:-1]
        return any(
            page.specific_class is not None and issubclass(page.specific_class, model)
            for page in pages
        )

    def has_audience(self, slug):
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "audiences" in prefetched:
            return any(audience.slug == slug for audience in self.audiences.all())
        return self.audiences.filter(slug=slug).exists()

    def get_view_restrictions(self):
        """Wagtail's answer, asked once per page object: Wagtail's own check,
        the page cache and the templates all ask it. On a routed page the kept
        list of restrictions (home/chrome.py) and the pages on the way answer
        it without a query when nothing restricts the page."""
        memo = self.__dict__.get("_view_restrictions")
        if memo is None:
            memo = self.__dict__["_view_restrictions"] = self._find_view_restrictions()
        return memo

    def _find_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        from home.chrome import restricted_pages

        chain = self._routed_chain()
        if chain is None:
            return super().get_view_restrictions()
        # As Wagtail: an alias (on the way, or served) answers with its source's
        # restrictions; ancestors above the site's root page by their paths.
        checked = {page.alias_of_id or page.pk for page in chain}
        top = chain[0].path
        applying = [
            pk
            for pk, page_pk, path, _depth in restricted_pages()
            if page_pk in checked or (top.startswith(path) and path != top)
        ]
        if not applying:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=applying)

    def get_template(self, request, *args, **kwargs):
        # templates/pages/<app>/<model_snake>.html (see CONVENTIONS.md, rule 6)
        name = camel_case_to_spaces(type(self).__name__).replace(" ", "_")
        return f"pages/{self._meta.app_label}/{name}.html"


class ListsChildPagesMixin:
    """For a page that introduces an area of the site and lists its pages.

    ``child_pages`` in the context is one page of them (``?page=N``,
    ``home/pagination.py``): a section with 1,000 pages renders 24 cards and a
    pager, in the same number of queries as a section with two, and in none
    once the page of the list is kept for the generation (``kept_paginate``).
    A page type that shows some of its children elsewhere on the page narrows
    the list by overriding ``listed_child_pages``, which may depend on the
    request's Site only (the list is kept per Site and page).
    """

    child_pages_per_page = LISTING_PAGE_SIZE

    def listed_child_pages(self, request):
        """The child pages the list shows (before `.specific()`), in tree order."""
        return (
            BasePage.objects.visible(Site.find_for_request(request))
            .child_of(self)
            .defer_streamfields()
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = self.listed_child_pages(request).specific()
        site = Site.find_for_request(request)
        if self.pk is None or getattr(request, "is_preview", False) or site is None:
            context["child_pages"] = paginate(pages, request, self.child_pages_per_page)
        else:
            # Kept for the generation, which any change to a page retires.
            context["child_pages"] = kept_paginate(
                f"child-pages:{site.pk}:{self.pk}", pages, request, self.child_pages_per_page
            )
        return context


class LandingPage(ListsChildPagesMixin, BasePage):
    """A page that introduces an area of the site and lists its pages."""

    class Meta:
        abstract = True
