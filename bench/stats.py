"""The benchmark's pure parts: reading wrk's output, the round maths, the Markdown.

No Django and no network here, so tests/bench/test_stats.py checks them fast.
"""

import math
import re
import statistics
from dataclasses import dataclass, field

_LINE = re.compile(r"^BENCH (\w+) (-?\d+)$", re.MULTILINE)
ERROR_KINDS = ("connect", "read", "write", "status", "timeout")


@dataclass
class Run:
    """One target in one round: what wrk (or the POST client) measured."""

    requests: int
    seconds: float
    p95_ms: float
    errors: dict = field(default_factory=dict)

    @property
    def rps(self):
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def error_count(self):
        return sum(self.errors.values())


def parse_wrk(output):
    """A Run from wrk's output with bench/report.lua's done() lines.

    wrk counts a status of 400 or more as a "status" error: 2xx and 3xx pass.
    """
    values = {name: int(number) for name, number in _LINE.findall(output)}
    missing = {"requests", "duration_us", "p95_us"} - values.keys()
    if missing:
        raise ValueError(f"wrk printed no {', '.join(sorted(missing))}: {output[-500:]!r}")
    return Run(
        requests=values["requests"],
        seconds=values["duration_us"] / 1_000_000,
        p95_ms=values["p95_us"] / 1000,
        errors={kind: values.get(f"errors_{kind}", 0) for kind in ERROR_KINDS},
    )


def percentile(values, percent):
    """Nearest-rank percentile (as wrk's own): the smallest value with at least
    `percent` % of the values at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Summary:
    name: str
    rounds: int
    median_rps: float
    median_p95_ms: float
    errors: int
    median_ratio: float | None  # to the static file, None for the static file itself


def summarise(rounds, *, ceiling):
    """Per target, over the rounds: median requests/s, median of the rounds' p95,
    total errors, and the median of per-round ratios to `ceiling`'s requests/s.

    `rounds` is a list of {target name: Run}; a target missing from a round
    (or a round where the ceiling failed) gives no ratio for that round.
    """
    names = []
    for measured in rounds:
        names.extend(name for name in measured if name not in names)
    summaries = []
    for name in names:
        runs = [measured[name] for measured in rounds if name in measured]
        ratios = []
        if name != ceiling:
            for measured in rounds:
                if name in measured and ceiling in measured and measured[ceiling].rps > 0:
                    ratios.append(measured[name].rps / measured[ceiling].rps)
        summaries.append(
            Summary(
                name=name,
                rounds=len(runs),
                median_rps=statistics.median(run.rps for run in runs),
                median_p95_ms=statistics.median(run.p95_ms for run in runs),
                errors=sum(run.error_count for run in runs),
                median_ratio=statistics.median(ratios) if ratios else None,
            )
        )
    return summaries


def markdown_table(summaries):
    lines = [
        "| Target | Rounds | Requests/s (median) | p95 ms (median) | Errors | Ratio to static (median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in summaries:
        ratio = "ceiling" if s.median_ratio is None else f"{s.median_ratio:.3f}"
        lines.append(
            f"| {s.name} | {s.rounds} | {s.median_rps:.1f} | {s.median_p95_ms:.1f} "
            f"| {s.errors} | {ratio} |"
        )
    return "\n".join(lines) + "\n"


def report_filename(date, resources, cache="redis"):
    """docs/benchmarks/ file name: the date and the data size (and the cache,
    when it is the in-process one)."""
    suffix = "-local-cache" if cache == "local" else ""
    return f"{date}-{resources}-resources{suffix}.md"


# --- Issue 11's targets -------------------------------------------------------
# (target name as bench/run.py names it, lowest ratio to the static file)
RATIO_TARGETS = (
    ("home, cached", 0.6),
    ("age-band page, cached", 0.6),
    ("library, cached", 0.6),
    ("resource page, cached", 0.6),
    ("lesson pack page, cached", 0.6),
    ("resource page, uncached", 0.04),
    ("home, uncached", 0.03),
    ("age-band page, uncached", 0.03),
    ("library filtered, uncached", 0.02),
    ("search, uncached", 0.02),
)
# Their p95 at the large data set may be at most this many times the baseline's.
SCALING_TARGETS = ("library filtered, uncached", "search, uncached")
SCALING_LIMIT = 2.0
MEMORY_LIMIT_MB = 150
# With the in-process cache (BENCH_CACHE=local), cached pages must reach this instead.
LOCAL_CACHE_RATIO = 0.9


@dataclass
class Check:
    target: str
    figure: str
    met: bool


def check_targets(summaries, memory_mb, baseline=None, cache="redis"):
    """Each of issue 11's targets this run can show, with its figure and whether
    it is met. `baseline` is {name: Summary} of a run on the small data set;
    `cache` "local" holds cached pages to the in-process cache's target."""
    by_name = {s.name: s for s in summaries}
    checks = []
    for name, lowest in RATIO_TARGETS:
        if cache == "local" and name.endswith(", cached"):
            lowest = LOCAL_CACHE_RATIO
        s = by_name.get(name)
        if s is not None and s.median_ratio is not None:
            checks.append(
                Check(
                    f"{name}: ratio at least {lowest}",
                    f"{s.median_ratio:.3f}",
                    s.median_ratio >= lowest,
                )
            )
    errors = sum(s.errors for s in summaries)
    checks.append(Check("no errors in any target", str(errors), errors == 0))
    if memory_mb:
        largest = max(memory_mb)
        checks.append(
            Check(
                f"worker resident memory at most {MEMORY_LIMIT_MB} MB",
                f"{largest:.0f} MB",
                largest <= MEMORY_LIMIT_MB,
            )
        )
    for name in SCALING_TARGETS if baseline else ():
        here, there = by_name.get(name), baseline.get(name)
        if here is None or there is None or there.median_p95_ms <= 0:
            continue
        times = here.median_p95_ms / there.median_p95_ms
        checks.append(
            Check(
                f"{name}: p95 at most {SCALING_LIMIT:g}x the baseline's",
                f"{here.median_p95_ms:.1f} ms / {there.median_p95_ms:.1f} ms = {times:.2f}x",
                times <= SCALING_LIMIT,
            )
        )
    return checks


def markdown_checks(checks):
    lines = ["| Target | Figure | Met |", "|---|---:|---|"]
    lines += [f"| {c.target} | {c.figure} | {'yes' if c.met else '**no**'} |" for c in checks]
    return "\n".join(lines) + "\n"


def summaries_to_json(summaries):
    return [vars(s) for s in summaries]


def summaries_from_json(rows):
    return {row["name"]: Summary(**row) for row in rows}
