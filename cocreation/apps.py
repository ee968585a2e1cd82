import datetime

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def grant_moderation_roles(sender, using="default", **kwargs):
    """After migrate, once every app's permissions exist (snippet publish and
    lock permissions are made by wagtail.snippets' own post_migrate handler),
    give the reviewing groups theirs. Runs on the last app's signal."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    from cocreation.moderation.roles import setup_roles

    setup_roles(using=using)


class CocreationConfig(AppConfig):
    name = "cocreation"
    verbose_name = "Co-creation"

    def ready(self):
        post_migrate.connect(grant_moderation_roles, dispatch_uid="cocreation_moderation_roles")
        from cocreation.tasks import purge_contributions
        from home.schedule import schedule

        # Daily, in the quiet hours (the site's local time).
        schedule.register("purge_contributions", purge_contributions, daily_at=datetime.time(3, 0))

        from wagtail.signals import page_published

        from resources.models import ResourcePage

        # However a resource made from a submission goes live (the admin, a
        # scheduled publish, a script), its call's "what we made" lists it.
        page_published.connect(
            _resource_published, sender=ResourcePage, dispatch_uid="cocreation-resource-published"
        )


def _resource_published(sender, instance, **kwargs):
    from cocreation.services.publication import resource_published

    resource_published(resource=instance)
