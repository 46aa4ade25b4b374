"""Replay and backfill: read a topic from a time or offset to an end point, and reset groups.

A replay reads each partition with manual assignment (no consumer-group join, so
it starts at once), from the first offset at or after ``from_time`` (the broker's
offsets-by-timestamp) or from ``from_offset``, and hands every record to a target:
stdout, another topic, or the archive. It stops by itself: at ``to_time``, or at
the end as of the moment it started, meaning a partition is done once its position
has reached the end offset seen at start and nothing older than the start arrived
for a quiet period; records produced after the replay began are left for the live
consumers. End offsets alone are never trusted as the stopping rule, since some
brokers report them a few records behind.
"""
from __future__ import annotations

import asyncio
import base64
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO, Any, cast

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.structs import OffsetAndMetadata

from . import events
from .batches import STATEMENT_BATCH
from .settings import Settings
from .topics import admin_client, topic_partitions

log = structlog.get_logger(__name__)

QUIET_SECONDS = 1.0


class ReplayError(RuntimeError):
    """A replay or group reset that cannot be done as asked."""


def offsets_at(found: dict[TopicPartition, Any], fallback: dict[TopicPartition, int]) -> dict[TopicPartition, int]:
    """Offsets from an offsets-for-times answer; a partition with no record at or after the time gets
    ``fallback`` (its end). Some brokers (Tansu) answer "none" as offset 0 with timestamp -1."""
    out = {}
    for tp, end in fallback.items():
        hit = found.get(tp)
        out[tp] = hit.offset if hit is not None and hit.timestamp is not None and hit.timestamp >= 0 else end
    return out


def found_any(found: dict[TopicPartition, Any], tp: TopicPartition) -> bool:
    hit = found.get(tp)
    return hit is not None and hit.timestamp is not None and hit.timestamp >= 0


