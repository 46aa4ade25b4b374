"""Events flattened into the rows both backends store.

Both stores keep the same columns, so the mapping lives here once: UTC times, a sort
time that falls back from publication to extraction (statements) or ingestion and
archiving (articles), and case-folded copies of the filter fields so that
case-insensitive matching works for every script and does not depend on the
database's collation (SQLite's ``lower()`` only folds ASCII).
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from .. import textfold
from .store import KINDS

MIN_TIME = datetime(1, 1, 1, tzinfo=UTC)


class BadEvent(ValueError):
    """An event the archive cannot store; the message says why."""


def fold(value: str | None) -> str | None:
    """The folded form of a filter value: case and diacritics as alert queries fold them
    (``streams.textfold``: "Jenča" → "jenca"), trimmed, no NULs; empty → None."""
    if value is None:
        return None
    folded = textfold.fold(unicodedata.normalize("NFKC", value.replace("\x00", ""))).strip()
    return folded or None


def scrub(value: Any) -> Any:
    """``value`` without NUL characters in any string (PostgreSQL text and jsonb reject them).

    Only called when an event contains one (``_has_nul``, one orjson pass of a few µs).
    """
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def _has_nul(value: Any) -> bool:
    """Whether any string in ``value`` holds a NUL (orjson escapes it as ``\\u0000``: one fast pass)."""
    try:
        return b"\\u0000" in orjson.dumps(value)
    except (TypeError, orjson.JSONEncodeError):
        return True  # not plain JSON: let scrub walk it


def _without_nul(event: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
    """``event`` without NUL characters, and its JSON (None if it is not plain JSON data).

    The one orjson pass that looks for NULs also gives the JSON the store writes.
    """
    try:
        raw = orjson.dumps(event)
    except (TypeError, orjson.JSONEncodeError):
        return scrub(event), None  # not plain JSON: let scrub walk it, the store reports what fails
    if b"\\u0000" not in raw:
        return event, raw
    event = scrub(event)
    return event, orjson.dumps(event)


def parse_time(value: Any) -> datetime | None:
    """An RFC 3339 string or datetime as an aware UTC datetime (naive means UTC); None stays None.

    Raises ValueError for anything else, so callers decide whether a bad time is fatal.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("z", "Z")):
            text = text[:-1] + "+00:00"
        dt = datetime.fromisoformat(text)
    else:
        raise ValueError(f"not a time: {value!r}")
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def soft_time(value: Any) -> datetime | None:
    """``parse_time`` for optional metadata: an unparseable time is treated as missing."""
    try:
        return parse_time(value)
    except (ValueError, OverflowError):
        return None


def iso(dt: datetime | None) -> str | None:
    """Fixed-width UTC text (``2024-10-01T12:00:00.000000Z``): sorts like the time it stands for."""
    if dt is None:
        return None
    return _iso(dt)


@functools.lru_cache(maxsize=4096)
def _iso(dt: datetime) -> str:
    """``iso`` of a time, remembered: a batch's statements share a few extraction and publication times."""
    u = dt.astimezone(UTC)
    return (
        f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}Z"
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value != "" else None


MAX_ID = 512  # ids and folded filter values are index keys: PostgreSQL caps a btree entry near 2.7 kB


def _required_str(event: dict[str, Any], name: str) -> str:
    value = event.get(name)
    if not isinstance(value, str) or not value:
        raise BadEvent(f"{name} must be a non-empty string")
    if len(value) > MAX_ID:
        raise BadEvent(f"{name} is longer than {MAX_ID} characters")
    return value


def _key(value: str | None) -> str | None:
    """A folded filter value, cut to fit an index entry."""
    folded = fold(value)
    return folded[:MAX_ID] if folded else folded


MAX_INT = 2**31 - 1  # the integer columns are 32-bit in PostgreSQL


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INT:
        raise BadEvent(f"{name} must be an integer from 1 to {MAX_INT}")
    return value


