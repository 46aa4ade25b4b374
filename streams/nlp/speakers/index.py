"""The entity index of an article: each capitalised chunk decoded on demand and linked to an
entity, occurrences of a word among the chunks, the people named so far, and the mentions in a
span of text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from . import document as _document
from . import organization as _organization
from . import persons as _persons
from .entities import _ByEntity, _Entity, _Info
from .mentions import _decompose
from .words import _LONG_TEXT, _UNSEEN, _WORD, _first

if TYPE_CHECKING:
    from .article import _Article


_RUN = patterns.compile(r"[^\W_]+")  # letters and digits: \w is str.isalnum() and "_"


_SPACE_DIGIT = patterns.compile(r" \d")


# Months that are also given names, read as dates after these words ("In June, the senator").
_MONTH_NAMES = frozenset(("April", "May", "June", "August"))


_DATE_WORDS = frozenset("in on since by until last early late mid this next through from".split())


class EntityIndex:
    """What the resolvers have found of the article's entities, built up once per article: each
    chunk decoded (``info``) and linked to its entity (``ent``), both on demand (``_UNSEEN``:
    not yet); where each word stands among the chunks; the people mentioned; the speakers'
    mentions; and the entities of mentions resolved from descriptions and pronouns.
    """

    __slots__ = (
        "all_people", "common", "ent", "extra", "full_surname", "heads", "info", "joined", "occ", "people_by",
        "people_list", "runs", "spk", "spk_by",
    )

    def __init__(self) -> None:
        self.info: list = []  # chunk -> _Info | None (sized when the chunks are found)
        self.ent: list = []  # chunk -> _Entity | None
        self.occ: dict[str, list[int]] = {}  # word -> the chunks it stands in (occurrences())
        self.runs: dict[str, list[tuple[int, int]]] | None = None  # chunk words (long texts)
        self.joined: bool | None = None  # whether words are searched in the chunks' join (None: not asked yet)
        self.common: dict[str, bool] = {}  # word -> written in lower case too (_common_word)
        self.full_surname: dict[str, bool] = {}  # word -> the last name of a full name somewhere
        self.all_people: list[tuple[int, _Entity]] | None = None  # the person chunks' entities
        self.people_list: list[tuple[int, _Entity]] | None = None  # people(), kept up to date
        self.people_by: _ByEntity | None = None  # the same, by entity
        self.spk: list[tuple[int, _Entity]] = []  # speakers' mentions: primed names, then resolutions
        self.spk_by: _ByEntity | None = None  # the same, by entity (built when first needed)
        self.extra: list[tuple[int, int, _Entity]] = []  # entities of resolved mentions that are no chunk
        self.heads: dict[tuple[int, int], _Entity] = {}  # a speaker name mention's entity, by span

    def sized(self, n: int) -> None:
        """Room for ``n`` chunks, none decoded yet."""
        self.info = [_UNSEEN] * n
        self.ent = [_UNSEEN] * n

    def add_speaker(self, pos: int, ent: _Entity) -> None:
        """A speaker's mention at ``pos`` names ``ent``."""
        insort(self.spk, (pos, ent), key=_first)
        if self.spk_by is not None:
            self.spk_by.add(pos, ent)

    def add_resolved(self, s: int, e: int, ent: _Entity) -> None:
        """The mention ``[s, e)``, no chunk's name (a description, a pronoun), stands for ``ent``."""
        insort(self.extra, (s, e, ent), key=_first)
        if self.people_list is not None and ent.kind in ("person", "anonymous"):
            insort(self.people_list, (s, ent), key=_first)
            if self.people_by is not None:
                self.people_by.add(s, ent)


def info(art: _Article, i: int) -> _Info | None:
    infos = art.index.info
    inf = infos[i]
    if inf is not _UNSEEN:
        return inf
    infos[i] = None  # guards against re-entry while decoding
    doc = art.doc
    s, e = doc.cs[i], doc.ce[i]  # type: ignore[index]
    p = _decompose(doc.ct[i])
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
    infos[i] = inf
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
    """A lone capitalised word opening a sentence that the article also writes in lower case. (The
    answers that need no sentence are given first: a given name, or a word known to be no common one.)"""
    lx = R.lexicon()
    if word in lx.female_names or word in lx.male_names:
        return False
    low = word.lower()
    hit = art.index.common.get(low)
    if hit is False or not _document.opens_sentence(art, pos):
        return False
    if hit is None:
        found = occurrences(art, word)
        cs, ce = art.doc.cs, art.doc.ce
        assert cs is not None
        if any(ce[j] - cs[j] > len(word) + 1 or _mid_sentence(art, j) for j in found):
            hit = False  # part of a longer name, or written with its capital mid-sentence
        else:
            text = art.text
            hit = (low.endswith("ing") or f" {low} " in text or f" {low}," in text or f" {low}." in text)
        art.index.common[low] = hit
    return hit


def _mid_sentence(art: _Article, i: int) -> bool:
    """True when chunk ``i`` does not open a sentence (so its capital is the name's own)."""
    return not _document.opens_sentence(art, art.doc.cs[i])  # type: ignore[index]


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
    hit = art.index.full_surname.get(tok)
    if hit is None:
        ct = art.doc.ct
        hit = False
        for j in occurrences(art, tok):
            p = _decompose(ct[j])
            if p is not None and p.kind == "person" and len(p.tokens) >= 2 and p.tokens[-1] == tok:
                hit = True
                break
        art.index.full_surname[tok] = hit
    return hit


