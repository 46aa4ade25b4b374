"""Statement batches: one record per article for the consumers that take a whole article at a time.

The pipeline sends each article's statement events twice: one record per statement to the statements topic
(the contract outside consumers read, ``statement.v1``), and all of them in one ``statement-batch.v1`` record to
the statement-batches topic, which quotewire's alerts and archive roles read. A consumer pays its per-record
cost (Faust's consume path, decoding, acknowledging) once per article instead of once per statement.

A batch that would be larger than a Kafka record may be is cut into parts, in index order, each within the
limit; only part 0 carries the article (with its body). Pure: no Kafka, no Faust.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

import orjson

from .contracts import ArticleEvent, StatementBatchEvent, StatementEvent

STATEMENT_BATCH: Final = "statement-batch.v1"
RECORD_OVERHEAD: Final = 1024
"""Bytes a Kafka record adds to its key and value (batch header, headers), generously."""
PART_DIGITS: Final = 10
"""Room kept for ``part`` and ``parts`` when a batch's size is planned: any count up to 10 digits."""


@dataclass(frozen=True)
class EncodedStatement:
    """A statement event with its JSON, encoded once for both topics."""

    event: StatementEvent
    value: bytes


class ArticleTooLarge(ValueError):
    """The article alone makes a batch record (part 0) larger than a record may be."""


def _skeleton(article: ArticleEvent, extractor_version: str, extracted_at: str) -> dict[str, Any]:
    return {
        "schema": STATEMENT_BATCH,
        "article_id": article["article_id"],
        "article": None,
        "extractor_version": extractor_version,
        "extracted_at": extracted_at,
        "statements": [],
        "part": 0,
        "parts": 1,
        "trace_id": article.get("trace_id"),
    }


def overhead(article: ArticleEvent, *, extractor_version: str, extracted_at: str) -> int:
    """Bytes a batch record's value of this article has besides its article and statements: its other
    fields, measured (ids and trace ids can be long and non-ASCII), with room for any part numbers."""
    skeleton = orjson.dumps(_skeleton(article, extractor_version, extracted_at))
    return len(skeleton) - len(b"null") + 2 * PART_DIGITS


def plan_parts(article_size: int, statement_sizes: Sequence[int], budget: int) -> list[list[int]]:
    """The statements of each part, by index: as many in a part as fit ``budget`` bytes (what a record's value
    may hold besides the batch's other fields), part 0 holding the article (``article_size`` bytes) too.
    :class:`BatchFrame` makes sure the article fits part 0, and its callers send only statements that fit a part
    alone (:meth:`BatchFrame.fits`)."""
    parts: list[list[int]] = [[]]
    used = article_size
    for i, size in enumerate(statement_sizes):
        holds_something = bool(parts[-1]) or (len(parts) == 1 and article_size > 0)
        if used + size + 1 > budget and holds_something:
            parts.append([])
            used = 0
        parts[-1].append(i)
        used += size + 1
    return parts


