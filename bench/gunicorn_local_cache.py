"""gunicorn settings for `make bench BENCH_CACHE=local`: the production ones
(config/gunicorn.py: the site loaded in the master, connections closed and the
collector frozen before the fork), with the measured pages stored in the
master's in-process cache first, so that every worker starts with a copy.

    gunicorn -c python:bench.gunicorn_local_cache config.wsgi:application

BENCH_WARM_PATHS: the paths to store, separated by commas.
"""

import os

from config.gunicorn import *  # noqa: F403
from config.gunicorn import prepare_for_fork


def when_ready(server):
    """In the master, after the application is loaded and before any worker forks."""
    from django.core.management import call_command

    paths = [path for path in os.environ.get("BENCH_WARM_PATHS", "").split(",") if path]
    call_command("warm_page_cache", *[f"--path={path}" for path in paths])
    prepare_for_fork()  # closes the database connections the warm opened
