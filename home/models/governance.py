"""Editorial governance (issue 10): the youth panel's verdicts on pages, the
searches that found nothing, and the problems the link check finds.

The services that fill these live in home/governance/; none of these tables
holds anything that identifies a reader or a young reviewer.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import GroupApprovalTask


class YouthPanelReviewTask(GroupApprovalTask):
    """The youth panel's step in a page workflow: a choice ("ready", "needs
    changes", "not right for this age") and a comment (home/governance/workflows.py).

    Members of the task's groups have one action, "Give feedback": "ready"
    approves, the others send the page back to its editor with the comment.
    """

    ACTION_FEEDBACK = "youth-panel-feedback"

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        return [(self.ACTION_FEEDBACK, _("Give feedback"), True)]

    def get_form_for_action(self, action):
        if action == self.ACTION_FEEDBACK:
            from home.governance.forms import YouthPanelFeedbackForm

            return YouthPanelFeedbackForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != self.ACTION_FEEDBACK:
            return super().on_action(task_state, user, action_name, **kwargs)
        from home.governance.workflows import youth_panel_record

        youth_panel_record(
            task_state=task_state,
            user=user,
            verdict=kwargs["verdict"],
            comment=kwargs.get("comment", ""),
        )

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups say whether the page is ready, needs changes or "
            "is not right for its age, with a comment."
        )

    class Meta:
        verbose_name = _("youth panel review task")
        verbose_name_plural = _("youth panel review tasks")


class YouthPanelVerdict(models.TextChoices):
    READY = "ready", _("Ready")
    NEEDS_CHANGES = "needs-changes", _("Needs changes")
    NOT_FOR_AGE = "not-for-age", _("Not right for this age")


class YouthPanelReview(models.Model):
    """What the youth panel said about one revision of a page. No reviewer is
    named here (Wagtail's task state records who acted, for administrators)."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="youth_panel_reviews"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_state = models.ForeignKey(
        "wagtailcore.TaskState", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=YouthPanelVerdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        verbose_name = _("youth panel review")
        verbose_name_plural = _("youth panel reviews")

    def __str__(self):
        return f"{self.get_verdict_display()} ({self.reviewed_at:%d %b %Y})"


class UnansweredSearch(models.Model):
    """A search that found nothing: its words and a daily count only (no
    address, session, user or time of day), so editors see what is missing."""

    query_string = models.CharField(_("search words"), max_length=255)
    day = models.DateField(_("day"), default=timezone.localdate)
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        ordering = ["-day", "-count"]
        constraints = [
            models.UniqueConstraint(fields=["query_string", "day"], name="unanswered_search_day")
        ]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self):
        return self.query_string


class LinkProblem(models.Model):
    """A link or document on a live page that leads nowhere, found by the
    scheduled link check (home/governance/links.py); each run replaces the list."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Page")
        DOCUMENT = "document", _("Document")
        IMAGE = "image", _("Image")

    class Problem(models.TextChoices):
        MISSING = "missing", _("Deleted")
        NOT_LIVE = "not-live", _("Not published")
        FILE_MISSING = "file-missing", _("File missing from storage")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="link_problems"
    )
    kind = models.CharField(_("link to a"), max_length=20, choices=Kind.choices)
    problem = models.CharField(_("problem"), max_length=20, choices=Problem.choices)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    field = models.CharField(_("where on the page"), max_length=255, blank=True)
    found_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        ordering = ["page__path", "pk"]
        verbose_name = _("broken link")
        verbose_name_plural = _("broken links")

    def __str__(self):
        return f"{self.page_id}: {self.get_kind_display()} {self.target_label}"


class GovernancePermissions(models.Model):
    """Holds no rows: it only names the permissions of the governance screens,
    so that groups can be given them (home/governance/roles.py)."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            (
                "view_content_reports",
                "Can see the content reports (review dates, broken links, searches that found nothing)",
            ),
            ("view_submission_reports", "Can see the reports on submissions"),
            ("view_safeguarding_reports", "Can see the report on safeguarding flags"),
            ("view_account_reports", "Can see the report of accounts without recent use"),
            ("manage_data_rights", "Can find, export and erase personal data"),
        ]

    def __str__(self):
        return "governance permissions"
