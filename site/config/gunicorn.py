"""gunicorn's settings for the app server (issue 11: each worker at most 150 MB
resident): `gunicorn -c python:config.gunicorn config.wsgi:application`.

The master loads the site once (`preload_app`) and the workers are forked
from it, so the code, templates' tag libraries and URL patterns they all need
sit in memory pages the workers share, instead of each worker importing its own
copy. Before the first fork, `when_ready` imports what the first requests
would import anyway, checks that nothing the workers must not share is open
(a database connection, a Redis connection, a second thread) and freezes
Python's garbage collector: the objects loaded so far are never scanned again,
so the collector does not write to (and so copy) the shared pages.

Everything else (the address, the number of workers) still comes from the
command line or GUNICORN_CMD_ARGS. With `preload_app`, a HUP reloads the
settings but not the code: restart gunicorn to deploy a release.
"""

import gc
import importlib
import logging
import threading

preload_app = True


def load_for_requests():
    """Import what serving pages imports on the first requests: every URL
    pattern's view and every template tag library."""
    from django.conf import settings
    from django.template.backends.django import get_installed_libraries
    from django.urls import get_resolver

    def walk(patterns):
        for pattern in patterns:
            walk(getattr(pattern, "url_patterns", []))

    walk(get_resolver().url_patterns)
    for module in get_installed_libraries().values():
        importlib.import_module(module)
    # The template engine's loaders and context processors, the cache's client
    # (django-redis and redis-py: none connects before its first command), the
    # search backend, and the date formats of the site's language.
    from django.core.cache import caches
    from django.template import engines
    from django.utils import formats, translation

    from wagtail.search.backends import get_search_backend

    for engine in engines.all():
        engine.engine.template_loaders  # noqa: B018 - a cached property
        engine.engine.template_context_processors  # noqa: B018
    for alias in caches:
        getattr(caches[alias], "client", None)
    get_search_backend()
    with translation.override(settings.LANGUAGE_CODE):
        formats.get_format("DATE_FORMAT")


def close_shared_connections():
    """Close anything a forked worker would otherwise share with the master
    and its siblings: database connections and the cache's Redis pools."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()
        # django-redis keeps its pools beyond close(): drop them, so that each
        # worker opens its own sockets.
        client = getattr(cache, "_client", None)
        for pool in getattr(client, "_clients", None) or []:
            if pool is not None:
                pool.connection_pool.disconnect()


def prepare_for_fork():
    load_for_requests()
    close_shared_connections()
    # A thread does not survive the fork, and a lock it held stays held in
    # every worker: nothing should start one while the site loads.
    others = [t.name for t in threading.enumerate() if t is not threading.main_thread()]
    if others:
        logging.getLogger("gunicorn.error").warning(
            "Threads running before the workers are forked: %s", ", ".join(others)
        )
    gc.collect()
    gc.freeze()


def when_ready(server):
    """Called in the master after the application is loaded, before any worker is forked."""
    prepare_for_fork()
