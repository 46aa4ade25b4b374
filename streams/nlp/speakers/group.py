"""Resolving a plural mention to a group: "they" for the plural subject before it, quantities
("two officials"), and groups owned by a named entity ("Smith's aides").
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from .. import roles as R
from . import document as _document
from . import index as _index
from . import pronoun as _pronoun
from .entities import _Entity
from .mentions import _decompose
from .words import _VERBISH, _WORD

if TYPE_CHECKING:
    from .article import _Article


_QUANTITY = frozenset(
    """of tens hundreds thousands millions billions dozens scores lots most many some all both several
    few majority half percent per cent nearly about almost roughly only just more than fewer less
    another additional""".split()
)


_LEADING_ADVERBS = frozenset(
    "of about nearly perhaps some roughly almost approximately more than only just at least over "
    "under".split()
)


def _plural(art: _Article, s: int, ss: int) -> _Entity | None:
    """"they": a plural noun phrase nearby (the previous sentence's subject first)."""
    text = art.text
    lx = R.lexicon()
    prev = _document.prev_sentence(art, ss)
    if not text[ss:s].strip(" \"“") and prev is not None:
        np_ = _subject_np(art, prev, ss)
        if np_ is not None:
            return np_
    lo = prev if prev is not None else ss
    words = list(_WORD.finditer(text, lo, s))
    for k in range(len(words) - 1, -1, -1):
        w = words[k].group()
        lw = w.lower()
        plural = lw.endswith("s") and lw[:-1] in lx.heads and len(lw) > 4
        if (lw in lx.group_nouns or plural) and w.islower():
            if _document.in_quote(art, words[k].start()):
                continue
            a = k
            while a > 0 and k - a < 6:
                pw = words[a - 1].group()
                plw = pw.lower()
                if plw in _QUANTITY or pw[:1].isdigit() or (
                        pw.islower() and plw not in R.DETERMINERS and plw not in R.PREPOSITIONS
                        and plw not in _VERBISH and plw not in ("and", "or", "but", "like", "as", "than")
                        and text[words[a - 1].end():words[a].start()] == " "):
                    a -= 1
                else:
                    break
            while a < k and words[a].group().lower() in _LEADING_ADVERBS:
                a += 1
            return _index._adhoc(art, "group", text[words[a].start():words[k].end()], None)
    return None


def _subject_np(art: _Article, ss: int, se: int) -> _Entity | None:
    text = art.text
    out = []
    for m in _WORD.finditer(text, ss, min(se, ss + 200)):
        lw = m.group().lower()
        if lw in _VERBISH or (lw.endswith("ed") and lw not in ("red", "united")) or (
                lw in R.PREPOSITIONS and lw != "of"):
            break
        out.append(m)
    if not out or len(out) > 10:
        return None
    if "," in text[out[0].start():out[-1].end()] or _document.in_quote(art, out[0].start()):
        return None
    if not (out[-1].group().lower().endswith("s") or any(m.group() == "and" for m in out)):
        return None
    begin = 0
    while begin < len(out) - 1 and out[begin].group().lower() in ("the", "a", "an"):
        begin += 1
    a, b = out[begin].start(), out[-1].end()
    cs = _document.chunks(art)
    i = bisect_left(cs, a)
    if i < len(cs) and cs[i] == a and art.doc.ce[i] == b:
        ent = _index.ent(art, i)
        return ent if ent is not None and ent.kind in ("group", "org") else None
    return _index._adhoc(art, "group", text[a:b], None)


def _owned_group(art: _Article, s: int, words: list[str], body: str) -> _Entity | None:
    """A plural of sources a named person owns: "Clinton's advisers" as written, "his
    advisers" with the person the pronoun stands for ("Trump's advisers")."""
    first = words[0]
    if len(words) < 2 or not words[-1].endswith("s"):
        return None
    k = next((i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s")) and w[:1].isupper()), None)
    if k is not None:
        owner = _decompose(" ".join(words[:k + 1]))
        return _index._adhoc(art, "group", body, None) if owner is not None and owner.kind == "person" else None
    if first.lower() in ("his", "her"):
        person = _pronoun._pronoun(art, s, s + len(first), first.lower(), named=True)
        if person is not None and person.kind == "person" and person.tokens:
            return _index._adhoc(art, "group", f"{person.tokens[-1]}'s " + " ".join(words[1:]), None)
    return None
