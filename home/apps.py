from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site and pages"

    def ready(self):
        from home import signals  # noqa: F401 - connects the page-cache invalidation
        from home.uploads import configure_pillow

        configure_pillow()  # Pillow's own bomb guard at our pixel limit, in every process

        from home.images import connect_signals

        connect_signals()  # renditions made after an upload and a publish, in the background

        from home.filters import register_shell_filters

        register_shell_filters()  # feature apps add theirs from their own ready()

        from home.facets import register_search_scope

        register_search_scope()  # the warmer's facet index for /search/

        register_scheduled_jobs()

        from django.db.models.signals import post_migrate

        post_migrate.connect(set_up_governance, dispatch_uid="home_governance_set_up")


def set_up_governance(sender, using="default", **kwargs):
    """The editorial groups and review workflows (home/governance/setup.py).

    post_migrate is sent once per app: act once, on the last app with models,
    when every app's permissions exist (wagtail.snippets makes the snippet
    publish and lock permissions in its own post_migrate handler)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    from home.governance.setup import set_up_governance

    set_up_governance(using=using)


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

    from home.governance.audit import prune_sign_in_records
    from home.governance.links import check_links
    from home.governance.review import send_review_digests

    schedule.register("prune_sign_in_records", prune_sign_in_records, daily_at=datetime.time(2, 20))
    schedule.register("check_links", check_links, daily_at=datetime.time(4, 30))
    # Weekly: a week after the last digest went out.
    schedule.register("send_review_digests", send_review_digests, every=datetime.timedelta(days=7))
