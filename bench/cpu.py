"""CPU per uncached request, per page type, in the production profile (issue 11).

    REDIS_URL=redis://127.0.0.1:6379/N DATABASE_URL=postgres://… \\
        .venv/bin/python -m bench.cpu [--data generate|demo|existing] [--repeat 40] [--profile home]

The same environment and data as `make bench` (bench/run.py: production
settings, WhiteNoise, Redis, the configured database, the page cache warmed),
but no server and no load tool: one process calls the WSGI application (what
gunicorn calls) for each page the benchmark measures, each request carrying a
harmless cookie so that the page cache is bypassed, and times the CPU this
process spends on it (`time.process_time`, so other work on the machine does
not count; the database's and Redis's own CPU do not count either). It prints,
per page, the median and the mean CPU milliseconds, the database queries and
the Redis round trips of one request.

`--profile NAME` (a page's short name, or `all`) also runs the requests under
cProfile and prints the functions with the most cumulative and own time.
`--gzip` asks for a gzip answer, as browsers do (wrk in `make bench` does not).
"""

import argparse
import contextlib
import cProfile
import io
import json
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

CHECKOUT = Path(__file__).resolve().parent.parent
# Short names: the uncached targets of `make bench` whose cost is the page's own.
PAGES = ("home", "band", "library", "resource", "pack", "filtered", "search")


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    from bench.run import add_data_arguments

    add_data_arguments(parser, data="existing")
    parser.add_argument("--repeat", type=int, default=40, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests per page first")
    parser.add_argument("--profile", choices=[*PAGES, "all"], help="also run cProfile")
    parser.add_argument("--top", type=int, default=30, help="rows of the cProfile listing")
    parser.add_argument("--callers", help="also print who calls functions matching this")
    parser.add_argument(
        "--templates", action="store_true", help="also print CPU ms per template rendered"
    )
    parser.add_argument("--sql", action="store_true", help="also print one request's queries")
    parser.add_argument("--gzip", action="store_true", help="send Accept-Encoding: gzip")
    parser.add_argument("--inner", help=argparse.SUPPRESS)  # JSON of the pages, in the child
    return parser.parse_args(argv)


# --- In the measuring process (Django set up with the production settings) ----


def count_round_trips():
    """Count Redis commands sent (a pipeline counts once), by patching redis-py."""
    import redis.client

    counter = {"n": 0}
    original = redis.client.Redis.execute_command
    original_pipeline = redis.client.Pipeline.execute

    def execute_command(self, *args, **kwargs):
        if not isinstance(self, redis.client.Pipeline):
            counter["n"] += 1
        return original(self, *args, **kwargs)

    def execute(self, *args, **kwargs):
        counter["n"] += 1
        return original_pipeline(self, *args, **kwargs)

    redis.client.Redis.execute_command = execute_command
    redis.client.Pipeline.execute = execute
    return counter


def wsgi_request(application, host, path, gzip):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_X_FORWARDED_PROTO": "https",
        # The page cache answers only requests with no cookie (bench/run.py does the same).
        "HTTP_COOKIE": "bench=1",
        "HTTP_USER_AGENT": "bench.cpu",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if gzip:
        environ["HTTP_ACCEPT_ENCODING"] = "gzip, deflate, br"
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(line)

    result = application(environ, start_response)
    try:
        size = sum(len(chunk) for chunk in result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return status[0], size


def area_of(filename):
    """'django/db', 'wagtail/blocks', 'home/chrome.py', 'stdlib/inspect.py', 'builtins'…"""
    if filename.startswith(("<built-in", "~")):
        return "builtins"
    path = Path(filename)
    parts = path.parts
    if "site-packages" in parts:
        inner = parts[parts.index("site-packages") + 1 :]
        return "/".join(inner[:2]) if len(inner) > 2 else "/".join(inner)
    try:
        return str(path.relative_to(CHECKOUT))
    except ValueError:
        return f"stdlib/{path.name}"


def own_time_by_area(profiler):
    """[(area, seconds)] of the profile's own time, largest first."""
    totals = {}
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in pstats.Stats(
        profiler
    ).stats.items():
        area = area_of(filename)
        totals[area] = totals.get(area, 0.0) + own
    return sorted(totals.items(), key=lambda item: -item[1])[:25]


def time_templates():
    """{template name: [calls, CPU seconds including what it includes]}, by
    patching django.template.base.Template._render (every include and extends)."""
    from django.template.base import Template

    spent = {}
    original = Template._render

    def _render(self, context):
        started = time.process_time()
        try:
            return original(self, context)
        finally:
            entry = spent.setdefault(self.origin.template_name or self.name, [0, 0.0])
            entry[0] += 1
            entry[1] += time.process_time() - started

    Template._render = _render
    return spent


def measure(options, pages, host):
    import django

    django.setup()
    from django.db import connection

    from config.wsgi import application

    trips = count_round_trips()
    templates = time_templates() if options.templates else None
    queries = {"n": 0}

    def count_query(execute, sql, params, many, context):
        queries["n"] += 1
        queries.setdefault("sql", []).append(sql)
        return execute(sql, params, many, context)

    # CPU time, like the figures above (the default timer counts waiting too).
    profiler = cProfile.Profile(time.process_time) if options.profile else None
    print(
        f"{'page':<10}{'status':>8}{'bytes':>9}{'CPU ms median':>15}{'mean':>8}{'min':>8}"
        f"{'queries':>9}{'redis':>7}   path"
    )
    results = {}
    with connection.execute_wrapper(count_query):
        for name, path in pages.items():
            for _ in range(options.warmup):
                status, size = wsgi_request(application, host, path, options.gzip)
            if not status.startswith("200"):
                sys.exit(f"bench.cpu: {path} answered {status}, not 200")
            profiling = profiler is not None and options.profile in (name, "all")
            if templates is not None:
                templates.clear()
            timings = []
            queries["n"] = trips["n"] = 0
            for _ in range(options.repeat):
                started = time.process_time()
                if profiling:
                    profiler.enable()
                wsgi_request(application, host, path, options.gzip)
                if profiling:
                    profiler.disable()
                timings.append((time.process_time() - started) * 1000)
            median = statistics.median(timings)
            results[name] = median
            print(
                f"{name:<10}{status.split()[0]:>8}{size:>9}{median:>15.1f}"
                f"{statistics.mean(timings):>8.1f}{min(timings):>8.1f}"
                f"{queries['n'] / options.repeat:>9.1f}"
                f"{trips['n'] / options.repeat:>7.1f}   {path}",
                flush=True,
            )
            if options.sql:
                for sql in queries["sql"][-int(queries["n"] / options.repeat) :]:
                    print(f"{'':<10}{sql[:300]}")
            queries["sql"] = []
            if templates is not None:
                ranked = sorted(templates.items(), key=lambda item: -item[1][1])
                for template, (calls, seconds) in ranked[:20]:
                    print(
                        f"{'':<10}{seconds * 1000 / options.repeat:>8.2f} ms"
                        f"{calls / options.repeat:>6.1f}x  {template}"
                    )
    print(f"all pages, sum of medians: {sum(results.values()):.1f} ms")
    if profiler is not None:
        for order in ("cumulative", "tottime"):
            print(f"\ncProfile ({options.profile}, {options.repeat} requests), by {order}:")
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats(order).print_stats(options.top)
            print(stream.getvalue().split("\n", 4)[-1].rstrip())
        print(f"\nOwn time by area ({options.profile}):")
        for area, seconds in own_time_by_area(profiler):
            print(f"{seconds * 1000 / options.repeat:>9.2f} ms/request  {area}")
        if options.callers:
            stream = io.StringIO()
            pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_callers(
                options.callers
            )
            print(stream.getvalue())


# --- The outer process: data and environment, as bench.run --------------------


def main(argv=None):
    options = arguments(argv)
    if options.inner:
        found = json.loads(options.inner)
        measure(options, found["pages"], found["host"])
        return 0

    from bench.run import HOST, discover, environment, manage, prepare_data

    work = Path(tempfile.mkdtemp(prefix="clearsight-cpu."))
    try:
        env = environment(work)
        prepare_data(env, options)
        found = discover(env)
        # A generation, as after every deploy: what home/chrome.py keeps is then
        # kept across requests. Only the home page is stored (it is not measured
        # from the cache: every measured request bypasses it).
        manage(env, "warm_page_cache", f"--path={found['home']}")
        pages = {name: found[name] for name in PAGES if name in found}
        pages["filtered"] = f"{found['library']}?{found['library_query']}"
        pages["search"] = f"/search/?q={quote(found['search_word'])}"
        inner = json.dumps({"pages": pages, "host": HOST})
        argv = [a for a in (argv if argv is not None else sys.argv[1:]) if a]
        command = [sys.executable, "-m", "bench.cpu", *argv, "--inner", inner]
        with contextlib.suppress(KeyboardInterrupt):
            return subprocess.run(command, env=env, cwd=work, check=False).returncode  # noqa: S603
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
