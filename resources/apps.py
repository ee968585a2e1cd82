from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Resource library"

    def ready(self):
        from resources import roles  # noqa: F401  (its rows of the editorial roles)
        from resources.library import (
            register_library_filters,
            register_library_index,
            register_resource_card,
        )

        # The shell's filter registry and card registry: /resources/ and /search/
        # offer format and Easy Read, and show resources as resource cards.
        register_library_filters()
        register_resource_card()
        # The warmer builds each library's facet index once per generation.
        register_library_index()
