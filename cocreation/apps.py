import datetime

from django.apps import AppConfig


class CocreationConfig(AppConfig):
    name = "cocreation"
    verbose_name = "Co-creation"

    def ready(self):
        from cocreation.tasks import purge_contributions
        from home.schedule import schedule

        # Daily, in the quiet hours (the site's local time).
        schedule.register("purge_contributions", purge_contributions, daily_at=datetime.time(3, 0))
