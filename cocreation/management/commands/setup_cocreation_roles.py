from django.core.management.base import BaseCommand

from cocreation.moderation.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Give the safeguarding leads, youth panel, editors and moderators the permissions "
        "they need to moderate contributions (safe to run again)."
    )

    def handle(self, *args, **options):
        added = setup_roles()
        self.stdout.write(f"Permissions added: {added}.")