@dataclass(frozen=True, slots=True)
class StatementRow:
    """One statement event as the archive stores it; ``event`` is kept whole and returned by search."""

    statement_id: str
    article_id: str
    article_revision: int
    extraction_id: str
    extractor_version: str
    extracted_at: datetime
    position: int
    kind: str
    content: str
    speaker_name: str | None
    speaker_id: str | None
    speaker_type: str | None
    speaker_title: str | None
    speaker_organization: str | None
    speaker_country: str | None
    source: str | None
    article_title: str | None
    url: str | None
    published_at: datetime | None
    confidence: float | None
    event: dict[str, Any]
    event_json: bytes | None = None  # ``event`` as JSON, when statement_row already had it

    @property
    def sort_time(self) -> datetime:
        return self.published_at or self.extracted_at

    def filter_columns(self) -> dict[str, str | None]:
        """The folded filter columns (``*_f``)."""
        return folded_columns(self.speaker_name, self.speaker_id, self.speaker_title,
                              self.speaker_organization, self.speaker_country, self.source)


def folded_content(content: str) -> str | None:
    """What PostgreSQL's full text indexes for ``content`` (``content_f``): the folded text where folding
    changes more than case ("Jenča" → "jenca"), else None (the index reads ``content`` itself)."""
    if content.isascii():
        return None
    folded = textfold.fold(content)
    return None if folded == content.lower() else folded


FOLDED_COLUMNS = ("speaker_name_f", "speaker_id_f", "speaker_title_f", "speaker_organization_f",
                  "speaker_country_f", "source_f")


def folded_columns(
    name: str | None, speaker_id: str | None, title: str | None, organization: str | None,
    country: str | None, source: str | None,
) -> dict[str, str | None]:
    """The ``*_f`` columns of a statement from its speaker name, id, title, organization, country, source."""
    return {
        "speaker_name_f": _key(name),
        "speaker_id_f": _key(speaker_id),
        "speaker_title_f": fold(title),
        "speaker_organization_f": fold(organization),
        "speaker_country_f": _key(country),
        "source_f": _key(source),
    }


def statement_row(event: Any) -> StatementRow:
    """Flatten a statement event (statement.v1); raises BadEvent when a field the archive needs is wrong.

    Only what the archive relies on is checked (ids, revision, extraction, time, kind,
    content text) — full schema validation is the producer's job and would cost more
    than the write itself.
    """
    if not isinstance(event, dict):
        raise BadEvent(f"a statement event must be an object, got {type(event).__name__}")
    event, event_json = _without_nul(event)
    statement_id = _required_str(event, "statement_id")
    article_id = _required_str(event, "article_id")
    revision = _positive_int(event.get("article_revision"), "article_revision")
    extraction_id = _required_str(event, "extraction_id")
    extractor_version = _required_str(event, "extractor_version")
    try:
        extracted_at = parse_time(event.get("extracted_at"))
    except (ValueError, OverflowError):
        extracted_at = None
    if extracted_at is None:
        raise BadEvent("extracted_at must be an RFC 3339 time")
    kind = event.get("kind")
    if kind not in KINDS:
        raise BadEvent(f"kind must be one of {', '.join(KINDS)}")
    content = event.get("content")
    if not isinstance(content, dict) or not isinstance(content.get("text"), str):
        raise BadEvent("content.text must be a string")
    speaker = event.get("speaker") if isinstance(event.get("speaker"), dict) else {}
    article = event.get("article") if isinstance(event.get("article"), dict) else {}
    position = event.get("index")
    if isinstance(position, int) and not 0 <= position <= MAX_INT:
        raise BadEvent(f"index must be an integer from 0 to {MAX_INT}")
    confidence = event.get("confidence")
    return StatementRow(
        statement_id=statement_id,
        article_id=article_id,
        article_revision=revision,
        extraction_id=extraction_id,
        extractor_version=extractor_version,
        extracted_at=extracted_at,
        position=position if isinstance(position, int) and not isinstance(position, bool) else 0,
        kind=kind,
        content=content["text"],
        speaker_name=_str(speaker.get("name")),
        speaker_id=_str(speaker.get("speaker_id")),
        speaker_type=_str(speaker.get("type")),
        speaker_title=_str(speaker.get("title")),
        speaker_organization=_str(speaker.get("organization")),
        speaker_country=_str(speaker.get("country")),
        source=_str(article.get("source")),
        article_title=_str(article.get("title")),
        url=_str(article.get("url")),
        published_at=soft_time(article.get("published_at")),
        confidence=(
            float(confidence)
            if isinstance(confidence, int | float) and not isinstance(confidence, bool)
            else None
        ),
        event=event,
        event_json=event_json,
    )


