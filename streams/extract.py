"""Statement events from what the NLP core found, and reading article files.

``statement_events`` builds schema-valid ``statement.v1`` events; :class:`streams.pipeline.Pipeline` runs
the steps before them (extraction, resolution, roles) for every caller. Reading article files for
``quotewire extract`` lives here too, so the CLI and the benchmarks read files the same way.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from . import events
from .nlp import EXTRACTOR_VERSION, Speaker, Statement, extract_statements, resolve_speakers

if TYPE_CHECKING:
    from .contracts import ArticleEvent, StatementEvent


def analyse(article: ArticleEvent, *, resolve: bool = True) -> list[tuple[Statement, Speaker | None]]:
    """Statements of one article with their in-article speaker (None without a mention or ``resolve``)."""
    text: str = article["body"]
    statements = extract_statements(text)
    speakers: list[Speaker | None] = (
        resolve_speakers(text, statements) if resolve else [None] * len(statements)
    )
    return list(zip(statements, speakers, strict=True))


def statement_events(
    article: ArticleEvent,
    found: list[tuple[Statement, Speaker | None]],
    *,
    extractor_version: str = EXTRACTOR_VERSION,
    extracted_at: str | None = None,
) -> list[StatementEvent]:
    """Statement events (statement.v1) for what ``analyse`` found in ``article``."""
    return events.build_statements(article, found, extractor_version=extractor_version,
                                   extracted_at=extracted_at or events.utcnow())


def read_article_file(path: Path) -> Iterator[ArticleEvent]:
    """Articles in a file: .txt is one article (id = stem, body = the text as read with UTF-8);
    .json is one article object or a list; .ndjson/.jsonl is one article per line."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in (".json", ".ndjson", ".jsonl"):
        if suffix == ".json":
            loaded = events.loads(data)
            items: Iterable[Any] = loaded if isinstance(loaded, list) else [loaded]
        else:
            items = (events.loads(line) for line in data.splitlines() if line.strip())
        for item in items:
            if isinstance(item, dict):
                item.setdefault("schema", events.ARTICLE)
                item.setdefault("revision", 1)
                if "article_id" not in item:
                    item["article_id"] = path.stem
                yield cast("ArticleEvent", item)  # not validated yet: the commands check each article
        return
    yield events.article_from_text(path.stem, data.decode("utf-8"))


