"""Run the broken-link check now (the scheduled job does it daily at 04:30)."""

from django.core.management.base import BaseCommand

from home.governance.links import run_link_check


class Command(BaseCommand):
    help = "Find links and documents on live pages that lead nowhere; list them for editors."

    def handle(self, *args, **options):
        self.stdout.write(run_link_check())
