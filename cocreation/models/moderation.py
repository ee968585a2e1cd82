"""The workflow task every contribution goes through, with the actions reviewers need.

``SubmissionReviewTask`` is a ``GroupApprovalTask`` (members of its groups
open the editor and act while a submission is at their step) with two more
actions: reject with a reason code, and escalate to safeguarding. "Request
changes" is Wagtail's own reject, with a note that must be given.
The actions call services (cocreation/services/); the task holds no rules of
its own beyond who may do what.
https://docs.wagtail.org/en/stable/extending/custom_tasks.html
"""

from django.utils.translation import gettext_lazy as _

from wagtail.models import GroupApprovalTask


class SubmissionReviewTask(GroupApprovalTask):
    ACTION_REQUEST_CHANGES = "reject"
    ACTION_REJECT = "reject-with-reason"
    ACTION_ESCALATE = "escalate"

    def get_actions(self, obj, user):
        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        actions = [
            (self.ACTION_ESCALATE, _("Escalate to safeguarding"), True),
            (self.ACTION_REQUEST_CHANGES, _("Request changes"), True),
            (self.ACTION_REJECT, _("Reject"), True),
        ]
        # Nothing moves on while a safeguarding concern has no outcome.
        if not getattr(obj, "needs_safeguarding", False):
            actions += [
                ("approve", _("Approve"), False),
                ("approve", _("Approve with comment"), True),
            ]
        return actions

    def get_form_for_action(self, action):
        from cocreation.moderation import forms

        return {
            self.ACTION_REQUEST_CHANGES: forms.RequestChangesForm,
            self.ACTION_REJECT: forms.RejectForm,
            self.ACTION_ESCALATE: forms.EscalateForm,
        }.get(action, super().get_form_for_action(action))

    def on_action(self, task_state, user, action_name, **kwargs):
        from cocreation.services import moderation

        submission = task_state.workflow_state.content_object
        if action_name == self.ACTION_REQUEST_CHANGES:
            moderation.submission_request_changes(
                submission=submission, task_state=task_state, user=user, note=kwargs["comment"]
            )
        elif action_name == self.ACTION_REJECT:
            moderation.submission_reject(
                submission=submission, user=user, reason=kwargs["reason"], note=kwargs["note"]
            )
        elif action_name == self.ACTION_ESCALATE:
            moderation.submission_escalate(submission=submission, user=user, note=kwargs["note"])
        else:
            super().on_action(task_state, user, action_name, **kwargs)

    def start(self, workflow_state, user=None):
        from cocreation.services.moderation import submission_review_resumed

        task_state = super().start(workflow_state, user=user)
        submission_review_resumed(submission=workflow_state.content_object, user=user)
        return task_state

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve, request changes, reject with a reason "
            "or escalate to safeguarding."
        )

    class Meta:
        verbose_name = _("submission review task")
        verbose_name_plural = _("submission review tasks")
