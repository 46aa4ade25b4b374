"""Organisations and metonyms: an organisation chunk to its entity (acronyms included), and
descriptions that stand for an organisation or a government ("the ministry", "the
administration", "Moscow").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import TYPE_CHECKING

from .. import roles as R
from . import document as _document
from . import index as _index
from . import role_evidence as _role_evidence
from . import speaker_record as _speaker_record
from . import things as _things
from .entities import _Entity, _Info
from .words import _LONG_TEXT, _first

if TYPE_CHECKING:
    from .article import _Article


class OrgTable:
    """The organisations the article names, their acronyms, and the names read before an
    organisation word, found so far."""

    __slots__ = ("by_key", "capnamed", "chunk_by_initials", "chunk_initials", "initials", "named", "nearest")

    def __init__(self) -> None:
        self.by_key: dict[str, _Entity] = {}  # the organisation's key -> its entity
        self.initials: dict[str, _Entity] = {}  # initials -> first listed org of several words
        self.chunk_by_initials: dict[str, int | None] = {}  # initials -> first org chunk (None: none)
        self.chunk_initials: list[str] | None = None  # each chunk's capitalised words' initials (several words)
        self.capnamed: dict[str, list[tuple[int, str]]] = {}  # org heads -> capitalised names
        self.named: dict[str, list[tuple[int, str]]] = {}  # word -> ("Obama administration" end, name)
        self.nearest: dict[tuple[str, ...], dict[int, int]] = {}  # _nearest_place answers by chunk


_ACRONYM = re.compile(r"[A-Z]{2,6}")


@lru_cache(maxsize=4096)
def _name_before_pattern(word: str) -> re.Pattern[str]:
    """One to three capitalised words before ``word`` ("Obama administration"): the pattern of
    :func:`name_before_plain`, with the word boundary checked after the first capital (a capital
    is a word character: no word character before it), so that the search skips to each capital
    instead of trying every place of the text."""
    return re.compile(rf"([A-Z](?<!\w.)[\w'’-]*\s+(?:[A-Z][\w'’-]*\s+){{0,2}}){re.escape(word)}\b")


def name_before_plain(word: str) -> re.Pattern[str]:
    """The plain reading of :func:`_name_before_pattern`."""
    return re.compile(rf"\b((?:[A-Z][\w'’-]*\s+){{1,3}}){re.escape(word)}\b")


_NATIONAL_BODIES = frozenset(
    """government administration military army police court congress parliament cabinet ministry regime
    authorities navy legislature""".split()
)


def _org(art: _Article, inf: _Info) -> _Entity | None:
    name = art.text[inf.ns:inf.ne]
    if name.startswith("The "):
        name = name[4:]
    kind = inf.kind
    canon: str | None  # the gazetteer's name; None: a country not in it
    if kind == "org":
        org = R.organization(name)
        if org is None and name.split()[0] in ("US", "U.S.", "UN", "U.N.") and " " in name:
            org = R.organization(name.split(None, 1)[1])
        canon = org.name if org else name
        k = "org:" + R.key(canon)
        ent = art.orgs.by_key.get(k)
        if ent is None and org is None and _ACRONYM.fullmatch(name):
            ent = _acronym(art, name)
        if ent is None:
            if org is not None:
                national = org.kind in ("government", "military", "party", "media")
                country = org.country if national else None
            else:
                country = _role_evidence._org_country(name)
            shown = name
            if org is not None and _ACRONYM.fullmatch(name) and canon != name and canon in art.text:
                shown = canon  # "the DNC" in an article that spells out "Democratic National Committee"
            ent = _Entity("org", tuple(shown.split()), shown, country=country,
                          org_kind=org.kind if org else None, canon=canon)
            art.orgs.by_key[k] = ent
            if " " in name:
                art.orgs.initials.setdefault("".join(w[0] for w in name.split() if w[0].isupper()), ent)
        ent.aliases.add(name)
        return ent
    if kind == "group":
        k = "group:" + R.key(name)
        ent = art.orgs.by_key.get(k)
        if ent is None:
            role = R.parse_role(name, quality=3)
            c = R.country_name(inf.tokens[-1]) or (role.country if role else None)
            ent = _Entity("group", tuple(name.split()), name, country=c)
            art.orgs.by_key[k] = ent
        return ent
    if kind == "country":
        c = R.country_name(name)
        canon, display = c, c
    elif kind == "seat":
        c = R.capital_country(name)
        canon, display = name, name
    else:
        c = R.region_country(name)
        canon, display = name, name
    k = f"{kind}:" + R.key(canon or name)
    ent = art.orgs.by_key.get(k)
    if ent is None:
        ent = _Entity(kind, tuple(name.split()), display, country=c, canon=canon)
        art.orgs.by_key[k] = ent
    ent.aliases.add(name)
    return ent


def _acronym(art: _Article, name: str) -> _Entity | None:
    """"CNS" after "Christian News Service": the same organisation (the first listed with
    those initials, else the first named so in the text)."""
    ent = art.orgs.initials.get(name)
    if ent is not None:
        return ent
    first = _first_org_with_initials(art, name)
    return None if first is None else _index.ent(art, first)


def org_initials(art: _Article, j: int) -> str | None:
    """The initials of the organisation chunk ``j`` names in several words (decoded), else None."""
    inf = _index.info(art, j)
    if inf is None or inf.kind != "org" or inf.start >= len(art.text):
        return None
    words = art.text[inf.ns:inf.ne].split()
    return "".join(w[0] for w in words if w[0].isupper()) if len(words) > 1 else None


def _first_org_with_initials(art: _Article, name: str) -> int | None:
    """The first chunk naming an organisation in several words with these initials. Such a name is a
    run of its chunk's words, so only chunks whose capitalised words' initials hold ``name`` are
    decoded (most are not: one-word chunks, people's names); answers kept per article."""
    memo = art.orgs.chunk_by_initials
    if name in memo:
        return memo[name]
    if art.orgs.chunk_initials is None:
        _document.chunks(art)
        art.orgs.chunk_initials = ["".join(w[0] for w in c.split() if w[0].isupper()) if " " in c or "\u00a0" in c
                               else "" for c in art.doc.ct]
    hit = None
    for j, initials in enumerate(art.orgs.chunk_initials):
        if name in initials and org_initials(art, j) == name:
            hit = j
            break
    memo[name] = hit
    return hit


def _nearest_place(art: _Article, s: int, kind: str) -> _Entity | None:
    """"the state" -> the state named last before ("Florida")."""
    want = {"region": ("region",), "country": ("country",), "city": ("region", "seat")}.get(
        kind, ("region",))
    cs = _document.chunks(art)
    # the walk back stops at a chunk whose answer is known: each chunk is read once per kind
    memo = art.orgs.nearest.setdefault(want, {})
    walked = []
    i = bisect_left(cs, s) - 1
    hit = -1
    while i >= 0:
        known = memo.get(i)
        if known is not None:
            hit = known
            break
        walked.append(i)
        inf = _index.info(art, i)
        if inf is not None and (inf.kind in want or inf.kind == "role" and "region" in want and R.region_country(
                name := art.text[inf.ns:inf.ne]) and name[:1].isupper()):
            hit = i
            break
        i -= 1
    for w in walked:
        memo[w] = hit
    if hit < 0:
        return None
    inf = _index.info(art, hit)
    assert inf is not None
    if inf.kind in want:
        return _index.ent(art, hit)
    return _org(art, _Info("region", inf.start, inf.end, inf.ns, inf.ne, inf.tokens, False))


def _org_description(art: _Article, s: int, mention: str, body: str, role: R.Role | None,
                     definite: bool) -> _Entity:
    """"The Japanese government", "the Obama administration", "the campaign"."""
    country = role.country if role else None
    if country is None:
        for w in R.tokens(body)[:-1]:
            pl = R.place_country(w)
            if pl:
                country = pl[0]
                break
    words = body.split()
    name = body
    owner = None
    if len(words) >= 2 and words[0][:1].isupper():
        cs = _document.chunks(art)
        i = bisect_left(cs, s)
        for j in range(i, min(i + 3, len(cs))):
            inf = _index.info(art, j)
            if inf is not None and inf.kind == "person" and inf.start < s + len(mention):
                owner = _index.ent(art, j)
                break
    if owner is not None and country is None:
        country = _role_evidence._entity_country(art, owner) or _speaker_record.summary(art, owner)[2]
    if len(words) == 1 and definite:
        # "the administration": the fuller name used before ("Obama administration")
        name = _named_before(art, words[0], s) or name
    if definite and body.islower() and name == body:
        # "the board", "the board of elections": the capitalised name used before
        # ("the Illinois Board of Elections"), else a fuller phrase ending in the noun
        # ("the editorial board" after "the Union Leader editorial board")
        named = _capitalised_before(art, words, s)
        if named is None and mention.lower().startswith("the ") and len(words) <= 2:
            named = _things._fuller_name(art, s, s + len(mention), words[-1])
        if named is not None:
            name = named
            if country is None:
                country = _role_evidence._org_country(named)
    if name == body and definite and body.lower() in ("company", "firm", "corporation") and\
            mention.lower().startswith("the "):
        before: list[tuple[int, _Entity]] = _index.mentions_in(art, max(0, s - 1500), s)
        for _, ent in reversed(before):
            if ent.kind == "org" and ent.org_kind == "company":
                return ent  # "the company" after "Exxon Mobil"
    if country is None and words[-1].lower() in _NATIONAL_BODIES:
        country = _role_evidence.doc_country(art)
    org_name = role.organization if role else None
    return _Entity("org", tuple(name.split()), name, country=country, canon=org_name or name)


def _capitalised_before(art: _Article, words: list[str], s: int) -> str | None:
    """The last capitalised name before ``s`` whose head is ``words`` capitalised: name words
    before it or an "of" phrase after ("Ohio Board", "Board of Elections"). The text is
    searched once per head."""
    if len(words) > 4 or not words or not words[0].isalpha():
        return None
    key = " ".join(words)
    found = art.orgs.capnamed.get(key)
    if found is None:
        found = art.orgs.capnamed[key] = []
        if words[0] not in ("of", "for", "on") and words[0].capitalize() not in art.text:
            return None  # the head is never written with its capital: nothing to search for
        head = r"\s+".join(w if w in ("of", "for", "on") else re.escape(w.capitalize()) for w in words)
        pat = re.compile(rf"((?:[A-Z][\w'’.-]*\s+){{0,5}}){head}\b((?:\s+(?:of|for|on)\s+[A-Z][\w'’-]*"
                         rf"(?:\s+[A-Z][\w'’-]*)?)?)")
        for m in pat.finditer(art.text):
            lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
            if lead or (m.group(2) and len(words) == 1):
                rest = " ".join(art.text[m.end(1):m.end()].split())
                found.append((m.start(), " ".join(lead + [rest])))
    k = bisect_left(found, s, key=_first)
    return found[k - 1][1] if k else None


def _named_before(art: _Article, word: str, s: int) -> str | None:
    """The last "Obama administration" (capitalised words + ``word``) before ``s``.

    The matches in the whole text that end before ``s`` are the matches in ``text[:s]``
    (the plain reading), except one ending right at ``s``, which only the cut text can
    have: that case is read the plain way. The whole text is searched once per word."""
    text = art.text
    if len(text) <= _LONG_TEXT or text.endswith(word, 0, s):
        name = None
        for m in _name_before_pattern(word).finditer(text[:s]):
            lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
            if lead:
                name = " ".join(lead + [word])
        return name
    found = art.orgs.named.get(word)
    if found is None:
        found = []
        for m in _name_before_pattern(word).finditer(text):
            lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
            if lead:
                found.append((m.end(), " ".join(lead + [word])))
        art.orgs.named[word] = found
    k = bisect_left(found, s, key=_first)
    return found[k - 1][1] if k else None
