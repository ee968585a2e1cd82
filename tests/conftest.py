import os
import shutil
from pathlib import Path

from django.core.cache import cache

from wagtail.models import Page, Site

import pytest

from home.factories import HomePageFactory

from .demo_tree import (
    SharedDemoTree,
    group_items,
    load_demo,
    shares_demo_transaction,
    uses_demo_media,
)

# Playwright's sync API runs an event loop in the test thread; Django's
# async-safety check would then refuse every ORM call the test makes.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session", autouse=True)
def restored_databases_are_not_audited():
    """Live-server tests restore a saved copy of the database between tests
    (serialized rollback). Re-creating group permissions there is not a change
    anyone made, so the audit (home/governance/audit.py) records nothing."""
    from django.db.backends.base.creation import BaseDatabaseCreation

    from home.governance.audit import paused

    restore = BaseDatabaseCreation.deserialize_db_from_string

    def restore_unaudited(self, data):
        with paused():
            return restore(self, data)

    BaseDatabaseCreation.deserialize_db_from_string = restore_unaudited
    yield
    BaseDatabaseCreation.deserialize_db_from_string = restore


@pytest.fixture(scope="session")
def demo_media_root(tmp_path_factory):
    """The demo's pictures and video, kept for the run like the demo tree itself."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def media_root(request, settings, tmp_path):
    """Every test writes uploads to its own temporary folder; a test on the
    shared demo tree to the demo's, where the files its images name are."""
    if uses_demo_media(request.node):
        settings.MEDIA_ROOT = request.getfixturevalue("demo_media_root")
    else:
        settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters and cached settings never leak between tests (nor
    what home/chrome.py keeps in this process: a generation number starts from
    the clock, so two tests could meet the same one)."""
    from home.chrome import forget_process_memo
    from home.facets import forget_kept_indexes
    from home.images import forget_kept_pictures

    cache.clear()
    forget_process_memo()
    forget_kept_pictures()
    forget_kept_indexes()
    yield
    cache.clear()
    forget_process_memo()
    forget_kept_pictures()
    forget_kept_indexes()


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


# --- The demo tree, loaded once (see tests/demo_tree.py) ---------------------
# Tests asking for `demo_site` run one after another (grouped at collection)
# inside one outer transaction that holds the demo, loaded once; each test's
# own transaction is a savepoint in it and is rolled back after the test. The
# outer transaction is opened before the first of them (by the session-scoped
# `demo_tree`, or by pytest_runtest_setup for a later group) and rolled back
# after the last (pytest_runtest_teardown knows the next test), before any
# transactional test runs. No plugin may shuffle the order (pytest-randomly is
# not installed); were the group split, a later part opens its own transaction.


# Run in parallel (pytest-xdist, `-n 2 --dist loadgroup` in CI), the group
# goes whole to one worker, which loads the demo once. The mark must be on the
# items before pytest-xdist's own collection hook reads it, hence tryfirst; it
# then also runs before pytest-django's stable sort into ordinary, then
# transactional tests, which keeps a contiguous group contiguous.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if shares_demo_transaction(item):
            item.add_marker(pytest.mark.xdist_group("demo-tree"))
    group_items(items, shares_demo_transaction)


_shared_demo_tree = []  # the SharedDemoTree once the session has one
_running = []  # the test being set up


@pytest.fixture(scope="session")
def demo_tree(django_db_setup, django_db_blocker, demo_media_root):
    tree = SharedDemoTree(django_db_blocker, demo_media_root)
    _shared_demo_tree.append(tree)
    # Session-scoped, so set up before the test's own transaction.
    if _running and shares_demo_transaction(_running[0]):
        tree.open()
    yield tree
    _shared_demo_tree.remove(tree)
    tree.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _running[:] = [item]
    if _shared_demo_tree and shares_demo_transaction(item):
        _shared_demo_tree[0].open()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # After the test's own fixtures (and its transaction) are torn down.
    result = yield
    if _shared_demo_tree and (nextitem is None or not shares_demo_transaction(nextitem)):
        _shared_demo_tree[0].close()
    return result


@pytest.fixture
def demo_site(request, demo_tree, db):
    """The whole demo tree, exactly as `make run` loads it.

    Loaded once for all the tests that ask for it; a test that changes it
    changes only its own savepoint, rolled back after it."""
    if not (demo_tree.is_open and shares_demo_transaction(request.node)):
        return load_demo()  # a transactional test: into its own database, as ever
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
