"""Following an NDJSON file: appended lines, partial lines, truncation and rotation."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

from streams.ingest.ndjson import _file_lines, _stdin_lines
from streams.ingest.status import SourceStatus


def test_follow_append_truncate_rotate(tmp_path: Path) -> None:
    path = tmp_path / "feed.ndjson"
    path.write_bytes(b"one\ntwo\npart")

    async def scenario() -> list[bytes]:
        stopping = asyncio.Event()
        status = SourceStatus("x", "ndjson", str(path))
        got: list[bytes] = []

        async def read() -> None:
            async for line in _file_lines(
                path, follow=True, poll_interval=0.02, stopping=stopping, status=status
            ):
                got.append(line)

        async def until(n: int) -> None:
            for _ in range(200):
                if len(got) >= n:
                    return
                await asyncio.sleep(0.01)
            raise AssertionError(f"only {got}")

        task = asyncio.create_task(read())
        await until(2)
        with path.open("ab") as f:
            f.write(b"ial\nthree\n")
        await until(4)
        path.write_bytes(b"after truncation\n")  # truncated in place
        await until(5)
        path.rename(tmp_path / "feed.ndjson.1")  # rotated: a new file takes the name
        (tmp_path / "feed.ndjson").write_bytes(b"new file\n")
        await until(6)
        stopping.set()
        await asyncio.wait_for(task, 2)
        return got

    assert asyncio.run(scenario()) == [b"one", b"two", b"partial", b"three", b"after truncation", b"new file"]


def test_read_once_keeps_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "once.ndjson"
    path.write_bytes(b"a\nb")

    async def scenario() -> list[bytes]:
        status = SourceStatus("x", "ndjson", str(path))
        return [
            line
            async for line in _file_lines(
                path, follow=False, poll_interval=0.02, stopping=asyncio.Event(), status=status
            )
        ]

    assert asyncio.run(scenario()) == [b"a", b"b"]


def test_stdin_lines() -> None:
    async def scenario() -> list[bytes]:
        return [line async for line in _stdin_lines(io.BytesIO(b"x\ny\n"))]

    assert asyncio.run(scenario()) == [b"x\n", b"y\n"]


def test_lines_read_together_are_sent_together(tmp_path: Path) -> None:
    """A backfill file was sent one line per broker acknowledgement (20k lines: minutes)."""
    from typing import Any

    from streams.ingest.dedupe import DedupeState
    from streams.ingest.emit import Emitter
    from streams.ingest.ndjson import run_ndjson
    from streams.ingest.sources import Ndjson
    from streams.ingest.status import StatusBoard
    from streams.settings import Settings

    class CountingPublisher:
        state_topic = "t.ingest-state"

        def __init__(self) -> None:
            self.ids: list[str] = []
            self.dead: list[str] = []
            self.in_flight = self.max_in_flight = 0

        async def publish_article(self, article: dict[str, Any]) -> None:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            await asyncio.sleep(0.002)  # the broker's acknowledgement
            self.in_flight -= 1
            self.ids.append(article["article_id"])

        async def publish_state(self, key: str, value: bytes | None) -> None:
            pass

        async def publish_dead_letter(self, error: str, *args: Any, **kwargs: Any) -> None:
            self.dead.append(error)

    lines = [b'{"article_id": "a%d", "body": "Line %d."}' % (i, i) for i in range(300)]
    lines.insert(150, b"{not json")
    path = tmp_path / "backfill.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")

    async def scenario() -> CountingPublisher:
        settings = Settings(broker="kafka://127.0.0.1:1")
        publisher = CountingPublisher()
        board = StatusBoard()
        status = board.add("backfill", "ndjson", str(path))
        emitter = Emitter(settings, publisher, DedupeState(settings, publisher), board)  # type: ignore[arg-type]
        source = Ndjson(name="backfill", path=str(path), follow=False, poll_interval=0.05)
        await run_ndjson(source, emitter, status, asyncio.Event())
        assert status.items_seen == 301 and status.published == 300 and status.dead_lettered == 1
        return publisher

    publisher = asyncio.run(scenario())
    assert sorted(publisher.ids) == sorted(f"a{i}" for i in range(300)) and publisher.dead == ["invalid_json"]
    assert publisher.max_in_flight >= 100, publisher.max_in_flight  # 1 before
