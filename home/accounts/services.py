"""State changes for second factors: enrol, confirm, verify, replace recovery codes.

Every verification goes through django-otp's own ``verify_token`` on a row
locked for update, so its throttling and its refusal to accept a code twice
hold even when two requests race.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.utils.translation import gettext_lazy as _

import django_otp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
SIGNED_IN_AT_SESSION_KEY = "accounts_signed_in_at"
AUTHENTICATOR_NAME = _("Authenticator app")
RECOVERY_CODES_NAME = _("Recovery codes")
DEVELOPMENT_AUTHENTICATOR_NAME = "Development authenticator"


@dataclass(frozen=True)
class VerifyResult:
    """What came of one code: the device that accepted it, or when to try again."""

    device: object = None
    retry_at: datetime | None = None

    @property
    def ok(self):
        return self.device is not None


def confirmed_totp_devices(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")


def user_can_access_admin(user):
    """An editor (anyone who may open Wagtail's admin): they need the second factor."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def user_has_authenticator(user):
    return confirmed_totp_devices(user).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_recovery_code(value):
    """Recovery codes are shown in lower case; spaces and hyphens may be typed."""
    return "".join(value.split()).replace("-", "").lower()


def totp_device_for_enrolment(*, user):
    """The user's authenticator waiting to be confirmed, made on the first visit.

    The same secret is shown until it is confirmed, so reloading the page does
    not invalidate a QR code the user has already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(AUTHENTICATOR_NAME), confirmed=False)
    return device


def _cap_throttle(device):
    """Stop django-otp's doubling wait from growing without end (see settings)."""
    cap = getattr(settings, "TWO_FACTOR_MAX_THROTTLE_FAILURES", None)
    if cap and device.throttling_failure_count > cap:
        device.throttling_failure_count = cap
        device.save(update_fields=["throttling_failure_count"])


def _verify_on(devices, token):
    """Try ``token`` on each device (locked for update); report the earliest retry time."""
    retry_at = None
    for device in devices:
        _cap_throttle(device)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            locked_until = (details or {}).get("locked_until")
            if locked_until and (retry_at is None or locked_until < retry_at):
                retry_at = locked_until
            continue
        if device.verify_token(token):
            return VerifyResult(device=device)
        retry_at = None  # a fresh wrong answer: the form says so, not "wait"
    return VerifyResult(retry_at=retry_at)


@transaction.atomic
def totp_device_confirm(*, user, token):
    """Confirm the enrolment authenticator with a code it made; drop any others waiting."""
    devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False)
    result = _verify_on(devices.order_by("pk")[:1], token)
    if result.ok:
        device = result.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return result


@transaction.atomic
def totp_verify(*, user, token):
    devices = confirmed_totp_devices(user).select_for_update()
    return _verify_on(devices, token)


@transaction.atomic
def recovery_code_verify(*, user, code):
    """Check a recovery code; django-otp deletes it once it has been used."""
    devices = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True)
    return _verify_on(devices.order_by("pk"), normalise_recovery_code(code))


@transaction.atomic
def recovery_codes_replace(*, user):
    """Make a new set of recovery codes, retiring every earlier one. Returns the codes."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(RECOVERY_CODES_NAME), confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def session_mark_verified(*, request, device):
    """Record in the session that its user passed the second factor.

    The session key and the CSRF token change here, as they do at sign-in, so
    that nothing captured before this step is worth anything after it.
    """
    django_otp.login(request, device)
    request.session.cycle_key()
    rotate_token(request)
    request.session.setdefault(SIGNED_IN_AT_SESSION_KEY, time.time())
