"""statement-batch.v1: one record per article for the alerts and archive roles (streams/batches.py)."""
from __future__ import annotations

import orjson
import pytest

from streams import events
from streams.batches import (
    ArticleTooLarge,
    EncodedStatement,
    InvalidBatch,
    batch_records,
    overhead,
    plan_parts,
    read_batch,
)
from streams.pipeline import Pipeline
from streams.settings import Settings
from streams.speaker_roles import RoleBook

BODY = ('"We will not retreat," Defense Minister Ana Ruiz said on Monday.\n\n'
        'Her deputy, Tomas Berg, told reporters that the talks had failed. "It is over," he said.\n\n'
        'The ministry said in a statement that it would respond.')


def _statements(body: str = BODY) -> tuple[dict, list[EncodedStatement]]:
    article = events.article_from_text("batch-1", body, source="invented", published_at="2026-12-01T10:00:00Z")
    out = Pipeline(RoleBook.from_settings(Settings())).process(article, extracted_at="2026-12-07T10:00:00Z")
    return dict(article), [EncodedStatement(s, events.dumps(s)) for s in out]


def test_one_record_holds_the_article_and_every_statement_and_meets_the_schema() -> None:
    article, statements = _statements()
    assert len(statements) >= 3
    (record,) = batch_records(article, statements, extractor_version="9.9.9",
                              extracted_at="2026-12-07T10:00:00Z", limit=1_000_000)
    batch = orjson.loads(record)
    assert events.schema_errors(batch) == []
    assert batch["article"] == article and (batch["part"], batch["parts"]) == (0, 1)
    assert batch["statements"] == [s.event for s in statements]  # spliced JSON reads back as the events
    assert read_batch(record)["statements"][0]["statement_id"] == statements[0].event["statement_id"]


def test_an_article_without_statements_still_makes_a_record_for_the_archive() -> None:
    article, _ = _statements()
    (record,) = batch_records(article, [], extractor_version="9.9.9", extracted_at="2026-12-07T10:00:00Z",
                              limit=1_000_000)
    batch = read_batch(record)
    assert batch["statements"] == [] and batch["article"] is not None and events.schema_errors(batch) == []


def test_a_batch_over_the_record_limit_is_cut_into_parts_each_within_it_in_order() -> None:
    article, statements = _statements()
    article_size = len(orjson.dumps(article))
    fields = overhead(article, extractor_version="9.9.9", extracted_at="2026-12-07T10:00:00Z")
    limit = article_size + fields + max(len(s.value) for s in statements) + 10
    records = batch_records(article, statements, extractor_version="9.9.9", extracted_at="2026-12-07T10:00:00Z",
                            limit=limit)
    assert len(records) > 1
    batches = [read_batch(r) for r in records]
    assert all(len(r) <= limit for r in records)
    assert [b["part"] for b in batches] == list(range(len(records)))
    assert {b["parts"] for b in batches} == {len(records)}
    assert batches[0]["article"] == article and all(b["article"] is None for b in batches[1:])
    got = [s["statement_id"] for b in batches for s in b["statements"]]
    assert got == [s.event["statement_id"] for s in statements]
    assert all(events.schema_errors(b) == [] for b in batches)


@pytest.mark.parametrize(("sizes", "budget", "want"), [
    ([10, 10, 10], 10_000, [[0, 1, 2]]),
    ([600, 600], 700, [[], [0], [1]]),  # the article fills part 0; one statement a part
    ([300, 300, 300], 1000, [[0], [1, 2]]),
])
def test_parts_are_planned_greedily_with_the_article_in_part_0(sizes: list[int], budget: int,
                                                                want: list[list[int]]) -> None:
    assert plan_parts(500, sizes, budget) == want


def test_an_article_that_does_not_fit_part_0_is_refused_not_sent_oversized() -> None:
    article, statements = _statements()
    with pytest.raises(ArticleTooLarge, match="bytes"):
        batch_records(article, statements, extractor_version="9.9.9", extracted_at="2026-12-07T10:00:00Z",
                      limit=len(orjson.dumps(article)) + 10)


def test_long_non_ascii_ids_and_trace_ids_are_counted_so_every_part_stays_within_the_limit() -> None:
    body = BODY * 40
    article = events.article_from_text("ü" * 200 + "-𝔞" * 100, body, source="invented",
                                       published_at="2026-12-01T10:00:00Z")
    article["trace_id"] = "𝔱" * 128
    out = Pipeline(RoleBook.from_settings(Settings())).process(article, extracted_at="2026-12-07T10:00:00Z")
    statements = [EncodedStatement(s, events.dumps(s)) for s in out]
    limit = len(orjson.dumps(article)) + 3 * max(len(s.value) for s in statements) + 2_000
    records = batch_records(article, statements, extractor_version="9.9.9", extracted_at="2026-12-07T10:00:00Z",
                            limit=limit)
    assert len(records) > 2 and all(len(r) <= limit for r in records)
    assert sum(len(read_batch(r)["statements"]) for r in records) == len(statements)


def _record(**fields: object) -> bytes:
    good = {"schema": "statement-batch.v1", "article_id": "a", "article": None, "extractor_version": "1",
            "extracted_at": "2026-12-07T10:00:00Z", "statements": [], "part": 0, "parts": 1}
    return orjson.dumps({**good, **fields})


def test_a_well_formed_record_reads() -> None:
    assert read_batch(_record())["parts"] == 1


@pytest.mark.parametrize(("raw", "reason"), [
    (b"\xff not json", "not JSON"),
    (b'{"schema": "statement.v1"}', "not a statement-batch.v1 event"),
    (b'{"schema": "statement-batch.v1", "article_id": "a"}', "extractor_version"),
    (_record(statements="none"), "statements"),
    (_record(extracted_at=None), "extracted_at"),
    (_record(part="0"), "part"),
    (_record(article={"title": 1}), "body"),
    (_record(article={"article_id": "a", "body": "x", "revision": "2"}), "revision"),
    (_record(article={"body": "x"}), "article_id"),
])
def test_a_record_that_is_not_a_batch_is_refused_with_the_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(InvalidBatch, match=reason):
        read_batch(raw)
