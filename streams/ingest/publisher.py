"""The one Kafka producer of ingest: article events, dead letters and dedupe state.

Articles are keyed by article_id (all revisions of one article stay in order on
one partition), carry their trace_id in a header, and are sent with acks=all:
ingest only counts an article as published, and only records it in the dedupe
state, once the broker has it. Idempotent producing is off because the embedded
broker (Tansu) does not support it; duplicates after a retry are possible, and
downstream ids are deterministic per (article_id, revision) for that reason.
"""

from __future__ import annotations

import structlog
from aiokafka import AIOKafkaProducer
from aiokafka.structs import RecordMetadata

from .. import events, metrics
from ..contracts import TRACE_HEADER, ArticleEvent
from ..settings import Settings
from ..topics import catalogue, create, names

log = structlog.get_logger(__name__)

MAX_RECORD_BYTES = 1_000_000  # Kafka's default message.max.bytes


class RecordTooLarge(ValueError):
    """An article event larger than the broker accepts; it is dead-lettered instead."""


class Publisher:
    """Publishes to ``<prefix>.articles``, ``<prefix>.deadletter`` and ``<prefix>.ingest-state``."""

    def __init__(self, settings: Settings, *, client_id: str = "quotewire-ingest") -> None:
        self.settings = settings
        n = names(settings)
        self.articles_topic = n.articles
        self.deadletter_topic = n.deadletter
        self.state_topic = n.ingest_state
        self._client_id = client_id
        self._producer: AIOKafkaProducer | None = None

    @property
    def producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            raise RuntimeError("publisher not started")
        return self._producer

    async def ensure_topics(self) -> None:
        """Create ingest's topics if missing (the state topic compacted), with the catalogue's configs."""
        wanted = {self.articles_topic, self.deadletter_topic, self.state_topic}
        report = await create(self.settings, [s for s in catalogue(self.settings) if s.name in wanted])
        for problem in report.problems:
            log.warning("ingest.topic_problem", problem=problem)

    async def start(self) -> None:
        await self.ensure_topics()
        producer = AIOKafkaProducer(
            bootstrap_servers=self.settings.bootstrap_servers,
            client_id=self._client_id,
            acks="all",
            enable_idempotence=False,  # Tansu does not support idempotent producers
            linger_ms=5,
            max_request_size=MAX_RECORD_BYTES + 64 * 1024,
            **self.settings.kafka_client_options(),
        )
        try:
            await producer.start()
        except BaseException:
            await producer.stop()
            raise
        self._producer = producer

    async def stop(self) -> None:
        """Flush whatever is buffered, then close."""
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await producer.flush()
            finally:
                await producer.stop()

    async def publish_article(self, article: ArticleEvent) -> RecordMetadata:
        """Send one article event and wait for the broker's acknowledgement."""
        value = events.dumps(article)
        if len(value) > MAX_RECORD_BYTES:
            raise RecordTooLarge(
                f"article event of {len(value)} bytes is larger than the broker's limit of {MAX_RECORD_BYTES}"
            )
        trace_id = article.get("trace_id") or ""
        meta = await self.producer.send_and_wait(
            self.articles_topic,
            value=value,
            key=article["article_id"].encode("utf-8"),
            headers=[(TRACE_HEADER, trace_id.encode("utf-8"))],
        )
        metrics.EVENTS_OUT.labels(self.articles_topic).inc()
        return meta

    async def publish_dead_letter(
        self,
        error: str,
        reason: str,
        original: bytes | str | None,
        *,
        article_id: str | None = None,
        trace_id: str | None = None,
    ) -> None:
        """Send a dead letter (stage ``ingest``) with the reason and the head of the original bytes."""
        letter = events.build_dead_letter(
            "ingest", error, reason, original, article_id=article_id, trace_id=trace_id
        )
        await self.producer.send_and_wait(
            self.deadletter_topic,
            value=events.dumps(letter),
            key=article_id.encode("utf-8") if article_id else None,
            headers=[(TRACE_HEADER, (trace_id or "").encode("utf-8"))],
        )
        metrics.DEAD_LETTERS.labels("ingest", error).inc()
        metrics.EVENTS_OUT.labels(self.deadletter_topic).inc()
        log.warning("ingest.dead_letter", error=error, reason=reason[:300], article_id=article_id)

    async def publish_state(self, key: str, value: bytes | None) -> None:
        """Write one dedupe state record (None: a tombstone) and wait for the acknowledgement."""
        await self.producer.send_and_wait(self.state_topic, value=value, key=key.encode("utf-8"))
