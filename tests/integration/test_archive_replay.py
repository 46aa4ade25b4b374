"""Archive consumer, replay and reprocess on the real broker and real stores."""
from __future__ import annotations

import asyncio
import signal
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiokafka import ConsumerRecord

from streams import events
from streams import replay as replay_mod
from streams.archive.samples import synthetic
from streams.archive.store import SearchQuery, open_store
from streams.batches import EncodedStatement, batch_records
from streams.broker import EmbeddedBroker
from streams.contracts import ArticleEvent, StatementEvent
from streams.extract import analyse, read_article_file, statement_events
from streams.nlp import EXTRACTOR_VERSION
from streams.publish import producer
from streams.reprocess import reprocess
from streams.settings import Settings
from streams.topics import names

from .conftest import decoded, make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


async def _produce(settings: Settings, topic: str, items: list[dict[str, Any]], key: str = "article_id",
                   pause_every: int = 0) -> None:
    prod = producer(settings)
    await prod.start()
    try:
        futures = []
        for i, item in enumerate(items, 1):
            futures.append(await prod.send(topic, events.dumps(item), key=str(item[key]).encode()))
            if pause_every and i % pause_every == 0:
                await asyncio.sleep(0.05)
        await asyncio.gather(*futures)
    finally:
        await prod.stop()


def produce(settings: Settings, topic: str, items: list[dict[str, Any]], **kw: Any) -> None:
    asyncio.run(_produce(settings, topic, items, **kw))


def as_batches(articles: list[ArticleEvent], statements: list[StatementEvent]) -> list[dict[str, Any]]:
    """The statement-batch events the pipeline would send for these articles and statements (the archive
    worker reads those), one per article."""
    by_article: dict[str, list[StatementEvent]] = defaultdict(list)
    for statement in statements:
        by_article[statement["article_id"]].append(statement)
    out = []
    for article in articles:
        mine = by_article[article["article_id"]]
        records = batch_records(article, [EncodedStatement(s, events.dumps(s)) for s in mine],
                                extractor_version=mine[0]["extractor_version"], extracted_at=mine[0]["extracted_at"],
                                limit=1_000_000)
        out += [events.loads(r) for r in records]
    return out


def count(settings: Settings, **filters: Any) -> int:
    try:
        with open_store(settings.archive_url) as store:
            return store.count_statements(**filters)
    except Exception:  # noqa: BLE001 - polled: the archive may not exist yet
        return -1


def wait_count(settings: Settings, want: int, timeout: float = 60.0, **filters: Any) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and count(settings, **filters) < want:
        time.sleep(0.2)
    time.sleep(1.0)
    return count(settings, **filters)