def to_millis(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ReplayError("times must carry a time zone (e.g. 2024-10-30T12:00:00Z)")
    return int(moment.timestamp() * 1000)


@dataclass
class PartitionProgress:
    start: int
    end: int
    position: int
    done: bool = False
    events: int = 0


@dataclass
class ReplayStats:
    partitions: dict[int, PartitionProgress] = field(default_factory=dict)
    events: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.events / elapsed if elapsed > 0 else 0.0

    @property
    def remaining(self) -> int:
        return sum(max(0, p.end - p.position) for p in self.partitions.values() if not p.done)

    def line(self) -> str:
        eta = self.remaining / self.rate if self.rate > 0 else float("inf")
        parts = " ".join(
            f"p{n}:{p.position - p.start}/{max(0, p.end - p.start)}{'✓' if p.done else ''}"
            for n, p in sorted(self.partitions.items())
        )
        eta_text = f"{eta:5.1f}s" if eta != float("inf") else "  ?  "
        return f"{self.events:>8} events  {self.rate:>8.0f}/s  eta {eta_text}  {parts}"


Target = Callable[[list[ConsumerRecord]], Awaitable[None]]


async def replay(
    settings: Settings,
    topic: str,
    target: Target,
    *,
    from_time: datetime | None = None,
    from_offset: int | None = None,
    to_time: datetime | None = None,
    group: str | None = None,
    progress: IO[str] | None = None,
    quiet_seconds: float = QUIET_SECONDS,
) -> ReplayStats:
    """Hand ``topic``'s records from the start point to the end point to ``target``, in batches."""
    started_ms = int(time.time() * 1000)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=2000,
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
        **settings.kafka_client_options(),
    )
    try:
        await consumer.start()
    except BaseException:
        await consumer.stop()  # or it is reported unclosed after the error
        raise
    stats = ReplayStats()
    try:
        tps = await topic_partitions(consumer, topic)
        if not tps:
            raise ReplayError(f"topic {topic!r} does not exist")
        consumer.assign(tps)
        begin = await consumer.beginning_offsets(tps)
        end = await consumer.end_offsets(tps)
        starts = await _start_offsets(consumer, tps, begin, end, from_time, from_offset, group)
        from_ms = to_millis(from_time) if from_time is not None else None
        stops = dict(end)
        stop_found = {tp: False for tp in tps}
        to_ms = to_millis(to_time) if to_time is not None else 0
        if to_time is not None:
            found = await consumer.offsets_for_times({tp: to_ms for tp in tps})
            stops = offsets_at(found, end)
            stop_found = {tp: found_any(found, tp) for tp in tps}
        for tp in tps:
            start = starts[tp]
            consumer.seek(tp, start)
            stats.partitions[tp.partition] = PartitionProgress(start, stops[tp], start, done=False)
        last_record = time.monotonic()
        last_report = 0.0
        while not all(p.done for p in stats.partitions.values()):
            batch = await consumer.getmany(timeout_ms=200)
            got = False
            for tp, records in batch.items():
                prog = stats.partitions[tp.partition]
                if prog.done:
                    continue
                keep = []
                for record in records:
                    if from_ms is not None and not prog.events and record.timestamp < from_ms:
                        prog.position = record.offset + 1  # older than the start time: the broker's
                        continue  # answer for "nothing at or after it" can point a few records early
                    if to_time is not None:
                        beyond = record.offset >= prog.end if stop_found[tp] else record.timestamp >= to_ms
                    else:  # past the end seen at start, and produced after the replay began
                        beyond = record.offset >= prog.end and record.timestamp > started_ms
                    if beyond:
                        prog.done = True
                        consumer.pause(tp)
                        break
                    keep.append(record)
                if keep:
                    await target(keep)
                    got = True
                    prog.events += len(keep)
                    stats.events += len(keep)
                    prog.position = keep[-1].offset + 1
                    if group:
                        await consumer.commit({tp: OffsetAndMetadata(prog.position, "")})
            if got:
                last_record = time.monotonic()
            quiet = time.monotonic() - last_record >= quiet_seconds
            for tp in tps:
                prog = stats.partitions[tp.partition]
                if not prog.done and prog.position >= prog.end and quiet:
                    prog.done = True
            if progress and time.monotonic() - last_report >= 1.0:
                last_report = time.monotonic()
                progress.write("\r" + stats.line())
                progress.flush()
        if progress:
            progress.write("\r" + stats.line() + "\n")
            progress.flush()
        return stats
    finally:
        await consumer.stop()


async def _start_offsets(
    consumer: AIOKafkaConsumer,
    tps: list[TopicPartition],
    begin: dict[TopicPartition, int],
    end: dict[TopicPartition, int],
    from_time: datetime | None,
    from_offset: int | None,
    group: str | None,
) -> dict[TopicPartition, int]:
    if from_time is not None and from_offset is not None:
        raise ReplayError("give --from-time or --from-offset, not both")
    if from_time is not None:
        found = await consumer.offsets_for_times({tp: to_millis(from_time) for tp in tps})
        return offsets_at(found, end)
    if from_offset is not None:
        return {tp: min(max(from_offset, begin[tp]), end[tp]) for tp in tps}
    if group is not None:  # resume where this group's replay stopped
        out = {}
        for tp in tps:
            committed = await consumer.committed(tp)
            out[tp] = committed if committed is not None else begin[tp]
        return out
    raise ReplayError("give --from-time, --from-offset, or --group to resume a replay")


async def true_end(consumer: AIOKafkaConsumer, tp: TopicPartition, reported: int, quiet: float = 0.5) -> int:
    """The partition's real end: read on from the reported end until nothing more comes."""
    consumer.assign([tp])
    consumer.seek(tp, reported)
    last = reported
    loop = asyncio.get_running_loop()
    idle_since = loop.time()
    while loop.time() - idle_since < quiet:
        batch = await consumer.getmany(tp, timeout_ms=100)
        for records in batch.values():
            if records:
                last = records[-1].offset + 1
                idle_since = loop.time()
    return last


