"""Options Kafka people expect: replay printing key/partition/offset/timestamp/headers, and -b/--broker."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from streams import topics
from streams.broker import EmbeddedBroker
from streams.settings import Settings

from .conftest import make_settings, publish

pytestmark = pytest.mark.broker


def quotewire(settings: Settings, *args: str, broker_env: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env.update(QUOTEWIRE_TOPIC_PREFIX=settings.topic_prefix, QUOTEWIRE_LOG_FORMAT="json")
    if broker_env is not None:
        env["QUOTEWIRE_BROKER"] = broker_env
    return subprocess.run([sys.executable, "-m", "streams", *args], env=env, capture_output=True, text=True,
                          timeout=90)


@pytest.fixture
def published(broker: EmbeddedBroker, tmp_path: Path) -> Settings:
    settings = make_settings(broker, tmp_path)
    asyncio.run(topics.create(settings))
    publish(settings, [{"article_id": f"k-{i}", "body": f"Body {i}.", "source": "test"} for i in range(3)])
    return settings


def test_replay_envelope_prints_key_partition_offset_timestamp_and_headers(published: Settings) -> None:
    result = quotewire(published, "replay", "articles", "--from-offset", "0", "--format", "envelope",
                       broker_env=str(published.broker))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(e["key"] for e in lines) == ["k-0", "k-1", "k-2"]
    for e in lines:
        assert set(e) == {"topic", "partition", "offset", "timestamp", "key", "headers", "value"}
        assert e["topic"] == f"{published.topic_prefix}.articles"
        assert e["value"]["article_id"] == e["key"]
        assert e["headers"]["trace_id"]
        assert datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00")).year >= 2024
    assert sorted((e["partition"], e["offset"]) for e in lines) == sorted(
        {(e["partition"], e["offset"]) for e in lines})


def test_replay_print_chooses_the_fields(published: Settings) -> None:
    result = quotewire(published, "replay", "articles", "--from-offset", "0", "--print", "key,offset",
                       broker_env=str(published.broker))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and all(set(e) == {"key", "offset", "value"} for e in lines)
    bad = quotewire(published, "replay", "articles", "--from-offset", "0", "--print", "key,colour",
                    broker_env=str(published.broker))
    assert bad.returncode == 2 and "colour" in bad.stderr


@pytest.mark.parametrize("flag", ["-b", "--broker"])
def test_broker_option_overrides_the_environment(published: Settings, flag: str) -> None:
    nowhere = "kafka://127.0.0.1:9"  # the discard port: nothing answers Kafka there
    result = quotewire(published, "replay", flag, str(published.broker), "articles", "--from-offset", "0",
                       broker_env=nowhere)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3
    unset = quotewire(published, "groups", "reset", "nobody", "--to-time", "1h", "--dry-run", flag,
                      str(published.broker), broker_env=None)
    assert "QUOTEWIRE_BROKER" not in unset.stderr and "no committed offsets" in unset.stderr


def test_every_command_that_talks_to_kafka_takes_the_broker_option() -> None:
    from streams.cli import main

    for path in (["worker"], ["publish"], ["ingest"], ["topics", "create"], ["topics", "check"], ["replay"],
                 ["reprocess"], ["groups", "reset"]):
        command = main
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert {"-b", "--broker"} <= options, path


@pytest.mark.parametrize("args", [["groups", "reset", "g", "--to-time", "1h"],
                                  ["replay", "articles", "--from-offset", "0"], ["topics", "check"]])
def test_an_unreachable_broker_is_one_line_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    settings = Settings(topic_prefix="nowhere", data_dir=tmp_path)
    result = quotewire(settings, *args, "-b", "127.0.0.1:9", broker_env=None)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Unclosed" not in result.stderr
    assert "cannot reach Kafka at 127.0.0.1:9" in result.stderr


@pytest.mark.parametrize("command", ["publish", "replay"])
def test_an_unreachable_broker_leaves_no_unclosed_producer_warning(tmp_path: Path, command: str) -> None:
    """publish and replay --to topic:NAME: the producer that could not start is closed (aiokafka printed
    'Unclosed AIOKafkaProducer' and the object after the one-line error)."""
    settings = Settings(topic_prefix="nowhere", data_dir=tmp_path)
    article = tmp_path / "a.txt"
    article.write_text('Officials said "the talks go on".')
    replay = ["articles", "--from-offset", "0", "--to", "topic:copy"]
    args = [str(article)] if command == "publish" else replay
    result = quotewire(settings, command, *args, "-b", "127.0.0.1:9", broker_env=None)
    assert result.returncode == 1
    assert "cannot reach Kafka at 127.0.0.1:9" in result.stderr
    assert "Unclosed" not in result.stderr and "Traceback" not in result.stderr, result.stderr
