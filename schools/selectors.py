"""Reads of the schools app that are more than one line."""

from django.db.models import Exists, OuterRef

from wagtail.models import Site

PROGRESSION_LIMIT = 3


class ProgressionCards(list):
    """Card contexts of packs for the next key stage; ``key_stage`` is its name."""

    def __init__(self, cards=(), key_stage=""):
        super().__init__(cards)
        self.key_stage = key_stage


def next_key_stage(stages):
    """The key stage after the highest of `stages`, or None (after key stage 5,
    or for a pack with no key stage). At most one query."""
    from home.chrome import remembered
    from schools.models import KeyStage

    if not stages:
        return None
    highest = max(stages, key=lambda stage: (stage.sort_order, stage.pk))
    # Every key stage (a handful), kept per page-cache generation: saving one
    # retires it (schools/admin/curriculum.py registers them).
    every = remembered(
        "schools:key-stages", lambda: list(KeyStage.objects.order_by("sort_order", "pk"))
    )
    return next((stage for stage in every if stage.sort_order > highest.sort_order), None)


def next_stage_packs(page, request):
    """Cards of packs for the next key stage after this pack's highest one
    (progression): at most three, packs sharing a topic with this one first,
    then the newest. Live packs in the same site, restricted ones included
    (listed with their tag, as the pack library lists them). A fixed number of
    queries whatever the number of packs.
    """
    from home.models import BasePage
    from schools.cards import lesson_pack_card_context, prepare_lesson_pack_cards
    from schools.models import LessonPackPage

    stage = next_key_stage(list(page.key_stages.all()))
    if stage is None:
        return ProgressionCards()
    site = Site.find_for_request(request)
    candidates = LessonPackPage.objects.live().filter(key_stages=stage)
    if site is not None:
        candidates = candidates.in_site(site)
    if page.pk:
        candidates = candidates.exclude(pk=page.pk)
    topic_ids = [topic.pk for topic in page.topics.all()]
    shares_topic = Exists(
        BasePage.topics.through.objects.filter(basepage_id=OuterRef("pk"), topic_id__in=topic_ids)
    )
    chosen = (
        candidates.annotate(shares_topic=shares_topic)
        .order_by("-shares_topic", "-first_published_at", "title", "pk")
        .defer_streamfields()
    )
    packs = list(prepare_lesson_pack_cards(chosen)[:PROGRESSION_LIMIT])
    return ProgressionCards(
        [lesson_pack_card_context(pack, request) for pack in packs], key_stage=stage.name
    )
