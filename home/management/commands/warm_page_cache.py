from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from home.page_cache import store
from home.page_cache.warming import warm


class Command(BaseCommand):
    help = (
        "Retire every stored page and store every public page again, rendered by this "
        "release. Run it after each deploy (and after a cache outage)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            action="append",
            dest="paths",
            metavar="PATH",
            help="Store only this path of each Site (repeat for more), e.g. the pages a "
            "benchmark measures. Every other page is still retired.",
        )

    def handle(self, *args, **options):
        if settings.PAGE_CACHE_SECONDS <= 0:
            self.stdout.write("The page cache is off (PAGE_CACHE_SECONDS=0): nothing to do.")
            return
        generation = store.bump_generation()
        if generation is None:
            raise CommandError("The cache did not answer, so no page was stored.")
        report = warm(generation, only=options["paths"])
        if report.skipped and not report.stored:
            raise CommandError(f"Nothing was stored: {report.skipped}.")
        if report.skipped:
            # Someone published meanwhile: the newer generation is warmed by its own task.
            self.stdout.write(self.style.WARNING(f"Stopped early: {report.skipped}."))
        self.stdout.write(
            self.style.SUCCESS(
                f"Page cache: {len(report.stored)} pages stored, {len(report.refused)} not "
                f"shareable (generation {generation})."
            )
        )
        for page, reason in sorted(report.refused.items()):
            self.stdout.write(f"  not stored: {page}: {reason}")
