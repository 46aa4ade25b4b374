"""Helpers for the alerting tests: statement events hand-built from the seed article's gold file.

A module of its own name (not conftest) so test modules can import it without
colliding with the other conftest.py files of the suite.

The NLP extractor is developed separately, so these tests build statement.v1 events
directly from the annotated gold statements (the same shape the pipeline emits).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from streams import events
from streams.nlp.model import Span, Speaker, Statement

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def gold_statement_events(source: str | None = "AP") -> list[dict[str, Any]]:
    """statement.v1 events for the 22 gold statements of the seed article (schema-checked)."""
    text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    gold = json.loads((FIXTURES / "seed-article.gold.json").read_text(encoding="utf-8"))
    article = events.article_from_text("seed-article", text, source=source, title="North Korean troops")
    out = []
    items = gold["statements"]
    for i, g in enumerate(items):
        sp = g["speaker"]
        statement = Statement(
            kind=g["kind"],
            content=(Span(g["content"]["start"], g["content"]["end"]),),
            cue=Span(g["cue"]["start"], g["cue"]["end"]) if g.get("cue") else None,
            speaker=Span(sp["mention"]["start"], sp["mention"]["end"]) if sp else None,
            sentence_index=i,
            confidence=0.9,
        )
        speaker = None
        if sp:
            ident = sp["name"] or " ".join(x for x in (sp["type"], sp["title"], sp["country"]) if x)
            speaker = Speaker(
                name=sp["name"], type=sp["type"], title=sp["title"], organization=sp["organization"],
                country=sp["country"], speaker_id=_slug(ident), role_source="article",
            )
        event = events.build_statement(
            article, statement, speaker, index=i, count=len(items),
            extractor_version="test", extracted_at="2024-11-06T12:00:00.000Z",
        )
        assert events.schema_errors(event) == [], events.schema_errors(event)
        out.append(event)
    return out


def statement(text: str, *, validate: bool = True, **speaker: Any) -> dict[str, Any]:
    """A minimal schema-valid statement event with ``text`` as content and the given speaker fields."""
    kind = speaker.pop("kind", "direct")
    source = speaker.pop("source", None)
    sp = None
    if speaker:
        sp = {
            "mention": {"start": 0, "end": 1, "text": "x"},
            "name": None, "speaker_id": None, "type": "person", "title": None,
            "organization": None, "country": None, "role_source": "article",
            **speaker,
        }
    event = {
        "schema": "statement.v1",
        "statement_id": "st_" + format(abs(hash((text, repr(sp)))) % (1 << 96), "024x"),
        "article_id": "a1", "article_revision": 1, "extraction_id": "ex_" + "0" * 24,
        "index": 0, "statement_count": 1, "kind": kind,
        "content": {"start": 0, "end": len(text), "text": text, "spans": [[0, len(text)]]},
        "cue": None, "speaker": sp, "sentence_index": 0, "confidence": 0.9,
        "article": {"source": source, "url": None, "title": None, "published_at": None, "language": "en"},
        "extractor_version": "test", "extracted_at": "2024-11-06T12:00:00.000Z", "trace_id": "t1",
    }
    if validate:
        assert events.schema_errors(event) == [], events.schema_errors(event)
    return event
