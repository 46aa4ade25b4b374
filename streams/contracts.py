"""The wire in one place: a ``TypedDict`` per event schema in ``schemas/``, and the Kafka header names.

Each ``TypedDict`` mirrors one JSON Schema file (``schemas/<name>.v1.json``): required properties are plain
keys, optional ones are ``NotRequired``. The schemas stay the contract that outside consumers read and that
the input boundary validates; these types let mypy check the code that builds and reads the events.
``tests/unit/test_contracts.py`` keeps the two in step (same keys, same required set).
"""

from typing import Literal, NotRequired, TypedDict

# Kafka record headers. Values are UTF-8 bytes.
TRACE_HEADER = "trace_id"
"""Follows one article from ingest to alert; the same value as the events' ``trace_id`` field."""
ARTICLE_TS_HEADER = "qw-article-ts"
"""Milliseconds timestamp of the article on the articles topic, for the latency metrics."""
BACKFILL_HEADER = "qw-backfill"
"""Set on statements re-derived by ``quotewire reprocess``: archived, never alerted."""

StatementKind = Literal["direct", "mixed", "indirect"]
SpeakerType = Literal["person", "organization", "group", "anonymous"]
RoleSource = Literal["article", "memory", "registry", "kb"]


class ArticleEvent(TypedDict):
    """``article.v1``: one article as ingested."""

    schema: Literal["article.v1"]
    article_id: str
    body: str
    revision: NotRequired[int]
    title: NotRequired[str | None]
    source: NotRequired[str | None]
    url: NotRequired[str | None]
    author: NotRequired[str | None]
    language: NotRequired[str | None]
    published_at: NotRequired[str | None]
    ingested_at: NotRequired[str | None]
    trace_id: NotRequired[str | None]


class TextSpan(TypedDict):
    """A range with its text (``statement.v1``'s ``span``)."""

    start: int
    end: int
    text: str


class Content(TypedDict):
    """A statement's content: its text and one range per piece when a quote is split around its cue."""

    start: int
    end: int
    text: str
    spans: list[list[int]]


class Speaker(TypedDict):
    """The resolved speaker of a statement."""

    mention: TextSpan
    name: str | None
    speaker_id: str | None
    type: SpeakerType
    title: str | None
    organization: str | None
    country: str | None
    role_source: RoleSource | None
    kb_id: NotRequired[str]
    """The speaker knowledge base's entity (a Wikidata QID where the source has one); absent when not linked."""
    canonical_name: NotRequired[str]
    link_confidence: NotRequired[float]


class ArticleRef(TypedDict):
    """The article fields a statement carries along."""

    source: str | None
    url: str | None
    title: str | None
    published_at: str | None
    language: NotRequired[str | None]


class StatementEvent(TypedDict):
    """``statement.v1``: one attributed statement, enriched with its speaker."""

    schema: Literal["statement.v1"]
    statement_id: str
    article_id: str
    article_revision: int
    extraction_id: str
    index: int
    statement_count: NotRequired[int]
    kind: StatementKind
    content: Content
    cue: TextSpan | None
    speaker: Speaker | None
    sentence_index: int
    confidence: float
    article: ArticleRef
    extractor_version: str
    extracted_at: str
    trace_id: NotRequired[str | None]


class StatementBatchEvent(TypedDict):
    """``statement-batch.v1``: the statement events of one extraction of one article, in one record (or in
    ``parts`` records when one would be too large; only part 0 carries the article)."""

    schema: Literal["statement-batch.v1"]
    article_id: str
    article: ArticleEvent | None
    extractor_version: str
    extracted_at: str
    statements: list[StatementEvent]
    part: int
    parts: int
    trace_id: NotRequired[str | None]


class Matched(TypedDict):
    """What of a subscription's query matched a statement."""

    query: str
    terms: list[str]
    fields: dict[str, str]


class AlertEvent(TypedDict):
    """``alert.v1``: a statement that matched a subscription."""

    schema: Literal["alert.v1"]
    alert_id: str
    subscription_id: str
    statement: StatementEvent
    matched: Matched
    created_at: str
    digest: NotRequired[list[StatementEvent]]
    trace_id: NotRequired[str | None]


Stage = Literal["publish", "ingest", "split", "enrich", "alerts", "webhook", "archive"]


class DeadLetterEvent(TypedDict):
    """``deadletter.v1``: input that could not be processed, with the reason and the original bytes."""

    schema: Literal["deadletter.v1"]
    stage: Stage
    reason: str
    error: str
    original: str
    failed_at: str
    original_truncated: NotRequired[bool]
    original_size: NotRequired[int]
    source_topic: NotRequired[str | None]
    partition: NotRequired[int | None]
    offset: NotRequired[int | None]
    article_id: NotRequired[str | None]
    statement_id: NotRequired[str | None]
    subscription_id: NotRequired[str | None]
    attempts: NotRequired[int | None]
    trace_id: NotRequired[str | None]
