"""``make bench`` reads wrk's report: requests/s, p50 and p99 in milliseconds, failures."""

from __future__ import annotations

import math

from tests.bench.load import parse_wrk

REPORT = """\
Running 12s test @ http://127.0.0.1:40123/forum/t/9
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    31.21ms    5.10ms  80.02ms   75.00%
    Req/Sec   160.12     20.01   200.00     70.00%
  Latency Distribution
     50%   30.50ms
     75%   33.00ms
     90%   37.10ms
     99%    1.02s
  3842 requests in 12.00s, 18.01MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    320.15
Transfer/sec:      1.50MB
"""


def test_a_report_gives_rate_latencies_and_failures():
    result = parse_wrk(REPORT)
    assert result.per_second == 320.15
    assert result.p50_ms == 30.5
    assert result.p99_ms == 1020.0
    assert result.errors == 7


def test_microseconds_and_a_clean_run():
    report = REPORT.replace("30.50ms", "950.00us").replace("1.02s", "12.00ms")
    report = report.replace("  Socket errors: connect 0, read 2, write 0, timeout 1\n", "")
    report = report.replace("  Non-2xx or 3xx responses: 4\n", "")
    result = parse_wrk(report)
    assert math.isclose(result.p50_ms, 0.95)
    assert result.p99_ms == 12.0
    assert result.errors == 0


def test_an_empty_report_is_no_figure():
    result = parse_wrk("")
    assert result.per_second == 0.0 and math.isnan(result.p50_ms) and result.errors == 0
