"""Statement-batch records into archive rows (streams/archive/batch_rows.py), as the archive worker and
``replay --to archive`` read them."""
from __future__ import annotations

import orjson

from streams import events
from streams.archive.batch_rows import BatchRows
from streams.archive.samples import synthetic
from streams.batches import EncodedStatement, batch_records


def _records(limit: int = 1_000_000) -> tuple[dict, list[dict], list[bytes]]:
    (article,), statements = synthetic(6, per_article=6, seed=3, prefix="rows")
    encoded = [EncodedStatement(s, events.dumps(s)) for s in statements]
    records = batch_records(article, encoded, extractor_version=statements[0]["extractor_version"],
                            extracted_at=statements[0]["extracted_at"], limit=limit)
    return dict(article), [dict(s) for s in statements], records


def test_a_batch_gives_its_article_its_extraction_marker_and_its_statements() -> None:
    article, statements, (record,) = _records()
    rows: BatchRows[str] = BatchRows()
    rows.add_record("r1", record)
    assert rows.articles == [article] and rows.statements == statements
    (marker,) = rows.markers
    assert marker["extraction_id"] == statements[0]["extraction_id"]  # the statements' own extraction
    assert rows.counts == [("r1", 6)] and rows.refused == []


def test_parts_after_the_first_add_statements_only_and_together_hold_them_all() -> None:
    article, statements, records = _records(limit=len(orjson.dumps(_records()[0])) + 1_500)
    assert len(records) > 1
    rows: BatchRows[int] = BatchRows()
    for i, record in enumerate(records):
        rows.add_record(i, record)
    assert rows.articles == [article] and len(rows.markers) == 1
    assert [s["statement_id"] for s in rows.statements] == [s["statement_id"] for s in statements]


def test_an_unusable_record_is_refused_with_why_and_adds_nothing() -> None:
    _, _, (good,) = _records()
    broken = orjson.loads(good)
    broken["article"]["revision"] = "two"
    rows: BatchRows[str] = BatchRows()
    rows.add_record("junk", b'{"schema": "statement-batch.v1", "article_id": "a"}')
    rows.add_record("bad-revision", orjson.dumps(broken))
    assert rows.articles == rows.markers == rows.statements == []
    assert [origin for origin, _ in rows.refused] == ["junk", "bad-revision"]
    assert "extractor_version" in rows.refused[0][1] and "revision" in rows.refused[1][1]
