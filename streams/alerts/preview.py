"""``quotewire alerts test QUERY [FILE]``: which statements of an article a query would alert on.

Writing a query is trial and error; this runs the exact matcher the alert consumer
runs over statements extracted from an article file (or given directly), and
shows each match with its reason, so a user sees what they would be notified of.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..contracts import ArticleEvent, StatementEvent

if TYPE_CHECKING:
    from ..pipeline import Pipeline
from .match import Why, match, prepare
from .query import Query, compile_query


def preview(
    query: str | Query, statements: Iterable[Mapping[str, Any]]
) -> list[tuple[Mapping[str, Any], Why]]:
    """Each statement event (statement.v1) that ``query`` matches, with why. Raises QueryError."""
    compiled = compile_query(query) if isinstance(query, str) else query
    out: list[tuple[Mapping[str, Any], Why]] = []
    for statement in statements:
        why = match(compiled, prepare(statement))
        if why is not None:
            out.append((statement, why))
    return out


def article_statements(article: ArticleEvent, pipeline: Pipeline | None = None) -> list[StatementEvent]:
    """The statement events the pipeline would produce for one article event (registry and speaker KB
    included; no speaker memory)."""
    from ..pipeline import Pipeline  # the NLP core: imported only when used
    from ..settings import get_settings

    return (pipeline or Pipeline.from_settings(get_settings())).process(article)


def file_statements(path: Path) -> list[dict[str, Any]]:
    """Statement events of an article file (.txt, .json, .ndjson) or of a statements file.

    A ``.json``/``.ndjson`` file whose objects are statement events (``schema:
    statement.v1``, e.g. the output of ``quotewire extract --jsonl``) is used as is.
    """
    from ..extract import read_article_file
    from ..pipeline import Pipeline
    from ..settings import get_settings

    pipeline: Pipeline | None = None
    out: list[dict[str, Any]] = []
    for item in read_article_file(path):
        if item.get("schema") == "statement.v1" or ("statement_id" in item and "content" in item):
            item.pop("revision", None)  # the article reader's default; statements have none
            out.append(cast(dict[str, Any], item))  # a statement event as the file holds it
        else:
            pipeline = pipeline or Pipeline.from_settings(get_settings())
            out.extend(cast(list[dict[str, Any]], article_statements(item, pipeline)))
    return out


def format_preview(results: list[tuple[Mapping[str, Any], Why]], total: int | None = None) -> str:
    """Readable lines for the CLI: one block per matching statement, and a count."""
    lines: list[str] = []
    for statement, why in results:
        sp = statement.get("speaker") or {}
        who = sp.get("name") or (sp.get("mention") or {}).get("text") or "(no speaker)"
        role = ", ".join(x for x in (sp.get("title"), sp.get("organization"), sp.get("country")) if x)
        reasons = [*why.terms, *(f"{k}:{v}" for k, v in why.fields.items())]
        lines.append(f"#{statement.get('index', '?')} {statement.get('kind', '?')} {who}"
                     + (f" ({role})" if role else ""))
        lines.append(f"    {' '.join(str((statement.get('content') or {}).get('text', '')).split())}")
        lines.append(f"    matched: {', '.join(reasons) if reasons else '(exclusions only)'}")
    count = f"{len(results)} matching statement(s)" + (f" of {total}" if total is not None else "")
    lines.append(count)
    return "\n".join(lines)
