from django.core.management.base import BaseCommand

from schools.services.professionals import professional_access_set_up


class Command(BaseCommand):
    help = (
        'Make the Professionals group and the "Professionals only" collection with its '
        "view restriction, and give editors the permission to decide on accounts. "
        "Safe to run again (migrate does it too)."
    )

    def handle(self, *args, **options):
        collection = professional_access_set_up()
        self.stdout.write(
            f'The "{collection.name}" collection is restricted to the Professionals group.'
        )
