"""Reading a speaker's role (title, organization, country) from the words around a name.

News text states roles in a handful of shapes, and each has a reader here:
premodifiers ("US Defense Secretary Lloyd Austin", "Sen. Lindsey Graham"), appositives
after or before the name ("Robert Wood, the US envoy to the UN," / "A lawyer for the
news outlets, David Schulz,"), possessives ("North Korea's deputy foreign minister",
"NBC's Dante Chinni") and party-state tags ("(R-S.C.)"). ``parse_role`` turns any such
phrase into a :class:`Role`; countries are normalised to common English short names
from the gazetteers in ``data/`` ("US", "U.S.", "American" -> "United States").

Everything is dictionary look-ups and precompiled regexes over short windows of text,
because resolution must cost a fraction of extraction (well under a millisecond an
article). The gazetteers are loaded once, on first use.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from . import patterns
from .digest import SHA256

DATA = Path(__file__).with_name("data")

# Words (with their dots) that end in "." without ending a sentence.
_TOKEN = patterns.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[-'’.]\w+)*\.?|&")
_SPACE_ONLY = patterns.compile(r"[ \t\u00a0]*\Z")
_APPOS_END = patterns.compile(r"[,;:()\[\]“”\"—–\n]|\s-\s|\.(?=\s|$)|\s(?:who|which|whose|that|said|says)\s")
_PARTY_STATE = patterns.compile(r"\s*\(\s*(?:(?:[DRI]|Dem|Rep|Ind|Lab|Con|LD)\s*[-–,]\s*)?([A-Za-z][\w. ]{0,18}?)\s*\)")
_PARTY_STATE_COMMA = patterns.compile(r",\s*[DRI]-([A-Z][A-Za-z.]{1,13}(?: [A-Z][A-Za-z.]{1,13})?)(?=[,;)\s]|\Z)")
_OF_PLACE = patterns.compile(r"\s+of\s+((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,2})")

DETERMINERS = frozenset(
    "the a an his her its their our my your this that these those another one some any each every".split()
)
POSSESSIVE_PRONOUNS = frozenset("his her its their our my your".split())
PREPOSITIONS = frozenset("of for to at on in with from under over within by about against among".split())
# Capitalised words that begin sentences or clauses but never begin a role or a name.
CAP_STOPWORDS = frozenset(
    """The A An And But Or Nor So Yet If When While Whilst Although Though As After Before Because
    Since Until Unless In On At For From With Without By Of To Into Onto Over Under About Above
    Against Among Amid During Despite Through Throughout Toward Towards Upon Via Meanwhile However
    Still Then Now Also Even Just Only Both Neither Either Not No Yes It He She They We I You His
    Her Their Our My Its Your This That These Those There Here What Who Whom Whose Why How Where
    Which Whether Last Next Earlier Later Today Tonight Yesterday Tomorrow Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday January February March July August September October November
    December Jan Feb Mar Apr Aug Sept Sep Oct Nov Dec Asked According Speaking Citing Like Unlike
    Instead Indeed Perhaps Maybe Many Most Some Several Few All Every Each Other Another Such More
    Less Much First Second Third Finally Overall Already Again Once Twice Thus Hence Therefore
    Otherwise Besides Moreover Furthermore Nevertheless Nonetheless Regardless Editor Editors Note
    Read Watch Click Photo Video Reporting Additional Update Updated Related Sources Source Right Well
    Okay OK Oh Please Thanks Sure Yeah Hey Sorry Back Did Does Do Is Are Was Were Has Have Had Will Can Could
    Would Should Shall May Might Must""".split()
)
PARTY_ADJECTIVES = frozenset({"Republican", "Democratic", "Democrat", "GOP", "Libertarian"})

def tokens(phrase: str) -> list[str]:
    """Words of a role phrase, keeping the dots of abbreviations ("Sen.", "U.S.")."""
    if "." not in phrase:
        return _TOKEN.findall(phrase)  # no word ends with a dot to read
    out = []
    for tok in _TOKEN.findall(phrase):
        if tok.endswith(".") and len(tok) > 2 and "." not in tok[:-1] and tok not in _lex().abbrev:
            tok = tok[:-1]
        out.append(tok)
    return out


@lru_cache(maxsize=65536)
def key(word: object) -> str:
    """Look-up form of a name: no dots, straight apostrophes, single spaces, lower case. A name in the data
    files may be read by YAML as a number ("538") or a date, so any value is taken as its text (the compiled
    build checks annotations at run time)."""
    if type(word) is str and word.isalpha():
        return word.lower()  # one word of letters (most words): nothing to drop, straighten or space
    return plain_key(word)


def plain_key(word: object) -> str:
    """:func:`key` read out in full, for any value."""
    return " ".join(str(word).replace(".", "").replace("’", "'").split()).lower()


def _short_ok(word: str) -> bool:
    """Short keys ("US", "UN", "AP") count only when written in capitals, never "us"."""
    bare = word.replace(".", "").replace(" ", "")
    return len(bare) > 3 or bare.isupper()


@dataclass(frozen=True, slots=True)
class Org:
    name: str
    kind: str
    country: str | None


# Not frozen: a frozen dataclass sets each of its nine fields through object.__setattr__, a quarter of the
# cost of parsing a short role phrase; no code assigns to a Role, and it hashes and compares by value as before.
@dataclass(slots=True, unsafe_hash=True)
class Role:
    """A role read from the article: what a user sees as title, organization, country.

    ``head`` is the role noun normalised for matching descriptions ("the senator");
    ``quality`` ranks how explicitly the article states it (3: a premodifier or
    appositive phrase, 2: a bare title word or honorific, 1: a coreferent description,
    0: only a relation such as "his counterpart"); ``country_strength`` ranks where
    the country came from (3: a nationality or country word, 2: a state, city or
    national institution, 1: a party name).
    """

    title: str | None = None
    organization: str | None = None
    country: str | None = None
    head: str | None = None
    ranks: frozenset[str] = frozenset()
    quality: int = 3
    country_strength: int = 0
    owner: str | None = None  # a possessor that is a person ("Obama's strategist")
    place: str | None = None  # a sub-national place named in the role ("Vermont")

    @property
    def family(self) -> str | None:
        return _lex().synonym.get(self.head, self.head) if self.head else None


@dataclass(slots=True)
class Lexicon:
    """All gazetteers, keyed for O(1) look-ups; built once from ``data/``."""

    country: dict[str, str] = field(default_factory=dict)
    country_names: frozenset[str] = frozenset()  # keys that name a country, not a nationality
    capital: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (country, display name)
    seat: dict[str, tuple[str, str]] = field(default_factory=dict)
    region: dict[str, str] = field(default_factory=dict)
    region_abbrev: dict[str, str] = field(default_factory=dict)
    states: set[str] = field(default_factory=set)  # keys of first-level divisions ("Ohio")
    org: dict[str, Org] = field(default_factory=dict)
    heads: frozenset[str] = frozenset()
    head_openers: frozenset[str] = frozenset()  # first words of the heads of several words ("prime")
    synonym: dict[str, str] = field(default_factory=dict)
    hypernyms: dict[str, frozenset[str]] = field(default_factory=dict)
    modifiers: frozenset[str] = frozenset()
    ranks: frozenset[str] = frozenset()
    honorifics: dict[str, dict[str, str]] = field(default_factory=dict)
    relational: frozenset[str] = frozenset()
    family_relations: frozenset[str] = frozenset()
    female_words: frozenset[str] = frozenset()
    male_words: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()
    org_nouns: frozenset[str] = frozenset()
    place_nouns: dict[str, str] = field(default_factory=dict)
    group_nouns: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    epithets: frozenset[str] = frozenset()
    thing_nouns: frozenset[str] = frozenset()
    thing_heads: frozenset[str] = frozenset()
    adjectives: frozenset[str] = frozenset()
    female_names: frozenset[str] = frozenset()
    male_names: frozenset[str] = frozenset()
    abbrev: frozenset[str] = frozenset()
    role_words: frozenset[str] = frozenset()
    gov_heads: frozenset[str] = frozenset()
    max_ngram: int = 5
    multi_first: dict[str, int] = field(default_factory=dict)
    keys: frozenset[str] = frozenset()  # every key of the place and organisation tables


_GAZETTEERS = ("capitals.yaml", "countries.yaml", "given_names.yaml", "nouns.yaml", "organizations.yaml",
               "regions.yaml", "titles.yaml")


def _gazetteers() -> dict[str, Any]:
    """The parsed gazetteer files, by file name.

    Parsing the YAML costs about 80 ms, ten times the rest of building the lexicon, and
    would land on the first article a worker resolves. So the parsed data is also kept as
    JSON in the user's cache directory, named by a hash of the files' bytes: an edited
    gazetteer gets a new cache file, and a missing, unreadable or unwritable cache only
    means parsing the YAML again.
    """
    raw = {name: (DATA / name).read_bytes() for name in _GAZETTEERS}
    digest = SHA256(b"".join(name.encode() + b"\0" + raw[name] + b"\0" for name in _GAZETTEERS))
    path = patterns.cache_dir() / f"gazetteers-{digest.hexdigest()[:32]}.json"
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        if isinstance(data, dict) and set(data) == set(_GAZETTEERS):
            return data
    except (OSError, ValueError):
        pass
    return _parse_and_cache(raw, path)


def _parse_and_cache(raw: dict[str, bytes], path: Path) -> dict[str, Any]:
    """The gazetteers parsed from their YAML, kept as JSON at ``path`` for the next run (when the
    cache missed: YAML and tempfile are imported only here, which start-up then never pays)."""
    import tempfile

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = {name: yaml.load(raw[name].decode("utf-8"), Loader=loader) for name in _GAZETTEERS}
    try:
        text = json.dumps(data, ensure_ascii=False)
        if json.loads(text) == data:  # only plain JSON types round-trip; anything else is not cached
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteers-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
    except (OSError, TypeError, ValueError):
        pass
    return data


@lru_cache(maxsize=1)
def _lex() -> Lexicon:
    lx = Lexicon()
    data = _gazetteers()
    names_of: set[str] = set()
    for canon, spec in data["countries.yaml"].items():
        for n in [canon, *(spec.get("names") or [])]:
            lx.country[key(n)] = canon
            names_of.add(key(n))
        for n in spec.get("demonyms") or []:
            lx.country[key(n)] = canon
    lx.country_names = frozenset(names_of)
    caps = data["capitals.yaml"]
    for n, c in caps["capitals"].items():
        lx.capital[key(n)] = (c, n)
    for n, c in caps["seats"].items():
        lx.seat[key(n)] = (c, n)
    for c, spec in data["regions.yaml"].items():
        for n in spec.get("states", []) or []:
            lx.region[key(n)] = c
            lx.states.add(key(n))
        for n in spec.get("places", []):
            lx.region[key(n)] = c
        for n in spec.get("abbreviations", []) or []:
            lx.region_abbrev[n] = c
            lx.region_abbrev[n.replace(".", "")] = c
    for canon, spec in data["organizations.yaml"].items():
        org = Org(canon, spec.get("kind", "other"), spec.get("country"))
        for n in [canon, *(spec.get("aliases") or [])]:
            lx.org.setdefault(key(n), org)
    t = data["titles.yaml"]
    lx.heads = frozenset(str(h).lower() for h in t["heads"]) | {"democrat", "republican", "libertarian"} | {
        str(w).lower() for group in t["synonyms"] for w in group if len(str(w)) > 3}
    lx.head_openers = frozenset(h.split(" ", 1)[0] for h in lx.heads if " " in h)
    for group in t["synonyms"]:
        canon = group[0].lower()
        for h in group:
            lx.synonym[h.lower()] = canon
    lx.hypernyms = {k.lower(): frozenset(x.lower() for x in v) for k, v in t["hypernyms"].items()}
    lx.modifiers = frozenset(str(m).lower() for m in t["modifiers"])
    lx.ranks = frozenset(t["ranks"])
    lx.honorifics = {k: (v or {}) for k, v in t["honorifics"].items()}
    lx.relational = frozenset(t["relational"])
    lx.family_relations = frozenset(t["family_relations"])
    lx.female_words = frozenset(t["female_words"])
    lx.male_words = frozenset(t["male_words"])
    lx.sources = frozenset(t["sources"])
    lx.epithets = frozenset(t["epithets"])
    nouns = data["nouns.yaml"]
    lx.org_heads = frozenset(nouns["org_heads"])
    lx.org_nouns = frozenset(nouns["org_nouns"])
    lx.place_nouns = dict(nouns["place_nouns"])
    lx.group_nouns = frozenset(g.lower() for g in nouns["group_nouns"])
    lx.person_nouns = frozenset(nouns["person_nouns"])
    lx.thing_nouns = frozenset(nouns["thing_nouns"])
    lx.thing_heads = frozenset(nouns["thing_heads"])
    lx.adjectives = frozenset(nouns["adjectives"])
    names = data["given_names.yaml"]
    lx.female_names = frozenset(names["female"])
    lx.male_names = frozenset(names["male"])
    lx.abbrev = frozenset(lx.honorifics) | frozenset(lx.region_abbrev) | {
        "Jr.", "Sr.", "St.", "Mt.", "Inc.", "Corp.", "Co.", "Ltd.", "No.", "Gov.-elect"}
    lx.role_words = lx.heads | lx.modifiers | lx.relational
    # first words of multi-word names, with the longest such name's length in words
    for table in (lx.country, lx.capital, lx.seat, lx.region, lx.org):
        for k in table:
            words = k.split()
            if len(words) > 1:
                lx.multi_first[words[0]] = max(lx.multi_first.get(words[0], 1), len(words))
    lx.keys = frozenset().union(lx.country, lx.capital, lx.seat, lx.region, lx.org)
    gov: set[str] = set()
    for h in ("politician", "official", "leader", "lawmaker", "diplomat", "commander"):
        gov |= lx.hypernyms.get(h, frozenset())
    gov |= {"judge", "justice", "prosecutor", "attorney general", "district attorney", "sheriff",
            "nominee", "candidate", "governor", "mayor", "senator", "representative", "congressman",
            "congresswoman", "secretary", "minister", "president", "vice president", "spokesman",
            "spokeswoman", "spokesperson", "press secretary", "ambassador", "envoy", "general",
            "admiral", "chancellor", "prime minister", "premier", "king", "queen", "commissioner",
            "democrat", "republican", "delegate", "hopeful", "contender", "challenger", "incumbent",
            "secretary of state", "director", "speaker", "whip", "chairman", "chair", "chairwoman"}
    lx.gov_heads = frozenset(gov)
    return lx


lexicon = _lex
"""The gazetteers (loaded on first use): ``lexicon()`` is ``_lex()`` itself, read often enough (tens
of thousands of times an article batch) that a wrapper's call would show."""