@dataclass(frozen=True)
class BatchFrame:
    """One extraction of one article, ready to be cut into batch records: the article encoded once, and what a
    record leaves for statements. Built before any statement is sent, so an article that cannot fit part 0 is
    known (:class:`ArticleTooLarge`) while nothing of it is out yet."""

    article: ArticleEvent
    article_value: bytes
    extractor_version: str
    extracted_at: str
    budget: int
    """Bytes of a record's value besides the batch's other fields."""

    @classmethod
    def of(cls, article: ArticleEvent, *, extractor_version: str, extracted_at: str, limit: int) -> BatchFrame:
        """The frame for records of at most ``limit`` bytes of value (what a record leaves after key and
        headers). Raises :class:`ArticleTooLarge` when the article does not fit part 0."""
        value = orjson.dumps(article)
        budget = limit - overhead(article, extractor_version=extractor_version, extracted_at=extracted_at)
        if len(value) > budget:
            raise ArticleTooLarge(f"the article alone makes a statement batch of {len(value)} bytes, more than "
                                  f"the {budget} a batch record leaves for it")
        return cls(article, value, extractor_version, extracted_at, budget)

    def fits(self, statement_value: bytes) -> bool:
        """Whether one statement's JSON fits a part of its own."""
        return len(statement_value) <= self.budget

    def records(self, statements: Sequence[EncodedStatement]) -> list[bytes]:
        """The ``statement-batch.v1`` record values: one, unless it would exceed the limit. The statements' JSON
        is spliced in as it was encoded for the statements topic."""
        plan = plan_parts(len(self.article_value), [len(s.value) for s in statements], self.budget)
        records = []
        for part, indexes in enumerate(plan):
            batch = _skeleton(self.article, self.extractor_version, self.extracted_at)
            batch.update(article=orjson.Fragment(self.article_value) if part == 0 else None,
                         statements=[orjson.Fragment(statements[i].value) for i in indexes], part=part,
                         parts=len(plan))
            records.append(orjson.dumps(batch))
        return records


def batch_records(article: ArticleEvent, statements: Sequence[EncodedStatement], *, extractor_version: str,
                  extracted_at: str, limit: int) -> list[bytes]:
    """:meth:`BatchFrame.records` of one extraction of ``article``, for records of at most ``limit`` bytes of
    value. Raises :class:`ArticleTooLarge` when the article does not fit part 0."""
    frame = BatchFrame.of(article, extractor_version=extractor_version, extracted_at=extracted_at, limit=limit)
    return frame.records(statements)


class InvalidBatch(ValueError):
    """A record on the statement-batches topic that is not a ``statement-batch.v1`` event."""


_FIELDS: Final = {"article_id": str, "extractor_version": str, "extracted_at": str, "statements": list,
                  "part": int, "parts": int}


def read_batch(value: bytes | None) -> StatementBatchEvent:
    """The batch a record holds. Raises :class:`InvalidBatch` with the reason when it is not JSON, or not a
    batch (:func:`check_batch`)."""
    try:
        batch = orjson.loads(value or b"")
    except orjson.JSONDecodeError as exc:
        raise InvalidBatch(f"not JSON: {exc}") from None
    return check_batch(batch)


def check_batch(batch: Any) -> StatementBatchEvent:
    """A decoded record as a batch. Raises :class:`InvalidBatch` with the reason when it names another schema,
    or lacks a field the alerts and archive roles read, with its type (the statements themselves are checked by
    whoever reads them, as on the statements topic)."""
    if not isinstance(batch, dict) or batch.get("schema") != STATEMENT_BATCH:
        found = batch.get("schema") if isinstance(batch, dict) else type(batch).__name__
        raise InvalidBatch(f"not a {STATEMENT_BATCH} event (schema: {found!r})")
    for name, kind in _FIELDS.items():
        if not isinstance(batch.get(name), kind) or isinstance(batch.get(name), bool):
            raise InvalidBatch(f"a statement batch needs {name} ({kind.__name__}), got {batch.get(name)!r:.80}")
    article = batch.get("article")
    if article is not None and not _is_article(article):
        raise InvalidBatch("a statement batch's article, when present, is an article.v1 event with a string "
                           "article_id and body and an integer revision")
    return cast(StatementBatchEvent, batch)


def _is_article(article: Any) -> bool:
    revision = article.get("revision", 1) if isinstance(article, dict) else None
    return (isinstance(article, dict) and isinstance(article.get("article_id"), str)
            and isinstance(article.get("body"), str) and type(revision) is int and revision >= 1)


def statements_in(batches: Sequence[StatementBatchEvent]) -> Iterator[dict[str, Any]]:
    """Every statement of ``batches`` that is a JSON object, in order."""
    for batch in batches:
        for statement in batch["statements"]:
            if isinstance(statement, dict):
                yield cast(dict[str, Any], statement)
