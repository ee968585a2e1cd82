"""After Redis fails to answer once, a process leaves it alone for a moment, so
that a stalled Redis costs a page one socket timeout, not one per cache call."""

import socket
import time

from django.core.cache import caches
from django.test import override_settings

import pytest
import redis

from home import redis_breaker
from home.redis_breaker import CircuitBreakerConnectionPool


@pytest.fixture(autouse=True)
def closed_breaker(monkeypatch):
    monkeypatch.setattr(redis_breaker, "BREAK_SECONDS", 0.5)
    redis_breaker.reset()
    yield
    redis_breaker.reset()


@pytest.fixture
def stalled_port():
    """A peer that accepts connections and then never answers: a frozen Redis."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def client_for(port):
    pool = CircuitBreakerConnectionPool.from_url(
        f"redis://127.0.0.1:{port}/0", socket_timeout=0.3, socket_connect_timeout=0.3
    )
    return redis.Redis(connection_pool=pool)


def timed_failure(client):
    started = time.monotonic()
    with pytest.raises((redis.ConnectionError, redis.TimeoutError)):
        client.get("page-cache:generation")
    return time.monotonic() - started


def test_a_stalled_redis_is_waited_for_once_then_left_alone_for_a_moment(stalled_port):
    client = client_for(stalled_port)
    assert timed_failure(client) >= 0.25  # the socket timeout
    assert timed_failure(client) < 0.1  # the breaker is open: no waiting
    time.sleep(0.6)
    assert timed_failure(client) >= 0.25  # tried again, still stalled


def test_one_stalled_server_does_not_break_another(stalled_port):
    timed_failure(client_for(stalled_port))
    other = client_for(stalled_port + 1 if stalled_port < 65535 else stalled_port - 1)
    assert redis_breaker.is_open(("127.0.0.1", stalled_port))
    assert not redis_breaker.is_open(("127.0.0.1", other.connection_pool.connection_kwargs["port"]))


def test_the_cache_answers_a_miss_at_once_while_the_breaker_is_open(stalled_port):
    config = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{stalled_port}/0",
            "OPTIONS": {
                "CONNECTION_POOL_CLASS": "home.redis_breaker.CircuitBreakerConnectionPool",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.3,
                "SOCKET_TIMEOUT": 0.3,
            },
        }
    }
    with override_settings(CACHES=config):
        cache = caches["default"]
        assert cache.get("a") is None
        started = time.monotonic()
        for key in "bcdefgh":
            assert cache.get(key) is None
        assert time.monotonic() - started < 0.3


@pytest.mark.services
def test_a_redis_that_freezes_mid_conversation_is_waited_for_once(redis_server):
    client = client_for(redis_server.port)
    client.set("page-cache:generation", 7)  # the connection is open and in use
    redis_server.freeze()
    try:
        assert timed_failure(client) >= 0.25
        assert timed_failure(client) < 0.1
    finally:
        redis_server.thaw()
    time.sleep(0.6)
    assert client.get("page-cache:generation") == b"7"
