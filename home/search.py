"""Site search: every page a reader may see, the library's filters, help first.

One search, in a fixed number of queries whatever the number of results:

1. The search backend ranks the matching pages (up to ``MAX_RESULTS`` ids).
   On OpenSearch or Elasticsearch the words are matched fuzzily, so a simple
   typo still finds the page, and the index's boosts rank titles and
   summaries above body text.
2. On the database backends (SQLite, PostgreSQL) one more query puts pages
   whose title holds the words first, then pages whose summary does, keeping
   the backend's order within each. The SQLite backend ranks only the title
   above the rest (a summary counts as body text there) and PostgreSQL folds
   boosts into four weights, so the order is made the same on both here.
   Neither does fuzzy matching without extensions, so a search that finds
   nothing offers "Did you mean …?" from the site's own words (page titles,
   topic and format names), with :mod:`difflib`.
3. The filters (``home.filters``) narrow the ranked ids and count each
   option against the other filters: with the facet index the warmer built
   for this generation (``home.facets``), from bitmasks with no query; with
   none, in SQL.
4. A search that holds a crisis word (editors' list in Settings → Help and
   quick exit) shows the "Get help now" page first; then any pages editors
   pinned to the words (Settings → Promoted search results).
5. The words are counted (never with a digit or an "@"), and so are searches
   that found nothing, for Reports → "Searches that found nothing": words
   that found no page, with no help page and no pin shown (README, "Reports").
"""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, F, Lookup, Q
from django.db.models.functions import Cast
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Fuzzy
from wagtail.search.utils import normalise_query_string

from home.cards import cards_for_pages
from home.facets import SEARCH_PART, SEARCH_SCOPE, mask_of, read_facet_index
from home.models import UnansweredSearch, visible_pages
from home.models.materials import remembered_cards_of

MAX_RESULTS = 500  # nobody reads past this; keeps the id list small
SEARCH_PAGE_SIZE = 10

_SUMMARY_FIELDS: list[tuple[type, str]] = []


def register_summary_field(model, field_name):
    """A field that summarises pages of `model` ("summary"): ranked above body text."""
    _SUMMARY_FIELDS.append((model, field_name))


def _path_from_page(model, field_name):
    """``basepage__resourcepage__summary``: the lookup from Page to a subclass's field."""
    chain = []
    current = model
    while current is not Page:
        parents = [parent for parent in current._meta.parents if issubclass(parent, Page)]
        if not parents:
            return None
        chain.append(current._meta.model_name)
        current = parents[0]
    return "__".join([*reversed(chain), field_name])


def summary_lookups():
    lookups = ["search_description"]
    for model, field_name in [*_built_in_summaries(), *_SUMMARY_FIELDS]:
        path = _path_from_page(model, field_name)
        if path:
            lookups.append(path)
    return lookups


def _built_in_summaries():
    from home.models import BasePage

    return [(BasePage, "intro")]


class AnyOf(Lookup):
    """``id__any_of=[…]``: `IN` for a list of up to ``MAX_RESULTS`` ids, sent as
    one array parameter on PostgreSQL (``= ANY(%s)``). Django's ``__in``
    prepares each of 500 values and PostgreSQL's driver parses 500
    placeholders: a few milliseconds per search (issue 11)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [int(value) for value in self.rhs]
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "0 = 1", list(lhs_params)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*lhs_params, *values]


Page._meta.get_field("id").register_lookup(AnyOf)


def uses_database_backend():
    backend = get_search_backend()
    return ".database" in type(backend).__module__


def query_words(query):
    return re.findall(r"\w+", query.lower())


def _stem(word):
    # "friends" finds a title with "friend": a rough plural strip, for ranking only.
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def rank_titles_and_summaries_first(ids, query):
    """`ids` reordered: title matches, then summary matches, then the rest, each
    group in the backend's order. One query, for the titles and summaries of
    the ranked pages; the words are matched here, as `icontains` would (a
    query of CASE expressions over every summary field cost more to build than
    to run: issue 11)."""
    words = [_stem(word) for word in query_words(query)][:10]
    if not ids or not words:
        return ids
    lookups = summary_lookups()
    scores = {}
    for pk, title, *summaries in Page.objects.filter(id__any_of=ids).values_list(
        "pk", "title", *lookups
    ):
        title = title.casefold()
        summary = " ".join(text for text in summaries if text).casefold()
        scores[pk] = sum(3 * (word in title) + (word in summary) for word in words)
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(ids, key=lambda pk: (-scores.get(pk, 0), position[pk]))


def _sqlite_ranked_ids(results, pages, limit):
    """The ids the SQLite backend would return for `results[:limit]`, in the same
    order, but scored once per match.

    The backend orders by a score it reads through a correlated subquery, which
    runs the full-text match again for every matching page: the work grows with
    the square of the matches (issue 11: 11 times the CPU at 1,000 matches).
    Here the match runs once, on the index table, joined to the visible pages'
    ids, ordered by the same score and cut at `limit` in SQL. Returns None for
    a query shape this does not cover; the caller then asks the backend.
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, MatchAll | Not) or not compiler.order_by_relevance:
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )
    visible_ids = pages.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
    rows = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(Page),
            index_entry__object_id__in=visible_ids,
        )
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
        .order_by("score", "-index_entry__object_id")
        .values_list("index_entry__object_id", flat=True)[:limit]
    )
    return [int(pk) for pk in rows]


