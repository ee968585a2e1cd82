import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Development only: print the current two-factor code of a local account's "
        "authenticator (the one `ensure_dev_admin` set up), so that no phone is needed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--uri",
            action="store_true",
            help="Also print the otpauth:// address, to add the account to an authenticator app.",
        )

    def handle(self, *args, username, uri, **options):
        if not (settings.DEBUG or settings.LAPTOP):
            raise CommandError(
                "dev_otp_code only runs on a laptop (the development settings): "
                "on a server, codes come from each person's own authenticator app."
            )
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no account '{username}'. Run `make run` to create it.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(
                f"'{username}' has no authenticator yet. Run `manage.py ensure_dev_admin`, "
                "or sign in and set one up."
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = time.time()
        totp.time = now
        seconds_left = device.step - int(now - device.t0) % device.step
        code = f"{totp.token():0{device.digits}d}"
        self.stdout.write(code)
        self.stderr.write(
            f"Valid for about {seconds_left} more seconds; each code works once per account."
        )
        if uri:
            self.stdout.write(device.config_url)
