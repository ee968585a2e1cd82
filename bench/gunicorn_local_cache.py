"""gunicorn settings for `make bench BENCH_CACHE=local`: load the application in
the master, store the measured pages in its in-process cache, then fork the
workers, which start with a copy of that cache.

    gunicorn -c python:bench.gunicorn_local_cache config.wsgi:application

BENCH_WARM_PATHS: the paths to store, separated by commas.
"""

import os

preload_app = True


def when_ready(server):
    """In the master, after the application is loaded and before any worker forks."""
    from django.core.management import call_command
    from django.db import connections

    paths = [path for path in os.environ.get("BENCH_WARM_PATHS", "").split(",") if path]
    call_command("warm_page_cache", *[f"--path={path}" for path in paths])
    # No worker may share the master's database connection.
    connections.close_all()
