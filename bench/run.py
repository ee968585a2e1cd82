"""`make bench`: the production profile under load, measured (issue 11).

    .venv/bin/python -m bench.run [--data generate|demo|existing] [--resources N] …

Steps: migrate; build the data set (`generate_load_data`, or the demo content,
or nothing); collect the static files into a temporary folder; warm the page
cache; start gunicorn (config.settings.production, WhiteNoise, Redis) on a free
port of 127.0.0.1; then, in each round, every target in turn with wrk at
concurrency 10, and the submission POST with bench/submit.py. It prints and
writes to docs/benchmarks/ the median requests/s, the median p95, the errors
and the median of each round's ratio to the static CSS file, and the resident
memory of each gunicorn worker after the load.

"Uncached" requests carry a harmless cookie: the page cache answers only
requests with no cookie and no query string (home/page_cache/rules.py).
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

from bench import submit
from bench.stats import (
    check_targets,
    markdown_checks,
    markdown_table,
    parse_wrk,
    report_filename,
    summaries_from_json,
    summaries_to_json,
    summarise,
)

CHECKOUT = Path(__file__).resolve().parent.parent
DATA = CHECKOUT / "bench" / ".data"
LUA = Path(__file__).resolve().parent / "report.lua"
HOST = "bench.clearsight.test"
STATIC = "static CSS file"
# High enough that no benchmark request is refused (the limits protect a real
# site from one address; here every request comes from 127.0.0.1).
RAISED_LIMITS = {
    "SEARCH_RATE_LIMIT": "1000000/m",
    "CONTRIBUTION_RATE_LIMIT": "1000000/h",
    "CONTRIBUTION_CALL_RATE_LIMIT": "1000000/h",
}


def say(message):
    print(f"bench: {message}", flush=True)


def add_data_arguments(parser, data="generate"):
    """--data and generate_load_data's options (BENCH_* in the environment),
    shared by bench.run and bench.cpu."""
    env = os.environ.get
    parser.add_argument(
        "--data",
        choices=["generate", "demo", "existing"],
        default=env("BENCH_DATA", data),
        help="generate: manage.py generate_load_data (on the demo content); demo: the demo "
        "content only; existing: use what the database holds",
    )
    parser.add_argument("--resources", type=int, default=int(env("BENCH_RESOURCES", "200")))
    parser.add_argument("--packs", type=int, default=int(env("BENCH_PACKS", "20")))
    parser.add_argument("--submissions", type=int, default=int(env("BENCH_SUBMISSIONS", "2000")))
    parser.add_argument("--seed", type=int, default=int(env("BENCH_SEED", "20261126")))


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    add_data_arguments(parser)
    parser.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "6")))
    parser.add_argument("--duration", type=int, default=int(env("BENCH_DURATION", "5")))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", "10")))
    # The README's production example runs 4 workers.
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS", "4")))
    parser.add_argument(
        "--cache",
        choices=["redis", "local"],
        default=env("BENCH_CACHE", "redis"),
        help="redis: the production profile; local: the in-process cache, filled in the "
        "gunicorn master before the workers fork, cached pages only (bench/settings_local_cache.py)",
    )
    parser.add_argument("--output", type=Path, default=CHECKOUT / "docs" / "benchmarks")
    parser.add_argument(
        "--baseline",
        type=Path,
        default=env("BENCH_BASELINE") or None,
        help="the .json of an earlier run on a small data set: the report compares the p95 "
        "of the library and search with it (issue 11: at most twice)",
    )
    return parser.parse_args(argv)


def environment(work):
    if not os.environ.get("REDIS_URL"):
        sys.exit(
            "bench: the production settings require REDIS_URL (a Redis database of its own, "
            "e.g. REDIS_URL=redis://127.0.0.1:6379/11): the page cache and the rate limits "
            "are shared through it. Nothing was run."
        )
    DATA.mkdir(parents=True, exist_ok=True)
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="config.settings.production",
        PYTHONPATH=os.pathsep.join([str(CHECKOUT / "site"), str(CHECKOUT)]),
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(48),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{DATA / 'bench.sqlite3'}",
        MEDIA_ROOT=os.environ.get("MEDIA_ROOT") or str(DATA / "media"),
        STATIC_ROOT=str(work / "static"),
        # Moderators' and parents' emails are not part of what is measured.
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        **RAISED_LIMITS,
    )


def manage(env, *args, capture=False, hint=""):
    command = [sys.executable, str(CHECKOUT / "manage.py"), *args]
    say(" ".join(["manage.py", *args]))
    result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        command, env=env, cwd=CHECKOUT, text=True, capture_output=capture, check=False
    )
    if result.returncode != 0:
        if capture:
            print(result.stdout, result.stderr, sep="\n", file=sys.stderr)
        sys.exit(f"bench: manage.py {args[0]} failed (exit status {result.returncode}). {hint}")
    return result.stdout if capture else ""


def ensure_wrk():
    if shutil.which("wrk"):
        return
    say("wrk is missing: installing Debian's package")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, check=True)  # noqa: S603, S607


def prepare_data(env, options):
    manage(env, "migrate", "--noinput", "-v", "0")
    if options.data == "generate":
        commands = manage(env, "help", "--commands", capture=True).split()
        if "generate_load_data" not in commands:
            sys.exit(
                "bench: this checkout has no generate_load_data command; use BENCH_DATA=demo "
                "(--data demo) or BENCH_DATA=existing (--data existing)."
            )
        manage(
            env,
            "generate_load_data",
            f"--resources={options.resources}",
            f"--packs={options.packs}",
            f"--submissions={options.submissions}",
            f"--seed={options.seed}",
            hint="If the data set is already there, run with BENCH_DATA=existing (--data existing).",
        )
    elif options.data == "demo":
        manage(env, "load_demo_content")
    # The page cache keys on the Site and the scheme: requests come for HOST over
    # HTTPS (X-Forwarded-Proto), so the default Site must say so before warming.
    manage(env, "set_site_address", HOST, "443")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    # Renditions are made by the task worker after an upload or a publish, and
    # the benchmark runs none: make any that are missing now, so that no
    # measured request queues one.
    manage(env, "generate_renditions")


def measured_paths(found):
    return [found[name] for name in ("home", "band", "library", "resource", "pack")]


def warm(env, found):
    """Store the pages the benchmark measures (every other page is retired:
    warming all of a large data set takes a long while and measures nothing)."""
    manage(env, "warm_page_cache", *[f"--path={path}" for path in measured_paths(found)])


def start_local_cache_gunicorn(env, work, workers, found):
    """gunicorn with the in-process cache, the measured pages stored in the
    master before the workers fork (bench/gunicorn_local_cache.py)."""
    local = dict(
        env,
        DJANGO_SETTINGS_MODULE="bench.settings_local_cache",
        BENCH_WARM_PATHS=",".join(measured_paths(found)),
    )
    return start_gunicorn(local, work, workers, config="bench.gunicorn_local_cache")


def discover(env):
    output = manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "import runpy; runpy.run_path('bench/discover.py', run_name='__main__')",
        capture=True,
    )
    line = next(line for line in output.splitlines() if line.startswith("BENCH_TARGETS "))
    return json.loads(line.split(" ", 1)[1])


def start_gunicorn(env, work, workers, config="config.gunicorn"):
    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - open while gunicorn runs
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            f"--config=python:{config}",
            "config.wsgi:application",
            "--bind=127.0.0.1:0",
            f"--workers={workers}",
            f"--control-socket={work / 'gunicorn.ctl'}",
        ],
        env=env,
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(240):
        text = (work / "gunicorn.log").read_text()
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.5)
    print((work / "gunicorn.log").read_text(), file=sys.stderr)
    process.terminate()
    sys.exit("bench: gunicorn did not start")


def stop_gunicorn(process):
    """Stop gunicorn (None, or already stopped, is fine): TERM, then KILL after 30 s."""
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def fetch(port, path, cookie=False):
    headers = {"Host": HOST, "X-Forwarded-Proto": "https"}
    if cookie:
        headers["Cookie"] = "bench=1"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (ConnectionError, urllib.error.URLError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def targets(port, found, cached_only=False):
    """[(name, path, uncached)] in the order each round asks for them
    (with `cached_only`, the static file and the cached pages alone)."""
    status, page = fetch(port, found["home"])
    css = re.search(r'href="(/static/css/clearsight\.[0-9a-f]{12}\.css)"', page)
    if status != 200 or not css:
        sys.exit(f"bench: the home page answered {status} without a hashed stylesheet")
    library_filtered = f"{found['library']}?{found['library_query']}"
    search = f"/search/?q={quote(found['search_word'])}"
    chosen = [(STATIC, css.group(1), False)]
    for label, path in [
        ("home", found["home"]),
        ("age-band page", found["band"]),
        ("library", found["library"]),
        ("resource page", found["resource"]),
        ("lesson pack page", found["pack"]),
    ]:
        chosen += [(f"{label}, uncached", path, True), (f"{label}, cached", path, False)]
    chosen += [
        ("library filtered, uncached", library_filtered, True),
        ("search, uncached", search, True),
    ]
    if cached_only:
        chosen = [target for target in chosen if not target[2]]
    for name, path, uncached in chosen:
        status, _ = fetch(port, path, cookie=uncached)
        say(f"{status} {path} ({name})")
        if status != 200:
            sys.exit(f"bench: {name} answered {status}, not 200: nothing measured")
    return chosen


def wrk(port, path, uncached, options):
    command = [
        "wrk",
        "-t2",
        f"-c{options.connections}",
        f"-d{options.duration}s",
        "--timeout=10s",
        f"-s{LUA}",
        f"-HHost: {HOST}",
        "-HX-Forwarded-Proto: https",
    ]
    if uncached:
        command.append("-HCookie: bench=1")
    command.append(f"http://127.0.0.1:{port}{path}")
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    return parse_wrk(result.stdout)


def worker_memory(master_pid):
    """{pid: resident MB} of the gunicorn master's children, from /proc."""
    memory = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        rss = re.search(r"VmRSS:\s+(\d+) kB", status)
        if rss:
            memory[int(stat.parent.name)] = int(rss.group(1)) / 1024
    return memory


