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

from dataclasses import dataclass
from operator import attrgetter
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.models import get_page_models

from .base import VisiblePageQuerySet
from .taxonomy import AgeBand, Topic

# Newest first: the default for "more like this" and for featured work.
NEWEST_FIRST = ("-first_published_at", "-pk")


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
    """The flat values `components/resource_card.html` takes."""

    page: object
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
        page=page,
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

    @property
    def anchor(self):
        return f"topic-{self.topic.slug}" if self.topic else "topic-more"


def group_by_topic(pages, request=None, *, band=None):
    """Materials grouped under their first topic (in the editors' topic order),
    each material once; those with no topic come last."""
    topic_key = attrgetter("sort_order", "name")
    groups = {}
    for page in pages:
        topics = sorted(page.topics.all(), key=topic_key)
        topic = topics[0] if topics else None
        groups.setdefault(topic, []).append(material_card(page, request, band=band))
    ordered = sorted(
        groups.items(), key=lambda item: (item[0] is None, topic_key(item[0]) if item[0] else ())
    )
    return [TopicGroup(topic=topic, cards=cards) for topic, cards in ordered]


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
