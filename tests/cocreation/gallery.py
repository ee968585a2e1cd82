"""Helpers for the publication tests: a call on a site, and work published
into it through the real services (``revision.publish()`` runs ``Submission.publish``)."""

import datetime

from django.core.files.base import ContentFile

from cocreation.factories import (
    CallForContributionsPageFactory,
    GetInvolvedPageFactory,
    SubmissionFactory,
)
from cocreation.models import SubmissionDetails, SubmissionImage
from home.models import AgeBand, Area
from home.uploads import screen_image
from tests.home import media_samples as samples


def get_involved(home_page):
    return GetInvolvedPageFactory(parent=home_page)


def call_page(parent, **kwargs):
    return CallForContributionsPageFactory(parent=parent, **kwargs)


def closed_call(parent, **kwargs):
    today = datetime.date.today()
    kwargs.setdefault("opens_on", today - datetime.timedelta(days=90))
    kwargs.setdefault("closes_on", today - datetime.timedelta(days=30))
    return call_page(parent, **kwargs)


def band(slug="11-13"):
    low, high = (int(part) for part in slug.split("-"))
    return AgeBand.objects.get_or_create(
        slug=slug, defaults={"name": f"Ages {low} to {high}", "min_age": low, "max_age": high}
    )[0]


def area(name="Bradford"):
    return Area.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]


def add_picture(submission, *, alt_text="A poster with a big green tick", publish=True, order=0):
    """A picture stored as intake stores it: screened first (no metadata)."""
    clean = screen_image(ContentFile(samples.camera_jpeg(), name="poster.jpg"))
    return SubmissionImage.objects.create(
        submission=submission, file=clean, alt_text=alt_text, publish=publish, sort_order=order
    )


def sent_submission(
    call,
    *,
    name="Amira",
    area_name="Bradford",
    parent_email="",
    consent_to_byline=True,
    pictures=1,
    age="11-13",
    **kwargs,
):
    submission = SubmissionFactory(
        call=call, age_band=band(age), consent_to_byline=consent_to_byline, details=None, **kwargs
    )
    SubmissionDetails.objects.create(
        submission=submission,
        name=name,
        area=area(area_name) if area_name else None,
        parent_email=parent_email,
    )
    for order in range(pictures):
        add_picture(submission, order=order)
    return submission


def publish(submission):
    """Publish as the workflow's last approval does: a revision, then its publish()."""
    submission.save_revision().publish()
    submission.refresh_from_db()
    return submission


def published_submission(call, **kwargs):
    return publish(sent_submission(call, **kwargs))
