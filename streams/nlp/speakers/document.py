"""The article's text structure as resolution reads it: capitalised chunks, paragraphs,
sentences and whether a position is inside a quotation.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from .. import roles as R
from ..text import Quote, find_quotes, paragraph_spans, sentence_spans
from .words import _UNSEEN

if TYPE_CHECKING:
    from .article import _Article


_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"


# possessive quantifiers: nothing after them can need a shorter match, and the split runs faster
_CAP = rf"[{_UP}][\w'’\-/]*+(?:\.[{_UP}])*+\.?"


_PARTICLE = r"(?:de|van|von|der|den|bin|al|da|di|du|le|la|del|dos|das|ibn|el|ter|ten|bint|abu)"


_CHUNK = re.compile(rf"{_CAP}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_CAP})*+")


_CHUNK_SPLIT = re.compile("(" + _CHUNK.pattern + ")")


_NONSPACE = re.compile(r"\S+")


@lru_cache(maxsize=65536)
def _ends_sentence_inside(chunk: str) -> bool:
    """Whether a word of the chunk (not its last) ends with a sentence's period ("Kim. Then")."""
    words = chunk.split(" ")[:-1]
    return any(w.endswith(".") and not R.is_abbrev_token(w) for w in words)


def chunks(art: _Article) -> list[int]:
    """Start offsets of the capitalised chunks (ends in ``self._ce``, texts in ``self._ct``),
    found on first use with one C-level split (no per-match objects)."""
    if art._cs is None:
        text = art.text
        pieces = _CHUNK_SPLIT.split(text)
        offs = list(accumulate(map(len, pieces), initial=0))
        ct = pieces[1::2]
        cs = offs[1:-1:2]
        ce = offs[2::2]
        # fix-ups: a capital inside a word ("eBay": the text before the chunk ends in a letter
        # or digit), a sentence ending inside a chunk ("... Kim. Then ...")
        bad = [i for i, (gap, c) in enumerate(zip(pieces[0:-1:2], ct, strict=True))
               if (gap[-1:].isalnum() if gap else i and ct[i - 1][-1:].isalnum())
               or (". " in c and _ends_sentence_inside(c))]
        if bad:
            ncs: list[int] = []
            nce: list[int] = []
            nct: list[str] = []
            done = 0
            for i in bad:  # parts of a chunk stay inside its span, so the order holds
                ncs += cs[done:i]
                nce += ce[done:i]
                nct += ct[done:i]
                done = i + 1
                if cs[i] and text[cs[i] - 1].isalnum():
                    continue
                for a, b in art._split_final(cs[i], ct[i]):
                    ncs.append(a)
                    nce.append(b)
                    nct.append(text[a:b])
            cs = ncs + cs[done:]
            ce = nce + ce[done:]
            ct = nct + ct[done:]
        art._cs, art._ce, art._ct = cs, ce, ct
        n = len(cs)
        art._info = [_UNSEEN] * n
        art._ent = [_UNSEEN] * n
    return art._cs


def _split_final(art: _Article, start: int, chunk: str) -> list[tuple[int, int]]:
    """Split a chunk where a sentence ends inside it ("... Kim. Then ...")."""
    out = []
    s = 0
    for m in _NONSPACE.finditer(chunk):
        tok = m.group()
        if tok.endswith(".") and m.end() < len(chunk) and not R.is_abbrev_token(tok):
            out.append((start + s, start + m.end() - 1))
            s = m.end() + 1
    out.append((start + s, start + len(chunk)))
    return [(a, b) for a, b in out if b > a]


def _sentence_table(art: _Article) -> tuple[list[int], list[int]]:
    """Starts of the article's sentences (headline included) and where resolution takes each to end:
    at the next sentence of its paragraph, else at its paragraph's end. The body's sentences are the
    layout's; the headline's are split by the same rules (:func:`text.sentence_spans`)."""
    if art._sents is None:
        lay = art.lay
        starts: list[int] = []
        ends: list[int] = []
        spans: list[tuple[int, int, int]] = []  # (start, trimmed end, paragraph end)
        head_quotes = _head_quotes(art)
        for p_start, p_end in paragraph_spans(art.text[:lay.body_start]):
            here = [q for q in head_quotes if q.start < p_end and q.end > p_start]
            spans += [(s, e, p_end) for s, e in sentence_spans(art.text, p_start, p_end, here)]
        paras = lay.paragraphs
        spans += [(x.start, x.end, paras[x.para][1]) for x in lay.sentences]
        for i, (s, _, p_end) in enumerate(spans):
            nxt = spans[i + 1][0] if i + 1 < len(spans) else p_end
            starts.append(s)
            ends.append(nxt if nxt < p_end else p_end)
        art._sents = (starts, ends)
    return art._sents


def _head_quotes(art: _Article) -> list[Quote]:
    """The headline's quotations (the layout's cover the body only), found by the same rules."""
    lay = art.lay
    if not lay.body_start:
        return []
    return find_quotes(art.text, paragraph_spans(art.text[:lay.body_start]))


def _quote_table(art: _Article) -> tuple[list[int], list[Quote]]:
    """The article's quotations (headline, then the layout's) and their starts, for bisection."""
    if art._quotes is None:
        quotes = _head_quotes(art) + art.lay.quotes
        art._quotes = ([q.start for q in quotes], quotes)
    return art._quotes


def paragraph_starts(art: _Article) -> list[int]:
    """Where each paragraph starts, the headline's lines included."""
    if art._pstarts is None:
        head = [a for a, _ in paragraph_spans(art.text[:art.lay.body_start])]
        art._pstarts = head + [a for a, _ in art.lay.paragraphs]
    return art._pstarts


def sentence(art: _Article, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos``: its start, and the next sentence's start in its paragraph (else
    the paragraph's end). A position before the first sentence is taken as in it."""
    starts, ends = _sentence_table(art)
    if not starts:
        return 0, len(art.text)
    i = max(bisect_right(starts, pos) - 1, 0)
    return starts[i], ends[i]


def prev_sentence(art: _Article, ss: int) -> int | None:
    """Start of the sentence before the one starting at ``ss`` (across paragraphs)."""
    k = ss - 1
    while k >= 0 and art.text[k] in " \t\n\r\u00a0":
        k -= 1
    if k < 0:
        return None
    return art.sentence(k)[0]


def in_quote(art: _Article, pos: int) -> bool:
    """Whether ``pos`` is inside one of the layout's quotations (after its opening mark)."""
    starts, quotes = _quote_table(art)
    k = bisect_left(starts, pos) - 1
    return k >= 0 and pos < quotes[k].end
