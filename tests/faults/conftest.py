"""Real servers for the fault and multi-process tests, on the production profile.

Each test starts what it needs on free ports of 127.0.0.1 and stops it
afterwards: gunicorn processes with `config.settings.production`, a
redis-server of its own (so that it can be stopped and frozen without
touching anyone else's), and, for a frozen database, a PostgreSQL of its own.
The shared PostgreSQL on 127.0.0.1:5432 (FAULTS_POSTGRES_URL) holds the
database these tests use: a copy of a migrated template database that is
kept between runs, loaded with the demo content.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("FAULTS_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SECRET_KEY = "fault-tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
TELL_TALE_NUMBER = 'href="tel:08001111"'
EXIT_BUTTON = "exit-this-page__button"


def executable(name):
    path = shutil.which(name)
    assert path, f"These tests need `{name}` on the PATH."
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def fetch(url, *, timeout=10, method="GET", headers=None):
    """(status, headers, body text, seconds), for any status."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, head, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, error.headers, error.read()
    return status, head, body.decode("utf-8", "replace"), time.monotonic() - started


def has_shell(body):
    """The help numbers and the exit button: what a child must always get."""
    return TELL_TALE_NUMBER in body and EXIT_BUTTON in body


# --- Redis --------------------------------------------------------------------


@dataclass
class RedisServer:
    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                executable("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, 10, "redis-server to start")

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *args):
        result = subprocess.run(
            [executable("redis-cli"), "-p", str(self.port), *args],
            capture_output=True,
            text=True,
            timeout=10,
        )
        return result.stdout.strip()

    def stats(self):
        info = dict(
            line.split(":", 1) for line in self.command("INFO", "stats").splitlines() if ":" in line
        )
        return int(info["keyspace_hits"]), int(info["keyspace_misses"])

    def stop(self):
        """Stop it as an operator or a crash would: SIGTERM, and it is gone."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


# --- PostgreSQL ----------------------------------------------------------------


def admin_sql(*statements):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as conn:
        for statement in statements:
            conn.execute(statement)


STATIC_ROOT = None


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """collectstatic once: the production profile serves hashed, compressed files.
    Asked for by the fixtures that start app servers, so that the unit tests in
    this folder (run by a plain `pytest`) need no production environment."""
    global STATIC_ROOT
    STATIC_ROOT = tmp_path_factory.mktemp("static")
    manage(production_env(database_url="sqlite:///unused.sqlite3"), "collectstatic", "--noinput")
    return STATIC_ROOT


def database_prefix():
    """Databases of these tests are named after DATABASE_URL's, so that people
    sharing one PostgreSQL do not collide: clearsight_NAME_faults_…"""
    name = urlsplit(os.environ.get("DATABASE_URL", "")).path.strip("/")
    return os.environ.get("FAULTS_DATABASE_PREFIX") or name or "clearsight"


def migrated_template():
    """A migrated database kept between runs and only ever copied; migrated
    again when the code has migrations it lacks."""
    template = f"{database_prefix()}_faults_template"
    url = f"{PG_SERVER}/{template}"
    env = production_env(database_url=url)
    try:
        admin_sql(f'CREATE DATABASE "{template}"')
    except Exception:  # it exists: is it up to date?
        check = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--check"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=300,
        )
        if check.returncode == 0:
            return template
    manage(env, "migrate", "--noinput")
    return template


@pytest.fixture(scope="session")
def production_database(static_root):
    """A PostgreSQL database with the demo site, for the servers under test."""
    template = migrated_template()
    name = f"{database_prefix()}_faults_{os.getpid()}"
    admin_sql(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
    )
    url = f"{PG_SERVER}/{name}"
    env = production_env(database_url=url)
    env["PAGE_CACHE_WARM_ON_CHANGE"] = "false"
    try:
        manage(env, "load_demo_content")
        yield url
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class OwnPostgres:
    """A PostgreSQL server of the test's own, so that it can be frozen."""

    workdir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self):
        bindir = Path(
            subprocess.run(
                [executable("pg_config"), "--bindir"], capture_output=True, text=True
            ).stdout.strip()
        )
        data = self.workdir / "data"
        as_postgres = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            as_postgres = [executable("runuser"), "-u", "postgres", "--"]
            shutil.chown(self.workdir, "postgres")
        initdb = subprocess.run(
            [
                *as_postgres,
                bindir / "initdb",
                "-D",
                data,
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
            ],
            capture_output=True,
            text=True,
        )
        assert initdb.returncode == 0, initdb.stdout + initdb.stderr
        self.process = subprocess.Popen(
            [
                *as_postgres,
                bindir / "postgres",
                "-D",
                data,
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.workdir}",
                "-c",
                "fsync=off",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: freeze every backend at once
        )
        wait_for(self.answers, 30, "PostgreSQL to start")

    def answers(self):
        import psycopg

        try:
            with psycopg.connect(self.url, connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def freeze(self):
        os.killpg(self.process.pid, signal.SIGSTOP)

    def thaw(self):
        os.killpg(self.process.pid, signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)


@pytest.fixture
def own_postgres():
    # Not under pytest's tmp_path: the postgres user must be able to reach it.
    workdir = Path(tempfile.mkdtemp(prefix="clearsight-pg-"))
    server = OwnPostgres(workdir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


# --- The app --------------------------------------------------------------------


def production_env(*, database_url, redis_url="redis://127.0.0.1:1/0", **extra):
    # The readers here are one address asking as fast as the server answers;
    # the search limit (60 a minute) would refuse them and hide what these
    # tests look at. The rate-limit test sets its own.
    extra.setdefault("SEARCH_RATE_LIMIT", "100000/m")
    ignored = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "PYTEST_ADDOPTS"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(STATIC_ROOT),
        # Uploads go beside the collected files: these servers write none.
        MEDIA_ROOT=str(STATIC_ROOT.parent / "media"),
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@dataclass
class AppServer:
    env: dict
    log: Path
    workers: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config=python:config.gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{self.port}",
                    "--workers",
                    str(self.workers),
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "5",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_for(self.answers, 60, f"gunicorn on port {self.port} (log: {self.log})")

    def answers(self):
        if self.process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{self.log.read_text()[-3000:]}")
        try:
            fetch(self.url + "/healthz", timeout=5)
            return True
        except OSError:
            return False

    def get(self, path, **kwargs):
        return fetch(self.url + path, **kwargs)

    def healthz(self):
        status, _, body, seconds = self.get("/healthz", timeout=10)
        return status, json.loads(body)["checks"], seconds

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_app_server(log_dir, *, database_url, redis_url, workers=1, **extra):
    env = production_env(database_url=database_url, redis_url=redis_url, **extra)
    server = AppServer(env, log_dir / f"gunicorn-{free_port()}.log", workers=workers)
    server.start()
    return server


@pytest.fixture
def app_server(tmp_path, static_root):
    """Start gunicorn with the production settings: app_server(database_url=…, …)."""
    servers = []

    def start(**kwargs):
        servers.append(start_app_server(tmp_path, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
