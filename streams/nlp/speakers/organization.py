"""Organisations and metonyms: an organisation chunk to its entity (acronyms included), and
descriptions that stand for an organisation or a government ("the ministry", "the
administration", "Moscow").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from . import document as _document
from . import index as _index
from . import role_evidence as _role_evidence
from . import speaker_record as _speaker_record
from . import things as _things
from .entities import _Entity, _Info
from .words import _first

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


_ACRONYM = patterns.compile(r"[A-Z]{2,6}")


_OF = ("of", "for", "on")  # the words that join a name's "of" phrase ("Board of Elections")


# A capitalised word of a name read before an organisation word ("Obama administration"), and of
# its "of" phrase; the words before a capitalised head may have periods too ("U.S. Supreme Court").
_NAME_WORD = patterns.compile(r"[A-Z][\w'’-]*")


_LEAD_WORD = patterns.compile(r"[A-Z][\w'’.-]*")


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
    before it or an "of" phrase after ("Ohio Board", "Board of Elections"). The names are read
    from the chunks once per head (which neither starts nor ends with "of")."""
    if len(words) > 4 or not words or not words[0].isalpha() or words[0] in _OF or words[-1] in _OF:
        return None
    key = " ".join(words)
    found = art.orgs.capnamed.get(key)
    if found is None:
        head = [w if w in _OF else w.capitalize() for w in words]
        found = art.orgs.capnamed[key] = _capitalised_names(art, head)
    k = bisect_left(found, s, key=_first)
    return found[k - 1][1] if k else None


def _capitalised_names(art: _Article, head: list[str]) -> list[tuple[int, str]]:
    """Every name with the capitalised ``head`` ("Board", "Board of Elections"), in text order:
    where the name starts, and the name: the head with at most five capitalised words of its
    chunk before it ("Illinois Board", the stopwords left out) and the "of" phrase after it
    ("Board of Elections"). A head of one word needs one of the two, a longer head words
    before it."""
    cs = _document.chunks(art)
    ct = art.doc.ct
    out: list[tuple[int, str]] = []
    for j in _index.occurrences(art, head[0]):
        words = ct[j].split()
        at = cs[j]  # where words[k] starts
        for k, w in enumerate(words):
            here, at = at, at + len(w) + 1
            if w != head[0] and not (len(head) == 1 and _stands_for(w, head[0])):
                continue
            end = _head_end(art, j, k, head)
            if end is None:
                continue
            chain = _chunk_tail(words[:k], 5, _LEAD_WORD)
            lead = [c for c in chain if c not in R.CAP_STOPWORDS]
            of = _of_phrase(art, end) if end >= 0 else []
            if lead or (of and len(head) == 1):
                start = here - sum(map(len, chain)) - len(chain)
                out.append((start, " ".join(lead + head + of)))
    return out


def _stands_for(word: str, head: str) -> bool:
    """Whether the chunk word ``word`` is the word ``head``, or begins with it before a character that
    is no word character ("Board's", "Board-certified")."""
    if word == head:
        return True
    if not word.startswith(head):
        return False
    c = word[len(head)]
    return not (c.isalnum() or c == "_")


def _head_end(art: _Article, j: int, k: int, head: list[str]) -> int | None:
    """Where the capitalised ``head`` read from word ``k`` of chunk ``j`` on ends: the index of its
    last chunk when that chunk ends with it (an "of" phrase may follow), else -1; None when the
    chunks do not hold it. Its words are whole chunk words (its last may be followed by "'s"),
    and an "of", "for" or "on" of it stands alone between two chunks."""
    ct = art.doc.ct
    words = ct[j].split()
    exact = False
    last = len(head) - 1
    for i, h in enumerate(head):
        if h in _OF:
            if not exact or k != len(words) or _of_after(art, j) != h:
                return None
            j += 1
            words = ct[j].split()
            k = 0
            continue
        if k >= len(words):
            return None
        w = words[k]
        exact = w == h
        if not exact and not (i == last and _stands_for(w, h)):
            return None
        k += 1
    return j if exact and k == len(words) else -1


