"""The PostgreSQL archive (``QUOTEWIRE_ARCHIVE=postgresql://...``), with psycopg 3.

One connection per store, opened on first use and reopened on the next call after it
breaks: a lost connection, a failed connect, a server shutdown, a deadlock or a
serialization failure raise ``StoreUnavailable`` and the consumer retries the batch
(writes are idempotent upserts, so a retry after an unacknowledged commit is harmless).

The URL is a libpq URL: TLS and everything else go through its parameters
(``sslmode=verify-full&sslrootcert=...&sslcert=...&sslkey=...``, ``connect_timeout``,
``options``). Two parameters are ours: ``schema=NAME`` puts the archive in that schema
(created by ``migrate()``; tests use one each), as does ``options=-csearch_path=NAME``.
Full text: a generated ``tsvector`` column (english configuration) with a GIN index.
Concurrent writers are serialised per article with transaction-scoped advisory locks,
so two consumers (e.g. during a rebalance) cannot interleave a replacement.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import Jsonb, set_json_dumps, set_json_loads

from . import textquery, writer
from .filters import filter_clauses, query_time
from .migrator import load, pending
from .refold import REFOLD_AFTER, refold
from .replacement import Extraction
from .rows import ArticleRow, StatementRow, fold, folded_content, stats_report
from .store import ArchiveStore, SearchQuery, StoreError, StoreUnavailable, WriteResult

TS_CONFIG = "english"  # must match migrations/postgres (the generated content_tsv column)
_SEARCH_PATH = re.compile(r"-c\s*search_path\s*=\s*([^\s,]+)")


def _json_dumps(value: Any) -> bytes:
    return orjson.dumps(value)


def _as_is(value: bytes) -> bytes:
    """The ``dumps`` of JSON that is already encoded (``StatementRow.event_json``)."""
    return value


def parse_url(url: str) -> tuple[str, str | None]:
    """(libpq conninfo URL, schema) for a store URL: takes out ``schema=``, adds default timeouts."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schema: str | None = None
    kept: list[tuple[str, str]] = []
    for key, value in params:
        if key == "schema":
            schema = value or None
        else:
            kept.append((key, value))
    names = {k for k, _ in kept}
    if schema is None:
        for key, value in kept:
            match = _SEARCH_PATH.search(value) if key == "options" else None
            if match:
                schema = match.group(1).strip("'\"")
    if "connect_timeout" not in names:
        kept.append(("connect_timeout", "10"))
    if "application_name" not in names:
        kept.append(("application_name", "quotewire-archive"))
    conninfo = urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(kept), parts.fragment))
    return conninfo, schema


# SQLSTATE classes worth retrying: connection exception, transaction rollback (deadlock,
# serialization), insufficient resources, object in use / lock not available, operator
# intervention (shutdown, cancel), system error. Anything else (e.g. 54 program limit
# exceeded, 22 data exception) fails the same way on every retry.
_TRANSIENT_CLASSES = frozenset({"08", "40", "53", "55", "57", "58"})


def _transient(exc: psycopg.Error) -> bool:
    """Whether retrying the same call later may succeed.

    Without a SQLSTATE the error is client-side: a failed connect or a lost connection
    is transient, a value psycopg cannot send (a ``DataError``) is not.
    """
    state = exc.sqlstate
    if state is None:
        return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
    return state[:2] in _TRANSIENT_CLASSES


def describe(conninfo: str, schema: str | None) -> str:
    """The connection target for messages, without the password."""
    try:
        info = conninfo_to_dict(conninfo)
    except psycopg.Error:
        return "postgresql://(unparseable URL)"
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    where = f" schema {schema}" if schema else ""
    return f"postgresql://{user}{info.get('host', '')}{port}/{info.get('dbname', '')}{where}"


