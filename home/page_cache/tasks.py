"""The warmer as a background task (django-tasks; Wagtail 8 uses it too)."""

import logging

from django_tasks import task

from home.page_cache.warming import warm

logger = logging.getLogger(__name__)


@task()
def warm_page_cache(generation):
    """Store every public page for `generation`, unless a newer one has started
    or another worker has already taken it. Enqueued once per bump."""
    report = warm(generation)
    if report.skipped:
        logger.info("Page cache: warm of generation %s skipped: %s.", generation, report.skipped)
    return {"stored": len(report.stored), "refused": len(report.refused)}