# --- single look-ups ------------------------------------------------------------------------

@lru_cache(maxsize=65536)
def known(phrase: str) -> bool:
    """False when no place or organisation table can name ``phrase`` (one set look-up instead
    of one per table); True says only that one may (the table look-ups decide)."""
    lx = _lex()
    return key(phrase) in lx.keys or phrase in lx.region_abbrev or phrase.replace(".", "") in lx.region_abbrev


@lru_cache(maxsize=65536)
def country_name(word: str) -> str | None:
    """The country a country name, abbreviation or nationality word names, normalised.

    >>> country_name("U.S."), country_name("American"), country_name("South Korean")
    ('United States', 'United States', 'South Korea')
    """
    if not word or not _short_ok(word):
        return None
    return _lex().country.get(key(word))


@lru_cache(maxsize=65536)
def is_country_name(word: str) -> bool:
    """True for a country's name ("Russia", "the US"), False for a nationality word ("Russian")."""
    return _short_ok(word) and key(word) in _lex().country_names


@lru_cache(maxsize=65536)
def capital_country(word: str) -> str | None:
    """The country whose government a capital or seat names ("Pyongyang", "the Kremlin")."""
    k = key(word)
    lx = _lex()
    hit = lx.seat.get(k) or lx.capital.get(k)
    return hit[0] if hit else None


