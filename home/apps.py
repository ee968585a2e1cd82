from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site and pages"

    def ready(self):
        from home import signals  # noqa: F401 - connects the page-cache invalidation
