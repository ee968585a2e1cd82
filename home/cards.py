"""How each page type shows as a card in a list of mixed pages (search results).

A feature app registers its page type with the template and flat variables its
card needs, and with how to load many of them at once (``prepare``: its
``select_related``, ``prefetch_related`` and ``prefetch_renditions``). Pages
of any other type show as the plain ``components/card.html``. Loading a list
costs one query per page type on it (plus what each ``prepare`` adds), never
one per page.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from wagtail.models import Page

__all__ = ["CardType", "cards_for_pages", "register_card"]


@dataclass(frozen=True)
class CardType:
    model: type
    template: str
    context: Callable  # (page, request) -> dict of flat variables
    prepare: Callable = staticmethod(lambda queryset: queryset)


_REGISTRY: dict[type, CardType] = {}


def register_card(card_type):
    _REGISTRY[card_type.model] = card_type
    return card_type


def _plain_context(page, request):
    return {
        "title": page.title,
        "url": page.get_url(request),
        "description": page.search_description or getattr(page, "intro", ""),
    }


PLAIN_CARD_TEMPLATE = "components/card.html"


def card_type_for(model):
    for klass in model.__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    return None


def cards_for_pages(pages, request):
    """[{"template": …, "context": {…}}] for `pages` (Page rows, in order)."""
    by_model = defaultdict(list)
    for page in pages:
        by_model[page.specific_class or Page].append(page.pk)
    loaded = {}
    for model, pks in by_model.items():
        card_type = card_type_for(model)
        queryset = model._default_manager.filter(pk__in=pks)
        if hasattr(queryset, "defer_streamfields"):
            queryset = queryset.defer_streamfields()
        if card_type is not None:
            queryset = card_type.prepare(queryset)
        for specific in queryset:
            loaded[specific.pk] = specific
    cards = []
    for page in pages:
        specific = loaded.get(page.pk)
        if specific is None:
            continue
        card_type = card_type_for(type(specific))
        if card_type is None:
            cards.append(
                {"template": PLAIN_CARD_TEMPLATE, "context": _plain_context(specific, request)}
            )
        else:
            cards.append(
                {"template": card_type.template, "context": card_type.context(specific, request)}
            )
    return cards
