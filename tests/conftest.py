import os
import shutil
from pathlib import Path

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from home.factories import HomePageFactory

# Playwright's sync API runs an event loop in the test thread; Django's
# async-safety check would then refuse every ORM call the test makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and cached settings never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """A Clearsight home page as the default site's root, replacing Wagtail's welcome page."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, slug="clearsight-home")
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.save()
    welcome.delete()
    return home


@pytest.fixture
def demo_site(db):
    """The whole demo tree, exactly as `make run` loads it."""
    from home.demo_content.loader import DemoContentLoader

    DemoContentLoader().load()
    return Site.objects.get(is_default_site=True)


def find_chromium():
    candidate = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    if Path(candidate).exists():
        return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path:
        return path
    reason = "No Chromium found at CHROMIUM_PATH or /usr/bin/chromium (Debian package 'chromium')."
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


# --- Signing in with a second factor -----------------------------------------
# Every admin user must pass two-factor authentication. Tests do it honestly:
# the user gets a real authenticator (a django-otp TOTP device) and the session
# is marked verified by django-otp's own `login`, exactly as the code step does.


def current_totp_code(device):
    """The code an authenticator app would show for this device now."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def totp_code():
    return current_totp_code


@pytest.fixture
def enrol():
    """Give a user a confirmed authenticator (and optionally recovery codes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from home.accounts.services import recovery_codes_replace

    def enrol(user, *, recovery_codes=False):
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
        codes = recovery_codes_replace(user=user) if recovery_codes else []
        return device, codes

    return enrol


@pytest.fixture
def sign_in_verified(enrol):
    """Sign `client` in as `user` and pass the second factor with django-otp's login."""
    from django.http import HttpRequest

    import django_otp

    def sign_in(client, user, device=None):
        if device is None:
            device = user.totpdevice_set.filter(confirmed=True).first() or enrol(user)[0]
        client.force_login(user)
        request = HttpRequest()
        request.session = client.session
        request.user = user
        django_otp.login(request, device)
        request.session.save()
        return client

    return sign_in


@pytest.fixture
def admin_client(db, admin_user, client, sign_in_verified):
    """pytest-django's admin client, signed in with both factors."""
    return sign_in_verified(client, admin_user)
