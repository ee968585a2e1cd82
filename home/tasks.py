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


@task()
def generate_image_renditions(image_pk, roles):
    """Make a picture's missing renditions for these roles (home/images.py):
    after an upload, or when a reader's page found one missing."""
    from wagtail.images import get_image_model

    from home.images import make_renditions, retire_if_made

    image = get_image_model().objects.filter(pk=image_pk).first()
    if image is None:  # deleted before the worker got to it
        return 0
    return retire_if_made(make_renditions(image, roles))


@task()
def generate_page_renditions(page_pk):
    """Make the missing renditions of every picture a published page shows, in
    the role it shows it in (home/images.py::image_uses)."""
    from wagtail.models import Page

    from home.images import image_uses, make_renditions, retire_if_made

    page = Page.objects.filter(pk=page_pk).first()
    if page is None:
        return 0
    images, roles = {}, {}
    for image, role in image_uses(page.specific):
        images.setdefault(image.pk, image)
        roles.setdefault(image.pk, []).append(role)
    return retire_if_made(sum(make_renditions(images[pk], roles[pk]) for pk in images))
