"""A circuit breaker for Redis connections, so that a stalled Redis costs little.

django-redis fails open (IGNORE_EXCEPTIONS): a cache call that fails counts
as a miss. But a stalled Redis, unlike a stopped one, fails only when the
socket timeout runs out, and a page makes several cache calls, so each page
would wait for several timeouts and a sync worker would be tied up for
seconds. With this breaker, once a Redis server fails to answer, every
connection to it in this process fails at once for BREAK_SECONDS; then one
call tries again. Pages are rendered from the database meanwhile.

Used through django-redis' CONNECTION_POOL_CLASS option (settings/base.py).
"""

import threading
import time

from redis.connection import Connection, ConnectionPool, parse_url
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

BREAK_SECONDS = 2.0
FAILURES = (RedisConnectionError, RedisTimeoutError, OSError)

_open_until = {}
_lock = threading.Lock()


def _server(connection):
    return getattr(connection, "path", None) or (connection.host, connection.port)


def is_open(server):
    return time.monotonic() < _open_until.get(server, 0.0)


def trip(server):
    with _lock:
        _open_until[server] = time.monotonic() + BREAK_SECONDS


def reset():
    """Forget every failure (for tests)."""
    with _lock:
        _open_until.clear()


class CircuitBreakerMixin:
    def _check_breaker(self):
        if is_open(_server(self)):
            raise RedisConnectionError(
                "Redis did not answer a moment ago; not trying again for a few seconds."
            )

    def _guarded(self, call, *args, **kwargs):
        self._check_breaker()
        try:
            return call(*args, **kwargs)
        except FAILURES:
            trip(_server(self))
            raise

    def connect(self):
        return self._guarded(super().connect)

    def send_packed_command(self, *args, **kwargs):
        return self._guarded(super().send_packed_command, *args, **kwargs)

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except FAILURES:
            trip(_server(self))
            raise


_classes = {}


def with_breaker(connection_class):
    if connection_class not in _classes:
        _classes[connection_class] = type(
            f"CircuitBreaker{connection_class.__name__}",
            (CircuitBreakerMixin, connection_class),
            {},
        )
    return _classes[connection_class]


class CircuitBreakerConnectionPool(ConnectionPool):
    """A ConnectionPool whose connections (TCP, TLS or Unix socket, as the URL
    says) go through the breaker."""

    @classmethod
    def from_url(cls, url, **kwargs):
        base = kwargs.get("connection_class") or parse_url(url).get("connection_class")
        kwargs["connection_class"] = with_breaker(base or Connection)
        return super().from_url(url, **kwargs)