def machine():
    model = ""
    try:
        model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        model = platform.processor()
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}"


def commit():
    def git(*args):
        return subprocess.run(  # noqa: S603
            ["git", *args],  # noqa: S607
            cwd=CHECKOUT,
            capture_output=True,
            text=True,
            check=False,  # noqa: S607
        ).stdout.strip()

    dirty = (
        " (with uncommitted changes)"
        # (an earlier run's report, just written, does not count)
        if git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks")
        else ""
    )
    return git("rev-parse", "--short=12", "HEAD") + dirty


def main(argv=None):
    options = arguments(argv)
    ensure_wrk()
    work = Path(tempfile.mkdtemp(prefix="clearsight-bench."))
    env = environment(work)
    gunicorn = None
    try:
        prepare_data(env, options)
        found = discover(env)
        local = options.cache == "local"
        if local:
            gunicorn, port = start_local_cache_gunicorn(env, work, options.workers, found)
        else:
            warm(env, found)
            gunicorn, port = start_gunicorn(env, work, options.workers)
        say(f"gunicorn ({options.workers} workers, {options.cache} cache) on 127.0.0.1:{port}")
        chosen = targets(port, found, cached_only=local)
        rounds = []
        for number in range(1, options.rounds + 1):
            measured = {}
            for name, path, uncached in chosen:
                measured[name] = wrk(port, path, uncached, options)
            if found["submit"] and not local:
                measured["submission POST with a picture"] = submit.run(
                    port,
                    HOST,
                    found["submit"],
                    seconds=options.duration,
                    connections=options.connections,
                )
            rounds.append(measured)
            say(
                f"round {number} of {options.rounds}: "
                + ", ".join(f"{name} {run.rps:.0f}/s" for name, run in measured.items())
            )
        memory = worker_memory(gunicorn.pid)
        summaries = summarise(rounds, ceiling=STATIC)
        report = write_report(options, env, found, chosen, summaries, memory)
        print()
        print(report)
    finally:
        stop_gunicorn(gunicorn)
        shutil.rmtree(work, ignore_errors=True)


