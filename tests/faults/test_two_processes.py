"""Two app servers share one cache: a publish is seen by both, and the search
rate limit is counted across both (issue 5, section 1)."""

import time

import pytest

from tests.faults.conftest import RedisServer, manage, production_env, start_app_server

pytestmark = pytest.mark.services

PAGE = "/about/"
PUBLISH = (
    "from wagtail.models import Page;"
    "page = Page.objects.get(url_path__endswith='/about/', depth=3).specific;"
    "page.title = 'About Clearsight, updated';"
    "page.save_revision().publish()"
)


def served_from_cache(redis, server, path):
    """Fetch `path`; True if no cache lookup missed (so the page came from the
    cache and was not rendered: a render looks up Wagtail's own keys too)."""
    _, misses_before = redis.stats()
    status, _, body, _ = server.get(path)
    _, misses_after = redis.stats()
    assert status == 200
    return misses_after == misses_before, body


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def two_servers(production_database, redis_server, tmp_path_factory):
    """Two gunicorn processes (one worker each) sharing the database and Redis."""
    log_dir = tmp_path_factory.mktemp("gunicorn")
    servers = []
    for _ in range(2):
        servers.append(
            start_app_server(
                log_dir,
                database_url=production_database,
                redis_url=redis_server.url,
                SEARCH_RATE_LIMIT="10/h",
            )
        )
    yield servers
    for server in servers:
        server.stop()


def test_a_publish_is_seen_by_both_servers(production_database, redis_server, two_servers):
    first, second = two_servers
    env = production_env(database_url=production_database, redis_url=redis_server.url)
    assert "0 not shareable" in manage(env, "warm_page_cache")

    for server in (first, second):
        from_cache, body = served_from_cache(redis_server, server, PAGE)
        assert from_cache
        assert "<title>About Clearsight – Clearsight</title>" in body

    # An editor publishes, in a third process.
    manage(env, "shell", "--no-imports", "-c", PUBLISH)

    for server in (first, second):
        _, _, body, _ = server.get(PAGE)
        assert "About Clearsight, updated" in body


def wait_for_a_fresh_window(period):
    """Rate limits count in fixed windows (offset per client): start the test
    well inside one, so that the count cannot restart half way."""
    from django_ratelimit.core import _get_window

    ends = _get_window("127.0.0.1", period)
    if ends - time.time() < 30:
        time.sleep(ends - time.time() + 1)


def test_the_search_rate_limit_is_counted_across_both_servers(two_servers):
    first, second = two_servers
    wait_for_a_fresh_window(3600)
    statuses = [server.get("/search/?q=help")[0] for server in (first, second) * 5]
    assert statuses == [200] * 10
    status, headers, body, _ = second.get("/search/?q=help")
    assert status == 429
    assert headers["Retry-After"] == "60"
    assert "Please wait a moment" in body
