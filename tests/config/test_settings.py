"""The production profile refuses to start without what it cannot guess."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "clearsight.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "never-created.sqlite3"),
    # Every app server must share one cache (page cache, rate limits, sessions).
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env):
    ignored = {*PRODUCTION_ENV, "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in ignored}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_variable(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"need these environment variables: {missing}." in result.stderr


def test_production_passes_the_deploy_check_when_configured():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_uses_redis_and_s3_when_named(tmp_path):
    script = (
        "from django.conf import settings;"
        "print(settings.CACHES['default']['BACKEND']);"
        "print(settings.SESSION_ENGINE);"
        "print(settings.STORAGES['default']['BACKEND']);"
        "print(settings.STORAGES['staticfiles']['BACKEND']);"
        "print(settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND']);"
        "print(settings.SECURE_HSTS_SECONDS > 0)"
    )
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "clearsight-media",
        "SEARCH_URL": "http://127.0.0.1:9200",
    }
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.db",
        "storages.backends.s3.S3Storage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "wagtail.search.backends.opensearch3",
        "True",
    ]


def test_production_cache_fails_open_with_short_timeouts():
    """With Redis down or stalled, pages render from the database and rate
    limits let readers through, each cache call giving up within half a second
    and a failed server left alone for a moment."""
    script = (
        "from django.conf import settings;"
        "options = settings.CACHES['default']['OPTIONS'];"
        "print(options['IGNORE_EXCEPTIONS']);"
        "print(options['SOCKET_CONNECT_TIMEOUT'] <= 0.5 and options['SOCKET_TIMEOUT'] <= 0.5);"
        "print(options['CONNECTION_POOL_CLASS']);"
        "print(settings.RATELIMIT_FAIL_OPEN);"
        "print(settings.MIDDLEWARE[0])"
    )
    result = run_manage("shell", "--no-imports", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "home.redis_breaker.CircuitBreakerConnectionPool",
        "True",
        "home.page_cache.PageCacheMiddleware",
    ]
