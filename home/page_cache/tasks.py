"""The warmer as a background task (django-tasks; Wagtail 8 uses it too)."""

import logging

from django.conf import settings

from django_tasks import task

from home.page_cache import store
from home.page_cache.warming import begin_warm, parts, warm_paths

logger = logging.getLogger(__name__)


@task()
def warm_page_cache(generation):
    """Store every public page for `generation`, unless a newer one has started
    or another worker has already taken it. Enqueued once per bump.

    The pages are split into parts of PAGE_CACHE_WARM_PART pages, each a task
    of its own, shallowest first: every task worker takes parts, so a large
    site is warmed by all the workers together, the most read pages first."""
    report, sites = begin_warm(generation)
    if report.skipped:
        logger.info("Page cache: warm of generation %s skipped: %s.", generation, report.skipped)
        return {"parts": 0, "skipped": report.skipped}
    count = 0
    for site, paths in parts(sites, settings.PAGE_CACHE_WARM_PART):
        warm_page_cache_part.enqueue(generation, site.pk, paths)
        count += 1
    return {"parts": count}


@task()
def warm_page_cache_part(generation, site_pk, paths):
    """Store `paths` of one Site for `generation` (nothing once a newer one has started)."""
    from wagtail.models import Site

    site = Site.objects.select_related("root_page").filter(pk=site_pk).first()
    if site is None:
        return {"stored": 0, "skipped": "the site is gone"}
    report = warm_paths(generation, site, paths)
    return {"stored": len(report.stored), "refused": len(report.refused), "skipped": report.skipped}


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
    return warm_page_cache.call(generation)
