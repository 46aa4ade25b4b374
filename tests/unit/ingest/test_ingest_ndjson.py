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
