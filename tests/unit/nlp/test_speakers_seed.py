"""The seed article's full speaker table: every gold mention resolved as expected.

Fed with the gold mention spans (tests/fixtures/seed-article.gold.json), so this
checks resolution alone, independent of the extractor. Name, type and country must
match exactly; titles must match the way the project's scorer compares them (the
same role noun phrase: token F1 >= 0.5, so "Minister" for "Defense Minister").
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from streams.nlp.model import Span, Statement
from streams.nlp.speakers import resolve

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def _words(s: str | None) -> set[str]:
    return set(re.sub(r"[^\w\s]", " ", (s or "").lower()).split()) - {"the", "a", "an"}


def same_title(pred: str | None, gold: str | None) -> bool:
    if gold is None:
        return pred is None
    p, g = _words(pred), _words(gold)
    inter = len(p & g)
    return bool(inter) and 2 * inter / (len(p) + len(g)) >= 0.5


@pytest.fixture(scope="module")
def resolved() -> list[tuple[dict, object]]:
    gold = json.loads((FIXTURES / "seed-article.gold.json").read_text(encoding="utf-8"))
    text = (FIXTURES / "seed-article.txt").read_text(encoding="utf-8")
    rows = [s for s in gold["statements"] if s["speaker"]]
    sts = [
        Statement(s["kind"], (Span(s["content"]["start"], s["content"]["end"]),), None,
                  Span(s["speaker"]["mention"]["start"], s["speaker"]["mention"]["end"]), 0, 1.0)
        for s in rows
    ]
    return list(zip([r["speaker"] for r in rows], resolve(text, sts), strict=True))


def test_every_seed_speaker_is_resolved(resolved) -> None:
    assert len(resolved) == 22
    wrong = []
    for gold, sp in resolved:
        got = (sp.name, sp.type, sp.country) if sp else None
        want = (gold["name"], gold["type"], gold["country"])
        if got != want or not same_title(sp.title, gold["title"]):
            wrong.append((gold["mention"]["text"], want, gold["title"], got, sp.title if sp else None))
    assert not wrong, wrong


def test_seed_ids_are_stable_and_shared_by_all_mentions(resolved) -> None:
    ids: dict[str, set[str]] = {}
    for gold, sp in resolved:
        ids.setdefault(gold["name"] or f"anon:{gold['mention']['text']}", set()).add(sp.speaker_id)
    assert ids["Lloyd Austin"] == {"person:lloyd-austin"}
    assert ids["Robert Wood"] == {"person:robert-wood"}
    assert ids["Kim Jong-hyun"] == {"person:kim-jong-hyun"}
    assert ids["Washington"] == {"org:united-states/government"}
    assert ids["Pentagon"] == {"org:united-states/pentagon"}
    assert ids["Pyongyang"] == {"org:north-korea/government"}
    assert ids["anon:A Ukrainian official"] == {"anonymous:official/ukraine"}
    assert ids["anon:North Korea's deputy foreign minister"] == {
        "anonymous:deputy-foreign-minister/north-korea"}


def test_seed_roles_come_from_the_article(resolved) -> None:
    for gold, sp in resolved:
        if gold["title"] or gold["country"]:
            assert sp.role_source == "article", gold["mention"]["text"]
