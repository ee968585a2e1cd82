"""Measure the library, search and a band page on this database (issue 11: at 10,000
resources they should cost at most about twice what they cost at 100).

Renders each address through the whole stack with Django's test client (no
page cache: every address carries a query string), and prints per address
the queries (a deterministic figure: it must not grow with the resources),
the median and 95th-percentile render, and the slowest queries. Build the data first
with ``manage.py generate_load_data --resources N``; compare two databases.

    DATABASE_URL=sqlite:////tmp/100.sqlite3 manage.py measure_listings

``--index built`` first starts a page-cache generation and builds its facet
indexes as the warmer does (``home/facets.py``), so the library and search
match and count from bitmasks; ``--index none`` starts a generation with no
index, so they count in the database (what a reader gets between a change and
the warm). Both need a cache shared with this process's requests (any cache:
the test client runs in this process).
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

ADDRESSES = [
    "/young-people/11-13/?page=1",
    "/resources/?page=1",
    "/resources/?age=11-13&topic=online-safety",
    "/resources/?audience=young-people&format=poster&page=2",
    "/search/?q=safe",
    "/search/?q=online&age=11-13",
    "/search/?q=trusted+adult&page=3",
]


class Command(BaseCommand):
    help = "Time the library and search on this database, and count their queries."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument(
            "--index",
            choices=["as-is", "built", "none"],
            default="as-is",
            help="Build the facet indexes first, or start a generation without them.",
        )

        parser.add_argument("address", nargs="*", help="Addresses to measure instead of the usual")

    def handle(self, *args, runs, address, index, **options):
        from resources.models import ResourcePage

        self.stdout.write(f"{ResourcePage.objects.live().count()} live resources\n")
        if index != "as-is":
            self.prepare_index(index)
        client = Client(HTTP_HOST=self.host())
        # Every address has a query string, so the page cache never answers it.
        with override_settings(DEBUG=False):
            for url in address or ADDRESSES:
                client.get(url)  # warm the caches (renditions, site root paths)
                timings = []
                for _ in range(runs):
                    started = time.perf_counter()
                    with CaptureQueriesContext(connection) as captured:
                        response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
                timings.sort()
                p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
                self.stdout.write(
                    f"{url}\n  status {response.status_code}, {len(captured)} queries, "
                    f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms"
                )
                for query in slowest:
                    self.stdout.write(
                        f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:150]}"
                    )

    def prepare_index(self, index):
        from wagtail.models import Site

        from home.facets import build_facet_indexes
        from home.page_cache.store import bump_generation

        generation = bump_generation()
        if generation is None:
            raise CommandError("The cache did not answer: no generation, so no index.")
        if index == "built":
            started = time.perf_counter()
            stored = build_facet_indexes(generation, Site.objects.order_by("pk"))
            elapsed = (time.perf_counter() - started) * 1000
            self.stdout.write(f"Built {len(stored)} facet indexes in {elapsed:.0f} ms.")
        else:
            self.stdout.write("A new generation with no facet index: counted in the database.")

    def host(self):
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return site.hostname if site else "localhost"
