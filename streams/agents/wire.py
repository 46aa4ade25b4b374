"""Helpers every agent uses: raw JSON topics, Kafka headers, dead letters.

Topics carry orjson bytes (``raw`` serializer) rather than Faust records, so the
wire format is exactly the JSON Schema contract and any Kafka client can read it.
"""
from __future__ import annotations

from typing import Any

import faust
import structlog
from faust.types import EventT

from .. import events, metrics
from ..contracts import ARTICLE_TS_HEADER, TRACE_HEADER

# the header names are re-exported: the agents import them from here
__all__ = ["ARTICLE_TS_HEADER", "TRACE_HEADER", "dead_letter", "header", "headers_out", "raw_topic"]

log = structlog.get_logger(__name__)


def raw_topic(app: faust.App, name: str, **options: Any) -> faust.TopicT:
    return app.topic(name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw",
                     **options)


def header(event: EventT, name: str) -> str | None:
    """A header of the event's Kafka message as text (None when absent)."""
    headers = event.headers or {}
    items = headers.items() if isinstance(headers, dict) else headers
    for key, value in items:
        if key == name and value is not None:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return None


def headers_out(trace_id: str | None, article_ts: str | None) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if trace_id:
        out[TRACE_HEADER] = trace_id.encode()
    if article_ts:
        out[ARTICLE_TS_HEADER] = article_ts.encode()
    return out


async def dead_letter(
    topic: faust.TopicT,
    stage: str,
    error: str,
    reason: str,
    original: bytes | str | None,
    *,
    event: EventT | None = None,
    key: bytes | None = None,
    **context: Any,
) -> None:
    """Send a dead letter (stage, reason, original bytes, origin) and count it."""
    origin = None
    if event is not None:
        msg = event.message
        origin = events.Origin(msg.topic, msg.partition, msg.offset)
    letter = events.build_dead_letter(stage, error, reason, original, origin=origin, **context)
    await topic.send(key=key, value=events.dumps(letter), headers=headers_out(context.get("trace_id"), None))
    metrics.DEAD_LETTERS.labels(stage, error).inc()
    metrics.EVENTS_OUT.labels(topic.get_topic_name()).inc()
    log.warning("deadletter", stage=stage, error=error, reason=reason[:300],
                **({"offset": origin.offset, "partition": origin.partition} if origin else {}))
