from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJobRun(models.Model):
    """When a periodic job (home/schedule.py) was last enqueued.

    One row per job name. `django-admin run_schedule` claims a due job by a
    conditional UPDATE of its row, so that two servers running the scheduler
    at once enqueue it once.
    """

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")

    def __str__(self):
        return self.name
