"""Finding lesson packs: the filters, the search and the listing of the pack library.

The pack library (``LessonPackIndexPage``) filters the way the resource library
does (``home.filters``: a plain GET form, OR within a group, AND across
groups, counts beside each option), with its own set of filters: key stage,
year group, topic, curriculum code, duration and "needs professional access".
They are not added to the site-wide registry, so /search/ keeps the filters
that every kind of page shares.

The library lists every live pack under it, including packs restricted by
Wagtail page privacy: their title and summary are not secret (the card says
"For verified professionals"), while the page itself stays behind the
restriction. Packs are listed newest first; with search words, best match
first.
"""

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _

from wagtail.models import PageViewRestriction, Site
from wagtail.search.query import Fuzzy

from home.filters import FilterDefinition, FilterForm, FilterOption, taxonomy_filter
from home.forms import SearchForm
from home.search import MAX_RESULTS, rank_titles_and_summaries_first, uses_database_backend

PACK_LIBRARY_PAGE_SIZE = 12


def restricted_q(outer="path"):
    """Pages under a Wagtail view restriction (on the page or an ancestor): a
    subquery, so it costs no query of its own whatever the number of pages.

    A restriction applies to its page and everything below it, so a page is
    restricted when a restricted page's path begins its own path.
    """
    restrictions = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(outer), 1, Length("page__path"))
    )
    return Exists(restrictions)


class ProfessionalAccessFilter(FilterDefinition):
    """ "Needs professional access": packs behind Wagtail page privacy.

    Any view restriction counts: the Professionals group's (the usual one, see
    ``schools.privacy``) or any other, since a reader without that access cannot
    open the pack either way.
    """

    def q(self, values):
        matching = self.model._default_manager.filter(restricted_q())
        return Q(pk__in=matching.values("pk"))

    def counts(self, page_ids_subquery):
        restricted = (
            self.model._default_manager.filter(pk__in=page_ids_subquery)
            .filter(restricted_q())
            .count()
        )
        return {True: restricted}


def curriculum_options():
    """Checked curriculum items that a live pack maps to, one query.

    An item nobody has checked against its source is never offered to
    teachers, so a link to it in the URL is explained as an unknown choice.
    """
    from schools.models import CurriculumItem

    items = (
        CurriculumItem.objects.filter(verified=True)
        .filter(
            Exists(
                CurriculumItem.lesson_packs.through.objects.filter(
                    curriculumitem_id=OuterRef("pk"), lessonpackpage__live=True
                )
            )
        )
        .select_related("framework")
        .order_by("framework__sort_order", "framework__name", "sort_order", "pk")
    )
    return [
        FilterOption(item.slug, f"{item.code or item.heading} ({item.framework.short_name})")
        for item in items
    ]


def pack_filters():
    """The pack library's filter groups (built per request; cheap)."""
    from home.models import Topic
    from schools.models import DurationBand, KeyStage, LessonPackPage, YearGroup

    return [
        taxonomy_filter(
            name="key_stage",
            label=_("Key stage"),
            model=LessonPackPage,
            lookup="key_stages",
            taxonomy=KeyStage,
            order=10,
        ),
        taxonomy_filter(
            name="year",
            label=_("Year group"),
            model=LessonPackPage,
            lookup="year_groups",
            taxonomy=YearGroup,
            order=20,
        ),
        taxonomy_filter(
            name="topic",
            label=_("Topic"),
            model=LessonPackPage,
            lookup="topics",
            taxonomy=Topic,
            order=30,
        ),
        FilterDefinition(
            name="curriculum",
            label=_("Curriculum link"),
            model=LessonPackPage,
            lookup="curriculum_links__slug",
            options=curriculum_options,
            order=40,
            help_text=_("Only codes and headings checked against the published curriculum."),
        ),
        FilterDefinition(
            name="duration",
            label=_("Length of one lesson"),
            model=LessonPackPage,
            lookup="duration_band",
            options=lambda: [FilterOption(value, label) for value, label in DurationBand.choices],
            order=50,
        ),
        ProfessionalAccessFilter(
            name="professional",
            label=_("Professional access"),
            model=LessonPackPage,
            lookup="",
            options=lambda: [
                FilterOption("yes", _("Needs professional access"), True),
            ],
            order=60,
            help_text=_("Packs for verified professionals only, such as staff training."),
        ),
    ]


def listed_packs(index_page, site):
    """Every live pack under `index_page` in `site`, restricted ones included."""
    from schools.models import LessonPackPage

    return LessonPackPage.objects.live().in_site(site).descendant_of(index_page)


def ranked_pack_ids(packs, query):
    """The ids of the packs in `packs` that match `query`, best first (Wagtail
    search: the database backend on SQLite and PostgreSQL, as /search/ does)."""
    if uses_database_backend():
        results = packs.only("pk").search(query, operator="and")
        ids = [page.pk for page in results[:MAX_RESULTS]]
        return rank_titles_and_summaries_first(ids, query)
    results = packs.only("pk").search(Fuzzy(query, operator="and"))
    return [page.pk for page in results[:MAX_RESULTS]]


def pack_library_context(index_page, request):
    """The search box, the filter form and its counts, one page of pack cards."""
    from schools.cards import lesson_pack_card_context, prepare_lesson_pack_cards
    from schools.models import LessonPackPage

    site = Site.find_for_request(request)
    packs = listed_packs(index_page, site)
    search_form = SearchForm(request.GET or None)
    query = ""
    if search_form.is_valid():
        query = search_form.cleaned_data["q"].strip()
    form = FilterForm(request.GET, definitions=pack_filters())
    form.is_valid()  # errors show beside their group; valid choices still apply

    in_scope = packs
    if query:
        ranked = ranked_pack_ids(packs, query)
        in_scope = packs.filter(pk__in=ranked)
        matching = set(form.apply(in_scope).values_list("pk", flat=True))
        ordered = [pk for pk in ranked if pk in matching]
    else:
        ordered = form.apply(packs).order_by("-first_published_at", "title", "pk")
        ordered = ordered.values_list("pk", flat=True)
    paginator = Paginator(ordered, PACK_LIBRARY_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    pks = list(page_obj.object_list)
    loaded = {
        page.pk: page
        for page in prepare_lesson_pack_cards(
            LessonPackPage.objects.filter(pk__in=pks).defer_streamfields()
        )
    }
    cards = [lesson_pack_card_context(loaded[pk], request) for pk in pks if pk in loaded]
    active = form.active_filters()
    narrowed = bool(active or query)
    return {
        "search_form": search_form,
        "pack_query": query,
        "filter_form": form,
        "filter_groups": form.groups(in_scope),
        "active_filters": active,
        "clear_url": index_page.get_url(request) + form.clear_url().rstrip("?"),
        "results": page_obj,
        "cards": cards,
        "total": paginator.count,
        "library_total": packs.count() if narrowed else None,
    }
