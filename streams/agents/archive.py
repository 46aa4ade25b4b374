"""The archive writer: articles and their statements into the durable store, in batches.

It reads the statement-batches topic: one ``statement-batch.v1`` record per article holds the article, its
extraction and its statement events (see :mod:`streams.batches`). Records are taken in batches without
acknowledgement (Faust's ``noack_take``) and acknowledged one by one only once their batch is durable in the
store, so their offsets can be committed only then. A batch that cannot be written (PostgreSQL
restarting, disk full) is retried with backoff, which pauses consumption; if the
worker is stopped meanwhile, the batch is simply not acknowledged and is read
again on restart. Writes are upserts on statement_id, so a
redelivery after a crash never duplicates a row.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from typing import Any, cast

import faust
import structlog
from faust.types import EventT

from .. import events, metrics
from ..archive.store import ArchiveStore, StoreUnavailable, extraction_marker, open_store
from ..batches import InvalidBatch, read_batch, statements_in
from ..contracts import ARTICLE_TS_HEADER, StatementBatchEvent
from ..settings import Settings
from ..topics import names
from .wire import dead_letter, header, raw_topic

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


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    batches_topic = raw_topic(app, n.batches)
    deadletters = raw_topic(app, n.deadletter)
    writer = _Writer(settings)

    @app.agent(batches_topic, name="archive")
    async def archive(stream: faust.StreamT) -> None:
        """Hand each batch of records to the store and acknowledge them only once it is durable."""
        # an agent's stream is a faust.Stream; the StreamT interface it is typed with lacks noack_take
        batches = cast(faust.Stream, stream).noack_take(settings.archive_batch_size,
                                                        within=settings.archive_batch_seconds)
        async for batch in batches:
            await _write(batch)
            for event in batch:
                await stream.ack(event)

    async def _write(batch: Sequence[EventT]) -> None:
        """Articles (raw text, for reprocessing), their extraction markers (an extraction that found nothing
        still replaces the article's older statements), then their statements."""
        started = time.perf_counter()
        metrics.EVENTS_IN.labels(n.batches).inc(len(batch))
        held = _Held.of(batch)
        for event, reason in held.refused:  # kept, with why; the rest of the batch is written
            await dead_letter(deadletters, "archive", "invalid_batch", reason, event.value, event=event,
                              key=event.key if isinstance(event.key, bytes) else None)
        if held.articles:
            await writer.write("articles", "write_articles", held.articles)
            await writer.write("extractions", "write_extractions", held.markers)
            metrics.ARCHIVE_ROWS.labels("articles", "written").inc(len(held.articles))
        if held.statements:
            result = await writer.write("statements", "write_statements", held.statements)
            for outcome in ("inserted", "updated", "superseded"):
                count = getattr(result, outcome, 0)
                if count:
                    metrics.ARCHIVE_ROWS.labels("statements", outcome).inc(count)
        now_ms = time.time() * 1000
        for event, count in held.counts:
            ts = header(event, ARTICLE_TS_HEADER)
            if ts and ts.isdigit():
                seconds = max(0.0, (now_ms - int(ts)) / 1000)
                for _ in range(count):  # per statement, as the latency figures count them
                    metrics.END_TO_END_SECONDS.labels("archive").observe(seconds)
        metrics.PROCESSING_SECONDS.labels("archive").observe(time.perf_counter() - started)
        log.debug("archive.batch", articles=len(held.articles), statements=len(held.statements))


class _Held:
    """What a batch of statement-batch records holds for the store, in record order."""

    def __init__(self) -> None:
        self.articles: list[dict[str, Any]] = []
        self.markers: list[dict[str, Any]] = []
        self.statements: list[dict[str, Any]] = []
        self.counts: list[tuple[EventT, int]] = []
        self.refused: list[tuple[EventT, str]] = []

    @classmethod
    def of(cls, batch: Sequence[EventT]) -> _Held:
        held = cls()
        for event in batch:
            try:
                held.add(event, read_batch(event.value))
            except (InvalidBatch, KeyError, TypeError, ValueError) as exc:
                log.warning("archive.invalid_batch", reason=str(exc)[:300], offset=event.message.offset,
                            partition=event.message.partition)
                held.refused.append((event, f"{type(exc).__name__}: {exc}"))
        return held

    def add(self, event: EventT, record: StatementBatchEvent) -> None:
        """The record's rows; raises (and adds nothing) when its article cannot make a marker."""
        article = record["article"]
        if article is not None:
            marker = extraction_marker(cast(dict[str, Any], article), extractor_version=record["extractor_version"],
                                       extracted_at=record["extracted_at"])
            self.articles.append(cast(dict[str, Any], article))
            self.markers.append(marker)
        count = 0
        for statement in statements_in([record]):
            if statement.get("schema") != events.STATEMENT or "statement_id" not in statement:
                log.warning("archive.skip_invalid_statement", offset=event.message.offset,
                            partition=event.message.partition)
                continue
            self.statements.append(statement)
            count += 1
        self.counts.append((event, count))
