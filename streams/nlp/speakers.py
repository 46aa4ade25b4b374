"""Resolving each statement's speaker mention to a speaker within its article.

A statement arrives with the words that name its speaker at that point ("he",
"Wood", "the California congressman", "A Ukrainian official"). Alerts and memory
need who that is: the fullest name the article gives, the speaker's type, and the
role the article states anywhere. So one pass over the article's capitalised name
chunks links every name to an entity (surnames to the full name met before or
after, "Kim" the minister apart from "Kim Jong Un" by the role words around it);
each mention is then resolved to one of those entities: pronouns to the nearest
fitting antecedent outside quotations (subjects first), descriptions to the speaker
whose role they fit, capitals and seats to their government. Roles are read by
:mod:`roles` around every occurrence of the name, and the best stated one wins.

Pure and synchronous; costs a few hundred microseconds an article (dictionary
look-ups and precompiled regexes over short windows).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import lru_cache

from . import roles as R
from .model import Span, Speaker, SpeakerType, Statement

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_CAP = rf"(?:(?:[{_UP}]\.){{2,}}|[{_UP}][\w'’\-]{{0,3}}\.|[{_UP}][\w'’\-/]*|(?:al|el|bin|ibn)-[{_UP}][\w'’\-]*)"
_PARTICLE = r"(?:de|van|von|der|den|bin|al|da|di|du|le|la|del|dos|das|ibn|el|ter|ten|bint|abu)"
_CHUNK = re.compile(rf"(?<![\w'’.\-]){_CAP}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_CAP})*")
_QUOTE = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?")
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
_WORD = re.compile(r"[\w'’\-]+")
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_SUBORDINATORS = frozenset(
    "although though while when after before as because since if despite once until whereas".split()
)
_PRONOUNS: dict[str, tuple[str, str | None]] = {
    "he": ("person", "m"), "him": ("person", "m"), "his": ("person", "m"), "himself": ("person", "m"),
    "she": ("person", "f"), "her": ("person", "f"), "hers": ("person", "f"), "herself": ("person", "f"),
    "they": ("plural", None), "them": ("plural", None), "their": ("plural", None),
    "themselves": ("plural", None), "it": ("thing", None), "its": ("thing", None),
    "itself": ("thing", None), "who": ("relative", None), "whom": ("relative", None),
    "whose": ("relative", None), "which": ("relative", None), "that": ("relative", None),
    "i": ("self", None), "me": ("self", None), "my": ("self", None), "we": ("self", None),
    "us": ("self", None), "our": ("self", None), "you": ("self", None), "your": ("self", None),
}
_QUANTITY = frozenset(
    """of tens hundreds thousands millions billions dozens scores lots most many some all both several
    few majority half percent per cent nearly about almost roughly only just more than fewer less
    another additional""".split()
)
_QUANT_GROUP = re.compile(
    r"^(?:(?:only|nearly|about|almost|roughly|some|just|around|over|under|more than|fewer than|less than|"
    r"another|an additional|a further)\s+)*(?:\d[\d.,]*|[a-z-]+)\s*(?:percent|per cent|%)(?:\s+of\s+(?:the\s+)?(.+))?$"
    r"|^(?:(?:only|nearly|about|almost|roughly|some|just|around)\s+)*(?:\d+|[a-z-]+)\s+(?:of|in|out of)\s+"
    r"(?:\d+|ten|five|four|three|two)\s+(.+)$",
    re.IGNORECASE,
)
_THING_ADJ = frozenset(
    "new recent latest last first this previous earlier updated final fresh separate second third".split()
)
_VERBISH = frozenset(
    """is are was were be been being has have had do does did will would can could shall should may might
    must say says said argue argues argued claim claims claimed believe believes believed think thinks
    thought want wants wanted urge urges urged call calls called warn warns warned insist insists
    insisted contend contends contended allege alleges alleged told tell tells""".split()
)

# Title-case headlines capitalise the verb after a name: "..., Lindsey Graham Says".
_HEADLINE_VERBS = frozenset(
    """Says Said Tells Told Warns Warned Urges Urged Claims Calls Called Asks Asked Slams Blasts Denies
    Denied Admits Insists Vows Reveals Explains Predicts Rips Defends Accuses Praises Suggests Announces
    Argues Hits Knocks Mocks Questions Responds Wants Thinks Believes Agrees Rejects Dismisses Backs
    Endorses Attacks Blames Thanks Apologizes Apologises Confirms Threatens Promises Pledges Touts
    Doubles Fires Stands Sees Expects Fears Hopes Plans Pushes Demands Unveils Launches Declares Weighs
    Lashes Goes Gets Makes Takes Gives Is Was Has Had Will Would Can Could Won't Can't Doesn't Didn't""".split()
)
# Months that are also given names, read as dates after these words ("In June, the senator").
_DATE_WORDS = frozenset("in on since by until last early late mid this next through from".split())

# A chunk of capitalised words, decomposed: where the name is, and what it names.
_Kind = str  # person | org | seat | country | region | group | role | thing


@dataclass(frozen=True, slots=True)
class _Parts:
    kind: _Kind
    name_off: int
    name_end: int
    name: str
    tokens: tuple[str, ...]
    possessive: bool = False
    poss: tuple[int, int, str] | None = None  # a possessor inside the chunk ("NBC’s Dante Chinni")


@dataclass(slots=True, eq=False)
class _Entity:
    """Someone or something the article names; every mention resolves to one."""

    kind: str  # person | org | seat | country | region | group | anonymous | thing
    tokens: tuple[str, ...]
    name: str | None
    country: str | None = None
    org_kind: str | None = None
    canon: str | None = None
    occ: list[tuple[int, int]] = field(default_factory=list)
    extra: list[tuple[int, R.Role]] = field(default_factory=list)
    roles_read: list[tuple[int, R.Role]] = field(default_factory=list)
    roles_upto: int = 0  # occurrences whose surrounding roles are in roles_read
    gender: str | None = None
    gender_known: bool = False
    aliases: set[str] = field(default_factory=set)
    spoke: int = 0  # statements resolved to this entity so far


@dataclass(slots=True)
class _Chunk:
    start: int
    end: int
    name_start: int
    name_end: int
    kind: _Kind
    entity: _Entity | None
    possessive: bool


def resolve(text: str, statements: list[Statement]) -> list[Speaker | None]:
    """The resolved speaker of each statement, in order (None where it has no mention)."""
    if not statements:
        return []
    art = _Article(text)
    order = sorted(
        (i for i, st in enumerate(statements) if st.speaker is not None),
        key=lambda i: statements[i].speaker.start,  # type: ignore[union-attr]
    )
    found: dict[int, _Entity | None] = {}
    for i in order:
        sp = statements[i].speaker
        assert sp is not None
        found[i] = art.resolve_span(sp.start, sp.end)
    out: list[Speaker | None] = []
    for i, st in enumerate(statements):
        if st.speaker is None:
            out.append(None)
            continue
        ent = found.get(i)
        out.append(art.speaker(ent) if ent is not None else None)
    return out


# --- decomposing a capitalised chunk -----------------------------------------------------------

def _strip_possessive(tok: str) -> tuple[str, bool]:
    if tok.endswith(("'s", "’s")) and len(tok) > 2:
        return tok[:-2], True
    if tok.endswith(("s'", "s’")) and len(tok) > 2:
        return tok[:-1], True
    return tok, False


def _known_kind(phrase: str) -> _Kind | None:
    if R.organization(phrase):
        return "org"
    if R.is_seat(phrase):
        return "seat"
    if R.country_name(phrase):
        return "country"
    if R.region_country(phrase) and phrase[:1].isupper() and "." not in phrase[-1:]:
        return "region"
    return None


@lru_cache(maxsize=65536)
def _decompose(chunk: str) -> _Parts | None:
    """Where the name is in a capitalised chunk, and what kind of thing it names.

    "US Defense Secretary Lloyd Austin" -> person "Lloyd Austin";
    "The White House" -> seat; "NBC’s Dante Chinni" -> person with possessor "NBC".
    """
    lx = R.lexicon()
    toks = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", chunk)]
    i = 0
    while i < len(toks) and toks[i][2] in R.CAP_STOPWORDS:
        i += 1
    toks = toks[i:]
    if not toks:
        return None
    poss = None
    for k in range(len(toks) - 1):
        word, is_poss = _strip_possessive(toks[k][2])
        if is_poss:
            poss = (toks[0][0], toks[k][1] - (len(toks[k][2]) - len(word)), chunk[toks[0][0]:toks[k][0]] + word)
            toks = toks[k + 1:]
            break
    last_word, possessive = _strip_possessive(toks[-1][2])
    end = toks[-1][1] - (len(toks[-1][2]) - len(last_word))
    words = [t[2] for t in toks[:-1]] + [last_word]
    begin = toks[0][0]
    whole = chunk[begin:end]
    kind = _known_kind(whole)
    if kind is None and len(words) > 1 and words[0] in ("US", "U.S.", "UN", "U.N.") and R.organization(
            " ".join(words[1:])):
        kind = "org"
    if kind:
        return _Parts(kind, begin, end, whole, tuple(words), possessive, poss)
    if len(words) >= 2 and (last_word in lx.org_heads or words[0] in lx.org_heads):
        return _Parts("org", begin, end, whole, tuple(words), possessive, poss)
    if last_word in lx.thing_heads:
        return _Parts("thing", begin, end, whole, tuple(words), possessive, poss)
    # the name: capitalised words from the right, up to the first role word
    name: list[int] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        low = w.lower()
        if w in lx.honorifics or low in lx.heads or (low.endswith("s") and low[:-1] in lx.heads and len(low) > 4):
            if not name and k > 0 and (words[k - 1] in lx.female_names or words[k - 1] in lx.male_names) and \
                    low not in ("president", "senator", "minister", "secretary", "governor"):
                name.append(k)  # "Major Garrett" reads as a name when a given name stands before
                continue
            break
        if R.country_name(w) and not (w in lx.female_names or w in lx.male_names):
            if not name:
                if k > 0 and (words[k - 1] in lx.female_names or words[k - 1] in lx.male_names):
                    name.append(k)  # "Jim Jordan"
                    continue
                break
            break
        if low in lx.modifiers and len(name) >= 2:
            break
        if w in _SUFFIXES and not name:
            name.append(k)
            continue
        name.append(k)
    if not name:
        low = last_word.lower()
        if low in lx.group_nouns or (low.endswith("s") and (low[:-1] in lx.heads or R.country_name(last_word))):
            return _Parts("group", begin, end, whole, tuple(words), possessive, poss)
        return _Parts("role", begin, end, whole, tuple(words), possessive, poss)
    a = name[-1]
    nbegin = toks[a][0]
    nwords = tuple(words[a:])
    nstr = chunk[nbegin:end]
    kind = _known_kind(nstr)
    if kind:
        return _Parts(kind, nbegin, end, nstr, nwords, possessive, poss)
    while len(nwords) > 1 and nwords[-1] in _HEADLINE_VERBS:
        nwords = nwords[:-1]
        end = nbegin + len(" ".join(nwords)) if chunk[nbegin:].startswith(" ".join(nwords)) else end
        nstr = chunk[nbegin:end]
    core = [w for w in nwords if w not in _SUFFIXES]
    if not core:
        return None
    if len(core) == 1 and re.fullmatch(r"[A-Z]{2,6}", core[0]):
        return _Parts("org", nbegin, end, nstr, nwords, possessive, poss)
    if any("." in w[:-1] and len(w) > 3 for w in core):
        return None  # "R-S.C." and the like
    if core[-1].lower() in lx.group_nouns and len(core) <= 2:
        return _Parts("group", nbegin, end, nstr, nwords, possessive, poss)
    return _Parts("person", nbegin, end, nstr, tuple(core), possessive, poss)


def _same_first(a: str, b: str) -> bool:
    if a == b:
        return True
    a1, b1 = a.rstrip("."), b.rstrip(".")
    return (len(a1) == 1 and b1.startswith(a1)) or (len(b1) == 1 and a1.startswith(b1))


def slug(value: str) -> str:
    """ASCII slug for ids: "Miroslav Jenča" -> "miroslav-jenca"."""
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


# --- the article -----------------------------------------------------------------------------------

class _Article:
    """One article's names, quotations and sentences, and the entities they name."""

    def __init__(self, text: str) -> None:
        self.text = text
        qs, qe = [], []
        for m in _QUOTE.finditer(text):
            if m.end() - m.start() > 2:
                qs.append(m.start())
                qe.append(m.end())
        self.qstarts, self.qends = qs, qe
        starts = [0]
        for m in _SENT_BREAK.finditer(text):
            if m.group().startswith("\n") or not self._abbrev_before(m.start(), m.end()):
                starts.append(m.end())
        self.sent_starts = starts
        self.entities: list[_Entity] = []
        self.by_token: dict[str, list[_Entity]] = {}
        self.orgs: dict[str, _Entity] = {}
        self.chunks: list[_Chunk] = []
        self.mentions: list[tuple[int, int, _Entity]] = []
        self._doc_country: str | None | bool = False
        self._scan()
        self.chunk_starts = [c.start for c in self.chunks]
        self.body_start = self.sent_starts[1] if len(self.sent_starts) > 1 else 0

    # -- text structure -----------------------------------------------------------------------

    def _abbrev_before(self, pos: int, after: int) -> bool:
        """True when the period before ``pos`` ends an abbreviation, not the sentence.
        "U.S." ends a sentence only when a sentence-opening word follows ("U.S. The ...")."""
        k = pos - 1
        while k > 0 and not self.text[k - 1].isspace():
            k -= 1
        tok = self.text[k:pos]
        if not R._is_abbrev_token(tok):
            return False
        if re.fullmatch(r"(?:[A-Z]\.){2,}", tok):
            nxt = _WORD.match(self.text, after)
            return not (nxt and (nxt.group() in R.CAP_STOPWORDS or nxt.group().lower() in _PRONOUNS))
        return True

    def in_quote(self, pos: int) -> bool:
        i = bisect_right(self.qstarts, pos) - 1
        return i >= 0 and pos < self.qends[i]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, pos) - 1
        end = self.sent_starts[i + 1] if i + 1 < len(self.sent_starts) else len(self.text)
        return self.sent_starts[i], end

    def doc_country(self) -> str | None:
        """The country the article is mostly about, weighing domestic signals (states, national
        institutions, parties) above mere mentions of countries; None when none dominates."""
        if self._doc_country is False:
            self._doc_country = _dominant(self._country_votes())
        return self._doc_country  # type: ignore[return-value]

    def _country_votes(self) -> dict[str, int]:
        votes: dict[str, int] = {}
        text = self.text
        for c in self.chunks:
            ent = c.entity
            if ent is not None:
                if ent.kind in ("country", "seat") and ent.country:
                    votes[ent.country] = votes.get(ent.country, 0) + 1
                elif ent.kind == "region" and ent.country:
                    votes[ent.country] = votes.get(ent.country, 0) + 2
                elif ent.kind == "org" and ent.country and ent.org_kind in ("government", "party", "military"):
                    votes[ent.country] = votes.get(ent.country, 0) + 2
                continue
            if c.kind == "role":
                parts = _decompose(text[c.start:c.end])
                if parts is None:
                    continue
                for w in parts.tokens:
                    cn = R.country_name(w)
                    if cn:
                        votes[cn] = votes.get(cn, 0) + 1
                    elif w in R.PARTY_ADJECTIVES:
                        votes["United States"] = votes.get("United States", 0) + 1
                    else:
                        rc = R.region_country(w) if w[:1].isupper() else None
                        if rc:
                            votes[rc] = votes.get(rc, 0) + 2
        return votes

    # -- the name pass ------------------------------------------------------------------------

    def _scan(self) -> None:
        text = self.text
        lx = R.lexicon()
        for m in _CHUNK.finditer(text):
            for cs, ce in self._split_final(m.start(), m.group()):
                parts = _decompose(text[cs:ce])
                if parts is None:
                    continue
                kind = parts.kind
                ns, ne = cs + parts.name_off, cs + parts.name_end
                if kind == "country" and (not R.is_country_name(parts.name) or self._modifies(ce)):
                    kind = "role"
                if kind == "person" and len(parts.tokens) == 1 and (
                        self._common_word(ns, parts.tokens[0]) or self._date(ns, parts.tokens[0])):
                    kind = "role"
                if kind == "region" and self._modifies(ce):
                    kind = "role"
                if kind == "role" and len(parts.tokens) == 1 and parts.name == parts.tokens[0]:
                    known = [x for x in self.by_token.get(parts.tokens[0], ()) if x.kind == "person"
                             and len(x.tokens) >= 2 and x.tokens[-1] == parts.tokens[0]]
                    if known and not self.text[max(0, ns - 4):ns].lower().endswith(("the ", " a ")):
                        parts = _Parts("person", parts.name_off, parts.name_end, parts.name, parts.tokens,
                                       parts.possessive, parts.poss)
                        kind = "person"
                ent = None
                if parts.poss:
                    ps, pe, pname = parts.poss
                    pparts = _decompose(pname)
                    if pparts is not None and pparts.kind in ("person", "org", "seat", "country"):
                        pent = self._link(pparts.kind, pparts, cs + ps + pparts.name_off, cs + ps + pparts.name_end)
                        if pent is not None:
                            self._occur(pent, cs + ps + pparts.name_off, cs + ps + pparts.name_end)
                if kind in ("person", "org", "seat", "country", "region", "group"):
                    ent = self._link(kind, parts, ns, ne)
                    if ent is not None:
                        self._occur(ent, ns, ne)
                self.chunks.append(_Chunk(cs, ce, ns, ne, kind, ent, parts.possessive))
        del lx

    def _split_final(self, start: int, chunk: str) -> list[tuple[int, int]]:
        """Split a chunk where a sentence ends inside it ("... Kim. Then ...")."""
        if "." not in chunk:
            return [(start, start + len(chunk))]
        out = []
        s = 0
        for m in re.finditer(r"\S+", chunk):
            tok = m.group()
            if tok.endswith(".") and not R._is_abbrev_token(tok):
                out.append((start + s, start + m.end() - 1))
                s = m.end() + 1
        if s < len(chunk):
            out.append((start + s, start + len(chunk)))
        return [(a, b) for a, b in out if b > a]

    def _modifies(self, end: int) -> bool:
        """True when the word after a nationality or place is a role or group noun ("US officials")."""
        m = _WORD.match(self.text, end + 1) if end < len(self.text) and self.text[end] == " " else None
        if not m:
            return False
        w = m.group()
        low = w.lower()
        lx = R.lexicon()
        return (R.is_role_word(w) or low in lx.group_nouns or low in lx.org_nouns
                or (low.endswith("s") and low[:-1] in lx.heads) or low in ("forces", "troops", "people"))

    def _common_word(self, pos: int, word: str) -> bool:
        """A lone capitalised word opening a sentence that the article also writes in lower case."""
        if pos not in self._sentence_start_set():
            k = pos - 1
            while k >= 0 and self.text[k] in " \t\"“‘(":
                k -= 1
            if k >= 0 and self.text[k] not in ".!?:\n":
                return False
        low = word.lower()
        if low in R.lexicon().female_names or word in R.lexicon().male_names:
            return False
        return f" {low} " in self.text or f" {low}," in self.text or f" {low}." in self.text or low.endswith("ing")

    def _date(self, ns: int, word: str) -> bool:
        """"April", "May", "June" as months: after "in", "on", "since"... or before a day number."""
        if word not in ("April", "May", "June", "August"):
            return False
        j = self.text.rfind(" ", max(0, ns - 8), ns - 1)
        prev = self.text[j + 1:ns].strip().lower()
        return prev in _DATE_WORDS or bool(re.match(r" \d", self.text[ns + len(word):ns + len(word) + 2]))

    def _sentence_start_set(self) -> set[int]:
        s = getattr(self, "_sss", None)
        if s is None:
            s = set(self.sent_starts)
            self._sss = s
        return s

    def _occur(self, ent: _Entity, ns: int, ne: int) -> None:
        ent.occ.append((ns, ne))
        self.mentions.append((ns, ne, ent))

    def _index(self, ent: _Entity) -> None:
        for t in {ent.tokens[0], ent.tokens[-1]}:
            lst = self.by_token.setdefault(t, [])
            if ent not in lst:
                lst.append(ent)

    def _link(self, kind: _Kind, parts: _Parts, ns: int, ne: int) -> _Entity | None:
        if kind == "person":
            return self._link_person(parts.tokens, ns, ne)
        name = parts.name
        if name.startswith("The "):
            name = name[4:]
        if kind == "org":
            org = R.organization(name)
            if org is None and name.split()[0] in ("US", "U.S.", "UN", "U.N."):
                org = R.organization(name.split(None, 1)[1])
            canon = org.name if org else name
            k = "org:" + R.key(canon)
            ent = self.orgs.get(k)
            if ent is None and org is None and re.fullmatch(r"[A-Z]{2,6}", name):
                ent = self._acronym(name)
            if ent is None:
                country = org.country if org and org.kind in ("government", "military", "party", "media") else None
                if org is None:
                    country = self._org_country(name)
                ent = _Entity("org", tuple(name.split()), name, country=country,
                              org_kind=org.kind if org else None, canon=canon)
                self.orgs[k] = ent
                self.entities.append(ent)
            ent.aliases.add(name)
            return ent
        if kind in ("seat", "country", "region"):
            if kind == "country":
                c = R.country_name(name)
                canon = c
                display = c
            elif kind == "seat":
                c = R.capital_country(name)
                canon = name
                display = name
            else:
                c = R.region_country(name)
                canon = name
                display = name
            k = f"{kind}:" + R.key(canon or name)
            ent = self.orgs.get(k)
            if ent is None:
                ent = _Entity(kind, tuple(name.split()), display, country=c, canon=canon)
                self.orgs[k] = ent
                self.entities.append(ent)
            ent.aliases.add(name)
            return ent
        if kind == "group":
            k = "group:" + R.key(name)
            ent = self.orgs.get(k)
            if ent is None:
                role = R.parse_role(name, quality=3)
                c = R.country_name(parts.tokens[-1]) or (role.country if role else None)
                ent = _Entity("group", tuple(name.split()), name, country=c)
                self.orgs[k] = ent
                self.entities.append(ent)
            return ent
        return None

    def _acronym(self, name: str) -> _Entity | None:
        """"CNS" after "Christian News Service": the same organisation."""
        for ent in self.entities:
            if ent.kind == "org" and ent.name:
                initials = "".join(w[0] for w in ent.name.split() if w[0].isupper())
                if initials == name:
                    return ent
        return None

    def _org_country(self, name: str) -> str | None:
        words = name.split()
        for size in (3, 2, 1):
            for i in range(0, len(words) - size + 1):
                phrase = " ".join(words[i:i + size])
                org = R.organization(phrase)
                if org and org.country and org.kind in ("government", "military"):
                    return org.country
                pl = R.place_country(phrase)
                if pl:
                    return pl[0]
        return None

    def _link_person(self, tokens: tuple[str, ...], ns: int, ne: int) -> _Entity:
        toks = tuple(t for t in tokens if t not in _SUFFIXES) or tokens
        if len(toks) >= 2:
            cands = self.by_token.get(toks[-1], [])
            for e in cands:
                if e.kind == "person" and len(e.tokens) >= 2 and e.tokens[-1] == toks[-1] and _same_first(
                        e.tokens[0], toks[0]):
                    if len(toks) > len(e.tokens):
                        e.tokens = toks
                        self._index(e)
                    e.aliases.add(" ".join(toks))
                    return e
            for e in cands:
                if e.kind == "person" and len(e.tokens) == 1 and e.tokens[0] == toks[-1]:
                    e.tokens = toks  # a lone surname met first ("Sanders: ..." then "Bernie Sanders")
                    self._index(e)
                    e.aliases.add(" ".join(toks))
                    return e
            e = _Entity("person", toks, None, aliases={" ".join(toks), toks[-1]})
            self.entities.append(e)
            self._index(e)
            return e
        x = toks[0]
        cands = [e for e in self.by_token.get(x, []) if e.kind == "person"]
        if not cands:
            e = _Entity("person", toks, None, aliases={x})
            self.entities.append(e)
            self._index(e)
            return e
        if len(cands) == 1:
            return cands[0]
        return self._choose_by_context(cands, x, ns)

    def _choose_by_context(self, cands: list[_Entity], x: str, ns: int) -> _Entity:
        """Among people sharing the word ``x``, the one the role words here fit, else the latest."""
        pm = R.premodifier(self.text, ns)
        role = R.parse_role(pm[1], quality=2) if pm else None
        gender = self._honorific_gender(ns)

        def score(e: _Entity) -> tuple[int, int]:
            s = 0
            if role is not None and role.country:
                ec = self._entity_country(e)
                s += 3 if ec == role.country else (-10 if ec else 0)
            if role is not None and role.head:
                if any(_head_fits(role, r) for _, r in self.roles(e) if r.head):
                    s += 2
            if gender:
                eg = self.gender(e)
                s += 2 if eg == gender else (-10 if eg else 0)
            if e.tokens[-1] == x:
                s += 1
            last = max((a for a, _ in e.occ if a < ns), default=-1)
            return s, last

        return max(cands, key=score)

    def _honorific_gender(self, ns: int) -> str | None:
        k = ns - 1
        while k > 0 and self.text[k - 1] == " ":
            k -= 1
        j = self.text.rfind(" ", max(0, k - 6), k)
        word = self.text[j + 1:k].strip()
        spec = R.lexicon().honorifics.get(word)
        return spec.get("gender") if spec else None

    # -- roles --------------------------------------------------------------------------------

    def roles(self, e: _Entity) -> list[tuple[int, R.Role]]:
        if e.kind == "person" and e.roles_upto < len(e.occ):
            for ns, ne in e.occ[e.roles_upto:]:
                e.roles_read.extend(self._roles_at(ns, ne))
            e.roles_upto = len(e.occ)
        return e.roles_read + e.extra

    def _roles_at(self, ns: int, ne: int) -> list[tuple[int, R.Role]]:
        text = self.text
        out: list[tuple[int, R.Role]] = []
        pm = R.premodifier(text, ns)
        if pm:
            begin, phrase = pm
            r = R.parse_role(phrase, quality=3 if len(phrase.split()) > 1 else 2)
            if r is not None:
                out.append((begin, r))
        if text.startswith(("'s", "’s"), ne):
            return out
        after = ne
        ps = R.party_state(text, ne)
        if ps is not None:
            out.append((ne, ps))
            close = text.find(")", ne)
            after = close + 1 if close >= 0 else ne
        ap = R.appositive_after(text, after)
        if ap:
            r = R.parse_role(ap, quality=3)
            if r is not None and (r.head or r.organization or r.country):
                out.append((ne, r))
        if not pm:
            ab = R.appositive_before(text, ns, ne)
            if ab:
                r = R.parse_role(ab, quality=3)
                if r is not None and r.head:
                    out.append((ns - len(ab) - 2, r))
        op = R.of_place(text, ne)
        if op is not None:
            out.append((ne, op))
        return out

    def _entity_country(self, e: _Entity) -> str | None:
        if e.kind != "person":
            return e.country
        best = None
        for pos, r in self.roles(e):
            if r.country and (best is None or (r.country_strength, -pos) > (best[0], -best[1])):
                best = (r.country_strength, pos, r.country)
        return best[2] if best else None

    def gender(self, e: _Entity) -> str | None:
        if e.gender_known:
            return e.gender
        lx = R.lexicon()
        g = None
        for ns, _ in e.occ:
            g = self._honorific_gender(ns)
            if g:
                break
        if g is None and e.kind == "person":
            for _, r in self.roles(e):
                if r.title:
                    words = set(r.title.lower().split())
                    if words & lx.female_words:
                        g = "f"
                    elif words & lx.male_words:
                        g = "m"
                    if g:
                        break
        if g is None and e.kind == "person" and len(e.tokens) >= 2:
            g = R.gender_of_first_name(e.tokens[0])
        e.gender, e.gender_known = g, True
        return g

    # -- resolving one mention ------------------------------------------------------------------

    def resolve_span(self, s: int, e: int) -> _Entity | None:
        text = self.text
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if s >= e:
            return None
        mention = text[s:e]
        low = mention.lower()
        if low in _PRONOUNS:
            ent = self._pronoun(s, e, low)
        else:
            ent = self._head_entity(s, e)
            if ent is None:
                ent = self._description(s, e, mention)
        if ent is not None and ent.kind in ("person", "anonymous", "group", "org", "seat", "country", "region"):
            insort(self.mentions, (s, e, ent), key=lambda m: m[0])
            ent.spoke += 1
        return ent

    def _head_entity(self, s: int, e: int) -> _Entity | None:
        """The name the mention is about: "the US envoy to the UN, Robert Wood" -> Robert Wood."""
        text = self.text
        i = bisect_left(self.chunk_starts, s)
        for c in self.chunks[i:]:
            if c.start >= e:
                break
            if c.entity is None or c.kind in ("role", "thing") or c.possessive:
                continue
            # must end its phrase within the mention: followed by nothing, a comma or a bracket
            rest = text[c.name_end:e]
            if rest.strip() and not rest.lstrip().startswith((",", "(", "—", "–", "-")):
                continue
            # not inside a prepositional phrase of this segment ("a reporter for USA Today")
            seg_start = max(text.rfind(",", s, c.start) + 1, s)
            before = text[seg_start:c.start].lower().split()
            if any(w in R.PREPOSITIONS for w in before):
                continue
            if c.entity.kind == "region":
                continue
            return c.entity
        return None

    # -- pronouns -------------------------------------------------------------------------------

    def _fits(self, ent: _Entity, want: str, gender: str | None) -> bool:
        if want == "person":
            if ent.kind not in ("person", "anonymous"):
                return False
            if ent.kind == "anonymous" and not any(r.head for _, r in ent.extra):
                return False
            if gender:
                g = self.gender(ent)
                return g is None or g == gender
            return True
        if want == "thing":
            return ent.kind in ("org", "seat", "country")
        if want == "plural":
            return ent.kind in ("group", "org") or (ent.kind == "anonymous" and bool(ent.name))
        return True

    def _pronoun(self, s: int, e: int, low: str) -> _Entity | None:
        want, gender = _PRONOUNS[low]
        if want == "self":
            return None
        if want == "relative":
            return self._relative(s, low)
        ss, se = self.sentence(s)
        # cataphora: "Although he called for a withdrawal, Austin said ..."
        first = _WORD.match(self.text, ss + (1 if self.text[ss:ss + 1] in "\"“" else 0))
        if want == "person" and first and first.group().lower() in _SUBORDINATORS:
            comma = self.text.find(",", e, se)
            if comma > 0:
                for ms, me, ent in self.mentions[bisect_left(self.mentions, comma, key=lambda m: m[0]):]:
                    if ms >= se:
                        break
                    if not self.in_quote(ms) and self._fits(ent, want, gender) and ent.kind == "person":
                        return self._learn_gender(ent, gender)
        if want == "plural":
            g = self._plural(s, ss)
            if g is not None:
                return g
        # backwards, sentence by sentence; in each, the first fitting mention (the subject)
        hi = bisect_left(self.mentions, s, key=lambda m: m[0])
        sent_lo = ss
        steps = 0
        while hi > 0 and steps < 8:
            lo = bisect_left(self.mentions, sent_lo, key=lambda m: m[0])
            for ms, me, ent in self.mentions[lo:hi]:
                if self.in_quote(ms) or not self._fits(ent, want, gender):
                    continue
                return self._learn_gender(ent, gender)
            hi = lo
            if sent_lo == 0:
                break
            sent_lo = self.sentence(sent_lo - 1)[0]
            steps += 1
        return None

    def _learn_gender(self, ent: _Entity, gender: str | None) -> _Entity:
        if gender and ent.kind == "person" and self.gender(ent) is None:
            ent.gender = gender
        return ent

    def _plural(self, s: int, ss: int) -> _Entity | None:
        """"they": a plural noun phrase nearby (the previous sentence's subject first)."""
        text = self.text
        lx = R.lexicon()
        sentence_initial = not text[ss:s].strip(" \"“")
        if sentence_initial and ss > 0:
            ps, _ = self.sentence(ss - 1)
            np_ = self._subject_np(ps, ss)
            if np_:
                return np_
        # nearest plural group noun before the pronoun in this sentence or the previous one
        lo = self.sentence(ss - 1)[0] if ss > 0 else 0
        words = list(_WORD.finditer(text, lo, s))
        for k in range(len(words) - 1, -1, -1):
            w = words[k].group()
            lw = w.lower()
            if self.in_quote(words[k].start()):
                continue
            if lw in lx.group_nouns or (lw.endswith("s") and lw[:-1] in lx.heads and len(lw) > 4):
                a = k
                while a > 0 and (words[a - 1].group().lower() in _QUANTITY or words[a - 1].group()[:1].isdigit()):
                    a -= 1
                while a < k and words[a].group().lower() in ("of", "about", "nearly", "more", "than"):
                    a += 1
                name = text[words[a].start():words[k].end()]
                return self._adhoc("group", name, None)
        return None

    def _subject_np(self, ss: int, se: int) -> _Entity | None:
        text = self.text
        words = list(_WORD.finditer(text, ss, min(se, ss + 200)))
        out = []
        for m in words:
            w = m.group()
            lw = w.lower()
            if lw in _VERBISH or (lw.endswith("ed") and lw not in ("red", "united")) or lw in R.PREPOSITIONS and lw != "of":
                break
            out.append(m)
        if not out or len(out) > 10:
            return None
        if text[out[0].start():out[-1].end()].count(",") or self.in_quote(out[0].start()):
            return None
        lastw = out[-1].group().lower()
        if not (lastw.endswith("s") or any(m.group() == "and" for m in out)):
            return None
        begin = 0
        while begin < len(out) - 1 and out[begin].group().lower() in ("the", "a", "an"):
            begin += 1
        name = text[out[begin].start():out[-1].end()]
        # a named entity as the whole subject is found by the mention walk instead
        i = bisect_left(self.chunk_starts, out[begin].start())
        if i < len(self.chunks) and self.chunks[i].start == out[begin].start() and self.chunks[i].end == out[-1].end():
            return self.chunks[i].entity if self.chunks[i].entity and self.chunks[i].entity.kind in (
                "group", "org") else None
        return self._adhoc("group", name, None)

    def _relative(self, s: int, low: str) -> _Entity | None:
        """"29 others who", "Trent Lott, who", "China and the United States, the world's ..., which"."""
        text = self.text
        j = s
        while j > 0 and text[j - 1] in " ,":
            j -= 1
        # an appositive between the antecedent and the pronoun: skip it
        k = text.rfind(",", max(0, j - 120), j)
        if k > 0 and text[j - 1:j] != "," and text[s - 2:s].strip() == ",":
            seg = text[k + 1:j].strip().lower()
            if seg.split()[:1] and seg.split()[0] in ("the", "a", "an"):
                j = k
                while j > 0 and text[j - 1] == " ":
                    j -= 1
        hit = None
        hi = bisect_left(self.mentions, j, key=lambda m: m[0])
        for ms, me, ent in reversed(self.mentions[max(0, hi - 3):hi]):
            if me >= j - 1 and me <= j:
                hit = (ms, ent)
                break
        if hit:
            ms, ent = hit
            # "China and the United States, ..., which": the coordination, not its last name
            lo = max(0, ms - 60)
            m = re.search(r"((?:[A-Z][\w.'’-]*\s)*[A-Z][\w.'’-]*) and (?:the )?$", text[lo:ms])
            if m and low != "who":
                return self._adhoc("group", text[lo + m.start(1):j].strip(" ,"), None)
            return ent
        words = list(_WORD.finditer(text, max(0, j - 80), j))
        out = []
        for m in reversed(words):
            lw = m.group().lower()
            if lw in ("as", "well", "and", "or", "were", "was", "are", "is", "of", "to", "by", "with", "from",
                      "than", "but", "the", "a", "an") and out:
                break
            out.append(m)
        if not out:
            return None
        out.reverse()
        name = text[out[0].start():out[-1].end()]
        return self._adhoc("group" if name.endswith("s") else "anonymous", name, None)

    # -- descriptions ---------------------------------------------------------------------------

    def _adhoc(self, kind: str, name: str | None, role: R.Role | None, country: str | None = None) -> _Entity:
        ent = _Entity(kind, tuple((name or "").split()), name, country=country or (role.country if role else None))
        if role is not None:
            ent.extra.append((0, role))
        self.entities.append(ent)
        return ent

    def _description(self, s: int, e: int, mention: str) -> _Entity | None:
        lx = R.lexicon()
        text = self.text
        words = R.tokens(mention)
        if not words:
            return None
        first = words[0].lower()
        definite = (first in ("the", "this", "that", "these", "those") or first in R._POSSESSIVE_PRONOUNS
                    or words[0].endswith(("'s", "’s")))
        indefinite = first in ("a", "an", "another", "one", "some")
        bare = not definite and not indefinite
        # quantities of people: "Only 52 percent of registered voters", "73 percent"
        q = _QUANT_GROUP.match(mention)
        if q:
            of = q.group(1) or q.group(2)
            if of:
                name = of.strip()
                self._last_quant = name
                return self._adhoc("group", name, R.parse_role(name))
            return self._adhoc("group", getattr(self, "_last_quant", None) or "respondents", None)
        # cut at the first preposition or clause: the head is the last word before it
        cut = len(words)
        for i, w in enumerate(words):
            if i > 0 and (w.lower() in R.PREPOSITIONS or w.lower() in ("who", "which", "that", "handling")):
                cut = i
                break
        headword = words[cut - 1]
        hl = headword.lower()
        body = mention
        if first in ("the", "a", "an"):
            body = mention.split(None, 1)[1] if " " in mention else mention
        # coordinations of names: "The New York Times and the Gannett newspaper chain"
        pre = words[:cut]
        if "and" in pre and not R.head_of(pre) and any(w[:1].isupper() for w in pre if w.lower() not in (
                "the", "a", "an")):
            return self._adhoc("group", body, None)
        if hl in lx.thing_nouns or (hl.endswith("s") and hl[:-1] in lx.thing_nouns):
            return self._thing(s, e, mention, words, first, hl)
        if hl in lx.place_nouns and definite and cut <= 2:
            ent = self._nearest_place(s, lx.place_nouns[hl])
            if ent is not None:
                return ent
        role = R.parse_role(mention, quality=1)
        if hl in lx.org_nouns or " ".join(w.lower() for w in pre[-2:]) in lx.org_nouns:
            return self._org_description(s, mention, body, role, definite)
        plural_head = hl.endswith("s") and (hl[:-1] in lx.heads or hl[:-1] in lx.sources) and len(hl) > 3
        if hl in lx.group_nouns or plural_head or (headword[:1].isupper() and headword.endswith("s")
                                                   and (R.country_name(headword) or hl[:-1] in lx.heads)):
            if hl in lx.sources or (hl.endswith("s") and hl[:-1] in lx.sources and hl not in lx.group_nouns):
                return self._adhoc("anonymous", None, role)
            name = body
            if first in ("some", "many", "several", "most", "all", "both", "other", "few"):
                name = mention.split(None, 1)[1] if " " in mention else mention
            return self._adhoc("group", name, role)
        if role is not None and role.head is None and hl in lx.relational:
            return self._relational(s, words, hl)
        if role is not None and role.head:
            if hl in lx.sources and indefinite:
                return self._adhoc("anonymous", None, role)
            ent = self._person_for(s, role, definite=definite, bare=bare, indefinite=indefinite)
            if ent is not None:
                if role.title and ent.kind == "person":
                    ent.extra.append((s, R.Role(
                        title=role.title, organization=role.organization, country=role.country,
                        head=role.head, ranks=role.ranks, quality=1,
                        country_strength=role.country_strength, place=role.place)))
                return ent
            return self._adhoc("anonymous", None, role)
        if hl in lx.sources:
            return self._adhoc("anonymous", None, role)
        return self._thing(s, e, mention, words, first, hl)

    def _person_for(self, s: int, role: R.Role, *, definite: bool, bare: bool, indefinite: bool) -> _Entity | None:
        """The named person a description fits: before it if definite, else the one the lede introduces."""
        best_before: tuple[int, int, _Entity] | None = None
        best_after: tuple[int, int, _Entity] | None = None
        fits: dict[int, int] = {}
        for ms, me, ent in self.mentions:
            if ent.kind not in ("person", "anonymous"):
                continue
            fit = fits.get(id(ent))
            if fit is None:
                fit = fits[id(ent)] = self._fit_score(ent, role)
            if fit <= 0:
                continue
            if ms < s:
                if fit == 1:
                    # no stated role: the article's main speaker rather than the latest name
                    rank = (1, ent.spoke * 1000 + len(ent.occ))
                    if best_before is None or best_before[0] < 2 and rank[1] >= best_before[1]:
                        best_before = (1, rank[1], ent)
                elif best_before is None or best_before[0] < 2 or ms >= best_before[1]:
                    best_before = (fit, ms, ent)
            elif best_after is None or fit > best_after[0]:
                best_after = (fit, ms, ent)
        lede = s < self.body_start or self.sentence(s)[0] <= self.body_start
        if definite:
            if best_before and best_before[0] >= 2:
                return best_before[2]
            if best_after and best_after[0] >= 2:
                return best_after[2]
            if best_before:
                return best_before[2]
            return None
        if bare or (indefinite and lede):
            cands = [c for c in (best_before, best_after) if c and c[0] >= 2 and c[2].kind == "person"]
            if cands:
                return max(cands, key=lambda c: c[0])[2]
        return None

    def _fit_score(self, ent: _Entity, role: R.Role) -> int:
        """2: a stated role of ``ent`` fits the description; 1: ``ent`` has no stated role; 0: no."""
        rs = [r for _, r in self.roles(ent)]
        titled = [r for r in rs if r.head]
        ec = self._entity_country(ent) if ent.kind == "person" else ent.country
        if role.country and ec and role.country != ec:
            return 0
        if not titled:
            return 1 if ent.kind == "person" else 0
        for r in titled:
            if _head_fits(role, r) and (not role.ranks or role.ranks <= r.ranks) and not (
                    r.ranks - {"former", "ex", "ex-"}) - role.ranks:
                return 2
        return 0

    def _relational(self, s: int, words: list[str], rel: str) -> _Entity | None:
        """"His ex-wife": the person of the same family name as the possessor."""
        lx = R.lexicon()
        if rel not in lx.family_relations or words[0].lower() not in R._POSSESSIVE_PRONOUNS:
            return self._adhoc("anonymous", None, None)
        owner = self._pronoun(s, s + len(words[0]), words[0].lower())
        if owner is not None and owner.kind == "person" and len(owner.tokens) >= 1:
            sur = owner.tokens[-1]
            for ent in self.by_token.get(sur, []):
                if ent is not owner and ent.kind == "person" and len(ent.tokens) >= 2 and ent.tokens[-1] == sur:
                    return ent
        return self._adhoc("anonymous", None, None)

    def _thing(self, s: int, e: int, mention: str, words: list[str], first: str, hl: str) -> _Entity:
        """A ruling, poll or report that "says": named by the phrase (or the fuller phrase it refers to)."""
        text = self.text
        lead = mention
        parts = mention.split()
        # "Her submission to the court" -> "Ivana Trump's submission to the court"
        if first in ("her", "his", "its", "their"):
            owner = self._pronoun(s, s + len(parts[0]), first)
            if owner is not None and owner.kind == "person":
                lead = f"{self.full_name(owner)}'s " + " ".join(parts[1:])
            else:
                lead = " ".join(parts[1:])
        else:
            while parts and (parts[0].lower() in ("the", "a", "an") or parts[0].lower() in _THING_ADJ):
                parts = parts[1:]
            lead = " ".join(parts) if parts else mention
        # a bare head ("Poll", "the poll") refers to the fuller phrase nearby
        if len(parts) == 1 and parts[0].lower() == hl:
            fuller = self._fuller_thing(s, e, hl)
            if fuller:
                lead = fuller
        return self._adhoc("thing", lead, None)

    def _fuller_thing(self, s: int, e: int, head: str) -> str | None:
        rx = re.compile(
            rf"((?:[A-Z][\w'’/&-]*(?:\.[\w'’/&-]+)*[ \u00a0]+){{1,6}}(?:[a-z][\w-]*[ \u00a0]+){{0,2}})"
            rf"{re.escape(head)}s?\b")
        before = None
        after = None
        for m in rx.finditer(self.text):
            if m.start() <= s < m.end():
                continue
            ws = m.group(0).split()
            while ws and (ws[0].lower() in ("the", "a", "an") or ws[0].lower() in _THING_ADJ
                          or ws[0] in R.CAP_STOPWORDS):
                ws = ws[1:]
            if len(ws) < 2 or not ws[0][:1].isupper():
                continue
            if m.start() < s:
                before = " ".join(ws)
            elif after is None:
                after = " ".join(ws)
        headline = s < self.body_start
        return (after or before) if headline else (before or after)

    def _nearest_place(self, s: int, kind: str) -> _Entity | None:
        want = {"region": ("region",), "country": ("country",), "city": ("region", "seat")}.get(kind, ("region",))
        hi = bisect_left(self.mentions, s, key=lambda m: m[0])
        for ms, me, ent in reversed(self.mentions[:hi]):
            if ent.kind in want:
                return ent
        # places modifying other words are not mentions; look at the chunks too
        i = bisect_left(self.chunk_starts, s)
        for c in reversed(self.chunks[:i]):
            if c.kind == "role":
                parts = _decompose(self.text[c.start:c.end])
                if parts and R.region_country(parts.name) and "region" in want:
                    return self._link("region", parts, c.name_start, c.name_end)
        return None

    def _org_description(self, s: int, mention: str, body: str, role: R.Role | None, definite: bool) -> _Entity:
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
            i = bisect_left(self.chunk_starts, s)
            for c in self.chunks[i:i + 3]:
                if c.entity is not None and c.entity.kind == "person":
                    owner = c.entity
                    break
        if owner is not None and country is None:
            country = self._entity_country(owner) or self._default_country(owner)
        if len(words) == 1 and definite:
            # "the administration": the fuller name used before
            m = None
            for m in re.finditer(rf"\b((?:[A-Z][\w'’-]*\s+){{1,3}}){re.escape(words[0])}\b", self.text[:s]):
                pass
            if m:
                name = m.group(0)
        if country is None and words[-1].lower() in ("government", "administration", "military", "army",
                                                     "police", "court", "congress", "parliament", "cabinet",
                                                     "ministry", "regime", "authorities", "navy", "legislature"):
            country = self.doc_country()
        org_name = role.organization if role else None
        ent = _Entity("org", tuple(name.split()), name, country=country, canon=org_name or name)
        self.entities.append(ent)
        return ent

    # -- the speaker ----------------------------------------------------------------------------

    def full_name(self, e: _Entity) -> str:
        return " ".join(e.tokens) if e.kind == "person" else (e.name or "")

    def _default_country(self, e: _Entity) -> str | None:
        return None

    def summary(self, e: _Entity) -> tuple[str | None, str | None, str | None]:
        """Title, organization and country the article states for ``e`` (best stated role first)."""
        rs = self.roles(e)
        best = None
        for pos, r in rs:
            if r.title and (best is None or (r.quality, -pos) > (best[1].quality, -best[0])):
                best = (pos, r)
        title = best[1].title if best else None
        org = best[1].organization if best else None
        if org is None:
            for pos, r in sorted(rs, key=lambda pr: pr[0]):
                if r.organization:
                    org = r.organization
                    break
        country = None
        cbest = None
        for pos, r in rs:
            if r.country and (cbest is None or (r.country_strength, -pos) > (cbest[0], -cbest[1])):
                cbest = (r.country_strength, pos, r.country)
        if cbest:
            country = cbest[2]
        if country is None and best is not None:
            head = best[1].head or ""
            intl = org and (o := R.organization(org)) is not None and o.kind == "international"
            if (head in R.lexicon().gov_heads or R.lexicon().synonym.get(head) in R.lexicon().gov_heads) and not intl:
                country = self.doc_country()
        return title, org, country

    def speaker(self, e: _Entity) -> Speaker:
        kind = e.kind
        if kind == "person":
            title, org, country = self.summary(e)
            name = self.full_name(e)
            aliases = tuple(sorted(e.aliases | {name, e.tokens[-1]}))
            return Speaker(
                name=name, type="person", title=title, organization=org, country=country,
                speaker_id=f"person:{slug(name)}", role_source="article" if (title or org or country) else None,
                aliases=aliases,
            )
        if kind == "anonymous":
            r = e.extra[0][1] if e.extra else None
            title = r.title if r else None
            org = r.organization if r else None
            country = r.country if r else None
            if country is None and r is not None and r.head in R.lexicon().gov_heads and not org:
                country = self.doc_country()
            if e.name and title is None:
                title = e.name
            sid = "anonymous:" + (slug(_singular(r.head)) if r and r.head else "source")
            if country:
                sid += "/" + slug(country)
            elif org:
                sid += "/" + slug(org)
            return Speaker(name=None, type="anonymous", title=title, organization=org, country=country,
                           speaker_id=sid, role_source="article" if (title or org or country) else None)
        if kind == "group":
            r = e.extra[0][1] if e.extra else R.parse_role(e.name or "", quality=3)
            title = r.title if r and r.head else None
            country = e.country if e.country else (r.country if r else None)
            return Speaker(name=e.name, type="group", title=title, organization=None, country=country,
                           speaker_id="group:" + slug(e.name or "group"),
                           role_source="article" if (title or country) else None)
        # organisations, governments by capital or seat, places, things
        country = e.country
        if country is None and kind == "org" and (e.org_kind in ("government", "military") or _govlike(e.name)):
            country = self.doc_country()
        name = e.name
        if kind == "seat" and R.lexicon().capital.get(R.key(e.canon or "")):
            sid = f"org:{slug(country or '')}/government"
        elif kind == "country":
            sid = f"org:{slug(country or name or '')}/government"
        elif country and kind != "thing":
            sid = f"org:{slug(country)}/{slug(e.canon or name or '')}"
        else:
            sid = f"{'org' if kind != 'thing' else 'source'}:{slug(e.canon or name or '')}"
        return Speaker(name=name, type="organization", title=None, organization=None, country=country,
                       speaker_id=sid, role_source="article" if country else None,
                       aliases=tuple(sorted(e.aliases)))


