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

import time
from collections.abc import Sequence
from typing import cast

import faust
import structlog
from faust.types import EventT

from .. import metrics
from ..archive.batch_rows import BatchRows
from ..archive.durable import DurableWriter
from ..contracts import ARTICLE_TS_HEADER
from ..settings import Settings
from ..topics import names
from .wire import dead_letter, header, raw_topic

log = structlog.get_logger(__name__)


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    batches_topic = raw_topic(app, n.batches)
    deadletters = raw_topic(app, n.deadletter)
    writer = DurableWriter(settings)

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
        held: BatchRows[EventT] = BatchRows()
        for event in batch:
            held.add_record(event, event.value)
        for event, reason in held.refused:  # kept, with why; the rest of the batch is written
            log.warning("archive.invalid_batch", reason=reason[:300], offset=event.message.offset,
                        partition=event.message.partition)
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
