"""The demo's published contributions (``demo_content/contributions.yaml``).

A step of the demo loader (hook ``clearsight_demo_content``): children's work
is stored as the form stores it (pictures screened, details apart from the
work) and published through the real path, ``revision.publish()``, so
``Submission.publish`` and the publication service run as they do for real
work. Each piece is found again by its reference: a second load changes nothing.
"""

from pathlib import Path

from django.core.files.base import ContentFile

from cocreation.models import (
    CallForContributionsPage,
    CallOutcome,
    Submission,
    SubmissionDetails,
    SubmissionImage,
    SubmissionStatus,
)
from home.demo_content.loader import DemoContentError, read_yaml
from home.demo_content.pictures import PICTURES, picture_png
from home.models import AgeBand, Area
from home.uploads import screen_image

CONTRIBUTIONS_FILE = Path(__file__).parent / "demo_content" / "contributions.yaml"

WORK_FIELDS = ("title", "text")
COPY_FIELDS = ("published_title", "published_text")


def load_contributions(loader, site, path=CONTRIBUTIONS_FILE):
    spec = read_yaml(path)
    for piece in spec.get("submissions") or []:
        _piece(loader, piece)
    for call_path, resource_paths in (spec.get("outcomes") or {}).items():
        _outcomes(loader, call_path, resource_paths)


def _call(loader, path):
    page = loader.pages_by_path.get(str(path).strip("/"))
    if page is None or not isinstance(page.specific, CallForContributionsPage):
        raise DemoContentError(f"The contributions name '{path}', which is not a call.")
    return page.specific


def _piece(loader, spec):
    reference = spec["reference"]
    label = f"contribution:{reference}"
    call = _call(loader, spec["call"])
    copy = {
        "published_title": spec.get("published_title", spec["title"]),
        "published_text": spec.get("published_text", spec.get("text", "")),
    }
    submission = Submission.objects.filter(reference=reference).first()
    if submission is not None:
        if (
            submission.live
            and submission.status == SubmissionStatus.PUBLISHED
            and not submission.has_unpublished_changes
            and all(getattr(submission, name) == value for name, value in copy.items())
        ):
            loader.report.unchanged.append(label)
            return
        for name, value in copy.items():
            setattr(submission, name, value)
        submission.save_revision(log_action=False).publish(log_action=False)
        loader.report.updated.append(label)
        return
    submission = Submission.objects.create(
        reference=reference,
        call=call,
        age_band=AgeBand.objects.get(slug=spec["age_band"]),
        title=spec["title"],
        text=spec.get("text", ""),
        consent_to_share=True,
        consent_to_byline=spec.get("consent_to_byline", True),
        status=SubmissionStatus.IN_REVIEW,
        live=False,
        **copy,
    )
    SubmissionDetails.objects.create(
        submission=submission,
        name=spec.get("name", ""),
        area=Area.objects.get(slug=spec["area"]) if spec.get("area") else None,
    )
    for order, picture in enumerate(spec.get("pictures") or []):
        slug = picture["picture"]
        if slug not in PICTURES:
            raise DemoContentError(f"The contribution {reference} names no picture '{slug}'.")
        clean = screen_image(ContentFile(picture_png(slug), name=f"{slug}.png"))
        SubmissionImage.objects.create(
            submission=submission,
            file=clean,
            sort_order=order,
            alt_text=picture.get("alt_text", PICTURES[slug].alt_text),
        )
    submission.save_revision(log_action=False).publish(log_action=False)
    loader.report.created.append(label)


def _outcomes(loader, call_path, resource_paths):
    """The resources a closed call made, through a published revision of the call."""
    call = _call(loader, call_path)
    wanted = [loader._page_id(path) for path in resource_paths]
    label = f"outcomes:/{call_path}/"
    live = list(CallOutcome.objects.filter(call=call).order_by("sort_order", "pk"))
    if [outcome.resource_id for outcome in live] == wanted and not call.has_unpublished_changes:
        loader.report.unchanged.append(label)
        return
    call.outcomes.set([CallOutcome(resource_id=pk) for pk in wanted])
    call.save_revision(log_action=False).publish(log_action=False)
    loader.report.updated.append(label)
