"""Faust's "seek back to the committed offsets" must also rewind a partition its group has not committed.

When a fetch returns while the consumer's flow is stopped (as it is while table recovery hands over to the
agents), Faust drops the records and seeks every partition back to its committed offset. aiokafka's
``seek_to_committed`` leaves a partition with no commit where it is, after the records just dropped, so
they were never read: the restarted pipeline worker skipped its whole backlog when it had been killed
before its first commit, and the extraction records of whole articles when only the extractions
partitions had no commit yet. ``streams.recovery_resume.seek_to_committed`` rewinds such a partition to
its beginning (``auto_offset_reset="earliest"``), and still sends one with a commit to that commit.
"""
from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import OffsetAndMetadata, TopicPartition

from streams import recovery_resume, topics
from streams.broker import EmbeddedBroker
from streams.publish import producer
from streams.settings import Settings

from .conftest import make_settings

pytestmark = pytest.mark.broker


def _consumer_thread(consumer: AIOKafkaConsumer, changelogs: set[str]) -> Any:
    """What the seek reads of Faust's consumer thread: the app's settings and tables, and the consumer."""
    async def call_thread(method: Any, *args: Any) -> Any:
        return await method(*args)

    app = SimpleNamespace(conf=SimpleNamespace(consumer_auto_offset_reset="earliest"),
                          tables=SimpleNamespace(changelog_topics=changelogs))
    return SimpleNamespace(app=app, call_thread=call_thread, _ensure_consumer=lambda: consumer)


async def _positions_after_seek_back(settings: Settings, topic: str, changelog: str) -> dict[str, int]:
    prod = producer(settings)
    await prod.start()
    try:
        for name in (topic, changelog):
            for partition in sorted(await prod.partitions_for(name)):
                for i in range(20):
                    await prod.send(name, f"record {i}".encode(), partition=partition)
        await prod.flush()
    finally:
        await prod.stop()
    group = f"seek-back-{uuid.uuid4().hex[:8]}"
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=group,
                                enable_auto_commit=False, auto_offset_reset="earliest")
    await consumer.start()
    try:
        tps = [TopicPartition(topic, 0), TopicPartition(topic, 1), TopicPartition(changelog, 0)]
        consumer.assign(tps)
        await consumer.commit({tps[1]: OffsetAndMetadata(5, "")})  # partition 1 has a commit, 0 none
        await consumer.seek_to_committed()
        read: dict[TopicPartition, int] = {}
        for _ in range(100):  # read everything, as a fetch the fetch loop then drops would have
            batch = await consumer.getmany(timeout_ms=200)
            for tp, records in batch.items():
                read[tp] = records[-1].offset + 1
            if all(read.get(tp) == 20 for tp in tps):
                break
        assert all(read.get(tp) == 20 for tp in tps), read
        thread = _consumer_thread(consumer, {changelog})
        await recovery_resume.seek_to_committed(thread)
        return {f"{tp.topic.rsplit('-', 1)[-1]}:{tp.partition}": await consumer.position(tp) for tp in tps}
    finally:
        await consumer.stop()


def test_seek_back_rewinds_partitions_without_a_commit(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    tag = uuid.uuid4().hex[:8]
    topic, changelog = f"seekback-{tag}-stream", f"seekback-{tag}-changelog"
    asyncio.run(topics.create(settings, [topics.TopicSpec(topic, partitions=2, replication_factor=1),
                                         topics.TopicSpec(changelog, partitions=1, replication_factor=1)]))
    positions = asyncio.run(_positions_after_seek_back(settings, topic, changelog))
    # no commit: back to the first record, not after the 20 the fetch loop dropped
    assert positions["stream:0"] == 0, positions
    # a commit: back to it, never to the latest offset
    assert positions["stream:1"] == 5, positions
    # table changelogs are left to table recovery
    assert positions["changelog:0"] == 20, positions