def _ranked_ids(results, limit):
    """The ids of `results[:limit]`, in the backend's order, reading nothing else.

    Iterating the results would load each matching page, and on PostgreSQL the
    text it was matched on too (the backend selects the page's whole search
    vector, title and body, as ``_vector_``): work that grows with the number
    of matches. The backend's own queryset, read as ids alone, keeps its
    filter, order and cut (issue 11).
    """
    sliced = results[:limit]
    get_queryset = getattr(sliced, "get_queryset", None)
    if get_queryset is None:
        return [page.pk for page in sliced]
    return list(get_queryset().values_list("pk", flat=True))


def ranked_page_ids(query, site):
    """The ids of the pages that match, best first."""
    pages = visible_pages(site).only("pk")
    if uses_database_backend():
        results = pages.search(query, operator="and")
        ids = None
        if connection.vendor == "sqlite" and hasattr(results, "query_compiler"):
            ids = _sqlite_ranked_ids(results, pages, MAX_RESULTS)
        if ids is None:
            ids = _ranked_ids(results, MAX_RESULTS)
        return rank_titles_and_summaries_first(ids, query)
    results = pages.search(Fuzzy(query, operator="and"))
    return [page.pk for page in results[:MAX_RESULTS]]


# --- Help first, and editors' pins --------------------------------------------


def crisis_match(query, terms):
    """True when the words hold a crisis term: whole words, any order of case,
    and a close misspelling of a single-word term ("scard", "groomd")."""
    words = query_words(query)
    text = " ".join(words)
    for term in terms:
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
            return True
    single = [term for term in terms if " " not in term and len(term) >= 5]
    for word in words:
        if len(word) >= 4 and difflib.get_close_matches(word, single, n=1, cutoff=0.8):
            return True
    return False


def _promotions_by_words(site):
    """{normalised words: [pins, in their order]} for every pin a reader of
    `site` may see (a pin to a page that is not visible is left out)."""
    by_words = {}
    for promotion in (
        SearchPromotion.objects.filter(Q(page__isnull=True) | Q(page__in=visible_pages(site)))
        .select_related("page", "query")
        .order_by("sort_order", "pk")
    ):
        by_words.setdefault(promotion.query.query_string, []).append(promotion)
    return by_words


def editor_promotions(query, site):
    """Pages editors pinned to these words (visible ones only), in their order.

    Every pin is kept for the page cache's generation (home/chrome.py): saving
    or deleting a pin retires it (home/wagtail_hooks.py), as publishing or
    unpublishing a pinned page does. Editors make tens of pins, not thousands."""
    from home.chrome import remembered

    pins = remembered(f"search-promotions:{site.pk}", lambda: _promotions_by_words(site))
    return pins.get(normalise_query_string(query), [])


def recordable_terms(query):
    """The words as they would be counted, or "" when they must not be kept:
    counting is switched off (SEARCH_RECORD_TERMS), or the search holds a digit
    or an "@" (a phone number, an email address)."""
    if not getattr(settings, "SEARCH_RECORD_TERMS", False):
        return ""
    if re.search(r"[\d@]", query):
        return ""
    return normalise_query_string(query)[:255]


def record_search_terms(query):
    """Count the search: the words and today's count, nothing else.

    No address, session, user or time of day is stored with them, and a search
    holding a digit or an "@" (a phone number, an email address) is not stored
    at all.
    """
    normalised = recordable_terms(query)
    if not normalised:
        return
    term, _created = Query.objects.get_or_create(query_string=normalised)
    term.add_hit()


