"""Delete training certificates kept past their module's retention period.

The same job runs daily at 03:40 (community/tasks.py purge_expired_certificates);
this command is for running it by hand, or checking with --dry-run how many
would go. A certificate whose module was deleted is kept for the module
field's default, 72 months.
"""

from django.core.management.base import BaseCommand

from community.services.certificates import certificates_past_retention, certificates_purge


class Command(BaseCommand):
    help = "Delete training certificates past their module's retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the certificates that would be deleted.",
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = certificates_past_retention().count()
            self.stdout.write(f"{count} certificate(s) would be deleted (dry run).")
            return
        count = certificates_purge()
        self.stdout.write(f"{count} certificate(s) deleted.")
