"""``quotewire reprocess``: re-derive statements of archived articles with the current extractor.

Articles come from the archive (raw body and metadata are kept for this); each is
run through extraction and enrichment here, with the speaker memory read from its
changelog topic, and the new statement events are published to the statements
topic, and as one statement batch per article to the statement-batches topic. The archive consumer, which
reads the batches, then replaces the article's older extraction (see the
archive's replacement rule), so one version of each statement remains. The events
carry a ``qw-backfill`` header: the alert matcher archives them without notifying
subscribers about old news again.
"""
from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import structlog
from aiokafka import ConsumerRecord

from . import events
from .archive.store import open_store
from .batches import EncodedStatement, batch_records
from .contracts import BACKFILL_HEADER, TRACE_HEADER, ArticleEvent
from .nlp import EXTRACTOR_VERSION
from .pipeline import Pipeline
from .publish import MAX_RECORD_BYTES, producer, started
from .replay import ReplayError, replay
from .settings import Settings
from .topics import names

log = structlog.get_logger(__name__)


@dataclass
class ReprocessReport:
    articles: int = 0
    statements: int = 0
    extractor_version: str = EXTRACTOR_VERSION


async def read_speaker_memory(settings: Settings) -> dict[str, Any]:
    """The pipeline's speaker memory, rebuilt from its compacted changelog topic (latest value per key)."""
    memory: dict[str, Any] = {}

    async def load(records: list[ConsumerRecord]) -> None:
        for record in records:
            key = (record.key or b"").decode("utf-8", "replace")
            if record.value is None:
                memory.pop(key, None)
                continue
            try:
                memory[key] = events.loads(record.value)
            except ValueError:
                continue

    try:
        await replay(settings, names(settings).changelog("pipeline", "speakers"), load, from_offset=0,
                     quiet_seconds=0.5)
    except ReplayError:  # no changelog yet: nothing remembered
        pass
    return memory


async def reprocess(settings: Settings, since: datetime, until: datetime | None = None, *,
                    dry_run: bool = False, extractor_version: str = EXTRACTOR_VERSION) -> ReprocessReport:
    """Publish freshly derived statement events for every archived article in [since, until)."""
    report = ReprocessReport(extractor_version=extractor_version)
    memory = {} if dry_run else await read_speaker_memory(settings)
    pipeline = Pipeline.from_settings(settings, memory)
    run_id = uuid.uuid4().hex[:12]
    n = names(settings)
    prod = None if dry_run else producer(settings)
    if prod:
        await started(prod)
    store = open_store(settings.archive_url, migrate=True)
    try:
        pending = []
        for stored in store.articles_since(since, until):
            article = cast(ArticleEvent, stored)  # the archive keeps the article events it was sent
            stamp = events.utcnow()
            out = pipeline.process(article, extractor_version=extractor_version, extracted_at=stamp)
            report.articles += 1
            report.statements += len(out)
            if prod is None:
                continue
            # The batch's part 0 carries the article: the archive makes the new extraction current from it,
            # even if it found nothing (older statements go), once the batch is on the topic.
            trace = (article.get("trace_id") or events.new_trace_id()).encode()
            key = str(article["article_id"]).encode("utf-8")
            headers = [(TRACE_HEADER, trace), (BACKFILL_HEADER, run_id.encode())]
            encoded = [EncodedStatement(statement, events.dumps(statement)) for statement in out]
            for one in encoded:
                pending.append(await prod.send(n.statements, one.value, key=key, headers=headers))
            # the archive reads the statement batches (the alerts role skips them: backfill)
            for record in batch_records(article, encoded, extractor_version=extractor_version, extracted_at=stamp,
                                        limit=MAX_RECORD_BYTES - len(key) - 1024):
                pending.append(await prod.send(n.batches, record, key=key, headers=headers))
            if len(pending) > 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
    finally:
        store.close()
        if prod:
            await prod.stop()
    log.info("reprocess.done", articles=report.articles, statements=report.statements, run=run_id,
             extractor_version=extractor_version)
    return report
