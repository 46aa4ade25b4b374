"""Fixtures for tests against the real embedded broker: settings per test, worker processes, topic readers."""
from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer

from streams import events
from streams.broker import EmbeddedBroker, free_port_block
from streams.publish import publish_records
from streams.settings import Settings
from streams.topics import topic_partitions
from streams.worker import Supervisor

pytestmark = pytest.mark.broker


def make_settings(broker: EmbeddedBroker, data_dir: Path, **overrides: Any) -> Settings:
    """Settings on the shared broker with a topic prefix of the test's own (no cross-test leakage)."""
    values: dict[str, Any] = {
        "broker": broker.url,
        "topic_prefix": f"t{uuid.uuid4().hex[:10]}",
        "data_dir": data_dir,
        "partitions": 2,
        "session_timeout": 4.0,
        "rebalance_timeout": 8.0,
        "commit_interval": 0.5,
        "shutdown_timeout": 15.0,
        "web_port": free_port_block(4),
        "archive_batch_seconds": 0.2,
        "log_level": "info",
        "log_format": "json",
    }
    values.update(overrides)
    return Settings(**values)


def settings_env(settings: Settings) -> dict[str, str]:
    """The QUOTEWIRE_* environment that reproduces ``settings`` in a child process."""
    env = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        if value is None:
            continue
        if hasattr(value, "get_secret_value"):
            value = value.get_secret_value()
        env[f"QUOTEWIRE_{name.upper()}"] = str(value)
    return env


@contextmanager
def running_workers(settings: Settings, roles: list[str], log_dir: Path) -> Iterator[Supervisor]:
    """Worker roles as real child processes (as in production), stopped gracefully afterwards."""
    supervisor = Supervisor(roles, settings, log_dir=log_dir, extra_env=settings_env(settings))  # type: ignore[arg-type]
    supervisor.start()
    try:
        yield supervisor
    finally:
        supervisor.stop(timeout=30)


def publish(settings: Settings, records: list[bytes | dict[str, Any]]) -> None:
    raw = [r if isinstance(r, bytes) else events.dumps(r) for r in records]
    asyncio.run(publish_records(settings, raw))


async def _read(settings: Settings, topic: str, done: Callable[[list[dict[str, Any]]], bool],
                timeout: float, quiet: float) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False)
    await consumer.start()
    out: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + timeout
        tps = await topic_partitions(consumer, topic)
        while not tps and time.monotonic() < deadline:  # the topic may not exist yet
            await asyncio.sleep(0.2)
            tps = await topic_partitions(consumer, topic)
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        last_new = time.monotonic()
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            for records in batch.values():
                for record in records:
                    out.append({"value": record.value, "key": record.key, "headers": dict(record.headers),
                                "partition": record.partition, "offset": record.offset,
                                "timestamp": record.timestamp})
                    last_new = time.monotonic()
            if done(out) and time.monotonic() - last_new >= quiet:
                break
        return out
    finally:
        await consumer.stop()


def read_topic(settings: Settings, topic: str, *, until: Callable[[list[dict[str, Any]]], bool] | None = None,
               count: int | None = None, timeout: float = 60.0, quiet: float = 0.5) -> list[dict[str, Any]]:
    """Records of ``topic`` from the beginning (no consumer group), until ``until``/``count`` holds and
    nothing new arrived for ``quiet`` seconds, or ``timeout``. Never trusts end offsets alone."""
    def done(records: list[dict[str, Any]]) -> bool:
        if until is not None:
            return until(records)
        return count is not None and len(records) >= count
    return asyncio.run(_read(settings, topic, done, timeout, quiet))


def decoded(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [events.loads(r["value"]) for r in records]


@pytest.fixture
def settings_factory(broker: EmbeddedBroker, tmp_path: Path) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        return make_settings(broker, tmp_path / "data", **overrides)
    return factory
