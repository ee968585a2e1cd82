"""The facet index: the library's and search's counts and pages without a query.

Counting in the database on every request (a total, then one GROUP BY per
filter group over every matching row) grows with the library (issue 11). The
index answers the same questions from a few integers:

- ``ids``: the pages of one listing, in listing order (newest first, then
  title, then pk: ``LISTING_ORDER``), exactly as the database sorted them;
- ``masks``: for each filter option, a Python int whose bit *i* is set when
  ``ids[i]`` matches that option (built with the filter's own ``q()``, so the
  index and the database cannot disagree on what an option matches).

A filter combination is then an AND across groups of an OR within each group,
a count is ``int.bit_count()`` and a page of results is the n-th set bits:
no query for matching or counting, whatever the number of pages.

**Who builds it.** Only the page cache's warmer, once per generation
(``home/page_cache/warming.py``, ``begin_warm``), and only for the listings
registered here (``register_facet_scope``). A reader's request reads it, and
when there is none (a change has just retired it, the cache is down) computes
from the database as before; it never builds or stores one. A reader's
request that created an entry would make a fast answer reveal what someone
recently looked at, the rule the page cache follows too.

Every change that retires the stored pages bumps the generation, and the
index's key holds the generation, so a published, unpublished, moved or
restricted page, or a changed taxonomy, retires the index at the same moment.

The shell registers search's listing (every page a reader of the Site may
see); feature apps register theirs (the resources app: each resource
library's resources) from their ``AppConfig.ready``, so this module names none
of them.
"""

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.cache import cache

logger = logging.getLogger(__name__)

# Change it whenever FacetIndex changes shape: a release never reads an index
# pickled by the one before it.
INDEX_FORMAT = 1
LISTING_ORDER = ("-first_published_at", "title", "pk")
# An upper bound only: a change retires the index long before this.
INDEX_SECONDS = 24 * 60 * 60


# --- Bits -------------------------------------------------------------------


def mask_of(positions, size):
    """An int with the bits at `positions` set (all below `size`)."""
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def set_bits(mask, start, count):
    """The positions of the set bits of `mask` numbered start … start+count-1
    (numbering the set bits from the lowest, from 0)."""
    offset = 0
    if start:
        # The lowest p whose bits below it hold `start` set bits: the
        # `start`-th set bit is then the lowest one at or above p.
        low, high = 0, mask.bit_length()
        while low < high:
            middle = (low + high) // 2
            if (mask & ((1 << middle) - 1)).bit_count() >= start:
                high = middle
            else:
                low = middle + 1
        mask >>= low
        offset = low
    found = []
    while mask and len(found) < count:
        lowest = (mask & -mask).bit_length() - 1
        found.append(offset + lowest)
        mask >>= lowest + 1
        offset += lowest + 1
    return found


class ListedIds(Sequence):
    """The ids whose positions are set in `mask`, in listing order, without
    listing them all: a Paginator takes its length and slices one page."""

    def __init__(self, ids, mask):
        self.ids = ids
        self.mask = mask
        self.length = mask.bit_count()

    def __len__(self):
        return self.length

    def __getitem__(self, item):
        if isinstance(item, slice):
            start, stop, step = item.indices(self.length)
            if step != 1:
                return list(self)[item]
            return [self.ids[p] for p in set_bits(self.mask, start, max(0, stop - start))]
        if item < 0:
            item += self.length
        if not 0 <= item < self.length:
            raise IndexError(item)
        return self.ids[set_bits(self.mask, item, 1)[0]]


# --- The index --------------------------------------------------------------


@dataclass(frozen=True)
class FacetIndex:
    """One listing's pages in order, and each filter option's bitmask of them.

    ``masks`` is {filter name: {option value: mask}}.
    """

    ids: tuple
    masks: dict

    @property
    def everything(self):
        return (1 << len(self.ids)) - 1

    def covers(self, form):
        """True when the index knows every option `form` offers (it always
        does within one generation: a new option is a change that retires it)."""
        for definition in form.definitions:
            known = self.masks.get(definition.name)
            if known is None:
                return False
            if any(option.value not in known for option in form.options[definition.name]):
                return False
        return True

    def group_mask(self, definition, options):
        """The pages that match any of `options` (OR within a group)."""
        known = self.masks[definition.name]
        mask = 0
        for option in options:
            mask |= known[option.value]
        return mask

    def matching(self, selected, *, within=None, skip=None):
        """The pages that match every chosen group but `skip` (AND across
        groups), among `within` (every page when None)."""
        mask = self.everything if within is None else within
        for definition, options in selected.items():
            if definition is not skip:
                mask &= self.group_mask(definition, options)
        return mask

    def counts(self, definition, selected, within=None):
        """{option value: pages listed with that option and the other groups'
        choices}, as ``FilterDefinition.counts`` gives them from the database."""
        narrowed = self.matching(selected, within=within, skip=definition)
        return {
            value: (narrowed & mask).bit_count()
            for value, mask in self.masks[definition.name].items()
        }

    def listed(self, mask):
        return ListedIds(self.ids, mask)

    def positions(self):
        """{id: its position}, made once per index object (an index kept in
        this process serves many requests)."""
        made = self.__dict__.get("_positions")
        if made is None:
            made = dict(zip(self.ids, range(len(self.ids)), strict=True))
            object.__setattr__(self, "_positions", made)
        return made


