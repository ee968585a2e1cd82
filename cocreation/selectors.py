"""Reads for the public co-creation pages: the calls, and what each call made.

Every read costs the same number of queries however many calls, pieces or
pictures there are (tests/cocreation/test_call_pages.py).
"""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q
from django.utils import timezone

from cocreation.models import (
    CallForContributionsPage,
    CallOutcome,
    Submission,
    SubmissionImage,
    SubmissionStatus,
)
from cocreation.services.publication import safe_byline
from home.models.base import VisiblePageQuerySet
from home.models.materials import material_card, materials
from home.pagination import paginate


@dataclass(frozen=True)
class CallListing:
    open: list
    closed: list


# The most calls /get-involved/ lists in each group (issue 11: no unbounded
# list). Open calls are a handful at a time; closed ones pile up over the
# years, so the newest are shown.
CALLS_LISTED = 24


def calls_for_listing(*, parent, site, today=None) -> CallListing:
    """The calls under /get-involved/ a reader may see: open calls (closing
    soonest first, then those with no end date), then closed ones (newest
    first), at most ``CALLS_LISTED`` of each: two queries."""
    today = today or timezone.localdate()
    calls = (
        VisiblePageQuerySet(CallForContributionsPage)
        .visible(site)
        .child_of(parent)
        .defer_streamfields()
    )
    open_calls = list(
        calls.filter(opens_on__lte=today)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .order_by(F("closes_on").asc(nulls_last=True), "pk")[:CALLS_LISTED]
    )
    closed = list(
        calls.filter(closes_on__lt=today).order_by("-closes_on", "-opens_on", "pk")[:CALLS_LISTED]
    )
    return CallListing(open=open_calls, closed=closed)


def live_submissions():
    """Submissions shown on the public site: published and live, nothing else.
    Work awaiting consent, in review, rejected or withdrawn never matches."""
    return Submission.objects.filter(live=True, status=SubmissionStatus.PUBLISHED)


@dataclass(frozen=True)
class GalleryPicture:
    image: object
    alt_text: str


@dataclass(frozen=True)
class GalleryPiece:
    title: str
    text: str
    pictures: list
    byline: dict


# Pieces of work on one page of a call's gallery (``?page=N``).
GALLERY_PAGE_SIZE = 12


def call_gallery(call, request=None):
    """One page (``?page=N``, ``home/pagination.py``) of the call's live
    submissions, each with its published copy, its published pictures and the
    safe byline: a COUNT and four queries whatever the size. The page's
    ``object_list`` holds `GalleryPiece`s."""
    pictures = SubmissionImage.objects.filter(
        publish=True, published_image__isnull=False
    ).select_related("published_image")
    submissions = (
        live_submissions()
        .filter(call=call)
        .select_related("age_band", "details__area")
        .prefetch_related(
            Prefetch("images", queryset=pictures),
            "images__published_image__renditions",
        )
        .order_by("published_at", "pk")
    )
    page = paginate(submissions, request, GALLERY_PAGE_SIZE)
    page.object_list = [
        GalleryPiece(
            title=submission.published_title or submission.title,
            text=submission.published_text,
            pictures=[
                GalleryPicture(image=picture.published_image, alt_text=picture.alt_text)
                for picture in submission.images.all()
            ],
            byline=safe_byline(submission),
        )
        for submission in page.object_list
    ]
    return page


def call_outcomes(call, *, site, request=None) -> list:
    """The resources that came from a call and a reader may see, as cards."""
    from resources.models import ResourcePage

    resource_ids = list(CallOutcome.objects.filter(call=call).values_list("resource_id", flat=True))
    if not resource_ids:
        return []
    pages = materials(site, models=[ResourcePage], pk__in=resource_ids)
    return [material_card(page, request) for page in pages]
