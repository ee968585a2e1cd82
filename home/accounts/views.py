"""The second step of signing in, enrolment, recovery codes, and the rate-limited password reset.

Every page here is rendered in Wagtail's sign-in layout, works without
JavaScript, is never cached, and runs under a stricter policy than the rest of
the admin (no inline script or style), because it shows secrets.
"""

import math
from base64 import b32encode
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from wagtail.admin.views.account import PasswordResetView

from csp.decorators import csp_replace
from django_ratelimit.core import get_usage

from home.accounts import services
from home.accounts.forms import AuthenticatorCodeForm, RecoveryCodeForm
from home.governance import audit

# These pages show a secret or take a code: no inline script or style at all.
STRICT_POLICY = {"script-src": ["'self'"], "style-src": ["'self'"]}


def two_factor_page(view):
    """Signed-in users only; never cached; the strict policy; GET and POST only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return view(request, *args, **kwargs)

    return require_http_methods(["GET", "HEAD", "POST"])(
        never_cache(csp_replace(STRICT_POLICY)(sensitive_post_parameters()(wrapper)))
    )


def next_url(request):
    """Where to go once the second factor is done: a local address, else the dashboard."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def next_query(request):
    return urlencode({"next": next_url(request)})


def _throttled(request, template, context, retry_at):
    """The form again, with a 429 and Retry-After: too many wrong codes in a row."""
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    if seconds < 120:
        message = ngettext(
            "You have entered too many wrong codes. Wait %(count)d second, then try again.",
            "You have entered too many wrong codes. Wait %(count)d seconds, then try again.",
            seconds,
        ) % {"count": seconds}
    else:
        minutes = math.ceil(seconds / 60)
        message = ngettext(
            "You have entered too many wrong codes. Wait about %(count)d minute, then try again.",
            "You have entered too many wrong codes. Wait about %(count)d minutes, then try again.",
            minutes,
        ) % {"count": minutes}
    context["throttle_message"] = message
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def qr_code_data_uri(device):
    """The authenticator set-up address as a QR code: an SVG data URI, made on the server."""
    import segno  # here: only the enrolment page draws a QR code (worker memory, issue 11)

    return segno.make(device.config_url, error="m").svg_data_uri(
        scale=5, border=4, dark="#000", light="#fff"
    )


