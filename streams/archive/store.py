"""The archive store interface: what the archive consumer, search, replay and reprocess call.

Two backends implement it (``sqlite.py``, ``postgres.py``); ``open_store`` picks one
from a URL so that callers never import a backend directly.

The API is synchronous and blocking on purpose: both drivers are blocking, and the
Faust consumer runs store calls in a worker thread (``asyncio.to_thread``). A store
object serialises its own calls with a lock, so one store per process is enough;
it is not meant to be shared across processes (open one in each).

Errors: ``StoreUnavailable`` means "the database cannot be reached or is busy right
now; nothing was committed for this call, or the commit's outcome is unknown" —
retry the same call later (every write is idempotent). Any other ``StoreError`` is
a bug or a misconfiguration and retrying will not help.
"""
from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import urlsplit

KINDS = ("direct", "mixed", "indirect")
Order = Literal["auto", "newest", "rank"]


class StoreError(Exception):
    """Something went wrong in the archive store."""


class StoreUnavailable(StoreError):
    """The database is unreachable, the connection was lost, or it is locked/busy: retry later.

    The store reconnects by itself on the next call; a write that raised this either
    committed nothing or committed in full (the commit acknowledgement was lost), so
    retrying the same batch is always safe.
    """


class NoArchive(StoreError):
    """A read-only command was pointed at a place where no archive was ever created."""


class MigrationError(StoreError):
    """The schema cannot be brought up to date (e.g. an applied migration file was edited)."""


@dataclass(frozen=True, slots=True)
class Rejected:
    """An event the store refused because it lacks what the archive needs (dead-letter it)."""

    key: str | None
    reason: str


