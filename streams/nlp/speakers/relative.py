"""Resolving a relative pronoun ("..., who said") to the mention it follows."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from . import document as _document
from . import index as _index
from .entities import _Entity
from .words import _VERBISH, _WORD, _first

if TYPE_CHECKING:
    from .article import _Article


_NAMES_AND = patterns.compile(r"((?:[A-Z][\w.'’-]*\s)*[A-Z][\w.'’-]*) and (?:the )?$")


_OF_PLACE_GAP = patterns.compile(r"(?: of [A-Z][\w.]*(?: [A-Z][\w.]*)*| \([^)]{1,20}\))[ ,]*\Z")


_RELATIVE_WINDOW = 400


def _relative(art: _Article, s: int, low: str) -> _Entity | None:
    """"29 others who", "Trent Lott, who", "China and the United States, the world's ..., which"."""
    text = art.text
    j = s
    while j > 0 and text[j - 1] in " ,":
        j -= 1
    # an appositive between the antecedent and the pronoun: skip it
    k = text.rfind(",", max(0, j - 120), j)
    if k > 0:
        seg = text[k + 1:j].split()
        if seg and seg[0].lower() in ("the", "a", "an") and "." not in text[k:j]:
            j = k
    ss = _document.sentence(art, j - 1 if j > 0 else 0)[0]
    hit = None
    # the antecedent's name ends within 40 characters of the pronoun, so names starting
    # further back than a name is long are not walked (a sentence of many "X, who" was
    # quadratic: each pronoun walked every name from the sentence start)
    for p, ent in _index.mentions_in(art, max(ss, j - _RELATIVE_WINDOW), j):
        if ent.kind == "person" or low != "who":
            inf_end = _mention_end(art, p)
            if inf_end is not None and j - 1 <= inf_end <= j:
                hit = (p, ent)
            elif low == "who" and inf_end is not None and j - inf_end < 40 and _OF_PLACE_GAP.match(
                    text, inf_end, j):
                hit = (p, ent)  # "Sen. Marco Rubio of Florida, who"
    if hit:
        p, ent = hit
        lo = max(0, p - 60)
        m = _NAMES_AND.search(text[lo:p])
        if m and low != "who":
            return _index._adhoc(art, "group", text[lo + m.start(1):j].strip(" ,"), None)
        return ent
    words = list(_WORD.finditer(text, max(ss, j - 80), j))
    out: list[re.Match[str]] = []
    for m in reversed(words):
        if text[m.end():j].strip(" ,") and any(c in text[m.end():j] for c in "\"“”\n"):
            break
        lw = m.group().lower()
        if out and (lw in ("as", "well", "and", "or", "than", "but", "amid", "like", "the", "a", "an")
                    or lw in R.PREPOSITIONS or lw in _VERBISH or (lw.endswith("ed") and len(lw) > 4)):
            break
        out.append(m)
    if not out:
        return None
    out.reverse()
    name = text[out[0].start():out[-1].end()]
    return _index._adhoc(art, "group" if name.endswith("s") else "anonymous", name, None)


def _mention_end(art: _Article, p: int) -> int | None:
    cs = _document.chunks(art)
    i = bisect_right(cs, p) - 1
    if i >= 0:
        inf = _index.info(art, i)
        if inf is not None and inf.ns == p:
            return inf.ne
    extra = art.index.extra
    if len(extra) <= 32:
        for q, e, _ in extra:
            if q == p:
                return e
        return None
    k = bisect_left(extra, p, key=_first)
    if k < len(extra) and extra[k][0] == p:
        return extra[k][1]
    return None
