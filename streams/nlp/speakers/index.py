"""The entity index of an article: each capitalised chunk decoded on demand and linked to an
entity, occurrences of a word among the chunks, the people named so far, and the mentions in a
span of text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate, count
from operator import add
from typing import TYPE_CHECKING

from .. import roles as R
from . import document as _document
from . import organization as _organization
from . import persons as _persons
from .entities import _ByEntity, _Entity, _Info
from .mentions import _decompose
from .words import _LONG_TEXT, _UNSEEN, _WORD, _first

if TYPE_CHECKING:
    from .article import _Article


_RUN = re.compile(r"[^\W_]+")  # letters and digits: \w is str.isalnum() and "_"


_SPACE_DIGIT = re.compile(r" \d")


# Months that are also given names, read as dates after these words ("In June, the senator").
_MONTH_NAMES = frozenset(("April", "May", "June", "August"))


_DATE_WORDS = frozenset("in on since by until last early late mid this next through from".split())


def info(art: _Article, i: int) -> _Info | None:
    inf = art._info[i]
    if inf is not _UNSEEN:
        return inf
    art._info[i] = None  # guards against re-entry while decoding
    s, e = art._cs[i], art._ce[i]  # type: ignore[index]
    p = _decompose(art._ct[i])
    inf = None
    if p is not None:
        kind = p.kind
        ns, ne = s + p.name_off, s + p.name_end
        if kind == "country" and (not R.is_country_name(p.name) or _modifies(art, e)):
            kind = "role"
        elif kind == "region" and _modifies(art, e):
            kind = "role"
        elif kind == "person" and len(p.tokens) == 1 and (_common_word(art, ns, p.tokens[0]) or (
                p.tokens[0] in _MONTH_NAMES and _date(art, ns, p.tokens[0]))):
            kind = "role"
        elif kind == "role" and len(p.tokens) == 1 and p.name == p.tokens[0] and _is_surname(art,
                p.tokens[0], i, ns):
            kind = "person"  # "Dean, a medical doctor," after "Howard Dean"
        inf = _Info(kind, s, e, ns, ne, p.tokens, p.possessive)
    art._info[i] = inf
    return inf


def _modifies(art: _Article, end: int) -> bool:
    """True when the word after a nationality or place is a role or group noun ("US officials")."""
    text = art.text
    if end >= len(text) or text[end] != " ":
        return False
    m = _WORD.match(text, end + 1)
    if not m:
        return False
    w = m.group()
    low = w.lower()
    lx = R.lexicon()
    return (R.is_role_word(w) or low in lx.group_nouns or low in lx.org_nouns
            or low in ("forces", "troops", "people"))


def _common_word(art: _Article, pos: int, word: str) -> bool:
    """A lone capitalised word opening a sentence that the article also writes in lower case."""
    k = pos - 1
    text = art.text
    while k >= 0 and text[k] in " \t\"“‘(":
        k -= 1
    if k >= 0 and text[k] not in ".!?:\n":
        return False
    lx = R.lexicon()
    if word in lx.female_names or word in lx.male_names:
        return False
    low = word.lower()
    hit = art._common.get(low)
    if hit is None:
        if any(_mid_sentence(art, j) or art._ce[j] - art._cs[j] > len(word) + 1  # type: ignore[index]
               for j in occurrences(art, word)):
            hit = False  # written with its capital mid-sentence, or part of a longer name
        else:
            hit = (low.endswith("ing") or f" {low} " in text or f" {low}," in text or f" {low}." in text)
        art._common[low] = hit
    return hit


def _mid_sentence(art: _Article, i: int) -> bool:
    """True when chunk ``i`` does not open a sentence (so its capital is the name's own)."""
    text = art.text
    k = art._cs[i] - 1  # type: ignore[index]
    while k >= 0 and text[k] in " \t\"“‘(":
        k -= 1
    return k >= 0 and text[k] not in ".!?:\n"


def _date(art: _Article, ns: int, word: str) -> bool:
    """"April", "May", "June" as months: after "in", "on", "since"... or before a day number."""
    if word not in _MONTH_NAMES:
        return False
    j = art.text.rfind(" ", max(0, ns - 8), ns - 1)
    prev = art.text[j + 1:ns].strip().lower()
    return prev in _DATE_WORDS or bool(_SPACE_DIGIT.match(art.text[ns + len(word):ns + len(word) + 2]))


def _is_surname(art: _Article, tok: str, i: int, ns: int) -> bool:
    if art.text[max(0, ns - 4):ns].lower().endswith(("the ", " a ")):
        return False
    # Whether any chunk names a person in full with this last name. A chunk of two or more
    # person words is a person whatever its context, so its decomposition tells (chunk i,
    # one role word, is never one): once per word, and without decoding other chunks
    # (which re-entered here for each of them: a recursion as deep as the word is frequent).
    hit = art._full_surname.get(tok)
    if hit is None:
        ct = art._ct
        hit = False
        for j in occurrences(art, tok):
            p = _decompose(ct[j])
            if p is not None and p.kind == "person" and len(p.tokens) >= 2 and p.tokens[-1] == tok:
                hit = True
                break
        art._full_surname[tok] = hit
    return hit


def occurrences(art: _Article, tok: str) -> list[int]:
    """Indices of the chunks in which ``tok`` stands as a whole word."""
    r = art._occ.get(tok)
    if r is None and len(art.text) > _LONG_TEXT and (lead := _RUN.match(tok)) is not None:
        r = art._occ[tok] = _indexed_occurrences(art, tok, lead.group())
    if r is None and tok.isalpha() and (joined := _joined_chunks(art)) is not None:
        r = art._occ[tok] = _occurrences_in_chunks(art, tok, joined)
    if r is None:
        r = []
        text = art.text
        cs = _document.chunks(art)
        ce = art._ce
        n = len(tok)
        size = len(text)
        p = text.find(tok)
        while p >= 0:
            q = p + n
            if (p == 0 or not text[p - 1].isalnum()) and (q >= size or not text[q].isalnum()):
                i = bisect_right(cs, p) - 1
                if i >= 0 and p < ce[i] and (not r or r[-1] != i):
                    r.append(i)
            p = text.find(tok, q)
        art._occ[tok] = r
    return r


def _joined_chunks(art: _Article) -> tuple[str, list[int]] | None:
    """The chunk texts joined by newlines (which no chunk holds) and where each starts in the
    join, built once; None when a chunk is followed by a letter ("U.S" of "U.Sen"), where a word
    of letters could start in a chunk and end after it."""
    if art._joined is None:
        _document.chunks(art)
        text, ct = art.text, art._ct
        if any(text[e:e + 1].isalpha() for e in art._ce):
            art._joined = False
        else:
            art._joined = ("\n".join(ct), list(map(add, accumulate(map(len, ct), initial=0), count())))
    return art._joined if isinstance(art._joined, tuple) else None


def _occurrences_in_chunks(art: _Article, tok: str, joined: tuple[str, list[int]]) -> list[int]:
    """:func:`occurrences` of a word of letters, searched in the chunks' texts only (a fifth of an
    article's): the same whole-word places inside chunks as a search of the text finds. Its
    search skips a place overlapping one found before; such a place follows a letter of that
    one, so it is no whole word either way; no such word ends after its chunk (see
    :func:`_joined_chunks`), and none holds the newline between two chunks."""
    text = art.text
    cs = art._cs
    assert cs is not None
    big, starts = joined
    n = len(tok)
    size = len(text)
    r: list[int] = []
    p = big.find(tok)
    while p >= 0:
        i = bisect_right(starts, p) - 1
        a = cs[i] + p - starts[i]  # the place in the text
        b = a + n
        if (a == 0 or not text[a - 1].isalnum()) and (b >= size or not text[b].isalnum()) and (not r or r[-1] != i):
            r.append(i)
        p = big.find(tok, p + n)
    return r


def _indexed_occurrences(art: _Article, tok: str, lead: str) -> list[int]:
    """:func:`occurrences` in a long article: searching the whole text for each word costs
    the text's length times the number of different names, so the words of the chunks are
    listed once. A whole-word ``tok`` starts where a run of letters and digits does (its
    first run, ``lead``, is that whole run), so only those places are checked."""
    runs = art._runs
    if runs is None:
        runs = art._runs = {}
        text = art.text
        for i, (a, b) in enumerate(zip(_document.chunks(art), art._ce, strict=True)):
            for m in _RUN.finditer(text, a):
                p = m.start()
                if p >= b:
                    break
                if p == a and a and text[a - 1].isalnum():
                    continue  # not the start of a word
                runs.setdefault(m.group(), []).append((p, i))
    text = art.text
    n = len(tok)
    size = len(text)
    r: list[int] = []
    for p, i in runs.get(lead, ()):
        q = p + n
        if text.startswith(tok, p) and (q >= size or not text[q].isalnum()) and (not r or r[-1] != i):
            r.append(i)
    return r


def ent(art: _Article, i: int) -> _Entity | None:
    e0 = art._ent[i]
    if e0 is not _UNSEEN:
        return e0
    inf = art._info[i]
    if inf is _UNSEEN:
        inf = info(art, i)
    e: _Entity | None = None
    if inf is not None:
        if inf.kind == "person":
            art._ent[i] = None  # re-entry guard
            e = _persons._person(art, i, inf)
        elif inf.kind in ("country", "region") and (p := _persons.given_name_person(art, i, inf)) is not None:
            e = p
        elif inf.kind in ("org", "seat", "country", "region", "group"):
            e = _organization._org(art, inf)
    art._ent[i] = e
    return e


def people(art: _Article) -> list[tuple[int, _Entity]]:
    """Every person mention of the article (names and resolved descriptions), in order."""
    if art._all_people is None:
        out = []
        n = len(_document.chunks(art))
        infos = art._info
        for i in range(n):
            inf = infos[i]
            if inf is _UNSEEN:
                inf = info(art, i)
            if inf is not None and inf.kind == "person":
                entity = ent(art, i)
                if entity is not None:
                    out.append((inf.ns, entity))
        art._all_people = out
    extra = [(p, entity) for p, _, entity in art.extra if entity.kind in ("person", "anonymous")]
    return sorted(art._all_people + extra, key=lambda t: t[0]) if extra else art._all_people


def people_list(art: _Article) -> list[tuple[int, _Entity]]:
    """:func:`people`, built once and kept sorted as resolutions are made (insertion after
    equal positions, as the stable sort of :func:`people` orders them)."""
    if art._people_list is None:
        art._people_list = list(people(art))
    return art._people_list


def _by_entity(art: _Article, which: str) -> _ByEntity:
    """The speakers' mentions (``spk``) or :func:`people_list` by entity, built when first
    needed (in list order, so that ties keep it) and then kept up to date."""
    if which == "spk":
        if art._spk_by is None:
            art._spk_by = _ByEntity()
            for p, ent in art.spk:
                art._spk_by.add(p, ent)
        return art._spk_by
    if art._people_by is None:
        art._people_by = _ByEntity()
        for p, ent in people_list(art):
            art._people_by.add(p, ent)
    return art._people_by


def mentions_in(art: _Article, a: int, b: int, possessives: bool = False) -> list:
    """Entity mentions whose names start in ``[a, b)``, in text order: ``(pos, entity)``, or
    ``(pos, entity, is_possessive)`` with ``possessives`` (otherwise they are left out)."""
    out: list = []
    cs = _document.chunks(art)
    i = bisect_left(cs, a)
    n = len(cs)
    infos = art._info
    while i < n and cs[i] < b:
        inf = infos[i]
        if inf is _UNSEEN:
            inf = info(art, i)
        if inf is not None and (possessives or not inf.possessive) and inf.kind in (
                "person", "org", "seat", "country", "group"):
            entity = ent(art, i)
            if entity is not None:
                out.append((inf.ns, entity, inf.possessive) if possessives else (inf.ns, entity))
        i += 1
    extra = art.extra
    if extra:
        if len(extra) > 32:  # a long list: bisected (a walk for each mention is quadratic)
            lo, hi = bisect_left(extra, a, key=_first), bisect_left(extra, b, key=_first)
        else:
            lo, hi = 0, len(extra)
        for k in range(lo, hi):
            p, _, entity = extra[k]
            if a <= p < b:
                out.append((p, entity, False) if possessives else (p, entity))
        out.sort(key=_first)
    return out


def _adhoc(art: _Article, kind: str, name: str | None, role: R.Role | None, country: str | None = None) -> _Entity:
    ent = _Entity(kind, tuple((name or "").split()), name,
                  country=country or (role.country if role else None))
    if role is not None:
        ent.extra.append((0, role))
    return ent


def full_name(art: _Article, e: _Entity) -> str:
    return " ".join(e.tokens) if e.kind == "person" else (e.name or "")
