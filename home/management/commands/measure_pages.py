import gzip
import time

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, Site


class Command(BaseCommand):
    help = (
        "Print the weight (bytes, gzipped bytes), database queries and render time of every "
        "live page, and of the site's CSS and JavaScript. A measurement, not a test."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=5, help="Requests per page; the median time is shown."
        )

    def handle(self, *args, repeat, **options):
        site = Site.objects.get(is_default_site=True)
        client = Client(HTTP_HOST=site.hostname if site.hostname != "*" else "localhost")
        if "testserver" not in settings.ALLOWED_HOSTS and not settings.DEBUG:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, site.hostname]
        urls = [
            page.url for page in Page.objects.live().public().filter(depth__gt=1).order_by("path")
        ]
        urls.append("/search/?q=friends")
        self.stdout.write(
            f"{'page':<36}{'status':>7}{'bytes':>9}{'gzip':>8}{'queries':>9}{'ms':>8}"
        )
        for url in urls:
            client.get(url)  # warm caches, as a second reader would find them
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
            body = response.content
            self.stdout.write(
                f"{url:<36}{response.status_code:>7}{len(body):>9}{len(gzip.compress(body)):>8}"
                f"{len(queries):>9}{sorted(timings)[len(timings) // 2]:>8.1f}"
            )
        for asset in ("css/clearsight.css", "js/clearsight.js"):
            with open(finders.find(asset), "rb") as handle:
                data = handle.read()
            self.stdout.write(f"{asset:<36}{'':>7}{len(data):>9}{len(gzip.compress(data)):>8}")
