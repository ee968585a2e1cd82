from django.core.management.base import BaseCommand

from home.images import generate_missing_renditions, retire_if_made


class Command(BaseCommand):
    help = (
        "Make every missing picture rendition (home/images.py): each picture's upload "
        "roles and every picture a live page shows. Safe to run again: existing "
        "renditions are kept."
    )

    def handle(self, *args, **options):
        made = retire_if_made(generate_missing_renditions())
        self.stdout.write(self.style.SUCCESS(f"Renditions: {made} made."))