# --- targets ------------------------------------------------------------------------------------

ENVELOPE_FIELDS = ("topic", "partition", "offset", "timestamp", "key", "headers")


def stdout_target(stream: IO[bytes] | None = None, fields: tuple[str, ...] = ()) -> Target:
    """Each record as one JSON line. With no ``fields``, the record's value itself (a non-JSON value is
    wrapped with its base64 bytes); with ``fields`` (any of ENVELOPE_FIELDS), an envelope object holding
    those fields and ``value``, like kcat's ``-f`` or the console consumer's ``print.key``."""
    out = stream or sys.stdout.buffer

    async def write(records: list[ConsumerRecord]) -> None:
        for record in records:
            out.write((envelope_line(record, fields) if fields else value_line(record)) + b"\n")
        out.flush()

    return write


def value_line(record: ConsumerRecord) -> bytes:
    value = record.value or b""
    try:
        events.loads(value)
        return value
    except ValueError:  # orjson.JSONDecodeError
        return events.dumps({"offset": record.offset, "partition": record.partition,
                             "raw_base64": base64.b64encode(value).decode()})


def envelope_line(record: ConsumerRecord, fields: tuple[str, ...]) -> bytes:
    """One record as ``{"topic", "partition", "offset", "timestamp", "key", "headers", "value"}`` (the
    fields asked for, then the value). Timestamps are ISO 8601 UTC; bytes that are not UTF-8 text are
    given as ``{"base64": ...}``, and a value that is not JSON as text or base64."""
    doc: dict[str, Any] = {}
    for name in fields:
        if name == "timestamp":
            doc["timestamp"] = datetime.fromtimestamp(record.timestamp / 1000, UTC).isoformat(
                timespec="milliseconds").replace("+00:00", "Z")
        elif name == "key":
            doc["key"] = _text(record.key)
        elif name == "headers":
            doc["headers"] = {k: _text(v) for k, v in (record.headers or ())}
        else:
            doc[name] = getattr(record, name)
    try:
        doc["value"] = events.loads(record.value) if record.value is not None else None
    except ValueError:  # orjson.JSONDecodeError
        doc["value"] = _text(record.value)
    return events.dumps(doc)


def _text(raw: bytes | None) -> str | dict[str, str] | None:
    if raw is None:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(raw).decode()}


async def topic_target(settings: Settings, name: str) -> tuple[Target, Callable[[], Awaitable[None]]]:
    """Re-publish records (key, value, headers) to topic ``name``; returns the target and its closer."""
    from .publish import producer, started

    prod = await started(producer(settings))

    async def write(records: list[ConsumerRecord]) -> None:
        futures = [await prod.send(name, r.value, key=r.key, headers=list(r.headers or ())) for r in records]
        for future in futures:
            await future

    return write, prod.stop


def archive_target(settings: Settings) -> tuple[Target, Callable[[], Awaitable[None]]]:
    """Write statement, statement-batch and article events into the archive store (rebuilding it)."""
    from .archive.store import open_store

    store = open_store(settings.archive_url)
    store.migrate()

    async def write(records: list[ConsumerRecord]) -> None:
        # archive/store.py's writers still take plain dicts (issue 18), hence the cast below
        statements: list[dict[str, Any]] = []
        articles: list[dict[str, Any]] = []
        from .archive.batch_rows import BatchRows

        held: BatchRows[ConsumerRecord] = BatchRows()
        for record in records:
            try:
                value = events.loads(record.value or b"")
            except ValueError:  # not JSON: nothing to archive
                continue
            if not isinstance(value, dict):
                continue
            if value.get("schema") == events.STATEMENT:
                statements.append(value)
            elif value.get("schema") == STATEMENT_BATCH:
                held.add_decoded(record, value)  # a record that is not a usable batch is skipped, logged
            elif "body" in value and "article_id" in value:
                try:
                    article = events.parse_article(record.value, max_body_chars=settings.max_body_chars)
                    articles.append(cast(dict[str, Any], article))
                except events.InvalidEvent:
                    continue
        for record, reason in held.refused:
            log.warning("replay.invalid_batch", reason=reason[:300], topic=record.topic, partition=record.partition,
                        offset=record.offset)
        if held.articles:
            await asyncio.to_thread(store.write_articles, held.articles)
            await asyncio.to_thread(store.write_extractions, held.markers)
        if statements or held.statements:
            await asyncio.to_thread(store.write_statements, held.statements + statements)
        if articles:
            await asyncio.to_thread(store.write_articles, articles)

    async def close() -> None:
        store.close()

    return write, close


