"""Screening on arrival: personal details marked for removal, disclosures to a person at once.

``submission_screen`` runs in the background worker (``cocreation.tasks.screen_submission``).
It reads the original title and text, never changes them, and:

- stores where personal details are (``personal_details_found``: the field, the
  kind and the place, never a copy of what was found) and when it looked;
- puts a copy with "[removed]" in place of each detail into the moderators'
  copy (``published_title``, ``published_text``), but only where that copy is
  still the original: a moderator's own edit is never overwritten;
- raises a safeguarding concern for any disclosure phrase it has not already
  raised one for (screening twice raises nothing new).

Every status is screened, withdrawn work included: a child who told us they are
being harmed and then took the work back still needs a safeguarding lead to know.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.log_actions import log

from cocreation.models import ScreeningSettings, Submission
from cocreation.screening import find_disclosures, find_personal_details, phrase_lines, redact
from cocreation.services.moderation import WrongState
from cocreation.services.safeguarding import safeguarding_raise

# The reason of a concern screening raises: this line, then one matched phrase a line.
REASON_HEADING = "Screening found these possible disclosures of harm:"
REASON_BULLET = "- "


@transaction.atomic
def submission_screen(*, submission: Submission) -> Submission:
    if submission.pk is None:
        raise WrongState("A submission is screened once it has been stored.")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    screening = ScreeningSettings.load()
    school_names = phrase_lines(screening.school_names)

    title_findings = find_personal_details(submission.title, school_names=school_names)
    text_findings = find_personal_details(submission.text, school_names=school_names)
    submission.personal_details_found = [
        {"field": "title", **finding.as_dict()} for finding in title_findings
    ] + [{"field": "text", **finding.as_dict()} for finding in text_findings]
    submission.screened_at = timezone.now()
    update_fields = ["personal_details_found", "screened_at"]

    if not submission.live:
        draft = submission.get_latest_revision_as_object() if submission.latest_revision else None
        changed = False
        for field, original, findings in (
            ("published_title", submission.title, title_findings),
            ("published_text", submission.text, text_findings),
        ):
            shown = getattr(draft or submission, field)
            if findings and shown == original:
                setattr(submission, field, redact(original, findings))
                update_fields.append(field)
                changed = True
        submission.save(update_fields=update_fields)
        if changed and draft is not None:
            # Moderators edit the latest revision, so the redacted copy goes there too.
            submission.save_revision(user=None, log_action=False)
    else:
        submission.save(update_fields=update_fields)

    phrases = find_disclosures(
        f"{submission.title}\n{submission.text}", phrases=screening.disclosure_phrases
    )
    new_phrases = [phrase for phrase in phrases if phrase not in _already_raised(submission)]
    if new_phrases:
        safeguarding_raise(submission=submission, reason=_reason(new_phrases))

    log(
        instance=submission,
        action="cocreation.screened",
        data={
            "personal_details": sorted(
                {finding["kind"] for finding in submission.personal_details_found}
            ),
            "possible_disclosure": bool(phrases),
        },
    )
    return submission


def _reason(phrases):
    lines = [_(REASON_HEADING)] + [f"{REASON_BULLET}{phrase}" for phrase in phrases]
    return "\n".join(lines)


def _already_raised(submission):
    """The phrases screening has already raised a concern about for this submission."""
    raised = set()
    for reason in submission.safeguarding_records.filter(raised_by=None).values_list(
        "reason", flat=True
    ):
        heading, *lines = reason.splitlines()
        if heading in (REASON_HEADING, _(REASON_HEADING)):
            raised.update(line.removeprefix(REASON_BULLET) for line in lines)
    return raised
