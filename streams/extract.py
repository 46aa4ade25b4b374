"""Statement and extraction events from what the NLP core found, and reading article files.

``statement_events`` builds schema-valid ``statement.v1`` events and ``extraction_event`` the split agent's
``extraction.v1``; :class:`streams.pipeline.Pipeline` runs the steps before them (extraction, resolution,
roles) for every caller. Reading article files for ``quotewire extract`` lives here too, so the CLI and the
benchmarks read files the same way.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final, cast

from . import events
from .contracts import ArticleEvent, ExtractedStatement, ExtractionEvent, Range, StatementEvent
from .nlp import EXTRACTOR_VERSION, Span, Speaker, Statement, extract_statements, resolve_speakers

EXTRACTION: Final = "extraction.v1"


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
    stamp = extracted_at or events.utcnow()
    return [
        events.build_statement(
            article,
            statement,
            speaker,
            index=i,
            count=len(found),
            extractor_version=extractor_version,
            extracted_at=stamp,
        )
        for i, (statement, speaker) in enumerate(found)
    ]


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
                yield cast(ArticleEvent, item)  # not validated yet: the commands check each article
        return
    yield events.article_from_text(path.stem, data.decode("utf-8"))


# --- the internal extraction event (split → enrich) ------------------------------------------

def _range(span: Span | None) -> Range | None:
    return [span.start, span.end] if span else None


def _span(value: Range | None) -> Span | None:
    return Span(int(value[0]), int(value[1])) if value else None


def extraction_event(
    article: ArticleEvent, statements: list[Statement], *, extracted_at: str | None = None
) -> ExtractionEvent:
    """The extraction.v1 event the split agent sends: the article and its unresolved statements."""
    found: list[ExtractedStatement] = [
        {
            "kind": s.kind,
            "content": [[c.start, c.end] for c in s.content],
            "cue": _range(s.cue),
            "speaker": _range(s.speaker),
            "sentence_index": s.sentence_index,
            "confidence": s.confidence,
        }
        for s in statements
    ]
    return {
        "schema": EXTRACTION,
        "article": article,
        "statements": found,
        "extractor_version": EXTRACTOR_VERSION,
        "extracted_at": extracted_at or events.utcnow(),
        "trace_id": article.get("trace_id"),
    }


def statements_of(extraction: ExtractionEvent) -> list[Statement]:
    """The Statement objects carried by an extraction event."""
    return [
        Statement(
            kind=s["kind"],
            content=tuple(Span(int(a), int(b)) for a, b in s["content"]),
            cue=_span(s["cue"]),
            speaker=_span(s["speaker"]),
            sentence_index=int(s["sentence_index"]),
            confidence=float(s["confidence"]),
        )
        for s in extraction["statements"]
    ]
