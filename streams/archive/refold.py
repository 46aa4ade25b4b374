"""Migration 0002 (``fold_diacritics``): recompute the folded filter columns (``*_f``) in Python.

Archives made before it folded case only ("jenča"), while alert queries also fold diacritics
("jenca"). SQL cannot fold the way ``streams.textfold`` does (SQLite's ``lower()`` is ASCII-only,
PostgreSQL's ``unaccent`` is an extension), so each backend calls ``refold`` in the migration's
transaction, right after the migration's SQL: it rewrites, page by page, every row whose folded
columns differ from what ``rows.folded_columns`` gives now.
"""
from __future__ import annotations

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


def _refold_statements(conn: Any, mark: str) -> int:
    select = (f"SELECT statement_id, {', '.join(_SOURCES)}, {', '.join(FOLDED_COLUMNS)} FROM statements "
              f"WHERE statement_id > {mark} ORDER BY statement_id LIMIT {PAGE}")
    update = (f"UPDATE statements SET {', '.join(f'{c} = {mark}' for c in FOLDED_COLUMNS)} "
              f"WHERE statement_id = {mark}")
    last, changed = "", 0
    while rows := conn.execute(select, (last,)).fetchall():
        todo = []
        for row in rows:
            now = folded_columns(*row[1:7])
            values = tuple(now[c] for c in FOLDED_COLUMNS)
            if values != tuple(row[7:]):
                todo.append((*values, row[0]))
        if todo:
            _executemany(conn, update, todo)
        changed += len(todo)
        last = rows[-1][0]
    return changed


def _refold_articles(conn: Any, mark: str) -> int:
    select = (f"SELECT article_id, source, source_f FROM articles WHERE article_id > {mark} "
              f"ORDER BY article_id LIMIT {PAGE}")
    last, changed = "", 0
    while rows := conn.execute(select, (last,)).fetchall():
        todo = [(fold(source), article_id) for article_id, source, old in rows if fold(source) != old]
        if todo:
            _executemany(conn, f"UPDATE articles SET source_f = {mark} WHERE article_id = {mark}", todo)
        changed += len(todo)
        last = rows[-1][0]
    return changed


def _fold_content(conn: Any, mark: str) -> int:
    """Fill ``content_f`` (PostgreSQL's full-text source) for statements whose content has non-ASCII text."""
    select = (f"SELECT statement_id, content, content_f FROM statements WHERE statement_id > {mark} "
              f"ORDER BY statement_id LIMIT {PAGE}")
    last, changed = "", 0
    while rows := conn.execute(select, (last,)).fetchall():
        todo = [(folded_content(content), sid) for sid, content, old in rows if folded_content(content) != old]
        if todo:
            _executemany(conn, f"UPDATE statements SET content_f = {mark} WHERE statement_id = {mark}", todo)
        changed += len(todo)
        last = rows[-1][0]
    return changed


def refold(conn: Any, mark: str, *, content: bool = False) -> int:
    """Recompute the ``*_f`` columns of every statement and article (``mark``: ``?`` or ``%s``), and
    ``content_f`` with ``content`` (PostgreSQL); returns the rows changed."""
    changed = _refold_statements(conn, mark) + _refold_articles(conn, mark)
    return changed + (_fold_content(conn, mark) if content else 0)
