"""Where each partition's log really ends: the offset after its last record.

A broker's ListOffsets answer ("end offsets") is what Faust's table recovery reads up to. Apache
Kafka answers with the log end. The embedded broker (Tansu 0.6) answers with the *base* offset of
the last record batch plus one, so when the last write was a batch of several records (a worker's
table updates, lingered together), recovery stopped before the rest of them: after a restart or a
rebalance a table forgot its latest entries (the alerts worker then notified again alerts it had
delivered). A fetch from the reported end minus one returns that whole batch, so its last record
tells the true end; on Apache Kafka the same fetch returns the last record and changes nothing.
"""
from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TypeVar

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import TopicPartition

from .settings import Settings

TPLike = TypeVar("TPLike")  # aiokafka's TopicPartition or Faust's TP: (topic, partition) tuples


async def log_ends(settings: Settings, reported: Mapping[TPLike, int], *, empty_rounds: int = 3,
                   timeout: float = 5.0) -> dict[TPLike, int]:
    """``reported`` end offsets, each raised to the offset after the last record of its partition.

    A partition whose fetch brings nothing (an empty log, a compacted-away tail) keeps its
    reported end; the whole look takes at most ``timeout`` seconds.
    """
    out = dict(reported)
    want = {TopicPartition(tp.topic, tp.partition): tp for tp, end in reported.items()  # type: ignore[attr-defined]
            if end and end > 0}
    if not want:
        return out
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
        fetch_max_wait_ms=50,  # an empty answer comes back quickly; the rounds bound the wait
        client_id="quotewire-log-end",
        **settings.kafka_client_options(),
    )
    await consumer.start()
    try:
        consumer.assign(list(want))
        for tp, original in want.items():
            consumer.seek(tp, reported[original] - 1)
        pending = set(want)
        quiet = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while pending and quiet < empty_rounds and loop.time() < deadline:
            batch = await consumer.getmany(*pending, timeout_ms=200)
            quiet = 0 if any(batch.values()) else quiet + 1
            for tp, records in batch.items():
                if records:
                    original = want[tp]
                    out[original] = max(out[original], records[-1].offset + 1)
                    pending.discard(tp)
    finally:
        await consumer.stop()
    return out
