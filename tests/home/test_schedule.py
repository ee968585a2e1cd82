"""The scheduler (home/schedule.py): a due job is enqueued once, a job that is
not due is not, and two schedulers racing enqueue it once."""

import datetime
import io
import os
import signal
import threading
import time

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import pytest
from django_tasks import task
from django_tasks.backends.dummy import DummyBackend
from django_tasks.signals import task_enqueued

from cocreation.models import Submission, SubmissionStatus
from home.models import ScheduledJobRun
from home.schedule import Schedule, schedule
from home.tasks import prune_task_results, searchpromotions_garbage_collect
from tests.databases import require_postgresql

NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)
SECOND = datetime.timedelta(seconds=1)

# Held by the threaded test: the first scheduler's job runs (immediate backend)
# inside its claim's transaction and waits here, so the second scheduler tries
# its claim while the first has not committed.
inside_first_claim = threading.Event()
release_first_claim = threading.Event()


@task()
def chore():
    return "done"


@task()
def slow_chore():
    inside_first_claim.set()
    release_first_claim.wait(10)
    return "done"


@pytest.fixture
def enqueued():
    """The name of every task enqueued, from any thread (django-tasks' signal)."""
    names = []
    lock = threading.Lock()

    def record(sender, task_result, **kwargs):
        with lock:
            names.append(task_result.task.name)

    task_enqueued.connect(record, weak=False)
    yield names
    task_enqueued.disconnect(record)


@pytest.fixture
def dummy_tasks(settings):
    """Tasks are queued, not run."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.mark.django_db
def test_a_due_job_is_enqueued_once_then_not_until_its_interval_has_passed(dummy_tasks, enqueued):
    jobs = Schedule()
    jobs.register("chore", chore, every=HOUR)

    assert [item.job.name for item in jobs.run_due(NOW)] == ["chore"]  # never run: due
    assert jobs.run_due(NOW) == []
    assert jobs.run_due(NOW + HOUR - SECOND) == []
    assert [item.job.name for item in jobs.run_due(NOW + HOUR)] == ["chore"]
    assert enqueued == ["chore", "chore"]
    assert ScheduledJobRun.objects.get(name="chore").last_enqueued_at == NOW + HOUR


@pytest.mark.django_db
def test_a_daily_job_is_due_once_a_day_at_its_local_time(dummy_tasks, enqueued):
    jobs = Schedule()
    jobs.register("chore", chore, daily_at=datetime.time(3, 0))
    # June: London is UTC+1, so 03:00 there is 02:00 UTC.
    first = datetime.datetime(2026, 6, 15, 2, 30, tzinfo=datetime.UTC)
    assert len(jobs.run_due(first)) == 1  # never run: due at once
    assert jobs.run_due(datetime.datetime(2026, 6, 16, 1, 59, tzinfo=datetime.UTC)) == []
    assert len(jobs.run_due(datetime.datetime(2026, 6, 16, 2, 0, tzinfo=datetime.UTC))) == 1
    assert jobs.run_due(datetime.datetime(2026, 6, 16, 23, 0, tzinfo=datetime.UTC)) == []
    # A day the scheduler missed is made up once, not once per missed day.
    late = datetime.datetime(2026, 6, 20, 9, 0, tzinfo=datetime.UTC)
    assert len(jobs.run_due(late)) == 1
    assert jobs.run_due(late + HOUR) == []
    assert enqueued == ["chore"] * 3


@pytest.mark.django_db
def test_only_the_due_job_is_enqueued(dummy_tasks, enqueued):
    jobs = Schedule()
    jobs.register("chore", chore, every=HOUR)
    jobs.register("slow_chore", slow_chore, every=HOUR * 24)
    ScheduledJobRun.objects.create(name="chore", last_enqueued_at=NOW - HOUR)
    ScheduledJobRun.objects.create(name="slow_chore", last_enqueued_at=NOW - HOUR)
    assert [item.job.name for item in jobs.run_due(NOW)] == ["chore"]
    assert enqueued == ["chore"]


@pytest.mark.django_db
def test_the_claim_is_a_conditional_update_not_a_read_then_write(dummy_tasks, monkeypatch):
    """Another server claims the job between this one's look at the row and its
    write: this one's claim must fail. (One process: the other server's claim
    is made from inside this one's, right after the row is fetched.)"""
    jobs, other_server = Schedule(), Schedule()
    job = jobs.register("chore", chore, every=HOUR)
    other_job = other_server.register("chore", chore, every=HOUR)
    ScheduledJobRun.objects.create(name="chore", last_enqueued_at=NOW - HOUR * 2)
    manager = ScheduledJobRun.objects
    real_get_or_create = manager.get_or_create
    claims_by_the_other = []

    def get_or_create_then_the_other_server_claims(**kwargs):
        row = real_get_or_create(**kwargs)
        if not claims_by_the_other:
            claims_by_the_other.append(None)  # first: the other's claim comes through here too
            claims_by_the_other[0] = other_server.claim(other_job, NOW)
        return row

    monkeypatch.setattr(manager, "get_or_create", get_or_create_then_the_other_server_claims)
    assert jobs.claim(job, NOW) is False
    assert claims_by_the_other == [True]
    assert ScheduledJobRun.objects.get(name="chore").last_enqueued_at == NOW


