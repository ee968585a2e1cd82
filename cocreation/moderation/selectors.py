"""Which submissions a reviewer may see in the admin.

- Awaiting parental consent: nobody, except safeguarding leads, and they only
  when a safeguarding record exists about it (a disclosure never waits for a
  parent).
- Youth panel: only work that has reached their step, that is, work with a
  task state on a task assigned to their group (current, or done and past),
  and never while a safeguarding concern is open or consent is awaited. Work
  still at the Safeguarding check has not been cleared for them to read.
- Everyone else with a submission permission (editors, moderators): every
  submission not awaiting consent.
"""

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from wagtail.models import TaskState

from cocreation.models import SafeguardingRecord, Submission, SubmissionStatus

SUBMISSION_ACTIONS = ("view", "change", "publish", "delete")


def is_safeguarding_lead(user):
    return user.is_superuser or user.has_perm("cocreation.record_safeguarding_outcome")


def is_youth_panel_only(user):
    """A youth panel member who has no wider role (a lead or an editor who also
    sits on the panel sees what their wider role sees)."""
    if user.is_superuser or is_safeguarding_lead(user):
        return False
    if user.has_perm("cocreation.view_submission_byline"):
        return False
    return user.groups.filter(name=settings.YOUTH_PANEL_GROUP).exists()


def submissions_visible_to(user, queryset=None):
    queryset = Submission.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if not any(user.has_perm(f"cocreation.{action}_submission") for action in SUBMISSION_ACTIONS):
        return queryset.none()
    if is_safeguarding_lead(user):
        has_record = SafeguardingRecord.objects.filter(submission=OuterRef("pk"))
        return queryset.filter(~Q(status=SubmissionStatus.AWAITING_CONSENT) | Exists(has_record))
    queryset = queryset.exclude(status=SubmissionStatus.AWAITING_CONSENT)
    if is_youth_panel_only(user):
        reached_panel = TaskState.objects.filter(
            workflow_state__base_content_type__app_label="cocreation",
            workflow_state__base_content_type__model="submission",
            workflow_state__object_id=Cast(OuterRef("pk"), output_field=CharField()),
            task__groupapprovaltask__groups__name=settings.YOUTH_PANEL_GROUP,
        )
        queryset = queryset.filter(Exists(reached_panel), needs_safeguarding=False)
    return queryset


def user_can_see_submission(user, submission_pk):
    try:
        pk = int(submission_pk)
    except (TypeError, ValueError):
        return False
    return submissions_visible_to(user).filter(pk=pk).exists()
