"""``quotewire bench archive``: archive write throughput (SQLite, PostgreSQL) and replay throughput."""
from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from aiokafka import ConsumerRecord

from .. import events
from ..archive.bench_archive import bench_write, scratch_url
from ..archive.samples import synthetic
from ..broker import EmbeddedBroker
from ..publish import producer
from ..replay import archive_target, replay
from ..settings import Settings


def bench_stores(n: int, postgres_url: str | None, *, prefill: int = 0) -> list[dict[str, Any]]:
    """Write throughput of each store on ``n`` synthetic statements (a scratch file / schema each),
    after ``prefill`` untimed ones."""
    results = []
    for base in ["sqlite", *([postgres_url] if postgres_url else [])]:
        with scratch_url(base) as url:
            results.append(bench_write(url, n, prefill=prefill))
    return results


def format_store(row: dict[str, Any]) -> str:
    """One line of ``quotewire bench archive`` for a store."""
    filled = f", archive already holding {row['prefill']:,}" if row.get("prefill") else ""
    return (f"{row['backend']:10} write  {row['statements_per_s']:>9,.0f} statements/s  "
            f"{row['cpu_us_per_statement']:>6.1f} µs CPU/statement (this process)  "
            f"({row['statements']} in batches of {row['batch_size']}{filled}, batch p50 {row['batch_ms']['p50']} ms)")


async def bench_replay(n: int) -> dict[str, Any]:
    """Replay throughput on the embedded broker: ``n`` statement events to a no-op target, then into SQLite."""
    _, statements = synthetic(n, per_article=10, seed=3, prefix=f"replay-{uuid.uuid4().hex[:6]}")
    with EmbeddedBroker() as broker:
        settings = Settings(broker=broker.url, topic_prefix=f"rb{uuid.uuid4().hex[:6]}")
        topic = f"{settings.topic_prefix}.statements"
        prod = producer(settings)
        await prod.start()
        futures = [await prod.send(topic, events.dumps(s), key=s["article_id"].encode()) for s in statements]
        await asyncio.gather(*futures)
        await prod.stop()
        count = 0

        async def discard(records: list[ConsumerRecord]) -> None:
            nonlocal count
            count += len(records)

        started = time.perf_counter()
        stats = await replay(settings, topic, discard, from_offset=0, quiet_seconds=0.5)
        plain = time.perf_counter() - started
        with scratch_url("sqlite") as url:
            target_settings = settings.model_copy(update={"archive": url})
            write, close = archive_target(target_settings)
            started = time.perf_counter()
            try:
                await replay(target_settings, topic, write, from_offset=0, quiet_seconds=0.5)
            finally:
                await close()
            into_archive = time.perf_counter() - started
    return {
        "events": stats.events,
        "replay_events_per_s": round(stats.events / plain),
        "replay_into_sqlite_events_per_s": round(stats.events / into_archive),
        "note": "each time includes the 0.5 s quiet period that ends a replay",
    }
