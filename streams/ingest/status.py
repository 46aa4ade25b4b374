"""Per-source health of a running ingest: counters, last success, last error, next poll.

An operator asks two questions: "is every feed flowing?" and "why not?". The
board answers both per source, is served live on ``GET /status`` and written
to ``<data_dir>/ingest-status.json`` every few seconds, so ``quotewire ingest
status`` works from another shell (or a cron check) without a network call.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import structlog

from ..events import utcnow
from ..settings import Settings

log = structlog.get_logger(__name__)

STATUS_FILE = "ingest-status.json"


@dataclass
class SourceStatus:
    """Counters and last outcomes of one source."""

    name: str
    kind: str  # feed, ndjson, push
    target: str  # the URL, path or listen address
    state: str = "starting"  # starting, ok, error, done, disabled
    last_success: str | None = None
    last_error_at: str | None = None
    last_error: str | None = None
    consecutive_errors: int = 0
    warning: str | None = None
    polls: int = 0
    not_modified: int = 0
    items_seen: int = 0
    published: int = 0
    revisions: int = 0  # publications with revision > 1 (also counted in published)
    duplicates: int = 0
    dead_lettered: int = 0
    next_poll: str | None = None

    def succeeded(self) -> None:
        self.state = "ok"
        self.last_success = utcnow()
        self.consecutive_errors = 0

    def failed(self, message: str) -> None:
        self.state = "error"
        self.last_error_at = utcnow()
        self.last_error = message[:500]
        self.consecutive_errors += 1


@dataclass
class StatusBoard:
    """Every source's status plus the process's own, as one JSON-able document."""

    sources: dict[str, SourceStatus] = field(default_factory=dict)
    started_at: str = field(default_factory=utcnow)
    state_keys: int = 0
    ready: bool = False
    broker_error: str | None = None

    def add(self, name: str, kind: str, target: str) -> SourceStatus:
        status = SourceStatus(name, kind, target)
        self.sources[name] = status
        return status

    def snapshot(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "started_at": self.started_at,
            "updated_at": utcnow(),
            "ready": self.ready,
            "state_keys": self.state_keys,
            "broker_error": self.broker_error,
            "sources": [asdict(s) for s in self.sources.values()],
        }

    def write(self, path: Path) -> None:
        """Write the snapshot atomically (a reader never sees half a file)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(orjson.dumps(self.snapshot(), option=orjson.OPT_INDENT_2))
        os.replace(tmp, path)

    async def keep_writing(self, path: Path, interval: float) -> None:
        """Rewrite the status file every ``interval`` seconds until cancelled."""
        while True:
            try:
                self.write(path)
            except OSError as exc:
                log.warning("ingest.status_write_failed", path=str(path), error=str(exc))
            await asyncio.sleep(interval)


def status_path(settings: Settings) -> Path:
    return settings.data_dir / STATUS_FILE


def load_status(settings: Settings) -> dict[str, Any]:
    """The last status a running (or stopped) ingest wrote. Raises FileNotFoundError when none."""
    return orjson.loads(status_path(settings).read_bytes())


def _parse(ts: str | None) -> datetime | None:
    if not ts:
        return None
    try:
        return datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None


def _relative(ts: str | None, now: datetime) -> str:
    moment = _parse(ts)
    if moment is None:
        return "-"
    seconds = (moment - now).total_seconds()
    span = abs(seconds)
    if span < 1:
        text = "now"
        return text
    if span < 90:
        text = f"{span:.0f}s"
    elif span < 90 * 60:
        text = f"{span / 60:.0f}m"
    elif span < 36 * 3600:
        text = f"{span / 3600:.1f}h"
    else:
        text = f"{span / 86400:.1f}d"
    return f"in {text}" if seconds > 0 else f"{text} ago"


def _alive(pid: Any) -> bool:
    if not isinstance(pid, int):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def render_table(doc: dict[str, Any], *, now: datetime | None = None, check_pid: bool = True) -> str:
    """The status document as a header line and one table row per source."""
    now = now or datetime.now(UTC)
    running = _alive(doc.get("pid")) if check_pid else True
    head = (
        f"ingest pid {doc.get('pid')} ({'running' if running else 'not running'}), "
        f"started {_relative(doc.get('started_at'), now)}, "
        f"status written {_relative(doc.get('updated_at'), now)}, "
        f"{doc.get('state_keys', 0)} articles known"
    )
    if doc.get("broker_error"):
        head += f"\nbroker: {doc['broker_error']}"
    columns = [
        "SOURCE",
        "KIND",
        "STATE",
        "SEEN",
        "PUBLISHED",
        "REVISED",
        "DUPLICATES",
        "DEAD",
        "LAST OK",
        "NEXT POLL",
        "LAST ERROR",
    ]
    rows = [columns]
    for s in doc.get("sources", []):
        error = ""
        if s.get("last_error"):
            error = f"{_relative(s.get('last_error_at'), now)}: {s['last_error']}"
            if len(error) > 80:
                error = error[:77] + "..."
        rows.append(
            [
                str(s.get("name")),
                str(s.get("kind")),
                str(s.get("state")),
                str(s.get("items_seen", 0)),
                str(s.get("published", 0)),
                str(s.get("revisions", 0)),
                str(s.get("duplicates", 0)),
                str(s.get("dead_lettered", 0)),
                _relative(s.get("last_success"), now),
                _relative(s.get("next_poll"), now) if s.get("kind") == "feed" else "-",
                error,
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(columns))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    return "\n".join([head, "", *lines])


def status_report(settings: Settings) -> str:
    """What ``quotewire ingest status`` prints."""
    try:
        doc = load_status(settings)
    except FileNotFoundError:
        return (
            f"no ingest status at {status_path(settings)}: is `quotewire ingest` running with this data dir?"
        )
    return render_table(doc)
