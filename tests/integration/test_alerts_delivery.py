"""Alerts end to end: a real webhook receiver on 127.0.0.1, signed deliveries, retries, exactly once."""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from streams import replay as replay_mod
from streams import topics
from streams.alerts import SubscriptionSet
from streams.bench.receiver import Delivery, WebhookReceiver
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

        # Replay the whole statement-batches topic (what the matcher reads) into itself: the matcher and
        # the deliverer see every statement again, and nobody is notified twice.
        n = names(settings)
        alerts_before = len(read_topic(settings, n.alerts, count=want, timeout=20))

        async def replay_into_itself() -> int:
            write, close = await replay_mod.topic_target(settings, n.batches)
            try:
                stats = await replay_mod.replay(settings, n.batches, write, from_offset=0)
            finally:
                await close()
            return stats.events

        assert asyncio.run(replay_into_itself()) == 1  # the seed article's one batch
        replayed = decoded(read_topic(settings, n.batches, count=2, timeout=30))
        assert len(replayed) == 2 and replayed[0] == replayed[1]
        assert len(replayed[1]["statements"]) == len(statements)
        time.sleep(4.0)  # give the alert worker time to (not) act on the replayed statements
        assert len(receiver.accepted) == want
        assert len(read_topic(settings, n.alerts, count=alerts_before, timeout=10)) == alerts_before
        for alert in decoded(read_topic(settings, n.alerts, count=alerts_before, timeout=10)):
            assert alert["subscription_id"] == "austin"


class HangingReceiver(WebhookReceiver):
    """A webhook that answers 200 only after the sender's timeout: every try of every alert times out."""

    async def _handle(self, request: web.Request) -> web.Response:  # type: ignore[override]
        body = await request.read()
        attempt = int(request.headers.get("X-Quotewire-Attempt", "0"))
        self.deliveries.append(Delivery(request.headers.get("X-Quotewire-Alert-Id", ""), attempt, True,
                                        time.time(), {"raw": body.decode()}))
        await asyncio.sleep(3.0)
        return web.Response(status=200)


@pytest.mark.slow
def test_a_hanging_webhook_does_not_hold_up_another_subscription(
    broker: EmbeddedBroker, tmp_path: Path, receiver: WebhookReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19 item 3: a second article's alerts reach the healthy webhook while the hanging one still
    retries the first article's; the hanging one's alerts are dead-lettered after their last try."""
    hanging = HangingReceiver(secret=SECRET).start_in_thread()
    try:
        subs_file = tmp_path / "subscriptions.yaml"
        subs_file.write_text(f"""
subscriptions:
  - id: hangs
    query: 'speaker:"Lloyd Austin"'
    targets: [{{webhook: {{url: "{hanging.url}", secret: {SECRET}}}}}]
  - id: healthy
    query: 'speaker:"Lloyd Austin"'
    targets: [{{webhook: {{url: "{receiver.url}", secret: {SECRET}}}}}]
""")
        attempts = 6
        settings = make_settings(broker, tmp_path / "data", subscriptions_file=subs_file, webhook_timeout=1.0,
                                 webhook_max_attempts=attempts, webhook_backoff_base=0.5, webhook_backoff_max=1.0)
        first = next(read_article_file(FIXTURES / "seed-article.txt"))
        second = {**first, "article_id": "seed-article-again"}
        want = sum(len(SubscriptionSet(subs_file).match(st)) for st in statement_events(first, analyse(first))) // 2
        assert want >= 3
        receiver.fail_first = 0
        with running_workers(settings, ["pipeline", "alerts"], tmp_path / "logs"):
            publish(settings, [first])
            assert wait_for(lambda: len(receiver.accepted) >= want, 90), receiver.deliveries
            publish(settings, [second])
            assert wait_for(lambda: len(receiver.accepted) >= 2 * want, 60), receiver.deliveries
            got_second = time.time()
            last_tries = [d.received for d in hanging.deliveries if d.status == attempts]
            # The healthy webhook had the second article's alerts before the hanging one's first alert
            # used up its tries (before the fix: only after every alert of the first batch had).
            assert not last_tries or got_second < min(last_tries), (got_second, last_tries)
            def letters() -> list[dict[str, object]]:
                return [x for x in decoded(read_topic(settings, names(settings).deadletter, count=2 * want, timeout=5))
                        if x.get("subscription_id") == "hangs"]

            assert wait_for(lambda: len(letters()) >= 2 * want, 120)
            assert {x["attempts"] for x in letters()} == {attempts}
            assert Counter(d.alert_id for d in receiver.accepted).most_common(1)[0][1] == 1
    finally:
        hanging.stop_thread()


def test_a_statement_with_a_number_for_a_title_is_dead_lettered_and_its_batch_still_alerts(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    """Issue 19 item 5: 15 of 20 alerts of a batch were lost when one statement had ``title: 12345``."""
    from streams.events import dumps
    from streams.publish import producer

    subs_file = tmp_path / "subscriptions.yaml"
    subs_file.write_text("subscriptions:\n  - id: all\n    query: 'kind:direct OR kind:mixed OR kind:indirect'\n"
                         "    targets: [topic]\n")
    settings = make_settings(broker, tmp_path / "data", subscriptions_file=subs_file)
    article = next(read_article_file(FIXTURES / "seed-article.txt"))
    statements = [st for st in statement_events(article, analyse(article)) if st["speaker"]][:20]
    bad = 5
    statements[bad] = {**statements[bad], "speaker": {**statements[bad]["speaker"], "title": 12345}}
    n = names(settings)

    from streams.batches import EncodedStatement, batch_records

    (record,) = batch_records(article, [EncodedStatement(st, dumps(st)) for st in statements],
                              extractor_version="test", extracted_at="2026-12-07T10:00:00Z", limit=1_000_000)

    async def send() -> None:
        async with producer(settings) as out:  # one statement batch: what the match agent reads
            await out.send(n.batches, record, key=b"one-article")
            await out.flush()

    asyncio.run(topics.create(settings))
    with running_workers(settings, ["alerts"], tmp_path / "logs"):
        asyncio.run(send())
        want = len(statements) - 1
        alerts = decoded(read_topic(settings, n.alerts, count=want, timeout=90))
        letters = [x for x in decoded(read_topic(settings, n.deadletter, count=1, timeout=30))
                   if x.get("stage") == "alerts"]
    assert sorted(a["statement"]["statement_id"] for a in alerts) == sorted(
        st["statement_id"] for i, st in enumerate(statements) if i != bad)
    assert len(letters) == 1 and letters[0]["error"] == "unmatchable_statement"
    assert "speaker.title" in letters[0]["reason"] and letters[0]["offset"] is not None
    assert letters[0]["statement_id"] == statements[bad]["statement_id"]  # the one statement, not the batch
