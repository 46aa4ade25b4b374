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
from .words import _LONG_TEXT, _PRONOUNS, _UNSEEN, _WORD

if TYPE_CHECKING:
    from .article import _Article


_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"


# possessive quantifiers: nothing after them can need a shorter match, and the split runs faster
_CAP = rf"[{_UP}][\w'’\-/]*+(?:\.[{_UP}])*+\.?"


_PARTICLE = r"(?:de|van|von|der|den|bin|al|da|di|du|le|la|del|dos|das|ibn|el|ter|ten|bint|abu)"


_CHUNK = re.compile(rf"{_CAP}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_CAP})*+")


_CHUNK_SPLIT = re.compile("(" + _CHUNK.pattern + ")")


_NONSPACE = re.compile(r"\S+")


_PARA_BREAK = re.compile(r"[.!?][\"”’)\]]*[ \t\u00a0]+(?=[\"“‘(\[]?[A-Z0-9])")


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


def _para(art: _Article, pos: int) -> tuple[int, int]:
    """The paragraph (line) holding ``pos``: found by bisection in the newline offsets, so a
    one-paragraph article is not searched end to end for each mention."""
    nl = art._nl
    if nl is None:
        text = art.text
        if len(text) <= _LONG_TEXT:
            a = text.rfind("\n", 0, pos) + 1
            b = text.find("\n", pos)
            return a, (len(text) if b < 0 else b)
        nl = art._nl = []
        k = text.find("\n")
        while k >= 0:
            nl.append(k)
            k = text.find("\n", k + 1)
    i = bisect_left(nl, pos)
    return (nl[i - 1] + 1 if i else 0), (nl[i] if i < len(nl) else len(art.text))


def _sent_starts(art: _Article, a: int, b: int) -> list[int]:
    starts = art._paras.get(a)
    if starts is None:
        starts = [a]
        for m in _PARA_BREAK.finditer(art.text, a, b):
            if not art._abbrev_before(m.start() + 1, m.end()):
                starts.append(m.end())
        art._paras[a] = starts
    return starts


def _abbrev_before(art: _Article, pos: int, after: int) -> bool:
    """True when the period before ``pos`` ends an abbreviation, not the sentence.
    "U.S." ends a sentence only when a sentence-opening word follows ("U.S. The ...")."""
    text = art.text
    if text[pos - 1] != ".":
        return False
    lo = max(0, pos - 40)  # no abbreviation is longer; a bounded search stays linear
    k = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("\u00a0", lo, pos),
            text.rfind("\t", lo, pos))  # "Mr." may open a paragraph
    k = k + 1 if k >= 0 else lo
    tok = text[k:pos].lstrip("\"“(")
    if not R.is_abbrev_token(tok):
        return False
    if len(tok) > 3 and tok[-3] == ".":  # "U.S.", "D.C."
        nxt = _WORD.match(text, after)
        return not (nxt and (nxt.group() in R.CAP_STOPWORDS or nxt.group().lower() in _PRONOUNS))
    return True


def sentence(art: _Article, pos: int) -> tuple[int, int]:
    a, b = art._para(pos)
    starts = art._sent_starts(a, b)
    i = bisect_right(starts, pos) - 1
    return starts[i], (starts[i + 1] if i + 1 < len(starts) else b)


def prev_sentence(art: _Article, ss: int) -> int | None:
    """Start of the sentence before the one starting at ``ss`` (across paragraphs)."""
    k = ss - 1
    while k >= 0 and art.text[k] in " \t\n\r\u00a0":
        k -= 1
    if k < 0:
        return None
    return art.sentence(k)[0]


def in_quote(art: _Article, pos: int) -> bool:
    text = art.text
    a = text.rfind("\n", 0, pos) + 1 if len(text) <= _LONG_TEXT else art._para(pos)[0]
    if pos - a > 2000:
        return art._in_quote_far(a, pos)
    if text.count('"', a, pos) % 2 or text.count("''", a, pos) % 2:
        return True
    o = text.rfind("“", a, pos)
    return o >= 0 and o > text.rfind("”", a, pos)


def _in_quote_far(art: _Article, a: int, pos: int) -> bool:
    """:meth:`in_quote` deep inside a long paragraph: the quote marks of the article are
    listed once and counted by bisection. Pairs of apostrophes are matched left to right
    over the whole text, which pairs them as a count from any line start does (a pair
    holds no newline)."""
    if art._marks is None:
        text = art.text
        pairs = []
        k = text.find("''")
        while k >= 0:
            pairs.append(k)
            k = text.find("''", k + 2)
        art._marks = ([m.start() for m in re.finditer('"', text)], pairs,
                       [m.start() for m in re.finditer("“", text)], [m.start() for m in re.finditer("”", text)])
    dq, pairs, opens, closes = art._marks
    if (bisect_left(dq, pos) - bisect_left(dq, a)) % 2 or (
            bisect_left(pairs, pos - 1) - bisect_left(pairs, a)) % 2:
        return True
    o = bisect_left(opens, pos)
    if o == 0 or opens[o - 1] < a:
        return False
    c = bisect_left(closes, pos)
    return c == 0 or closes[c - 1] < opens[o - 1]
