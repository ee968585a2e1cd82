"""The production profile refuses to start without what it cannot guess."""

import json
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
    "STATIC_ROOT": "/srv/clearsight/static",
    "MEDIA_ROOT": "/srv/clearsight/media",
    # Every app server must share one cache (page cache, rate limits, sessions).
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(*args, env):
    ignored = {
        *PRODUCTION_ENV,
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        "REDIS_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "TASKS_BACKEND",
        "SEARCH_URL",
        *(name for name in os.environ if name.startswith("AWS_")),
    }
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


@pytest.mark.parametrize(
    ("allowed_hosts", "named"),
    [
        ("*", "'*'"),
        ("clearsight.example.org,*", "'*'"),
        ("*.example.org", "'*.example.org'"),
        ("clearsight.example.org,", "an empty entry"),
        ("clearsight.example.org,,www.clearsight.example.org", "an empty entry"),
        (" ", "an empty entry"),
    ],
)
def test_production_refuses_a_wildcard_or_empty_allowed_host(allowed_hosts, named):
    result = run_manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": allowed_hosts})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert (
        "ALLOWED_HOSTS must name this site's host names, separated by commas, "
        f"with no empty entry and no '*': found {named} in {allowed_hosts!r}."
    ) in result.stderr


def test_production_accepts_several_allowed_hosts():
    hosts = "clearsight.example.org, www.clearsight.example.org"
    result = run_manage("check", env={**PRODUCTION_ENV, "ALLOWED_HOSTS": hosts})
    assert result.returncode == 0, result.stderr


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


def production_settings(*names, env):
    """The named settings of the production profile under this environment."""
    script = (
        "import json; from django.conf import settings;"
        f"print(json.dumps({{name: getattr(settings, name) for name in {names!r}}}, default=str))"
    )
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_needs_no_media_folder_when_a_bucket_holds_the_media():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "MEDIA_ROOT"}
    env["AWS_STORAGE_BUCKET_NAME"] = "clearsight-media"
    result = run_manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_production_queues_tasks_for_a_worker_unless_told_otherwise():
    queued = production_settings("TASKS", env=PRODUCTION_ENV)
    assert queued["TASKS"] == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    at_once = production_settings("TASKS", env={**PRODUCTION_ENV, "TASKS_BACKEND": "immediate"})
    assert at_once["TASKS"] == {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


def test_an_unknown_tasks_backend_is_refused_by_name():
    result = run_manage("check", env={**PRODUCTION_ENV, "TASKS_BACKEND": "celery"})
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of: immediate, database; it is 'celery'." in result.stderr


def test_the_media_bucket_joins_the_content_security_policies():
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "clearsight-media",
        "AWS_S3_ENDPOINT_URL": "https://objects.example.net",
    }
    found = production_settings("CONTENT_SECURITY_POLICY", "ADMIN_CONTENT_SECURITY_POLICY", env=env)
    public = found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert public["img-src"] == ["'self'", "data:", "https://objects.example.net"]
    assert public["media-src"] == ["'self'", "https://objects.example.net"]
    # Only images and video: scripts, styles and frames still come from here alone.
    assert public["script-src"] == ["'self'"]
    assert public["default-src"] == ["'self'"]
    assert "https://objects.example.net" in found["ADMIN_CONTENT_SECURITY_POLICY"]["img-src"]


def test_without_a_bucket_media_come_from_this_site_only():
    found = production_settings("CONTENT_SECURITY_POLICY", env=PRODUCTION_ENV)
    public = found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert public["img-src"] == ["'self'", "data:"]
    assert public["media-src"] == ["'self'"]


def test_search_on_opensearch_without_its_client_is_refused_naming_the_extra():
    # Hide the client, as on an install without the `opensearch` extra.
    hide = "import runpy, sys; sys.modules['opensearchpy'] = None; sys.argv = ['manage.py', 'check']; runpy.run_path('manage.py', run_name='__main__')"
    env = {**PRODUCTION_ENV, "SEARCH_URL": "http://127.0.0.1:9200"}
    base = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION_ENV, "SEARCH_URL"}}
    base["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    result = subprocess.run(
        [sys.executable, "-c", hide],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "the OpenSearch client is not installed" in result.stderr
    assert "pip install -c constraints.txt '.[opensearch]'" in result.stderr


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


def test_production_sends_email_over_tls_unless_told_otherwise():
    """DPIA: consent links and addresses never cross to the relay in clear by default."""
    names = ("EMAIL_USE_TLS", "EMAIL_USE_SSL")
    assert production_settings(*names, env=PRODUCTION_ENV) == {
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
    }
    assert production_settings(*names, env={**PRODUCTION_ENV, "EMAIL_USE_SSL": "1"}) == {
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
    }
    assert production_settings(*names, env={**PRODUCTION_ENV, "EMAIL_USE_TLS": "0"}) == {
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
    }


def test_rate_limit_counters_are_named_by_a_keyed_hash(settings, rf):
    """DPIA: an unsalted SHA-256 of an IPv4 address can be reversed by trying
    every address; the counters' keys are an HMAC keyed by SECRET_KEY."""
    import hashlib

    from django_ratelimit.core import _make_cache_key, get_usage

    settings.RATELIMIT_ENABLE = True
    parts = ["group", "5/60s", "192.0.2.1", "1"]
    key = _make_cache_key("group", 1, "5/m", "192.0.2.1", None)
    assert key.startswith("rl:")
    assert key != "rl:" + hashlib.sha256("".join(parts).encode()).hexdigest()
    settings.SECRET_KEY = "another-secret-key-entirely-0123456789abcdefghijklmnopqrstuvwxyz"
    assert _make_cache_key("group", 1, "5/m", "192.0.2.1", None) != key
    # And through a real count, the address is not in the key in clear.
    request = rf.get("/", REMOTE_ADDR="192.0.2.1")
    usage = get_usage(request, group="test", key="ip", rate="5/m", increment=True)
    assert usage["count"] == 1
