"""A lesson pack as a card (``components/lesson_pack_card.html``), wherever packs are listed.

Registered with ``home.cards`` from ``SchoolsConfig.ready``, so /search/ and
any other mixed list show packs with their key stages and length, and the
pack library and the progression section use the same card.
"""

from django.db.models import Prefetch
from django.utils.translation import ngettext

from home.cards import CardType, register_card
from home.search import register_summary_field
from schools.finding import restricted_q


def prepare_lesson_pack_cards(queryset):
    """Everything a pack card shows, in a fixed number of queries: the pack
    rows (with whether each is restricted, in the same query) and their key
    stages (one more)."""
    from schools.models import KeyStage

    return queryset.annotate(card_restricted=restricted_q()).prefetch_related(
        Prefetch("key_stages", queryset=KeyStage.objects.order_by("sort_order", "name"))
    )


def duration_label(lesson_count, lesson_minutes):
    """ "One lesson of 50 minutes", "3 lessons of 45 minutes each"."""
    if not lesson_minutes:
        return ""
    if lesson_count and lesson_count > 1:
        return ngettext(
            "%(count)d lesson of %(minutes)d minutes each",
            "%(count)d lessons of %(minutes)d minutes each",
            lesson_count,
        ) % {"count": lesson_count, "minutes": lesson_minutes}
    return ngettext(
        "One lesson of %(minutes)d minute",
        "One lesson of %(minutes)d minutes",
        lesson_minutes,
    ) % {"minutes": lesson_minutes}


def _is_restricted(page):
    restricted = getattr(page, "card_restricted", None)
    if restricted is None:  # a page not loaded through prepare_lesson_pack_cards
        from wagtail.models import PageViewRestriction

        restricted = PageViewRestriction.objects.filter(
            page__in=page.get_ancestors(inclusive=True)
        ).exists()
    return restricted


def lesson_pack_card_context(page, request):
    return {
        "title": page.title,
        "url": page.get_url(request),
        "summary": page.summary,
        "key_stages": [stage.name for stage in page.key_stages.all()],
        "duration": duration_label(page.lesson_count, page.lesson_minutes),
        "professional": _is_restricted(page),
    }


def register_lesson_pack_card():
    from schools.models import LessonPackPage

    register_summary_field(LessonPackPage, "summary")  # ranked above body text in search
    register_card(
        CardType(
            model=LessonPackPage,
            template="components/lesson_pack_card.html",
            context=lesson_pack_card_context,
            prepare=prepare_lesson_pack_cards,
        )
    )
