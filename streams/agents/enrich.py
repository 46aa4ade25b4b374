"""The enrich agent: extraction events in, enriched statement events out.

Each statement goes to the statements topic as a record of its own (``statement.v1``, what outside consumers
read), and the article's statements go to the statement-batches topic together (``statement-batch.v1``,
what the alerts and archive roles read: one record per article).

Speakers are resolved within the article by the pure core (``resolve_speakers``),
then given roles from the curated registry (as of the article's date) and from
the speaker memory: a changelog-backed Faust GlobalTable keyed by speaker id
(and by alias), so a later article that only says "Austin said" still gets the
title an earlier article gave, on every worker, across restarts.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any, cast

import faust
import structlog

from .. import events, metrics
from ..batches import BATCH_OVERHEAD, EncodedStatement, batch_records
from ..contracts import ExtractionEvent, StatementEvent
from ..extract import statement_events, statements_of
from ..logs import bind_event, clear_event
from ..nlp import Speaker
from ..pipeline import Pipeline
from ..settings import Settings
from ..topics import names
from .split import RECORD_OVERHEAD
from .wire import ARTICLE_TS_HEADER, TRACE_HEADER, dead_letter, header, headers_out, raw_topic

log = structlog.get_logger(__name__)


def record_size(key: bytes, value: bytes, headers: dict[str, bytes]) -> int:
    """Bytes of the Kafka record for key, value and headers, counted as the split agent counts them."""
    return len(key) + len(value) + sum(len(k) + len(v) for k, v in headers.items()) + RECORD_OVERHEAD


def fits_a_memory_record(speaker: Speaker, limit: int) -> bool:
    """Whether the speaker's memory changelog record stays well under the record limit.

    The memory's changelog record carries the speaker id as key and the name and id again in its
    value: a speaker of hundreds of KB would make a record the producer refuses, crashing the
    agent. Such a speaker keeps what the article says, and its statements are size-checked below.
    """
    parts = (speaker.name, speaker.speaker_id, speaker.speaker_id, speaker.title, speaker.organization,
             speaker.country)
    size = sum(len((v or "").encode("utf-8", "surrogatepass")) for v in parts)
    if size + RECORD_OVERHEAD > limit // 2:
        log.warning("enrich.speaker_not_remembered", reason="too large for a memory record", size=size)
        return False
    return True


def apply_roles(pipeline: Pipeline, speakers: list[Speaker | None], article: Mapping[str, Any],
                limit: int) -> list[Speaker | None]:
    """``pipeline.roles`` (registry, knowledge base and speaker memory) for the speakers that fit a memory
    record; a speaker too large for one keeps what the article says."""
    fits = [s is not None and fits_a_memory_record(s, limit) for s in speakers]
    applied = pipeline.roles(article, [s if ok else None for s, ok in zip(speakers, fits, strict=True)])
    return [a if ok else s for s, a, ok in zip(speakers, applied, fits, strict=True)]


def too_large_reason(statement: StatementEvent, size: int, limit: int) -> str:
    """Why a statement event was dead-lettered instead of sent: which one, how big, and what made it so."""
    speaker: Mapping[str, Any] = statement.get("speaker") or {}
    return (f"statement {statement.get('index', 0) + 1} of {statement.get('statement_count')} makes a record "
            f"of {size} bytes, more than a record may have ({limit} bytes): its content has "
            f"{len((statement.get('content') or {}).get('text') or '')} characters, its speaker's name "
            f"{len(speaker.get('name') or '')} and speaker id {len(speaker.get('speaker_id') or '')}")


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    extractions = raw_topic(app, n.extractions)
    statements_topic = raw_topic(app, n.statements)
    batches_topic = raw_topic(app, n.batches)
    deadletters = raw_topic(app, n.deadletter)
    memory = app.GlobalTable(
        "speakers",
        default=None,
        partitions=1,
        recovery_buffer_size=1,  # Faust's documented guard against GlobalTable recovery loops
        use_partitioner=True,  # one changelog partition, whatever the source partition
        key_type=str,
        help="Speaker memory: latest known role of each speaker, and aliases → speaker id.",
    )
    pipeline = Pipeline.from_settings(settings, memory)

    @app.agent(extractions, name="enrich")
    async def enrich(stream: faust.StreamT) -> None:
        async for event in stream.events():
            metrics.EVENTS_IN.labels(n.extractions).inc()
            started = time.perf_counter()
            raw = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            trace_id = header(event, TRACE_HEADER)
            try:
                # decoded as the split agent wrote it; a malformed one fails below and is dead-lettered
                extraction = cast(ExtractionEvent, events.loads(raw))
                article = extraction["article"]
                found = statements_of(extraction)
            except Exception as exc:  # noqa: BLE001 - whatever makes an extraction unreadable dead-letters it
                await dead_letter(deadletters, "enrich", "invalid_extraction", f"{type(exc).__name__}: {exc}",
                                  raw, event=event, key=event.key, trace_id=trace_id)
                continue
            bind_event(article_id=article.get("article_id"), trace_id=trace_id)
            try:
                # in a worker thread, awaited (see the split agent); the knowledge base, the registry and
                # the speaker memory (a Faust table) are read on the event loop
                speakers = await asyncio.to_thread(pipeline.speakers, article, found)
                speakers = apply_roles(pipeline, speakers, article, app.conf.producer_max_request_size)
                out = statement_events(
                    article, list(zip(found, speakers, strict=True)),
                    extractor_version=extraction["extractor_version"],
                    extracted_at=extraction["extracted_at"],
                )
            except Exception as exc:  # keep the stream going; the extraction is kept for a replay
                log.exception("enrich.failed")
                await dead_letter(deadletters, "enrich", "enrich_error", f"{type(exc).__name__}: {exc}", raw,
                                  event=event, key=event.key, article_id=article.get("article_id"),
                                  trace_id=trace_id)
                clear_event()
                continue
            headers = headers_out(trace_id, header(event, ARTICLE_TS_HEADER))
            key = str(article["article_id"]).encode("utf-8")
            limit = app.conf.producer_max_request_size
            kept: list[EncodedStatement] = []
            for statement in out:
                value = events.dumps(statement)
                size = record_size(key, value, headers)
                if size + BATCH_OVERHEAD > limit:  # it must fit a batch record too
                    # The producer would refuse it and the agent would crash, losing the article's
                    # statements; the extraction fit, but a statement carries its speaker's name twice.
                    await dead_letter(deadletters, "enrich", "statement_too_large",
                                      too_large_reason(statement, size + BATCH_OVERHEAD, limit),
                                      value, event=event, key=event.key, article_id=article.get("article_id"),
                                      statement_id=statement.get("statement_id"), trace_id=trace_id)
                    continue
                await statements_topic.send(key=key, value=value, headers=headers)
                metrics.STATEMENTS.labels(statement["kind"]).inc()
                kept.append(EncodedStatement(statement, value))
            sent = len(kept)
            for record in batch_records(article, kept, extractor_version=extraction["extractor_version"],
                                        extracted_at=extraction["extracted_at"],
                                        limit=limit - record_size(key, b"", headers)):
                await batches_topic.send(key=key, value=record, headers=headers)
                metrics.EVENTS_OUT.labels(n.batches).inc()
            metrics.EVENTS_OUT.labels(n.statements).inc(sent)
            metrics.PROCESSING_SECONDS.labels("enrich").observe(time.perf_counter() - started)
            log.debug("enrich.done", statements=len(out))
            clear_event()
