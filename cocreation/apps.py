import datetime

from django.apps import AppConfig


class CocreationConfig(AppConfig):
    name = "cocreation"
    verbose_name = "Co-creation"

    def ready(self):
        from cocreation.moderation import roles  # noqa: F401  (its rows of the editorial roles)

        # The reviewing groups' permissions: home/governance/roles.py (after every migrate).
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
