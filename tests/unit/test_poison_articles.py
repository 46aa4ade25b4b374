"""One poison article must not stall the pipeline (issue 19, item 2).

Extraction once scanned a whole sentence for each cue in it: about 100 KB of "X warned, "
in sentences of 19,000 characters took 9 s, and a 988 KB article over a minute, while the
worker answered no health check. No article may now cost more than ``BUDGET`` times the
seed article per KB (extraction plus speaker resolution), whatever its shape: many cues,
quotations, names or relative pronouns in one sentence, long tokens, no punctuation, nested
quotation marks. Times are CPU time of this thread, as ratios to the seed article measured
in the same test (``tests/cpu_time.py``).
"""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from streams.nlp import extract_statements, resolve_speakers
from tests.conftest import SEED_TEXT
from tests.cpu_time import best_cpu

BUDGET = 20
"""Most CPU per KB an article may cost, in seed articles per KB. The seed article costs about 1.6
times the average train article per KB; after the fix the worst shape found costs about 5 seed
articles per KB, the poison of the issue 10 to 170 before it."""

ARTICLE_CHARS = 40_000


def _analyse(text: str) -> None:
    resolve_speakers(text, extract_statements(text))


@pytest.fixture(scope="module")
def seed_per_kb() -> float:
    """CPU seconds per KB of extracting and resolving the seed article (a real news article)."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    _analyse(text)
    return best_cpu(lambda: _analyse(text), 7) / (len(text) / 1000)


def _per_kb(text: str) -> float:
    _analyse(text[:2000])  # warm caches
    return best_cpu(lambda: _analyse(text), 2) / (len(text) / 1000)


def _sentences(unit: str, sentence_chars: int, total: int = ARTICLE_CHARS) -> str:
    """``unit`` repeated into sentences of ``sentence_chars``, repeated to ``total`` characters."""
    sentence = (unit * (sentence_chars // len(unit) + 1))[:sentence_chars].rstrip(", ") + ". "
    return sentence * max(1, total // len(sentence))


def _spread(unit: str, cues: int, sentence_chars: int, total: int = ARTICLE_CHARS) -> str:
    """Sentences of ``sentence_chars`` holding ``unit`` ``cues`` times, spread out by filler words."""
    gap = max(0, sentence_chars // cues - len(unit))
    piece = unit + ("the talks " * (gap // 10 + 1))[:gap]
    sentence = (piece * cues).rstrip(", ") + ". "
    return sentence * max(1, total // len(sentence))


UNITS = {
    "cue and comma": "X warned, ",
    "quotation, cue, name": '"We act" said Lopez ',
    "two cues": "Ana said Lopez said ",
    "abbreviated names": "Mr. Lopez said ",
    "relative pronouns": "Lopez, who said ",
    "relative clauses": "Lopez, who warned, ",
    "appositions": "Lopez, a senior official, said ",
    "quotations in a sentence": '"Yes," he said, ',
    "curly quotations": "“We act,” he said, ",
    "colon quotations": 'He said: "We act." ',
    "possessive speech nouns": "Lopez's remarks ",
    "capitalised cue words": "Said Warned ",
    "names": "Maria Lopez ",
    "no punctuation": "the minister said that the talks ",
    "long tokens": "a" * 1000 + " said ",
    "nested quotation marks": '"‘“',
}


@pytest.mark.parametrize("sentence_chars", [1_000, 19_000])
@pytest.mark.parametrize("unit", list(UNITS.values()), ids=list(UNITS))
def test_no_sentence_shape_costs_more_than_the_budget(seed_per_kb: float, unit: str,
                                                      sentence_chars: int) -> None:
    """Before the fix: "cue and comma" cost 10x the seed per KB at 1,000 characters a sentence and
    60-170x at 19,000 (linear in the sentence length), "relative pronouns" 580x in resolution."""
    for text in (_sentences(unit, sentence_chars), _spread(unit, 32, sentence_chars)):
        ratio = _per_kb(text) / seed_per_kb
        assert ratio <= BUDGET, f"{ratio:.1f}x the seed article's CPU per KB"


def test_a_988_kb_article_of_cues_takes_about_as_long_per_kb_as_a_small_one(seed_per_kb: float) -> None:
    """The issue's 988 KB file (73 s, 1.24 GB before): the same shape at 40 KB and 988 KB, each
    within the budget per KB."""
    big = _sentences("X warned, ", 19_000, 988_000)
    ratio = best_cpu(lambda: _analyse(big), 1) / (len(big) / 1000) / seed_per_kb
    assert ratio <= BUDGET, f"{ratio:.1f}x the seed article's CPU per KB"


FRAGMENTS = [
    "said", "warned", "told reporters", "according to", "added", "saying", "asked", "reportedly", "claimed that",
    "his remarks", "Lopez's statement", "Maria Lopez", "Lopez", "Mr. Ruiz", "Sen. Ana Ruiz (D-Ore.)", "the minister",
    "officials", "he", "they", "who", "which", "the talks", "could fail", "and", "that", "on Tuesday", "in Kursk",
    ",", ":", ";", "(", ")", "—", '"', "“", "”", "‘", "’", "'", "a" * 300, "U.S.", "X",
]


@st.composite
def poison_articles(draw: Any) -> str:
    """An article of about 40 KB whose sentences repeat a few fragments the grammar reacts to:
    back to back, or a given number of times a sentence with filler words between them (up to
    the number of cues at which the grammar skips a sentence)."""
    kinds = draw(st.lists(st.tuples(
        st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
        st.sampled_from([" ", "", ", "]),
        st.sampled_from([200, 1_000, 5_000, 19_000]),
        st.sampled_from([". ", ".\n", "\n", "? "]),
        st.sampled_from([0, 4, 16, 30]),
    ), min_size=1, max_size=3))
    paragraphs = []
    for fragments, sep, chars, end, times in kinds:
        unit = sep.join(fragments) + " "
        if times:
            gap = max(0, chars // times - len(unit))
            paragraphs.append((unit + ("the talks " * (gap // 10 + 1))[:gap]) * times + end)
        else:
            paragraphs.append((unit * (chars // len(unit) + 1))[:chars] + end)
    article = "".join(paragraphs)
    return article * max(1, ARTICLE_CHARS // len(article))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                               HealthCheck.function_scoped_fixture])
@given(poison_articles())
@example(_sentences("X warned, ", 19_000))
@example(_sentences("Lopez, who said ", 1_000))
def test_fuzzed_articles_stay_within_the_budget(seed_per_kb: float, text: str) -> None:
    ratio = _per_kb(text) / seed_per_kb
    assert ratio <= BUDGET, f"{ratio:.1f}x the seed article's CPU per KB: {text[:120]!r}"