def _of_after(art: _Article, j: int) -> str | None:
    """"of", "for" or "on" when it stands alone between chunk ``j`` and the next (spaces around it)."""
    cs = art.doc.cs
    assert cs is not None
    if j + 1 >= len(cs):
        return None
    gap = art.text[art.doc.ce[j]:cs[j + 1]]
    parts = gap.split()
    if len(parts) == 1 and parts[0] in _OF and gap[0].isspace() and gap[-1].isspace():
        return parts[0]
    return None


def _of_phrase(art: _Article, j: int) -> list[str]:
    """The "of" phrase after chunk ``j``: "of", "for" or "on" and the next chunk's first one or two
    capitalised words ("of Elections"), each up to its first period; [] when there is none."""
    of = _of_after(art, j)
    if of is None:
        return []
    out = [of]
    for w in art.doc.ct[j + 1].split()[:2]:
        m = _NAME_WORD.match(w)
        if m is None:
            break
        out.append(m.group())
        if m.end() < len(w):
            break  # "Elections." ends the phrase
    return out if len(out) > 1 else []


def _chunk_tail(words: list[str], n: int, word: re.Pattern[str]) -> list[str]:
    """The last words of a chunk (at most ``n``) that ``word`` reads whole: a particle, or a word
    ``word`` does not allow ("U.S." for a name before a noun), ends them; a word of several
    joined by slashes gives its last ("USA TODAY/Suffolk University" -> "Suffolk University")."""
    k = len(words)
    stop = max(0, k - n)
    while k > stop:
        w = words[k - 1]
        if word.fullmatch(w):
            k -= 1
            continue
        part = w.rpartition("/")[2]
        if part != w and word.fullmatch(part):
            return [part, *words[k:]]
        break
    return words[k:]


def _named_before(art: _Article, word: str, s: int) -> str | None:
    """The last "Obama administration" (capitalised words + ``word``) before ``s``: the names
    are read from the chunks once per word. A mention starts a word, so none of them ends
    right at ``s``."""
    found = art.orgs.named.get(word)
    if found is None:
        found = art.orgs.named[word] = (_names_in_chunks(art, word) if word[:1].isupper()
                                        else _names_after_chunks(art, word))
    k = bisect_left(found, s, key=_first)
    return found[k - 1][1] if k else None


def _names_after_chunks(art: _Article, word: str) -> list[tuple[int, str]]:
    """Every "Obama administration" of a word written in lower case, in text order: where the word
    ends, and the name: the word after spaces after a chunk, with at most three capitalised
    words that end the chunk (the stopwords left out; none left: no name)."""
    _document.chunks(art)
    text = art.text
    size = len(text)
    ce = art.doc.ce
    ct = art.doc.ct
    out: list[tuple[int, str]] = []
    n = len(word)
    p = text.find(word)
    while p >= 0:
        q = p + n
        if p and text[p - 1].isspace() and (q == size or not (text[q].isalnum() or text[q] == "_")):
            g = p - 1  # the chunk's end, before the spaces
            while g and text[g - 1].isspace():
                g -= 1
            i = bisect_left(ce, g)
            if i < len(ce) and ce[i] == g:
                lead = [w for w in _chunk_tail(ct[i].split(), 3, _NAME_WORD) if w not in R.CAP_STOPWORDS]
                if lead:
                    out.append((q, " ".join(lead + [word])))
        p = text.find(word, p + 1)
    return out


def _names_in_chunks(art: _Article, word: str) -> list[tuple[int, str]]:
    """Every "EU Commission" of a capitalised word, in text order: where the word ends, and the name:
    the word inside a chunk, with at most three capitalised words of the chunk before it (the
    stopwords left out; none left: no name)."""
    cs = _document.chunks(art)
    ct = art.doc.ct
    out: list[tuple[int, str]] = []
    for j in _index.occurrences(art, word):
        words = ct[j].split()
        at = cs[j]
        for k, w in enumerate(words):
            here, at = at, at + len(w) + 1
            if k and _stands_for(w, word):
                lead = [c for c in _chunk_tail(words[:k], 3, _NAME_WORD) if c not in R.CAP_STOPWORDS]
                if lead:
                    out.append((here + len(word), " ".join(lead + [word])))
    return out