@dataclass(slots=True)
class WriteResult:
    """What one write batch did.

    ``inserted``: new rows; ``updated``: rows already present (a redelivery or a re-run of
    the same extraction), rewritten in place; ``superseded``: events skipped because a
    newer extraction (statements) or revision (articles) is already archived;
    ``deleted``: statement rows of older extractions removed by this batch;
    ``rejected``: malformed events, not written.
    """

    inserted: int = 0
    updated: int = 0
    superseded: int = 0
    deleted: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    @property
    def written(self) -> int:
        return self.inserted + self.updated

    def as_dict(self) -> dict[str, Any]:
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "superseded": self.superseded,
            "deleted": self.deleted,
            "rejected": [{"key": r.key, "reason": r.reason} for r in self.rejected],
        }


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A search over archived statements; every filter is optional and they combine with AND.

    ``text``: words, "quoted phrases", ``-excluded`` terms and ``OR`` (see textquery.py),
    matched against the statement content with stemming. ``speaker``: a speaker id
    (exact) or part of a name; ``title`` and ``organization``: part of the speaker's
    title / organization; ``country``, ``source``: exact; all case-insensitive.
    ``kind``: one kind or several. ``since`` (inclusive) / ``until`` (exclusive) bound
    the publication time, or the extraction time when the article has none; naive
    datetimes and strings without offset are UTC. ``limit=None`` returns everything.
    ``order``: ``auto`` ranks by relevance when there is text, newest first otherwise.
    """

    text: str | None = None
    speaker: str | None = None
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    kind: str | Sequence[str] | None = None
    source: str | None = None
    since: datetime | str | None = None
    until: datetime | str | None = None
    article_id: str | None = None
    extractor_version: str | None = None
    limit: int | None = 50
    offset: int = 0
    order: Order = "auto"

    def __post_init__(self) -> None:
        for name in ("text", "speaker", "title", "organization", "country", "source", "since", "until",
                     "article_id", "extractor_version"):
            value = getattr(self, name)
            if isinstance(value, str) and not _encodable(value):
                # e.g. invalid UTF-8 on the command line, which Python decodes to lone surrogates: the
                # database driver would fail to encode it with a bare UnicodeEncodeError
                raise ValueError(f"{name}: not valid Unicode text (invalid UTF-8?): {value!r}")
        for kind in self.kinds:
            if kind not in KINDS:
                raise ValueError(f"unknown statement kind {kind!r}; expected one of {', '.join(KINDS)}")
        if self.limit is not None and self.limit < 0:
            raise ValueError("limit must be zero or more")
        if self.offset < 0:
            raise ValueError("offset must be zero or more")
        if self.order not in ("auto", "newest", "rank"):
            raise ValueError(f"unknown order {self.order!r}; expected auto, newest or rank")

    @property
    def kinds(self) -> tuple[str, ...]:
        if self.kind is None:
            return ()
        return (self.kind,) if isinstance(self.kind, str) else tuple(self.kind)

    @classmethod
    def filter_names(cls) -> frozenset[str]:
        """Field names ``count_statements`` accepts (everything but paging and order)."""
        return frozenset(f.name for f in fields(cls)) - {"limit", "offset", "order"}


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ArchiveStore(abc.ABC):
    """A durable archive of statement and article events (synchronous; see the module docstring)."""

    backend: str
    target: str  # where the archive is, for messages (no password)

    @abc.abstractmethod
    def migrate(self) -> list[int]:
        """Apply the pending schema migrations in order; returns the versions applied (idempotent)."""

    @abc.abstractmethod
    def write_statements(self, events: Sequence[Mapping[str, Any]]) -> WriteResult:
        """Archive a batch of statement events in one transaction, durable on return.

        Upsert on ``statement_id``; the archive keeps exactly one extraction per article
        (the newest by article revision, then extraction time): a newer extraction deletes
        the older one's statements, statements of an older extraction are skipped
        (``superseded``), statements of the current one accumulate across batches.
        """

    @abc.abstractmethod
    def write_articles(self, events: Sequence[dict[str, Any]]) -> WriteResult:
        """Archive article events (body and metadata), keeping the highest revision of each.

        An article whose revision is higher than that of its archived statements retires
        those statements (they describe text that no longer exists), even before the new
        revision's statements arrive — or if it has none.
        """

    @abc.abstractmethod
    def write_extractions(self, markers: Sequence[dict[str, Any]]) -> WriteResult:
        """Record extractions as current under the same rule, whether or not they have statements.

        A marker is a dict with ``article_id``, ``article_revision``, ``extraction_id``,
        ``extractor_version``, ``extracted_at`` (a statement event works too). Reprocess
        calls this for every article it re-extracts, so an article in which the new
        extractor finds nothing loses the old extractor's statements as well.
        ``inserted``/``updated``: extractions made current; ``deleted``: statements retired.
        """

    @abc.abstractmethod
    def search(self, query: SearchQuery) -> list[dict[str, Any]]:
        """Statement events matching ``query``: by rank when there is text, else newest first."""

    @abc.abstractmethod
    def count_statements(self, **filters: Any) -> int:
        """How many statements match the filters (the ``SearchQuery`` fields, text included)."""

    @abc.abstractmethod
    def stats(self, *, top: int = 20, days: int = 30) -> dict[str, Any]:
        """Totals, and counts by day (the last ``days`` with statements), source, speaker, kind."""

    @abc.abstractmethod
    def articles_since(
        self, since: datetime | str, until: datetime | str | None = None, *, page_size: int = 200
    ) -> Iterator[dict[str, Any]]:
        """Archived article events published (else ingested, else archived) at or after ``since``.

        Oldest first, fetched page by page so a long reprocess never holds a big result in memory.
        """

    @abc.abstractmethod
    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """The archived article event (highest revision), or None."""

    @abc.abstractmethod
    def exists(self) -> bool:
        """Whether the archive was ever created here (migrated at least once); creates nothing."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise ``StoreUnavailable`` unless the database answers (for a paused consumer's probe)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection; the store may not be used afterwards."""

    def _check_filters(self, filters: dict[str, Any]) -> SearchQuery:
        unknown = set(filters) - SearchQuery.filter_names()
        if unknown:
            raise TypeError(f"unknown statement filter(s): {', '.join(sorted(unknown))}")
        return SearchQuery(**filters, limit=None)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def extraction_marker(
    article: dict[str, Any], *, extractor_version: str, extracted_at: str
) -> dict[str, Any]:
    """The marker ``write_extractions`` takes for one extraction of ``article`` (ids as on its statements)."""
    from ..events import extraction_id

    revision = int(article.get("revision") or 1)
    return {
        "article_id": article["article_id"],
        "article_revision": revision,
        "extraction_id": extraction_id(article["article_id"], revision, extractor_version),
        "extractor_version": extractor_version,
        "extracted_at": extracted_at,
    }


def open_store(url: str, *, migrate: bool = False, create: bool = True) -> ArchiveStore:
    """The store for ``url``: ``sqlite:///abs/path.sqlite3`` or ``postgresql://user@host/db?...``.

    Opening does not connect (the first call does), so a worker can start while the
    database is down. ``migrate=True`` applies pending migrations right away.
    ``create=False`` (the read-only commands) raises ``NoArchive`` where no archive exists
    yet, instead of creating a file, a directory or tables: the archive worker creates them.
    """
    scheme = urlsplit(url).scheme.lower()
    store: ArchiveStore
    if scheme == "sqlite":
        from .sqlite import SQLiteStore

        store = SQLiteStore.from_url(url)
    elif scheme in ("postgresql", "postgres"):
        from .postgres import PostgresStore

        store = PostgresStore.from_url(url)
    else:
        raise StoreError(f"unsupported archive URL scheme {scheme or '(none)'!r}: use sqlite:/// or postgresql://")
    if not create and not store.exists():
        store.close()
        raise NoArchive(f"no archive exists at {store.target} (QUOTEWIRE_ARCHIVE); the archive worker "
                        "creates it: quotewire worker --role archive")
    if migrate:
        store.migrate()
    return store
