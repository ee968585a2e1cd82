import datetime

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def set_up_professional_access(sender, using="default", **kwargs):
    """After migrate, once every app's tables and permissions exist: the
    Professionals group and the "Professionals only" collection with its view
    restriction (schools.privacy). Runs on the last app's signal."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if not with_models or sender is not with_models[-1]:
        return
    from schools.services.professionals import professional_access_set_up

    professional_access_set_up()


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self):
        post_migrate.connect(set_up_professional_access, dispatch_uid="schools_professional_access")
        from home.schedule import schedule
        from schools.tasks import purge_unverified_professionals

        # Daily, in the quiet hours (the site's local time).
        schedule.register(
            "purge_unverified_professionals",
            purge_unverified_professionals,
            daily_at=datetime.time(3, 30),
        )
