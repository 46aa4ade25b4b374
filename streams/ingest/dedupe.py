"""Each article once, across restarts: the dedupe state, kept in a compacted Kafka topic.

Per article key (the article_id) we keep the hash of the normalised text last
published, its revision, and the fingerprint of what the source last showed.
The state lives in ``<prefix>.ingest-state`` (compacted: the broker keeps the
latest record per key), and is read back in full when ingest starts. Using the
broker itself means no extra database and no local disk that a redeployed
container would lose.

Ordering: a state record is written only after the broker has acknowledged the
article it describes. A crash in that window (milliseconds) republishes the
article on restart with the same revision rather than losing it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import orjson
import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition

from ..settings import Settings
from .publisher import Publisher

log = structlog.get_logger(__name__)


MAX_EARLIER = 8  # earlier texts / fingerprints remembered per article


@dataclass(frozen=True, slots=True)
class Seen:
    """What ingest knows about one article key.

    ``text_hash`` is the text last published (None: nothing published yet, the
    item was rejected). A few earlier texts and fingerprints are kept too: when
    one article reaches us by two routes that show it differently (a feed with
    full content and another with a summary whose page we extract), each route
    is recognised as already published instead of the two flip-flopping as an
    endless series of revisions.
    """

    text_hash: str | None
    revision: int
    fingerprint: str
    updated_at: str | None = None
    earlier_hashes: tuple[str, ...] = ()
    earlier_fingerprints: tuple[str, ...] = ()

    def knows_text(self, digest: str) -> bool:
        return digest == self.text_hash or digest in self.earlier_hashes

    def knows_fingerprint(self, fingerprint: str) -> bool:
        return fingerprint == self.fingerprint or fingerprint in self.earlier_fingerprints

    def shown(self, fingerprint: str, at: str) -> Seen:
        """The same text, seen through another fingerprint."""
        return replace(
            self,
            fingerprint=fingerprint,
            updated_at=at,
            earlier_fingerprints=_push(self.earlier_fingerprints, self.fingerprint, fingerprint),
        )

    def published(self, digest: str, revision: int, fingerprint: str, at: str) -> Seen:
        """A new text was published as ``revision``."""
        return Seen(
            digest,
            revision,
            fingerprint,
            at,
            _push(self.earlier_hashes, self.text_hash, digest),
            _push(self.earlier_fingerprints, self.fingerprint, fingerprint),
        )

    def encode(self) -> bytes:
        doc: dict[str, Any] = {
            "v": 1,
            "h": self.text_hash,
            "r": self.revision,
            "f": self.fingerprint,
            "t": self.updated_at,
        }
        if self.earlier_hashes:
            doc["hs"] = list(self.earlier_hashes)
        if self.earlier_fingerprints:
            doc["fs"] = list(self.earlier_fingerprints)
        return orjson.dumps(doc)

    @classmethod
    def decode(cls, raw: bytes) -> Seen:
        doc: dict[str, Any] = orjson.loads(raw)
        return cls(
            doc.get("h"),
            int(doc.get("r") or 0),
            str(doc.get("f") or ""),
            doc.get("t"),
            tuple(str(h) for h in doc.get("hs") or ()),
            tuple(str(f) for f in doc.get("fs") or ()),
        )


def _push(earlier: tuple[str, ...], previous: str | None, current: str) -> tuple[str, ...]:
    """``earlier`` plus ``previous`` (newest last, at most MAX_EARLIER, never ``current``)."""
    items = [x for x in earlier if x not in (previous, current)]
    if previous and previous != current:
        items.append(previous)
    return tuple(items[-MAX_EARLIER:])


NOTHING = Seen(None, 0, "")  # the state of an article never seen


class DedupeState:
    """The in-memory dedupe table, restored from and written through to the state topic."""

    def __init__(
        self, settings: Settings, publisher: Publisher, *, quiet: float = 0.5, max_stall: float = 30.0
    ) -> None:
        self.settings = settings
        self.publisher = publisher
        self.quiet = quiet
        self.max_stall = max_stall
        self._table: dict[str, Seen] = {}
        self._locks: dict[str, tuple[asyncio.Lock, int]] = {}
        self.restored = False

    def __len__(self) -> int:
        return len(self._table)

    def get(self, key: str) -> Seen | None:
        return self._table.get(key)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Exclusive use of one key: two sources offering the same article decide one after the other."""
        lock, users = self._locks.get(key) or (asyncio.Lock(), 0)
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._locks[key]
            if users <= 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def remember(self, key: str, seen: Seen) -> None:
        """Record ``seen`` in memory at once and in the state topic (awaiting the broker's ack)."""
        self._table[key] = seen
        await self.publisher.publish_state(key, seen.encode())

    async def restore(self) -> int:
        """Read the whole state topic into memory; returns the number of keys.

        Stops when every partition's position has reached its end offset AND no
        record has arrived for ``quiet`` seconds: the embedded broker's reported
        end offsets can trail the real log end by a few records, so they alone
        would stop too early and forget articles.
        """
        topic = self.publisher.state_topic
        partitions = await self.publisher.producer.partitions_for(topic)
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.settings.bootstrap_servers,
            client_id="quotewire-ingest-restore",
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=100,  # an empty partition answers after this; the quiet rule does the waiting
            **self.settings.kafka_client_options(),
        )
        await consumer.start()
        started = time.monotonic()
        records = 0
        try:
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            last_record = time.monotonic()
            while True:
                batch = await consumer.getmany(*tps, timeout_ms=100, max_records=10_000)
                now = time.monotonic()
                for messages in batch.values():
                    for msg in messages:
                        records += 1
                        self._apply(msg.key, msg.value)
                if any(batch.values()):
                    last_record = now
                    continue
                if now - last_record < self.quiet:
                    continue
                ends = await consumer.end_offsets(tps)
                behind = {tp.partition: ends[tp] - await consumer.position(tp) for tp in tps}
                if all(gap <= 0 for gap in behind.values()):
                    break
                if now - last_record > self.max_stall:
                    log.warning("ingest.state_restore_stalled", behind=behind, keys=len(self._table))
                    break
        finally:
            await consumer.stop()
        self.restored = True
        log.info(
            "ingest.state_restored",
            topic=topic,
            records=records,
            keys=len(self._table),
            seconds=round(time.monotonic() - started, 3),
        )
        return len(self._table)

    def _apply(self, key: bytes | None, value: bytes | None) -> None:
        if key is None:
            return
        name = key.decode("utf-8", "replace")
        if value is None:
            self._table.pop(name, None)
            return
        try:
            self._table[name] = Seen.decode(value)
        except (orjson.JSONDecodeError, TypeError, ValueError, AttributeError):
            log.warning("ingest.state_record_unreadable", article_id=name)
