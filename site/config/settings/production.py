"""The production profile: several stateless app servers behind gunicorn.

It refuses to start without the variables it cannot guess, naming each one.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, AWS_STORAGE_BUCKET_NAME, env, env_bool, require_env, tasks_setting

# Where the site writes (STATIC_ROOT, MEDIA_ROOT) is never guessed: a default
# could land inside the virtual environment. Uploads need a folder only when
# no bucket is named.
WRITABLE_PATHS = ["STATIC_ROOT"] + ([] if AWS_STORAGE_BUCKET_NAME else ["MEDIA_ROOT"])
# REDIS_URL: several app servers (or gunicorn workers) must share one cache, or
# a publish would retire a page in one process only and rate limits would be
# counted per process.
require_env("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", *WRITABLE_PATHS)


def check_allowed_hosts(raw):
    """Refuse a wildcard or an empty entry: each would let any Host header through
    (or hide a typo), and password-reset links are built from the Host."""
    entries = [entry.strip() for entry in raw.split(",")]
    bad = [entry for entry in entries if entry == "" or "*" in entry]
    if bad:
        shown = ", ".join("an empty entry" if entry == "" else repr(entry) for entry in bad)
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must name this site's host names, separated by commas, "
            f"with no empty entry and no '*': found {shown} in {raw!r}. "
            "See 'Configuration' in README.md."
        )


check_allowed_hosts(env("ALLOWED_HOSTS"))

DEBUG = False
SHOW_PATTERN_LIBRARY = False

# Background tasks go to the database, for `django-admin db_worker` to run.
TASKS = tasks_setting(env("TASKS_BACKEND", "database"))

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload is on by default so that `check --deploy` is clean; an operator who
# turns it off has chosen to, so the matching warning is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Email holds parents' and professionals' addresses and consent links: it goes
# to the relay over TLS (STARTTLS) unless the deployer says otherwise, or asks
# for implicit TLS with EMAIL_USE_SSL=1 (usually port 465). Django refuses both.
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)

SECURITY_CONTACT = env("SECURITY_CONTACT", f"mailto:security@{ALLOWED_HOSTS[0].lstrip('.')}")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
