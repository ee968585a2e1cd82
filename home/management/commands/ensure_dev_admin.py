import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.plugins.otp_totp.models import TOTPDevice

from home.accounts.services import DEVELOPMENT_AUTHENTICATOR_NAME


class Command(BaseCommand):
    help = (
        "Development only: make sure a local admin account exists, printing its password "
        "once, and that it has an authenticator for two-factor sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        if not (settings.DEBUG or settings.LAPTOP):
            raise CommandError(
                "ensure_dev_admin only runs on a laptop (the development settings): it is for a laptop, never a server."
            )
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = None
        if user is not None:
            self.stdout.write(f"The local admin account '{username}' already exists.")
        else:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username=username, email="", password=password)
        # Every admin must pass a second factor, this one too: enrol it now so
        # that `manage.py dev_otp_code` can print the code the admin asks for.
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name=DEVELOPMENT_AUTHENTICATOR_NAME, confirmed=True
            )
            self.stdout.write(f"Two-factor sign-in is set up for '{username}'.")
        self.stdout.write(
            "After the password, the admin asks for a code: run "
            f"`.venv/bin/python manage.py dev_otp_code --username {username}` to get one."
        )
        if password is not None:
            self.stdout.write(
                self.style.WARNING(
                    "Local admin account created (development only; shown this once):\n"
                    f"  http://127.0.0.1:8000/admin/  username: {username}  password: {password}"
                )
            )
