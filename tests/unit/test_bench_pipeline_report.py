"""`quotewire bench pipeline`'s report: CPU per article (in all, and without the bench client), and each
process's idle share of a core."""
from __future__ import annotations

from streams.bench.pipeline import IDLE_SECONDS, Latency, RunResult, format_runs


def test_the_report_gives_cpu_per_article_and_each_process_idle_share_of_a_core() -> None:
    latency = Latency(0.1, 0.2, 0.3, count=1)
    run = RunResult(workers=1, articles=1000, statements=14000, alerts=500, seconds=10.0, rate=None,
                    to_statements=latency, to_alert=latency, to_archive=latency,
                    cpu_s={"pipeline#0": 5.0, "alerts#1": 1.5, "archive#2": 1.5, "broker": 1.0, "bench client": 0.5},
                    idle_cpu_s={"pipeline#0": 0.1 * IDLE_SECONDS, "alerts#1": 0.025 * IDLE_SECONDS,
                                "broker": 0.0, "bench client": 0.2})
    report = format_runs([run], None)
    assert "9.5 ms per article in all, 9.0 without the bench client" in report
    idle = next(line for line in report.splitlines() if line.startswith("Idle CPU"))
    assert "pipeline#0 10.0, alerts#1 2.5, broker 0.0" in idle
    assert "bench client" not in idle
