"""Sending one article's statement events: each to the statements topic, all of them to the statement-batches
topic, and a statement too large for a record to the dead-letter topic, with the reason.

Records go straight to the app's producer (:mod:`.record_sender`); one that cannot be delivered crashes the
worker, so that it restarts from the last commit.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import faust
from faust.types import EventT

from .. import events, metrics
from ..batches import RECORD_OVERHEAD, ArticleTooLarge, BatchFrame, EncodedStatement
from ..contracts import ArticleEvent, StatementEvent
from ..topics import Names
from .record_sender import RecordSender
from .wire import dead_letter


def record_size(key: bytes, value: bytes, headers: Mapping[str, bytes]) -> int:
    """Bytes of the Kafka record for key, value and headers, generously counted."""
    return len(key) + len(value) + sum(len(k) + len(v) for k, v in headers.items()) + RECORD_OVERHEAD


def too_large_reason(statement: StatementEvent, size: int, limit: int) -> str:
    """Why a statement event was dead-lettered instead of sent: which one, how big, and what made it so."""
    speaker: Mapping[str, Any] = statement.get("speaker") or {}
    return (f"statement {statement.get('index', 0) + 1} of {statement.get('statement_count')} makes a record "
            f"of {size} bytes, more than a record may have ({limit} bytes): its content has "
            f"{len((statement.get('content') or {}).get('text') or '')} characters, its speaker's name "
            f"{len(speaker.get('name') or '')} and speaker id {len(speaker.get('speaker_id') or '')}")


@dataclass
class StatementOut:
    """The pipeline's output: statements, statement batches and dead letters of statements."""

    app: faust.App
    names: Names
    deadletters: faust.TopicT
    records: RecordSender

    @property
    def limit(self) -> int:
        return int(self.app.conf.producer_max_request_size)

    async def publish(self, event: EventT, article: ArticleEvent, out: list[StatementEvent], *,
                      extractor_version: str, extracted_at: str, headers: Mapping[str, bytes]) -> int:
        """Send ``out`` (the article's statement events) and its batch; returns the statements sent. An article
        too large for its batch record sends nothing and is dead-lettered (stage ``split``, the event's bytes)."""
        key = str(article["article_id"]).encode("utf-8")
        limit = self.limit  # read once: a lookup in Faust's settings each time
        try:
            frame = BatchFrame.of(article, extractor_version=extractor_version, extracted_at=extracted_at,
                                  limit=limit - record_size(key, b"", headers))
        except ArticleTooLarge as exc:
            await dead_letter(self.deadletters, "split", "article_too_large",
                              f"{exc} (a record may have {limit} bytes); none of its {len(out)} "
                              f"statements was sent", event.value, event=event, key=event.key,
                              article_id=article.get("article_id"), trace_id=article.get("trace_id"))
            return 0
        kept: list[EncodedStatement] = []
        kinds: Counter[str] = Counter()
        for statement in out:
            value = events.dumps(statement)
            size = record_size(key, value, headers)
            if size > limit or not frame.fits(value):  # it must fit a batch record too
                # The producer would refuse it and the agent would crash, losing the article's statements;
                # the article fit, but a statement carries its speaker's name twice.
                await dead_letter(self.deadletters, "enrich", "statement_too_large",
                                  too_large_reason(statement, max(size, len(value) + limit - frame.budget),
                                                   limit), value, event=event,
                                  key=event.key, article_id=article.get("article_id"),
                                  statement_id=statement.get("statement_id"), trace_id=article.get("trace_id"))
                continue
            await self.records.send(self.names.statements, key, value, headers)
            kinds[statement["kind"]] += 1
            kept.append(EncodedStatement(statement, value))
        for kind, count in kinds.items():
            metrics.STATEMENTS.labels(kind).inc(count)
        records = frame.records(kept)
        for record in records:
            await self.records.send(self.names.batches, key, record, headers)
        metrics.EVENTS_OUT.labels(self.names.statements).inc(len(kept))
        metrics.EVENTS_OUT.labels(self.names.batches).inc(len(records))
        return len(kept)