def record_unanswered_search(query):
    """Count a search that found nothing (Reports → "Searches that found
    nothing"): the words and today's count, under the same rules as
    ``record_search_terms``. The count goes up in the database (an F()
    expression), so two searches at once both count."""
    normalised = recordable_terms(query)
    if not normalised:
        return
    row, _created = UnansweredSearch.objects.get_or_create(
        query_string=normalised, day=timezone.localdate()
    )
    UnansweredSearch.objects.filter(pk=row.pk).update(count=F("count") + 1)


def found_nothing(outcome, ranked):
    """The words found no page at all, and neither the help page nor an
    editor's pin answered them. A search narrowed to nothing by its filters
    is not counted: its words did find pages, and only the words are kept."""
    return not ranked and outcome.help_page is None and not outcome.promotions


def asked_for_first_page(request):
    # A page number past the end is shown as the last page (Paginator.get_page),
    # which for no results is page one: ask what was asked for.
    return request.GET.get("page") in (None, "", "1")


# --- "Did you mean …?" ----------------------------------------------------------


def vocabulary(site, extra_words=()):
    words = set(extra_words)
    for title in visible_pages(site).values_list("title", flat=True):
        words.update(query_words(title))
    return {word for word in words if len(word) > 2}


def suggest(query, site, extra_words=()):
    """The query with unknown words replaced by the closest known ones, or None."""
    words = query_words(query)
    if not words:
        return None
    known = vocabulary(site, extra_words)
    corrected = []
    changed = False
    for word in words:
        if word in known or len(word) < 3:
            corrected.append(word)
            continue
        match = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        if match:
            corrected.append(match[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


# --- The whole search ---------------------------------------------------------------


@dataclass
class SearchOutcome:
    total: int = 0
    results: object = None  # a Paginator page of ids
    cards: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    active_filters: list = field(default_factory=list)
    help_page: object = None
    promotions: list = field(default_factory=list)
    suggestion: str | None = None


def run_search(request, *, query, site, filter_form, safety):
    outcome = SearchOutcome()
    ranked = ranked_page_ids(query, site)

    # Help first: the crisis words, then the editors' pins (shown on page one).
    pinned = set()
    help_page = safety.get_help_page if safety else None
    if (
        help_page is not None
        and crisis_match(query, safety.crisis_terms())
        and visible_pages(site).filter(pk=help_page.pk).exists()
    ):
        outcome.help_page = help_page.specific
        pinned.add(help_page.pk)
    outcome.promotions = [
        promotion
        for promotion in editor_promotions(query, site)
        if promotion.page_id is None or promotion.page_id not in pinned
    ]
    pinned.update(promotion.page_id for promotion in outcome.promotions if promotion.page_id)

    index = read_facet_index(site, SEARCH_SCOPE, SEARCH_PART)
    positions = index.positions() if index is not None and index.covers(filter_form) else None
    if positions is not None and all(pk in positions for pk in ranked):
        # The facet index (home/facets.py): match and count the filters among
        # the ranked pages with bitmasks, no query.
        within = mask_of((positions[pk] for pk in ranked), len(index.ids))
        wanted = index.matching(filter_form.selected(), within=within)
        ordered = [pk for pk in ranked if (wanted >> positions[pk]) & 1 and pk not in pinned]
        outcome.groups = filter_form.index_groups(index, within)
    else:
        in_results = Page.objects.filter(id__any_of=ranked)
        matching = set(filter_form.apply(in_results).values_list("pk", flat=True))
        ordered = [pk for pk in ranked if pk in matching and pk not in pinned]
        outcome.groups = filter_form.groups(in_results)
    outcome.total = len(ordered)
    outcome.results = Paginator(ordered, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    if outcome.results.number > 1:
        outcome.promotions = []
        outcome.help_page = None
    page_ids = list(outcome.results.object_list)

    def make_cards():
        pages = {
            page.pk: page
            for page in Page.objects.filter(pk__in=page_ids).only("pk", "content_type")
        }
        return cards_for_pages([pages[pk] for pk in page_ids if pk in pages], request)

    outcome.cards = remembered_cards_of("search-cards", site, page_ids, request, make_cards)
    outcome.active_filters = filter_form.active_filters()

    if not ranked and uses_database_backend():
        extra = [option.label for options in filter_form.options.values() for option in options]
        outcome.suggestion = suggest(
            query, site, [word for label in extra for word in query_words(str(label))]
        )
    if outcome.results.number == 1:
        record_search_terms(query)
        if asked_for_first_page(request) and found_nothing(outcome, ranked):
            record_unanswered_search(query)
    return outcome
