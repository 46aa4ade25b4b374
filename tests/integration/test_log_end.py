"""Where a partition's log ends, on the real broker: what table recovery reads up to.

The embedded broker's end offsets stop at the base offset of the last record batch, so a table
whose last changelog write was a batch of several records lost all but its first on recovery
(after a restart the alerts worker notified again alerts it had delivered).
"""
from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition

from streams import topics
from streams.broker import EmbeddedBroker
from streams.log_end import log_ends
from streams.settings import Settings

from .conftest import make_settings

pytestmark = pytest.mark.broker


async def _ends_after_a_batch(settings: Settings, topic: str) -> tuple[dict, dict]:
    """Partition 0 gets one record, then five in one batch; partition 1 stays empty. Returns the
    broker's end offsets and those of log_ends."""
    bootstrap = settings.bootstrap_servers
    await topics.create(settings, [topics.TopicSpec(topic, partitions=2, replication_factor=1)])
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=20)
    await producer.start()
    try:
        await producer.send_and_wait(topic, b"first", partition=0)
        sends = [await producer.send(topic, f"batched {i}".encode(), partition=0) for i in range(5)]
        await producer.flush()
        assert (await sends[-1]).offset == 5
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        reported = await consumer.end_offsets([TopicPartition(topic, 0), TopicPartition(topic, 1)])
    finally:
        await consumer.stop()
    return reported, await log_ends(settings, reported)


def test_log_end_counts_every_record_of_the_last_batch(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    topic = f"logend-{uuid.uuid4().hex[:8]}"
    reported, true = asyncio.run(_ends_after_a_batch(settings, topic))
    written, empty = TopicPartition(topic, 0), TopicPartition(topic, 1)
    assert true[written] == 6, f"six records written; log_ends says the log ends at {true[written]}"
    assert reported[written] <= 6  # the broker's own answer: 2 on Tansu 0.6 (the last batch's base + 1)
    assert true[empty] == reported[empty] == 0  # nothing written there: the reported end stands
