"""One article through the pipeline role: checked, analysed, given roles, sent; or dead-lettered with why.

Input is checked (what is not a usable article goes to the dead-letter topic with the reason and the original
bytes); the pure core extracts statements and resolves speakers (a long article in a worker thread); roles
come from the registry, the speaker KB and the speaker memory (:mod:`.speaker_memory`), whose changelog
records go out after the roles; the statements go out through
:class:`~streams.agents.statement_out.StatementOut`.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass

import faust
import structlog
from faust.types import EventT

from .. import events
from ..contracts import ArticleEvent, StatementEvent
from ..extract import statement_events
from ..logs import bind_event
from ..nlp import EXTRACTOR_VERSION, Speaker, Statement
from ..pipeline import Pipeline
from .speaker_memory import SpeakerMemory
from .statement_out import StatementOut
from .wire import ARTICLE_TS_HEADER, TRACE_HEADER, dead_letter, header, headers_out

log = structlog.get_logger(__name__)

NLP_INLINE_CHARS = 20_000
"""Articles up to this many characters are analysed on the event loop (about 10 ms of CPU at most); longer ones
in a worker thread. The train corpus's articles average 4,700 characters."""


@dataclass
class ArticleStep:
    """What the pipeline agent does with one article event (see the module)."""

    pipeline: Pipeline
    memory: SpeakerMemory
    out: StatementOut
    deadletters: faust.TopicT
    max_body_chars: int

    async def handle(self, event: EventT) -> None:
        raw: bytes = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
        article = await self._article_of(event, raw)
        if article is None:
            return
        ids = {"article_id": article["article_id"], "trace_id": article.get("trace_id")}
        bind_event(**ids)
        try:
            found, speakers = await self._analyse(article)
        except Exception as exc:  # a bug must not stop the stream: keep the article for a replay
            log.exception("split.failed")
            await self._refuse(event, raw, "split", "extractor_error", f"{type(exc).__name__}: {exc}", **ids)
            return
        extracted_at = events.utcnow()
        try:
            # the registry, the speaker KB and the speaker memory (a Faust table) are read on the event loop
            speakers = self.pipeline.roles_within(article, speakers, self.out.limit)
            statements: list[StatementEvent] = statement_events(
                article, list(zip(found, speakers, strict=True)), extractor_version=EXTRACTOR_VERSION,
                extracted_at=extracted_at)
        except Exception as exc:  # keep the stream going; the article is kept for a replay
            log.exception("enrich.failed")
            await self._refuse(event, raw, "enrich", "enrich_error", f"{type(exc).__name__}: {exc}", **ids)
            return
        finally:
            await self.memory.send_changes()  # the changelog records of what the article taught the memory
        article_ts = header(event, ARTICLE_TS_HEADER) or str(event.message.timestamp and
                                                             int(event.message.timestamp * 1000))
        sent = await self.out.publish(event, article, statements, extractor_version=EXTRACTOR_VERSION,
                                      extracted_at=extracted_at,
                                      headers=headers_out(article["trace_id"], article_ts))
        log.debug("pipeline.done", statements=sent)

    async def _analyse(self, article: ArticleEvent) -> tuple[list[Statement], list[Speaker | None]]:
        """A long article in a worker thread, awaited: the event loop keeps answering health checks and
        heartbeats meanwhile, and the agent still takes one article at a time. A short one inline: it holds the
        loop a few ms, less than the thread hand-off costs (NLP_INLINE_CHARS)."""
        if len(article["body"]) <= NLP_INLINE_CHARS:
            return self.pipeline.analyse(article)
        return await asyncio.to_thread(self.pipeline.analyse, article)

    async def _article_of(self, event: EventT, raw: bytes) -> ArticleEvent | None:
        """The checked article with its trace id, or None once it is dead-lettered."""
        trace_id = events.usable_trace_id(header(event, TRACE_HEADER))
        try:
            return events.traced_article(raw, trace_id, max_body_chars=self.max_body_chars)
        except events.InvalidEvent as exc:
            await self._refuse(event, raw, "split", exc.code, exc.reason, trace_id=trace_id)
            return None

    async def _refuse(self, event: EventT, raw: bytes, stage: str, code: str, reason: str,
                      **context: object) -> None:
        await dead_letter(self.deadletters, stage, code, reason, raw, event=event, key=event.key, **context)
