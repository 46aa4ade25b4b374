"""NDJSON sources: article events, one per line, from a file (read once or followed) or stdin.

For backfills and for systems that already write article JSON somewhere. Lines
go through the same validation and dedupe as pushed articles, so re-reading a
file after a restart publishes nothing twice and bad lines are dead-lettered
once. Following works like ``tail -F``: new lines are picked up, and a file
that is truncated or replaced (log rotation) is read again from its start.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import BinaryIO

import structlog
from aiokafka.errors import KafkaError

from .backoff import Backoff
from .emit import Emitter
from .sources import Ndjson
from .status import SourceStatus

log = structlog.get_logger(__name__)

_CHUNK = 256 * 1024


async def _stdin_lines(stream: BinaryIO) -> AsyncIterator[bytes]:
    """Lines of a blocking stream, read by a daemon thread (so a quiet stdin never blocks shutdown)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1000)

    def pump() -> None:
        try:
            for line in iter(stream.readline, b""):
                asyncio.run_coroutine_threadsafe(queue.put(line), loop).result()
        except Exception:  # closed stream or stopped loop: the reader just ends
            pass
        finally:
            try:
                asyncio.run_coroutine_threadsafe(queue.put(None), loop)
            except RuntimeError:
                pass

    threading.Thread(target=pump, name="ingest-stdin", daemon=True).start()
    while (line := await queue.get()) is not None:
        yield line


async def _file_lines(
    path: Path, *, follow: bool, poll_interval: float, stopping: asyncio.Event, status: SourceStatus
) -> AsyncIterator[bytes]:
    """Complete lines of ``path``; when following, wait for more and reopen on truncation/rotation."""
    handle: BinaryIO | None = None
    buffer = b""
    try:
        while not stopping.is_set():
            if handle is None:
                try:
                    handle = open(path, "rb")  # noqa: SIM115 - kept open while following
                except OSError as exc:
                    if not follow:
                        raise
                    status.failed(f"cannot open {path}: {exc.strerror or exc}")
                    await _pause(stopping, poll_interval)
                    continue
                buffer = b""
            chunk = await asyncio.to_thread(handle.read, _CHUNK)
            if chunk:
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    yield line
                continue
            if not follow:
                if buffer.strip():
                    yield buffer  # a last line without its newline
                return
            if _replaced(path, handle):
                log.info("ingest.ndjson_reopen", source=status.name, path=str(path))
                handle.close()
                handle = None
                continue
            await _pause(stopping, poll_interval)
    finally:
        if handle is not None:
            handle.close()


def _replaced(path: Path, handle: BinaryIO) -> bool:
    """True when ``path`` now names another file, or ours was truncated below what we read."""
    try:
        now = os.stat(path)
    except OSError:
        return False  # gone for the moment: keep the old handle until a new file appears
    mine = os.fstat(handle.fileno())
    return (now.st_ino, now.st_dev) != (mine.st_ino, mine.st_dev) or now.st_size < handle.tell()


async def _pause(stopping: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stopping.wait(), timeout=seconds)
    except TimeoutError:
        pass


async def run_ndjson(
    source: Ndjson,
    emitter: Emitter,
    status: SourceStatus,
    stopping: asyncio.Event,
    *,
    stdin: BinaryIO | None = None,
) -> None:
    """Read the source to its end (or forever, when following), emitting each line."""
    if source.path == "-":
        lines = _stdin_lines(stdin or sys.stdin.buffer)
    else:
        lines = _file_lines(
            Path(source.path),
            follow=source.follow,
            poll_interval=source.poll_interval,
            stopping=stopping,
            status=status,
        )
    backoff = Backoff(0.5, 30.0)
    number = 0
    try:
        async for line in lines:
            number += 1
            line = line.rstrip(b"\r")
            if not line.strip():
                continue
            status.items_seen += 1
            while True:  # a line is never skipped because the broker is down: wait for it
                try:
                    await emitter.offer_raw(line, status)
                    status.succeeded()
                    backoff.success()
                    break
                except KafkaError as exc:
                    delay = backoff.failure()
                    status.failed(f"broker unavailable at line {number}: {exc!r}")
                    emitter.board.broker_error = repr(exc)
                    log.warning("ingest.ndjson_broker_error", source=source.name, line=number, retry_in=delay)
                    await _pause(stopping, delay)
                    if stopping.is_set():
                        return
            if stopping.is_set():
                return
    except OSError as exc:
        status.failed(f"cannot read {source.path}: {exc.strerror or exc}")
        log.error("ingest.ndjson_unreadable", source=source.name, path=source.path, error=str(exc))
        return
    status.state = "done"
    log.info("ingest.ndjson_done", source=source.name, lines=number)
