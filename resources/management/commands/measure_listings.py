"""Measure the library, search and a band page on this database (issue 11: at 10,000
resources they should cost at most about twice what they cost at 100).

Renders each address through the whole stack with Django's test client (no
page cache: every address carries a query string), and prints per address
the queries (a deterministic figure: it must not grow with the resources),
the median and 95th-percentile render, and the slowest queries. Build the data first
with ``manage.py generate_load_data --resources N``; compare two databases.

    DATABASE_URL=sqlite:////tmp/100.sqlite3 manage.py measure_listings
"""

import statistics
import time

from django.core.management.base import BaseCommand
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

        parser.add_argument("address", nargs="*", help="Addresses to measure instead of the usual")

    def handle(self, *args, runs, address, **options):
        from resources.models import ResourcePage

        self.stdout.write(f"{ResourcePage.objects.live().count()} live resources\n")
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

    def host(self):
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return site.hostname if site else "localhost"
