"""The SQLite archive: the embedded default, one file in the data directory.

WAL mode so that ``quotewire search`` in another process reads while the worker
writes. ``synchronous=FULL``: in WAL mode NORMAL survives a crash of the process but
may lose the last transactions on power loss or an OS crash — and the consumer
commits its Kafka offsets as soon as a batch returns, so a lost batch would be lost
for good. FULL costs one fsync per batch (hundreds of statements), which is cheap.
Writes take the write lock up front (``BEGIN IMMEDIATE``) so two writers never
deadlock upgrading a read lock; a busy database waits ``timeout`` seconds, then
raises ``StoreUnavailable``.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import orjson

from . import textquery, writer
from .filters import filter_clauses, query_time
from .migrator import load, pending, sqlite_statements
from .refold import REFOLD_AFTER, refold
from .replacement import Extraction
from .rows import ArticleRow, StatementRow, fold, iso, parse_time, stats_report
from .store import ArchiveStore, SearchQuery, StoreError, StoreUnavailable, WriteResult

CHUNK = 500  # ids per IN (...) list
WAL_CHECKPOINT_PAGES = 10_000  # see _connect
# Primary result codes worth retrying: BUSY, LOCKED, IOERR, FULL, CANTOPEN, PROTOCOL.
_TRANSIENT = {5, 6, 10, 13, 14, 15}


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode("utf-8")


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _marks(n: int) -> str:
    return ", ".join("?" for _ in range(n))


class _Tx:
    """``writer.WriteTx`` on an open SQLite transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.now_dt = datetime.now(UTC)
        self.now = iso(self.now_dt)

    def lock_articles(self, article_ids: Sequence[str]) -> None:
        """Nothing to do: ``BEGIN IMMEDIATE`` already holds the database's write lock."""

    def current_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]:
        found: dict[str, Extraction] = {}
        for chunk in _chunks(article_ids):
            for article_id, revision, extracted_at, extraction_id, version in self.conn.execute(
                "SELECT article_id, article_revision, extracted_at, extraction_id, extractor_version "
                f"FROM extractions WHERE article_id IN ({_marks(len(chunk))})",
                chunk,
            ):
                found[article_id] = Extraction(revision, parse_time(extracted_at), extraction_id, version)  # type: ignore[arg-type]
        return found

    def save_extractions(self, items: Sequence[tuple[str, Extraction]]) -> None:
        self.conn.executemany(
            "INSERT INTO extractions (article_id, article_revision, extraction_id, extractor_version, "
            "extracted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET article_revision = excluded.article_revision, "
            "extraction_id = excluded.extraction_id, extractor_version = excluded.extractor_version, "
            "extracted_at = excluded.extracted_at, updated_at = excluded.updated_at",
            [
                (a, e.article_revision, e.extraction_id, e.extractor_version, iso(e.extracted_at), self.now)
                for a, e in items
            ],
        )

    def delete_other_extractions(self, article_id: str, keep_extraction_id: str) -> int:
        return self.conn.execute(
            "DELETE FROM statements WHERE article_id = ? AND extraction_id <> ?",
            (article_id, keep_extraction_id),
        ).rowcount

    def existing_statement_ids(self, statement_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(statement_ids):
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT statement_id FROM statements WHERE statement_id IN ({_marks(len(chunk))})", chunk
                )
            )
        return found

    def upsert_statements(self, rows: Sequence[StatementRow]) -> None:
        """Stage the rows in a TEMP table, then upsert them all with one ``INSERT … SELECT``.

        FTS5 flushes its pending terms into a new index segment at the end of every statement
        that wrote to it, so one ``INSERT`` per row (``executemany``) made one segment per
        statement, each merged again later. One statement makes one segment per batch, and cost
        about a third less CPU per statement (see the README's Benchmarks). The triggers still keep
        the index in step with the table, for this writer and any other.
        """
        self.conn.execute(_CREATE_BATCH)
        self.conn.executemany(_STAGE_STATEMENT, [self._statement(r) for r in rows])
        self.conn.execute(_MOVE_STATEMENTS)
        self.conn.execute(_CLEAR_BATCH)

    def _statement(self, r: StatementRow) -> tuple[Any, ...]:
        f = r.filter_columns()
        return (
            r.statement_id, r.article_id, r.article_revision, r.extraction_id, r.extractor_version,
            iso(r.extracted_at), r.position, r.kind, r.content,
            r.speaker_name, r.speaker_id, r.speaker_type, r.speaker_title, r.speaker_organization,
            r.speaker_country, f["speaker_name_f"], f["speaker_id_f"], f["speaker_title_f"],
            f["speaker_organization_f"], f["speaker_country_f"], r.source, f["source_f"],
            r.article_title, r.url, iso(r.published_at), iso(r.sort_time), r.confidence,
            r.event_json.decode("utf-8") if r.event_json is not None else _dumps(r.event), self.now,
        )

    def existing_article_revisions(self, article_ids: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(article_ids):
            found.update(
                self.conn.execute(
                    f"SELECT article_id, revision FROM articles WHERE article_id IN ({_marks(len(chunk))})",
                    chunk,
                ).fetchall()
            )
        return found

    def upsert_articles(self, rows: Sequence[ArticleRow]) -> None:
        self.conn.executemany(
            _UPSERT_ARTICLE,
            [
                (
                    r.article_id, r.revision, r.title, r.source, fold(r.source), r.url, r.author, r.language,
                    iso(r.published_at), iso(r.ingested_at), iso(r.sort_time(self.now_dt)),
                    r.body, _dumps(r.meta), self.now,
                )
                for r in rows
            ],
        )


_STATEMENT_COLUMNS = (
    "statement_id, article_id, article_revision, extraction_id, extractor_version, extracted_at, position, "
    "kind, content, speaker_name, speaker_id, speaker_type, speaker_title, speaker_organization, "
    "speaker_country, speaker_name_f, speaker_id_f, speaker_title_f, speaker_organization_f, "
    "speaker_country_f, source, source_f, article_title, url, published_at, sort_time, confidence, event, "
    "archived_at"
)
_UPDATE_STATEMENT = ", ".join(
    f"{c} = excluded.{c}" for c in _STATEMENT_COLUMNS.split(", ") if c not in ("statement_id", "archived_at")
)
# The batch's rows, staged for one INSERT … SELECT (a TEMP table: this connection's only, in memory,
# rolled back with the transaction). Its columns have no type, so the values keep theirs until
# they reach ``statements`` and get its column affinities, as a direct INSERT would give them.
_CREATE_BATCH = f"CREATE TEMP TABLE IF NOT EXISTS statements_batch ({_STATEMENT_COLUMNS})"
_STAGE_STATEMENT = (
    f"INSERT INTO temp.statements_batch ({_STATEMENT_COLUMNS}) "
    f"VALUES ({_marks(len(_STATEMENT_COLUMNS.split(', ')))})"
)
# "WHERE true": SQLite's parser needs it between a SELECT and an upsert clause.
_MOVE_STATEMENTS = (
    f"INSERT INTO statements ({_STATEMENT_COLUMNS}) "
    f"SELECT {_STATEMENT_COLUMNS} FROM temp.statements_batch WHERE true ORDER BY rowid "
    f"ON CONFLICT (statement_id) DO UPDATE SET {_UPDATE_STATEMENT} "
    "WHERE statements.event IS NOT excluded.event"
)
_CLEAR_BATCH = "DELETE FROM temp.statements_batch"
_ARTICLE_COLUMNS = (
    "article_id, revision, title, source, source_f, url, author, language, published_at, ingested_at, "
    "sort_time, body, meta, archived_at"
)
_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({_marks(len(_ARTICLE_COLUMNS.split(', ')))}) "
    "ON CONFLICT (article_id) DO UPDATE SET "
    + ", ".join(
        f"{c} = excluded.{c}"
        for c in _ARTICLE_COLUMNS.split(", ")
        if c not in ("article_id", "archived_at", "sort_time")
    )
    + ", sort_time = coalesce(excluded.published_at, excluded.ingested_at, articles.archived_at)"
    + " WHERE excluded.revision >= articles.revision"
)


