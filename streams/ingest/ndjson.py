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
_BATCH_LINES = 1000  # most lines of stdin sent together


async def _stdin_lines(stream: BinaryIO) -> AsyncIterator[bytes]:
    """Lines of a blocking stream, one by one (see ``_stdin_batches``)."""
    async for batch in _stdin_batches(stream):
        for line in batch:
            yield line


async def _stdin_batches(stream: BinaryIO) -> AsyncIterator[list[bytes]]:
    """Lines of a blocking stream as they are available, read by a daemon thread (so a quiet stdin never
    blocks shutdown): each batch is the next line and whatever followed it already (up to 1,000)."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | None] = asyncio.Queue(maxsize=1000)

    def pump() -> None:
        try:
            for line in iter(stream.readline, b""):
                asyncio.run_coroutine_threadsafe(queue.put(line), loop).result()
        except Exception as exc:  # noqa: BLE001 - closed stream or stopped loop: the reader just ends
            log.debug("ingest.stdin_ended", error=repr(exc))
        finally:
            try:
                asyncio.run_coroutine_threadsafe(queue.put(None), loop)
            except RuntimeError:
                pass

    threading.Thread(target=pump, name="ingest-stdin", daemon=True).start()
    ended = False
    while not ended and (line := await queue.get()) is not None:
        batch = [line]
        while len(batch) < _BATCH_LINES and not queue.empty():
            more = queue.get_nowait()
            if more is None:
                ended = True
                break
            batch.append(more)
        yield batch


async def _file_lines(
    path: Path, *, follow: bool, poll_interval: float, stopping: asyncio.Event, status: SourceStatus
) -> AsyncIterator[bytes]:
    """Complete lines of ``path``, one by one (see ``_file_batches``)."""
    batches = _file_batches(
        path, follow=follow, poll_interval=poll_interval, stopping=stopping, status=status
    )
    async for batch in batches:
        for line in batch:
            yield line


async def _file_batches(
    path: Path, *, follow: bool, poll_interval: float, stopping: asyncio.Event, status: SourceStatus
) -> AsyncIterator[list[bytes]]:
    """Complete lines of ``path``, those of each read together; when following, wait for more and
    reopen on truncation/rotation."""
    handle: BinaryIO | None = None
    buffer = b""
    try:
        while not stopping.is_set():
            if handle is None:
                try:
                    handle = await asyncio.to_thread(path.open, "rb")  # kept open while following
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
                if lines:
                    yield lines
                continue
            if not follow:
                if buffer.strip():
                    yield [buffer]  # a last line without its newline
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
        batches = _stdin_batches(stdin or sys.stdin.buffer)
    else:
        batches = _file_batches(
            Path(source.path),
            follow=source.follow,
            poll_interval=source.poll_interval,
            stopping=stopping,
            status=status,
        )
    backoff = Backoff(0.5, 30.0)
    number = 0
    try:
        async for batch in batches:
            first = number + 1
            number += len(batch)
            lines = [line.rstrip(b"\r") for line in batch]
            lines = [line for line in lines if line.strip()]
            if not lines:
                continue
            status.items_seen += len(lines)
            while True:  # a line is never skipped because the broker is down: wait for it
                try:
                    await emitter.offer_all(lines, status)
                    status.succeeded()
                    backoff.success()
                    break
                except KafkaError as exc:
                    delay = backoff.failure()
                    where = f"line {first}" if first == number else f"lines {first}-{number}"
                    status.failed(f"broker unavailable at {where}: {exc!r}")
                    emitter.board.broker_error = repr(exc)
                    log.warning("ingest.ndjson_broker_error", source=source.name, line=first, retry_in=delay)
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