@lru_cache(maxsize=65536)
def is_seat(word: str) -> bool:
    k = key(word)
    return k in _lex().seat or k in _lex().capital


@lru_cache(maxsize=65536)
def region_country(word: str) -> str | None:
    """The country of a state, province or city ("Vermont", "S.C.", "Manhattan")."""
    lx = _lex()
    return (lx.region.get(key(word)) or lx.region_abbrev.get(word)
            or lx.region_abbrev.get(word.replace(".", "")))


@lru_cache(maxsize=65536)
def organization(word: str) -> Org | None:
    """A known organisation by any of its names ("UN", "U.N.", "United Nations")."""
    if not word or not _short_ok(word):
        return None
    return _lex().org.get(key(word))


@lru_cache(maxsize=65536)
def place_country(word: str) -> tuple[str, int] | None:
    """Country and strength of any place word: nationality/country/capital (3) or region (2)."""
    if not known(word):
        return None
    c = country_name(word)
    if c:
        return c, 3
    c = capital_country(word)
    if c:
        return c, 3
    c = region_country(word)
    if c:
        return c, 2
    return None


@lru_cache(maxsize=65536)
def is_role_word(tok: str) -> bool:
    """A word that belongs to a role rather than to a name ("Secretary", "Defense", "Sen.")."""
    lx = _lex()
    low = tok.lower()
    return (
        tok in lx.honorifics
        or low in lx.role_words
        or (low.endswith("s") and low[:-1] in lx.heads)
    )


def gender_of_first_name(first: str) -> str | None:
    lx = _lex()
    f, m = first in lx.female_names, first in lx.male_names
    return "f" if f and not m else "m" if m and not f else None


def head_of(phrase_tokens: list[str]) -> tuple[int, int, str] | None:
    """Index range and normalised form of the rightmost role noun in ``phrase_tokens``."""
    lx = _lex()
    heads = lx.heads
    openers = lx.head_openers
    best: tuple[int, int, str] | None = None
    i = 0
    n = len(phrase_tokens)
    lows = [t.lower().rstrip(".") for t in phrase_tokens]
    while i < n:
        found = None
        low = lows[i]
        if low in openers or " " in low:  # a head of several words opens with one of its openers
            for size in (3, 2):
                if i + size <= n:
                    cand = " ".join(lows[i:i + size])
                    if cand in heads:
                        found = (i, i + size, cand)
                        break
        if found is None and low in heads:
            found = (i, i + 1, low)
        if found is None and low.endswith("s") and low[:-1] in heads and len(low) > 3:
            found = (i, i + 1, low[:-1])
        if found is None:
            spec = lx.honorifics.get(phrase_tokens[i])
            if spec and spec.get("title"):
                found = (i, i + 1, spec["title"].lower())
        if found:
            best = found
            i = found[1]
        else:
            i += 1
    return best


