"""gunicorn's master loads the site and forks the workers (config/gunicorn.py,
issue 11: workers share the code instead of each holding a copy). What the
master holds at the fork is inherited by every worker: a database connection
or a Redis socket would be shared by all of them (their replies interleaved),
a thread would be missing from them with any lock it held still held.

The probe below loads the production application in a fresh interpreter,
opens a database connection and a Redis connection (to a stand-in server
here: it answers +OK to anything), runs the hook gunicorn calls before the
first fork, and reports what is left open.
"""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json, os, sys, threading

def sockets():
    found = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            found += os.readlink(f"/proc/self/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return found

from config import gunicorn as conf
from config.wsgi import application
from django.core.cache import cache
from django.db import connection, connections

with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
stored = cache.set("fork-probe", 1)
before = {
    "sockets": sockets(),
    "database": connection.connection is not None,
    "stored": stored,
    "urls": "config.urls" in sys.modules,
}
conf.when_ready(server=None)
after = {
    "sockets": sockets(),
    "database": any(c.connection is not None for c in connections.all(initialized_only=True)),
    "threads": [t.name for t in threading.enumerate()],
    "frozen": gc.get_freeze_count(),
    "urls": "config.urls" in sys.modules,
    "preload_app": conf.preload_app,
}
print(json.dumps({"before": before, "after": after}))
"""


def fake_redis():
    """A server on 127.0.0.1 that answers every command with +OK."""
    server = socket.create_server(("127.0.0.1", 0))

    def answer(conn):
        with conn:
            while conn.recv(65536):
                conn.sendall(b"+OK\r\n")

    def accept():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return server


def test_the_master_holds_no_connection_or_thread_when_the_workers_are_forked(tmp_path):
    server = fake_redis()
    try:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
            "SECRET_KEY": "gunicorn-config-test",
            "ALLOWED_HOSTS": "example.org",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            # RESP2: the stand-in cannot answer RESP3's HELLO.
            "REDIS_URL": f"redis://127.0.0.1:{server.getsockname()[1]}/0?protocol=2",
            "STATIC_ROOT": str(tmp_path / "static"),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        result = subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-W", "ignore", "-c", PROBE],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        server.close()
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    before, after = report["before"], report["after"]
    # The probe really had both connections open before the hook ran.
    assert before == {"sockets": 1, "database": True, "stored": True, "urls": False}, before
    assert after["preload_app"] is True
    assert after["sockets"] == 0, "a Redis connection is still open at the fork"
    assert after["database"] is False, "a database connection is still open at the fork"
    assert after["threads"] == ["MainThread"], after["threads"]
    # The collector is frozen, so it never writes to the pages shared with the master.
    assert after["frozen"] > 100_000, after["frozen"]
    # The URL patterns (and so the views) are loaded before the fork, once.
    assert after["urls"] is True