def test_sigkilled_archive_consumer_loses_and_duplicates_nothing(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data", archive_batch_size=50, commit_interval=0.3)
    articles, statements = synthetic(1000, per_article=10, seed=7, prefix="kill")
    assert len({s["statement_id"] for s in statements}) == 1000
    batches = as_batches(articles, statements)
    assert len(batches) == 100
    # a record that is not a usable batch, amid the good ones: dead-lettered, and the rest goes on
    junk = {"schema": "statement-batch.v1", "article_id": "junk", "statements": [{"schema": "statement.v1"}]}
    batches.insert(37, junk)
    with running_workers(settings, ["archive"], tmp_path / "logs") as supervisor:
        archive = supervisor.children[0]
        produce(settings, names(settings).batches, batches, pause_every=5)
        # kill it in the middle of the stream, twice
        for _ in range(2):
            deadline = time.monotonic() + 60
            while count(settings) < 200 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert archive.proc is not None
            archive.proc.send_signal(signal.SIGKILL)
            archive.proc.wait()
            killed_at = count(settings)
            assert 0 < killed_at < 1000 or killed_at == 1000
            archive.close_log()
            archive.start()
        assert wait_count(settings, 1000, timeout=90) == 1000
    with open_store(settings.archive_url) as store:
        rows = store.search(SearchQuery(limit=None))
    assert len(rows) == 1000
    assert {r["statement_id"] for r in rows} == {s["statement_id"] for s in statements}
    letters = [x for x in decoded(read_topic(settings, names(settings).deadletter, count=1, timeout=30))
               if x["stage"] == "archive"]
    assert letters and {x["error"] for x in letters} == {"invalid_batch"}
    assert "extractor_version" in letters[0]["reason"]


def test_replay_from_a_time_delivers_exactly_the_events_at_or_after_it(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    topic = names(settings).statements
    _, first = synthetic(30, seed=1, prefix="early")
    _, second = synthetic(40, seed=2, prefix="late")
    produce(settings, topic, first)
    time.sleep(1.2)
    boundary = datetime.now(UTC)
    time.sleep(0.2)
    produce(settings, topic, second)
    assert len(read_topic(settings, topic, count=70, timeout=30)) == 70

    got: list[dict[str, Any]] = []

    async def collect(records: list[ConsumerRecord]) -> None:
        got.extend(events.loads(r.value) for r in records)

    stats = asyncio.run(replay_mod.replay(settings, topic, collect, from_time=boundary))
    assert sorted(e["statement_id"] for e in got) == sorted(e["statement_id"] for e in second)
    assert stats.events == 40

    # --to-time bounds the other end: everything before the boundary is the first batch
    got.clear()
    stats = asyncio.run(replay_mod.replay(settings, topic, collect, from_offset=0, to_time=boundary))
    assert sorted(e["statement_id"] for e in got) == sorted(e["statement_id"] for e in first)

    # and a replay into the archive rebuilds it
    write, close = replay_mod.archive_target(settings)

    async def to_archive() -> None:
        try:
            await replay_mod.replay(settings, topic, write, from_time=boundary - timedelta(hours=1))
        finally:
            await close()

    asyncio.run(to_archive())
    assert count(settings) == 70


def test_reprocess_after_an_extractor_upgrade_leaves_one_version(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    seed = next(read_article_file(FIXTURES / "seed-article.txt"))
    seed.update(published_at="2024-10-30T12:00:00Z", source="wire")
    other = {"article_id": "other", "body": '"Prices will fall next year," the central bank governor said on '
             'Tuesday.\nThe finance minister told reporters that the budget was balanced.',
             "published_at": "2024-10-31T08:00:00Z", "source": "wire"}
    want = {a["article_id"]: len(statement_events(a, analyse(a))) for a in (seed, other)}
    with running_workers(settings, ["pipeline", "archive"], tmp_path / "logs"):
        publish(settings, [seed, other])
        for article_id, n in want.items():
            assert wait_count(settings, n, article_id=article_id) == n
        assert count(settings, extractor_version=EXTRACTOR_VERSION) == sum(want.values())

        report = asyncio.run(reprocess(settings, datetime(2024, 10, 1, tzinfo=UTC),
                                       extractor_version=EXTRACTOR_VERSION + "+next"))
        assert report.articles == 2 and report.statements == sum(want.values())
        assert wait_count(settings, sum(want.values()), extractor_version=EXTRACTOR_VERSION + "+next") \
            == sum(want.values())
        assert count(settings, extractor_version=EXTRACTOR_VERSION) == 0
        assert count(settings) == sum(want.values())

        # reprocessed statements are archived but notify no one (they carry the backfill header)
        records = read_topic(settings, names(settings).statements, count=2 * sum(want.values()), timeout=20)
        backfilled = [r for r in records if "qw-backfill" in r["headers"]]
        assert len(backfilled) == sum(want.values())


def test_search_finds_rows_by_text_speaker_and_time(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    seed = next(read_article_file(FIXTURES / "seed-article.txt"))
    seed.update(published_at="2024-10-30T12:00:00Z", source="wire")
    n = len(statement_events(seed, analyse(seed)))
    with running_workers(settings, ["pipeline", "archive"], tmp_path / "logs"):
        publish(settings, [seed])
        assert wait_count(settings, n) == n
    with open_store(settings.archive_url) as store:
        coffins = store.search(SearchQuery(text="coffins"))
        assert coffins and all("coffins" in r["content"]["text"] for r in coffins)
        assert {r["speaker"]["name"] for r in coffins} == {"Robert Wood"}
        wood = store.search(SearchQuery(speaker="Wood", limit=None))
        assert wood and {r["speaker"]["name"] for r in wood} == {"Robert Wood"}
        assert store.search(SearchQuery(text="coffins", since="2024-11-01")) == []
        assert len(store.search(SearchQuery(since="2024-10-30", until="2024-10-31", limit=None))) == n
        russia = store.search(SearchQuery(country="Russia", limit=None))
        assert russia and all(r["speaker"]["country"] == "Russia" for r in russia)
