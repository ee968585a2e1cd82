"""The benchmark data set's co-creation submissions (``manage.py generate_load_data``).

Written with ``bulk_create`` (100,000 in minutes): no revision, no workflow
and no screening run, since none of them changes what the gallery, the queue
or the reports read. Nothing personal: a nickname from a pool, an area, and
never an email address (``parent_email`` stays empty) or a client address.
"""

import datetime

from django.utils import timezone

from cocreation.models import (
    CallForContributionsPage,
    Submission,
    SubmissionDetails,
    SubmissionStatus,
    SubmissionStatusSpan,
)
from cocreation.models.pages import band_needs_parental_consent
from cocreation.models.submissions import REFERENCE_ALPHABET, REFERENCE_LENGTH
from home.models import AgeBand, Area
from resources.load_data import text

BATCH = 2000
# How work waits or ends, roughly as a busy call's queue looks.
STATUS_WEIGHTS = {
    SubmissionStatus.PUBLISHED: 30,
    SubmissionStatus.IN_REVIEW: 25,
    SubmissionStatus.REJECTED: 15,
    SubmissionStatus.NEEDS_CHANGES: 10,
    SubmissionStatus.AWAITING_CONSENT: 10,
    SubmissionStatus.WITHDRAWN: 10,
}
DECIDED = {SubmissionStatus.PUBLISHED, SubmissionStatus.REJECTED}


def _reference(rng, taken):
    while True:
        code = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        reference = f"{code[:4]}-{code[4:]}"
        if reference not in taken:
            taken.add(reference)
            return reference


def build_submission(rng, *, calls, bands, now, taken):
    status = rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
    consent_bands = [b for b in bands if band_needs_parental_consent(b)]
    band = rng.choice(consent_bands if status == SubmissionStatus.AWAITING_CONSENT else bands)
    submitted = now - datetime.timedelta(minutes=rng.randrange(60, 365 * 24 * 60))
    changed = submitted + datetime.timedelta(minutes=rng.randrange(5, 14 * 24 * 60))
    changed = min(changed, now)
    title = rng.choice(text.SUBMISSION_TITLES)
    body = " ".join(rng.sample(text.SUBMISSION_SENTENCES, rng.randint(2, 4)))
    needs_consent = band_needs_parental_consent(band)
    published = status == SubmissionStatus.PUBLISHED
    return Submission(
        reference=_reference(rng, taken),
        call=rng.choice(calls),
        age_band=band,
        title=title,
        text=body,
        published_title=title if published else "",
        published_text=body if published else "",
        status=status,
        status_changed_at=changed,
        submitted_at=submitted,
        consent_requested_at=submitted if needs_consent else None,
        consented_at=changed
        if needs_consent and status != SubmissionStatus.AWAITING_CONSENT
        else None,
        published_at=changed if published else None,
        decided_at=changed if status in DECIDED else None,
        reject_reason="not-on-brief" if status == SubmissionStatus.REJECTED else "",
        consent_to_share=True,
        consent_to_byline=rng.random() < 0.7,
        screened_at=submitted,
        live=published,
        has_unpublished_changes=not published,
        first_published_at=changed if published else None,
        last_published_at=changed if published else None,
    )


def generate_submissions(*, rng, count, progress=lambda done: None):
    """Create `count` submissions to the demo's calls, with their details and
    status history; returns their primary keys."""
    if not count:
        return []
    calls = list(CallForContributionsPage.objects.order_by("path"))
    bands = list(AgeBand.objects.order_by("min_age"))
    areas = list(Area.objects.order_by("slug")) + [None]
    taken = set(Submission.objects.values_list("reference", flat=True))
    now = timezone.now()
    pks = []
    for start in range(0, count, BATCH):
        batch = [
            build_submission(rng, calls=calls, bands=bands, now=now, taken=taken)
            for _ in range(min(BATCH, count - start))
        ]
        Submission.objects.bulk_create(batch)
        SubmissionDetails.objects.bulk_create(
            SubmissionDetails(submission=s, name=rng.choice(text.NICKNAMES), area=rng.choice(areas))
            for s in batch
        )
        spans = []
        for s in batch:
            if s.status != SubmissionStatus.IN_REVIEW:
                spans.append(
                    SubmissionStatusSpan(
                        submission_number=s.pk,
                        status=SubmissionStatus.IN_REVIEW,
                        entered_at=s.submitted_at,
                        left_at=s.status_changed_at,
                    )
                )
            spans.append(
                SubmissionStatusSpan(
                    submission_number=s.pk, status=s.status, entered_at=s.status_changed_at
                )
            )
        SubmissionStatusSpan.objects.bulk_create(spans)
        pks.extend(s.pk for s in batch)
        progress(len(pks))
    return pks
