"""`make bench-memory`: each gunicorn worker's memory after every demo page
type has been served (issue 11: at most 150 MB resident).

    REDIS_URL=redis://127.0.0.1:6379/N .venv/bin/python -m bench.memory [--data demo|existing]

The same production profile as `make bench` (bench/run.py: its environment,
data, gunicorn command and worker reading), without wrk: each page the
benchmark asks for (home, age band, library, resource, pack, filtered library,
search), cached and uncached, is fetched --repeat times, then each worker's
memory is read from /proc. It prints, per worker:

- RSS (VmRSS): resident pages, counting in full those shared with the master
  and the other workers, the figure issue 11 names;
- PSS (smaps_rollup): each shared page divided among the processes sharing it,
  so the PSS of all workers adds up to what they really take;
- USS (Private_Clean + Private_Dirty): what the worker alone holds, the memory
  freed if it stopped.

Exits 1 when a worker's RSS is above --limit (150 MB).
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from bench.run import (
    discover,
    environment,
    fetch,
    prepare_data,
    say,
    start_gunicorn,
    stop_gunicorn,
    targets,
    worker_memory,
)

LIMIT_MB = 150


def smaps_rollup(pid):
    """{"pss": MB, "uss": MB} of one process, from /proc/PID/smaps_rollup."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    kb = {name: int(value) for name, value in re.findall(r"^(\w+):\s+(\d+) kB", text, re.M)}
    return {
        "pss": kb.get("Pss", 0) / 1024,
        "uss": (kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024,
    }


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--data", choices=["demo", "existing"], default=env("BENCH_DATA", "demo"))
    parser.add_argument("--workers", type=int, default=int(env("BENCH_WORKERS", "4")))
    parser.add_argument("--repeat", type=int, default=int(env("BENCH_REPEAT", "20")))
    parser.add_argument("--limit", type=float, default=LIMIT_MB)
    return parser.parse_args(argv)


def main(argv=None):
    options = arguments(argv)
    work = Path(tempfile.mkdtemp(prefix="clearsight-memory."))
    env = environment(work)
    gunicorn = None
    try:
        prepare_data(env, options)
        found = discover(env)
        gunicorn, port = start_gunicorn(env, work, options.workers)
        say(f"gunicorn ({options.workers} workers) on 127.0.0.1:{port}")
        chosen = targets(port, found)
        # Enough requests that every worker (they take connections in turn)
        # has served every page, cached and uncached.
        for _ in range(options.repeat):
            for _name, path, uncached in chosen:
                fetch(port, path, cookie=uncached)
        resident = worker_memory(gunicorn.pid)
        master = smaps_rollup(gunicorn.pid)
        print(f"{'worker':>8} {'RSS MB':>8} {'PSS MB':>8} {'USS MB':>8}")
        for pid, rss in sorted(resident.items()):
            shared = smaps_rollup(pid)
            print(f"{pid:>8} {rss:>8.1f} {shared['pss']:>8.1f} {shared['uss']:>8.1f}")
        print(f"{'master':>8} {'':>8} {master['pss']:>8.1f} {master['uss']:>8.1f}")
        total = master["pss"] + sum(smaps_rollup(pid)["pss"] for pid in resident)
        print(f"master and workers together (sum of PSS): {total:.1f} MB")
        largest = max(resident.values(), default=0)
        if largest > options.limit:
            print(f"a worker is above {options.limit:.0f} MB resident", file=sys.stderr)
            return 1
        return 0
    finally:
        stop_gunicorn(gunicorn)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
