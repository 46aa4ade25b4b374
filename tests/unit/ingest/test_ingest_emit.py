"""The emit path without a broker: publish / revise / skip decisions and their order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError

from streams.ingest.dedupe import DedupeState, Seen
from streams.ingest.emit import Emitter, Outcome, language_tag
from streams.ingest.publisher import RecordTooLarge
from streams.ingest.status import StatusBoard
from streams.settings import Settings


class FakePublisher:
    """Records what would be sent, in order; can be told to fail."""

    state_topic = "t.ingest-state"

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.fail_articles: Exception | None = None
        self.fail_state: Exception | None = None
        self.max_body = 10_000
        self.articles: list[dict[str, Any]] = []

    async def publish_article(self, article: dict[str, Any]) -> None:
        if self.fail_articles:
            raise self.fail_articles
        if len(article["body"]) > self.max_body:
            raise RecordTooLarge("too large for the broker")
        self.articles.append(dict(article))
        self.calls.append(("article", article["article_id"], article["revision"], article["body"]))

    async def publish_dead_letter(
        self,
        error: str,
        reason: str,
        original: bytes,
        *,
        article_id: str | None = None,
        trace_id: str | None = None,
    ) -> None:
        self.calls.append(("dead", error, article_id))

    async def publish_state(self, key: str, value: bytes | None) -> None:
        if self.fail_state:
            raise self.fail_state
        self.calls.append(("state", key, Seen.decode(value) if value else None))


def setup() -> tuple[Emitter, FakePublisher, StatusBoard]:
    settings = Settings(broker="kafka://127.0.0.1:1", max_body_chars=50_000)
    publisher = FakePublisher()
    board = StatusBoard()
    board.add("src", "ndjson", "-")
    state = DedupeState(settings, publisher)  # type: ignore[arg-type]
    return Emitter(settings, publisher, state, board), publisher, board  # type: ignore[arg-type]


def art(article_id: str, body: str, **extra: Any) -> dict[str, Any]:
    return {"schema": "article.v1", "article_id": article_id, "revision": 1, "body": body, **extra}


def test_new_duplicate_revised() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        status = board.sources["src"]
        first = await emitter.emit(art("a", "One.\nTwo."), status)
        again = await emitter.emit(art("a", "One.  \nTwo. "), status)  # only spacing differs
        changed = await emitter.emit(art("a", "One.\nTwo, changed."), status)
        assert (first.outcome, first.revision) == (Outcome.PUBLISHED, 1)
        assert (again.outcome, again.revision) == (Outcome.DUPLICATE, 1)
        assert (changed.outcome, changed.revision) == (Outcome.REVISED, 2)
        kinds = [c[0] for c in publisher.calls]
        assert kinds == ["article", "state", "article", "state"]  # state only after its article
        assert publisher.calls[3][2].revision == 2
        assert (status.published, status.revisions, status.duplicates) == (2, 1, 1)
        assert board.state_keys == 1

    asyncio.run(scenario())


def test_publisher_revision_is_kept_when_higher() -> None:
    async def scenario() -> None:
        emitter, _publisher, board = setup()
        result = await emitter.emit(art("b", "Text.", revision=4), board.sources["src"])
        assert result.revision == 4
        result = await emitter.emit(art("b", "Text, revised."), board.sources["src"])
        assert result.revision == 5

    asyncio.run(scenario())


def test_broker_failure_leaves_no_state_so_the_article_is_retried() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        publisher.fail_articles = KafkaConnectionError()
        with pytest.raises(KafkaConnectionError):
            await emitter.emit(art("c", "Body."), board.sources["src"])
        assert publisher.calls == [] and emitter.state.get("c") is None
        publisher.fail_articles = None
        assert (await emitter.emit(art("c", "Body."), board.sources["src"])).outcome == Outcome.PUBLISHED

    asyncio.run(scenario())


def test_state_write_failure_is_reported_not_raised() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        publisher.fail_state = KafkaConnectionError()
        result = await emitter.emit(art("d", "Body."), board.sources["src"])
        assert result.outcome == Outcome.PUBLISHED and board.broker_error
        # Known in memory: no duplicate within this run.
        assert (await emitter.emit(art("d", "Body."), board.sources["src"])).outcome == Outcome.DUPLICATE

    asyncio.run(scenario())


def test_bad_records_are_dead_lettered_once() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        status = board.sources["src"]
        for _ in range(2):
            await emitter.offer_raw(b"{not json", status)
            await emitter.offer_raw(b'{"article_id": "e"}', status)
            await emitter.offer_raw(b'{"article_id": "f", "body": "  \\n  "}', status)
        dead = [c for c in publisher.calls if c[0] == "dead"]
        assert dead == [
            ("dead", "invalid_json", None),
            ("dead", "missing_field", "e"),
            ("dead", "empty_body", "f"),
        ]
        assert status.dead_lettered == 3 and status.duplicates == 3
        # A good version of a rejected article is then published.
        assert (
            await emitter.offer_raw(b'{"article_id": "e", "body": "Now with text."}', status)
        ).outcome == (Outcome.PUBLISHED)

    asyncio.run(scenario())


def test_too_large_for_the_broker_is_dead_lettered() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        result = await emitter.emit(art("g", "word " * 5000), board.sources["src"])
        assert result.outcome == Outcome.REJECTED and result.error == "record_too_large"
        assert [c[0] for c in publisher.calls] == ["dead", "state"]

    asyncio.run(scenario())


def test_offer_raw_cleans_fields() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        raw = (
            b'{"article_id": "h", "body": " A  b \\n\\n c ", '
            b'"published_at": "2026-01-01T01:00:00+01:00", "language": "pt_br"}'
        )
        await emitter.offer_raw(raw, board.sources["src"])
        (article,) = publisher.articles
        assert article["body"] == "A b\nc" and article["language"] == "pt-BR"
        assert article["published_at"] == "2026-01-01T00:00:00Z"
        assert article["trace_id"] and article["ingested_at"].endswith("Z")

    asyncio.run(scenario())


def test_out_of_range_date_is_rejected_with_a_reason_and_the_next_line_goes_on() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        status = board.sources["src"]
        bad = b'{"article_id": "far", "body": "Text.", "published_at": "9999-12-31T23:59:59-23:59"}'
        result = await emitter.offer_raw(bad, status)
        assert result.outcome == Outcome.REJECTED and result.error == "invalid_article"
        good = await emitter.offer_raw(b'{"article_id": "near", "body": "Text."}', status)
        assert good.outcome == Outcome.PUBLISHED
        assert [c[:3] for c in publisher.calls if c[0] != "state"] == [
            ("dead", "invalid_article", "far"),
            ("article", "near", 1),
        ]

    asyncio.run(scenario())


def test_same_article_from_two_sources_at_once_is_published_once() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        status = board.sources["src"]
        results = await asyncio.gather(*(emitter.emit(art("i", "Same text."), status) for _ in range(5)))
        assert sorted(r.outcome for r in results) == [Outcome.DUPLICATE] * 4 + [Outcome.PUBLISHED]
        assert len([c for c in publisher.calls if c[0] == "article"]) == 1

    asyncio.run(scenario())


def test_language_tags() -> None:
    assert language_tag("EN-gb") == "en-GB" and language_tag("zh-hant") == "zh-Hant"
    assert language_tag("pt_br") == "pt-BR" and language_tag(" ") is None and language_tag(None) is None


def test_seen_round_trip() -> None:
    seen = Seen("abc", 3, "fp", "2026-01-01T00:00:00.000Z")
    assert Seen.decode(seen.encode()) == seen
    assert Seen.decode(Seen(None, 0, "fp").encode()).text_hash is None


def test_one_article_shown_two_ways_does_not_flip_flop() -> None:
    async def scenario() -> None:
        emitter, publisher, board = setup()
        status = board.sources["src"]
        full, page = art("j", "Full text from the feed."), art("j", "Text extracted from the page.")
        assert (await emitter.emit(dict(full), status, fingerprint="feed-a")).outcome == Outcome.PUBLISHED
        assert (await emitter.emit(dict(page), status, fingerprint="feed-b")).revision == 2
        for _ in range(3):  # each route again, alternating: nothing new
            assert (await emitter.emit(dict(full), status, fingerprint="feed-a")).outcome == Outcome.DUPLICATE
            assert (await emitter.emit(dict(page), status, fingerprint="feed-b")).outcome == Outcome.DUPLICATE
        assert emitter.known("j", "feed-a") and emitter.known("j", "feed-b") and not emitter.known("j", "feed-c")
        third = await emitter.emit(art("j", "A real update."), status, fingerprint="feed-a2")
        assert (third.outcome, third.revision) == (Outcome.REVISED, 3)
        assert len([c for c in publisher.calls if c[0] == "article"]) == 3

    asyncio.run(scenario())


def test_seen_keeps_a_bounded_history() -> None:
    seen = Seen(None, 0, "")
    for n in range(20):
        seen = seen.published(f"h{n}", n + 1, f"f{n}", "t")
    assert seen.text_hash == "h19" and seen.revision == 20
    assert seen.earlier_hashes == tuple(f"h{n}" for n in range(11, 19))
    assert seen.knows_text("h12") and not seen.knows_text("h3")
    assert Seen.decode(seen.encode()) == seen


def test_a_line_that_crashes_validation_is_dead_lettered_and_the_others_go_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An OverflowError in date handling once ended the NDJSON source, and with it ingest."""
    import streams.ingest.emit as emit_module

    real = emit_module.parse_datetime

    def fragile(value: str | None) -> str | None:
        if value == "2026-01-02T03:04:05Z":
            raise OverflowError("date value out of range")
        return real(value)

    monkeypatch.setattr(emit_module, "parse_datetime", fragile)

    async def scenario() -> None:
        emitter, publisher, board = setup()
        status = board.sources["src"]
        lines = [
            b'{"article_id": "x1", "body": "One."}',
            b'{"article_id": "x2", "body": "Two.", "published_at": "2026-01-02T03:04:05Z"}',
            b'{"article_id": "x3", "body": "Three."}',
        ]
        await emitter.offer_all(lines, status)
        assert sorted(c[1] for c in publisher.calls if c[0] == "article") == ["x1", "x3"]
        assert [c for c in publisher.calls if c[0] == "dead"] == [("dead", "unprocessable", "x2")]

    asyncio.run(scenario())