def _ngram_spans(toks: list[str], lookup) -> list[tuple[int, int, Any]]:
    """Greedy longest matches of ``lookup`` (a function of a phrase) over ``toks``."""
    out = []
    i, n = 0, len(toks)
    starts = _lex().multi_first
    while i < n:
        hit = None
        tok = toks[i]
        longest = starts.get(key(tok), 1)
        if longest > 1:  # most words start no name of several words
            for size in range(longest if longest < n - i else n - i, 1, -1):
                val = lookup(" ".join(toks[i:i + size]))
                if val is not None:
                    hit = (i, i + size, val)
                    break
        if hit is None and (val := lookup(tok)) is not None:
            hit = (i, i + 1, val)
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


@lru_cache(maxsize=65536)
def _place_lookup(phrase: str) -> tuple[str, int, str] | None:
    if not known(phrase):
        return None  # most phrases: one set look-up instead of three table look-ups
    c = country_name(phrase)
    if c:
        return c, 3, "country"
    c = capital_country(phrase)
    if c:
        return c, 3, "seat"
    c = region_country(phrase)
    if c and phrase[:1].isupper():
        return c, 2, "region"
    return None


@lru_cache(maxsize=65536)
def _org_lookup(phrase: str) -> Org | None:
    if not phrase[:1].isupper() and not phrase[:1].isdigit():
        return None
    return organization(phrase) if known(phrase) else None


_GOP = patterns.compile(r"\bGOP\b")
_INITIALS = patterns.compile(r"(?:[^\W\d_]\.)+")


@lru_cache(maxsize=65536)
def parse_role(phrase: str, quality: int = 3) -> Role | None:
    """The role a phrase states, or None when it states none.

    >>> r = parse_role("the US envoy to the UN")
    >>> r.title, r.country, r.organization  # the body it is sent to stays in the title
    ('envoy to the UN', 'United States', None)
    >>> parse_role("North Korea's deputy foreign minister").title
    'deputy foreign minister'
    """
    toks = _strip_determiners(tokens(phrase))
    if not toks:
        return None
    rp = _split_at_preposition(toks, _lex())
    for _name, split_rule in _SPLIT_RULES:
        split_rule(rp)
    if rp.head is None and rp.relation is None:
        return _owner_only_role(rp, quality)
    for _name, reading_rule in _READING_RULES:
        reading_rule(rp)
    return _role_of(rp, quality)


# --- the rules of parse_role -----------------------------------------------------------------------
# A phrase is split around its role noun and its possessor read (the _SPLIT_RULES in order); then its
# places, country and organization are read (the _READING_RULES in order), and the title last. The
# rules share one _RoleParse; each changes only the fields its docstring names.


@dataclass(slots=True)
class _RoleParse:
    """A role phrase being read. ``pre`` the words before its first preposition ("US envoy"), ``post``
    the words from it on ("to the UN"); ``head`` the span and normalised form of the role noun in
    ``pre``, and without one a ``relation`` word ("counterpart"); ``owner_org`` and ``owner_person`` a
    possessor ("NBC's", "Obama's"), ``body`` the words of ``pre`` after it and ``hs`` where its role
    noun starts; ``keep`` which body words stay in the title; the country with its strength (see
    :class:`Role`), a sub-national ``place``, the organization and the country an organization
    implies; ``outlet`` when a reporter's outlet ends the title at the role noun."""

    lx: Lexicon
    pre: list[str]
    post: list[str]
    body: list[str]
    head: tuple[int, int, str] | None = None
    relation: str | None = None
    owner_org: str | None = None
    owner_person: str | None = None
    hs: int = 0
    keep: list[bool] | None = None
    country: str | None = None
    strength: int = 0
    place: str | None = None
    org_name: str | None = None
    org_country: str | None = None
    outlet: bool = False


def _strip_determiners(toks: list[str]) -> list[str]:
    """The words after any leading determiners ("the US envoy" -> "US envoy", "his deputy" -> "deputy")."""
    while toks and toks[0].lower() in DETERMINERS:
        toks = toks[1:]
    return toks


def _split_at_preposition(toks: list[str], lx: Lexicon) -> _RoleParse:
    """Pre-head part up to the first preposition that is not inside a name ("University of
    Washington"), the rest after it ("envoy" / "to the UN")."""
    p = _pre_head_end(toks, lx.heads)
    pre = toks[:p]
    return _RoleParse(lx, pre, toks[p:], pre)


def _keep_first_conjunct(rp: _RoleParse) -> None:
    """``pre``, ``post``: a coordination in the pre-head part keeps its first conjunct when it has a
    role noun ("mayor and his aides" -> "mayor"), unless both are role nouns of one person ("president
    and chief executive")."""
    pre = rp.pre
    if "and" in pre:
        a = pre.index("and")
        if head_of(pre[:a]) and not _both_heads(pre, a):
            rp.pre, rp.post = pre[:a], []


def _find_head(rp: _RoleParse) -> None:
    """``head``: the rightmost role noun of the pre-head part; a lowercase participle after it opens a
    clause that is no part of the role ("governor challenged by rivals last year" -> "governor").
    Without another role noun, "head" before a post-head phrase is one ("head of the agency")."""
    pre = rp.pre
    head = rp.head = head_of(pre)
    if head is None:
        if pre and rp.post and pre[-1].lower() == "head":
            rp.head = (len(pre) - 1, len(pre), "head")
    elif head[1] < len(pre) and _verbal(pre[head[1]]):
        rp.pre, rp.post = pre[:head[1]], []


def _find_relation(rp: _RoleParse) -> None:
    """``relation``: without a role noun, the rightmost relation word of one or two words ("his
    counterpart", "her close ally")."""
    if rp.head is not None:
        return
    relational = rp.lx.relational
    low = [t.lower() for t in rp.pre]
    for i in range(len(low) - 1, -1, -1):
        if low[i] in relational or (i > 0 and f"{low[i-1]} {low[i]}" in relational):
            rp.relation = low[i]
            return