class _Tx:
    """``writer.WriteTx`` on an open PostgreSQL transaction."""

    def __init__(self, conn: psycopg.Connection[Any], lock_salt: str) -> None:
        self.conn = conn
        self.lock_salt = lock_salt

    def lock_articles(self, article_ids: Sequence[str]) -> None:
        self.conn.execute(
            "SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(%s || a, 0) AS k "
            "FROM unnest(%s::text[]) AS a ORDER BY 1) AS locks",
            (self.lock_salt, list(article_ids)),
        )

    def current_extractions(self, article_ids: Sequence[str]) -> dict[str, Extraction]:
        rows = self.conn.execute(
            "SELECT article_id, article_revision, extracted_at, extraction_id, extractor_version "
            "FROM extractions WHERE article_id = ANY(%s)",
            (list(article_ids),),
        ).fetchall()
        return {a: Extraction(rev, at, eid, ver) for a, rev, at, eid, ver in rows}

    def save_extractions(self, items: Sequence[tuple[str, Extraction]]) -> None:
        if not items:
            return
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO extractions (article_id, article_revision, extraction_id, extractor_version, "
                "extracted_at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (article_id) DO UPDATE SET article_revision = excluded.article_revision, "
                "extraction_id = excluded.extraction_id, extractor_version = excluded.extractor_version, "
                "extracted_at = excluded.extracted_at, updated_at = now()",
                [
                    (a, e.article_revision, e.extraction_id, e.extractor_version, e.extracted_at)
                    for a, e in items
                ],
            )

    def delete_other_extractions(self, article_id: str, keep_extraction_id: str) -> int:
        cur = self.conn.execute(
            "DELETE FROM statements WHERE article_id = %s AND extraction_id <> %s",
            (article_id, keep_extraction_id),
        )
        return cur.rowcount

    def existing_statement_ids(self, statement_ids: Sequence[str]) -> set[str]:
        rows = self.conn.execute(
            "SELECT statement_id FROM statements WHERE statement_id = ANY(%s)", (list(statement_ids),)
        ).fetchall()
        return {r[0] for r in rows}

    def upsert_statements(self, rows: Sequence[StatementRow]) -> None:
        """COPY the rows into a TEMP table, then upsert them all with one ``INSERT … SELECT``.

        One statement instead of one executed ``INSERT`` per row: about 15% less CPU per
        statement for the server and 20% less for this client (README, Benchmarks).
        """
        with self.conn.cursor() as cur:
            cur.execute(_CREATE_BATCH)
            with cur.copy(_COPY_BATCH) as copy:
                for r in rows:
                    copy.write_row(self._statement(r))
            cur.execute(_MOVE_STATEMENTS)

    @staticmethod
    def _statement(r: StatementRow) -> tuple[Any, ...]:
        f = r.filter_columns()
        return (
            r.statement_id, r.article_id, r.article_revision, r.extraction_id, r.extractor_version,
            r.extracted_at, r.position, r.kind, r.content,
            r.speaker_name, r.speaker_id, r.speaker_type, r.speaker_title, r.speaker_organization,
            r.speaker_country, f["speaker_name_f"], f["speaker_id_f"], f["speaker_title_f"],
            f["speaker_organization_f"], f["speaker_country_f"], r.source, f["source_f"],
            r.article_title, r.url, r.published_at, r.sort_time, r.confidence,
            Jsonb(r.event) if r.event_json is None else Jsonb(r.event_json, dumps=_as_is),
            folded_content(r.content),
        )

    def existing_article_revisions(self, article_ids: Sequence[str]) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT article_id, revision FROM articles WHERE article_id = ANY(%s)", (list(article_ids),)
        ).fetchall()
        return dict(rows)

    def upsert_articles(self, rows: Sequence[ArticleRow]) -> None:
        if not rows:
            return
        with self.conn.cursor() as cur:
            cur.executemany(
                _UPSERT_ARTICLE,
                [
                    (
                        r.article_id, r.revision, r.title, r.source, fold(r.source), r.url, r.author,
                        r.language,
                        r.published_at, r.ingested_at, r.published_at or r.ingested_at, r.body, Jsonb(r.meta),
                    )
                    for r in rows
                ],
            )


_STATEMENT_COLUMNS = (
    "statement_id, article_id, article_revision, extraction_id, extractor_version, extracted_at, position, "
    "kind, content, speaker_name, speaker_id, speaker_type, speaker_title, speaker_organization, "
    "speaker_country, speaker_name_f, speaker_id_f, speaker_title_f, speaker_organization_f, "
    "speaker_country_f, source, source_f, article_title, url, published_at, sort_time, confidence, event, "
    "content_f"
).split(", ")
# The batch's rows, staged for one INSERT … SELECT: a TEMP table (this session's only) with the
# columns' types and no constraints, emptied at every commit (and by a rollback).
_CREATE_BATCH = (
    f"CREATE TEMP TABLE IF NOT EXISTS statements_batch ON COMMIT DELETE ROWS AS "
    f"SELECT {', '.join(_STATEMENT_COLUMNS)} FROM statements WITH NO DATA"
)
_COPY_BATCH = f"COPY statements_batch ({', '.join(_STATEMENT_COLUMNS)}) FROM STDIN"
_MOVE_STATEMENTS = (
    f"INSERT INTO statements ({', '.join(_STATEMENT_COLUMNS)}) "
    f"SELECT {', '.join(_STATEMENT_COLUMNS)} FROM statements_batch "
    "ON CONFLICT (statement_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _STATEMENT_COLUMNS if c != "statement_id")
    + " WHERE statements.event IS DISTINCT FROM excluded.event"
)
_ARTICLE_COLUMNS = (
    "article_id, revision, title, source, source_f, url, author, language, published_at, ingested_at, "
    "sort_time, body, meta"
).split(", ")
_UPSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, coalesce(%s, now()), %s, %s) "
    "ON CONFLICT (article_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _ARTICLE_COLUMNS if c not in ("article_id", "sort_time"))
    + ", sort_time = coalesce(excluded.published_at, excluded.ingested_at, articles.archived_at)"
    + " WHERE excluded.revision >= articles.revision"
)


