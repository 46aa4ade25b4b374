"""Migration 0002 (``fold_diacritics``): recompute the folded filter columns (``*_f``) in Python.

Archives made before it folded case only ("jenča"), while alert queries also fold diacritics
("jenca"). SQL cannot fold the way ``streams.textfold`` does (SQLite's ``lower()`` is ASCII-only,
PostgreSQL's ``unaccent`` is an extension), so each backend calls ``refold`` in the migration's
transaction, right after the migration's SQL: it rewrites, page by page, every row whose folded
columns differ from what ``rows.folded_columns`` gives now.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .rows import FOLDED_COLUMNS, fold, folded_columns, folded_content

REFOLD_AFTER = frozenset({2})  # migration versions after which the folded columns are recomputed
PAGE = 1000

_SOURCES = ("speaker_name", "speaker_id", "speaker_title", "speaker_organization", "speaker_country", "source")


def _executemany(conn: Any, sql: str, rows: list[tuple[Any, ...]]) -> None:
    cursor = conn.cursor()  # sqlite3's cursor is no context manager
    try:
        cursor.executemany(sql, rows)
    finally:
        cursor.close()


Row = tuple[Any, ...]


def _rewrite_pages(conn: Any, mark: str, table: str, key: str, read: str, write: str,
                   changes: Callable[[Row], Row | None]) -> int:
    """Page through ``table`` by ``key`` reading ``read`` (key first); for each row ``changes`` gives the
    values of ``write`` (the SET clause) followed by the key, or None when the row is already right."""
    select = f"SELECT {key}, {read} FROM {table} WHERE {key} > {mark} ORDER BY {key} LIMIT {PAGE}"
    update = f"UPDATE {table} SET {write} WHERE {key} = {mark}"
    last, changed = "", 0
    while rows := conn.execute(select, (last,)).fetchall():
        todo = [change for row in rows if (change := changes(row)) is not None]
        if todo:
            _executemany(conn, update, todo)
        changed += len(todo)
        last = rows[-1][0]
    return changed


def _statement_columns(row: Row) -> Row | None:
    now = folded_columns(*row[1:7])
    values = tuple(now[c] for c in FOLDED_COLUMNS)
    return None if values == tuple(row[7:]) else (*values, row[0])


def _refold_statements(conn: Any, mark: str) -> int:
    return _rewrite_pages(conn, mark, "statements", "statement_id", ", ".join((*_SOURCES, *FOLDED_COLUMNS)),
                          ", ".join(f"{c} = {mark}" for c in FOLDED_COLUMNS), _statement_columns)


def _refold_articles(conn: Any, mark: str) -> int:
    def change(row: Row) -> Row | None:
        article_id, source, old = row
        return None if fold(source) == old else (fold(source), article_id)

    return _rewrite_pages(conn, mark, "articles", "article_id", "source, source_f", f"source_f = {mark}", change)


def _fold_content(conn: Any, mark: str) -> int:
    """Fill ``content_f`` (PostgreSQL's full-text source) for statements whose content has non-ASCII text."""
    def change(row: Row) -> Row | None:
        sid, content, old = row
        folded = folded_content(content)
        return None if folded == old else (folded, sid)

    return _rewrite_pages(conn, mark, "statements", "statement_id", "content, content_f", f"content_f = {mark}",
                          change)


def refold(conn: Any, mark: str, *, content: bool = False) -> int:
    """Recompute the ``*_f`` columns of every statement and article (``mark``: ``?`` or ``%s``), and
    ``content_f`` with ``content`` (PostgreSQL); returns the rows changed."""
    changed = _refold_statements(conn, mark) + _refold_articles(conn, mark)
    return changed + (_fold_content(conn, mark) if content else 0)
