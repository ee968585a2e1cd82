from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site and pages"

    def ready(self):
        from home import signals  # noqa: F401 - connects the page-cache invalidation
        from home.uploads import configure_pillow

        configure_pillow()  # Pillow's own bomb guard at our pixel limit, in every process

        from home.filters import register_shell_filters

        register_shell_filters()  # feature apps add theirs from their own ready()

        register_scheduled_jobs()


def register_scheduled_jobs():
    """The site's own periodic chores (home/schedule.py); feature apps register
    theirs from their own ready()."""
    import datetime

    from home.page_cache.tasks import refresh_page_cache
    from home.schedule import schedule
    from home.tasks import prune_task_results, searchpromotions_garbage_collect

    # Early morning, local time: quiet hours, and one after the other.
    schedule.register(
        "searchpromotions_garbage_collect",
        searchpromotions_garbage_collect,
        daily_at=datetime.time(2, 0),
    )
    schedule.register("prune_task_results", prune_task_results, daily_at=datetime.time(2, 10))
    schedule.register("refresh_page_cache", refresh_page_cache, daily_at=datetime.time(4, 0))
