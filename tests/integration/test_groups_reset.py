"""`quotewire groups reset` on the real embedded broker: dry run, reset, live members, unknown groups."""
from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer

from streams import topics
from streams.broker import EmbeddedBroker
from streams.settings import Settings
from streams.topics import names

from .conftest import make_settings, publish

pytestmark = pytest.mark.broker


def quotewire(settings: Settings, *args: str, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env.update(QUOTEWIRE_BROKER=str(settings.broker), QUOTEWIRE_TOPIC_PREFIX=settings.topic_prefix,
               QUOTEWIRE_PARTITIONS=str(settings.partitions), QUOTEWIRE_LOG_FORMAT="json")
    return subprocess.run([sys.executable, "-m", "streams", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def committed(settings: Settings, group: str, topic: str) -> dict[int, int | None]:
    async def read() -> dict[int, int | None]:
        consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=group,
                                    enable_auto_commit=False)
        await consumer.start()
        try:
            tps = await topics.topic_partitions(consumer, topic)
            return {tp.partition: await consumer.committed(tp) for tp in tps}
        finally:
            await consumer.stop()
    return asyncio.run(read())


def first_offsets_after(settings: Settings, topic: str, moment_ms: int) -> dict[int, int]:
    """Per partition, the offset of the first record with a timestamp at or after ``moment_ms`` (read, not asked)."""
    async def read() -> dict[int, int]:
        consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False)
        await consumer.start()
        try:
            tps = await topics.topic_partitions(consumer, topic)
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            found: dict[int, int] = {}
            ends: dict[int, int] = {tp.partition: 0 for tp in tps}
            quiet_since = time.monotonic()
            while time.monotonic() - quiet_since < 1.0:
                for tp, records in (await consumer.getmany(timeout_ms=200)).items():
                    for r in records:
                        quiet_since = time.monotonic()
                        ends[tp.partition] = r.offset + 1
                        if r.timestamp >= moment_ms:
                            found.setdefault(tp.partition, r.offset)
            return {p: found.get(p, ends[p]) for p in ends}
        finally:
            await consumer.stop()
    return asyncio.run(read())


def articles(n: int, tag: str) -> list[dict[str, str]]:
    return [{"article_id": f"{tag}-{i}", "body": f"Article {i} of batch {tag}.", "source": "test"} for i in range(n)]


@pytest.fixture
def replayed_group(broker: EmbeddedBroker, tmp_path: Path) -> tuple[Settings, str, int]:
    """A topic with 8 records before a moment and 8 after, read to its end by `replay --group g1`."""
    settings = make_settings(broker, tmp_path)
    asyncio.run(topics.create(settings))
    publish(settings, articles(8, "old"))  # type: ignore[arg-type]
    time.sleep(1.2)
    moment_ms = int(time.time() * 1000)
    time.sleep(0.2)
    publish(settings, articles(8, "new"))  # type: ignore[arg-type]
    done = quotewire(settings, "replay", "articles", "--from-offset", "0", "--to", "stdout", "--group", "g1")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 16
    return settings, "g1", moment_ms


def test_dry_run_of_a_group_made_by_replay_shows_the_plan_and_commits_nothing(
        replayed_group: tuple[Settings, str, int]) -> None:
    settings, group, moment_ms = replayed_group
    topic = names(settings).articles
    before = committed(settings, group, topic)
    assert sum(o or 0 for o in before.values()) == 16
    at = datetime.fromtimestamp(moment_ms / 1000, UTC).isoformat()
    result = quotewire(settings, "groups", "reset", group, "--to-time", at, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    want = first_offsets_after(settings, topic, moment_ms)
    for partition, offset in want.items():
        assert f"{topic}[{partition}] → {offset}" in result.stdout
    assert "dry run" in result.stdout
    assert committed(settings, group, topic) == before


def test_reset_moves_the_group_and_the_offsets_read_back(replayed_group: tuple[Settings, str, int]) -> None:
    settings, group, moment_ms = replayed_group
    topic = names(settings).articles
    at = datetime.fromtimestamp(moment_ms / 1000, UTC).isoformat()
    result = quotewire(settings, "groups", "reset", group, "--to-time", at)
    assert result.returncode == 0, result.stderr
    want = first_offsets_after(settings, topic, moment_ms)
    assert sum(want.values()) == 8
    assert committed(settings, group, topic) == want
    # and a replay resuming as the group reads exactly the records after the moment
    again = quotewire(settings, "replay", "articles", "--to", "stdout", "--group", group)
    assert again.returncode == 0, again.stderr
    ids = sorted(line.split('"article_id":"')[1].split('"')[0] for line in again.stdout.splitlines())
    assert ids == sorted(f"new-{i}" for i in range(8))


def test_unknown_group_is_a_clear_error(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path)
    asyncio.run(topics.create(settings))
    result = quotewire(settings, "groups", "reset", "no-such-group", "--to-time", "1h", "--dry-run")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "no-such-group" in result.stderr and "no committed offsets" in result.stderr


def test_reset_is_refused_while_the_group_has_live_members(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path)
    asyncio.run(topics.create(settings))
    topic = names(settings).articles
    publish(settings, articles(4, "x"))  # type: ignore[arg-type]

    async def scenario() -> tuple[subprocess.CompletedProcess[str], dict[int, int | None]]:
        consumer = AIOKafkaConsumer(topic, bootstrap_servers=settings.bootstrap_servers, group_id="live",
                                    session_timeout_ms=4000, heartbeat_interval_ms=1000,
                                    auto_offset_reset="earliest", enable_auto_commit=False)
        await consumer.start()
        try:
            deadline = time.monotonic() + 60
            got = 0
            while got < 4 and time.monotonic() < deadline:
                got += sum(len(r) for r in (await consumer.getmany(timeout_ms=200)).values())
            assert got == 4, "the consumer joined its group and read the topic"
            await consumer.commit()
            held = {tp.partition: await consumer.committed(tp) for tp in consumer.assignment()}
            result = await asyncio.to_thread(quotewire, settings, "groups", "reset", "live", "--to-time", "1d")
            return result, held
        finally:
            await consumer.stop()

    result, held = asyncio.run(scenario())
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert "live member" in result.stderr
    assert sum(o or 0 for o in held.values()) == 4
    assert committed(settings, "live", topic) == held
