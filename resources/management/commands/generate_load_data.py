"""Build the benchmark's large data set on top of the demo content (issue 11).

    manage.py generate_load_data --resources 10000 --packs 500 --submissions 100000

Adds generated pictures, resource pages, lesson packs and co-creation
submissions, all published and in the search index. The same ``--seed`` gives
the same titles and the same spread over age bands, audiences, topics,
formats and states. It refuses to run twice on one database (the generated
pictures mark a finished run): a second run would only double the counts.
Everything is written in one transaction, so a failed run leaves nothing.
"""

import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from cocreation.load_data import generate_submissions
from cocreation.models import Submission
from home.models import ClearsightImage
from resources.load_data import generate_resources
from resources.load_data.bulk import index_in_bulk, search_index_deferred
from resources.load_data.pictures import LOAD_DATA_CREDIT, create_pictures
from resources.models import ResourceIndexPage, ResourcePage
from schools.load_data import generate_packs
from schools.models import LessonPackPage

DEFAULT_SEED = 20261126
PICTURES = 40


def analyze():
    """ANALYZE the whole database (PostgreSQL and SQLite alike)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Command(BaseCommand):
    help = (
        "Add a large, reproducible data set (resources, lesson packs, submissions) on top "
        "of the demo content, for the benchmark. Refuses to run twice on one database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=1000)
        parser.add_argument("--packs", type=int, default=50)
        parser.add_argument("--submissions", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--pictures", type=int, default=PICTURES)

    def handle(self, *args, **options):
        if min(options["resources"], options["packs"], options["submissions"]) < 0:
            raise CommandError("Counts cannot be negative.")
        if options["pictures"] < 3:
            raise CommandError("At least 3 pictures are needed (an Easy Read section has 3).")
        if ClearsightImage.objects.filter(credit=LOAD_DATA_CREDIT).exists():
            raise CommandError(
                "This database already holds a generated data set (its pictures are credited "
                f"“{LOAD_DATA_CREDIT}”). Nothing was added: build it on a fresh database "
                "(migrate, then run this command)."
            )
        started = time.monotonic()
        timings = {}
        if not ResourceIndexPage.objects.exists():
            self.stdout.write("No demo tree yet: loading the demo content first.")
            call_command("load_demo_content", stdout=self.stdout)
            timings["demo content"] = time.monotonic() - started

        seed = options["seed"]
        # The page cache is retired on commit as after any change, but not
        # warmed: rendering every page again would take longer than building
        # them (128 s for 1,000 resources). `manage.py warm_page_cache` warms it.
        with (
            override_settings(PAGE_CACHE_WARM_ON_CHANGE=False),
            transaction.atomic(),
            search_index_deferred(ResourcePage, LessonPackPage, Submission),
        ):
            timings["pictures"], images = self._step(
                "pictures", lambda: create_pictures(options["pictures"])
            )
            timings["resources"], resources = self._step(
                "resources",
                lambda: generate_resources(
                    rng=random.Random(f"{seed}-resources"),  # noqa: S311 - seeded on purpose, not secrets
                    count=options["resources"],
                    images=images,
                    progress=self._progress("resources", options["resources"]),
                ),
            )
            timings["lesson packs"], packs = self._step(
                "lesson packs",
                lambda: generate_packs(
                    rng=random.Random(f"{seed}-packs"),  # noqa: S311 - seeded on purpose, not secrets
                    count=options["packs"],
                    progress=self._progress("lesson packs", options["packs"]),
                ),
            )
            timings["submissions"], submission_pks = self._step(
                "submissions",
                lambda: generate_submissions(
                    rng=random.Random(f"{seed}-submissions"),  # noqa: S311 - seeded on purpose, not secrets
                    count=options["submissions"],
                    progress=self._progress("submissions", options["submissions"]),
                ),
            )

            def index():
                index_in_bulk(ResourcePage, [p.pk for p in resources])
                index_in_bulk(LessonPackPage, [p.pk for p in packs])
                index_in_bulk(Submission, submission_pks)

            timings["search index"], _ = self._step("search index", index)
            self.stdout.write("Committing…")
            committing = time.monotonic()
        timings["commit"] = time.monotonic() - committing
        # Fresh statistics, so that the planner knows the tables' new sizes
        # (PostgreSQL otherwise plans the library's queries for the old ones
        # until autovacuum gets round to it: 69 ms against 17 ms, measured).
        timings["analyze"], _ = self._step("database statistics", analyze)

        total = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated (seed {seed}): {len(images)} pictures, {len(resources)} resources, "
                f"{len(packs)} lesson packs, {len(submission_pks)} submissions "
                f"in {total:.1f} s."
            )
        )
        self.stdout.write(
            "Seconds: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in timings.items())
        )
        self.stdout.write("The page cache is empty: `manage.py warm_page_cache` fills it.")

    def _step(self, name, work):
        self.stdout.write(f"Generating {name}…")
        self.stdout.flush()
        started = time.monotonic()
        result = work()
        return time.monotonic() - started, result

    def _progress(self, name, total):
        every = max(1, total // 10)

        def report(done):
            if done % every == 0 or done == total:
                self.stdout.write(f"  {name}: {done} of {total}")
                self.stdout.flush()

        return report
