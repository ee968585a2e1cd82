"""Publication: an approved contribution goes into its call's gallery, may
become a resource, and can be withdrawn by the child at any time."""

from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Collection

from django_tasks import task

from cocreation.models import (
    CallForContributionsPage,
    CallOutcome,
    Submission,
    SubmissionDetails,
    SubmissionStatus,
)
from cocreation.services.moderation import WrongState
from home.blocks.byline import SAFE_NAME
from home.images import request_renditions
from home.models.media import ImageLicence

YOUNG_PEOPLES_COLLECTION = "Young people's work"
PUBLISHED_IMAGE_CREDIT = "Made by a young person"


# --- The safe byline ----------------------------------------------------------


def safe_byline(submission: Submission) -> dict:
    """What may be said about who made a piece: the first name or nickname
    (only with consent, and only a single safe word), the age band (always),
    and the area (only with consent). Nothing else, ever.

    The keys are those of ``home.blocks.SafeBylineBlock``."""
    details = _details(submission)
    name = area = None
    if submission.consent_to_byline and details is not None:
        candidate = (details.name or "").strip()
        # A name with a space could hold a surname: then no name at all.
        name = candidate if candidate and SAFE_NAME.match(candidate) else None
        area = details.area
    return {"name": name or "", "age_band": submission.age_band, "area": area}


def _details(submission):
    try:
        return submission.details
    except SubmissionDetails.DoesNotExist:
        return None


# --- Publishing ---------------------------------------------------------------


@transaction.atomic
def submission_after_publish(*, submission: Submission, user=None) -> Submission:
    """Called by ``Submission.publish`` once Wagtail has made the moderators'
    copy live: record the new state, put the pictures chosen for publication in
    the image library, and tell the parent, carer or group leader."""
    now = timezone.now()
    first_time = submission.status != SubmissionStatus.PUBLISHED
    submission.set_status(SubmissionStatus.PUBLISHED)
    submission.published_at = submission.published_at or now
    submission.decided_at = submission.decided_at or now
    submission.save(update_fields=["status", "status_changed_at", "published_at", "decided_at"])
    submission_images_publish(submission=submission)
    log(instance=submission, action="cocreation.published_in_gallery", user=user)
    if first_time and published_notice_recipient(submission):
        transaction.on_commit(lambda: notify_published.enqueue(submission.pk))
    return submission


def young_peoples_collection():
    """The image library's collection for children's work, made on first use."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=YOUNG_PEOPLES_COLLECTION).first()
    return collection or root.add_child(name=YOUNG_PEOPLES_COLLECTION)


def submission_images_publish(*, submission: Submission) -> list:
    """Copy each picture marked for publication into the image library (once),
    and take out of it any picture a moderator has since unmarked.

    The stored file was screened on arrival (re-encoded from its pixels: no
    EXIF, GPS, XMP or comments), so the copy and its renditions carry none."""
    Image = get_image_model()
    collection = None
    published = []
    for picture in submission.images.select_related("published_image"):
        if not picture.publish:
            if picture.published_image is not None:
                _delete_library_image(picture.published_image)
                picture.published_image = None
                picture.save(update_fields=["published_image"])
            continue
        image = picture.published_image
        alt_text = picture.alt_text.strip()
        if image is None:
            collection = collection or young_peoples_collection()
            with picture.file.open("rb") as source:
                data = source.read()
            suffix = PurePosixPath(picture.file.name).suffix
            image = Image(
                title=_image_title(submission, picture),
                description=alt_text,
                credit=PUBLISHED_IMAGE_CREDIT,
                licence=ImageLicence.PERMISSION,
                collection=collection,
                file=ContentFile(data, name=f"contribution-{submission.reference}{suffix}"),
            )
            image._set_image_file_metadata()
            image.save()
            # Made by the worker for the call's gallery (home/images.py).
            request_renditions(image.pk, ["gallery"])
            picture.published_image = image
            picture.save(update_fields=["published_image"])
        elif image.description != alt_text:
            image.description = alt_text
            image.save(update_fields=["description"])
        published.append(image)
    return published


def _image_title(submission, picture):
    title = submission.published_title or submission.title
    return f"{title} ({submission.reference}, {picture.sort_order + 1})"[:255]


def _delete_library_image(image):
    """Delete a library image, its renditions and every file, now (not in a
    background task: a withdrawn picture must leave storage at once)."""
    for rendition in list(image.renditions.all()):
        rendition.file.delete(save=False)
        rendition.delete()
    image.file.delete(save=False)
    image.delete()


def published_notice_recipient(submission: Submission) -> str:
    """The parent's or carer's email, else the group leader's, else ""."""
    details = _details(submission)
    if details is not None and details.parent_email:
        return details.parent_email
    if submission.group_code_id and submission.group_code.leader_email:
        return submission.group_code.leader_email
    return ""


@task()
def notify_published(submission_id):
    """Tell the parent, carer or group leader that the work is on the site."""
    submission = (
        Submission.objects.filter(pk=submission_id, live=True)
        .select_related("call", "group_code")
        .first()
    )
    if submission is None:
        return 0
    recipient = published_notice_recipient(submission)
    if not recipient:
        return 0
    call = submission.call.specific if submission.call else None
    link = (call.get_full_url() if call else "") or settings.WAGTAILADMIN_BASE_URL
    subject = _("Work sent to Clearsight is now on the website")
    body = _(
        "Thank you. The work sent to Clearsight with the reference %(reference)s has been "
        "checked and is now on the website, where it can help other children.\n\n"
        "You can see it here: %(link)s\n\n"
        "It shows no surname, school or contact details. If you or the young person "
        "change your mind, the private link on the thank-you page takes it down at any time."
    ) % {"reference": submission.reference, "link": link}
    send_mail(subject, body, None, [recipient])
    return 1


