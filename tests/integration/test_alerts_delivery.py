"""Alerts end to end: a real webhook receiver on 127.0.0.1, signed deliveries, retries, exactly once."""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams import replay as replay_mod
from streams.alerts import SubscriptionSet
from streams.bench.receiver import WebhookReceiver
from streams.broker import EmbeddedBroker
from streams.extract import analyse, read_article_file, statement_events
from streams.topics import names

from .conftest import decoded, make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SECRET = "s3cr3t-for-tests"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    r = WebhookReceiver(secret=SECRET, fail_first=2).start_in_thread()
    yield r
    r.stop_thread()


def wait_for(predicate, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def test_webhook_gets_each_alert_exactly_once_despite_failures_and_a_replay(
    broker: EmbeddedBroker, tmp_path: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    subs_file = tmp_path / "subscriptions.yaml"
    subs_file.write_text(f"""
subscriptions:
  - id: austin
    query: 'speaker:"Lloyd Austin"'
    targets:
      - webhook: {{url: "{receiver.url}", secret_env: QW_TEST_HOOK_SECRET}}
""")
    monkeypatch.setenv("QW_TEST_HOOK_SECRET", SECRET)
    settings = make_settings(broker, tmp_path / "data", subscriptions_file=subs_file,
                             webhook_backoff_base=0.05, webhook_backoff_max=0.5)
    article = next(read_article_file(FIXTURES / "seed-article.txt"))
    statements = statement_events(article, analyse(article))
    want = sum(len(SubscriptionSet(subs_file).match(st)) for st in statements)
    assert want >= 3, "the seed article has several statements by Lloyd Austin"

    with running_workers(settings, ["pipeline", "alerts"], tmp_path / "logs"):
        publish(settings, [article])
        assert wait_for(lambda: len(receiver.accepted) >= want), receiver.deliveries
        time.sleep(2.0)  # anything extra would arrive now

        # The first two requests failed with 503 and were retried; every request was signed correctly.
        assert [d.status for d in receiver.deliveries[:2]] == [503, 503]
        assert all(d.signature_ok for d in receiver.deliveries)
        accepted = Counter(d.alert_id for d in receiver.accepted)
        assert len(accepted) == want and set(accepted.values()) == {1}, accepted
        assert {d.alert["statement"]["speaker"]["name"] for d in receiver.accepted} == {"Lloyd Austin"}

        # Replay the whole statements topic into itself: the matcher and the deliverer see every
        # statement again, and nobody is notified twice.
        n = names(settings)
        alerts_before = len(read_topic(settings, n.alerts, count=want, timeout=20))

        async def replay_into_itself() -> int:
            write, close = await replay_mod.topic_target(settings, n.statements)
            try:
                stats = await replay_mod.replay(settings, n.statements, write, from_offset=0)
            finally:
                await close()
            return stats.events

        assert asyncio.run(replay_into_itself()) == len(statements)
        replayed = read_topic(settings, n.statements, count=2 * len(statements), timeout=30)
        assert len(replayed) == 2 * len(statements)
        time.sleep(4.0)  # give the alert worker time to (not) act on the replayed statements
        assert len(receiver.accepted) == want
        assert len(read_topic(settings, n.alerts, count=alerts_before, timeout=10)) == alerts_before
        for alert in decoded(read_topic(settings, n.alerts, count=alerts_before, timeout=10)):
            assert alert["subscription_id"] == "austin"
