"""The archive rows that statement-batch records hold: articles, their extraction markers and statements.

The archive worker and ``quotewire replay … --to archive`` both read ``statement-batch.v1`` records
(:mod:`streams.batches`) into these rows. A record that is not a usable batch is set aside with the reason,
never half-added. Pure: no Kafka, no store.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar, cast

import structlog

from .. import events
from ..batches import InvalidBatch, check_batch, read_batch, statements_in
from ..contracts import StatementBatchEvent
from .store import extraction_marker

log = structlog.get_logger(__name__)

Origin = TypeVar("Origin")
"""Where a record came from (a Faust event, an aiokafka record): kept with its count and any refusal."""


@dataclass
class BatchRows(Generic[Origin]):
    """What a run of statement-batch records holds for the store, in record order."""

    articles: list[dict[str, Any]] = field(default_factory=list)
    markers: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    counts: list[tuple[Origin, int]] = field(default_factory=list)
    """Each usable record with the number of statements it added."""
    refused: list[tuple[Origin, str]] = field(default_factory=list)
    """Each record that is not a usable statement batch, with why."""

    def add_record(self, origin: Origin, value: bytes | None) -> None:
        """The rows of one record's value, or (when it is unusable) a refusal with the reason."""
        self._add_usable(origin, lambda: read_batch(value))

    def add_decoded(self, origin: Origin, value: Any) -> None:
        """:meth:`add_record` for a value already decoded from JSON."""
        self._add_usable(origin, lambda: check_batch(value))

    def _add_usable(self, origin: Origin, batch: Callable[[], StatementBatchEvent]) -> None:
        try:
            self.add(origin, batch())
        except (InvalidBatch, KeyError, TypeError, ValueError) as exc:
            self.refused.append((origin, f"{type(exc).__name__}: {exc}"))

    def add(self, origin: Origin, record: StatementBatchEvent) -> None:
        """The record's rows; raises (and adds nothing) when its article cannot make a marker."""
        article = record["article"]
        if article is not None:
            marker = extraction_marker(cast(dict[str, Any], article), extractor_version=record["extractor_version"],
                                       extracted_at=record["extracted_at"])
            self.articles.append(cast(dict[str, Any], article))
            self.markers.append(marker)
        count = 0
        for statement in statements_in([record]):
            if statement.get("schema") != events.STATEMENT or "statement_id" not in statement:
                log.warning("archive.skip_invalid_statement", article_id=record["article_id"])
                continue
            self.statements.append(statement)
            count += 1
        self.counts.append((origin, count))
