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


def report_filename(date, resources):
    """docs/benchmarks/ file name: the date and the data size."""
    return f"{date}-{resources}-resources.md"