def in_own_connection(function, *args):
    """Run `function` in a thread of its own: its own connection, committing
    for real (outside the test's transaction)."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args)
        finally:
            connection.close()

    thread = threading.Thread(target=target)
    thread.start()
    return thread, outcome


@pytest.mark.django_db
def test_two_schedulers_at_once_enqueue_a_due_job_once(enqueued):
    """On PostgreSQL: two threads, two connections, each committing for real.
    The first scheduler's job holds its transaction open; the second tries its
    claim meanwhile. (Not a transactional test: flushing would also remove the
    rows Wagtail's migrations made from a reused test database.)"""
    require_postgresql("Two connections at once need a database server: PostgreSQL only.")
    inside_first_claim.clear()
    release_first_claim.clear()
    jobs = Schedule()
    jobs.register("slow_chore", slow_chore, every=HOUR)

    def run():
        return [item.job.name for item in jobs.run_due(NOW)]

    def forget_the_job():
        ScheduledJobRun.objects.filter(name="slow_chore").delete()

    def never_run():  # a row both schedulers find, committed before they start
        forget_the_job()
        ScheduledJobRun.objects.create(name="slow_chore")

    thread, _ = in_own_connection(never_run)
    thread.join(10)
    try:
        first, first_result = in_own_connection(run)
        assert inside_first_claim.wait(10), "the first scheduler never ran its job"
        second, second_result = in_own_connection(run)
        second.join(1)  # waits on the first's row lock (or, if broken, has claimed it too)
        release_first_claim.set()
        first.join(10)
        second.join(10)
    finally:
        release_first_claim.set()
        thread, _ = in_own_connection(forget_the_job)
        thread.join(10)

    assert (first_result, second_result) == ({"value": ["slow_chore"]}, {"value": []})
    assert enqueued == ["slow_chore"]


def test_the_apps_register_their_daily_jobs():
    jobs = {job.name: job for job in schedule.jobs()}
    assert {name: job.daily_at for name, job in jobs.items()} == {
        "purge_contributions": datetime.time(3, 0),
        "purge_feedback_emails": datetime.time(3, 20),
        "purge_unverified_professionals": datetime.time(3, 30),
        "purge_expired_certificates": datetime.time(3, 40),
        "prune_task_results": datetime.time(2, 10),
        "refresh_page_cache": datetime.time(4, 0),
        "searchpromotions_garbage_collect": datetime.time(2, 0),
        "prune_sign_in_records": datetime.time(2, 20),
        "check_links": datetime.time(4, 30),
        "send_review_digests": None,
    }
    assert jobs["send_review_digests"].every == datetime.timedelta(days=7)
    assert jobs["purge_contributions"].task.module_path == "cocreation.tasks.purge_contributions"


@pytest.mark.django_db
def test_run_schedule_once_runs_the_purge_on_the_laptop_profile(home_page, settings):
    """TASKS_BACKEND=immediate (the laptop and the tests): enqueueing runs the job."""
    from cocreation.factories import SubmissionFactory

    settings.PAGE_CACHE_SECONDS = 0  # not this test's business
    expired = SubmissionFactory(
        status=SubmissionStatus.AWAITING_CONSENT,
        submitted_at=timezone.now() - datetime.timedelta(days=15),
    )
    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert "enqueued purge_contributions (daily at 03:00): SUCCESSFUL" in out.getvalue()
    assert not Submission.objects.filter(pk=expired.pk).exists()

    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert out.getvalue() == "Nothing is due.\n"

    out = io.StringIO()
    call_command("run_schedule", "--list", stdout=out)
    assert "purge_contributions: daily at 03:00; last enqueued 20" in out.getvalue()
    assert "not due" in out.getvalue()


@pytest.mark.django_db
def test_run_schedule_every_keeps_looking_until_sigterm(settings):
    settings.PAGE_CACHE_SECONDS = 0
    before = signal.getsignal(signal.SIGTERM)
    out = io.StringIO()
    stop = threading.Event()

    def stop_after_the_second_round():
        # SIGTERM once the second round has looked (a fixed delay failed on a
        # loaded machine, where the first round's jobs took longer), or after
        # 60 s in any case, so that the test fails rather than hangs.
        deadline = time.monotonic() + 60
        while not stop.is_set() and time.monotonic() < deadline:
            if "Nothing is due." in out.getvalue():
                break
            time.sleep(0.05)
        if not stop.is_set():
            os.kill(os.getpid(), signal.SIGTERM)

    watcher = threading.Thread(target=stop_after_the_second_round, daemon=True)
    watcher.start()
    try:
        call_command("run_schedule", "--every", "1", stdout=out)
    finally:
        stop.set()
        watcher.join()
    lines = out.getvalue().splitlines()
    assert lines[0] == "Scheduler: looking for due jobs every 1 s."
    assert sum(line.startswith("enqueued ") for line in lines) == len(schedule.jobs())
    assert "Nothing is due." in lines  # the second round
    assert lines[-1] == "Scheduler: stopped."
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.django_db
def test_the_search_count_job_drops_counts_older_than_30_days():
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

    today = timezone.localdate()
    old, recent = Query.get("grooming"), Query.get("online safety")
    old.add_hit(date=today - datetime.timedelta(days=31))
    recent.add_hit(date=today - datetime.timedelta(days=29))
    searchpromotions_garbage_collect.enqueue()  # immediate in the tests
    assert list(QueryDailyHits.objects.values_list("query__query_string", flat=True)) == [
        "online safety"
    ]
    assert list(Query.objects.values_list("query_string", flat=True)) == ["online safety"]


def test_task_results_are_pruned_only_where_tasks_are_kept_in_the_database():
    result = prune_task_results.enqueue()
    assert result.return_value == "tasks are not kept in the database"


class RefusingBackend(DummyBackend):
    """A queue that cannot be reached."""

    def enqueue(self, task, args, kwargs):
        raise ConnectionError("The queue did not answer.")


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_stays_due_and_the_others_still_go(enqueued, settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
        "refusing": {"BACKEND": "tests.home.test_schedule.RefusingBackend"},
    }
    jobs = Schedule()
    jobs.register("chore", chore, every=HOUR)
    jobs.register("elsewhere", chore.using(backend="refusing"), every=HOUR)
    assert [item.job.name for item in jobs.run_due(NOW)] == ["chore"]
    assert {job.name: due for job, _, due in jobs.status(NOW)} == {
        "chore": False,
        "elsewhere": True,
    }
    assert enqueued == ["chore"]
