import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Development only: make sure a local admin account exists, printing its password once."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "ensure_dev_admin only runs with DEBUG on: it is for a laptop, never a server."
            )
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"The local admin account '{username}' already exists.")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.WARNING(
                "Local admin account created (development only; shown this once):\n"
                f"  http://127.0.0.1:8000/admin/  username: {username}  password: {password}"
            )
        )
