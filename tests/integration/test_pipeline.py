"""The whole path on a real broker: articles → statements → alerts and archive, with worker processes."""
from __future__ import annotations

import base64
import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from streams import events
from streams.archive.store import open_store
from streams.broker import EmbeddedBroker
from streams.extract import analyse, read_article_file, statement_events
from streams.settings import Settings
from streams.topics import names
from streams.worker import Supervisor

from .conftest import decoded, make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SUBSCRIPTIONS = """
subscriptions:
  - id: austin
    query: 'speaker:"Lloyd Austin"'
    targets: [console]
  - id: troops
    query: 'troop* AND (country:Russia OR country:"North Korea")'
    targets: [console]
"""


def seed_article() -> dict[str, Any]:
    article = next(read_article_file(FIXTURES / "seed-article.txt"))
    article.update(source="test wire", url="https://example.test/seed", published_at="2024-10-30T12:00:00Z")
    return article


def expected_statements(article: dict[str, Any]) -> list[dict[str, Any]]:
    return statement_events(article, analyse(article))


@pytest.fixture(scope="module")
def pipeline(broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Supervisor]]:
    """All three roles as child processes on the shared broker, for this module's tests."""
    root = tmp_path_factory.mktemp("pipeline")
    subs = root / "subscriptions.yaml"
    subs.write_text(SUBSCRIPTIONS)
    settings = make_settings(broker, root / "data", max_body_chars=20_000, subscriptions_file=subs)
    with running_workers(settings, ["pipeline", "alerts", "archive"], root / "logs") as supervisor:
        yield settings, supervisor


def archived(settings: Settings, **filters: Any) -> int:
    store = open_store(settings.archive_url)
    try:
        return store.count_statements(**filters)
    finally:
        store.close()


def wait_archived(settings: Settings, want: int, timeout: float = 60.0, **filters: Any) -> int:
    deadline = time.monotonic() + timeout
    got = -1
    while time.monotonic() < deadline:
        try:
            got = archived(settings, **filters)
        except Exception:  # noqa: BLE001 - the archive worker may not have created the store yet
            got = -1
        if got >= want:
            time.sleep(1.0)  # and nothing beyond it arrives after a moment
            return archived(settings, **filters)
        time.sleep(0.25)
    return got


def test_seed_article_comes_out_with_speakers_and_is_archived_once(pipeline: tuple[Settings, Supervisor]) -> None:
    settings, _ = pipeline
    n = names(settings)
    article = seed_article()
    want = expected_statements(article)
    publish(settings, [article])

    records = read_topic(settings, n.statements,
                         until=lambda rs: sum(1 for e in decoded(rs) if e["article_id"] == "seed-article") >= len(want))
    got = [e for e in decoded(records) if e["article_id"] == "seed-article"]
    assert len(got) == len(want)
    for event in got:
        assert events.schema_errors(event) == [], event
    assert [e["statement_id"] for e in got] == [e["statement_id"] for e in want], "ids are deterministic"
    # every key carries the article id, so one article's statements stay on one partition, in order
    assert {r["partition"] for r in records} == {records[0]["partition"]}
    assert [e["index"] for e in got] == list(range(len(got)))

    # The seed's required statements are there, attributed to the right speakers.
    gold = json.loads((FIXTURES / "seed-article.gold.json").read_text())["statements"]
    for g in gold:
        if g["optional"]:
            continue
        g_tokens = set(g["content"]["text"].lower().split())
        best = max(got, key=lambda e: len(g_tokens & set(e["content"]["text"].lower().split())))
        assert len(g_tokens & set(best["content"]["text"].lower().split())) >= len(g_tokens) / 2, g
        if g["speaker"]["name"]:
            assert best["speaker"]["name"] == g["speaker"]["name"], (g["content"]["text"], best["speaker"])
        else:
            assert best["speaker"]["type"] == "anonymous"
    austin = [e for e in got if (e["speaker"] or {}).get("name") == "Lloyd Austin"]
    assert austin and all(e["speaker"]["title"] == "Defense Secretary" for e in austin)
    assert all(e["article"]["source"] == "test wire" for e in got)

    # Every event on every topic validates against its schema.
    for topic in (n.batches, n.alerts):
        for event in decoded(read_topic(settings, topic, count=1, timeout=30)):
            assert events.schema_errors(event) == [], (topic, event)

    alerts = decoded(read_topic(settings, n.alerts, until=lambda rs: len(rs) >= 2, timeout=30))
    assert {a["subscription_id"] for a in alerts} == {"austin", "troops"}
    assert len({a["alert_id"] for a in alerts}) == len(alerts), "one alert per subscription and statement"

    assert wait_archived(settings, len(want), article_id="seed-article") == len(want)


def test_bad_input_is_dead_lettered_and_the_worker_goes_on(pipeline: tuple[Settings, Supervisor]) -> None:
    settings, _ = pipeline
    n = names(settings)
    bad = {
        "invalid_json": b'{"article_id": "broken", "body": "no closing brace"',
        "missing_field": events.dumps({"article_id": "no-body", "title": "A title only"}),
        "body_too_large": events.dumps({"article_id": "huge", "body": "He said it. " * 3000}),
        "wrong_type": events.dumps({"article_id": "typed", "body": 42}),
    }
    good = {"article_id": "after-bad", "body": '"We will act soon," the minister said on Monday.'}
    publish(settings, [*bad.values(), good])

    letters = decoded(read_topic(settings, n.deadletter,
                                 until=lambda rs: {e["error"] for e in decoded(rs)} >= set(bad), timeout=60))
    by_error = {e["error"]: e for e in letters}
    for code, original in bad.items():
        letter = by_error[code]
        assert events.schema_errors(letter) == []
        assert letter["stage"] == "split" and letter["reason"]
        assert base64.b64decode(letter["original"]) == original
        assert letter["source_topic"] == n.articles and letter["offset"] is not None
    assert "20000" in by_error["body_too_large"]["reason"]
    assert "body" in by_error["missing_field"]["reason"]

    statements = decoded(read_topic(
        settings, n.statements, until=lambda rs: any(e["article_id"] == "after-bad" for e in decoded(rs))))
    after = [e for e in statements if e["article_id"] == "after-bad"]
    assert len(after) == 1 and after[0]["kind"] == "direct"


def test_restarted_archive_worker_does_not_duplicate_rows(pipeline: tuple[Settings, Supervisor]) -> None:
    settings, supervisor = pipeline
    article = seed_article()
    article["article_id"] = "restart-seed"
    want = len(expected_statements(article))
    publish(settings, [article])
    assert wait_archived(settings, want, article_id="restart-seed") == want

    archive = next(c for c in supervisor.children if c.role == "archive")
    assert archive.proc is not None
    archive.proc.send_signal(signal.SIGKILL)  # no graceful commit
    archive.proc.wait()
    publish(settings, [article, {**article, "article_id": "restart-second"}])  # a redelivery of the same ids
    archive.close_log()
    archive.start()

    assert wait_archived(settings, want, article_id="restart-second") == want
    assert archived(settings, article_id="restart-seed") == want
    store = open_store(settings.archive_url)
    try:
        rows = store.search(store_query(article_id="restart-seed"))
    finally:
        store.close()
    assert len({r["statement_id"] for r in rows}) == len(rows) == want


def store_query(**filters: Any) -> Any:
    from streams.archive.store import SearchQuery

    return SearchQuery(limit=1000, **filters)
