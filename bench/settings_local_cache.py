"""The production settings with the laptop profile's in-process cache, for
`make bench BENCH_CACHE=local` only (issue 11: cached pages at least 0.9 of
the static file with the in-process cache).

Never a deployment: with several processes each holds its own cache, so a
change one of them announces never reaches the others. The benchmark fills
the page cache once in the gunicorn master before the workers fork
(bench/gunicorn_local_cache.py), and changes nothing while it measures.
"""

from config.settings.production import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "clearsight-bench",
        "OPTIONS": {"MAX_ENTRIES": 10000},  # as the laptop profile (base.py)
    }
}
