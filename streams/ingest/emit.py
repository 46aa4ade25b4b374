"""The one path every source's articles take: validate, dedupe, publish, remember, count.

Feeds, NDJSON streams and the push endpoint differ in how articles arrive, not
in what happens next; keeping that in one place is what makes "each article
once" hold whichever way an article came in (and if it came in two ways).
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass

import structlog
from aiokafka.errors import KafkaError

from .. import events
from ..contracts import ArticleEvent
from ..settings import Settings
from .dedupe import NOTHING, DedupeState, Seen
from .normalize import parse_datetime
from .publisher import MAX_RECORD_BYTES, Publisher, RecordTooLarge
from .status import SourceStatus, StatusBoard
from .text import has_control_characters, normalise_text, text_hash

# What emit adds to an article before it is sent (revision, ingested_at, trace_id), with room to spare.
_EMIT_HEADROOM = 256

log = structlog.get_logger(__name__)


class Outcome(enum.StrEnum):
    PUBLISHED = "published"  # new article, revision 1 (or the revision the publisher gave)
    REVISED = "revised"  # known article, changed text: published as revision + 1
    DUPLICATE = "duplicate"  # known article, same text: nothing published
    REJECTED = "rejected"  # not a usable article: dead-lettered


@dataclass(frozen=True, slots=True)
class Result:
    article_id: str | None
    outcome: Outcome
    revision: int | None = None
    error: str | None = None
    reason: str | None = None


def language_tag(value: str | None) -> str | None:
    """BCP 47 casing: ``en``, ``en-GB``, ``zh-Hant``; None when empty."""
    if not value or not value.strip():
        return None
    parts = value.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part.lower())
    return "-".join(out)


class Emitter:
    """Decides, per article, publish / revise / skip, and does it."""

    def __init__(
        self, settings: Settings, publisher: Publisher, state: DedupeState, board: StatusBoard
    ) -> None:
        self.settings = settings
        self.publisher = publisher
        self.state = state
        self.board = board

    def known(self, article_id: str, fingerprint: str) -> bool:
        """True when the source shows exactly what it showed last time (no need to even fetch the page)."""
        seen = self.state.get(article_id)
        return seen is not None and seen.knows_fingerprint(fingerprint)

    def clean(self, article: ArticleEvent) -> ArticleEvent:
        """Normalise the fields every source may get wrong: body whitespace, UTC time, language tag.

        Raises InvalidEvent for a published_at that is no date at all: the schema's
        date-time format is only enforced when jsonschema has a date-time checker
        installed, so it is checked here too.
        """
        if isinstance(article.get("body"), str):
            article["body"] = normalise_text(article["body"])
        if isinstance(article.get("published_at"), str):
            when = parse_datetime(article["published_at"])
            if when is None:
                raise events.InvalidEvent(
                    "invalid_article",
                    f"published_at: {article['published_at']!r} is not an RFC 3339 date-time "
                    "(e.g. 2026-03-08T10:00:00Z)",
                )
            article["published_at"] = when
        if isinstance(article.get("language"), str):
            article["language"] = language_tag(article["language"])
        _check_id(article.get("article_id"))
        _check_record_size(article)
        return article

    async def emit(
        self, article: ArticleEvent, status: SourceStatus, *, fingerprint: str | None = None
    ) -> Result:
        """Publish ``article`` unless its text is already published; raises KafkaError when the broker fails.

        ``article`` must already be a valid article event (events.parse_article).
        ``fingerprint`` identifies what the source showed (default: the text hash).
        """
        key: str = article["article_id"]
        digest = text_hash(article["body"])
        fingerprint = fingerprint or digest
        async with self.state.hold(key):
            prev = self.state.get(key)
            if prev is not None and prev.knows_text(digest):
                status.duplicates += 1
                if not prev.knows_fingerprint(fingerprint):
                    await self._remember(key, prev.shown(fingerprint, events.utcnow()))
                log.debug("ingest.duplicate", article_id=key, revision=prev.revision, source=status.name)
                return Result(key, Outcome.DUPLICATE, prev.revision)
            known = prev is not None and prev.text_hash is not None
            revision = max(int(article.get("revision") or 1), prev.revision + 1 if prev is not None else 1)
            article["revision"] = revision
            article["ingested_at"] = events.utcnow()
            article["trace_id"] = article.get("trace_id") or events.new_trace_id()
            try:
                await self.publisher.publish_article(article)
            except RecordTooLarge as exc:
                return await self._reject_locked(
                    status,
                    "record_too_large",
                    str(exc),
                    events.dumps(article),
                    article_id=key,
                    fingerprint=fingerprint,
                    prev=prev,
                )
            self.board.broker_error = None
            status.published += 1
            outcome = Outcome.REVISED if known else Outcome.PUBLISHED
            if known:
                status.revisions += 1
            log.info(
                "ingest.published",
                article_id=key,
                revision=revision,
                source=status.name,
                trace_id=article["trace_id"],
                outcome=str(outcome),
            )
            seen = (prev or NOTHING).published(digest, revision, fingerprint, events.utcnow())
            await self._remember(key, seen)
            return Result(key, outcome, revision)

    async def emit_all(
        self, articles: list[ArticleEvent], status: SourceStatus, *, concurrency: int = 512
    ) -> tuple[list[Result], KafkaError | None]:
        """Emit many articles at once: the results in input order, and the broker error if any.

        One ``emit`` waits for the broker's acknowledgement of its article and then of its
        state record, two round trips; one after the other, 20,000 lines took minutes. Here
        up to ``concurrency`` are in flight, so the producer sends them in a few batched
        requests. Articles with the same id are emitted one after the other, in input order.
        After a broker error the results hold only the articles that were published.
        """
        by_key: dict[str, list[int]] = {}
        for index, article in enumerate(articles):
            by_key.setdefault(article["article_id"], []).append(index)
        results: list[Result | None] = [None] * len(articles)
        errors: list[KafkaError] = []
        gate = asyncio.Semaphore(concurrency)

        async def one_key(indexes: list[int]) -> None:
            async with gate:
                for index in indexes:
                    if errors:
                        return
                    try:
                        results[index] = await self.emit(articles[index], status)
                    except KafkaError as exc:
                        errors.append(exc)
                        return

        await asyncio.gather(*(one_key(indexes) for indexes in by_key.values()))
        return [r for r in results if r is not None], errors[0] if errors else None

    async def reject(
        self,
        status: SourceStatus,
        error: str,
        reason: str,
        original: bytes,
        *,
        article_id: str | None = None,
        fingerprint: str | None = None,
    ) -> Result:
        """Dead-letter an unusable item, once: the same item shown again is skipped.

        Items without an article id are remembered under a key derived from their bytes.
        """
        key = article_id or "rejected:" + text_hash(original.decode("utf-8", "replace"))
        fingerprint = fingerprint or text_hash(original.decode("utf-8", "replace"))
        async with self.state.hold(key):
            prev = self.state.get(key)
            if prev is not None and prev.knows_fingerprint(fingerprint):
                status.duplicates += 1
                return Result(article_id, Outcome.DUPLICATE, None, error)
            return await self._reject_locked(
                status,
                error,
                reason,
                original,
                article_id=article_id,
                fingerprint=fingerprint,
                prev=prev,
                key=key,
            )

    async def _reject_locked(
        self,
        status: SourceStatus,
        error: str,
        reason: str,
        original: bytes,
        *,
        article_id: str | None,
        fingerprint: str,
        prev: Seen | None,
        key: str | None = None,
    ) -> Result:
        await self.publisher.publish_dead_letter(error, reason, original, article_id=article_id)
        status.dead_lettered += 1
        log.warning(
            "ingest.rejected", article_id=article_id, error=error, reason=reason[:300], source=status.name
        )
        # Keep what was last published (if anything) so a later good version is a revision of it.
        await self._remember(key or article_id or "", (prev or NOTHING).shown(fingerprint, events.utcnow()))
        return Result(article_id, Outcome.REJECTED, None, error, reason)

    async def _remember(self, key: str, seen: Seen) -> None:
        """Write the state record; a failure is logged, not raised (the article itself is safe)."""
        try:
            await self.state.remember(key, seen)
            self.board.state_keys = len(self.state)
        except KafkaError as exc:
            self.board.broker_error = f"state write failed: {exc!r}"
            log.error("ingest.state_write_failed", article_id=key, error=repr(exc))

    async def offer_raw(self, raw: bytes, status: SourceStatus) -> Result:
        """An article event as bytes from outside (NDJSON): validate, then emit or dead-letter."""
        article = await self._valid_or_rejected(raw, status)
        if isinstance(article, Result):
            return article
        return await self.emit(article, status)

    async def offer_all(self, raws: list[bytes], status: SourceStatus) -> list[Result]:
        """Many lines at once: bad ones dead-lettered, good ones emitted together (``emit_all``).

        Raises KafkaError when the broker fails; offering the same lines again is safe (dedupe).
        """
        articles: list[ArticleEvent] = []
        for raw in raws:
            article = await self._valid_or_rejected(raw, status)
            if not isinstance(article, Result):
                articles.append(article)
        results, exc = await self.emit_all(articles, status)
        if exc is not None:
            raise exc
        return results

    async def _valid_or_rejected(self, raw: bytes, status: SourceStatus) -> ArticleEvent | Result:
        """The clean article of ``raw``, or the Result of dead-lettering it."""
        try:
            article = self.clean(events.parse_article(raw, max_body_chars=self.settings.max_body_chars))
        except events.InvalidEvent as exc:
            article_id = _peek_id(raw)
            return await self.reject(status, exc.code, exc.reason, raw, article_id=article_id)
        except Exception as exc:  # a line that trips a bug is dead-lettered; it must not end the source
            log.exception("ingest.validation_crashed", source=status.name)
            reason = f"could not be validated: {type(exc).__name__}: {exc}"
            return await self.reject(status, "unprocessable", reason, raw, article_id=_peek_id(raw))
        if not article["body"]:
            return await self.reject(
                status,
                "empty_body",
                "body has no text once whitespace is removed",
                raw,
                article_id=article["article_id"],
            )
        return article


def _check_id(article_id: object) -> None:
    """Refuse ids with control characters: "a" and "a\\x00" are two ids that print, log and store alike."""
    if isinstance(article_id, str) and has_control_characters(article_id):
        raise events.InvalidEvent(
            "invalid_article",
            f"article_id: {article_id!r} contains control characters (NUL, ESC, line breaks...)",
        )


def _check_record_size(article: ArticleEvent) -> None:
    """Refuse an article the broker would refuse: QUOTEWIRE_MAX_BODY_CHARS counts characters, Kafka bytes.

    A character takes up to 4 bytes in UTF-8 (3 for CJK), so a body under the character limit
    can still make a record over the broker's limit; it is answered as too large here, with both
    figures, instead of being accepted and dead-lettered later.
    """
    size = len(events.dumps(article)) + _EMIT_HEADROOM
    if size > MAX_RECORD_BYTES:
        body = article.get("body")
        chars = f"{len(body):,} characters, " if isinstance(body, str) else ""
        raise events.InvalidEvent(
            "body_too_large",
            f"body has {chars}{size:,} bytes once encoded as an article event, more than the broker's limit "
            f"of {MAX_RECORD_BYTES:,} bytes for one record",
        )


def _peek_id(raw: bytes) -> str | None:
    """The article_id of a rejected record, when it has a usable one (for the dead letter's key)."""
    try:
        doc = events.loads(raw)
    except ValueError:  # orjson.JSONDecodeError
        return None
    value = doc.get("article_id") if isinstance(doc, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 512 else None
