"""make bench's plumbing: wrk's report is read right, and the JSON has the issue's shape."""

from bench.__main__ import at_reference, parse_wrk, table

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.10ms    1.20ms  30.00ms   90.00%
  Latency Distribution
     50%    5.50ms
     75%    6.20ms
     90%    7.10ms
     99%    1.20s
  52000 requests in 10.00s, 1.20GB read
  Socket errors: connect 0, read 0, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   5200.12
Transfer/sec:    120.00MB
"""


def test_parse_wrk_reads_rate_latencies_and_errors():
    """Units (us, ms, s) become milliseconds; errors and timeouts are counted."""
    figures = parse_wrk(WRK_OUTPUT)
    assert figures == {"rps": 5200.12, "p50_ms": 5.5, "p99_ms": 1200.0, "errors": 7, "timeouts": 3}


def test_table_lists_every_run():
    """One line per page and size, with the figures of the JSON."""
    run = {
        "stories": 1000,
        "page": "story",
        "queries": 8,
        "render_ms_median": 3.2,
        "render_ms_p95": 4.1,
        "rps": 510.0,
        "p50_ms": 50.0,
        "p99_ms": 90.0,
        "cached_rps": 4100.0,
        "rps_at_reference": 600.0,
        "cached_rps_at_reference": 4800.0,
    }
    detail = {"status": 200, "uncached": {"errors": 0, "timeouts": 0}}
    lines = table([run], [detail]).splitlines()
    assert len(lines) == 3
    assert lines[2].split() == [
        "1000",
        "story",
        "200",
        "8",
        "3.2",
        "4.1",
        "510.0",
        "600.0",
        "50.0",
        "90.0",
        "4100.0",
        "4800.0",
        "0",
    ]


def test_figures_scale_to_the_issues_machine_by_hello_world():
    """Here hello world reaches half the issue's 5,900 req/s, so a page's figure counts double."""
    assert at_reference(500.0, 2950.0) == 1000.0
    assert at_reference(500.0, 5900.0) == 500.0
