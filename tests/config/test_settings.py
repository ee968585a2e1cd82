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
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "AWS_STORAGE_BUCKET_NAME": "clearsight-media",
        "SEARCH_URL": "http://127.0.0.1:9200",
    }
    result = run_manage("shell", "--no-imports", "-c", script, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_redis.cache.RedisCache",
        "django.contrib.sessions.backends.cache",
        "storages.backends.s3.S3Storage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "wagtail.search.backends.opensearch3",
        "True",
    ]
