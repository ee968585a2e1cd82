"""Materials: pages that feature apps mark with `listed_as_material = True`.

The shell lists materials (on the age band pages and the home page) without
knowing which app makes them: every page type with that class attribute is a
material. A material page type may also define a classmethod
`prepare_material_listing(queryset)` that adds its own `select_related` or
`prefetch_related` (its format, its picture), so that a list of materials costs
the same number of queries whatever its length.

What a card shows is read from attributes a material may have (`summary`,
`format`, `image`, `easy_read`, `co_created`); any of them may be missing.
"""

import hashlib
from dataclasses import dataclass
from operator import attrgetter
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from wagtail import blocks, hooks
from wagtail.models import get_page_models

from .base import VisiblePageQuerySet
from .taxonomy import AgeBand, Topic

# Newest first: the default for "more like this" and for featured work.
NEWEST_FIRST = ("-first_published_at", "-pk")

# The most cards an age band page shows under one topic; a "See all N in the
# library" link leads to the rest (issue 11: no page lists every material).
MATERIALS_PER_TOPIC = 6


def material_models():
    """Every concrete page type marked as a material, in a stable order."""
    return [
        model
        for model in get_page_models()
        if getattr(model, "listed_as_material", False) and not model._meta.abstract
    ]


def is_material(page_or_model):
    return bool(getattr(page_or_model, "listed_as_material", False))


def materials(site, *, order_by=("title", "pk"), limit=None, exclude=(), models=None, **filters):
    """The material pages a reader of `site` may see, of every material type
    (or of `models` only).

    `filters` are Django lookups on the page (`age_bands__in=…`, `pk__in=…`).
    Topics and age bands come prefetched (topics in their display order), and
    each type adds its own relations: a constant number of queries per type.
    """
    found = []
    models = material_models() if models is None else list(models)
    for model in models:
        queryset = VisiblePageQuerySet(model).visible(site).filter(**filters)
        if exclude:
            queryset = queryset.exclude(pk__in=[page.pk for page in exclude])
        if any("__" in lookup for lookup in filters):
            queryset = queryset.distinct()  # many-to-many lookups repeat rows
        queryset = queryset.defer_streamfields().prefetch_related(
            Prefetch("topics", queryset=Topic.objects.all()),
            Prefetch("age_bands", queryset=AgeBand.objects.all()),
        )
        prepare = getattr(model, "prepare_material_listing", None)
        if prepare is not None:
            queryset = prepare(queryset)
        queryset = queryset.order_by(*order_by)
        if limit is not None:
            queryset = queryset[:limit]
        found.extend(queryset)
    if len(models) > 1:
        found = _sorted(found, order_by)
    return found[:limit] if limit is not None else found


def _sorted(pages, order_by):
    # Merge the lists of several page types in the same order the database used.
    for field in reversed(order_by):
        name = field.lstrip("-")
        pages = sorted(
            pages,
            key=lambda page, name=name: (getattr(page, name) is None, getattr(page, name)),
            reverse=field.startswith("-"),
        )
    return pages


def age_range(bands):
    """(youngest, oldest) age across `bands`, or None when there are none."""
    bands = list(bands)
    if not bands:
        return None
    return min(band.min_age for band in bands), max(band.max_age for band in bands)


@dataclass(frozen=True)
class MaterialCard:
    """The flat values `components/resource_card.html` takes: small to keep
    (``remembered_cards``), so not the page itself."""

    url: str
    title: str
    summary: str
    format: str
    ages: str
    easy_read: bool
    co_created: bool
    image: object


def material_card(page, request=None, *, band=None):
    """A card for `page`. With `band`, the link tells the page which band's list
    the reader came from (`?band=4-7`), so it can suggest something that suits them."""
    url = page.get_url(request) or ""
    if band is not None:
        url = f"{url}?{urlencode({'band': band.slug})}"
    material_format = getattr(page, "format", None)
    return MaterialCard(
        url=url,
        title=page.title,
        summary=getattr(page, "summary", "") or page.search_description,
        format=str(material_format) if material_format else "",
        ages=", ".join(age_band.name for age_band in page.age_bands.all()),
        easy_read=bool(getattr(page, "easy_read", False)),
        co_created=bool(getattr(page, "co_created", False)),
        image=getattr(page, "image", None),
    )


@dataclass(frozen=True)
class TopicGroup:
    topic: object  # None for materials with no topic
    cards: list
    total: int = 0  # how many materials the group holds (cards may show fewer)
    more_url: str = ""  # the library, filtered to this band and topic, when cards are cut
    more_count: int = 0  # how many the library lists at `more_url`

    @property
    def anchor(self):
        return f"topic-{self.topic.slug}" if self.topic else "topic-more"


def _first_topic(model):
    """The pk of a page's first topic in the editors' order (None without one)."""
    through = model._meta.get_field("topics").remote_field.through
    return Subquery(
        through.objects.filter(basepage_id=OuterRef("pk"))
        .order_by("topic__sort_order", "topic__name", "topic_id")
        .values("topic_id")[:1]
    )


def library_url(site, request=None):
    """The library's address, from the app that makes it (hook
    `clearsight_library_page`, ``fn(site)``), or "" when there is none."""
    for find in hooks.get_hooks("clearsight_library_page"):
        page = find(site)
        if page is not None:
            return page.get_url(request) or ""
    return ""


