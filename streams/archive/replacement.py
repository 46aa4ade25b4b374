"""The replacement rule: the archive holds exactly one extraction per article, the newest.

Extractions are ordered by ``(article_revision, extracted_at, extraction_id)``: a higher
revision wins; within a revision the later extraction wins (a reprocess with a new
extractor version); the id only breaks exact ties, so the outcome never depends on the
order in which events arrive. Statements of the winning extraction are written (and
accumulate across batches); a batch that brings a newer extraction deletes the older
one's statements; statements of any other extraction are skipped as superseded, which
is what keeps a late replay of old events from resurrecting them.

An article of a higher revision sets a *floor* ``(revision, MIN_TIME, "")``: every
extraction of an older revision is then superseded, and any extraction of the new
revision beats the floor. An extraction marker (``write_extractions``) makes an
extraction current without statements, for a re-extraction that found none.
Pure functions; the stores supply the current state.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .rows import MIN_TIME, StatementRow


@dataclass(frozen=True, order=True, slots=True)
class Extraction:
    """The archive's current extraction of one article; compares in replacement order."""

    article_revision: int
    extracted_at: datetime
    extraction_id: str
    extractor_version: str = field(default="", compare=False)

    @classmethod
    def floor(cls, revision: int) -> Extraction:
        """The placeholder an article revision leaves: older than any extraction of that revision."""
        return cls(revision, MIN_TIME, "")

    @classmethod
    def of(cls, row: StatementRow) -> Extraction:
        return cls(row.article_revision, row.extracted_at, row.extraction_id, row.extractor_version)

    @property
    def is_floor(self) -> bool:
        return self.extraction_id == ""


@dataclass(slots=True)
class ArticlePlan:
    """What one batch does to one article's statements."""

    article_id: str
    before: Extraction | None
    after: Extraction
    keep: list[StatementRow]
    superseded: list[StatementRow]

    @property
    def changed(self) -> bool:
        """The extractions table needs the new current extraction (or its later time)."""
        return self.before is None or self.after != self.before

    @property
    def replaces(self) -> bool:
        """Rows of another extraction may exist and must be deleted.

        Not after a floor: setting the floor deleted every older row, and nothing is
        ever written under a floor.
        """
        return (
            self.before is not None
            and not self.before.is_floor
            and self.before.extraction_id != self.after.extraction_id
        )


def plan_article(article_id: str, current: Extraction | None, rows: Sequence[StatementRow]) -> ArticlePlan:
    """Apply the rule to one article: the newest of the current and the batch's extractions wins.

    Re-runs of the same extraction (same id, later ``extracted_at``) advance its time, so
    an extraction made between the two runs stays superseded.
    """
    winner = current
    for row in rows:
        candidate = Extraction.of(row)
        if winner is None or candidate > winner:
            winner = candidate
    assert winner is not None, "plan_article needs a current extraction or at least one row"
    keep = [row for row in rows if row.extraction_id == winner.extraction_id]
    superseded = [row for row in rows if row.extraction_id != winner.extraction_id]
    return ArticlePlan(article_id, current, winner, keep, superseded)


def plan_batch(current: Mapping[str, Extraction], rows: Iterable[StatementRow]) -> list[ArticlePlan]:
    """Plans for every article in a batch (sorted by article id, the order stores lock in)."""
    by_article: dict[str, list[StatementRow]] = {}
    for row in rows:
        by_article.setdefault(row.article_id, []).append(row)
    return [plan_article(a, current.get(a), by_article[a]) for a in sorted(by_article)]


def dedupe(rows: Iterable[StatementRow]) -> tuple[list[StatementRow], int]:
    """One row per statement_id (the last one wins, as an upsert would); also how many were dropped."""
    unique: dict[str, StatementRow] = {}
    total = 0
    for row in rows:
        total += 1
        unique.pop(row.statement_id, None)
        unique[row.statement_id] = row
    return list(unique.values()), total - len(unique)