def build_facet_index(queryset, definitions):
    """The index of `queryset` for `definitions`: one query for the order, and
    one per option (the filter's own ``q``, so it matches what the database
    path matches)."""
    ids = tuple(queryset.order_by(*LISTING_ORDER).values_list("pk", flat=True))
    position = dict(zip(ids, range(len(ids)), strict=True))
    unordered = queryset.order_by()
    masks = {}
    for definition in definitions:
        masks[definition.name] = {
            option.value: mask_of(
                (
                    position[pk]
                    for pk in unordered.filter(definition.q([option])).values_list("pk", flat=True)
                ),
                len(ids),
            )
            for option in definition.options()
        }
    return FacetIndex(ids=ids, masks=masks)


# --- Listings and where their indexes are kept --------------------------------


@dataclass(frozen=True)
class FacetScope:
    """A kind of listing: `listings(site)` gives (part, queryset, definitions)
    for each listing of that kind in the Site, `part` naming it (a library
    page's pk, say)."""

    name: str
    listings: Callable


_SCOPES: dict[str, FacetScope] = {}


def register_facet_scope(name, listings):
    """Have the warmer build an index for each listing `listings(site)` gives."""
    _SCOPES[name] = FacetScope(name, listings)


def facet_key(generation, site_pk, scope, part):
    return f"facets:v{INDEX_FORMAT}:{generation}:{site_pk}:{scope}:{part}"


def build_facet_indexes(generation, sites, timeout=INDEX_SECONDS):
    """Build and store every registered listing's index for `generation`
    (the warmer only). Returns the keys stored."""
    stored = []
    for site in sites:
        for scope in list(_SCOPES.values()):
            for part, queryset, definitions in scope.listings(site):
                index = build_facet_index(queryset, definitions)
                key = facet_key(generation, site.pk, scope.name, part)
                try:
                    cache.set(key, index, timeout)
                except Exception:  # the readers count in the database instead
                    logger.warning("Facet index: could not store %s.", key, exc_info=True)
                    continue
                stored.append(key)
    return stored


def read_facet_index(site, scope, part):
    """The index of this listing for the current generation, or None (the
    caller then asks the database). Never builds one."""
    # The request's generation, read once for the whole request (home/chrome.py):
    # None while a retirement this process could not announce is pending.
    from home.chrome import current_chrome_generation

    if site is None:
        return None
    generation = current_chrome_generation()
    if generation is None:
        return None
    key = facet_key(generation, site.pk, scope, part)
    # Kept in this process too, for this generation only: an index of 10,000
    # pages is a large value to fetch and unpickle on every request. Readers
    # never change an index, so one object serves them all.
    kept_here = _kept_here(generation)
    index = kept_here.get(key)
    if index is not None:
        return index
    with contextlib.suppress(Exception):  # a cache that fails is a miss
        index = cache.get(key)
    if not isinstance(index, FacetIndex):
        return None
    kept_here[key] = index
    return index


_indexes_kept = None  # a home.chrome.GenerationMemo, made on first use (as in home/images.py)


def _kept_here(generation):
    """The dictionary of indexes this process has read for `generation`."""
    from home.chrome import GenerationMemo

    global _indexes_kept
    if _indexes_kept is None:
        _indexes_kept = GenerationMemo()
    return _indexes_kept.for_generation(generation)


def forget_kept_indexes():
    """Drop the indexes this process keeps (for tests, which clear the cache between them)."""
    if _indexes_kept is not None:
        _indexes_kept.forget()


# --- Search's listing: every page a reader of the Site may see ---------------


SEARCH_SCOPE = "search"
SEARCH_PART = "all"


def _search_listings(site):
    from home.filters import get_filters
    from home.models import visible_pages

    yield SEARCH_PART, visible_pages(site), get_filters()


def register_search_scope():
    register_facet_scope(SEARCH_SCOPE, _search_listings)
