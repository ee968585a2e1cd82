"""The library at /resources/: its filters, its cards and its listing.

Format and Easy Read join the shell's filters (audience, age band, topic) in
the registry, so /search/ offers them too. Resources show on every list as
``components/resource_card.html``.
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail.models import Site

from home.cards import CardType, register_card
from home.facets import LISTING_ORDER, read_facet_index, register_facet_scope
from home.filters import (
    FilterDefinition,
    FilterForm,
    FilterOption,
    get_filters,
    register_filter,
    taxonomy_filter,
)
from home.images import image_role
from home.models import ClearsightImage
from home.models.materials import remembered_cards_of
from home.search import register_summary_field

LIBRARY_PAGE_SIZE = 12


def register_library_filters():
    from resources.models import Format, ResourcePage

    register_filter(
        taxonomy_filter(
            name="format",
            label=_("Format"),
            model=ResourcePage,
            lookup="format",
            taxonomy=Format,
            order=40,
        )
    )
    register_filter(
        FilterDefinition(
            name="easy_read",
            label=_("Easy Read"),
            model=ResourcePage,
            lookup="easy_read",
            options=lambda: [FilterOption("yes", _("Easy Read only"), True)],
            order=50,
            help_text=_("Short sentences, one idea per line, with a picture for each idea."),
        )
    )


def prepare_resource_cards(queryset):
    """Everything a resource card shows, in a fixed number of queries."""
    return queryset.select_related("format").prefetch_related(
        "age_bands",
        Prefetch(
            "image",
            queryset=ClearsightImage.objects.prefetch_renditions(
                *image_role("card").prefetch_specs()
            ),
        ),
    )


def ages_label(age_bands):
    bands = sorted(age_bands, key=lambda band: (band.min_age, band.max_age))
    if not bands:
        return ""
    if len(bands) == 1:
        return bands[0].name
    return _("Ages %(youngest)s to %(oldest)s") % {
        "youngest": bands[0].min_age,
        "oldest": bands[-1].max_age,
    }


def resource_card_context(page, request):
    return {
        "title": page.title,
        "url": page.get_url(request),
        "summary": page.summary,
        "format": page.format.name if page.format_id else "",
        "ages": ages_label(page.age_bands.all()),
        "easy_read": page.easy_read,
        "co_created": page.co_created,
        "image": page.image,
    }


def register_resource_card():
    from resources.models import ResourcePage

    register_summary_field(ResourcePage, "summary")  # ranked above body text in search
    register_card(
        CardType(
            model=ResourcePage,
            template="components/resource_card.html",
            context=resource_card_context,
            prepare=prepare_resource_cards,
        )
    )


LIBRARY_SCOPE = "library"


def library_resources(index_page, site):
    """What a library lists: the resources below it that a reader of `site` may see."""
    from resources.models import ResourcePage

    return ResourcePage.objects.visible(site).descendant_of(index_page)


def library_listings(site):
    """For the facet index (``home/facets.py``): each library of `site`, by its pk."""
    from resources.models import ResourceIndexPage

    for index_page in ResourceIndexPage.objects.visible(site):
        yield index_page.pk, library_resources(index_page, site), get_filters()


def register_library_index():
    register_facet_scope(LIBRARY_SCOPE, library_listings)


def library_context(index_page, request):
    """The filter form, the facet counts, one page of cards and the state around them.

    Matching and counting come from the facet index the warmer built for this
    generation (no query); with none, from the database.
    """
    from resources.models import ResourcePage

    site = Site.find_for_request(request)
    resources = library_resources(index_page, site)
    form = FilterForm(request.GET)
    form.is_valid()  # errors show beside their group; valid choices still apply
    index = read_facet_index(site, LIBRARY_SCOPE, index_page.pk)
    if index is not None and index.covers(form):
        listed = index.listed(index.matching(form.selected()))
        groups = form.index_groups(index)
        everything = len(index.ids)
    else:
        matching = form.apply(resources).order_by(*LISTING_ORDER)
        listed = matching.values_list("pk", flat=True)
        groups = form.groups(resources)
        everything = None
    paginator = Paginator(listed, LIBRARY_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    pks = list(page_obj.object_list)

    def make_cards():
        loaded = {
            page.pk: page
            for page in prepare_resource_cards(
                ResourcePage.objects.filter(pk__in=pks).defer_streamfields()
            )
        }
        return [resource_card_context(loaded[pk], request) for pk in pks if pk in loaded]

    cards = remembered_cards_of("library-cards", site, pks, request, make_cards)
    active = form.active_filters()
    if active and everything is None:
        everything = resources.count()
    return {
        "filter_form": form,
        "filter_groups": groups,
        "active_filters": active,
        "clear_url": index_page.get_url(request) + form.clear_url().rstrip("?"),
        "results": page_obj,
        "cards": cards,
        "total": paginator.count,
        "library_total": everything if active else None,
    }
