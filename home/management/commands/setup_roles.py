from django.core.management.base import BaseCommand

from home.governance.setup import set_up_governance


class Command(BaseCommand):
    help = (
        "Create the editorial groups (Administrators, Editors, Schools editors, Moderators, "
        "Safeguarding leads, Youth panel) with their permissions, and the review workflows "
        "for each section (safe to run again)."
    )

    def handle(self, *args, **options):
        added = set_up_governance()
        self.stdout.write(f"Permissions added: {added}.")