def _read_owner(rp: _RoleParse) -> None:
    """``body``, ``hs`` and the possessor before the role noun: a place gives the country ("North
    Korea's deputy foreign minister"), a known organization itself and, a government's or army's, its
    country ("NBC's", "State Department's"); another capitalised possessor is an organization when it
    ends in an organization word ("Acme Institute's"), else a person ("Obama's strategist")."""
    pre, head = rp.pre, rp.head
    hstart = head[0] if head else len(pre)
    for i in range(hstart - 1, -1, -1):
        t = pre[i]
        if t.endswith(("'s", "’s")) or (t.endswith("s'") and t[0].isupper()):  # "Korea's", "Veterans'"
            break
    else:
        rp.body, rp.hs = pre, hstart
        return
    rp.body, rp.hs = pre[i + 1:], hstart - i - 1
    owner = " ".join(pre[:i] + [t[:-2] if t.endswith("s") else t[:-1]])
    pl = _place_lookup(owner)
    org = _org_lookup(owner)
    if pl:
        rp.country = pl[0]
    elif org:
        rp.owner_org = org.name
        rp.country = org.country if org.kind in ("government", "military") else None
    elif owner[:1].isupper():
        if owner.split()[-1] in rp.lx.org_heads:
            rp.owner_org = owner
        else:
            rp.owner_person = owner
    rp.strength = 3 if rp.country else 0
    rp.org_name = rp.owner_org


# Applied in order: each may narrow the parts or set the head the next one reads.
_SPLIT_RULES: tuple[tuple[str, Callable[[_RoleParse], None]], ...] = (
    ("first conjunct", _keep_first_conjunct),
    ("role noun", _find_head),
    ("relation", _find_relation),
    ("possessor", _read_owner),
)


def _owner_only_role(rp: _RoleParse, quality: int) -> Role | None:
    """A phrase with no role noun and no relation states a role only as an organization's
    possessive before a name ("NBC's" in "NBC's Mia Stone")."""
    if rp.owner_org and not rp.body:
        return Role(organization=rp.owner_org, country=rp.country, quality=quality,
                    country_strength=3 if rp.country else 0)
    return None


def _pre_head_places(rp: _RoleParse) -> None:
    """``keep``, the country and ``place`` from the words before the role noun: nationality words
    leave the title ("US Defense Secretary" -> "Defense Secretary"), with a joiner between them; a
    region is the place ("Vermont state senator"); the strongest country wins, and two different
    nationalities leave none ("US and South Korean defense ministers")."""
    body = rp.body
    keep = rp.keep = [True] * len(body)
    if rp.hs == 0:
        return  # the role noun comes first ("spokesman for the ministry"): no place before it
    removed = False
    for i, j, (c, s, kind) in _ngram_spans(body[:rp.hs], _place_lookup):
        if kind == "country":
            for k in range(i, j):
                keep[k] = False
            removed = True
        elif kind == "region":
            rp.place = rp.place or " ".join(body[i:j])
        if rp.country is None or s > rp.strength:
            rp.country, rp.strength = c, s
        elif c != rp.country and s == rp.strength == 3 and kind == "country":
            rp.country, rp.strength = None, -1
    if rp.strength < 0:
        rp.strength = 0
    if removed:
        _drop_stranded_joiners(body, keep)


def _drop_stranded_joiners(body: list[str], keep: list[bool]) -> None:
    """"and", "&" or "-" left between removed nationality words leaves the title too ("Canadian and
    Mexican trade ministers" -> "trade ministers")."""
    for i, t in enumerate(body):
        if t in ("and", "&", "-") and (i == 0 or not keep[i - 1]) and (i + 1 < len(keep) and not keep[i + 1]):
            keep[i] = False


def _post_head_places(rp: _RoleParse) -> None:
    """The country and ``place`` after "of" or "in" ("attorney general of Oklahoma", "president of
    Ukraine"), and a nationality inside the body after "of", "for" or "at" when no country is read yet
    ("leader of the anti-immigration UK Independence Party")."""
    post = rp.post
    if not post:
        return
    for i, j, (c, s, kind) in _ngram_spans(post, _place_lookup):
        if i > 0 and post[i - 1].lower() in ("of", "in") and (rp.country is None or s > rp.strength):
            rp.country, rp.strength = c, s
            if kind == "region":
                rp.place = rp.place or " ".join(post[i:j])
        elif rp.country is None and kind == "country" and _owning_of(post, i):
            rp.country, rp.strength = c, s


def _organizations(rp: _RoleParse) -> None:
    """``org_name``, ``org_country``: without an owning organization, the first known one named in the
    phrase ("to the UN", "of the House Intelligence Committee", "Ohio Democratic Party"), else a
    capitalised run ending in an organization word ("Refugee Processing Center"). A party adjective
    alone names no organization, only a country when none is read ("Republican senator"); a
    government's, army's or party's country is kept for the next rule."""
    if rp.org_name is not None:
        return
    all_toks = rp.body + rp.post
    for i, j, org in _ngram_spans(all_toks, _org_lookup):
        if j - i == 1 and org.kind == "party" and all_toks[i] in PARTY_ADJECTIVES:
            if rp.country is None:
                rp.country, rp.strength = org.country, 1
            continue
        rp.org_name = rp.org_name or _widen_org(all_toks, i, j, org.name)
        if org.country and org.kind in ("government", "military", "party"):
            rp.org_country = rp.org_country or org.country
    if rp.org_name is None:
        rp.org_name = _capitalised_org(all_toks)


def _country_from_organization(rp: _RoleParse) -> None:
    """The country of a government, army or party named, when the phrase names none stronger than a
    party ("spokeswoman for the State Department" -> United States); else a US party word
    ("Republican", "GOP") gives the United States when nothing gives a country."""
    if rp.org_country and (rp.country is None or rp.strength < 2):
        rp.country, rp.strength = rp.org_country, 2
    if rp.country is None:
        for t in rp.body + rp.post:
            if t in PARTY_ADJECTIVES:
                rp.country, rp.strength = "United States", 1
                return


def _not_member_when_sent(rp: _RoleParse) -> None:
    """``org_name``: an envoy is sent to an organization, not part of it ("the US envoy to the UN"),
    unless the possessor owns the role ("the UN's envoy")."""
    head = rp.head
    if head and rp.lx.synonym.get(head[2], head[2]) in _SENT_TO and not rp.owner_org:
        rp.org_name = None


def _reporters_outlet(rp: _RoleParse) -> None:
    """``outlet``: a reporter's or pollster's outlet after "for", "at" or "with" is the organization,
    not part of the title ("reporter for USA Today" -> "reporter")."""
    post = rp.post
    if rp.head and post and post[0].lower() in ("for", "at", "with") and rp.org_name:
        o = organization(rp.org_name)
        rp.outlet = o is not None and o.kind in ("media", "pollster")


