"""The enrich agent: extraction events in, enriched statement events out.

Speakers are resolved within the article by the pure core (``resolve_speakers``),
then given roles from the curated registry (as of the article's date) and from
the speaker memory: a changelog-backed Faust GlobalTable keyed by speaker id
(and by alias), so a later article that only says "Austin said" still gets the
title an earlier article gave, on every worker, across restarts.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import faust
import structlog

from .. import events, metrics
from ..extract import statement_events, statements_of
from ..logs import bind_event, clear_event
from ..nlp import resolve_speakers
from ..settings import Settings
from ..speaker_roles import RoleBook
from ..topics import names
from .wire import ARTICLE_TS_HEADER, TRACE_HEADER, dead_letter, header, headers_out, raw_topic

log = structlog.get_logger(__name__)


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    extractions = raw_topic(app, n.extractions)
    statements_topic = raw_topic(app, n.statements)
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
    book = RoleBook.from_settings(settings, memory)

    @app.agent(extractions, name="enrich")
    async def enrich(stream: faust.StreamT) -> None:
        async for event in stream.events():
            metrics.EVENTS_IN.labels(n.extractions).inc()
            started = time.perf_counter()
            raw = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            trace_id = header(event, TRACE_HEADER)
            try:
                extraction: dict[str, Any] = events.loads(raw)
                article = extraction["article"]
                found = statements_of(extraction)
            except Exception as exc:
                await dead_letter(deadletters, "enrich", "invalid_extraction", f"{type(exc).__name__}: {exc}",
                                  raw, event=event, key=event.key, trace_id=trace_id)
                continue
            bind_event(article_id=article.get("article_id"), trace_id=trace_id)
            try:
                # in a worker thread, awaited (see the split agent); the registry and the speaker
                # memory (a Faust table) are read on the event loop
                speakers = await asyncio.to_thread(resolve_speakers, article["body"], found)
                speakers = [book.apply(s, article) if s else None for s in speakers]
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
            for statement in out:
                await statements_topic.send(key=key, value=events.dumps(statement), headers=headers)
                metrics.STATEMENTS.labels(statement["kind"]).inc()
            metrics.EVENTS_OUT.labels(n.statements).inc(len(out))
            metrics.PROCESSING_SECONDS.labels("enrich").observe(time.perf_counter() - started)
            log.debug("enrich.done", statements=len(out))
            clear_event()