def remembered_cards(name, request, compute, **keeping):
    """`compute()` (cards, groups of them, or another short list a page
    shows), kept for the page-cache
    generation (``home.chrome.remembered``) under `name`, which must say
    everything the cards depend on besides what a change retires (publishing,
    unpublishing or moving a page, saving a snippet, a picture, a Site, or the
    worker making a picture's renditions). A card's address depends on the
    reader's Site only (`name` says which), and a preview is computed afresh.
    The language is added here; `keeping` goes to ``remembered``."""
    from django.utils.translation import get_language

    from home.chrome import remembered

    if getattr(request, "is_preview", False):
        return compute()
    return remembered(f"cards:{get_language()}:{name}", compute, **keeping)


def remembered_cards_of(kind, site, pks, request, compute):
    """The cards of the pages `pks`, in that order (one page of a listing),
    from `compute()`, kept for the generation in the shared cache only: any
    listing that shows the same pages in the same order shares them."""
    digest = hashlib.sha256(",".join(map(str, pks)).encode()).hexdigest()[:32]
    return remembered_cards(
        f"{kind}:{site.pk if site else ''}:{digest}",
        request,
        compute,
        in_process=False,
    )


def band_material_groups(site, band, request=None, *, per_topic=MATERIALS_PER_TOPIC):
    """`_band_material_groups`, kept for the generation (``remembered_cards``):
    the age band pages are the slowest to make, and the cost grows with the
    materials."""
    return remembered_cards(
        f"band-groups:{site.pk if site else ''}:{band.pk}:{per_topic}",
        request,
        lambda: _band_material_groups(site, band, request, per_topic=per_topic),
    )


def _band_material_groups(site, band, request=None, *, per_topic=MATERIALS_PER_TOPIC):
    """An age band page's materials, grouped under their first topic (in the
    editors' topic order; each material once, those with no topic last), with
    at most `per_topic` cards in each group.

    A group that holds more links to the library filtered to the band and the
    topic ("See all N in the library", N counted as the library counts: every
    material with that topic, first or not). Per material type: one query for
    the cut groups (a window function numbers each group's rows in SQL), one
    for each group's size and one for the library's counts, plus the type's
    prefetching; the rows read stay at most `per_topic` a group, however many
    materials the band has.
    """
    topic_key = attrgetter("sort_order", "name")
    groups, totals, library_counts = {}, {}, {}
    band_total = 0
    for model in material_models():
        in_band = (
            VisiblePageQuerySet(model)
            .visible(site)
            .filter(age_bands=band)
            .annotate(first_topic=_first_topic(model))
        )
        for row in in_band.values("first_topic").annotate(n=Count("pk")).order_by():
            totals[row["first_topic"]] = totals.get(row["first_topic"], 0) + row["n"]
            band_total += row["n"]
        for row in (
            VisiblePageQuerySet(model)
            .visible(site)
            .filter(age_bands=band, topics__isnull=False)
            .values("topics")
            .annotate(n=Count("pk", distinct=True))
            .order_by()
        ):
            library_counts[row["topics"]] = library_counts.get(row["topics"], 0) + row["n"]
        cut = (
            in_band.annotate(
                place=Window(
                    RowNumber(), partition_by=F("first_topic"), order_by=[F("title"), F("pk")]
                )
            )
            .filter(place__lte=per_topic)
            .defer_streamfields()
            .prefetch_related(
                Prefetch("topics", queryset=Topic.objects.all()),
                Prefetch("age_bands", queryset=AgeBand.objects.all()),
            )
        )
        prepare = getattr(model, "prepare_material_listing", None)
        if prepare is not None:
            cut = prepare(cut)
        for page in cut:
            groups.setdefault(page.first_topic, []).append(page)
    topics = {topic.pk: topic for topic in Topic.objects.filter(pk__in=[k for k in groups if k])}
    base_url = library_url(site, request)  # asked always, so the queries stay the same
    result = []
    for key, pages in groups.items():
        topic = topics.get(key)
        pages = sorted(pages, key=lambda page: (page.title, page.pk))[:per_topic]
        more_url, more_count = "", 0
        if totals[key] > len(pages) and base_url:
            query = {"age": band.slug}
            if topic is not None:
                query["topic"] = topic.slug
            more_url = f"{base_url}?{urlencode(query)}"
            more_count = library_counts.get(key, 0) if topic is not None else band_total
        result.append(
            TopicGroup(
                topic=topic,
                cards=[material_card(page, request, band=band) for page in pages],
                total=totals[key],
                more_url=more_url,
                more_count=more_count,
            )
        )
    result.sort(
        key=lambda group: (group.topic is None, topic_key(group.topic) if group.topic else ())
    )
    return result


class FeaturedMaterialBlock(blocks.PageChooserBlock):
    """A material made with young people, chosen for the home page."""

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return value
        page = value.specific
        if not is_material(page):
            raise ValidationError(
                _("Choose a resource from the library. This page is not a resource.")
            )
        if not getattr(page, "co_created", False):
            raise ValidationError(_("Choose a resource made with young people. This one was not."))
        return value