# Applied in order: later rules read the country and organization the earlier ones set.
_READING_RULES: tuple[tuple[str, Callable[[_RoleParse], None]], ...] = (
    ("places before the role noun", _pre_head_places),
    ("places after the role noun", _post_head_places),
    ("organization", _organizations),
    ("organization's or party's country", _country_from_organization),
    ("sent to an organization", _not_member_when_sent),
    ("reporter's outlet", _reporters_outlet),
)


def _role_of(rp: _RoleParse, quality: int) -> Role:
    """The role read: a title only with a role noun (see :func:`_title_of`); the rank words before the
    role noun ("deputy", "acting"); a relation alone has quality 0."""
    head = rp.head
    body, hs = rp.body, rp.hs
    lx_ranks = rp.lx.ranks
    ranks = frozenset(t.lower() for t in body[:hs] if t.lower() in lx_ranks) if hs else frozenset()
    # by position, in the order of Role's fields: a call by keywords costs three times as much (390 ns, 130 ns)
    return Role(
        _title_of(rp) if head else None,  # title
        rp.org_name,  # organization
        rp.country,
        head[2] if head else None,  # head
        ranks,
        quality if head else 0,  # quality
        rp.strength if rp.country else 0,  # country_strength
        rp.owner_person,  # owner
        rp.place,
    )


def _title_of(rp: _RoleParse) -> str | None:
    """The kept body words, an honorific read as its title ("Sen." -> "Senator"), then the post-head
    part ("envoy to the UN"), or only the kept words before a reporter's outlet; joined without edge
    commas, "GOP" read "Republican"; a title of more than 14 words is cut to its first 14 as they
    stand."""
    kept = zip(rp.body, rp.keep or (), strict=True)
    if rp.outlet:
        title_toks = [t for t, k in kept if k]
    else:
        honorifics = rp.lx.honorifics
        title_toks = [_honorific_title(t) if t in honorifics else t for t, k in kept if k] + rp.post
    title = " ".join(title_toks).strip(" ,")
    if not title:
        return None
    title = _GOP.sub("Republican", title)
    if len(title_toks) > 14:
        title = " ".join(title_toks[:14])
    return title or None


def _pre_head_end(toks: list[str], heads: frozenset[str]) -> int:
    """Where the pre-head part of a role phrase ends: at the first preposition that is not inside
    a name ("University of Washington" before a role noun), else at the end."""
    for i in range(1, len(toks)):
        if toks[i].lower() in PREPOSITIONS and not (
                toks[i - 1][:1].isupper() and i + 1 < len(toks) and toks[i + 1][:1].isupper()
                and any(x.lower() in heads for x in toks[i + 2:])
                and toks[i - 1].lower() not in heads):
            return i
    return len(toks)


def _both_heads(pre: list[str], a: int) -> bool:
    """"president and chief executive": two role nouns of one person, not two people's roles."""
    first, rest = pre[:a], pre[a + 1:]
    h1, h2 = head_of(first), head_of(rest)
    return (h1 is not None and h1[:2] == (0, len(first)) and h2 is not None and h2[:2] == (0, len(rest))
            and all(t[:1].islower() for t in first + rest))


def _verbal(tok: str) -> bool:
    """A lowercase participle opening a clause after a role ("challenged", "running")."""
    low = tok.lower()
    return tok[:1].islower() and len(low) > 4 and low.endswith(("ed", "ing")) and low not in _lex().heads \
        and low not in _lex().modifiers


def _owning_of(post: list[str], i: int) -> bool:
    """Whether ``post[i]``, a nationality word after the role's head, stands inside the body the
    role belongs to: after "of", "for" or "at" and lowercase modifiers only ("of the right-wing
    Dutch Party for Freedom"), not after "to" or "with" ("envoy to the UN")."""
    k = i - 1
    while k >= 0 and (post[k].lower() in DETERMINERS or (post[k][:1].islower() and post[k] not in PREPOSITIONS)):
        k -= 1
    return k >= 0 and k < i - 1 and post[k].lower() in ("of", "for", "at") and post[i + 1:i + 2] != []


def _honorific_title(tok: str) -> str:
    """"Sen." as a title reads "Senator"."""
    spec = _lex().honorifics.get(tok)
    return spec.get("title", tok) if spec else tok


def _widen_org(toks: list[str], i: int, j: int, canon: str) -> str:
    """A known organisation named inside a longer capitalised name keeps the longer name
    ("Ohio Democratic Party" around "Democratic Party"); otherwise its canonical name."""
    a = i
    while a > 0 and toks[a - 1][:1].isupper() and not is_role_word(toks[a - 1]) and \
            not country_name(toks[a - 1]):
        a -= 1
    if a < i and region_country(" ".join(toks[a:i])):
        return " ".join(toks[a:j])
    return canon


def _capitalised_org(toks: list[str]) -> str | None:
    """The longest capitalised run ending in an organisation word ("Refugee Processing Center")."""
    lx = _lex()
    i, n = 0, len(toks)
    while i < n:
        if toks[i][:1].isupper() and toks[i] not in CAP_STOPWORDS:
            j = i
            while j + 1 < n and (toks[j + 1][:1].isupper() or (
                toks[j + 1] in ("of", "for", "the", "and", "on") and j + 2 < n
                    and toks[j + 2][:1].isupper())):
                j += 1
            run = toks[i:j + 1]
            # trailing role words are not part of the organisation ("... Court Justice")
            while run and run[-1].lower() in lx.heads and run[-1] not in lx.org_heads:
                run = run[:-1]
            while run and (run[0].lower() in lx.heads or run[0] in ("of", "for", "the")):
                run = run[1:]
            if run and run[-1].endswith(("'s", "’s")):
                run = run[:-1] + [run[-1][:-2]]
            if len(run) >= 2 and (run[-1] in lx.org_heads or run[0] in lx.org_heads):
                return " ".join(run)
            i = j + 1
        else:
            i += 1
    return None


# --- reading roles around a name --------------------------------------------------------------

@lru_cache(maxsize=16384)
def is_abbrev_token(tok: str) -> bool:
    """Whether a token ending in a period is an abbreviation ("Mr.", "Calif.", initials), not a
    sentence's end."""
    lx = _lex()
    return tok in lx.abbrev or bool(_INITIALS.fullmatch(tok))


