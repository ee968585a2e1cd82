"""Two-factor enforcement and the absolute session limit, for every signed-in request.

A password alone never opens the admin. A signed-in user who has not passed
the second factor in this session:

- on any admin address (pages, the admin API, previews, document and image
  views, password reset) is sent to enrolment if they have no authenticator
  yet, and to the code step if they have one;
- anywhere else on the site (private pages, private documents) is treated as
  not signed in at all, if they can open the admin (an editor);
- a user who cannot open the admin (a professional reader: a password is
  their "light verification") keeps who they are outside the admin, so page
  privacy and collection view restrictions can let them in.

Only the second-factor pages themselves, signing out and the admin's static
helpers (icons, translations) see the real user before that.

Sessions also end SESSION_ABSOLUTE_SECONDS after sign-in, however busy;
the idle limit is Django's own (SESSION_COOKIE_AGE, saved on every request).
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from home.accounts.services import (
    SIGNED_IN_AT_SESSION_KEY,
    user_can_access_admin,
    user_has_authenticator,
)

# Reachable while signed in but not yet verified.
OPEN_TO_UNVERIFIED = (
    "two_factor:setup",
    "two_factor:verify",
    "two_factor:recovery",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
)


def _admin_prefix():
    return reverse("wagtailadmin_home")


def _is_admin(request):
    return request.path_info.startswith(_admin_prefix())


def _open_to_unverified(request):
    return request.path_info in {reverse(name) for name in OPEN_TO_UNVERIFIED}


def _anonymise(request):
    anonymous = AnonymousUser()
    request.user = anonymous

    async def auser():
        return anonymous

    request.auser = auser


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie nobody is signed in: leave the session
        # untouched so public responses do not start to vary on it.
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request):
        user = request.user
        if not user.is_authenticated:
            return None
        if self.session_has_expired(request):
            logout(request)
            if _is_admin(request):
                messages.info(
                    request,
                    _(
                        "You were signed in for a long time, so we signed you out. Please sign in again."
                    ),
                )
                return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
            return None
        if user.is_verified() or _open_to_unverified(request):
            return None
        if _is_admin(request):
            step = "two_factor:verify" if user_has_authenticator(user) else "two_factor:setup"
            url = reverse(step)
            if request.method in ("GET", "HEAD"):
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        if user_can_access_admin(user):
            _anonymise(request)
        return None

    @staticmethod
    def session_has_expired(request):
        signed_in_at = request.session.get(SIGNED_IN_AT_SESSION_KEY)
        now = time.time()
        if signed_in_at is None:
            request.session[SIGNED_IN_AT_SESSION_KEY] = now
            return False
        return now - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS
