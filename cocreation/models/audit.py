"""The audit log of submissions: Wagtail's log, in a table of its own.

Every step of a submission (sent, consent, screening, a safeguarding concern,
each review, publication, withdrawal, purge) is logged with Wagtail's
``log()``. Wagtail would put those entries in ``ModelLogEntry``, which its
Site history report shows to anyone holding any permission on the model, so
the youth panel (who may view the work at their step) would read every
submission's title and whether a concern was raised about it. Registered as
the submissions' log model (cocreation/wagtail_hooks.py), this table shows its
entries only to those who may see who sent a piece of work, and labels each
with the reference alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.models import BaseLogEntry
from wagtail.models.audit_log import ModelLogEntryManager


class SubmissionLogEntryManager(ModelLogEntryManager):
    def get_instance_title(self, instance):
        # The reference, never the child's title: an entry for work still
        # awaiting a parent's consent must say nothing about the work.
        return instance.reference

    def viewable_by_user(self, user):
        if user.is_superuser or user.has_perm("cocreation.view_submission_byline"):
            return self.all()
        return self.none()


class SubmissionLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, blank=False, db_index=True)

    objects = SubmissionLogEntryManager()

    class Meta(BaseLogEntry.Meta):
        ordering = ["-timestamp", "-id"]
        verbose_name = _("submission log entry")
        verbose_name_plural = _("submission log entries")

    def __str__(self):
        return f"SubmissionLogEntry {self.pk}: {self.action} on {self.object_id}"
