"""Production's background tasks: queued in the database, run by a worker process.

The worker is a real `django-admin db_worker` on the production settings,
reading the test database; so the test needs a database another process can
open (PostgreSQL: the second CI profile). SQLite's test database lives in
this process's memory.
"""

import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.tasks import delete_file_from_storage_task

import pytest
from django_tasks_db.models import DBTaskResult

from config.settings.base import tasks_setting
from tests.databases import require_postgresql

WAIT = 60  # seconds: a generous bound on a loaded machine; it usually takes one or two


@pytest.fixture
def postgresql():
    require_postgresql("The worker reads the test database from another process: PostgreSQL only.")


def database_url():
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"
    )


class Worker:
    """`django-admin db_worker` on the production settings, as the README runs it."""

    def __init__(self, media_root, folder):
        self.media_root = media_root
        self.log_path = folder / "worker.log"
        self.static_root = folder / "static"
        self.process = None

    def start(self):
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AWS_", "DJANGO_", "TASKS_", "SEARCH_"))
        }
        environ.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY="a-long-random-production-secret-key-for-the-worker-0123456789",
            ALLOWED_HOSTS="clearsight.example.org",
            DATABASE_URL=database_url(),
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(self.media_root),
        )
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "django", "db_worker", "--interval", "0.2"],
                env=environ,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def output(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def stop(self):
        """SIGTERM, as a process manager stops it; the worker's exit status."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
            pytest.fail(f"The worker ignored SIGTERM:\n{self.output()}")


@pytest.fixture
def worker(settings, tmp_path):
    worker = Worker(settings.MEDIA_ROOT, tmp_path)
    yield worker
    if worker.process is not None and worker.process.poll() is None:
        worker.process.kill()
        worker.process.wait(timeout=30)


def wait_until_finished(result, worker):
    deadline = time.monotonic() + WAIT
    while True:
        result.refresh_from_db()
        if result.status not in {"READY", "RUNNING"}:
            return
        if worker.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"The worker did not finish the task within {WAIT} s:\n{worker.output()}")
        time.sleep(0.2)


# Committed for real, so that the worker sees it; serialized rollback puts
# Wagtail's root page and site back for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_process_runs_what_wagtail_queues(postgresql, settings, worker):
    image = get_image_model().objects.create(title="Leaflet", file=get_test_image_file())
    name = image.file.name
    assert default_storage.exists(name)

    # Production's backend: Wagtail's task to remove a deleted image's file
    # waits in the database instead of running now.
    settings.TASKS = tasks_setting("database")
    image.delete()
    # One task for each file: the original, and each rendition made at upload.
    tasks = DBTaskResult.objects.all()
    assert {task.task_path for task in tasks} == {"wagtail.tasks.delete_file_from_storage_task"}
    (queued,) = [task for task in tasks if task.args_kwargs["args"][1] == name]
    assert queued.status == "READY"
    assert default_storage.exists(name)

    worker.start()
    wait_until_finished(queued, worker)
    assert queued.status == "SUCCESSFUL", worker.output()
    assert not default_storage.exists(name)

    # The worker then waits for more work, until it is told to stop.
    assert worker.process.poll() is None, worker.output()
    assert worker.stop() == 0, worker.output()


def test_the_laptop_profile_runs_tasks_at_once(settings):
    assert (
        settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    )
    name = default_storage.save("leaflets/at-once.txt", ContentFile(b"A leaflet."))

    result = delete_file_from_storage_task.enqueue(default_storage.deconstruct(), name)
    assert result.status == "SUCCESSFUL"
    assert not default_storage.exists(name)