def occurrences(art: _Article, tok: str) -> list[int]:
    """Indices of the chunks in which ``tok`` stands as a whole word."""
    occ = art.index.occ
    r = occ.get(tok)
    if r is None and len(art.text) > _LONG_TEXT and (lead := _RUN.match(tok)) is not None:
        r = occ[tok] = _indexed_occurrences(art, tok, lead.group())
    if r is None and tok.isalpha() and (joined := _joined_chunks(art)) is not None:
        r = occ[tok] = _occurrences_in_chunks(art, tok, joined)
    if r is None:
        r = []
        text = art.text
        cs = _document.chunks(art)
        ce = art.doc.ce
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
        occ[tok] = r
    return r


def _joined_chunks(art: _Article) -> tuple[str, list[int]] | None:
    """The chunk texts joined (:func:`~.document.joined_chunks`) for the search of a word of letters;
    None when a chunk is followed by a letter ("U.S" of "U.Sen"), where such a word could start in a
    chunk and end after it. Only a chunk holding a period can be: the split takes every letter after
    a capitalised word into its chunk, and leaves one out only after a period ("U.S", "U.S."), so
    only the chunks the join's periods stand in are looked at."""
    index = art.index
    if index.joined is None:
        big, starts = _document.joined_chunks(art)
        index.joined = not _letter_after_chunk(art, big, starts)
    return _document.joined_chunks(art) if index.joined else None


def _letter_after_chunk(art: _Article, big: str, starts: list[int]) -> bool:
    """Whether a letter follows any chunk holding a period (``big`` and ``starts``: the chunks' join)."""
    text, ce = art.text, art.doc.ce
    p = big.find(".")
    while p >= 0:
        i = bisect_right(starts, p) - 1
        if text[ce[i]:ce[i] + 1].isalpha():
            return True
        p = big.find(".", starts[i + 1])  # the next chunk's (one past the join for the last chunk)
    return False


def _occurrences_in_chunks(art: _Article, tok: str, joined: tuple[str, list[int]]) -> list[int]:
    """:func:`occurrences` of a word of letters, searched in the chunks' texts only (a fifth of an
    article's): the same whole-word places inside chunks as a search of the text finds. Its
    search skips a place overlapping one found before; such a place follows a letter of that
    one, so it is no whole word either way; no such word ends after its chunk (see
    :func:`_joined_chunks`), and none holds the newline between two chunks."""
    text = art.text
    cs = art.doc.cs
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
    runs = art.index.runs
    if runs is None:
        runs = art.index.runs = {}
        text = art.text
        for i, (a, b) in enumerate(zip(_document.chunks(art), art.doc.ce, strict=True)):
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
    index = art.index
    e0 = index.ent[i]
    if e0 is not _UNSEEN:
        return e0
    inf = index.info[i]
    if inf is _UNSEEN:
        inf = info(art, i)
    e: _Entity | None = None
    if inf is not None:
        if inf.kind == "person":
            index.ent[i] = None  # re-entry guard
            e = _persons._person(art, i, inf)
        elif inf.kind in ("country", "region") and (p := _persons.given_name_person(art, i, inf)) is not None:
            e = p
        elif inf.kind in ("org", "seat", "country", "region", "group"):
            e = _organization._org(art, inf)
    index.ent[i] = e
    return e


def people(art: _Article) -> list[tuple[int, _Entity]]:
    """Every person mention of the article (names and resolved descriptions), in order."""
    if art.index.all_people is None:
        out = []
        n = len(_document.chunks(art))
        infos = art.index.info
        for i in range(n):
            inf = infos[i]
            if inf is _UNSEEN:
                inf = info(art, i)
            if inf is not None and inf.kind == "person":
                entity = ent(art, i)
                if entity is not None:
                    out.append((inf.ns, entity))
        art.index.all_people = out
    extra = [(p, entity) for p, _, entity in art.index.extra if entity.kind in ("person", "anonymous")]
    return sorted(art.index.all_people + extra, key=lambda t: t[0]) if extra else art.index.all_people


def people_list(art: _Article) -> list[tuple[int, _Entity]]:
    """:func:`people`, built once and kept sorted as resolutions are made (insertion after
    equal positions, as the stable sort of :func:`people` orders them)."""
    index = art.index
    if index.people_list is None:
        index.people_list = list(people(art))
    return index.people_list


def _by_entity(art: _Article, which: str) -> _ByEntity:
    """The speakers' mentions (``spk``) or :func:`people_list` by entity, built when first
    needed (in list order, so that ties keep it) and then kept up to date."""
    index = art.index
    if which == "spk":
        if index.spk_by is None:
            index.spk_by = _ByEntity()
            for p, ent in index.spk:
                index.spk_by.add(p, ent)
        return index.spk_by
    if index.people_by is None:
        index.people_by = _ByEntity()
        for p, ent in people_list(art):
            index.people_by.add(p, ent)
    return index.people_by


def mentions_in(art: _Article, a: int, b: int, possessives: bool = False) -> list:
    """Entity mentions whose names start in ``[a, b)``, in text order: ``(pos, entity)``, or
    ``(pos, entity, is_possessive)`` with ``possessives`` (otherwise they are left out)."""
    out: list = []
    cs = _document.chunks(art)
    i = bisect_left(cs, a)
    n = len(cs)
    infos = art.index.info
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
    extra = art.index.extra
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
