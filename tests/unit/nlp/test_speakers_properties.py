"""Resolution never raises and always answers sensibly, whatever the text and mention spans.

An exception here would send a whole article to the dead-letter topic, so random texts
built from the pieces resolution reacts to (names, titles, pronouns, quotes, possessives,
odd spacing) are thrown at it with random mention spans.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.nlp.model import Span, Statement
from streams.nlp.speakers import resolve
from tests.cpu_time import GROWTH_LIMIT, growth

PIECES = [
    "Lloyd Austin", "Austin", "he", "she", "they", "it", "who", "which", "Kim", "Kim Jong Un", "Minister",
    "US", "U.S.", "Sen.", "Rep. Ana Ruiz (D-Ore.)", "(R-S.C.)", "the", "a", "said", ",", ".", ";", "'s", "’s",
    '"', "“", "”", "''", "\n", "\n\n", " ", "  ", "\u00a0", "Pyongyang", "the White House", "officials",
    "A Ukrainian official", "the minister", "his ex-wife", "Her report", "52 percent of voters", "73 percent",
    "The poll", "the state", "Florida", "NATO", "CNS", "Christian News Service", "É", "İ", "ß", "—", "of",
    "Mr.", "Mrs.", "Defense Secretary", "and", "Republicans", "who was", "now", "on Wednesday", "0", "…",
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=80).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60)), max_size=12))
def test_never_raises_and_answers_one_per_statement(text: str, spans: list[tuple[int, int]]) -> None:
    n = len(text)
    sts = []
    for a, length in spans:
        if n == 0:
            break
        s = min(a, n - 1)
        e = min(n, s + length)
        sts.append(Statement("indirect", (Span(0, n),), None, Span(s, e), 0, 1.0))
    sts.append(Statement("direct", (Span(0, max(n, 1)),), None, None, 0, 1.0))
    out = resolve(text, sts)
    assert len(out) == len(sts)
    assert out[-1] is None
    for sp in out:
        if sp is None:
            continue
        assert sp.type in ("person", "organization", "group", "anonymous")
        assert sp.role_source in ("article", None)
        assert sp.speaker_id is None or ":" in sp.speaker_id


def _austin(paragraphs: int) -> str:
    para = ("US Defense Secretary Lloyd Austin said on Monday that talks would go on. \"We are ready,\" he "
            "added. Austin, a former general, met South Korean Minister Kim Yong-hyun, who said the allies "
            "were united. The ministry said officials would meet again. ")
    return "\n\n".join(para for _ in range(paragraphs))


def _he_added(text: str) -> list[Statement]:
    starts = [i for i in range(len(text)) if text.startswith("he added", i)][:200]
    return [Statement("direct", (Span(0, 1),), None, Span(p, p + 2), 0, 1.0) for p in starts]


def test_a_long_article_resolves_quickly() -> None:
    text = _austin(400)  # about 100 KB
    out = resolve(text, _he_added(text))
    assert all(sp is not None and sp.name == "Lloyd Austin" for sp in out)
    # CPU time as a ratio (tests/cpu_time.py): 400 paragraphs against 50, each with up to 200 "he"s
    statements = {t: _he_added(t) for t in (_austin(50), text)}  # only resolution is timed
    g = growth(_austin, 50, lambda t: resolve(t, statements[t]))
    assert g.ratio <= GROWTH_LIMIT, str(g)