def grouped_secret(device):
    """The secret in base32, in groups of four, as people type it into an app."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@two_factor_page
def setup(request):
    """Enrolment: scan (or type) the secret, confirm with a code, see recovery codes once."""
    user = request.user
    if services.user_has_authenticator(user):
        if user.is_verified():
            return redirect(next_url(request))
        return redirect(f"{reverse('two_factor:verify')}?{request.GET.urlencode()}")
    device = services.totp_device_for_enrolment(user=user)
    form = AuthenticatorCodeForm(request.POST or None)
    template = "two_factor/setup.html"
    context = {
        "form": form,
        "next": next_url(request),
        "qr_code": qr_code_data_uri(device),
        "secret": grouped_secret(device),
    }
    if request.method == "POST" and form.is_valid():
        result = services.totp_device_confirm(user=user, token=form.cleaned_data["otp_token"])
        if result.ok:
            codes = services.recovery_codes_replace(user=user)
            services.session_mark_verified(request=request, device=result.device)
            return render(
                request,
                "two_factor/recovery_codes.html",
                {"codes": codes, "next": next_url(request), "just_enrolled": True},
            )
        if result.retry_at:
            return _throttled(request, template, context, result.retry_at)
        form.add_error(
            "otp_token",
            _(
                "That code did not match. Check that the time on your phone is right, "
                "then enter the newest code from your app."
            ),
        )
    return render(request, template, context, status=400 if form.errors else 200)


def _code_step_not_needed(request):
    """Where to send a user who needs no code step: on if already verified, to
    set-up if they have no authenticator yet; None if the step applies."""
    if request.user.is_verified():
        return redirect(next_url(request))
    if not services.user_has_authenticator(request.user):
        return redirect(f"{reverse('two_factor:setup')}?{request.GET.urlencode()}")
    return None


@two_factor_page
def verify(request):
    """The second step of signing in: a code from the authenticator app."""
    user = request.user
    if (elsewhere := _code_step_not_needed(request)) is not None:
        return elsewhere
    form = AuthenticatorCodeForm(request.POST or None)
    template = "two_factor/verify.html"
    context = {"form": form, "next": next_url(request), "next_query": next_query(request)}
    if request.method == "POST" and form.is_valid():
        result = services.totp_verify(user=user, token=form.cleaned_data["otp_token"])
        if result.ok:
            services.session_mark_verified(request=request, device=result.device)
            return redirect(next_url(request))
        if result.retry_at:
            return _throttled(request, template, context, result.retry_at)
        audit.second_factor_failed(user=user, method="authenticator")
        form.add_error(
            "otp_token",
            _(
                "That code did not match. Enter the newest code from your app, "
                "or use a recovery code."
            ),
        )
    return render(request, template, context, status=400 if form.errors else 200)


@two_factor_page
def recovery(request):
    """Instead of the app: one of the recovery codes, which is then used up."""
    user = request.user
    if (elsewhere := _code_step_not_needed(request)) is not None:
        return elsewhere
    form = RecoveryCodeForm(request.POST or None)
    template = "two_factor/recovery.html"
    context = {"form": form, "next": next_url(request), "next_query": next_query(request)}
    if request.method == "POST" and form.is_valid():
        result = services.recovery_code_verify(user=user, code=form.cleaned_data["recovery_code"])
        if result.ok:
            services.session_mark_verified(request=request, device=result.device)
            left = services.recovery_codes_left(user)
            messages.warning(
                request,
                ngettext(
                    "You used a recovery code. You have %(count)d left: make new ones from "
                    "“Two-factor authentication” in your account.",
                    "You used a recovery code. You have %(count)d left: make new ones from "
                    "“Two-factor authentication” in your account.",
                    left,
                )
                % {"count": left},
            )
            return redirect(next_url(request))
        if result.retry_at:
            return _throttled(request, template, context, result.retry_at)
        audit.second_factor_failed(user=user, method="recovery code")
        form.add_error(
            "recovery_code",
            _(
                "That recovery code did not match, or it has been used already. Check it and try again."
            ),
        )
    return render(request, template, context, status=400 if form.errors else 200)


@two_factor_page
def manage(request):
    """For a verified user: how many recovery codes are left, and a way to make new ones."""
    user = request.user
    if not user.is_verified():
        return redirect(f"{reverse('two_factor:verify')}?next={request.path}")
    if request.method == "POST":
        codes = services.recovery_codes_replace(user=user)
        return render(
            request,
            "two_factor/recovery_codes.html",
            {"codes": codes, "next": reverse("two_factor:manage"), "just_enrolled": False},
        )
    return render(
        request,
        "two_factor/manage.html",
        {
            "authenticator": services.confirmed_totp_devices(user).first(),
            "codes_left": services.recovery_codes_left(user),
        },
    )


# --- Password reset, rate limited -------------------------------------------


def _email_key(group, request):
    return request.POST.get("email", "").strip().lower()


def password_reset_retry_after(request):
    """Seconds to wait when this address or this e-mail has asked too often, else 0.

    Both limits are counted on every POST, whether or not the e-mail belongs to
    anyone, so the answer says nothing about who has an account.
    """
    waits = []
    limits = [("password-reset:address", "ip", settings.RESET_EMAIL_RATE_PER_ADDRESS)]
    if _email_key(None, request):
        limits.append(("password-reset:email", _email_key, settings.RESET_EMAIL_RATE_PER_EMAIL))
    for group, key, rate in limits:
        usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)
        if usage and usage["should_limit"]:
            # time_left is -1 when the counter could not be read: wait a minute.
            waits.append(usage["time_left"] if usage["time_left"] > 0 else 60)
    return max(waits, default=0)


@never_cache
@sensitive_post_parameters()
def password_reset(request, *args, **kwargs):
    """Wagtail's password reset form, refusing too many e-mails with the site's 429 page."""
    if request.method == "POST":
        retry_after = password_reset_retry_after(request)
        if retry_after:
            response = render(request, "errors/429.html", {"retry_after": retry_after}, status=429)
            response["Retry-After"] = str(retry_after)
            return response
    return PasswordResetView.as_view()(request, *args, **kwargs)