_GLUED = patterns.compile(r"(?<=[a-z]{3})[a-z][A-Z][a-z]")


def _opens_sentence(text: str, k: int) -> bool:
    j = k - 1
    while j >= 0 and text[j] in " \t\u00a0":
        j -= 1
    return j < 0 or text[j] in ".!?\n"


def _verb_before_place(accepted: list[tuple[int, str]]) -> bool:
    """Whether the first word of a premodifier is no role, modifier, place or name part before a
    place ("Take Idaho Republican Sens."), while the two are no place together ("New York")."""
    first, second = accepted[-1][1], accepted[-2][1]
    lx = _lex()
    low = first.lower()
    if first in lx.honorifics or low in lx.heads or low in lx.modifiers or key(first) in lx.keys:
        return False
    if first in lx.female_names or first in lx.male_names:
        return False
    return place_country(second) is not None and place_country(f"{first} {second}") is None


def premodifier(text: str, start: int, floor: int = 0) -> tuple[int, str] | None:
    """The role words written right before a name ("US Defense Secretary", "Sen."), with
    their start offset; None when the words before the name are not a role.

    Walks back word by word over single spaces (no regex): most names have none.
    """
    if start < 2 or text[start - 1] not in " \u00a0":
        return None
    lx = _lex()
    lo = start - 160 if start - 160 > floor else floor
    right = start - 1  # the space after the word being read
    accepted: list[tuple[int, str]] = []
    has_role = False
    while right > lo:
        if text[right - 1].isspace():
            break  # no word here
        tok = text[lo:right].rsplit(None, 1)[-1]  # the word ending here (one C-level scan)
        k = right - len(tok)
        opener = tok[0] in "\"“‘(["
        if opener:
            tok = tok[1:]
            k += 1
        if not tok or tok[-1] in ",;:)\"”’!?]" and not tok.endswith(("s’", "s'")):
            break
        if tok.endswith(".") and not is_abbrev_token(tok):
            break  # a sentence ended here
        glued = _GLUED.search(tok)
        if glued and (tok[glued.start() + 1:].lower() in lx.modifiers or tok[glued.start() + 1:].lower() in lx.heads):
            # a photo credit run into the caption: "AFP/Getty ImagesRepublican candidate"
            accepted.append((k + glued.start() + 1, tok[glued.start() + 1:]))
            break
        low = tok.lower()
        if tok in lx.honorifics:
            has_role = has_role or bool(lx.honorifics[tok].get("title"))
        elif tok in CAP_STOPWORDS or low in DETERMINERS:
            break
        elif low in lx.heads or low in lx.relational or (low.endswith("s") and low[:-1] in lx.heads):
            has_role = True
        elif low in lx.modifiers or tok[0].isupper() or (tok[0].isdigit() and len(tok) == 4):
            pass
        elif low in ("of", "the", "for", "on", "&") and accepted and accepted[-1][1][0].isupper():
            pass
        else:
            break
        accepted.append((k, tok))
        if opener or k - 1 < lo or text[k - 1] not in " \u00a0":
            break
        right = k - 1
    while accepted and (accepted[-1][1].lower() in ("of", "the", "for", "and", "&", "on")
                        or accepted[-1][1] in CAP_STOPWORDS):
        accepted.pop()
    if len(accepted) >= 2 and _opens_sentence(text, accepted[-1][0]) and _verb_before_place(accepted):
        accepted.pop()  # "Take Idaho Republican Sens. ...": the sentence's verb, not a role word
    if not accepted:
        return None
    if not has_role and not accepted[0][1].endswith(("'s", "’s")):
        return None
    begin = accepted[-1][0]
    return begin, text[begin:start]


def appositive_after(text: str, end: int) -> str | None:
    """", the US envoy to the UN," after a name: the role phrase, else None."""
    n = len(text)
    i = end
    while i < n and text[i] in " \t\u00a0":
        i += 1
    if i >= n or text[i] != ",":
        return None
    i += 1
    while i < n and text[i] == " ":
        i += 1
    w = _WHO_IS.match(text, i)
    if w:
        i = w.end()  # ", who is chairman of ...", ", now director of ..."
    limit = i + 200 if i + 200 < n else n
    m = _APPOS_END.search(text, i, limit)
    j = m.start() if m else limit
    while m and m.group() == "." and is_abbrev_token(_last_token(text, m.start() + 1)):
        m = _APPOS_END.search(text, m.end(), limit)
        j = m.start() if m else limit
    seg = text[i:j].strip()
    if not seg or seg[:1].isdigit():
        return None
    m2 = _WHO_IS.match(seg)
    if m2:
        seg = seg[m2.end():]  # "who was Rubio's campaign pollster", "now director of ..."
        if not seg:
            return None
    words = seg.lower().split()
    if words[0] in ("who", "which", "whose", "where", "when", "said", "says", "told", "added", "and", "but"):
        return None
    if not _VERBISH.isdisjoint(words):
        # an appositive left open before the verb: "Gary Byrne, a former Secret Service agent
        # for President Bill Clinton has written a book"; else a clause, not a noun phrase
        k = next(i for i, w in enumerate(words) if w in _VERBISH)
        cut = seg.split()[:k]
        named = any(w[:1].isupper() and p[:1].islower() and p.endswith("ed") and p.lower() not in _lex().modifiers
                    for p, w in pairwise(cut))  # "a worker named Antonio Arroyo has": a new person
        if k < 2 or words[0] not in ("a", "an") or named or head_of(tokens(" ".join(cut))) is None:
            return None
        seg = " ".join(cut)
        words = words[:k]
    if seg[:1].islower() and words[0] not in DETERMINERS and words[0] not in _lex().role_words:
        return None  # "... said on Tuesday, adding ..."
    if _TITLE_AND_NAME.match(seg) and is_role_word(seg.split()[0]) and \
            not organization(seg.split(None, 1)[1]):
        return None  # a list of people: "Governor Kasich, Governor Christie, Senator Rubio"
    return seg


_WHO_ROLE = patterns.compile(r"\s+who\s+(directs|heads|leads|chairs|runs|founded|is|was)\s+")
_WHO_VERB_ROLE = {"directs": "director of", "heads": "head of", "leads": "leader of", "chairs": "chair of",
                  "runs": "head of", "founded": "founder of"}


