"""The status board, its file and its table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from streams.ingest.status import StatusBoard, load_status, render_table, status_path, status_report
from streams.settings import Settings


def test_file_round_trip_and_table(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    board = StatusBoard(ready=True, state_keys=12)
    feed = board.add("lowmarsh", "feed", "https://lowmarsh.example/rss")
    feed.items_seen, feed.published, feed.duplicates = 10, 4, 6
    feed.succeeded()
    feed.failed("HTTP 500")
    feed.next_poll = "2999-01-01T00:00:00Z"
    board.add("backfill", "ndjson", "/data/x.ndjson").state = "done"
    board.write(status_path(settings))
    doc = load_status(settings)
    assert doc["state_keys"] == 12 and doc["sources"][0]["consecutive_errors"] == 1
    table = render_table(doc)
    header, _blank, columns, lowmarsh, backfill = table.splitlines()
    assert "running" in header and "12 articles known" in header
    assert columns.split() == [
        "SOURCE",
        "KIND",
        "STATE",
        "SEEN",
        "PUBLISHED",
        "REVISED",
        "DUPLICATES",
        "DEAD",
        "LAST",
        "OK",
        "NEXT",
        "POLL",
        "LAST",
        "ERROR",
    ]
    assert lowmarsh.split()[:8] == ["lowmarsh", "feed", "error", "10", "4", "0", "6", "0"]
    assert lowmarsh.rstrip().endswith("HTTP 500") and "in " in lowmarsh
    assert backfill.split()[:3] == ["backfill", "ndjson", "done"]


def test_relative_times_and_stale_process() -> None:
    doc = {
        "pid": 2**22 + 12345,
        "started_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T01:00:00Z",
        "sources": [
            {
                "name": "x",
                "kind": "feed",
                "state": "ok",
                "last_success": "2026-01-01T00:59:30Z",
                "next_poll": "2026-01-01T01:05:00Z",
            }
        ],
    }
    now = datetime(2026, 1, 1, 1, 0, 0, tzinfo=UTC)
    table = render_table(doc, now=now)
    assert "not running" in table and "started 60m ago" in table
    assert "30s ago" in table and "in 5m" in table


def test_report_without_a_file(tmp_path: Path) -> None:
    assert "no ingest status" in status_report(Settings(data_dir=tmp_path))
