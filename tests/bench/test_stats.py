"""The benchmark's pure parts (bench/stats.py): no server, no wrk."""

import pytest

from bench.stats import (
    Check,
    Run,
    Summary,
    check_targets,
    markdown_checks,
    markdown_table,
    parse_wrk,
    percentile,
    report_filename,
    summaries_from_json,
    summaries_to_json,
    summarise,
)

# wrk 4.1's own text, then the lines bench/report.lua's done() writes.
WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:40123/
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.61ms    2.10ms  30.12ms   80.00%
    Req/Sec   760.12     50.33   850.00     70.00%
  4560 requests in 3.00s, 12.10MB read
  Non-2xx or 3xx responses: 7
Requests/sec:   1519.87
Transfer/sec:      4.03MB
BENCH requests 4560
BENCH duration_us 3000250
BENCH errors_connect 0
BENCH errors_read 2
BENCH errors_write 0
BENCH errors_status 7
BENCH errors_timeout 1
BENCH p50_us 6100
BENCH p95_us 11250
BENCH p99_us 20001
"""


def test_parse_wrk_reads_the_report_lines():
    run = parse_wrk(WRK_OUTPUT)
    assert run.requests == 4560
    assert run.seconds == pytest.approx(3.00025)
    assert run.rps == pytest.approx(4560 / 3.00025)
    assert run.p95_ms == pytest.approx(11.25)
    assert run.errors == {"connect": 0, "read": 2, "write": 0, "status": 7, "timeout": 1}
    assert run.error_count == 10


def test_parse_wrk_refuses_output_without_the_report():
    # e.g. wrk could not connect at all, or ran without bench/report.lua
    with pytest.raises(ValueError, match="p95_us"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\nBENCH requests 0\n")


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1 … 100
    assert percentile(values, 95) == 95
    assert percentile(values, 50) == 50
    assert percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert percentile([7], 95) == 7
    with pytest.raises(ValueError):
        percentile([], 95)


def run(rps, p95=10.0, errors=0):
    return Run(requests=int(rps * 10), seconds=10.0, p95_ms=p95, errors={"status": errors})


def test_summarise_takes_medians_over_rounds_and_per_round_ratios():
    rounds = [
        {"static": run(1000), "home": run(20, p95=500, errors=1)},
        {"static": run(2000), "home": run(30, p95=700)},
        {"static": run(500), "home": run(10, p95=900, errors=2)},
    ]
    static, home = summarise(rounds, ceiling="static")
    assert (static.name, static.rounds, static.median_rps, static.median_ratio) == (
        "static",
        3,
        1000,
        None,
    )
    assert home.median_rps == 20
    assert home.median_p95_ms == 700
    assert home.errors == 3
    # Per-round ratios 0.02, 0.015, 0.02.
    assert home.median_ratio == pytest.approx(0.02)


def test_the_ratio_is_the_median_of_each_rounds_ratio():
    """Not the ratio of the medians: a slow round slows the static file too."""
    rounds = [
        {"static": run(1000), "home": run(10)},  # 0.01
        {"static": run(4000), "home": run(100)},  # 0.025
        {"static": run(500), "home": run(50)},  # 0.1
    ]
    home = summarise(rounds, ceiling="static")[1]
    assert home.median_ratio == pytest.approx(0.025)  # the medians' ratio is 50 / 1000


def test_summarise_skips_rounds_without_a_ceiling():
    rounds = [{"static": run(0), "home": run(10)}, {"static": run(100), "home": run(10)}]
    assert summarise(rounds, ceiling="static")[1].median_ratio == pytest.approx(0.1)
    assert summarise([{"home": run(10)}], ceiling="static")[0].median_ratio is None


def test_markdown_table():
    rounds = [{"static": run(1500.04, p95=1.26), "home, cached": run(750, p95=12.34, errors=4)}]
    table = markdown_table(summarise(rounds, ceiling="static"))
    assert table.splitlines() == [
        "| Target | Rounds | Requests/s (median) | p95 ms (median) | Errors | Ratio to static (median) |",
        "|---|---:|---:|---:|---:|---:|",
        "| static | 1 | 1500.0 | 1.3 | 0 | ceiling |",
        "| home, cached | 1 | 750.0 | 12.3 | 4 | 0.500 |",
    ]


def test_report_filename_names_the_date_and_the_data_size():
    assert report_filename("2026-11-26", 10045) == "2026-11-26-10045-resources.md"
    assert report_filename("2026-11-26", 145, "local") == (
        "2026-11-26-145-resources-local-cache.md"
    )


def summary(name, ratio, p95=10.0, errors=0):
    return Summary(name, 6, 100.0, p95, errors, ratio)


def test_each_target_is_checked_against_its_figure():
    summaries = [
        summary("static CSS file", None),
        summary("home, cached", 0.61),
        summary("resource page, cached", 0.59),
        summary("resource page, uncached", 0.04),
        summary("search, uncached", 0.019),
    ]
    checks = {c.target: c for c in check_targets(summaries, [149.0, 151.0])}
    assert checks["home, cached: ratio at least 0.6"].met
    assert not checks["resource page, cached: ratio at least 0.6"].met
    assert checks["resource page, uncached: ratio at least 0.04"].met
    assert not checks["search, uncached: ratio at least 0.02"].met
    assert checks["no errors in any target"].met
    memory = checks["worker resident memory at most 150 MB"]
    assert (memory.figure, memory.met) == ("151 MB", False)
    # A target the run did not measure is not claimed either way.
    assert not any(target.startswith("library, cached") for target in checks)


def test_with_the_in_process_cache_cached_pages_must_reach_0_9():
    summaries = [summary("home, cached", 0.89), summary("library, cached", 0.9)]
    checks = [(c.target, c.met) for c in check_targets(summaries, [], cache="local")]
    assert ("home, cached: ratio at least 0.9", False) in checks
    assert ("library, cached: ratio at least 0.9", True) in checks


def test_an_error_anywhere_misses_the_error_target():
    checks = check_targets([summary("static CSS file", None, errors=1)], [])
    assert [(c.target, c.figure, c.met) for c in checks] == [
        ("no errors in any target", "1", False)
    ]


def test_p95_is_compared_with_the_baselines_for_the_library_and_search():
    baseline = summaries_from_json(
        summaries_to_json(
            [summary("search, uncached", 0.03, p95=20.0), summary("home, uncached", 0.03)]
        )
    )
    here = [summary("search, uncached", 0.03, p95=41.0), summary("home, uncached", 0.03, p95=90.0)]
    scaling = [c for c in check_targets(here, [], baseline) if "baseline" in c.target]
    assert [(c.target, c.figure, c.met) for c in scaling] == [
        ("search, uncached: p95 at most 2x the baseline's", "41.0 ms / 20.0 ms = 2.05x", False)
    ]


def test_markdown_checks_marks_a_miss():
    text = markdown_checks([Check("a", "1", True), Check("b", "2", False)])
    assert "| a | 1 | yes |" in text
    assert "| b | 2 | **no** |" in text
