"""The warmer as a background task (django-tasks; Wagtail 8 uses it too)."""

import logging

from django.conf import settings

from django_tasks import task

from home.page_cache import store
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


@task()
def refresh_page_cache():
    """The daily warm (a scheduled job, home/schedule.py): retire every stored
    page and store every public page again, so that pages stay stored across
    quiet days (PAGE_CACHE_SECONDS is an upper bound). A process-local cache
    (the laptop's) is skipped: pages stored in this process would reach no reader."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return {"skipped": "the page cache is off"}
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return {"skipped": "the cache is this process's own"}
    generation = store.bump_generation()
    if generation is None:
        return {"skipped": "the cache is unreachable"}
    report = warm(generation)
    return {"stored": len(report.stored), "refused": len(report.refused), "skipped": report.skipped}
