"""Periodic background tasks: a registry, and `django-admin run_schedule` to enqueue them.

django-tasks 0.12 (the release Wagtail 8.0.1 pins) runs tasks but has no
scheduler, and the schedulers built on it need a newer django-tasks or Python.
This one is small: apps register their periodic jobs from their own
``AppConfig.ready`` (this module never names them)::

    from home.schedule import schedule

    schedule.register("purge_contributions", purge_contributions, daily_at=time(3, 0))
    schedule.register("check_links", check_links, every=timedelta(hours=6))

`django-admin run_schedule --once` (from cron) or `--every 60` (a process
beside `db_worker`) enqueues each job that is due; the worker runs it. With
`TASKS_BACKEND=immediate` (the laptop) enqueueing runs the job at once.

A job is claimed by a conditional UPDATE of its ``ScheduledJobRun`` row
("set last_enqueued_at = now where it is still due"), and enqueued in the same
transaction. Two schedulers running at once on different servers both try the
UPDATE; the database lets one of them change the row, and the other finds it no
longer due (PostgreSQL re-checks the condition after waiting for the first
transaction's lock), so each due job is enqueued once. With the database task
backend the enqueued row and the claim commit together: a failed enqueue leaves
the job due for the next run.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from django_tasks.base import Task

logger = logging.getLogger(__name__)

__all__ = ["Schedule", "ScheduledJob", "schedule"]


@dataclass(frozen=True)
class ScheduledJob:
    """A task to enqueue periodically: every `every`, or once a day at
    `daily_at` (the site's local time, TIME_ZONE). The task takes no arguments."""

    name: str
    task: Task
    every: datetime.timedelta | None = None
    daily_at: datetime.time | None = None

    def __post_init__(self):
        if (self.every is None) == (self.daily_at is None):
            raise ValueError(f"Give job {self.name!r} either `every` or `daily_at`, not both.")
        if self.every is not None and self.every <= datetime.timedelta(0):
            raise ValueError(f"Job {self.name!r} needs a positive interval.")

    def latest_slot(self, now):
        """For a daily job: the latest moment at or before `now` when it fell due."""
        local = timezone.localtime(now)
        day = local.date()
        slot = timezone.make_aware(datetime.datetime.combine(day, self.daily_at))
        if slot > now:
            slot = timezone.make_aware(
                datetime.datetime.combine(day - datetime.timedelta(days=1), self.daily_at)
            )
        return slot

    def due_condition(self, now):
        """The rows of ScheduledJobRun on which this job is due at `now`."""
        if self.every is not None:
            due = Q(last_enqueued_at__lte=now - self.every)
        else:
            due = Q(last_enqueued_at__lt=self.latest_slot(now))
        return Q(last_enqueued_at__isnull=True) | due

    def is_due(self, last_enqueued_at, now):
        if last_enqueued_at is None:
            return True
        if self.every is not None:
            return last_enqueued_at <= now - self.every
        return last_enqueued_at < self.latest_slot(now)

    def describe(self):
        if self.every is not None:
            return f"every {self.every}"
        return f"daily at {self.daily_at:%H:%M}"


@dataclass
class Enqueued:
    job: ScheduledJob
    result: object  # the django-tasks TaskResult


class Schedule:
    """The registry of periodic jobs."""

    def __init__(self):
        self._jobs = {}

    def register(self, name, task, *, every=None, daily_at=None):
        if name in self._jobs:
            raise ValueError(f"A scheduled job named {name!r} is already registered.")
        if not isinstance(task, Task):
            raise TypeError(f"Job {name!r} needs a django-tasks task (decorated with @task()).")
        job = ScheduledJob(name=name, task=task, every=every, daily_at=daily_at)
        self._jobs[name] = job
        return job

    def jobs(self):
        return [self._jobs[name] for name in sorted(self._jobs)]

    def claim(self, job, now):
        """Mark `job` as enqueued at `now` if it is due; True if this caller won it.

        One UPDATE with the due condition in its WHERE clause: of two callers
        racing, only one changes the row."""
        from home.models import ScheduledJobRun

        ScheduledJobRun.objects.get_or_create(name=job.name)
        return (
            ScheduledJobRun.objects.filter(job.due_condition(now), name=job.name).update(
                last_enqueued_at=now
            )
            == 1
        )

    def run_due(self, now=None):
        """Enqueue every job that is due; returns what was enqueued."""
        now = now or timezone.now()
        enqueued = []
        for job in self.jobs():
            try:
                with transaction.atomic():
                    if not self.claim(job, now):
                        continue
                    result = job.task.enqueue()
            except Exception:
                # The claim is rolled back with it, so the job stays due for the
                # next run; the other jobs still go.
                logger.exception("Scheduled job %s could not be enqueued.", job.name)
                continue
            logger.info("Scheduled job %s enqueued (task %s).", job.name, result.id)
            enqueued.append(Enqueued(job=job, result=result))
        return enqueued

    def status(self, now=None):
        """(job, last enqueued, due now?) for each registered job."""
        from home.models import ScheduledJobRun

        now = now or timezone.now()
        last = dict(ScheduledJobRun.objects.values_list("name", "last_enqueued_at"))
        return [
            (job, last.get(job.name), job.is_due(last.get(job.name), now)) for job in self.jobs()
        ]


schedule = Schedule()
