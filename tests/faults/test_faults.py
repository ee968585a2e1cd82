"""A child still gets the help page when a service fails (issue 5, section 6).

On the production profile (gunicorn, PostgreSQL, a Redis of the test's own):
Redis is stopped and then frozen while readers keep asking for pages, the
database is unreachable, and a PostgreSQL of the test's own is frozen.
"""

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.faults.conftest import fetch, free_port, has_shell, manage, production_env, wait_for

pytestmark = pytest.mark.services

PAGES = [
    "/",
    "/about/",
    "/young-people/",
    "/young-people/11-13/",
    "/get-help/",
    "/staying-safe-online/",
    "/parents-and-carers/if-your-child-goes-missing/",
    "/search/?q=help",
]
SIGN_IN = """
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from home.accounts.services import session_mark_verified
user, _ = get_user_model().objects.get_or_create(
    username="fault-test-editor", defaults={"is_staff": True, "is_superuser": True}
)
device, _ = TOTPDevice.objects.get_or_create(user=user, name="Fault test", confirmed=True)
client = Client()
client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
# Every admin user passes a second factor: mark this session as having done so.
request = HttpRequest()
request.session = client.session
request.user = user
session_mark_verified(request=request, device=device)
request.session.save()
print(request.session.session_key)
"""


class Readers:
    """A few readers asking for pages, as fast as the server answers, until stopped."""

    def __init__(self, url, readers=4):
        self.url = url
        self.readers = readers
        self.results = []  # (phase, path, status, has the shell, seconds)
        self.phase = "before"
        self._stop = threading.Event()
        self._pool = ThreadPoolExecutor(readers)

    def _read(self, start):
        paths = itertools.cycle(PAGES[start:] + PAGES[:start])
        while not self._stop.is_set():
            path = next(paths)
            phase = self.phase
            try:
                status, _, body, seconds = fetch(self.url + path, timeout=15)
                self.results.append((phase, path, status, has_shell(body), seconds))
            except OSError as error:
                self.results.append((phase, path, repr(error), False, None))

    def __enter__(self):
        self._futures = [self._pool.submit(self._read, start) for start in range(self.readers)]
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for future in self._futures:
            future.result(timeout=30)
        self._pool.shutdown()

    def in_phase(self, phase):
        return [result for result in self.results if result[0] == phase]


def healthz_within_a_second(server):
    status, checks, seconds = server.healthz()
    assert seconds < 1, f"/healthz took {seconds:.2f} s"
    return status, checks


def signed_in(server, session):
    _, _, body, _ = server.get("/about/", headers={"Cookie": f"sessionid={session}"})
    return "wagtail-userbar" in body and has_shell(body)


def test_pages_keep_the_help_numbers_while_redis_is_stopped_and_frozen(
    production_database, redis_server, app_server
):
    server = app_server(database_url=production_database, redis_url=redis_server.url, workers=2)
    env = production_env(database_url=production_database, redis_url=redis_server.url)
    manage(env, "warm_page_cache")
    session = manage(env, "shell", "--no-imports", "-c", SIGN_IN).strip()
    assert signed_in(server, session)

    with Readers(server.url) as readers:
        time.sleep(1)

        readers.phase = "redis stopped"
        redis_server.stop()
        time.sleep(1.5)
        assert healthz_within_a_second(server) == (503, {"database": "ok", "cache": "error"})
        assert signed_in(server, session), "an editor was signed out when Redis stopped"
        time.sleep(1)

        readers.phase = "redis back"
        redis_server.start()
        wait_for(lambda: server.healthz()[0] == 200, 15, "/healthz to recover")

        readers.phase = "redis frozen"
        redis_server.freeze()
        time.sleep(1.5)
        status, checks = healthz_within_a_second(server)
        assert status == 503
        assert checks["database"] == "ok"
        assert checks["cache"] in {"error", "timeout"}
        assert signed_in(server, session), "an editor was signed out when Redis froze"
        time.sleep(1)

        readers.phase = "redis thawed"
        redis_server.thaw()
        wait_for(lambda: server.healthz()[0] == 200, 15, "/healthz to recover")
        time.sleep(0.5)

    failures = [result for result in readers.results if result[2] != 200 or not result[3]]
    assert failures == []
    for phase in ("redis stopped", "redis frozen"):
        assert len(readers.in_phase(phase)) >= 4, f"too few pages were read while {phase}"


def test_the_error_page_keeps_the_help_numbers_with_the_database_down(redis_server, app_server):
    nowhere = f"postgres://postgres@127.0.0.1:{free_port()}/clearsight"
    server = app_server(database_url=nowhere, redis_url=redis_server.url)
    for path in ("/", "/about/", "/no-such-page/", "/search/?q=help"):
        status, headers, body, _ = server.get(path)
        assert status == 500, path
        assert has_shell(body), path
        assert "Sorry, something went wrong on our side" in body
        assert 'href="https://www.bbc.co.uk/weather"' in body
        assert "Content-Security-Policy" in headers
    assert healthz_within_a_second(server) == (503, {"database": "error", "cache": "ok"})


def test_healthz_answers_within_a_second_with_the_database_frozen(
    own_postgres, redis_server, app_server
):
    server = app_server(database_url=own_postgres.url, redis_url=redis_server.url)
    assert healthz_within_a_second(server) == (200, {"database": "ok", "cache": "ok"})
    own_postgres.freeze()
    try:
        for _ in range(3):
            assert healthz_within_a_second(server) == (
                503,
                {"database": "timeout", "cache": "ok"},
            )
    finally:
        own_postgres.thaw()
    wait_for(lambda: server.healthz()[0] == 200, 15, "/healthz to recover")
