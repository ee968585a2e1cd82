"""The test profile. DATABASE_URL and REDIS_URL, when set, choose PostgreSQL and
Redis exactly as production would; otherwise SQLite and an in-process cache."""

import os
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SHOW_PATTERN_LIBRARY = True
# Tests must never collect static files first; WhiteNoise serves the source folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if env("REDIS_URL"):
    CACHES["default"]["KEY_PREFIX"] = "clearsight-test"  # noqa: F405
    # Tests run in parallel (pytest-xdist) empty the cache before and after
    # each test: each worker gets a Redis database of its own, counting down
    # from the one REDIS_URL names (gw0 that one, gw1 the one below, ...).
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if _worker.startswith("gw") and int(_worker[2:]):
        _url = urlsplit(REDIS_URL)  # noqa: F405
        _database = (int(_url.path.strip("/") or 0) - int(_worker[2:])) % 16
        CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_database}"))  # noqa: F405
# Publishing in a test must not render the whole site; the warmer's own tests
# turn this on.
PAGE_CACHE_WARM_ON_CHANGE = False
