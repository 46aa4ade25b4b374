"""The archive writer: statements (and articles) into the durable store, in batches.

Events are taken in batches without acknowledgement (Faust's ``noack_take``) and
acknowledged one by one only once their batch is durable in the store, so their
offsets can be committed only then. A batch that cannot be written (PostgreSQL
restarting, disk full) is retried with backoff, which pauses consumption; if the
worker is stopped meanwhile, the batch is simply not acknowledged and is read
again on restart. Writes are upserts on statement_id, so a
redelivery after a crash never duplicates a row.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

import faust
import structlog
from faust.types import EventT

from .. import events, metrics
from ..archive.store import ArchiveStore, StoreUnavailable, extraction_marker, open_store
from ..contracts import ARTICLE_TS_HEADER
from ..extract import EXTRACTION
from ..settings import Settings
from ..topics import names
from .wire import header, raw_topic

log = structlog.get_logger(__name__)


class _Writer:
    """Opens the store once and writes batches until they are durable."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: ArchiveStore | None = None
        self._lock = asyncio.Lock()

    async def store(self) -> ArchiveStore:
        async with self._lock:
            if self._store is None:
                self._store = await self._retry("open", self._open)
            return self._store

    def _open(self) -> ArchiveStore:
        store = open_store(self.settings.archive_url)
        store.migrate()
        return store

    async def _retry(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` in a thread until it succeeds; store outages pause here, never drop the batch."""
        delay = 0.2
        while True:
            try:
                return await asyncio.to_thread(fn)
            except StoreUnavailable as exc:
                metrics.ARCHIVE_RETRIES.inc()
                log.warning("archive.store_unavailable", action=what, retry_in=round(delay, 2), error=str(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def write(self, what: str, method: str, batch: list[dict[str, Any]]) -> Any:
        store = await self.store()
        return await self._retry(what, lambda: getattr(store, method)(batch))


def _decode(raw: bytes | None) -> dict[str, Any] | None:
    try:
        value = events.loads(raw or b"")
    except ValueError:  # orjson.JSONDecodeError
        return None
    return value if isinstance(value, dict) else None


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    statements_topic = raw_topic(app, n.statements)
    extractions_topic = raw_topic(app, n.extractions)
    writer = _Writer(settings)

    async def durable_batches(stream: faust.StreamT, write: Callable[[Sequence[EventT]], Awaitable[None]]) -> None:
        """Hand each batch to ``write`` and acknowledge its events only once it returned (durable)."""
        # an agent's stream is a faust.Stream; the StreamT interface it is typed with lacks noack_take
        batches = cast(faust.Stream, stream).noack_take(settings.archive_batch_size,
                                                        within=settings.archive_batch_seconds)
        async for batch in batches:
            await write(batch)
            for event in batch:
                await stream.ack(event)

    @app.agent(statements_topic, name="archive-statements")
    async def archive_statements(stream: faust.StreamT) -> None:
        await durable_batches(stream, _write_statements)

    async def _write_statements(batch: Sequence[EventT]) -> None:
        started = time.perf_counter()
        metrics.EVENTS_IN.labels(n.statements).inc(len(batch))
        rows = []
        for event in batch:
            value = _decode(event.value)
            if value is None or value.get("schema") != events.STATEMENT or "statement_id" not in value:
                log.warning("archive.skip_invalid_statement", offset=event.message.offset,
                            partition=event.message.partition)
                continue
            rows.append(value)
        if rows:
            result = await writer.write("statements", "write_statements", rows)
            for outcome in ("inserted", "updated", "superseded"):
                count = getattr(result, outcome, 0)
                if count:
                    metrics.ARCHIVE_ROWS.labels("statements", outcome).inc(count)
        now_ms = time.time() * 1000
        for event in batch:
            ts = header(event, ARTICLE_TS_HEADER)
            if ts and ts.isdigit():
                metrics.END_TO_END_SECONDS.labels("archive").observe(max(0.0, (now_ms - int(ts)) / 1000))
        metrics.PROCESSING_SECONDS.labels("archive").observe(time.perf_counter() - started)
        log.debug("archive.batch", statements=len(rows))

    @app.agent(extractions_topic, name="archive-articles")
    async def archive_articles(stream: faust.StreamT) -> None:
        await durable_batches(stream, _write_articles)

    async def _write_articles(batch: Sequence[EventT]) -> None:
        """Articles (raw text, for reprocessing) and their extraction: an extraction that found nothing
        still replaces the article's older statements."""
        metrics.EVENTS_IN.labels(n.extractions).inc(len(batch))
        articles, markers = [], []
        for event in batch:
            value = _decode(event.value)
            if value is None or value.get("schema") != EXTRACTION or not isinstance(value.get("article"), dict):
                continue
            articles.append(value["article"])
            markers.append(extraction_marker(value["article"], extractor_version=value["extractor_version"],
                                             extracted_at=value["extracted_at"]))
        if articles:
            await writer.write("articles", "write_articles", articles)
            await writer.write("extractions", "write_extractions", markers)
            metrics.ARCHIVE_ROWS.labels("articles", "written").inc(len(articles))
