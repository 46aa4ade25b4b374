"""The split agent: article events in, one extraction event per article out.

Input from outside is validated here; anything that is not a usable article goes
to the dead-letter topic with the reason and the original bytes, and the agent
moves on. Extraction itself is the pure NLP core (``streams.nlp``).
"""
from __future__ import annotations

import asyncio
import time

import faust
import structlog

from .. import events, metrics
from ..extract import extraction_event
from ..logs import bind_event, clear_event
from ..nlp import extract_statements
from ..settings import Settings
from ..topics import names
from .wire import ARTICLE_TS_HEADER, TRACE_HEADER, dead_letter, header, headers_out, raw_topic

log = structlog.get_logger(__name__)

RECORD_OVERHEAD = 1024  # bytes a Kafka record adds to its key and value (batch header, headers), generously


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    articles = raw_topic(app, n.articles)
    extractions = raw_topic(app, n.extractions)
    deadletters = raw_topic(app, n.deadletter)

    @app.agent(articles, name="split")
    async def split(stream: faust.StreamT) -> None:
        async for event in stream.events():
            metrics.EVENTS_IN.labels(n.articles).inc()
            started = time.perf_counter()
            raw: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            trace_id = header(event, TRACE_HEADER)
            if trace_id is not None and len(trace_id) > events.MAX_TRACE_ID:
                trace_id = None  # not a trace id: it would be copied into every event and header downstream
            try:
                article = events.parse_article(raw, max_body_chars=settings.max_body_chars)
            except events.InvalidEvent as exc:
                await dead_letter(deadletters, "split", exc.code, exc.reason, raw, event=event,
                                  key=event.key, trace_id=trace_id)
                continue
            trace_id = trace_id or article.get("trace_id") or events.new_trace_id()
            article["trace_id"] = trace_id
            bind_event(article_id=article["article_id"], trace_id=trace_id)
            try:
                # in a worker thread, awaited: the event loop keeps answering health checks and
                # heartbeats during a long article, and the agent still takes one article at a time
                statements = await asyncio.to_thread(extract_statements, article["body"])
            except Exception as exc:  # a bug must not stop the stream: keep the article for a replay
                log.exception("split.failed")
                await dead_letter(deadletters, "split", "extractor_error", f"{type(exc).__name__}: {exc}", raw,
                                  event=event, key=event.key, article_id=article["article_id"],
                                  trace_id=trace_id)
                clear_event()
                continue
            article_ts = header(event, ARTICLE_TS_HEADER) or str(event.message.timestamp and
                                                                 int(event.message.timestamp * 1000))
            key = article["article_id"].encode("utf-8")
            value = events.dumps(extraction_event(article, statements))
            headers = headers_out(trace_id, article_ts)
            size = len(key) + len(value) + sum(len(k) + len(v) for k, v in headers.items()) + RECORD_OVERHEAD
            if size > app.conf.producer_max_request_size:
                # The producer would refuse it and the agent would crash; an article under every input
                # limit can still get here with thousands of statements.
                await dead_letter(deadletters, "split", "extraction_too_large",
                                  f"the extraction event (the article and its {len(statements)} statements) "
                                  f"makes a record of {size} bytes, more than a record may have "
                                  f"({app.conf.producer_max_request_size} bytes)",
                                  raw, event=event, key=event.key, article_id=article["article_id"],
                                  trace_id=trace_id)
                clear_event()
                continue
            await extractions.send(key=key, value=value, headers=headers)
            metrics.EVENTS_OUT.labels(n.extractions).inc()
            metrics.PROCESSING_SECONDS.labels("split").observe(time.perf_counter() - started)
            log.debug("split.done", statements=len(statements))
            clear_event()