@dataclass(frozen=True, slots=True)
class ExtractionMarker:
    """"Article X was extracted as Y": the fields of a statement event that name its extraction."""

    article_id: str
    article_revision: int
    extraction_id: str
    extractor_version: str
    extracted_at: datetime


def extraction_marker(event: Any) -> ExtractionMarker:
    """The extraction a marker (or any statement event) names; raises BadEvent when a field is wrong."""
    if not isinstance(event, dict):
        raise BadEvent(f"an extraction marker must be an object, got {type(event).__name__}")
    try:
        extracted_at = parse_time(event.get("extracted_at"))
    except (ValueError, OverflowError):
        extracted_at = None
    if extracted_at is None:
        raise BadEvent("extracted_at must be an RFC 3339 time")
    return ExtractionMarker(
        article_id=_required_str(event, "article_id"),
        article_revision=_positive_int(event.get("article_revision"), "article_revision"),
        extraction_id=_required_str(event, "extraction_id"),
        extractor_version=_required_str(event, "extractor_version"),
        extracted_at=extracted_at,
    )


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """One article event as archived: the body apart, the rest of the event as ``meta``."""

    article_id: str
    revision: int
    body: str
    title: str | None
    source: str | None
    url: str | None
    author: str | None
    language: str | None
    published_at: datetime | None
    ingested_at: datetime | None
    meta: dict[str, Any]

    def sort_time(self, archived_at: datetime) -> datetime:
        return self.published_at or self.ingested_at or archived_at

    def event(self) -> dict[str, Any]:
        return {**self.meta, "revision": self.revision, "body": self.body}


def article_row(event: Any) -> ArticleRow:
    """Flatten an article event (article.v1); raises BadEvent without an id or a body."""
    if not isinstance(event, dict):
        raise BadEvent(f"an article event must be an object, got {type(event).__name__}")
    if _has_nul(event):
        event = scrub(event)
    article_id = event.get("article_id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id or len(article_id) > MAX_ID:
        raise BadEvent(f"article_id must be a non-empty string of at most {MAX_ID} characters")
    body = event.get("body")
    if not isinstance(body, str) or not body:
        raise BadEvent("body must be a non-empty string")
    revision = event.get("revision", 1)
    revision = _positive_int(1 if revision is None else revision, "revision")
    meta = {k: v for k, v in event.items() if k != "body"}
    meta["article_id"] = article_id
    meta["revision"] = revision
    return ArticleRow(
        article_id=article_id,
        revision=revision,
        body=body,
        title=_str(event.get("title")),
        source=_str(event.get("source")),
        url=_str(event.get("url")),
        author=_str(event.get("author")),
        language=_str(event.get("language")),
        published_at=soft_time(event.get("published_at")),
        ingested_at=soft_time(event.get("ingested_at")),
        meta=meta,
    )


def stats_report(backend: str, totals: tuple[Any, ...], articles: int, by_day: list[Any], by_source: list[Any],
                 by_speaker: list[Any], by_kind: dict[str, int]) -> dict[str, Any]:
    """``archive stats`` in one shape for every store, from its query results.

    ``totals`` is (statements, articles with statements, speakers, sources, first, last, unattributed);
    ``by_day`` comes newest first and is reported oldest first.
    """
    total, articles_with, speakers, sources, first, last, unattributed = totals
    return {
        "backend": backend,
        "totals": {
            "statements": total,
            "articles": articles,
            "articles_with_statements": articles_with,
            "speakers": speakers,
            "sources": sources,
            "unattributed": unattributed or 0,
            "first": iso(first) if isinstance(first, datetime) else first,
            "last": iso(last) if isinstance(last, datetime) else last,
        },
        "by_day": [{"day": d, "statements": n} for d, n in reversed(by_day)],
        "by_source": [{"source": s, "statements": n} for s, n in by_source],
        "by_speaker": [{"speaker": name, "speaker_id": sid, "statements": n} for name, sid, n in by_speaker],
        "by_kind": by_kind,
    }
