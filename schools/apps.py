from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self):
        from schools.cards import register_lesson_pack_card

        # The shell's card registry: /search/ and every mixed list show lesson
        # packs as pack cards (key stages, length, professional access).
        register_lesson_pack_card()
