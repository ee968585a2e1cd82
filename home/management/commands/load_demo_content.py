from django.core.management.base import BaseCommand, CommandError

from home.demo_content.loader import DemoContentError, DemoContentLoader
from home.images import generate_missing_renditions


class Command(BaseCommand):
    help = "Build (or bring up to date) the demo site from home/demo_content/. Safe to run twice."

    def handle(self, *args, **options):
        try:
            report = DemoContentLoader().load()
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
        # Every picture's renditions, here and now (a worker would make them
        # too, later): the demo is often the first thing a reader sees.
        made = generate_missing_renditions()
        self.stdout.write(f"Renditions: {made} made.")
