"""events.build_statements (one article's statement events at once, shared parts worked out once) gives what
build_statement gives for each statement alone, byte for byte once serialised, on invented articles."""
from __future__ import annotations

import hashlib
from typing import Any

import pytest

from streams import events
from streams.contracts import ArticleEvent
from streams.nlp.model import Span, Speaker, Statement

TEXT = ('"We will not wait," said Ana Ruiz, the mayor of Tarvel. "The bridge opens in May." '
        "Ruiz added that the council agreed. A spokesman declined to comment, according to Şenol Kaya.")


def _statements() -> list[Statement]:
    return [
        Statement("direct", (Span(1, 18), Span(53, 77)), Span(20, 24), Span(25, 33), 0, 0.91234),
        Statement("indirect", (Span(110, 134),), Span(91, 96), Span(86, 90), 1, 0.7),
        Statement("mixed", (Span(136, 147),), Span(166, 178), None, 2, 1.0),
        Statement("indirect", (Span(148, 175),), None, Span(179, 189), 2, 0.3335),
    ]


def _speakers() -> list[Speaker | None]:
    ruiz = Speaker("Ana Ruiz", "person", "mayor", None, "Tarvel", "ana-ruiz", "article", ("Ruiz",))
    linked = Speaker("Şenol Kaya", "person", "Minister", "Ministry", "TR", "q99", "kb", (), "Q99", "Şenol Kaya", 0.85)
    half = Speaker("Kaya", "person", kb_id="Q98")  # linked without a canonical name or a confidence
    return [ruiz, ruiz, linked, half]


def _edge_speakers() -> list[Speaker | None]:
    empty = Speaker("Kaya", "person", kb_id="Q98", canonical_name="", link_confidence=0.0)
    unlinked = Speaker("Kaya", "person", kb_id="", canonical_name="Kaya", link_confidence=0.5)
    return [empty, unlinked, Speaker(None, "anonymous", "official", country="US"), empty]


ARTICLES: list[dict[str, Any]] = [
    {"schema": "article.v1", "article_id": "a-1", "body": TEXT},
    {"schema": "article.v1", "article_id": "ü/2", "revision": 3, "body": TEXT, "source": "wire", "url": "u",
     "title": "t", "published_at": "2020-01-02T00:00:00Z", "language": "en", "trace_id": "abc"},
    {"schema": "article.v1", "article_id": "a-3", "revision": None, "body": TEXT, "title": None},
]


@pytest.mark.parametrize("article", ARTICLES)
@pytest.mark.parametrize("speakers", ["resolved", "none", "mixed", "edge"])
def test_build_statements_equals_build_statement_one_by_one(article: dict[str, Any], speakers: str) -> None:
    found_speakers = {"resolved": _speakers(), "none": [None] * 4, "mixed": [None, *_speakers()[1:3], None],
                      "edge": _edge_speakers()}[speakers]
    found = list(zip(_statements(), found_speakers, strict=True))
    typed: ArticleEvent = article  # type: ignore[assignment]
    got = events.build_statements(typed, found, extractor_version="9.9.9", extracted_at="2020-01-01T00:00:00.000Z")
    plain = [events.build_statement(typed, st, sp, index=i, count=len(found), extractor_version="9.9.9",
                                    extracted_at="2020-01-01T00:00:00.000Z") for i, (st, sp) in enumerate(found)]
    assert [events.dumps(e) for e in got] == [events.dumps(e) for e in plain]
    assert got[0]["statement_id"] == "st_" + events._digest(
        article["article_id"], int(article.get("revision") or 1), "9.9.9", "direct", "1-18;53-77")
    assert not events.schema_errors(got[1])


def test_statements_of_one_speaker_do_not_share_mutable_parts() -> None:
    ruiz = _speakers()[0]
    found: list[tuple[Statement, Speaker | None]] = [(st, ruiz) for st in _statements()[:2]]
    a, b = events.build_statements(ARTICLES[0], found, extractor_version="1", extracted_at="x")  # type: ignore[arg-type]
    assert a["speaker"] is not None and b["speaker"] is not None
    assert a["speaker"] is not b["speaker"] and a["article"] is not b["article"]
    a["speaker"]["name"] = "changed"
    assert b["speaker"]["name"] == "Ana Ruiz"


@pytest.mark.parametrize("data", [b"", b"a", b"x" * 55, b"x" * 56, b"x" * 64, b"y" * 1000,
                                  "st\x1f\u00fc\u2019\U0001f600".encode()])
def test_the_builtin_sha256_gives_hashlibs_digests(data: bytes) -> None:
    assert events._SHA256(data).hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_json_line_is_the_event_and_a_newline() -> None:
    found: list[tuple[Statement, Speaker | None]] = list(zip(_statements(), _speakers(), strict=False))
    for event in events.build_statements(ARTICLES[0], found, extractor_version="1", extracted_at="x"):  # type: ignore[arg-type]
        assert events.dumps_line(event) == events.dumps(event) + b"\n"
