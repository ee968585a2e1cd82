"""The review workflows for pages, the youth panel's verdicts and "Checked by
our youth panel" (README: "Review workflows and the youth panel").

- Young people's pages: Safeguarding review → Youth panel review → published.
- Lesson packs: Safeguarding review → published.
- Toolkits and training: Subject review (the safeguarding leads) → published.

``set_up_workflows`` creates them and assigns them by section; it runs after
every migrate and from ``manage.py setup_roles`` (home/governance/setup.py),
and again after the demo loader has built the tree. Safe to run again: it only
adds what is missing, and never touches the contributions' own workflow.

This module is also imported while ``wagtail.models`` is being imported
(``WAGTAIL_FINISH_WORKFLOW_ACTION`` names :func:`publish_workflow_state`), so
it imports models only inside functions.
https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

YOUNG_PEOPLE_WORKFLOW = "Young people's pages"
LESSON_PACKS_WORKFLOW = "Lesson packs"
TOOLKITS_WORKFLOW = "Toolkits and training"
SAFEGUARDING_REVIEW = "Safeguarding review"
YOUTH_PANEL_REVIEW = "Youth panel review"
SUBJECT_REVIEW = "Subject review"
# Wagtail's own first migration puts a "Moderators approval" workflow on the
# root page; every page outside the three sections still goes through it.
OTHER_PAGES_WORKFLOW = "Other pages"
ADMINISTRATORS_SIGN_OFF = "Administrators' sign-off"
ADMINISTRATORS = "Administrators"

LOG_ACTION = "clearsight.youth_panel_review"


# --- Set-up ---------------------------------------------------------------------


def _group(name, using):
    from django.contrib.auth.models import Group

    return Group.objects.using(using).get_or_create(name=name)[0]


def _task(model, name, group, using):
    """The task of exactly this type and name (the contributions' workflow has a
    "Youth panel review" of its own, of another type), created when missing."""
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.db_manager(using).get_for_model(model)
    task = (
        model.objects.using(using)
        .filter(name=name, content_type=content_type)
        .order_by("pk")
        .first()
    )
    if task is None:
        task = model.objects.using(using).create(name=name, active=True, content_type=content_type)
    task.groups.add(group)
    return task


def _workflow(name, tasks, using):
    from wagtail.models import Workflow, WorkflowTask

    workflow = Workflow.objects.using(using).get_or_create(name=name, defaults={"active": True})[0]
    for order, task in enumerate(tasks):
        WorkflowTask.objects.using(using).update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    return workflow


def section_pages(using="default"):
    """Which pages carry which workflow (their descendants inherit it):
    ``{workflow name: [pages]}``.

    A page type names its section's workflow in ``review_workflow`` (home never
    lists the feature apps): every page of such a type is assigned, except one
    that already inherits the same workflow from a section above it (a toolkit
    under /community/; the parents' toolkit under the home page is assigned)."""
    from home.governance import page_types_declaring

    by_workflow = {}
    for model, name in page_types_declaring("review_workflow"):
        by_workflow.setdefault(name, []).extend(
            model.objects.using(using).only("pk", "path", "depth").order_by("path")
        )
    sections = {}
    for name, pages in by_workflow.items():
        pages.sort(key=lambda page: page.path)
        sections[name] = []
        for page in pages:
            if not any(page.is_descendant_of(section) for section in sections[name]):
                sections[name].append(page)
    return sections


def set_up_workflows(using="default"):
    """Create the three page workflows and assign them to their sections.
    Returns the workflows by name."""
    from wagtail.models import GroupApprovalTask, WorkflowPage

    from home.models import YouthPanelReviewTask

    leads = _group(settings.SAFEGUARDING_LEADS_GROUP, using)
    panel = _group(settings.YOUTH_PANEL_GROUP, using)
    safeguarding = _task(GroupApprovalTask, SAFEGUARDING_REVIEW, leads, using)
    youth_panel = _task(YouthPanelReviewTask, YOUTH_PANEL_REVIEW, panel, using)
    # The safeguarding leads are the subject experts on exploitation.
    subject = _task(GroupApprovalTask, SUBJECT_REVIEW, leads, using)
    workflows = {
        YOUNG_PEOPLE_WORKFLOW: _workflow(YOUNG_PEOPLE_WORKFLOW, [safeguarding, youth_panel], using),
        LESSON_PACKS_WORKFLOW: _workflow(LESSON_PACKS_WORKFLOW, [safeguarding], using),
        TOOLKITS_WORKFLOW: _workflow(TOOLKITS_WORKFLOW, [subject], using),
    }
    other_pages_sign_off(using)
    for name, pages in section_pages(using).items():
        if name not in workflows:
            raise ValueError(f"{name!r} is not one of the review workflows.")
        for page in pages:
            WorkflowPage.objects.using(using).update_or_create(
                page_id=page.pk, defaults={"workflow": workflows[name]}
            )
    return workflows


def other_pages_sign_off(using="default"):
    """Pages outside the three sections (the home page, "About", "Get help")
    keep the workflow on the root page, but the Administrators approve them,
    not the Moderators: Moderators look after children's submissions and hold
    no page permission (home/governance/roles.py). Approving the last step
    publishes (``publish_workflow_state``), so whoever approves it must be
    trusted with any page."""
    from wagtail.models import GroupApprovalTask, Workflow

    administrators = _group(ADMINISTRATORS, using)
    for workflow in Workflow.objects.using(using).filter(workflow_pages__page__depth=1):
        if workflow.name != OTHER_PAGES_WORKFLOW:
            workflow.name = OTHER_PAGES_WORKFLOW
            workflow.save(update_fields=["name"])
        for task in GroupApprovalTask.objects.using(using).filter(
            workflow_tasks__workflow=workflow
        ):
            task.groups.set([administrators])
            if task.name != ADMINISTRATORS_SIGN_OFF:
                task.name = ADMINISTRATORS_SIGN_OFF
                task.save(update_fields=["name"])


# --- Publishing when the last step approves ---------------------------------------


def publish_workflow_state(workflow_state, user=None):
    """Wagtail's own finish action (``wagtail.workflows.publish_workflow_state``),
    except that approving the last step is what entitles the approver to
    publish: the youth panel and the safeguarding leads publish the page they
    approved without holding the publish permission, which would also give
    them the editor's Publish button. Anyone else is checked as usual."""
    revision = workflow_state.content_object.get_latest_revision()
    task_state = workflow_state.current_task_state
    task = task_state.task.specific if task_state else None
    entitled = (
        user is not None
        and task_state is not None
        and task_state.status == task_state.STATUS_APPROVED
        and task_state.finished_by_id == user.pk
        and hasattr(task, "_user_in_groups")
        and (user.is_superuser or task._user_in_groups(user))
    )
    revision.publish(user=user, skip_permission_checks=entitled)


# --- The youth panel's verdicts ---------------------------------------------------


def youth_panel_record(*, task_state, user, verdict, comment=""):
    """Record the youth panel's verdict on the revision at this step, in the
    verdicts table and in the page's history, then move the workflow on:
    "ready" approves (the page is published when this is the last step), the
    others send the page back to its editor with the comment."""
    from django.db import transaction

    from wagtail.log_actions import log

    from home.models import YouthPanelReview, YouthPanelVerdict

    if verdict not in YouthPanelVerdict.values:
        raise ValueError(f"{verdict!r} is not a youth panel verdict.")
    comment = (comment or "").strip()
    if verdict != YouthPanelVerdict.READY and not comment:
        raise ValueError("A verdict other than 'ready' needs a comment.")
    with transaction.atomic():
        page = task_state.workflow_state.content_object.specific
        review = YouthPanelReview.objects.create(
            page_id=page.pk,
            revision=task_state.revision,
            task_state=task_state,
            verdict=verdict,
            comment=comment,
        )
        # Wagtail's log keeps who acted for administrators; the public site never names them.
        log(
            instance=page,
            action=LOG_ACTION,
            user=user,
            revision=task_state.revision,
            data={"verdict": verdict, "comment": comment},
        )
        if verdict == YouthPanelVerdict.READY:
            task_state.approve(user=user, comment=comment)
        else:
            verdict_label = YouthPanelVerdict(verdict).label
            task_state.reject(user=user, comment=f"{verdict_label}: {comment}")
    return review


def youth_panel_checked_on(page):
    """When the youth panel said the live version of `page` was ready, or None.

    Only a "ready" on the very revision that is live counts, and only when it is
    the panel's latest word on it: a page republished since, or sent back
    afterwards, shows nothing. One query for a live page (none when this
    generation has answered it before), none for a draft."""
    from home.chrome import remembered
    from home.models import YouthPanelReview, YouthPanelVerdict

    if not getattr(page, "live", False):
        return None

    def latest_verdict():
        # The same one query for every live page, with a live revision or not.
        return (
            YouthPanelReview.objects.filter(
                page_id=page.pk, revision_id=page.live_revision_id, revision__isnull=False
            )
            .order_by("-reviewed_at", "-pk")
            .values_list("verdict", "reviewed_at")
            .first()
        )

    # Kept for the page cache's generation (home/chrome.py), which a new
    # verdict retires (home/wagtail_hooks.py): no query on the next request.
    # A verdict is a few bytes: each worker keeps them in its own memory too.
    latest = remembered(f"youth-panel:{page.pk}:{page.live_revision_id}", latest_verdict)
    if latest and latest[0] == YouthPanelVerdict.READY:
        return latest[1]
    return None


@hooks.register("register_log_actions")
def register_youth_panel_log_action(actions):
    from wagtail.log_actions import LogFormatter

    from home.models import YouthPanelVerdict

    @actions.register_action(LOG_ACTION)
    class YouthPanelReviewed(LogFormatter):
        """On the page's History: the verdict, and the comment beside it."""

        label = _("Youth panel review")

        def format_message(self, log_entry):
            verdict = (log_entry.data or {}).get("verdict", "")
            labels = dict(YouthPanelVerdict.choices)
            return _("Youth panel: %(verdict)s") % {"verdict": labels.get(verdict, verdict)}

        def format_comment(self, log_entry):
            return (log_entry.data or {}).get("comment", "")
