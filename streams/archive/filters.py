"""SQL WHERE clauses for the ``SearchQuery`` filters, shared by both backends.

Both schemas use the same column names, so only the placeholder (``?`` / ``%s``)
and the time parameter type (text / timestamptz) differ. Values are always bound
parameters; ``LIKE`` patterns escape their own wildcards.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..kb.match import kb_speaker_ids
from .rows import fold, parse_time
from .store import SearchQuery


def like_contains(value: str) -> str:
    """A LIKE pattern for "contains ``value``" (with ``ESCAPE '\\'``)."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def query_time(value: datetime | str | None, name: str) -> datetime | None:
    try:
        return parse_time(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{name}: not a date or RFC 3339 time: {value!r}") from None


def filter_clauses(
    query: SearchQuery, mark: str, time_param: Callable[[datetime], Any], alias: str = "s"
) -> tuple[list[str], list[Any]]:
    """(clauses, parameters) for every filter of ``query`` except the text."""
    clauses: list[str] = []
    params: list[Any] = []
    col = f"{alias}." if alias else ""

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql.replace("?", mark))
        params.extend(values)

    speaker = fold(query.speaker)
    if speaker:
        linked = sorted(kb_speaker_ids(query.speaker or ""))  # every alias of a KB entity: its speaker id
        also = f" OR {col}speaker_id_f IN ({', '.join('?' * len(linked))})" if linked else ""
        add(
            f"({col}speaker_id_f = ? OR {col}speaker_name_f LIKE ? ESCAPE '\\'{also})",
            speaker,
            like_contains(speaker),
            *linked,
        )
    for column, value in (("speaker_title_f", query.title), ("speaker_organization_f", query.organization)):
        folded = fold(value)
        if folded:
            add(f"{col}{column} LIKE ? ESCAPE '\\'", like_contains(folded))
    for column, value in (("speaker_country_f", query.country), ("source_f", query.source)):
        folded = fold(value)
        if folded:
            add(f"{col}{column} = ?", folded)
    if query.kinds:
        add(f"{col}kind IN ({', '.join('?' for _ in query.kinds)})", *query.kinds)
    since = query_time(query.since, "since")
    if since is not None:
        add(f"{col}sort_time >= ?", time_param(since))
    until = query_time(query.until, "until")
    if until is not None:
        add(f"{col}sort_time < ?", time_param(until))
    if query.article_id:
        add(f"{col}article_id = ?", query.article_id)
    if query.extractor_version:
        add(f"{col}extractor_version = ?", query.extractor_version)
    return clauses, params
