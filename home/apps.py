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
