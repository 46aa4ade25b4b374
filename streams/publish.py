"""``quotewire publish``: send article files or stdin to the articles topic.

Input is plain text (one article), one JSON article (or a list), or NDJSON; a
.txt file or plain text on stdin is wrapped into an article first. The command
checks every record with the pipeline agent's own validation (``check_records``)
and refuses the whole input, sending nothing, when any record is invalid: a
user at a terminal learns it now, not from the dead-letter topic. The library
function ``publish_records`` sends what it is given (the tests use it to send
hostile records); of those, a record too large to produce goes straight to the
dead-letter topic, reason included.
"""
from __future__ import annotations

import hashlib
import sys
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import orjson
import structlog
from aiokafka import AIOKafkaProducer

from . import events
from .contracts import TRACE_HEADER, ArticleEvent
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


def records_from_path(path: Path, fmt: InputFormat = "auto") -> Iterator[bytes]:
    """Records of one input file: .txt → one article (id = stem); .json; else NDJSON (``fmt`` overrides)."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if fmt == "text" or (fmt == "auto" and suffix == ".txt"):
        yield orjson.dumps(events.article_from_text(path.stem, data.decode("utf-8", "replace")))
    else:
        as_json = fmt == "json" or (fmt == "auto" and suffix == ".json")
        yield from records_from_bytes(data, name=str(path), as_json=True if as_json else None)


InputFormat = Literal["auto", "text", "json", "ndjson"]


def looks_like_json(data: bytes) -> bool:
    """Whether stdin holds JSON/NDJSON rather than plain text: it starts with ``{``, or is a JSON list."""
    head = data.lstrip()[:1]
    if head == b"{":
        return True
    if head == b"[":
        try:
            return isinstance(orjson.loads(data), list)
        except orjson.JSONDecodeError:
            return False  # "[Reuters] The minister said..." is text
    return False


def stdin_article_id(text: str) -> str:
    """A stable id for an article given as plain text on stdin: the same text gets the same id."""
    return "stdin-" + hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def records_from_stdin_bytes(data: bytes, fmt: InputFormat = "auto") -> Iterator[bytes]:
    """Records of stdin's bytes: plain text is one article; JSON and NDJSON as for files."""
    if fmt == "text" or (fmt == "auto" and not looks_like_json(data)):
        if data.strip():
            text = data.decode("utf-8", "replace")
            yield orjson.dumps(events.article_from_text(stdin_article_id(text), text))
        return
    yield from records_from_bytes(data, as_json=True if fmt == "json" else None)


@dataclass(frozen=True, slots=True)
class Refusal:
    """A record the command will not send, and why."""

    record: int  # 1-based, in input order
    source: str  # file name or "-"
    error: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: record {self.record}: {self.error}: {self.reason}"


def check_record(raw: bytes, *, max_body_chars: int) -> tuple[str, str] | None:
    """(error, reason) when the pipeline agent would dead-letter ``raw`` (or the broker refuse it), else None."""
    from .ingest.normalize import parse_datetime  # here: importing ingest costs 0.3 s of CPU
    from .ingest.text import has_control_characters, normalise_text

    if len(raw) > MAX_RECORD_BYTES:
        return "record_too_large", f"{len(raw):,} bytes, more than the broker's limit of {MAX_RECORD_BYTES:,}"
    try:
        article = events.parse_article(raw, max_body_chars=max_body_chars)
    except events.InvalidEvent as exc:
        return exc.code, exc.reason
    if has_control_characters(article["article_id"]):
        return "invalid_article", f"article_id: {article['article_id']!r} contains control characters"
    if isinstance(article["body"], str) and not normalise_text(article["body"]):
        return "empty_body", "body has no text once whitespace and control characters are removed"
    when = article.get("published_at")
    if isinstance(when, str) and parse_datetime(when) is None:  # as POST /articles answers it
        return "invalid_article", (f"published_at: {when!r} is not an RFC 3339 date-time in UTC's range "
                                   "(e.g. 2026-03-08T10:00:00Z)")
    return None


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
        **options,
    )


async def started(prod: AIOKafkaProducer) -> AIOKafkaProducer:
    """``prod`` started; closed again when it cannot start (else aiokafka warns of an unclosed producer)."""
    try:
        await prod.start()
    except BaseException:
        await prod.stop()
        raise
    return prod


async def publish_records(settings: Settings, records: Iterable[bytes] | AsyncIterator[bytes]) -> PublishReport:
    """Send records to the articles topic (oversized ones to the dead-letter topic)."""
    n = names(settings)
    report = PublishReport()
    prod = await started(producer(settings))
    try:
        pending = []

        async def _each() -> AsyncIterator[bytes]:
            if hasattr(records, "__aiter__"):
                async for r in records:
                    yield r
            else:
                for r in records:
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


def stdin_records(fmt: InputFormat = "auto") -> Iterator[bytes]:
    return records_from_stdin_bytes(sys.stdin.buffer.read(), fmt)


def stdin_articles(fmt: InputFormat = "auto") -> Iterator[ArticleEvent]:
    """Article dicts from stdin for ``quotewire extract -`` (plain text, JSON or NDJSON, as for publish)."""
    for raw in records_from_stdin_bytes(sys.stdin.buffer.read(), fmt):
        item = events.loads(raw)
        if isinstance(item, dict):
            item.setdefault("schema", events.ARTICLE)
            item.setdefault("revision", 1)
            item.setdefault("article_id", "stdin")
            yield cast(ArticleEvent, item)  # not validated: ``quotewire extract`` reads what it is given