# --- consumer groups ----------------------------------------------------------------------------

@dataclass
class ResetPlan:
    group: str
    offsets: dict[TopicPartition, int]


async def reset_group(settings: Settings, group: str, to_time: datetime, *, topics: list[str] | None = None,
                      dry_run: bool = False) -> ResetPlan:
    """Move ``group``'s committed offsets to the first record at or after ``to_time``.

    Refuses while the group has live members: moving offsets under a running
    consumer is silently undone by its next commit. The committed offsets are
    fetched for named partitions (every topic's, or those of ``topics``): Tansu
    drops the connection on the "all of the group's offsets" form of the request.
    The new offsets are committed as the group by a consumer with no subscription
    (plain Kafka requests; tested on Tansu only).
    """
    admin = admin_client(settings)
    await admin.start()
    try:
        await _refuse_live_members(admin, group)
        existing = [t for t in await admin.list_topics() if not t.startswith("__")]
        missing = sorted(set(topics or ()) - set(existing))
        if missing:  # checked before any metadata request names them: Tansu creates topics it is asked about
            raise ReplayError(f"no such topic: {', '.join(missing)}")
        partitions = await _partitions(admin, topics or existing)
        held = await admin.list_consumer_group_offsets(group, partitions=partitions) if partitions else {}
    finally:
        await admin.close()
    committed_topics = sorted({tp.topic for tp, meta in held.items() if meta.offset >= 0})
    wanted = sorted(set(topics or committed_topics))
    if not wanted:
        raise ReplayError(f"group {group!r} has no committed offsets (unknown group?); "
                          "name the topics to set with --topic")
    tps = [tp for tp in partitions if tp.topic in wanted]
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=group,
                                enable_auto_commit=False, **settings.kafka_client_options())
    await consumer.start()
    try:
        end = await consumer.end_offsets(tps)
        found = await consumer.offsets_for_times({tp: to_millis(to_time) for tp in tps})
        for tp in tps:
            if not found_any(found, tp):
                end[tp] = await true_end(consumer, tp, end[tp])
        offsets = offsets_at(found, end)
        if not dry_run:
            consumer.assign(tps)
            await consumer.commit({tp: OffsetAndMetadata(o, "reset by quotewire") for tp, o in offsets.items()})
        return ResetPlan(group, offsets)
    finally:
        await consumer.stop()


async def _refuse_live_members(admin: Any, group: str) -> None:
    for desc in await admin.describe_consumer_groups([group]):
        for g in getattr(desc, "groups", []):
            members = g[5] if len(g) > 5 else []
            state = g[2] if len(g) > 2 else ""
            if members:
                raise ReplayError(
                    f"group {group!r} has {len(members)} live member(s) (state {state}); stop its consumers "
                    "first (their next commit would undo the reset)"
                )


async def _partitions(admin: Any, topic_names: list[str]) -> list[TopicPartition]:
    """Every partition of the named topics that exist."""
    if not topic_names:
        return []
    out = []
    for desc in await admin.describe_topics(topic_names):
        if desc.get("error_code", 0) == 0:
            out += [TopicPartition(desc["topic"], p["partition"]) for p in desc.get("partitions", [])]
    return sorted(out)


def describe_records(records: list[Any]) -> str:  # pragma: no cover - debugging aid
    return ", ".join(f"{r.partition}:{r.offset}" for r in records)
