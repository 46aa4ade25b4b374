"""Direct, mixed and indirect statements: a cue/clause grammar over tokens and quotations.

News attribution is formulaic. Around every speech cue (``cues.py``) the grammar
looks for three things in the cue's sentence:

* the **speaker**: the subject noun phrase before the cue (``US Defense Secretary
  Lloyd Austin said``), with apposition and parentheticals (``Miroslav Jenča,
  Assistant Secretary General of the UN for Europe, pointed out``), or after it
  (``said Wood``), or the subject of the main clause for a participle or a
  coordinated verb (``Wood issued a warning, saying ...``);
* the **content**: the complement after the cue (``said (that) ...``), or the
  material before a trailing ``, he said``; quotations next to the frame make it
  a direct statement, a quotation inside the complement a mixed one;
* quotations that continue a direct statement in the next sentence or paragraph
  (``"We are ready," he said. "We will act."`` is one statement).

Everything is a linear scan over a sentence's tokens with set lookups, so an
article costs well under a millisecond; nothing here backtracks.

The grammar is split by concept, each module using only those above it: ``view`` (the
token view of a sentence), ``speaker_np`` (speaker noun phrases), ``clause`` (clause
boundaries, fronted clauses, adjuncts), ``content`` (complements and content spans),
``verb_frame`` (the frame of a cue verb), ``frames`` (a sentence's frames: noun frames,
"reportedly", "according to"), ``article`` (article-level passes over the layout) and
``cue_scan`` (the pass for cue candidates); this module runs them over an article.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..model import Span, Statement
from ..text import OPENING_MARKS, Layout, Quote, Sentence, layout
from .article import (
    MAX_QUOTES_PER_SENTENCE,
    ORPHAN_MIN_WORDS,
    _colon_intro,
    _dash_attribution,
    _generic_frame,
    _orphan_quotes,
    _quote_only,
    _quote_with_tail,
    _signed_paragraphs,
    _speaker_line,
)
from .cue_scan import _scan_cues
from .frames import _colon_quote, _frames
from .speaker_np import MAX_SPEAKER_TOKENS
from .view import _View

__all__ = [
    "MAX_CUES_PER_SENTENCE",
    "MAX_QUOTES_PER_SENTENCE",
    "MAX_SENTENCE_CHARS",
    "MAX_SPEAKER_TOKENS",
    "ORPHAN_MIN_WORDS",
    "extract",
]


MAX_SENTENCE_CHARS = 20_000
"""A "sentence" longer than this is not prose (no punctuation at all, or machine output);
the grammar skips it rather than spend quadratic effort on it."""

MAX_CUES_PER_SENTENCE = 32
"""A sentence with more cue candidates than this is not prose (the 840 train and 84 dev articles
have at most 7 in a sentence); the grammar skips it, as each cue's frame may scan the whole
sentence: the work per sentence stays at most this many scans of it, linear in its length."""

_CLOSING_MARKS = frozenset("”\"’'»")


def _active_sentences(
    text: str, lay: Layout, verbs: list[int], nouns: list[int]
) -> dict[int, tuple[list[int], list[int], list[Quote]]]:
    """The sentences worth analysing, by index: those holding a cue or a quotation, those
    ending in a colon (they may introduce a quoted paragraph) and first sentences of
    paragraphs that may be transcript lines. Everything else is skipped without a look."""
    sentences = lay.sentences
    starts = [s.start for s in sentences]
    active: dict[int, tuple[list[int], list[int], list[Quote]]] = {}
    for pos in verbs:
        idx = bisect_right(starts, pos) - 1
        entry = active.get(idx)
        if entry is None:
            entry = active[idx] = ([], [], [])
        entry[0].append(pos)
    for pos in nouns:
        idx = bisect_right(starts, pos) - 1
        entry = active.get(idx)
        if entry is None:
            entry = active[idx] = ([], [], [])
        entry[1].append(pos)
    for q in lay.quotes:
        first = bisect_right(starts, q.start) - 1
        last = bisect_left(starts, q.end) - 1
        for idx in range(first if first > 0 else 0, last + 1):
            if sentences[idx].end > q.start:
                entry = active.get(idx)
                if entry is None:
                    entry = active[idx] = ([], [], [])
                entry[2].append(q)
    for p_start, p_end in lay.paragraphs:
        # a colon ending a paragraph, or a "NAME:" label opening it
        if text[p_end - 1] == ":" or 0 <= text.find(":", p_start, p_start + 60) < p_end:
            for idx in (bisect_right(starts, p_start) - 1, bisect_right(starts, p_end - 1) - 1):
                if idx >= 0:
                    active.setdefault(idx, ([], [], []))
    active.pop(-1, None)
    return active


def _not_prose(s: Sentence, cue_offsets: list[int], noun_offsets: list[int]) -> bool:
    """A sentence too long, or with too many cues, to be prose: the grammar skips it (see
    ``MAX_SENTENCE_CHARS`` and ``MAX_CUES_PER_SENTENCE``)."""
    return s.end - s.start > MAX_SENTENCE_CHARS or len(cue_offsets) + len(noun_offsets) > MAX_CUES_PER_SENTENCE


def extract(text: str) -> list[Statement]:
    """Every statement in ``text``, in text order, with character offsets into ``text``."""
    lay: Layout = layout(text)
    if not lay.sentences:
        return []
    verbs, nouns = _scan_cues(text, lay.body_start, lay.quotes)
    active = _active_sentences(text, lay, verbs, nouns)
    sentences = lay.sentences
    out: list[Statement] = []
    prev_direct: Statement | None = None  # a direct statement the next quote-only sentence continues
    prev_para = -1
    colon: tuple[Span | None, Span, int] | None = None  # "X said:" waiting for its quotation
    last_idx = -2
    skip_para = -1
    for idx in sorted(active):
        s = sentences[idx]
        if idx != last_idx + 1:
            prev_direct, colon = None, None  # a sentence without statements came between
        last_idx = idx
        first_in_para = idx == 0 or sentences[idx - 1].para != s.para
        if s.para == skip_para:
            continue
        cue_offsets, noun_offsets, local = active[idx]
        if first_in_para:
            line = _speaker_line(text, lay.paragraphs[s.para], s.index)
            if line is not None:
                out.append(line)
                skip_para = s.para
                prev_direct, prev_para, colon = line, s.para, None
                continue
        only = _quote_only(text, s, local)
        tail = None
        if only is None and local and local[0].start == s.start and not cue_offsets and not noun_offsets:
            tail = _quote_with_tail(text, s, local)
        if tail is not None and prev_direct is not None and s.para == prev_para:
            # '"It is basically a tax increase" for the top bracket.' after a direct statement
            prev_direct.content = prev_direct.content + (tail,)
            continue
        if only is not None:
            if colon is not None:
                speaker, cue, cidx = colon
                st = Statement("direct", (Span(only.start, only.end),), cue, speaker, cidx, 0.9,
                               rule="quotation after an introducing sentence")
                out.append(st)
                prev_direct, prev_para, colon = st, s.para, None
                continue
            if prev_direct is not None and (s.para == prev_para or s.para == prev_para + 1 and first_in_para):
                # '"We are ready," he said. "We will act."' — also into the next paragraph
                prev_direct.content = prev_direct.content + (Span(only.start, only.end),)
                prev_para = s.para
                continue
        colon = None
        prev_direct = None
        prev_para = s.para
        if local:
            dashed = _dash_attribution(text, s, local)
            if dashed is not None:
                out.append(dashed)
                continue
        if local and not cue_offsets and local[0].start == s.start:
            generic = _generic_frame(text, s, local[0])
            if generic is not None:
                out.append(generic)
                prev_direct = generic
                continue
        if _not_prose(s, cue_offsets, noun_offsets):
            continue
        if not cue_offsets and not noun_offsets and not (local and ": " in text[s.start : local[-1].start + 1]):
            if text[s.end - 1] == ":" and (not local or local[-1].end < s.end):
                colon = _colon_intro(text, s, local)
            continue  # statements hang on cues; a quotation alone is handled above
        v = _View(text, s, local)
        frames = _frames(v, cue_offsets, noun_offsets)
        colon_quote = _colon_quote(v, frames) if local else None
        if colon_quote is not None:
            frames.append(colon_quote)
        if not frames and text[s.end - 1] == ":" and (not local or local[-1].end < s.end):
            colon = _colon_intro(text, s, local, v)
        for f in frames:
            cue = Span(v.starts[f.cue[0]], v.ends[f.cue[1] - 1])
            speaker = Span(*v.span(*f.speaker)) if f.speaker else None
            if f.quote_follows:
                colon = (speaker, cue, s.index)
                continue
            st = Statement(f.kind, tuple([Span(a, b) for a, b in f.content]), cue, speaker, s.index, f.confidence,
                           f.rule)
            out.append(st)
            if f.kind == "direct" or text[st.start] in OPENING_MARKS or (
                f.kind == "mixed" and text[st.end - 1] in _CLOSING_MARKS
            ):
                prev_direct = st  # a later quotation may continue it
    _signed_paragraphs(text, lay, out)
    _orphan_quotes(text, lay, out)
    return _dedupe(out)


def _dedupe(found: list[Statement]) -> list[Statement]:
    """One statement per content: identical contents keep the most confident reading."""
    best: dict[tuple[tuple[int, int], ...], Statement] = {}
    for st in found:
        key = tuple([(c.start, c.end) for c in st.content])
        old = best.get(key)
        if old is None or st.confidence > old.confidence:
            best[key] = st
    return sorted(best.values(), key=lambda st: (st.start, st.end))