def _dominant(votes: dict[str, int]) -> str | None:
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    top, a = ranked[0]
    b = ranked[1][1] if len(ranked) > 1 else 0
    return top if a >= 3 and a >= 1.5 * b else None


def _govlike(name: str | None) -> bool:
    if not name:
        return False
    last = name.split()[-1]
    return last in ("Court", "Congress", "Senate", "Parliament", "Government", "Administration", "Ministry",
                    "Department", "Police", "Army", "Navy", "Cabinet", "Legislature", "Assembly", "Agency",
                    "Commission", "Office", "Bureau", "Service")


def _singular(head: str) -> str:
    return head


def _head_fits(desc: R.Role, stated: R.Role) -> bool:
    """Whether a description's role noun fits a stated role ("the congressman" ~ "Rep.")."""
    a, b = desc.head, stated.head
    if not a or not b:
        return False
    lx = R.lexicon()
    fa, fb = lx.synonym.get(a, a), lx.synonym.get(b, b)
    if fa == fb or a == b:
        return True
    # "foreign minister" ~ "minister", "defense secretary" ~ "secretary"
    if a.split()[-1] == b.split()[-1] and (" " in a) != (" " in b):
        return True
    for general in (a, fa):
        cover = lx.hypernyms.get(general)
        if cover and (b in cover or fb in cover):
            return True
    for general in (b, fb):
        cover = lx.hypernyms.get(general)
        if cover and (a in cover or fa in cover):
            return True
    return False


__all__ = ["resolve", "slug", "Span"]
