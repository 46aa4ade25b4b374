"""The batch write algorithm, once for both backends.

A backend opens a transaction, hands ``write_statements``/``write_articles`` an object
with a few primitive operations (``WriteTx``), and commits. Keeping the algorithm here
means the replacement rule and the counting cannot drift between SQLite and PostgreSQL.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from .replacement import Extraction, plan_batch
from .rows import ArticleRow, BadEvent, StatementRow, article_row, extraction_marker, statement_row
from .store import Rejected, WriteResult


class WriteTx(Protocol):
    """Primitive operations inside one open write transaction."""

    def lock_articles(self, article_ids: Sequence[str]) -> None:
        """Serialise concurrent writers per article (ids come sorted)."""

    def current_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]: ...

    def save_extractions(self, items: Sequence[tuple[str, Extraction]]) -> None: ...

    def delete_other_extractions(self, article_id: str, keep_extraction_id: str) -> int:
        """Delete the article's statements of every other extraction; returns how many."""

    def existing_statement_ids(self, statement_ids: Sequence[str]) -> set[str]: ...

    def upsert_statements(self, rows: Sequence[StatementRow]) -> None: ...

    def existing_article_revisions(self, article_ids: Sequence[str]) -> dict[str, int]: ...

    def upsert_articles(self, rows: Sequence[ArticleRow]) -> None: ...


def _key(event: Any, name: str) -> str | None:
    value = event.get(name) if isinstance(event, dict) else None
    return value if isinstance(value, str) else None


def write_statements(tx: WriteTx, events: Sequence[Mapping[str, Any]]) -> WriteResult:
    """Archive statement events under the replacement rule (see replacement.py)."""
    result = WriteResult()
    unique: dict[str, StatementRow] = {}
    repeats: dict[str, int] = {}
    for event in events:
        try:
            row = statement_row(event)
        except BadEvent as exc:
            result.rejected.append(Rejected(_key(event, "statement_id"), str(exc)))
            continue
        if row.statement_id in unique:
            repeats[row.statement_id] = repeats.get(row.statement_id, 0) + 1
        unique[row.statement_id] = row  # the last copy wins, as an upsert would
    if not unique:
        return result
    article_ids = sorted({row.article_id for row in unique.values()})
    tx.lock_articles(article_ids)
    plans = plan_batch(tx.current_extractions(article_ids), unique.values())
    for plan in plans:
        if plan.replaces:
            result.deleted += tx.delete_other_extractions(plan.article_id, plan.after.extraction_id)
        result.superseded += sum(1 + repeats.get(row.statement_id, 0) for row in plan.superseded)
    tx.save_extractions([(plan.article_id, plan.after) for plan in plans if plan.changed])
    keep = [row for plan in plans for row in plan.keep]
    if keep:
        existing = tx.existing_statement_ids([row.statement_id for row in keep])
        for row in keep:
            if row.statement_id in existing:
                result.updated += 1
            else:
                result.inserted += 1
            result.updated += repeats.get(row.statement_id, 0)
        tx.upsert_statements(keep)
    return result


def write_articles(tx: WriteTx, events: Sequence[dict[str, Any]]) -> WriteResult:
    """Archive article events, keeping the highest revision; a new revision retires older statements."""
    result = WriteResult()
    best: dict[str, ArticleRow] = {}
    for event in events:
        try:
            row = article_row(event)
        except BadEvent as exc:
            result.rejected.append(Rejected(_key(event, "article_id"), str(exc)))
            continue
        held = best.get(row.article_id)
        if held is not None:
            result.superseded += 1 if row.revision < held.revision else 0
            result.updated += 1 if row.revision >= held.revision else 0
        if held is None or row.revision >= held.revision:
            best[row.article_id] = row
    if not best:
        return result
    article_ids = sorted(best)
    tx.lock_articles(article_ids)
    stored = tx.existing_article_revisions(article_ids)
    accepted: list[ArticleRow] = []
    for article_id in article_ids:
        row = best[article_id]
        if article_id in stored and row.revision < stored[article_id]:
            result.superseded += 1
            continue
        accepted.append(row)
        if article_id in stored:
            result.updated += 1
        else:
            result.inserted += 1
    tx.upsert_articles(accepted)
    current = tx.current_extractions([row.article_id for row in accepted])
    floors: list[tuple[str, Extraction]] = []
    for row in accepted:
        extraction = current.get(row.article_id)
        if extraction is None and row.revision == 1:
            continue  # nothing older can exist
        if extraction is None or extraction.article_revision < row.revision:
            if extraction is not None and not extraction.is_floor:
                result.deleted += tx.delete_other_extractions(row.article_id, "")
            floors.append((row.article_id, Extraction.floor(row.revision)))
    tx.save_extractions(floors)
    return result


def write_extractions(tx: WriteTx, markers: Sequence[dict[str, Any]]) -> WriteResult:
    """Make each named extraction current when it is the newest, even if it has no statements.

    Statement events alone cannot say "the new extractor found nothing here"; a marker
    can, so a reprocess that finds no statements still retires the old ones. A marker
    for an extraction already current only advances its time; an older one is superseded.
    """
    result = WriteResult()
    best: dict[str, Extraction] = {}
    for event in markers:
        try:
            marker = extraction_marker(event)
        except BadEvent as exc:
            result.rejected.append(Rejected(_key(event, "extraction_id"), str(exc)))
            continue
        candidate = Extraction(
            marker.article_revision, marker.extracted_at, marker.extraction_id, marker.extractor_version
        )
        held = best.get(marker.article_id)
        if held is not None:  # two markers for one article in a batch: one of them is moot
            if held.extraction_id == candidate.extraction_id:
                result.updated += 1
            else:
                result.superseded += 1
        if held is None or candidate > held:
            best[marker.article_id] = candidate
    if not best:
        return result
    article_ids = sorted(best)
    tx.lock_articles(article_ids)
    current = tx.current_extractions(article_ids)
    saves: list[tuple[str, Extraction]] = []
    for article_id in article_ids:
        candidate, held = best[article_id], current.get(article_id)
        if held is not None and candidate <= held:
            if held.extraction_id == candidate.extraction_id:
                result.updated += 1  # already current: a redelivery
            else:
                result.superseded += 1
            continue
        if held is None:
            result.inserted += 1
        else:
            result.updated += 1
            if not held.is_floor and held.extraction_id != candidate.extraction_id:
                result.deleted += tx.delete_other_extractions(article_id, candidate.extraction_id)
        saves.append((article_id, candidate))
    tx.save_extractions(saves)
    return result
