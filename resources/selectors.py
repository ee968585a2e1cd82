"""Reads for resource pages: the reader's band, related work and gentler alternatives."""

from dataclasses import dataclass

from home.models import AgeBand, AgeBandPage
from home.models.materials import NEWEST_FIRST, age_range, materials

# How many related resources, or alternatives, a resource page suggests.
SUGGESTION_COUNT = 3

# The audience whose pages are written for children; every other audience is adults.
YOUNG_PEOPLE_AUDIENCE = "young-people"


def reader_band_from(request):
    """The age band whose page the reader came from (`?band=4-7`), or None.

    Only a real band counts: any other value is ignored, never an error.
    """
    slug = request.GET.get("band", "")
    if not slug or len(slug) > 80:
        return None
    return AgeBand.objects.filter(slug=slug).first()


@dataclass(frozen=True)
class OlderBandNote:
    """ "This was made for 14 to 17 year olds. You might like these instead." """

    youngest: int
    oldest: int
    reader_band: AgeBand
    alternatives: list
    band_page: object


def made_only_for_older_bands(bands, reader_band):
    """True when the resource names age bands and every one is older than the reader's."""
    return bool(bands) and all(band.min_age > reader_band.max_age for band in bands)


def older_band_note(*, page, bands, topic_ids, reader_band, site):
    """The gentle note for a reader from a younger band's page, or None."""
    if reader_band is None or not made_only_for_older_bands(bands, reader_band):
        return None
    youngest, oldest = age_range(bands)
    alternatives = (
        materials(
            site,
            age_bands__in=[reader_band.pk],
            topics__in=topic_ids,
            exclude=[page],
            order_by=NEWEST_FIRST,
            limit=SUGGESTION_COUNT,
        )
        if topic_ids
        else []
    )
    band_page = (
        AgeBandPage.objects.visible(site).filter(age_band=reader_band).defer_streamfields().first()
    )
    return OlderBandNote(youngest, oldest, reader_band, alternatives, band_page)


def related_resources(*, page, bands, topic_ids, audience_ids, site):
    """A few other materials on the same topics, for the same age bands (or, for
    adults' materials with no age band, the same audiences), newest first."""
    if not topic_ids:
        return []
    if bands:
        scope = {"age_bands__in": [band.pk for band in bands]}
    elif audience_ids:
        scope = {"audiences__in": audience_ids}
    else:
        scope = {}
    return materials(
        site,
        topics__in=topic_ids,
        exclude=[page],
        order_by=NEWEST_FIRST,
        limit=SUGGESTION_COUNT,
        **scope,
    )


def newest_co_created(site, *, limit):
    """The newest resources made with or by young people: the home page's
    "Made with young people" when editors chose none."""
    from resources.models import ResourcePage

    return materials(
        site, models=[ResourcePage], co_created=True, order_by=NEWEST_FIRST, limit=limit
    )
