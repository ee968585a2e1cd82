"""Periodic chores of the site, run as scheduled jobs (registered in HomeConfig.ready)."""

from django.core.management import call_command

from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task, task_backends
from django_tasks_db.backend import DatabaseBackend


@task()
def searchpromotions_garbage_collect():
    """Drop daily search counts older than WAGTAILSEARCH_HITS_MAX_AGE days (what
    Wagtail's `searchpromotions_garbage_collect` command does, without its chatter),
    and the searches that found nothing, by the same age."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    from home.governance.reports import unanswered_searches_garbage_collect

    QueryDailyHits.garbage_collect()
    Query.garbage_collect()
    unanswered_searches_garbage_collect()


@task()
def prune_task_results():
    """Remove finished task results older than 14 days (django-tasks-db's own
    command); nothing to do when tasks are not kept in the database."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return "tasks are not kept in the database"
    call_command("prune_db_task_results", verbosity=0)
    return "pruned"