class SQLiteStore(ArchiveStore):
    """The archive in one SQLite file (see the module docstring for durability and locking)."""

    backend = "sqlite"

    def __init__(self, path: Path | str, *, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.target = str(self.path)
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._closed = False

    @classmethod
    def from_url(cls, url: str) -> SQLiteStore:
        """``sqlite:///abs/path`` (also ``sqlite:////abs/path``); ``?timeout=S`` sets the busy wait."""
        parts = urlsplit(url)
        if parts.netloc or not parts.path.startswith("/"):
            raise StoreError(f"SQLite archive URL must be sqlite:///absolute/path, got {url!r}")
        path = "/" + unquote(parts.path).lstrip("/")
        timeout = parse_qs(parts.query).get("timeout", ["30"])[-1]
        return cls(Path(path), timeout=float(timeout))

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    # --- connection -------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        try:
            self.journal_mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA temp_store=MEMORY")  # the staged batch (upsert_statements)
            # 64 MiB page cache: index and FTS updates of a 500-statement batch stay in memory
            # (the 2 MiB default made writes ~1.5x slower once the file outgrew it).
            conn.execute("PRAGMA cache_size=-65536")
            # After a checkpoint, truncate the WAL back to 64 MiB rather than keep its peak size.
            conn.execute("PRAGMA journal_size_limit=67108864")
            # Checkpoint when the WAL holds 10,000 pages (40 MiB, under that limit) rather than 1,000: a
            # batch of 500 statements writes about that many index pages, so the default checkpointed
            # after every batch and copied a page rewritten by the next batches once per batch. The WAL
            # is fsynced at every commit either way (synchronous=FULL), so durability is the same;
            # about 10% less CPU per statement on an archive of 200,000 statements.
            conn.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def _session(self) -> Iterator[sqlite3.Connection]:
        """The connection, under the store's lock, with sqlite errors mapped to store errors."""
        with self._lock:
            if self._closed:
                raise StoreError("the archive store is closed")
            try:
                if self._conn is None:
                    self._conn = self._connect()
                yield self._conn
            except sqlite3.Error as exc:
                code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
                if code in _TRANSIENT:
                    self._drop()
                    raise StoreUnavailable(f"SQLite archive {self.path} unavailable: {exc}") from exc
                if "no such table" in str(exc):
                    raise StoreError(f"SQLite archive {self.path} is not migrated "
                                 f"(run migrate()): {exc}") from exc
                raise StoreError(f"SQLite archive {self.path}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding the write lock from the start; durable when the block ends."""
        with self._session() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            self._conn = None

    def close(self) -> None:
        with self._lock:
            self._drop()
            self._closed = True

    def exists(self) -> bool:
        return self.path.is_file()

    def ping(self) -> None:
        with self._session() as conn:
            conn.execute("SELECT 1").fetchone()

    # --- schema -----------------------------------------------------------------------

    def migrate(self) -> list[int]:
        migrations = load("sqlite")
        applied_now: list[int] = []
        with self._session() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "name TEXT NOT NULL, "
                "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)"
            )
        for migration in migrations:
            with self._transaction() as conn:
                applied = dict(conn.execute("SELECT version, checksum FROM schema_migrations").fetchall())
                if migration not in pending([migration], applied):
                    continue
                for statement in sqlite_statements(migration.sql):
                    conn.execute(statement)
                if migration.version in REFOLD_AFTER:
                    refold(conn, "?")
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                    (migration.version, migration.name, migration.checksum, iso(datetime.now(UTC))),
                )
                applied_now.append(migration.version)
        return applied_now

    # --- writes -----------------------------------------------------------------------

    def write_statements(self, events: Sequence[Mapping[str, Any]]) -> WriteResult:
        with self._transaction() as conn:
            return writer.write_statements(_Tx(conn), events)

    def write_articles(self, events: Sequence[dict[str, Any]]) -> WriteResult:
        with self._transaction() as conn:
            return writer.write_articles(_Tx(conn), events)

    def write_extractions(self, markers: Sequence[dict[str, Any]]) -> WriteResult:
        with self._transaction() as conn:
            return writer.write_extractions(_Tx(conn), markers)

    # --- reads ------------------------------------------------------------------------

    def _where(self, query: SearchQuery) -> tuple[str, str, list[Any], str | None] | None:
        """(FROM, WHERE, params, rank column) for ``query``; None when it cannot match anything."""
        clauses, params = filter_clauses(query, "?", iso)
        source, rank = "statements s", None
        text = textquery.parse(query.text)
        if text is not None:
            if text.matches_nothing:
                return None
            positive, negative = textquery.fts5(text)
            if positive:
                source = "statements_fts JOIN statements s ON s.id = statements_fts.rowid"
                clauses.insert(0, "statements_fts MATCH ?")
                params.insert(0, positive)
                rank = "statements_fts.rank"
            if negative:
                clauses.append("s.id NOT IN (SELECT rowid FROM statements_fts WHERE statements_fts MATCH ?)")
                params.append(negative)
        return source, " AND ".join(clauses) or "1", params, rank

    def search(self, query: SearchQuery) -> list[dict[str, Any]]:
        where = self._where(query)
        if where is None or query.limit == 0:
            return []
        source, condition, params, rank = where
        order = "s.sort_time DESC, s.article_id, s.position"
        if rank and query.order != "newest":
            order = f"{rank}, {order}"
        sql = f"SELECT s.event FROM {source} WHERE {condition} ORDER BY {order} LIMIT ? OFFSET ?"
        with self._session() as conn:
            rows = conn.execute(sql, [*params, -1 if query.limit is None else query.limit, query.offset])
            return [orjson.loads(r[0]) for r in rows]

    def count_statements(self, **filters: Any) -> int:
        where = self._where(self._check_filters(filters))
        if where is None:
            return 0
        source, condition, params, _ = where
        with self._session() as conn:
            return int(conn.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params).fetchone()[0])

    def stats(self, *, top: int = 20, days: int = 30) -> dict[str, Any]:
        with self._session() as conn:
            totals = conn.execute(
                "SELECT count(*), count(DISTINCT article_id), "
                "count(DISTINCT coalesce(speaker_id_f, speaker_name_f)), "
                "count(DISTINCT source_f), min(sort_time), max(sort_time), "
                "sum(CASE WHEN speaker_id IS NULL AND speaker_name IS NULL THEN 1 ELSE 0 END) FROM statements"
            ).fetchone()
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            by_day = conn.execute(
                "SELECT substr(sort_time, 1, 10) AS day, count(*) FROM statements GROUP BY day "
                "ORDER BY day DESC LIMIT ?",
                (days,),
            ).fetchall()
            by_source = conn.execute(
                "SELECT max(source), count(*) AS n FROM statements GROUP BY source_f "
                "ORDER BY n DESC, max(source) LIMIT ?",
                (top,),
            ).fetchall()
            by_speaker = conn.execute(
                "SELECT max(speaker_name), max(speaker_id), count(*) AS n FROM statements "
                "WHERE coalesce(speaker_id_f, speaker_name_f) IS NOT NULL "
                "GROUP BY coalesce(speaker_id_f, speaker_name_f) ORDER BY n DESC, max(speaker_name) LIMIT ?",
                (top,),
            ).fetchall()
            by_kind = dict(conn.execute("SELECT kind, count(*) FROM statements GROUP BY kind").fetchall())
        return stats_report(self.backend, totals, articles, by_day, by_source, by_speaker, by_kind)

    def articles_since(
        self, since: datetime | str, until: datetime | str | None = None, *, page_size: int = 200
    ) -> Iterator[dict[str, Any]]:
        start = query_time(since, "since")
        end = query_time(until, "until")
        base = "SELECT article_id, revision, body, meta, sort_time FROM articles WHERE sort_time >= ?"
        params: list[Any] = [iso(start)]
        if end is not None:
            base += " AND sort_time < ?"
            params.append(iso(end))
        cursor: tuple[str, str] | None = None
        while True:
            sql, page_params = base, list(params)
            if cursor is not None:
                sql += " AND (sort_time > ? OR (sort_time = ? AND article_id > ?))"
                page_params += [cursor[0], cursor[0], cursor[1]]
            sql += " ORDER BY sort_time, article_id LIMIT ?"
            with self._session() as conn:
                page = conn.execute(sql, [*page_params, page_size]).fetchall()
            for _, revision, body, meta, _ in page:
                yield {**orjson.loads(meta), "revision": revision, "body": body}
            if len(page) < page_size:
                return
            cursor = (page[-1][4], page[-1][0])

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        with self._session() as conn:
            row = conn.execute(
                "SELECT revision, body, meta FROM articles WHERE article_id = ?", (article_id,)
            ).fetchone()
        if row is None:
            return None
        return {**orjson.loads(row[2]), "revision": row[0], "body": row[1]}
