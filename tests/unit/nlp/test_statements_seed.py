"""The seed article, statement by statement, against its hand-annotated gold list.

Every required (non-optional) gold statement must be found with the same content
span, the same speaker mention and the same kind; the cue must overlap the gold
cue. Optional statements may be found or not. Nothing else may be reported except
the single extra accusation the annotators left out.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from streams.nlp import Statement, extract_statements

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[dict[str, Any]], list[Statement]]:
    text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    gold = json.loads((FIXTURES / "seed-article.gold.json").read_text(encoding="utf-8"))["statements"]
    return text, gold, extract_statements(text)


def _found(found: list[Statement], g: dict[str, Any]) -> Statement | None:
    start, end = g["content"]["start"], g["content"]["end"]
    return next((s for s in found if s.start == start and s.end == end), None)


def _required(gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [g for g in gold if not g["optional"]]


def test_seed_has_nineteen_required_statements(seed) -> None:
    _, gold, _ = seed
    assert len(_required(gold)) == 19


@pytest.mark.parametrize("n", range(19))
def test_required_statement_found_with_its_speaker(seed, n: int) -> None:
    text, gold, found = seed
    g = _required(gold)[n]
    st = _found(found, g)
    assert st is not None, f"missing: {g['content']['text']!r}"
    assert st.kind == g["kind"]
    mention = g["speaker"]["mention"]
    assert st.speaker is not None
    assert (st.speaker.start, st.speaker.end) == (mention["start"], mention["end"]), text[st.speaker.start:st.speaker.end]
    assert st.cue is not None and st.cue.start < g["cue"]["end"] and st.cue.end > g["cue"]["start"]


def test_nothing_else_is_reported(seed) -> None:
    text, gold, found = seed
    gold_spans = [(g["content"]["start"], g["content"]["end"]) for g in gold]
    extra = [s for s in found if not any(s.start < e and s.end > b for b, e in gold_spans)]
    # "accusing Washington and London of disinformation" is a speech act the gold leaves out
    assert [text[s.start:s.end] for s in extra] == ["Washington and London of disinformation"]


def test_statements_are_in_text_order_within_their_sentences(seed) -> None:
    _text, _, found = seed
    assert [s.start for s in found] == sorted(s.start for s in found)
    assert all(0 <= s.sentence_index < 30 for s in found)
