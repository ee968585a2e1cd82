import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection

from home.schedule import schedule


class Command(BaseCommand):
    help = (
        "Enqueue each periodic job that is due (home/schedule.py). --once for cron; "
        "--every SECONDS to keep running beside db_worker. Safe on several servers at once: "
        "each due job is enqueued once."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--once", action="store_true", help="Enqueue what is due, then stop.")
        mode.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Look for due jobs every SECONDS until stopped (SIGTERM or Ctrl+C).",
        )
        mode.add_argument(
            "--list", action="store_true", help="List the jobs and when each was last enqueued."
        )

    def handle(self, *args, once=False, every=None, list=False, **options):
        self.verbosity = options["verbosity"]
        if list:
            self.list_jobs()
            return
        if once:
            self.run_once()
            return
        if every < 1:
            raise CommandError("--every needs a number of seconds of at least 1.")
        stop = threading.Event()
        previous = {
            signum: signal.signal(signum, lambda *_: stop.set())
            for signum in (signal.SIGTERM, signal.SIGINT)
        }
        self.stdout.write(f"Scheduler: looking for due jobs every {every} s.")
        try:
            while not stop.is_set():
                if not connection.in_atomic_block:
                    close_old_connections()  # a long-lived process must not keep a dead one
                try:
                    self.run_once()
                except Exception as error:  # keep running: the next round may succeed
                    self.stderr.write(f"Scheduler: this round failed: {error!r}")
                stop.wait(every)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        self.stdout.write("Scheduler: stopped.")

    def run_once(self):
        enqueued = schedule.run_due()
        for item in enqueued:
            status = getattr(item.result, "status", "")
            self.stdout.write(f"enqueued {item.job.name} ({item.job.describe()}): {status}")
        if not enqueued and self.verbosity >= 1:
            self.stdout.write("Nothing is due.")

    def list_jobs(self):
        for job, last, due in schedule.status():
            when = last.isoformat() if last else "never"
            self.stdout.write(
                f"{job.name}: {job.describe()}; last enqueued {when}; {'due' if due else 'not due'}"
            )