# --- A resource from a submission ---------------------------------------------


@transaction.atomic
def submission_make_resource(*, submission: Submission, user, parent=None):
    """A DRAFT resource in the library from the moderators' copy, credited with
    the safe byline only. Editors finish and publish it as any other page."""
    from resources.models import Format, MadeBy, ResourceIndexPage, ResourcePage

    if submission.status != SubmissionStatus.PUBLISHED or not submission.live:
        raise WrongState(
            f"{submission.reference} is not published, so it cannot become a resource."
        )
    if submission.resource_id is not None:
        raise WrongState(f"{submission.reference} has already become a resource.")
    if parent is None:
        parent = ResourceIndexPage.objects.order_by("path").first()
        if parent is None:
            raise WrongState("There is no resource library to put the resource in.")
    pictures = list(
        submission.images.filter(publish=True, published_image__isnull=False).select_related(
            "published_image"
        )
    )
    format_slug = "poster" if pictures and not submission.published_text.strip() else "guide"
    resource_format = (
        Format.objects.filter(slug=format_slug).first() or Format.objects.order_by("pk").first()
    )
    if resource_format is None:
        raise WrongState("The library has no formats yet: add one first.")
    title = submission.published_title or submission.title
    text = submission.published_text.strip()
    body = [
        {"type": "paragraph", "value": linebreaks(escape(paragraph))}
        for paragraph in text.split("\n\n")
        if paragraph.strip()
    ]
    body += [
        {
            "type": "image",
            "value": {
                "image": {
                    "image": picture.published_image.pk,
                    "alt_text": picture.alt_text,
                    "decorative": not picture.alt_text,
                },
                "caption": "",
            },
        }
        for picture in pictures
    ]
    byline = safe_byline(submission)
    credits = (
        [
            {
                "type": "young_person",
                "value": {
                    "name": byline["name"],
                    "age_band": byline["age_band"].pk,
                    "area": byline["area"].pk if byline["area"] else None,
                },
            }
        ]
        if byline["name"]
        else []
    )
    summary = (text.split("\n")[0] if text else title)[:300]
    call = submission.call.specific if submission.call else None
    resource = ResourcePage(
        title=title,
        summary=summary,
        format=resource_format,
        made_by=MadeBy.YOUNG_PEOPLE,
        body=body,
        credits=credits,
        image=pictures[0].published_image if pictures else None,
        live=False,
    )
    if call is not None:
        # Parental many-to-many fields: set before saving, stored by add_child.
        resource.age_bands = list(call.age_bands.all())
        resource.topics = list(call.topics.all())
        resource.audiences = list(call.audiences.all())
    parent.add_child(instance=resource)
    resource.save_revision(user=user, log_action=True)
    Submission.objects.filter(pk=submission.pk).update(resource=resource)
    submission.resource = resource
    log(instance=submission, action="cocreation.resource_made", user=user)
    return resource


def resource_published(*, resource) -> None:
    """A resource made from a submission went live: list it in its call's
    "what we made". The call is a page whose outcomes live in its revisions, so
    the outcome is added through a new revision, published at once only when
    the call had no unpublished changes of an editor's waiting."""
    calls = {
        submission.call_id
        for submission in Submission.objects.filter(resource=resource, call__isnull=False)
    }
    for call in CallForContributionsPage.objects.filter(pk__in=calls):
        publish_now = call.live and not call.has_unpublished_changes
        draft = call.get_latest_revision_as_object()  # may be `call` itself
        if any(outcome.resource_id == resource.pk for outcome in draft.outcomes.all()):
            continue
        draft.outcomes.add(CallOutcome(resource=resource))
        revision = draft.save_revision(log_action=False)
        if publish_now:
            revision.publish(log_action=False)


# --- Withdrawal ---------------------------------------------------------------


@transaction.atomic
def submission_withdraw(*, submission: Submission) -> Submission:
    """The child (or their parent or group leader) takes the work back:
    off the site everywhere, its pictures out of storage, the moderators' copy
    blanked. An open safeguarding concern keeps its record and the original
    for the safeguarding lead; the work still leaves the site."""
    if submission.status == SubmissionStatus.WITHDRAWN:
        raise WrongState(f"{submission.reference} has already been withdrawn.")
    if submission.live:
        submission.unpublish(log_action=False)
    if submission.resource_id is not None:
        resource = submission.resource.specific
        if resource.live:
            # Its call's "what we made" lists only live resources, so it goes from there too.
            resource.unpublish(log_action=False)
    in_workflow = submission.current_workflow_state
    if in_workflow is not None:
        in_workflow.cancel(user=None)
    open_concern = submission.has_open_concern()
    for picture in submission.images.select_related("published_image"):
        if picture.published_image is not None:
            _delete_library_image(picture.published_image)
        if not open_concern:
            picture.file.delete(save=False)
            picture.delete()
        else:
            picture.published_image = None
            picture.save(update_fields=["published_image"])
    submission.published_title = ""
    submission.published_text = ""
    # Older revisions held the published copy too: blank it there as well.
    for revision in submission.revisions.all():
        revision.content = {
            **revision.content,
            **dict.fromkeys(Submission.REVISIONED_FIELDS, ""),
        }
        revision.save(update_fields=["content"])
    submission.set_status(SubmissionStatus.WITHDRAWN)
    submission.live = False
    submission.save()
    log(instance=submission, action="cocreation.withdrawn", user=None)
    return submission
