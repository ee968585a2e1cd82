"""Health checks for /healthz that answer within a second, whatever the services do.

A stopped service refuses at once, but a stalled one (frozen, overloaded, a
network that drops packets) accepts a connection and then says nothing. So
each check runs in a thread of its own, on a connection of its own, and the
answer is given at the deadline with whatever has come back: a check still
running is reported as "timeout". A stalled check's thread is left to finish
(the database's connect timeout and the cache's socket timeout end it); until
it does, the next check of that part reports "timeout" at once rather than
start another thread, so a stalled service cannot pile threads up.
"""

import logging
import secrets
import threading
import time

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

DEADLINE_SECONDS = 0.75


def check_database():
    connection = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() != (1,):
                raise RuntimeError("SELECT 1 did not answer 1.")
    finally:
        connection.close()


def check_cache():
    cache = caches.create_connection("default")
    token = secrets.token_hex(8)
    key = f"healthz:{token}"
    try:
        cache.set(key, token, 10)
        if cache.get(key) != token:
            raise RuntimeError("The cache did not give back what was just stored in it.")
        cache.delete(key)
    finally:
        cache.close()


CHECKS = {"database": check_database, "cache": check_cache}
_running = {name: threading.Lock() for name in CHECKS}


def _run(name, check, lock, results):
    try:
        check()
        results[name] = "ok"
    except Exception:
        logger.exception("Health check: the %s failed.", name)
        results[name] = "error"
    finally:
        lock.release()


def run_checks(deadline=DEADLINE_SECONDS):
    """{"database": "ok" | "error" | "timeout", "cache": ...}, within `deadline` seconds."""
    results = {}
    threads = []
    for name, check in CHECKS.items():
        lock = _running[name]
        if not lock.acquire(blocking=False):
            continue  # the last check of this part has not come back yet
        thread = threading.Thread(
            target=_run, args=(name, check, lock, results), name=f"healthz-{name}", daemon=True
        )
        thread.start()
        threads.append(thread)
    ends = time.monotonic() + deadline
    for thread in threads:
        thread.join(max(0.0, ends - time.monotonic()))
    return {name: results.get(name, "timeout") for name in CHECKS}
