"""Properties that hold for any input: no exceptions, offsets inside the text, linear time."""
from __future__ import annotations

from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.nlp import extract_statements
from streams.nlp.text import layout
from tests.cpu_time import GROWTH_LIMIT, best_cpu, growth

# Text built from the pieces the grammar reacts to, so that random inputs reach deep paths.
PIECES = [
    "said", "says", "told", "according to", "warned that", "saying", "added", "called for", "his claim that",
    "he", "she", "The mayor", "Lopez", "Mr.", "U.S.", "Rep. Ana Ruiz (D-Ore.)", "the", "that", ",", ".", ":",
    ";", "?", "!", "—", "-", '"', "“", "”", "‘", "’", "'", "''", "``", "(", ")", "\n", "\n\n", " ", "  ",
    "\u00a0", "PENCE:", "―", "Al", "É", "İ", "ß", "\t", "0", "1.5", "...", "…",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(PIECES), max_size=120).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
)


def _check(text: str) -> None:
    for s in extract_statements(text):
        assert s.kind in ("direct", "mixed", "indirect")
        assert s.content, "a statement always has content"
        spans = list(s.content) + [x for x in (s.cue, s.speaker) if x is not None]
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
            assert span.text(text) == text[span.start:span.end]
        assert all(a.end <= b.start for a, b in pairwise(s.content)), "content spans in order"
        assert 0.0 <= s.confidence <= 1.0
        assert s.sentence_index >= 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_never_raises_and_offsets_slice_the_text(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_layout_spans_lie_in_the_text(text: str) -> None:
    lay = layout(text)
    for a, b in lay.paragraphs:
        assert 0 <= a < b <= len(text)
    for s in lay.sentences:
        assert 0 <= s.start < s.end <= len(text)
    for q in lay.quotes:
        assert 0 <= q.start < q.end <= len(text)
    assert [s.start for s in lay.sentences] == sorted(s.start for s in lay.sentences)


def _news(n: int) -> str:
    """News-like text: about one statement in three sentences, as in wire copy."""
    para = (
        '"We are ready," the minister said on Tuesday. "We will act."\n'
        "The council approved the budget after a long debate in the chamber. Work starts in May.\n"
        "Lopez, a senior official, warned that the talks could fail, according to Reuters.\n"
        "The port handled more cargo than last year. Exports of grain rose by a tenth.\n"
        "Rail traffic was flat. The new terminal opens in the spring of next year.\n"
    )
    return para * n


def test_a_megabyte_of_news_costs_no_more_per_character_than_a_short_article() -> None:
    # CPU time, as a ratio: 1 MB of news against 16 KB of it (bench extract measures speed; this
    # guards against a blow-up). Linear is 64x; the limit leaves three times that for noise.
    text = _news(1_000_000 // len(_news(1)) + 1)
    assert len(text) >= 1_000_000
    short = text[: len(text) // 64]
    t_short = best_cpu(lambda: extract_statements(short), 3)
    t_long = best_cpu(lambda: extract_statements(text), 2)
    assert t_long <= 3 * 64 * t_short, f"{t_short:.4f}s -> {t_long:.3f}s CPU for 64x the text"


def test_time_grows_linearly_with_input() -> None:
    g = growth(_news, 500, extract_statements)
    assert g.ratio <= GROWTH_LIMIT, str(g)


PATHOLOGICAL = [
    '"' * 1_000_000,  # a million quote marks
    "“" * 500_000 + "”" * 500_000,
    "word " * 200_000,  # no punctuation at all
    "said " * 200_000,  # nothing but cues
    "Mr. " * 250_000,  # abbreviations without end
    ("a" * 1000 + " ") * 1000,  # very long words
    "\n" * 1_000_000,
    ", " * 500_000,
]


def test_pathological_inputs_cost_no_more_per_character_than_news() -> None:
    # CPU time per character, against a megabyte of news measured here: the slowest of these
    # ("Mr. " again and again) costs about as much as news, the others a tenth or less
    news = _news(1_000_000 // len(_news(1)) + 1)
    per_char = best_cpu(lambda: extract_statements(news), 2) / len(news)
    for text in PATHOLOGICAL:
        cost = best_cpu(lambda: extract_statements(text), 1) / len(text)  # noqa: B023 - called here
        assert cost <= 4 * per_char, f"{text[:20]!r}: {cost / per_char:.1f}x the CPU per character of news"
        _check(text[:20_000])