def write_report(options, env, found, chosen, summaries, memory):
    today = datetime.date.today().isoformat()
    baseline = None
    if options.baseline:
        baseline_rows = json.loads(options.baseline.read_text())
        baseline = summaries_from_json(baseline_rows["summaries"])
    local = options.cache == "local"
    checks = check_targets(summaries, list(memory.values()), baseline, cache=options.cache)
    compared = (
        f"Baseline for the p95 comparison: `{options.baseline.name}` "
        f"({baseline_rows['resources']} resources)."
        if baseline
        else "No baseline given (`BENCH_BASELINE`): the p95 of the library and search "
        "is not compared with a small data set."
    )
    database = urlsplit(env["DATABASE_URL"]).scheme  # never the credentials
    paths = "\n".join(f"- {name}: `{path}`" for name, path, _ in chosen)
    if local:
        paths += "\n- submission POST: not measured with the in-process cache (cached pages only)"
    elif found["submit"]:
        paths += f"\n- submission POST with a picture: `{found['submit']['path']}`"
    else:
        paths += "\n- submission POST: not measured (no open call for contributions)"
    rss = ", ".join(f"{mb:.0f} MB" for mb in sorted(memory.values())) or "not read"
    largest = max(memory.values(), default=0)
    data = f"`--data {options.data}`"
    if options.data == "generate":
        data += (
            f" (generate_load_data --resources {options.resources} --packs {options.packs}"
            f" --submissions {options.submissions} --seed {options.seed})"
        )
    if local:
        cache = (
            "cache in-process (bench/settings_local_cache.py: LocMemCache, the measured pages "
            "stored in the gunicorn master before the workers fork)"
        )
        title = f"{found['resources']} resources, in-process cache"
        uncached = """- Cached pages only: this run measures what a hit costs with the in-process
  cache. Uncached pages, search and the POST are measured with Redis."""
        post = ""
    else:
        post = f"; the POST by bench/submit.py with\n  {options.connections} threads"
        cache = "cache Redis"
        title = f"{found['resources']} resources"
        uncached = """- Uncached: each request carries `Cookie: bench=1`, which the page cache never
  answers. The filtered library and search have a query string, so they are
  never served from the page cache: they have no "cached" row."""
    text = f"""# Benchmark, {today}, {title}

{markdown_table(summaries)}
Issue 11's targets that this run measures:

{markdown_checks(checks)}
{compared}

Ratio: the target's requests per second divided by the static CSS file's in
the same round, median of the rounds. Errors: non-2xx/3xx answers and socket
errors, over all rounds (for the POST, any answer but a redirect).

Resident memory of each gunicorn worker after the load: {rss}
(largest {largest:.0f} MB; the issue's target is at most 150 MB).

- Machine: {machine()}
- Commit: {commit()}
- Settings: config.settings.production, gunicorn {options.workers} sync workers, WhiteNoise,
  {cache}, database {database}, data {data}
- Load: wrk, {options.connections} connections, {options.duration} s per target,
  {options.rounds} rounds, targets interleaved{post}
- Rate limits raised for the run: {", ".join(f"{k}={v}" for k, v in RAISED_LIMITS.items())};
  emails not sent (dummy backend)
{uncached}

Paths:
{paths}
"""
    options.output.mkdir(parents=True, exist_ok=True)
    path = options.output / report_filename(today, found["resources"], options.cache)
    path.write_text(text)
    path.with_suffix(".json").write_text(
        json.dumps(
            {"resources": found["resources"], "summaries": summaries_to_json(summaries)}, indent=1
        )
        + "\n"
    )
    say(f"written to {path.relative_to(CHECKOUT) if path.is_relative_to(CHECKOUT) else path}")
    return text


if __name__ == "__main__":
    main()
