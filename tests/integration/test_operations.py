"""Running at scale on the real broker: topic provisioning, metrics and health, rebalance, SIGTERM, traces."""
from __future__ import annotations

import asyncio
import json
import signal
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from streams import topics
from streams.broker import EmbeddedBroker, free_port_block
from streams.extract import analyse, statement_events
from streams.topics import names

from .conftest import decoded, make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker


def articles(n: int, prefix: str = "a") -> list[dict[str, Any]]:
    """Small invented articles, two statements each."""
    out = []
    for i in range(n):
        body = (f'"We will review contract number {i} next week," the mayor of Lowmarsh said on Monday.\n'
                f"The harbour authority said that shipment {i} had been delayed by the storm.")
        out.append({"article_id": f"{prefix}-{i}", "body": body, "source": "test"})
    return out


def expected_ids(items: list[dict[str, Any]]) -> set[str]:
    return {e["statement_id"] for a in items for e in statement_events(a, analyse(a))}


def http_get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except OSError:
        return 0, b""


def wait_ready(port: int, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = http_get(port, "/readyz")
        if status == 200:
            return json.loads(body)
        time.sleep(0.3)
    raise AssertionError(f"worker on port {port} never became ready")


def test_topics_create_is_idempotent_and_check_finds_drift(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path, partitions=3)
    first = asyncio.run(topics.create(settings))
    assert set(first.created) == {s.name for s in topics.catalogue(settings)}
    second = asyncio.run(topics.create(settings))
    assert second.created == [] and set(second.existing) == set(first.created)
    assert asyncio.run(topics.check(settings)).problems == []
    specs = {s.name: s for s in topics.catalogue(settings)}
    n = names(settings)
    assert specs[n.statements].partitions == 3 and not specs[n.statements].compacted
    assert specs[n.changelog("alerts", "delivered")].compacted
    assert specs[n.changelog("pipeline", "speakers")].partitions == 1
    assert specs[n.ingest_state].compacted

    drifted = settings.model_copy(update={"partitions": 6})
    problems = asyncio.run(topics.check(drifted)).problems
    assert any(f"{n.articles}: 3 partitions, expected 6" == p for p in problems)


def test_metrics_health_and_trace_ids(broker: EmbeddedBroker, tmp_path: Path) -> None:
    subs = tmp_path / "subs.yaml"
    subs.write_text("subscriptions:\n  - {id: mayor, query: 'contract*', targets: [console]}\n")
    settings = make_settings(broker, tmp_path / "data", subscriptions_file=subs)
    with running_workers(settings, ["pipeline", "alerts"], tmp_path / "logs"):
        pipeline_port, alerts_port = settings.web_port, settings.web_port + 1
        wait_ready(pipeline_port)
        assert http_get(pipeline_port, "/healthz")[0] == 200
        wait_ready(alerts_port)
        items = articles(5, "m")
        publish(settings, [*items, b"not json at all"])
        n = names(settings)
        statements = read_topic(settings, n.statements, count=len(expected_ids(items)))
        alerts = read_topic(settings, n.alerts, count=5)

        # One trace id per article, carried in Kafka headers from the article to its statements and alerts.
        trace_of = {}
        for record in statements:
            article_id = json.loads(record["value"])["article_id"]
            trace = record["headers"]["trace_id"]
            assert trace_of.setdefault(article_id, trace) == trace
        assert len(set(trace_of.values())) == 5
        for record in alerts:
            alert = json.loads(record["value"])
            assert record["headers"]["trace_id"] == trace_of[alert["statement"]["article_id"]]
            assert alert["trace_id"].encode() == trace_of[alert["statement"]["article_id"]]

        time.sleep(6)  # one lag refresh
        status, body = http_get(pipeline_port, "/metrics")
        text = body.decode()
        assert status == 200
        assert f'quotewire_events_in_total{{topic="{n.articles}"}} 6.0' in text
        assert f'quotewire_events_out_total{{topic="{n.statements}"}} {float(len(statements))}' in text
        assert f'quotewire_events_out_total{{topic="{n.batches}"}} 5.0' in text  # one batch per good article
        assert 'quotewire_processing_seconds_bucket{le="0.1",stage="pipeline"}' in text
        assert 'quotewire_dead_letters_total{error="invalid_json",stage="split"} 1.0' in text
        assert f'quotewire_consumer_lag{{partition="0",topic="{n.articles}"}} 0.0' in text
        assert "quotewire_ready 1.0" in text
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            text = http_get(alerts_port, "/metrics")[1].decode()
            if 'quotewire_alert_deliveries_total{outcome="delivered",sink="console"} 5.0' in text:
                break
            time.sleep(0.5)
        assert 'quotewire_alert_deliveries_total{outcome="delivered",sink="console"} 5.0' in text
        assert 'quotewire_end_to_end_seconds_count{target="alert"} 5.0' in text


def test_two_workers_split_partitions_and_lose_or_duplicate_nothing(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data", partitions=4)
    first_batch, second_batch = articles(60, "r1"), articles(60, "r2")
    want = expected_ids(first_batch + second_batch)
    n = names(settings)
    with running_workers(settings, ["pipeline"], tmp_path / "logs1"):
        wait_ready(settings.web_port)
        publish(settings, first_batch)
        second = settings.model_copy(update={"web_port": free_port_block(4)})
        with running_workers(second, ["pipeline"], tmp_path / "logs2"):
            publish(settings, second_batch)  # while the group rebalances
            time.sleep(1)
            one, two = wait_ready(settings.web_port), wait_ready(second.web_port)
            def split() -> tuple[set[int], set[int]]:
                return set(one["assigned"].get(n.articles, [])), set(two["assigned"].get(n.articles, []))

            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (all(split()) and not split()[0] & split()[1]):
                time.sleep(0.5)
                one, two = wait_ready(settings.web_port), wait_ready(second.web_port)
            mine, theirs = split()
            assert mine and theirs and not mine & theirs and mine | theirs == {0, 1, 2, 3}
            records = read_topic(settings, n.statements, count=len(want), timeout=90, quiet=2.0)
    ids = [e["statement_id"] for e in decoded(records)]
    assert set(ids) == want, "no statement lost"
    assert len(ids) == len(want), f"{len(ids) - len(want)} statements published twice"


def test_sigterm_mid_stream_loses_nothing(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    items = articles(300, "s")
    want = expected_ids(items)
    n = names(settings)
    with running_workers(settings, ["pipeline"], tmp_path / "logs") as supervisor:
        wait_ready(settings.web_port)
        publish(settings, items)
        # stop it while it works through the backlog
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(read_topic(settings, n.statements, count=50, timeout=5,
                                                             quiet=0)) < 50:
            pass
        child = supervisor.children[0]
        assert child.proc is not None and child.proc.poll() is None
        started = time.monotonic()
        child.proc.send_signal(signal.SIGTERM)
        code = child.proc.wait(60)
        stopped_in = time.monotonic() - started
        assert code == 0 and stopped_in < settings.shutdown_timeout
        child.close_log()
        child.start()
        records = read_topic(settings, n.statements, count=len(want), timeout=90, quiet=2.0)
    ids = {e["statement_id"] for e in decoded(records)}
    assert ids == want, f"{len(want - ids)} statements lost"