# What ends the object of a relative clause's verb: a year, or a second verb ("who founded the Trust in 1999
# and is a longtime councillor" -> "founder of the Trust").
_AFTER_THE_OBJECT = patterns.compile(r"\s+(?:in|since)\s+\d{4}\b|\s+(?:and|but)\s+(?:is|was|has|had|now|later|also)\b")


def who_role(text: str, end: int) -> str | None:
    """The post a relative clause after a name's appositive states: ", an economist who is the
    director of the UCLA Anderson Forecast" -> "director of the UCLA Anderson Forecast";
    "who directs the Tax Policy Center" -> "director of the Tax Policy Center"."""
    limit = end + 200 if end + 200 < len(text) else len(text)
    if text.find("who", end, limit) < 0:
        return None  # most names have no "who" clause near: no regex scan
    m = _WHO_ROLE.search(text, end, limit)
    if m is None or any(c in text[end:m.start()] for c in ".;:\"“”\n"):
        return None
    e = _APPOS_END.search(text, m.end(), min(len(text), m.end() + 120))
    seg = text[m.end():e.start() if e else limit].strip()
    verb = m.group(1)
    if verb in _WHO_VERB_ROLE:
        if not seg[:1].isupper() and not seg.lower().startswith("the "):
            return None  # "who runs fast"
        cut = _AFTER_THE_OBJECT.search(seg)  # "founded the Trust in 1999 and is a longtime ..."
        return f"{_WHO_VERB_ROLE[verb]} {seg[:cut.start()] if cut else seg}"
    words = seg.split()
    if len(words) < 3 or words[0].lower() not in ("the", "a", "an") or " of " not in f" {seg} ":
        return None  # "who is the director of ...", not "who is running"
    return seg


_AS_ROLE = patterns.compile(r"[ \t\u00a0]+as[ \t\u00a0]+(?:the|a|an|its|their|his|her)[ \t\u00a0]+")


def as_role(text: str, end: int) -> str | None:
    """" as the presumptive Republican nominee" after a name: the role phrase, else None."""
    m = _AS_ROLE.match(text, end)
    if not m:
        return None
    i = m.start() + len(m.group().rstrip()) - len(m.group().split()[-1])  # the determiner
    limit = min(len(text), m.end() + 120)
    e = _APPOS_END.search(text, m.end(), limit)
    seg = text[i:e.start() if e else limit].strip()
    words = seg.lower().split()
    if len(words) < 2 or not _VERBISH.isdisjoint(words):
        return None
    return seg


def _last_token(text: str, upto: int) -> str:
    k = upto - 1
    while k > 0 and not text[k - 1].isspace():
        k -= 1
    return text[k:upto]


_SENT_TO = frozenset({"envoy", "ambassador", "emissary", "delegate", "representative",
                      "permanent representative", "observer", "consul", "diplomat", "negotiator"})
_TITLE_AND_NAME = patterns.compile(r"[A-Z][\w.]*\.? [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?\Z")
_WHO_IS = patterns.compile(
    r"(?:who (?:is|was|has been|had been|became|serves as|served as) |now |currently |then )")
_CLAUSE_OPENERS = frozenset("while and but as whereas meanwhile then also including like".split())
_VERBISH = frozenset(
    """is are was were be been has have had will would can could should said says told called urged
    warned argued added noted did does do""".split()
)


def appositive_before(text: str, start: int, end: int | None = None) -> str | None:
    """"the US envoy to the UN, " before a name (itself followed by a comma): the role phrase."""
    if end is not None:
        k = end
        while k < len(text) and text[k] in " \t\u00a0":
            k += 1
        if k >= len(text) or text[k] not in ",(":
            return None
    j = start
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == 0 or text[j - 1] != ",":
        return None
    j -= 1
    lo = max(0, j - 160)
    k = j
    while k > lo and text[k - 1] not in ",;:!?\"“”()\n—":
        if text[k - 1] == "." and k - 1 > 0 and not is_abbrev_token(_last_token(text, k)):
            break
        k -= 1
    seg = text[k:j]
    toks = list(_TOKEN.finditer(seg))
    begin = None
    prev = None
    for m in toks:
        low = m.group().lower()
        if low in ("the", "a", "an") and (prev is None or prev in _CLAUSE_OPENERS):
            begin = m.start()
        prev = low
    if begin is None:
        first = toks[0].group() if toks else ""
        if first[:1].isupper() and (is_role_word(first) or first.endswith(("'s", "’s"))):
            begin = toks[0].start()  # "Carter’s press secretary, Peter Cook,"
        else:
            return None
    return seg[begin:].strip()


def party_state(text: str, end: int) -> Role | None:
    """"(R-S.C.)" / "(D-Calif.)" / ", R-Iowa," after a name: a US party and state."""
    m = _PARTY_STATE.match(text, end) or _PARTY_STATE_COMMA.match(text, end)
    if not m:
        return None
    c = region_country(m.group(1).strip())
    if not c:
        return None
    return Role(country=c, quality=0, country_strength=2, place=m.group(1).strip())


def of_place(text: str, end: int) -> Role | None:
    """"Gov. Chris Christie of New Jersey": the place after a name."""
    m = _OF_PLACE.match(text, end)
    if not m:
        return None
    words = m.group(1).rstrip(".,").split()
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[:size])
        pl = _place_lookup(phrase)
        if pl:
            return Role(country=pl[0], quality=0, country_strength=pl[1],
                        place=phrase if pl[2] == "region" else None)
    return None


def places_conflict(a: str, b: str) -> bool:
    """Whether two places a role states are different states ("Florida" and "Ky."): cities and
    regions conflict with nothing ("the Chicago Democrat" may be "(D-Ill.)")."""
    lx = _lex()

    def state(p: str) -> bool:
        return key(p) in lx.states or p in lx.region_abbrev or p.replace(".", "") in lx.region_abbrev

    return state(a) and state(b) and not same_place(a, b)


def same_place(a: str, b: str) -> bool:
    """Whether two place names may name the same place: "Calif." or "CA" and "California",
    "N.H." and "New Hampshire" (an abbreviation's letters stand in order in the name, the
    first letter first)."""
    x, y = a.replace(".", "").replace(" ", "").lower(), b.replace(".", "").replace(" ", "").lower()
    if x == y:
        return True
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if not short or short[0] != long_[0]:
        return False
    it = iter(long_[1:])
    return all(ch in it for ch in short[1:])
