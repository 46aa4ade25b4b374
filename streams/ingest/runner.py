"""Running ingest: every source at once, until cancelled, then a clean stop.

Start order matters: the producer and the restored dedupe state come first (an
article offered before the state is back could be published twice), then the
HTTP server, then the pollers. Stop order is the reverse: stop taking new work,
let in-flight articles finish (bounded by ``settings.shutdown_timeout``), flush
the producer, write the final status.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from pathlib import Path

import aiohttp
import structlog
from aiohttp import web
from aiokafka.errors import KafkaError

from ..logs import configure_logging
from ..netguard import client_session
from ..settings import Settings
from .dedupe import DedupeState
from .emit import Emitter
from .feeds import FeedPoller
from .ndjson import run_ndjson
from .politeness import HostLimiter
from .publisher import Publisher
from .push import build_app, serve
from .sources import Sources, load_sources
from .status import StatusBoard, status_path

log = structlog.get_logger(__name__)


async def run_ingest(settings: Settings, sources: Sources, *, restore_quiet: float = 0.5) -> None:
    """Run every source until cancelled (or, with only finite NDJSON sources, until they are read)."""
    board = StatusBoard()
    for feed in sources.feeds:
        board.add(feed.name, "feed", feed.url)
    for nd in sources.ndjson:
        board.add(nd.name, "ndjson", nd.path)
    push_status = (
        board.add(sources.push.name, "push", f"{sources.push.host}:{sources.push.port}")
        if sources.push
        else None
    )
    path = status_path(settings)
    stopping = asyncio.Event()
    publisher = Publisher(settings)
    tasks: list[asyncio.Task[None]] = []
    web_runner: web.AppRunner | None = None
    writer: asyncio.Task[None] | None = None
    session: aiohttp.ClientSession | None = None
    try:
        writer = asyncio.create_task(
            board.keep_writing(path, sources.status.write_interval), name="ingest-status"
        )
        await _start(publisher, board)
        state = DedupeState(settings, publisher, quiet=restore_quiet)
        board.state_keys = await state.restore()
        emitter = Emitter(settings, publisher, state, board)
        limiter = HostLimiter(sources.http.host_delay)
        session = client_session(
            allow_private=settings.allow_private_destinations, headers={"User-Agent": sources.http.user_agent}
        )
        if sources.push is not None:
            app = build_app(board, emitter, sources.push, push_status)
            web_runner = await serve(
                app, sources.push.host, sources.push.port, header_timeout=settings.push_header_timeout
            )
            if push_status is not None:
                push_status.state = "ok"
        elif sources.status.serve:
            web_runner = await serve(
                build_app(board), sources.status.host, sources.status.port,
                header_timeout=settings.push_header_timeout,
            )
        for feed in sources.feeds:
            poller = FeedPoller(
                feed, sources.http, session, limiter, emitter, board.sources[feed.name], stopping
            )
            tasks.append(asyncio.create_task(poller.run(), name=f"ingest-feed-{feed.name}"))
        for nd in sources.ndjson:
            tasks.append(
                asyncio.create_task(
                    run_ndjson(nd, emitter, board.sources[nd.name], stopping), name=f"ingest-ndjson-{nd.name}"
                )
            )
        board.ready = True
        log.info(
            "ingest.started",
            feeds=len(sources.feeds),
            ndjson=len(sources.ndjson),
            push=sources.push is not None,
            state_keys=board.state_keys,
        )
        await asyncio.gather(*tasks)
        if sources.push is not None or sources.feeds:
            await asyncio.Event().wait()  # the push endpoint runs until cancelled
    finally:
        stopping.set()
        board.ready = False
        if web_runner is not None:  # no new pushes; those in flight finish
            await web_runner.cleanup()
        await _drain(tasks, settings.shutdown_timeout)
        if session is not None:
            await session.close()
        try:
            await publisher.stop()
        except Exception as exc:  # noqa: BLE001 - the broker may be gone; logged, and shutdown goes on
            log.error("ingest.flush_failed", error=repr(exc))
        if writer is not None:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
        with contextlib.suppress(OSError):
            board.write(path)
        log.info("ingest.stopped")


async def _start(publisher: Publisher, board: StatusBoard, attempts: int = 30) -> None:
    """Start the publisher, waiting for a broker that is still coming up (as in a fresh deployment)."""
    delay = 0.5
    for attempt in range(1, attempts + 1):
        try:
            await publisher.start()
            board.broker_error = None
            return
        except (KafkaError, OSError) as exc:
            await publisher.stop()
            board.broker_error = f"cannot reach the broker: {exc!r}"
            if attempt == attempts:
                raise
            log.warning("ingest.broker_unreachable", attempt=attempt, retry_in=delay, error=repr(exc))
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


async def _drain(tasks: list[asyncio.Task[None]], timeout: float) -> None:
    """Let source tasks finish their current article (they watch ``stopping``), then cancel stragglers."""
    pending = [t for t in tasks if not t.done()]
    if pending:
        _done, late = await asyncio.wait(pending, timeout=timeout)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late)
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            log.error("ingest.task_failed", task=task.get_name(), error=repr(task.exception()))


def run(settings: Settings, sources_file: Path | str | None = None) -> None:
    """``quotewire ingest``: load the sources file and run until SIGTERM/SIGINT (blocks).

    Raises SourcesError (before anything starts) when the sources file is unusable.
    Needs a configured broker (``settings.broker``).
    """
    sources = load_sources(sources_file, settings)
    configure_logging(settings.log_level, settings.log_format)
    # The extractor narrates every page at DEBUG; its warnings are what matters.
    for chatty in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    asyncio.run(_main(settings, sources))


async def _main(settings: Settings, sources: Sources) -> None:
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, _stop, task, sig)
    try:
        await run_ingest(settings, sources)
    except asyncio.CancelledError:
        if task.cancelling():
            task.uncancel()
            log.info("ingest.exit", reason="signal")
            return
        raise
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)


def _stop(task: asyncio.Task[None], sig: signal.Signals) -> None:
    log.info("ingest.stopping", signal=sig.name)
    task.cancel()
