"""The page django-axes shows when a username and address are locked out."""

import math
from datetime import timedelta

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from axes.helpers import get_cool_off


def lockout_response(request, original_response=None, credentials=None):
    """429 with Retry-After and a page that says, kindly, when to try again.

    The lock-out lifts a cool-off period after the latest failed attempt (axes
    records this one before asking for this page), so the time is that
    attempt's time plus the cool-off.
    """
    # Clearsight always sets a cool-off (settings: "Editor accounts"); without
    # one a lock-out would last until an administrator lifts it.
    cool_off = get_cool_off(request) or timedelta(minutes=15)
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    retry_at = attempt_time + cool_off
    seconds = max(1, math.ceil((retry_at - timezone.now()).total_seconds()))
    response = render(
        request,
        "two_factor/locked_out.html",
        {
            "retry_at": timezone.localtime(retry_at),
            "minutes": math.ceil(seconds / 60),
            "password_reset_url": reverse("wagtailadmin_password_reset"),
        },
        status=429,
    )
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