class PostgresStore(ArchiveStore):
    """The archive in PostgreSQL (see the module docstring for URLs, reconnects and locking)."""

    backend = "postgresql"

    def __init__(self, conninfo: str, *, schema: str | None = None) -> None:
        self.conninfo = conninfo
        self.schema = schema
        self.target = describe(conninfo, schema)
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.RLock()
        self._closed = False

    @classmethod
    def from_url(cls, url: str) -> PostgresStore:
        conninfo, schema = parse_url(url)
        try:
            conninfo_to_dict(conninfo)
        except psycopg.Error as exc:
            raise StoreError(f"invalid PostgreSQL archive URL: {exc}") from None
        return cls(conninfo, schema=schema)

    def __repr__(self) -> str:
        return f"PostgresStore({self.target!r})"

    # --- connection -------------------------------------------------------------------

    def _connect(self) -> psycopg.Connection[Any]:
        conn = psycopg.connect(self.conninfo, autocommit=True)
        try:
            set_json_dumps(_json_dumps, conn)
            set_json_loads(orjson.loads, conn)
            if self.schema:
                conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
            # "Durable on return" needs the commit flushed: undo a server or role default of off/local
            # (stronger settings such as remote_apply are kept).
            row = conn.execute("SHOW synchronous_commit").fetchone()
            if row and row[0] in ("off", "local"):
                conn.execute("SET synchronous_commit = on")
        except BaseException:
            conn.close()
            raise
        return conn

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except psycopg.Error:
                pass
            self._conn = None

    @contextmanager
    def _session(self) -> Iterator[psycopg.Connection[Any]]:
        """The connection (reconnecting if needed) under the store's lock, errors mapped to store errors."""
        with self._lock:
            if self._closed:
                raise StoreError("the archive store is closed")
            try:
                if self._conn is None or self._conn.closed or self._conn.broken:
                    self._drop()
                    self._conn = self._connect()
                yield self._conn
            except psycopg.Error as exc:
                lost = self._conn is None or self._conn.closed or self._conn.broken
                if lost:
                    self._drop()
                if lost or _transient(exc):
                    raise StoreUnavailable(f"PostgreSQL archive {self.target} unavailable: {exc}") from exc
                if isinstance(exc, psycopg.errors.UndefinedTable):
                    raise StoreError(
                        f"PostgreSQL archive {self.target} is not migrated (run migrate()): {exc}"
                    ) from exc
                raise StoreError(f"PostgreSQL archive {self.target}: {exc}") from exc

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection[Any]]:
        with self._session() as conn, conn.transaction():
            yield conn

    def close(self) -> None:
        with self._lock:
            self._drop()
            self._closed = True

    def exists(self) -> bool:
        with self._session() as conn:
            row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
        return bool(row and row[0])

    def ping(self) -> None:
        with self._session() as conn:
            conn.execute("SELECT 1").fetchone()

    # --- schema -----------------------------------------------------------------------

    def migrate(self) -> list[int]:
        migrations = load("postgres")
        with self._transaction() as conn:
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (f"quotewire-archive-migrate:{self.schema or ''}",),
            )
            if self.schema and not conn.execute(
                "SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.schema,)
            ).fetchone():
                conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(self.schema)))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                "name text NOT NULL, "
                "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            applied = dict(conn.execute("SELECT version, checksum FROM schema_migrations").fetchall())
            done: list[int] = []
            for migration in pending(migrations, applied):
                conn.execute(migration.sql)
                if migration.version in REFOLD_AFTER:
                    refold(conn, "%s", content=True)
                conn.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                    (migration.version, migration.name, migration.checksum),
                )
                done.append(migration.version)
            return done

    # --- writes -----------------------------------------------------------------------

    def write_statements(self, events: Sequence[Mapping[str, Any]]) -> WriteResult:
        with self._transaction() as conn:
            return writer.write_statements(_Tx(conn, self.schema or ""), events)

    def write_articles(self, events: Sequence[dict[str, Any]]) -> WriteResult:
        with self._transaction() as conn:
            return writer.write_articles(_Tx(conn, self.schema or ""), events)

    def write_extractions(self, markers: Sequence[dict[str, Any]]) -> WriteResult:
        with self._transaction() as conn:
            return writer.write_extractions(_Tx(conn, self.schema or ""), markers)

    # --- reads ------------------------------------------------------------------------

    def _where(self, query: SearchQuery) -> tuple[str, str, list[Any], str | None] | None:
        """(WITH + FROM, WHERE, params, rank expression) for ``query``; None when nothing can match."""
        clauses, params = filter_clauses(query, "%s", lambda t: t)
        source, rank = "statements s", None
        text = textquery.parse(query.text)
        if text is not None:
            if text.matches_nothing:
                return None
            expression, text_params = textquery.tsquery_sql(text, TS_CONFIG)
            source = f"(SELECT {expression} AS q) AS tq, statements s"
            clauses.insert(0, "s.content_tsv @@ tq.q")
            params = text_params + params
            if text.any_of:
                rank = "ts_rank_cd(s.content_tsv, tq.q) DESC"
        return source, " AND ".join(clauses) or "true", params, rank

    def search(self, query: SearchQuery) -> list[dict[str, Any]]:
        where = self._where(query)
        if where is None or query.limit == 0:
            return []
        source, condition, params, rank = where
        order = "s.sort_time DESC, s.article_id, s.position"
        if rank and query.order != "newest":
            order = f"{rank}, {order}"
        statement = f"SELECT s.event FROM {source} WHERE {condition} ORDER BY {order} LIMIT %s OFFSET %s"
        with self._session() as conn:
            rows = conn.execute(statement, [*params, query.limit, query.offset]).fetchall()
        return [r[0] for r in rows]

    def count_statements(self, **filters: Any) -> int:
        where = self._where(self._check_filters(filters))
        if where is None:
            return 0
        source, condition, params, _ = where
        with self._session() as conn:
            row = conn.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params).fetchone()
        return int(row[0]) if row else 0

    def stats(self, *, top: int = 20, days: int = 30) -> dict[str, Any]:
        with self._session() as conn:
            totals = conn.execute(
                "SELECT count(*), count(DISTINCT article_id), "
                "count(DISTINCT coalesce(speaker_id_f, speaker_name_f)), "
                "count(DISTINCT source_f), min(sort_time), max(sort_time), "
                "count(*) FILTER (WHERE speaker_id IS NULL AND speaker_name IS NULL) FROM statements"
            ).fetchone()
            assert totals is not None
            articles_row = conn.execute("SELECT count(*) FROM articles").fetchone()
            by_day = conn.execute(
                "SELECT to_char(sort_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*) FROM statements "
                "GROUP BY day ORDER BY day DESC LIMIT %s",
                (days,),
            ).fetchall()
            by_source = conn.execute(
                "SELECT max(source), count(*) AS n FROM statements GROUP BY source_f "
                "ORDER BY n DESC, max(source) LIMIT %s",
                (top,),
            ).fetchall()
            by_speaker = conn.execute(
                "SELECT max(speaker_name), max(speaker_id), count(*) AS n FROM statements "
                "WHERE coalesce(speaker_id_f, speaker_name_f) IS NOT NULL "
                "GROUP BY coalesce(speaker_id_f, speaker_name_f) ORDER BY n DESC, max(speaker_name) LIMIT %s",
                (top,),
            ).fetchall()
            by_kind = dict(conn.execute("SELECT kind, count(*) FROM statements GROUP BY kind").fetchall())
        return stats_report(self.backend, totals, articles_row[0] if articles_row else 0, by_day, by_source,
                            by_speaker, by_kind)

    def articles_since(
        self, since: datetime | str, until: datetime | str | None = None, *, page_size: int = 200
    ) -> Iterator[dict[str, Any]]:
        start = query_time(since, "since")
        end = query_time(until, "until")
        base = "SELECT article_id, revision, body, meta, sort_time FROM articles WHERE sort_time >= %s"
        params: list[Any] = [start]
        if end is not None:
            base += " AND sort_time < %s"
            params.append(end)
        cursor: tuple[datetime, str] | None = None
        while True:
            statement, page_params = base, list(params)
            if cursor is not None:
                statement += " AND (sort_time, article_id) > (%s, %s)"
                page_params += [cursor[0], cursor[1]]
            statement += " ORDER BY sort_time, article_id LIMIT %s"
            with self._session() as conn:
                page = conn.execute(statement, [*page_params, page_size]).fetchall()
            for _, revision, body, meta, _ in page:
                yield {**meta, "revision": revision, "body": body}
            if len(page) < page_size:
                return
            cursor = (page[-1][4], page[-1][0])

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        with self._session() as conn:
            row = conn.execute(
                "SELECT revision, body, meta FROM articles WHERE article_id = %s", (article_id,)
            ).fetchone()
        if row is None:
            return None
        return {**row[2], "revision": row[0], "body": row[1]}


def drop_schema(url: str) -> None:
    """Drop the store's schema and everything in it (tests and benchmarks clean up with this)."""
    conninfo, schema = parse_url(url)
    if not schema:
        raise StoreError("refusing to drop: the URL names no schema")
    try:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    except psycopg.OperationalError as exc:
        raise StoreUnavailable(f"PostgreSQL unavailable: {exc}") from exc
