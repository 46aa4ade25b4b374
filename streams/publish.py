"""``quotewire publish``: send article files or stdin to the articles topic.

Lines are forwarded as they are (a .txt file is wrapped into an article first):
validation is the split agent's job, so bad input reaches the dead-letter topic
with a reason from the same code path whoever produced it. The one thing checked
here is what the broker itself would refuse, a record too large to produce: it
goes straight to the dead-letter topic, reason included.
"""
from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import structlog
from aiokafka import AIOKafkaProducer

from . import events
from .agents.wire import TRACE_HEADER
from .settings import Settings
from .topics import names

log = structlog.get_logger(__name__)

MAX_RECORD_BYTES = 1_000_000  # Kafka's default message.max.bytes is 1 MiB


@dataclass
class PublishReport:
    sent: int = 0
    dead_lettered: int = 0


def records_from_bytes(data: bytes, *, name: str = "-", as_json: bool | None = None) -> Iterator[bytes]:
    """Article records in ``data``: one JSON document (object or array), or NDJSON lines.

    ``as_json`` forces one JSON document; otherwise a leading ``[`` or a document
    that parses whole means JSON, anything else is read line by line.
    """
    stripped = data.lstrip()
    if as_json or stripped.startswith(b"["):
        try:
            loaded = orjson.loads(data)
        except orjson.JSONDecodeError:
            yield data  # forward as is: the worker dead-letters it with the parse error
            return
        for item in loaded if isinstance(loaded, list) else [loaded]:
            yield orjson.dumps(item)
        return
    for line in data.splitlines():
        if line.strip():
            yield line


def records_from_path(path: Path) -> Iterator[bytes]:
    """Records of one input file: .txt → one article (id = stem); .json; else NDJSON."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".txt":
        yield orjson.dumps(events.article_from_text(path.stem, data.decode("utf-8", "replace")))
    else:
        yield from records_from_bytes(data, name=str(path), as_json=True if suffix == ".json" else None)


def _key(record: bytes) -> bytes | None:
    """The article_id as key when the record is readable JSON (else no key: it will be dead-lettered)."""
    try:
        obj = orjson.loads(record)
    except orjson.JSONDecodeError:
        return None
    article_id = obj.get("article_id") if isinstance(obj, dict) else None
    return str(article_id).encode("utf-8") if isinstance(article_id, (str, int)) else None


def producer(settings: Settings, **options: object) -> AIOKafkaProducer:
    """An aiokafka producer for quotewire's topics (acks=all; no idempotence: Tansu lacks it)."""
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        linger_ms=5,
        max_request_size=MAX_RECORD_BYTES + 64 * 1024,
        **settings.kafka_client_options(),
        **options,  # type: ignore[arg-type]
    )


async def publish_records(settings: Settings, records: Iterable[bytes] | AsyncIterator[bytes]) -> PublishReport:
    """Send records to the articles topic (oversized ones to the dead-letter topic)."""
    n = names(settings)
    report = PublishReport()
    prod = producer(settings)
    await prod.start()
    try:
        pending = []

        async def _each() -> AsyncIterator[bytes]:
            if hasattr(records, "__aiter__"):
                async for r in records:  # type: ignore[union-attr]
                    yield r
            else:
                for r in records:  # type: ignore[union-attr]
                    yield r

        async for record in _each():
            trace = events.new_trace_id().encode()
            if len(record) > MAX_RECORD_BYTES:
                letter = events.build_dead_letter(
                    "publish", "record_too_large",
                    f"record of {len(record)} bytes is larger than the broker's limit of {MAX_RECORD_BYTES}",
                    record, article_id=(_key(record) or b"").decode() or None,
                )
                pending.append(await prod.send(n.deadletter, events.dumps(letter), key=_key(record),
                                               headers=[(TRACE_HEADER, trace)]))
                report.dead_lettered += 1
                continue
            pending.append(await prod.send(n.articles, record, key=_key(record), headers=[(TRACE_HEADER, trace)]))
            report.sent += 1
        for future in pending:
            await future
    finally:
        await prod.stop()
    return report


def stdin_records() -> Iterator[bytes]:
    return records_from_bytes(sys.stdin.buffer.read())
