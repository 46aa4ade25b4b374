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
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter

from . import roles as R
from .model import Span, Speaker, Statement

_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
# possessive quantifiers: nothing after them can need a shorter match, and the split runs faster
_CAP = rf"[{_UP}][\w'’\-/]*+(?:\.[{_UP}])*+\.?"
_PARTICLE = r"(?:de|van|von|der|den|bin|al|da|di|du|le|la|del|dos|das|ibn|el|ter|ten|bint|abu)"
_CHUNK = re.compile(rf"{_CAP}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0])?{_CAP})*+")
_CHUNK_SPLIT = re.compile("(" + _CHUNK.pattern + ")")
_UNSEEN = object()
_first = itemgetter(0)  # sort and bisect key: the position of (position, ...) tuples
_RUN = re.compile(r"[^\W_]+")  # letters and digits: \w is str.isalnum() and "_"
_PICK_WALK = 64  # mentions a description walks through; past that, the people among them are
_PICK_ENTITIES = 128  # weighed one by one (polnear articles: at most 249 mentions of 72 people);
_PICK_WINDOW = 128  # past that, the mentions on either side of the description are walked
# Articles longer than this (characters; the longest polnear one has 34k) have their words, lines
# and fuller names indexed once; shorter ones are searched directly, which costs them less.
_LONG_TEXT = 50_000
_NONSPACE = re.compile(r"\S+")


def _ROLE_WORDS() -> frozenset[str]:
    return R.lexicon().role_words
_PARA_BREAK = re.compile(r"[.!?][\"”’)\]]*[ \t\u00a0]+(?=[\"“‘(\[]?[A-Z0-9])")
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
    r"another|an additional|a further)\s+)*(?:\d[\d.,]*|[a-z-]+)\s*(?:percent|per cent|%)"
    r"(?:\s+of\s+(?:the\s+)?(.+))?$"
    r"|^(?:(?:only|nearly|about|almost|roughly|some|just|around)\s+)*(?:\d+|[a-z-]+)\s+(?:of|in|out of)\s+"
    r"(?:\d+|ten|five|four|three|two)\s+(.+)$",
    re.IGNORECASE,
)
_ASCII_UPPER = re.compile("[A-Z]")
_WORD_START = re.compile(r"\w")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_SPACE_DIGIT = re.compile(r" \d")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_NAMES_AND = re.compile(r"((?:[A-Z][\w.'’-]*\s)*[A-Z][\w.'’-]*) and (?:the )?$")


def _is_word_char(text: str, i: int) -> bool:
    """Whether ``text[i]`` is a regex word character (``\\w``: alphanumeric or "_"); False outside."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _word_or_plural(text: str, word: str, wordlike: bool = False) -> Iterator[tuple[int, int]]:
    """Where "poll" or "polls" stands as a whole word: the spans ``re.finditer`` gives for
    ``word s? \\b`` (``\\b word s? \\b`` unless ``wordlike``: its first character a word
    character, and the caller checks the one before it). Found with ``str.find``: a pattern
    compiled for each head word cost more than all its searches."""
    n = len(word)
    p = text.find(word)
    while p >= 0:
        if wordlike or _is_word_char(text, p - 1) != _is_word_char(text, p):
            q = p + n
            if text.startswith("s", q) and _is_word_char(text, q) != _is_word_char(text, q + 1):
                yield p, q + 1
                p = text.find(word, q + 1)
                continue
            if _is_word_char(text, q - 1) != _is_word_char(text, q):
                yield p, q
                p = text.find(word, q)
                continue
        p = text.find(word, p + 1)


@lru_cache(maxsize=4096)
def _named_before(word: str) -> re.Pattern[str]:
    """One to three capitalised words before ``word`` ("Obama administration")."""
    return re.compile(rf"\b((?:[A-Z][\w'’-]*\s+){{1,3}}){re.escape(word)}\b")


# Capitalised words (and up to two lower-case ones) right before a noun: "Reuters/Ipsos opinion ".
_FULLER = re.compile(r"(?:[A-Z][\w'’/&-]*(?:\.[\w'’/&-]+)*[ \u00a0]+){1,6}(?:[a-z][\w-]*[ \u00a0]+){0,2}\Z")
_PLACE_PREPOSITIONS = frozenset("in on at from to into near across outside inside toward towards".split())
_SAID_AFTER = re.compile(r"(?:’s|'s)? (?:said|says|told|tells|added|asked|wrote|argued|explained|noted|"
                         r"insisted|"
                         r"warned|stated|claimed|replied|responded|tweeted|has said|had said)\b")
_NATIONAL_BODIES = frozenset(
    """government administration military army police court congress parliament cabinet ministry regime
    authorities navy legislature""".split()
)
_LEADING_ADVERBS = frozenset(
    "of about nearly perhaps some roughly almost approximately more than only just at least over "
    "under".split()
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
    Lashes Goes Gets Makes Takes Gives Is Was Has Had Will Would Can Could Won't Can't Doesn't
    Didn't""".split()
)
# Time and manner words a speaker mention may trail: cut before resolving it.
_TAIL_PREPOSITIONS = "on|last|this|next|early|earlier|late|later|in|at|during"
_TAIL_ADVERBS = ("today|yesterday|tonight|recently|again|also|however|too|then|now|previously|earlier|later"
                 "|separately|similarly|meanwhile")
_TIME_TAIL = re.compile(
    rf"(?:,?\s+(?:{_TAIL_PREPOSITIONS})\s+"
    r"(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|week|month|year|weekend|night|morning|afternoon|evening|day|time|the\s+past|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b.*"
    rf"|,?\s+(?:{_TAIL_ADVERBS})\b.*)\Z",
    re.DOTALL,
)
_TIME_TAIL_WORD = re.compile(rf"\s(?:{_TAIL_PREPOSITIONS}|{_TAIL_ADVERBS})\b")
"""A word that opens a time tail, after a space: a mention without one has no tail, and this
search (it opens with a space class) costs a fraction of the tail's own."""


def _time_tail(text: str, s: int, e: int) -> re.Match[str] | None:
    """``_TIME_TAIL.search(text, s, e)``, skipped when no tail word is there."""
    if _TIME_TAIL_WORD.search(text, s, e) is None:
        return None
    return _TIME_TAIL.search(text, s, e)
# "Democrats and Republicans", "Mark Blumenthal and Jon Cohen", "She and her husband"
_COORDINATION = re.compile(
    r"^(?:[Tt]he |[Mm]any |[Ss]ome |[Ss]everal |[Bb]oth )?[\w.'’-]+(?: [\w.'’-]+){0,3} and ")
# What may follow the name a mention is about: an appositive, a party-state tag, "of Ohio".
_NAME_TAIL = re.compile(r"\s*(?:[,(—–-]|[DRI]-[A-Z])")
_OF_TAIL = re.compile(r"\s*of ((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*)?)")
# "Mr. Hale of the Budget Policy Center" (an affiliation), "Jane Ortiz in a blog post" (a medium)
_AFFILIATION_TAIL = re.compile(r"\s*(?:of the [A-Z]|in (?:a|an|his|her|their) \w)")


def _name_tail(rest: str) -> bool:
    """"Governor John R. Kasich of Ohio", "Sen. Lindsey Graham (R-S.C.)", "Robert Wood, the envoy"."""
    if _NAME_TAIL.match(rest):
        return True
    if _AFFILIATION_TAIL.match(rest):
        return True
    m = _OF_TAIL.match(rest)
    return m is not None and R.place_country(m.group(1).rstrip(".,")) is not None
# after a description: its "of"/"for" phrase, then a comma before the name it stands beside
_APPOSED_NAME = re.compile(r"(?:\s+(?:of|for|at)\s+[^,.;:\"“”]{1,60})?,\s+")
_PARTY_HEADS = frozenset(("democrat", "republican"))
# documents someone sends out, named after the sender ("the email" -> "Cruz campaign fundraising email")
_SENT_DOCS = frozenset("email letter memo ad advertisement commercial mailer video tweet release statement".split())
_SPOKEN_WORDS = frozenset(("remarks", "comments", "comment", "words"))
_QUANTIFIERS = frozenset("some many several numerous various multiple".split())
_REPORTED_SUBJECT = re.compile(r"\b(?:said|says|reported|reports)\s+(?:that\s+)?[A-Z]")
_SEND_VERB = re.compile(r"\s*(?:sent|released|issued|posted|published|aired|launched|unveiled|says|said|put|emailed)\b")
# who opens a sentence: "The Cruz campaign", "The American Action Network", "His campaign"
_SENDER = re.compile(r"\s*(?:(?:[Tt]he|On \w+,)\s+)?(?:([Hh]is|[Hh]er|[Tt]heir)\s+)?((?:[A-Z][\w'’.-]*\s+)*)([a-z]+)?")
_OBJECT_WORDS = frozenset(("than",))
# ", Hillary Clinton and Senator Bernie Sanders," after a plural description: the names it lists
_NAME_RUN = r"(?:[A-Z][\w.'’-]*\.?[ \u00a0])*[A-Z][\w'’-]+"
_PLURAL_LISTING = re.compile(rf"((?:[Tt]he |[Tt]wo |[Tt]hree |[Bb]oth )?(?:[\w-]+ ){{0,3}}[a-z][\w-]*s),[ \u00a0]+"
                             rf"({_NAME_RUN}(?:,[ \u00a0]+{_NAME_RUN})*,?[ \u00a0]+and[ \u00a0]+{_NAME_RUN}),?\Z")
_LISTED_NAMES = re.compile(rf",[ \u00a0]+({_NAME_RUN}(?:,[ \u00a0]+{_NAME_RUN})*,?[ \u00a0]+and[ \u00a0]+{_NAME_RUN})"
                           r"(?=[,.;:)\s])")
# "the Texas senator", "the New York businessman": a place and a role noun after "the"
# "\b[Tt]he", written so that the scan looks for the letter first (twice as fast over an article)
_PLACED_DESCRIPTION = re.compile(r"[Tt](?<!\w[Tt])he ((?:[A-Z][\w.'’-]*[ \u00a0]){1,3})([a-z][\w-]*)\b(?![-'’])")
_AUTHORED = re.compile(r"\s(?:by|from)\s(?:the\s)?")
_OF_PLACE_GAP = re.compile(r"(?: of [A-Z][\w.]*(?: [A-Z][\w.]*)*| \([^)]{1,20}\))[ ,]*\Z")
_RELATIVE_WINDOW = 400
"""How far before a relative pronoun ("X, who") its antecedent's name may start, in characters."""
_PERCENT_OF = re.compile(
    r"(?:percent|per cent|%|\b(?:of|in|out of) (?:\d+|ten|10))\s+(?:of\s+)?(?:the\s+|all\s+|those\s+)?"
    r"((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\b"
)
_CONTRACTION = re.compile(r"['’](?:ve|re|ll|d|m|t)$|n['’]t$", re.IGNORECASE)
# Months that are also given names, read as dates after these words ("In June, the senator").
_MONTH_NAMES = frozenset(("April", "May", "June", "August"))
_DATE_WORDS = frozenset("in on since by until last early late mid this next through from".split())

# A chunk of capitalised words, decomposed: where the name is, and what it names.
_Kind = str  # person | org | seat | country | region | group | role | thing


@dataclass(slots=True)
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
    extra: list[tuple[int, R.Role]] = field(default_factory=list)  # roles from descriptions
    occ: list[tuple[int, int]] | None = None  # name occurrences (persons), found on demand
    roles_read: list[tuple[int, R.Role]] | None = None
    name_roles: list[tuple[int, R.Role]] | None = None
    busy: bool = False
    gender: str | None = None
    gender_known: bool = False
    aliases: set[str] = field(default_factory=set)
    spoke: int = 0  # statements resolved to this entity so far
    someone: bool | None = None  # evidence that a "person" is one (cached)
    extra_at: dict[R.Role, int] | None = None  # each role of ``extra`` at its first position


@dataclass(slots=True)
class _Info:
    """A capitalised chunk of the article, decoded in context."""

    kind: _Kind
    start: int
    end: int
    ns: int
    ne: int
    tokens: tuple[str, ...]
    possessive: bool


def resolve(text: str, statements: list[Statement]) -> list[Speaker | None]:
    """The resolved speaker of each statement, in order (None where it has no mention)."""
    if not statements:
        return []
    art = _Article(text)
    art.prime([st.speaker for st in statements if st.speaker is not None])
    order = sorted(
        (i for i, st in enumerate(statements) if st.speaker is not None),
        key=lambda i: statements[i].speaker.start,  # type: ignore[union-attr]
    )
    found: dict[int, _Entity | None] = {}
    for i in order:
        sp = statements[i].speaker
        assert sp is not None
        found[i] = art.resolve_span(sp.start, sp.end)
    art.attach_descriptions({(st.speaker.start, st.speaker.end) for st in statements if st.speaker})
    out: list[Speaker | None] = []
    for i in range(len(statements)):
        ent = found.get(i)
        out.append(art.speaker(ent) if ent is not None else None)
    return out


@dataclass(slots=True)
class Explanation:
    """Which rules gave one statement its speaker, for ``quotewire extract --explain``."""

    mention: str | None
    resolver: str | None  # name | pronoun | relative pronoun | description | photo credit
    antecedent: str | None  # the name the mention was linked to, with where the article gives it
    sources: dict[str, str]  # title / organization / country -> where it came from


def explain(text: str, statements: list[Statement]) -> list[Explanation]:
    """The resolution of each statement's speaker, with the rules that fired (same answers as
    :func:`resolve`)."""
    art = _Article(text)
    art.prime([st.speaker for st in statements if st.speaker is not None])
    order = sorted((i for i, st in enumerate(statements) if st.speaker is not None),
                   key=lambda i: statements[i].speaker.start)  # type: ignore[union-attr]
    found = {i: art.resolve_span(statements[i].speaker.start, statements[i].speaker.end)  # type: ignore[union-attr]
             for i in order}
    art.attach_descriptions({(st.speaker.start, st.speaker.end) for st in statements if st.speaker})
    out = []
    for i, st in enumerate(statements):
        if st.speaker is None:
            out.append(Explanation(None, None, None, {}))
            continue
        ent = found.get(i)
        mention = text[st.speaker.start:st.speaker.end]
        how = next((h for p, h in art.how.items() if st.speaker.start <= p < st.speaker.end), "photo credit")
        antecedent = None
        if ent is not None and ent.kind == "person":
            occ = art.person_occ(ent)
            antecedent = art.full_name(ent) + (f" (named at {occ[0][0]})" if occ else "")
        elif ent is not None:
            antecedent = ent.name
        out.append(Explanation(mention, how, antecedent, art.role_sources(ent) if ent is not None else {}))
    return out


class _ByEntity:
    """Mentions ``(position, entity)`` grouped by entity, so that a description weighs each
    candidate once instead of walking every mention of the article.

    Each entity keeps its positions in text order as ``(position, seq)``: ``seq`` numbers the
    additions, so that mentions at one position keep the order a sorted list of them would
    have (``insort`` after equal keys; a stable sort)."""

    __slots__ = ("by", "seq")

    def __init__(self) -> None:
        self.by: dict[int, tuple[_Entity, list[tuple[int, int]]]] = {}
        self.seq = 0

    def add(self, pos: int, ent: _Entity) -> None:
        self.seq += 1
        got = self.by.get(id(ent))
        if got is None:
            self.by[id(ent)] = (ent, [(pos, self.seq)])
        else:
            insort(got[1], (pos, self.seq))

    def in_order(self) -> list[tuple[_Entity, list[tuple[int, int]]]]:
        """The entities in the order of their first mention."""
        return sorted(self.by.values(), key=_first_mention)


def _first_mention(t: tuple[_Entity, list[tuple[int, int]]]) -> tuple[int, int]:
    return t[1][0]


# --- decomposing a capitalised chunk -----------------------------------------------------------

def _strip_possessive(tok: str) -> tuple[str, bool]:
    if tok.endswith("''"):
        tok = tok.rstrip("'")  # the closing quote of ''Remain''
    if tok.endswith(("'s", "’s")) and len(tok) > 2:
        return tok[:-2], True
    if tok.endswith(("s'", "s’")) and len(tok) > 2:
        return tok[:-1], True
    return tok, False


def _known_kind(phrase: str) -> _Kind | None:
    if not R.known(phrase):
        return None
    if R.organization(phrase):
        return "org"
    if R.is_seat(phrase):
        return "seat"
    if R.country_name(phrase):
        return "country"
    if R.region_country(phrase) and phrase[:1].isupper() and phrase not in R.lexicon().honorifics:
        return "region"
    return None


@lru_cache(maxsize=131072)
def _decompose(chunk: str) -> _Parts | None:  # noqa: C901 - issue 15 breaks it into named rules
    """Where the name is in a capitalised chunk, and what kind of thing it names.

    "US Defense Secretary Lloyd Austin" -> person "Lloyd Austin";
    "The White House" -> seat; "NBC’s Dante Chinni" -> person with possessor "NBC".
    Cached by chunk text: names recur within and across articles.
    """
    if " " not in chunk and "\u00a0" not in chunk:
        return _decompose_word(chunk)
    lx = R.lexicon()
    raw = chunk.replace("\u00a0", " ").split(" ")
    offs = []
    o = 0
    for w in raw:
        offs.append(o)
        o += len(w) + 1
    i = 0
    n = len(raw)
    while i < n and raw[i] in R.CAP_STOPWORDS:
        i += 1
    if i == n:
        return None
    if i == n - 1:
        p = _decompose_word(raw[i])
        if p is None:
            return None
        return _Parts(p.kind, p.name_off + offs[i], p.name_end + offs[i], p.name, p.tokens, p.possessive,
                      None)
    raw, offs = raw[i:], offs[i:]
    poss = None
    for k in range(len(raw) - 1):
        word, is_poss = _strip_possessive(raw[k])
        if is_poss:
            poss = (offs[0], offs[k] + len(word), chunk[offs[0]:offs[k]] + word)
            raw, offs = raw[k + 1:], offs[k + 1:]
            break
    last_word, possessive = _strip_possessive(raw[-1])
    if last_word.endswith(".") and not R._is_abbrev_token(last_word):
        last_word = last_word[:-1]  # the sentence's period
    end = offs[-1] + len(last_word)
    words = raw[:-1] + [last_word]
    begin = offs[0]
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
        given_before = k > 0 and (words[k - 1] in lx.female_names or words[k - 1] in lx.male_names)
        plural_head = low.endswith("s") and low[:-1] in lx.heads and len(low) > 4
        if w in lx.honorifics or low in lx.heads or plural_head:
            if not name and given_before and low not in ("president", "senator", "minister", "secretary",
                                                          "governor"):
                name.append(k)  # "Major Garrett", "Howard Dean": a given name stands before
                continue
            break
        if R.country_name(w) and not (w in lx.female_names or w in lx.male_names):
            if not name and given_before:
                name.append(k)  # "Jim Jordan"
                continue
            break
        if low in lx.modifiers and len(name) >= 2 and not _inside_name(words, k):
            break
        name.append(k)
    if not name:
        low = last_word.lower()
        plural = low.endswith("s") and (low[:-1] in lx.heads or R.country_name(last_word))
        if low in lx.group_nouns or plural:
            return _Parts("group", begin, end, whole, tuple(words), possessive, poss)
        return _Parts("role", begin, end, whole, tuple(words), possessive, poss)
    a = name[-1]
    nbegin = offs[a]
    nwords = words[a:]
    while len(nwords) > 1 and nwords[-1] in _HEADLINE_VERBS:
        nwords = nwords[:-1]
        end = nbegin + len(" ".join(nwords))
    nstr = chunk[nbegin:end]
    kind = _known_kind(nstr)
    if kind:
        return _Parts(kind, nbegin, end, nstr, tuple(nwords), possessive, poss)
    core = [w for w in nwords if w not in _SUFFIXES]
    if not core:
        return None
    if len(core) > 1 and core[0] not in lx.female_names and core[0] not in lx.male_names and (
            R.capital_country(core[0]) or R.region_country(core[0]) or R.country_name(core[0])):
        return _Parts("org", nbegin, end, nstr, tuple(nwords), possessive, poss)  # "Washington Free Beacon"
    if len(core) == 1:
        p = _decompose_word(core[0])
        if p is None or p.kind != "person":
            return None if p is None else _Parts(p.kind, nbegin, end, nstr, tuple(nwords), possessive, poss)
    if any("." in w[:-1] and len(w) > 3 for w in core):
        return None  # "R-S.C." and the like
    if any(w in R.CAP_STOPWORDS or w in _HEADLINE_VERBS for w in core[1:]) or (
            len(core) > 1 and all(w.isupper() for w in core)) or (
            core[0].endswith("ing") and core[0] not in lx.male_names and core[0] not in lx.female_names):
        # "The Gap Goes On", "NEW HAMPSHIRE SHOWS STRONG TRUMP LEAD", "Closing Gitmo"
        return _Parts("thing", nbegin, end, nstr, tuple(nwords), possessive, poss)
    if core[-1].lower() in lx.group_nouns and len(core) <= 2:
        return _Parts("group", nbegin, end, nstr, tuple(nwords), possessive, poss)
    if core[0] not in lx.female_names and core[0] not in lx.male_names and sum(
            w.lower() in lx.modifiers for w in core) >= 2:
        return _Parts("org", nbegin, end, nstr, tuple(nwords), possessive, poss)  # "New Energy Finance"
    return _Parts("person", nbegin, end, nstr, tuple(core), possessive, poss)


def _inside_name(words: list[str], k: int) -> bool:
    """Whether the capitalised modifier ``words[k]`` stands inside a name, after a name word
    that is no role, honorific, modifier or country ("Bloomberg New Energy Finance")."""
    if k == 0:
        return False
    lx = R.lexicon()
    prev = words[k - 1]
    low = prev.lower()
    return (prev[:1].isupper() and prev not in lx.honorifics and low not in lx.heads and low not in lx.modifiers
            and prev not in R.CAP_STOPWORDS and not R.country_name(prev) and not prev.endswith("."))


@lru_cache(maxsize=65536)
def _decompose_word(word: str) -> _Parts | None:
    """The one-word case of :func:`_decompose` ("Trump", "Pyongyang's", "Republicans", "CNS")."""
    lx = R.lexicon()
    w, possessive = _strip_possessive(word)
    if w.endswith(".") and not R._is_abbrev_token(w):
        w = w[:-1]
    if w in R.CAP_STOPWORDS or w in _SUFFIXES or _CONTRACTION.search(w) or w in lx.adjectives:
        return None
    if w[1:2] == "-" and w[:1] in "DRI" and R.region_country(w[2:]):
        return None  # a party-state tag ("R-Iowa"), not a name
    if w in lx.honorifics:
        return _Parts("role", 0, len(w), w, (w,), possessive, None)
    n = len(w)
    kind = _known_kind(w)
    if kind:
        return _Parts(kind, 0, n, w, (w,), possessive, None)
    low = w.lower()
    if w in lx.honorifics or low in lx.heads or low in lx.modifiers:
        return _Parts("role", 0, n, w, (w,), possessive, None)
    if low in lx.group_nouns or (low.endswith("s") and (low[:-1] in lx.heads or R.country_name(w))):
        return _Parts("group", 0, n, w, (w,), possessive, None)
    if w in lx.thing_heads:
        return _Parts("thing", 0, n, w, (w,), possessive, None)
    if low in lx.org_nouns or low in lx.thing_nouns:
        return _Parts("role", 0, n, w, (w,), possessive, None)  # "Newspaper: ..." opening a headline
    if w in lx.org_heads:
        return _Parts("org", 0, n, w, (w,), possessive, None)  # "the Court", "the Commission"
    if 2 <= n <= 6 and w.isupper() and w.isalpha():
        return _Parts("org", 0, n, w, (w,), possessive, None)
    if n > 6 and w.isupper():
        return _Parts("thing", 0, n, w, (w,), possessive, None)  # a word of an all-capitals heading
    if "." in w[:-1] or (w.endswith(".") and n <= 2) or w in _HEADLINE_VERBS:
        return None
    return _Parts("person", 0, n, w, (w,), possessive, None)


@lru_cache(maxsize=1)
def _gendered_honorifics() -> tuple[str, ...]:
    """The honorifics that tell a gender ("Mr.", "Mrs.", "Sir"): a name after none of them needs no look-up."""
    return tuple(h for h, spec in R.lexicon().honorifics.items() if spec.get("gender"))


def _same_first(a: str, b: str) -> bool:
    if a == b:
        return True
    a1, b1 = a.rstrip("."), b.rstrip(".")
    return (len(a1) == 1 and b1.startswith(a1)) or (len(b1) == 1 and a1.startswith(b1))


@lru_cache(maxsize=65536)
def slug(value: str) -> str:
    """ASCII slug for ids: "Miroslav Jenča" -> "miroslav-jenca"."""
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_.lower()).strip("-")


# --- the article -----------------------------------------------------------------------------------

class _Article:
    """One article, read lazily: only the names, sentences and quotations a mention needs.

    Capitalised chunks are found by one fast regex; each is decoded (and linked to an
    entity) only when a mention, an antecedent search or a role read asks for it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._cs: list[int] | None = None
        self._ce: list[int] = []
        self._info: list = []
        self._ent: list = []
        self._ct: list[str] = []
        self._occ: dict[str, list[int]] = {}
        self._heads: dict[tuple[int, int], _Entity] = {}  # prime's head entities by mention span
        self._fulls: dict[str, list[_Entity]] = {}
        self._capnamed: dict[str, list[tuple[int, str]]] = {}  # org heads -> capitalised names
        self._ct_low: list[str | None] | None = None  # chunk texts in lower case (_full_names_with)
        self._firsts_with: dict[str, dict[str, list[tuple[str, ...]]]] = {}  # _full_names_with answers
        self._cut_names: dict[str, bool] = {}  # fuller phrases found cut from a longer name
        self.how: dict[int, str] = {}  # mention start -> which resolver answered (for explain)
        self._org_opened: dict[str, int | None] = {}  # word -> first org chunk it opens (None: none)
        self._lone_done: dict[str, int] = {}  # word -> how many of its occurrences are resolved
        self._by_last: dict[str, list[tuple[str, _Entity]]] = {}  # persons by last name, in order
        self._full_surname: dict[str, bool] = {}  # word -> the last name of a full name somewhere
        self._initials: dict[str, _Entity] = {}  # initials -> first listed org of several words
        self._org_chunk_initials: dict[str, int] | None = None  # initials -> first org chunk
        self._nearest: dict[tuple[str, ...], dict[int, int]] = {}  # _nearest_place answers by chunk
        self._named: dict[str, list[tuple[int, str]]] = {}  # word -> ("Obama administration" end, name)
        self._things: dict[str, list[tuple[int, int, str]]] = {}  # head -> fuller phrases of it
        self._nl: list[int] | None = None  # newline offsets
        self._runs: dict[str, list[tuple[int, int]]] | None = None  # chunk words (long texts)
        self._marks: tuple[list[int], list[int], list[int], list[int]] | None = None  # quote marks
        self._paras: dict[int, list[int]] = {}
        self._roles_memo: dict[tuple[int, int], list[tuple[int, R.Role]]] = {}  # _roles_at answers
        self.persons: dict[tuple[str, str], _Entity] = {}
        self.orgs: dict[str, _Entity] = {}
        self.extra: list[tuple[int, int, _Entity]] = []
        self.spk: list[tuple[int, _Entity]] = []  # speakers' mentions: primed names, then resolutions
        self._spk_by: _ByEntity | None = None  # the same, by entity (built when first needed)
        self._people_list: list[tuple[int, _Entity]] | None = None  # people(), kept up to date
        self._people_by: _ByEntity | None = None  # the same, by entity
        # _fit_score by description and entity, with what it read (see there)
        self._fit: dict[tuple[R.Role, bool], dict[int, tuple[tuple[bool, bool, int], int]]] = {}
        self._doc_country: str | bool | None = False
        self._all_people: list[tuple[int, _Entity]] | None = None
        self._speakers: dict[int, Speaker] = {}
        self._last_quant: str | None = None
        self._common: dict[str, bool] = {}
        first_nl = text.find("\n")
        body = 0
        if 0 <= first_nl < 250:  # a headline line
            body = first_nl
            while body < len(text) and text[body].isspace():
                body += 1
        self.body_start = body

    # -- text structure -------------------------------------------------------------------------

    def chunks(self) -> list[int]:
        """Start offsets of the capitalised chunks (ends in ``self._ce``, texts in ``self._ct``),
        found on first use with one C-level split (no per-match objects)."""
        if self._cs is None:
            text = self.text
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
                    for a, b in self._split_final(cs[i], ct[i]):
                        ncs.append(a)
                        nce.append(b)
                        nct.append(text[a:b])
                cs = ncs + cs[done:]
                ce = nce + ce[done:]
                ct = nct + ct[done:]
            self._cs, self._ce, self._ct = cs, ce, ct
            n = len(cs)
            self._info = [_UNSEEN] * n
            self._ent = [_UNSEEN] * n
        return self._cs

    def _split_final(self, start: int, chunk: str) -> list[tuple[int, int]]:
        """Split a chunk where a sentence ends inside it ("... Kim. Then ...")."""
        out = []
        s = 0
        for m in _NONSPACE.finditer(chunk):
            tok = m.group()
            if tok.endswith(".") and m.end() < len(chunk) and not R._is_abbrev_token(tok):
                out.append((start + s, start + m.end() - 1))
                s = m.end() + 1
        out.append((start + s, start + len(chunk)))
        return [(a, b) for a, b in out if b > a]

    def _para(self, pos: int) -> tuple[int, int]:
        """The paragraph (line) holding ``pos``: found by bisection in the newline offsets, so a
        one-paragraph article is not searched end to end for each mention."""
        nl = self._nl
        if nl is None:
            text = self.text
            if len(text) <= _LONG_TEXT:
                a = text.rfind("\n", 0, pos) + 1
                b = text.find("\n", pos)
                return a, (len(text) if b < 0 else b)
            nl = self._nl = []
            k = text.find("\n")
            while k >= 0:
                nl.append(k)
                k = text.find("\n", k + 1)
        i = bisect_left(nl, pos)
        return (nl[i - 1] + 1 if i else 0), (nl[i] if i < len(nl) else len(self.text))

    def _sent_starts(self, a: int, b: int) -> list[int]:
        starts = self._paras.get(a)
        if starts is None:
            starts = [a]
            for m in _PARA_BREAK.finditer(self.text, a, b):
                if not self._abbrev_before(m.start() + 1, m.end()):
                    starts.append(m.end())
            self._paras[a] = starts
        return starts

    def _abbrev_before(self, pos: int, after: int) -> bool:
        """True when the period before ``pos`` ends an abbreviation, not the sentence.
        "U.S." ends a sentence only when a sentence-opening word follows ("U.S. The ...")."""
        text = self.text
        if text[pos - 1] != ".":
            return False
        lo = max(0, pos - 40)  # no abbreviation is longer; a bounded search stays linear
        k = max(text.rfind(" ", lo, pos), text.rfind("\n", lo, pos), text.rfind("\u00a0", lo, pos),
                text.rfind("\t", lo, pos))  # "Mr." may open a paragraph
        k = k + 1 if k >= 0 else lo
        tok = text[k:pos].lstrip("\"“(")
        if not R._is_abbrev_token(tok):
            return False
        if len(tok) > 3 and tok[-3] == ".":  # "U.S.", "D.C."
            nxt = _WORD.match(text, after)
            return not (nxt and (nxt.group() in R.CAP_STOPWORDS or nxt.group().lower() in _PRONOUNS))
        return True

    def sentence(self, pos: int) -> tuple[int, int]:
        a, b = self._para(pos)
        starts = self._sent_starts(a, b)
        i = bisect_right(starts, pos) - 1
        return starts[i], (starts[i + 1] if i + 1 < len(starts) else b)

    def prev_sentence(self, ss: int) -> int | None:
        """Start of the sentence before the one starting at ``ss`` (across paragraphs)."""
        k = ss - 1
        while k >= 0 and self.text[k] in " \t\n\r\u00a0":
            k -= 1
        if k < 0:
            return None
        return self.sentence(k)[0]

    def in_quote(self, pos: int) -> bool:
        text = self.text
        a = text.rfind("\n", 0, pos) + 1 if len(text) <= _LONG_TEXT else self._para(pos)[0]
        if pos - a > 2000:
            return self._in_quote_far(a, pos)
        if text.count('"', a, pos) % 2 or text.count("''", a, pos) % 2:
            return True
        o = text.rfind("“", a, pos)
        return o >= 0 and o > text.rfind("”", a, pos)

    def _in_quote_far(self, a: int, pos: int) -> bool:
        """:meth:`in_quote` deep inside a long paragraph: the quote marks of the article are
        listed once and counted by bisection. Pairs of apostrophes are matched left to right
        over the whole text, which pairs them as a count from any line start does (a pair
        holds no newline)."""
        if self._marks is None:
            text = self.text
            pairs = []
            k = text.find("''")
            while k >= 0:
                pairs.append(k)
                k = text.find("''", k + 2)
            self._marks = ([m.start() for m in re.finditer('"', text)], pairs,
                           [m.start() for m in re.finditer("“", text)], [m.start() for m in re.finditer("”", text)])
        dq, pairs, opens, closes = self._marks
        if (bisect_left(dq, pos) - bisect_left(dq, a)) % 2 or (
                bisect_left(pairs, pos - 1) - bisect_left(pairs, a)) % 2:
            return True
        o = bisect_left(opens, pos)
        if o == 0 or opens[o - 1] < a:
            return False
        c = bisect_left(closes, pos)
        return c == 0 or closes[c - 1] < opens[o - 1]

    # -- chunks, decoded on demand ---------------------------------------------------------------

    def info(self, i: int) -> _Info | None:
        inf = self._info[i]
        if inf is not _UNSEEN:
            return inf
        self._info[i] = None  # guards against re-entry while decoding
        s, e = self._cs[i], self._ce[i]  # type: ignore[index]
        p = _decompose(self._ct[i])
        inf = None
        if p is not None:
            kind = p.kind
            ns, ne = s + p.name_off, s + p.name_end
            if kind == "country" and (not R.is_country_name(p.name) or self._modifies(e)):
                kind = "role"
            elif kind == "region" and self._modifies(e):
                kind = "role"
            elif kind == "person" and len(p.tokens) == 1 and (self._common_word(ns, p.tokens[0]) or (
                    p.tokens[0] in _MONTH_NAMES and self._date(ns, p.tokens[0]))):
                kind = "role"
            elif kind == "role" and len(p.tokens) == 1 and p.name == p.tokens[0] and self._is_surname(
                    p.tokens[0], i, ns):
                kind = "person"  # "Dean, a medical doctor," after "Howard Dean"
            inf = _Info(kind, s, e, ns, ne, p.tokens, p.possessive)
        self._info[i] = inf
        return inf

    def _modifies(self, end: int) -> bool:
        """True when the word after a nationality or place is a role or group noun ("US officials")."""
        text = self.text
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

    def _common_word(self, pos: int, word: str) -> bool:
        """A lone capitalised word opening a sentence that the article also writes in lower case."""
        k = pos - 1
        text = self.text
        while k >= 0 and text[k] in " \t\"“‘(":
            k -= 1
        if k >= 0 and text[k] not in ".!?:\n":
            return False
        lx = R.lexicon()
        if word in lx.female_names or word in lx.male_names:
            return False
        low = word.lower()
        hit = self._common.get(low)
        if hit is None:
            if any(self._mid_sentence(j) or self._ce[j] - self._cs[j] > len(word) + 1  # type: ignore[index]
                   for j in self.occurrences(word)):
                hit = False  # written with its capital mid-sentence, or part of a longer name
            else:
                hit = (low.endswith("ing") or f" {low} " in text or f" {low}," in text or f" {low}." in text)
            self._common[low] = hit
        return hit

    def _mid_sentence(self, i: int) -> bool:
        """True when chunk ``i`` does not open a sentence (so its capital is the name's own)."""
        text = self.text
        k = self._cs[i] - 1  # type: ignore[index]
        while k >= 0 and text[k] in " \t\"“‘(":
            k -= 1
        return k >= 0 and text[k] not in ".!?:\n"

    def _date(self, ns: int, word: str) -> bool:
        """"April", "May", "June" as months: after "in", "on", "since"... or before a day number."""
        if word not in _MONTH_NAMES:
            return False
        j = self.text.rfind(" ", max(0, ns - 8), ns - 1)
        prev = self.text[j + 1:ns].strip().lower()
        return prev in _DATE_WORDS or bool(_SPACE_DIGIT.match(self.text[ns + len(word):ns + len(word) + 2]))

    def _is_surname(self, tok: str, i: int, ns: int) -> bool:
        if self.text[max(0, ns - 4):ns].lower().endswith(("the ", " a ")):
            return False
        # Whether any chunk names a person in full with this last name. A chunk of two or more
        # person words is a person whatever its context, so its decomposition tells (chunk i,
        # one role word, is never one): once per word, and without decoding other chunks
        # (which re-entered here for each of them: a recursion as deep as the word is frequent).
        hit = self._full_surname.get(tok)
        if hit is None:
            ct = self._ct
            hit = False
            for j in self.occurrences(tok):
                p = _decompose(ct[j])
                if p is not None and p.kind == "person" and len(p.tokens) >= 2 and p.tokens[-1] == tok:
                    hit = True
                    break
            self._full_surname[tok] = hit
        return hit

    def occurrences(self, tok: str) -> list[int]:
        """Indices of the chunks in which ``tok`` stands as a whole word."""
        r = self._occ.get(tok)
        if r is None and len(self.text) > _LONG_TEXT and (lead := _RUN.match(tok)) is not None:
            r = self._occ[tok] = self._indexed_occurrences(tok, lead.group())
        if r is None:
            r = []
            text = self.text
            cs = self.chunks()
            ce = self._ce
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
            self._occ[tok] = r
        return r

    def _indexed_occurrences(self, tok: str, lead: str) -> list[int]:
        """:meth:`occurrences` in a long article: searching the whole text for each word costs
        the text's length times the number of different names, so the words of the chunks are
        listed once. A whole-word ``tok`` starts where a run of letters and digits does (its
        first run, ``lead``, is that whole run), so only those places are checked."""
        runs = self._runs
        if runs is None:
            runs = self._runs = {}
            text = self.text
            for i, (a, b) in enumerate(zip(self.chunks(), self._ce, strict=True)):
                for m in _RUN.finditer(text, a):
                    p = m.start()
                    if p >= b:
                        break
                    if p == a and a and text[a - 1].isalnum():
                        continue  # not the start of a word
                    runs.setdefault(m.group(), []).append((p, i))
        text = self.text
        n = len(tok)
        size = len(text)
        r: list[int] = []
        for p, i in runs.get(lead, ()):
            q = p + n
            if text.startswith(tok, p) and (q >= size or not text[q].isalnum()) and (not r or r[-1] != i):
                r.append(i)
        return r

    # -- entities -------------------------------------------------------------------------------

    def ent(self, i: int) -> _Entity | None:
        e0 = self._ent[i]
        if e0 is not _UNSEEN:
            return e0
        inf = self.info(i)
        e: _Entity | None = None
        if inf is not None:
            if inf.kind == "person":
                self._ent[i] = None  # re-entry guard
                e = self._person(i, inf)
            elif inf.kind in ("country", "region") and (p := self.given_name_person(i, inf)) is not None:
                e = p
            elif inf.kind in ("org", "seat", "country", "region", "group"):
                e = self._org(inf)
        self._ent[i] = e
        return e

    def _full_person(self, toks: tuple[str, ...]) -> _Entity:
        key = (toks[0], toks[-1])
        e = self.persons.get(key)
        if e is None and len(toks) >= 2:
            for f, x in self._by_last.get(toks[-1], ()):
                if f != toks[-1] and _same_first(f, toks[0]):
                    e = x
                    break
        if e is None:
            e = _Entity("person", toks, None)
            self.persons[key] = e
            self._by_last.setdefault(key[1], []).append((key[0], e))
        elif len(toks) > len(e.tokens):
            e.tokens = toks
        e.aliases.add(" ".join(toks))
        return e

    def _short_form(self, x: str) -> tuple[str, ...] | None:
        """The one full name whose first name ``x`` shortens: its start ("Alex") or its end
        ("Xander" for "Alexander"), at least three letters; None when none or several fit."""
        if len(x) < 3 or not x.isalpha():
            return None
        low = x.lower()
        lx = R.lexicon()
        given = x in lx.female_names or x in lx.male_names  # "Alex"; not "Hill" of "The Hill"
        if not given and len(x) < 5:
            return None  # neither way can fit
        hits = {toks for first, names in self._full_names_with(low).items() if first != x and first.isalpha() and (
            (given and first.lower().startswith(low)) or (len(x) >= 5 and first.lower().endswith(low)))
            for toks in names}
        if len({(t[0], t[-1]) for t in hits}) != 1:
            return None
        return max(hits, key=len)

    def _full_names_with(self, low: str) -> dict[str, list[tuple[str, ...]]]:
        """The article's full person names by first name (chunks decoded, nothing resolved), of the
        chunks whose text holds ``low`` in lower case: a first or last name that is, starts or ends
        with ``low`` is in such a chunk, and the article's other chunks are not decoded for it."""
        if low in self._firsts_with:
            return self._firsts_with[low]
        if self._ct_low is None:
            self.chunks()
            # a capital sigma lowers by its context ("Σ" -> "ς" or "σ"): such chunks are always decoded
            self._ct_low = [c.lower() if "Σ" not in c else None for c in self._ct]
        firsts: dict[str, list[tuple[str, ...]]] = {}
        lx = R.lexicon()
        infos = self._info
        for j, c in enumerate(self._ct_low):
            if c is not None and low not in c:
                continue
            inf = infos[j]
            if inf is _UNSEEN:
                inf = self.info(j)
            if inf is not None and inf.kind == "person" and len(inf.tokens) >= 2 and (
                    inf.ns >= self.body_start or inf.tokens[0] in lx.female_names
                    or inf.tokens[0] in lx.male_names):
                got = firsts.setdefault(inf.tokens[0], [])
                if inf.tokens not in got:
                    got.append(inf.tokens)
        self._firsts_with[low] = firsts
        return firsts

    def given_name_person(self, i: int, inf: _Info) -> _Entity | None:
        """A one-word place that is the first name of someone the article names in full
        ("Jordan said" after "Jordan Pike"), unless a place preposition stands before it."""
        x = self.text[inf.ns:inf.ne]
        if " " in x or not (x in R.lexicon().female_names or x in R.lexicon().male_names):
            return None
        k = self.text.rfind(" ", max(0, inf.ns - 12), inf.ns - 1)
        if self.text[k + 1:inf.ns].strip().lower() in _PLACE_PREPOSITIONS:
            return None
        names = self._full_names_with(x.lower()).get(x)
        if not names or len({t[-1] for t in names}) != 1:
            return None
        return self._full_person(max(names, key=len))

    def _fulls_with(self, x: str) -> list[_Entity]:
        """People the article names in full whose first or last name is ``x``."""
        r = self._fulls.get(x)
        if r is None:
            r = []
            occ = self.occurrences(x)
            infos = self._info
            for j in occ:
                inf = infos[j]
                if inf is _UNSEEN:
                    inf = self.info(j)
                if inf is not None and inf.kind == "person" and len(inf.tokens) >= 2 and x in (
                        inf.tokens[0], inf.tokens[-1]):
                    e = self._full_person(inf.tokens)
                    if e not in r:
                        r.append(e)
            self._fulls[x] = r
        return r

    def _person(self, i: int, inf: _Info) -> _Entity | None:
        toks = inf.tokens
        if len(toks) >= 2:
            return self._full_person(toks)
        x = toks[0]
        cands = self._fulls_with(x)
        if not cands:
            # an organisation the word opens ("Lopez Group"): looked for once per word, not per mention
            if x not in self._org_opened:
                self._org_opened[x] = next(
                    (j for j in self.occurrences(x) if (jinf := self.info(j)) is not None
                     and jinf.kind == "org" and len(jinf.tokens) > 1 and jinf.tokens[0] == x), None)
            j = self._org_opened[x]
            if j is not None:
                return self.ent(j)
            short = self._short_form(x)
            if short is not None:
                return self._full_person(short)  # "Xander" or "Alex" after "Alexander Wise"
            e = self._full_person((x,))
            return e
        if len(cands) == 1:
            g = self._honorific_gender(inf.ns)
            other = self._first_name_gender(cands[0])
            if g and other and g != other:
                e = self._full_person((x,))  # "Mrs. Clinton" when only "Bill Clinton" is named in full
                e.gender, e.gender_known = g, True
                return e
            return cands[0]
        cands = self._by_context(cands, x, inf.ns)
        if len(cands) == 1:
            return cands[0]
        # A lone surname continues the previous lone mention of it ("Kim said" after "Minister
        # Kim"); a full name counts only in the same or the previous sentence, since writers
        # name a relative in full and keep the bare surname for the main person.
        occ = self.occurrences(x)
        k = bisect_left(occ, i)
        if k == len(occ) or occ[k] != i:
            k = len(occ)
        # The earlier lone mentions first, in text order: each then finds its own predecessor
        # resolved, instead of resolving the whole chain before it recursively (a RecursionError
        # past ~300 of them); each is resolved once per article.
        done = self._lone_done.get(x, 0)
        while done < k:
            j = occ[done]
            done += 1
            self._lone_done[x] = done
            if self._ent[j] is _UNSEEN:
                pinf = self.info(j)
                if pinf is not None and pinf.kind == "person" and len(pinf.tokens) == 1:
                    self.ent(j)
        near = self.prev_sentence(self.sentence(inf.ns)[0])
        near = self.sentence(inf.ns)[0] if near is None else near
        for kk in range(k - 1, -1, -1):
            j = occ[kk]
            pinf = self.info(j)
            if pinf is None or pinf.kind != "person":
                continue
            if len(pinf.tokens) >= 2 and pinf.ns < near:
                continue
            prev = self.ent(j)
            if prev is not None and prev in cands:
                return prev
        if k == 0:  # the first mention of the word: the first full name after it
            for j in occ[1:]:
                nxt = self.info(j)
                if nxt is not None and nxt.kind == "person" and len(nxt.tokens) >= 2:
                    return self._full_person(nxt.tokens)
        return cands[0]  # the one the article names in full first

    def _by_context(self, cands: list[_Entity], x: str, ns: int) -> list[_Entity]:
        """Among people sharing the word ``x``, those the role words here fit best
        ("Mrs. Clinton": not Bill; "South Korean Minister Kim": not Kim Jong Un)."""
        pm = R.premodifier(self.text, ns)
        role = R.parse_role(pm[1], quality=2) if pm else None
        gender = self._honorific_gender(ns)
        if role is None and gender is None:
            return cands
        scored = []
        for e in cands:
            sc = 0
            name_roles = self._name_roles(e)
            if role is not None and role.country:
                ec = _best_country(name_roles)
                sc += 3 if ec == role.country else (-10 if ec else 0)
            if role is not None and role.head and any(_head_fits(role, r) for _, r in name_roles if r.head):
                sc += 2
            if gender:
                eg = self._first_name_gender(e)
                sc += 2 if eg == gender else (-10 if eg else 0)
            scored.append((sc, e))
        top = max(sc for sc, _ in scored)
        return [e for sc, e in scored if sc == top]

    def _name_roles(self, e: _Entity) -> list[tuple[int, R.Role]]:
        """Roles read at the full-name occurrences of ``e`` only (no linking of lone surnames)."""
        if e.roles_read is not None:
            return e.roles_read
        if e.name_roles is not None:
            return e.name_roles
        out: list[tuple[int, R.Role]] = []
        e.name_roles = out
        for j in self.occurrences(e.tokens[-1]):
            inf = self.info(j)
            if inf is not None and inf.kind == "person" and len(inf.tokens) >= 2 and (
                    inf.tokens[0], inf.tokens[-1]) == (e.tokens[0], e.tokens[-1]):
                out.extend(self._roles_at(inf.ns, inf.ne))
        if len(out) > 8:
            e.name_roles = _distinct(out)
        return e.name_roles

    def _org(self, inf: _Info) -> _Entity | None:
        name = self.text[inf.ns:inf.ne]
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
            ent = self.orgs.get(k)
            if ent is None and org is None and _ACRONYM.fullmatch(name):
                ent = self._acronym(name)
            if ent is None:
                if org is not None:
                    national = org.kind in ("government", "military", "party", "media")
                    country = org.country if national else None
                else:
                    country = _org_country(name)
                shown = name
                if org is not None and _ACRONYM.fullmatch(name) and canon != name and canon in self.text:
                    shown = canon  # "the DNC" in an article that spells out "Democratic National Committee"
                ent = _Entity("org", tuple(shown.split()), shown, country=country,
                              org_kind=org.kind if org else None, canon=canon)
                self.orgs[k] = ent
                if " " in name:
                    self._initials.setdefault("".join(w[0] for w in name.split() if w[0].isupper()), ent)
            ent.aliases.add(name)
            return ent
        if kind == "group":
            k = "group:" + R.key(name)
            ent = self.orgs.get(k)
            if ent is None:
                role = R.parse_role(name, quality=3)
                c = R.country_name(inf.tokens[-1]) or (role.country if role else None)
                ent = _Entity("group", tuple(name.split()), name, country=c)
                self.orgs[k] = ent
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
        ent = self.orgs.get(k)
        if ent is None:
            ent = _Entity(kind, tuple(name.split()), display, country=c, canon=canon)
            self.orgs[k] = ent
        ent.aliases.add(name)
        return ent

    def _acronym(self, name: str) -> _Entity | None:
        """"CNS" after "Christian News Service": the same organisation (the first listed with
        those initials, else the first named so in the text; both indexed once an article)."""
        ent = self._initials.get(name)
        if ent is not None:
            return ent
        if self._org_chunk_initials is None:
            found: dict[str, int] = {}
            for j in range(len(self.chunks())):
                inf = self.info(j)
                if inf is not None and inf.kind == "org" and inf.start < len(self.text):
                    words = self.text[inf.ns:inf.ne].split()
                    if len(words) > 1:
                        found.setdefault("".join(w[0] for w in words if w[0].isupper()), j)
            self._org_chunk_initials = found
        first = self._org_chunk_initials.get(name)
        return None if first is None else self.ent(first)

    def _honorific_gender(self, ns: int) -> str | None:
        """"Mr." / "Mrs." / "Ms." right before the name at ``ns``: its gender."""
        text = self.text
        if ns < 3 or text[ns - 1] != " " or not text.endswith(_gendered_honorifics(), max(0, ns - 11), ns - 1):
            return None
        k = ns - 1
        lo = max(0, ns - 12)
        while k > lo and not text[k - 1].isspace() and text[k - 1] not in "\"“(":
            k -= 1
        spec = R.lexicon().honorifics.get(text[k:ns - 1])
        return spec.get("gender") if spec else None

    def _first_name_gender(self, e: _Entity) -> str | None:
        return R.gender_of_first_name(e.tokens[0]) if len(e.tokens) >= 2 else None

    # -- occurrences and roles of a person -----------------------------------------------------------

    def person_occ(self, e: _Entity) -> list[tuple[int, int]]:
        if e.occ is None:
            e.occ = []
            seen: set[int] = set()
            for tok in {e.tokens[-1], e.tokens[0]}:
                # the usual case: one full name with this word, so every person chunk with it is e
                only = self._fulls_with(tok) == [e]
                for j in self.occurrences(tok):
                    if j in seen:
                        continue
                    seen.add(j)
                    if only:
                        inf = self.info(j)
                        same = len(inf.tokens) == 1 or (inf.tokens[0], inf.tokens[-1]) == (
                            e.tokens[0], e.tokens[-1]) if inf is not None else False
                        if inf is not None and inf.kind == "person" and tok in inf.tokens and same:
                            e.occ.append((inf.ns, inf.ne))
                        continue
                    if self.ent(j) is e:
                        inf = self.info(j)
                        assert inf is not None
                        e.occ.append((inf.ns, inf.ne))
            e.occ.sort()
        return e.occ

    def roles(self, e: _Entity) -> list[tuple[int, R.Role]]:
        if e.kind != "person":
            return e.extra
        if e.roles_read is None:
            if e.busy:
                return e.extra
            e.busy = True
            rs: list[tuple[int, R.Role]] = []
            bare = 0
            for ns, ne in self.person_occ(e):
                # roles stand at full names and the first mentions; a long article's twentieth
                # "Mr. Trump" adds nothing but time
                if ne - ns <= len(e.tokens[-1]) + 1 and len(e.tokens) > 1:
                    bare += 1
                    if bare > 8:
                        continue
                rs.extend(self._roles_at(ns, ne))
            e.roles_read = _distinct(rs) if len(rs) > 8 else rs
            e.busy = False
        return e.roles_read + e.extra

    def _roles_at(self, ns: int, ne: int) -> list[tuple[int, R.Role]]:
        """The roles stated around the name at ``[ns, ne)``, read once per place: a full name's
        roles are read first for ranking people (:meth:`_name_roles`), then again with all its
        mentions (:meth:`roles`). Callers only extend other lists with the answer."""
        got = self._roles_memo.get((ns, ne))
        if got is None:
            got = self._roles_memo[(ns, ne)] = self._read_roles_at(ns, ne)
        return got

    def _read_roles_at(self, ns: int, ne: int) -> list[tuple[int, R.Role]]:
        text = self.text
        out: list[tuple[int, R.Role]] = []
        pm = None
        if ns > 1 and text[ns - 1] == " ":  # quick look at the word before the name
            lo = max(0, ns - 30)
            w = "" if ns - 1 <= lo or text[ns - 2].isspace() else text[lo:ns - 1].rsplit(None, 1)[-1]
            if w and (w[0].isupper() or w.endswith(("'s", "’s")) or w.lower() in _ROLE_WORDS()):
                pm = R.premodifier(text, ns)
        if pm is None and text.endswith(" and ", 0, ns):
            # "Idaho Republican Sens. Mike Crapo and Jim Risch", "Sens. Rand Paul (Ky.) and Marco Rubio"
            before = ns - 5
            if text[before - 1:before] == ")":
                k = text.rfind("(", max(0, before - 24), before)
                before = k - 1 if k > 0 and text[k - 1] == " " else before
            pm = self._shared_premodifier(before)
        if pm:
            begin, phrase = pm
            r = R.parse_role(_singular_role(phrase), quality=3 if " " in phrase.strip() else 2)
            if r is not None:
                out.append((begin, r))
        if text.startswith(("'s", "’s"), ne):
            return out
        after = ne
        if text.startswith(" (", ne):
            ps = R.party_state(text, ne)
            if ps is not None:
                out.append((ne, ps))
                close = text.find(")", ne)
                after = close + 1 if close >= 0 else ne
        if text.startswith(", ", after) and text.startswith(("D-", "R-", "I-"), after + 2):
            ps = R.party_state(text, after)  # "Sen. Joni Ernst, R-Iowa, said"
            if ps is not None:
                out.append((ne, ps))
        if text.startswith(",", after) or text.startswith(" ,", after):
            ap = R.appositive_after(text, after)
            if ap:
                r = R.parse_role(ap, quality=3)
                if r is not None and (r.head or r.organization or r.country):
                    out.append((ne, r))
        if not pm and text[ns - 2:ns] == ", ":
            ab = R.appositive_before(text, ns, after)
            if ab:
                r = R.parse_role(ab, quality=3)
                if r is not None and r.head:
                    out.append((ns - len(ab) - 2, r))
        if out and (wr := R.who_role(text, after)):
            r = R.parse_role(wr, quality=4)  # a post with its body beats the appositive before it
            if r is not None and r.head and r.organization:
                out.append((ne, r))
        if text.startswith(" as ", after):
            ar = R.as_role(text, after)  # "With Donald Trump as the presumptive Republican nominee"
            if ar:
                r = R.parse_role(ar, quality=1)  # below a stated title: "Obama as a weak leader"
                if r is not None and r.head:
                    out.append((ne, r))
        if text.startswith(" of ", ne):
            op = R.of_place(text, ne)
            if op is not None:
                out.append((ne, op))
        return out

    def _shared_premodifier(self, end: int) -> tuple[int, str] | None:
        """The plural role before the first of two names joined by "and" ending at ``end``
        ("Sens. Mike Crapo and"): it is the second name's role too."""
        cs = self.chunks()
        i = bisect_right(cs, end - 1) - 1
        if i < 0 or self._ce[i] != end:
            return None
        inf = self.info(i)
        if inf is None or inf.kind != "person" or inf.ne != end:
            return None
        pm = R.premodifier(self.text, inf.ns)
        if pm is None or _singular_role(pm[1]) == pm[1]:
            return None
        return pm

    def _entity_country(self, e: _Entity) -> str | None:
        if e.kind != "person":
            return e.country
        return _best_country(self.roles(e))

    def gender(self, e: _Entity) -> str | None:
        """He or she, from an honorific before the name ("Mrs. Clinton"), the first name, or a
        gendered role word ("spokeswoman"); None when the article does not tell."""
        if e.gender_known:
            return e.gender
        lx = R.lexicon()
        g = None
        if e.kind == "person":
            last = e.tokens[-1]
            alone = len(self._fulls_with(last)) <= 1
            occ = self.occurrences(last)
            infos = self._info
            for j in occ:
                inf = infos[j]
                if inf is _UNSEEN:
                    inf = self.info(j)
                if inf is not None and inf.kind == "person" and (
                        inf.tokens == e.tokens or (alone and inf.tokens[-1] == last)):
                    g = self._honorific_gender(inf.ns)
                    if g:
                        break
            if g is None:
                g = self._first_name_gender(e)
            if g is None:
                for _, r in (e.roles_read or []) + e.extra:
                    if r.title:
                        words = set(r.title.lower().split())
                        if words & lx.female_words:
                            g = "f"
                        elif words & lx.male_words:
                            g = "m"
                        if g:
                            break
        e.gender, e.gender_known = g, True
        return g

    def doc_country(self) -> str | None:
        """The country the article is mostly about, weighing domestic signals (states, national
        institutions, parties) above mere mentions of countries; None when none dominates."""
        if self._doc_country is False:
            votes: dict[str, int] = {}
            self.chunks()
            # (country, weight) votes counted at C level (most chunks name no place, and the rest
            # repeat a few), then weighed: countries keep the order of their first vote
            counted = Counter(chain.from_iterable(filter(None, map(_votes_of, self._ct))))
            for (country, weight), times in counted.items():
                votes[country] = votes.get(country, 0) + weight * times
            self._doc_country = _dominant(votes)
        return self._doc_country  # type: ignore[return-value]

    def people(self) -> list[tuple[int, _Entity]]:
        """Every person mention of the article (names and resolved descriptions), in order."""
        if self._all_people is None:
            out = []
            n = len(self.chunks())
            infos = self._info
            for i in range(n):
                inf = infos[i]
                if inf is _UNSEEN:
                    inf = self.info(i)
                if inf is not None and inf.kind == "person":
                    ent = self.ent(i)
                    if ent is not None:
                        out.append((inf.ns, ent))
            self._all_people = out
        extra = [(p, ent) for p, _, ent in self.extra if ent.kind in ("person", "anonymous")]
        return sorted(self._all_people + extra, key=lambda t: t[0]) if extra else self._all_people

    def people_list(self) -> list[tuple[int, _Entity]]:
        """:meth:`people`, built once and kept sorted as resolutions are made (insertion after
        equal positions, as the stable sort of :meth:`people` orders them)."""
        if self._people_list is None:
            self._people_list = list(self.people())
        return self._people_list

    def _by_entity(self, which: str) -> _ByEntity:
        """The speakers' mentions (``spk``) or :meth:`people_list` by entity, built when first
        needed (in list order, so that ties keep it) and then kept up to date."""
        if which == "spk":
            if self._spk_by is None:
                self._spk_by = _ByEntity()
                for p, ent in self.spk:
                    self._spk_by.add(p, ent)
            return self._spk_by
        if self._people_by is None:
            self._people_by = _ByEntity()
            for p, ent in self.people_list():
                self._people_by.add(p, ent)
        return self._people_by

    def mentions_in(self, a: int, b: int, possessives: bool = False) -> list:
        """Entity mentions whose names start in ``[a, b)``, in text order: ``(pos, entity)``, or
        ``(pos, entity, is_possessive)`` with ``possessives`` (otherwise they are left out)."""
        out: list = []
        cs = self.chunks()
        i = bisect_left(cs, a)
        n = len(cs)
        infos = self._info
        while i < n and cs[i] < b:
            inf = infos[i]
            if inf is _UNSEEN:
                inf = self.info(i)
            if inf is not None and (possessives or not inf.possessive) and inf.kind in (
                    "person", "org", "seat", "country", "group"):
                ent = self.ent(i)
                if ent is not None:
                    out.append((inf.ns, ent, inf.possessive) if possessives else (inf.ns, ent))
            i += 1
        extra = self.extra
        if extra:
            if len(extra) > 32:  # a long list: bisected (a walk for each mention is quadratic)
                lo, hi = bisect_left(extra, a, key=_first), bisect_left(extra, b, key=_first)
            else:
                lo, hi = 0, len(extra)
            for k in range(lo, hi):
                p, _, ent = extra[k]
                if a <= p < b:
                    out.append((p, ent, False) if possessives else (p, ent))
            out.sort(key=_first)
        return out

    # -- resolving one mention ----------------------------------------------------------------------

    def prime(self, spans: list[Span]) -> None:
        """Note who the statements' name mentions are before resolving anything, so that a
        description ("the Vermont senator", a headline's "Lawmaker") can be matched against
        the article's speakers without reading every name in it."""
        text = self.text
        for sp in spans:
            s, e = sp.start, sp.end
            if e - s < 2 or text[s:e].lower() in _PRONOUNS:
                continue
            if not any(map(str.isupper, text[s:e])):
                continue
            m = _time_tail(text, s, e)
            if m is not None and m.start() > s:
                e = m.start()
            ent = self._head_entity(s, e, groups=False)
            if ent is not None:
                self._heads[(s, e)] = ent  # the same answer when resolve_span asks again
                if ent.kind == "person":
                    insort(self.spk, (s, ent), key=_first)
                    if self._spk_by is not None:
                        self._spk_by.add(s, ent)

    def resolve_span(self, s: int, e: int) -> _Entity | None:
        text = self.text
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if s >= e:
            return None
        m = _time_tail(text, s, e)
        if m is not None and m.start() > s:
            e = m.start()  # "the Supreme Court this month", "David Axelrod on Wednesday"
        mention = text[s:e]
        if _credit(text, s, e):
            return None  # a photo credit ("Jane Roe/Reuters", "AFP/Getty Images") names no speaker
        low = mention.lower()
        from_chunk = False
        if low in _PRONOUNS:
            ent = self._pronoun(s, e, low)
            how = "relative pronoun" if _PRONOUNS[low][0] == "relative" else "pronoun"
        else:
            ent = self._heads.get((s, e)) or self._head_entity(s, e)
            from_chunk = ent is not None
            how = "name"
            if ent is None:
                ent = self._description(s, e, mention)
                how = "description"
        self.how[s] = how
        if ent is not None:
            ent.spoke += 1
            if not from_chunk and ent.kind in ("person", "anonymous", "group", "org", "seat", "country", "thing"):
                insort(self.extra, (s, e, ent), key=_first)
                if self._people_list is not None and ent.kind in ("person", "anonymous"):
                    insort(self._people_list, (s, ent), key=_first)
                    if self._people_by is not None:
                        self._people_by.add(s, ent)
            if not from_chunk and ent.kind in ("person", "anonymous"):
                insort(self.spk, (s, ent), key=_first)
                if self._spk_by is not None:
                    self._spk_by.add(s, ent)
        return ent

    def _head_entity(self, s: int, e: int, groups: bool = True) -> _Entity | None:
        """The name the mention is about: "the US envoy to the UN, Robert Wood" -> Robert Wood."""
        text = self.text
        cs = self.chunks()
        i = bisect_left(cs, s)
        if i > 0 and self._ce[i - 1] > s:
            i -= 1
        n = len(cs)
        mention = text[s:e]
        listed = _PLURAL_LISTING.match(mention) if ", " in mention else None
        if listed is not None and listed.group(1).split()[-1].lower().endswith("s"):
            # "The Democratic candidates, Hillary Clinton and Senator Bernie Sanders": the two of them
            names = " and ".join(self._bare_name(n) for n in re.split(r",\s+(?:and\s+)?|\s+and\s+", listed.group(2)))
            return self._adhoc("group", names, R.parse_role(listed.group(1), quality=3))
        if mention.endswith("s") and mention.split(None, 1)[0].lower() in ("the", "two", "three", "both"):
            after = _LISTED_NAMES.match(text, e)
            if after is not None:  # "the two leading Republicans, Donald J. Trump and Senator Ted Cruz,"
                parts = re.split(r",\s+(?:and\s+)?|\s+and\s+", after.group(1))
                return self._adhoc("group", " and ".join(self._bare_name(n) for n in parts),
                                   R.parse_role(mention, quality=3))
        if " and " in mention and _COORDINATION.match(mention) and "," not in mention.split(" and ", 1)[0][-3:]:
            if not groups:
                return None
            first = mention.split(None, 1)[0].lower()
            conj1 = R.tokens(mention.split(" and ")[0])
            one_role = R.head_of(conj1) and not conj1[-1].endswith("s") and conj1[-1][:1].islower()
            if not (first in ("a", "an", "the") and R.head_of(conj1)) and not one_role:
                body = mention
                if "," in body:
                    body = body[:body.index(",")]  # "She and Jack Goldsmith, a Bush-era Justice official"
                while " " in body and body.split(None, 1)[0].lower() in (
                        "the", "many", "some", "several", "most", "both", "all"):
                    body = body.split(None, 1)[1]
                return self._adhoc("group", self._full_conjuncts(body), None)
        infos = self._info
        while i < n and cs[i] < e:
            inf = infos[i]
            if inf is _UNSEEN:
                inf = self.info(i)
            i += 1
            if inf is None or inf.kind in ("role", "thing", "region"):
                continue
            if inf.possessive and inf.end < e - 2:
                continue
            # it must end its phrase within the mention: followed by nothing, a comma or a bracket
            rest = text[inf.ne:e]
            if rest.strip() and rest not in ("'s", "’s") and not _name_tail(rest):
                continue
            # and not be the object of a preposition ("a reporter for USA Today"); a role word
            # before the name takes it ("Secretary of State John Kerry")
            if inf.ns == inf.start:
                before = text[max(s, inf.start - 12):inf.start].lower().split()
                if before and (before[-1] in R.PREPOSITIONS or (
                        before[-1] == "the" and len(before) > 1 and before[-2] in R.PREPOSITIONS)) \
                        and not self._authored(s, inf.start):
                    continue
            ent = self.ent(i - 1)
            if ent is not None:
                return ent
        return None

    def _authored(self, s: int, name_start: int) -> bool:
        """Whether the mention before a name is a document by or from it ("a recent report from
        Bloomberg New Energy Finance", "calculations by Amy Reed"): the name is the source."""
        m = _AUTHORED.search(self.text, s, name_start)
        if m is None or m.end() != name_start:
            return False
        lx = R.lexicon()
        return all(w.lower() in lx.thing_nouns or w.lower()[:-1] in lx.thing_nouns
                   or w.lower() in ("a", "an", "the", "new", "recent", "latest") or w[:1].isdigit()
                   for w in _WORD.findall(self.text, s, m.start())) and bool(_WORD.findall(self.text, s, m.start()))

    @staticmethod
    def _bare_name(name: str) -> str:
        """A listed name without the title before it ("Senator Bernie Sanders" -> "Bernie Sanders")."""
        p = _decompose(name.strip())
        return p.name if p is not None and p.kind == "person" else name.strip()

    # -- pronouns -----------------------------------------------------------------------------------

    def is_someone(self, e: _Entity) -> bool:
        """Whether a one-word "person" shows any sign of being one: a stated role or honorific,
        a statement of their own, never a place after "in"/"from" ("Benghazi"). Full names do."""
        if e.kind != "person" or e.spoke:
            return e.kind == "person"
        if self.gender(e):
            return True
        if e.someone is not None:
            return e.someone
        e.someone = self._evidence(e)
        return e.someone

    def _evidence(self, e: _Entity) -> bool:
        text = self.text
        lx = R.lexicon()
        if len(e.tokens) > 1:
            if e.tokens[0] in lx.female_names or e.tokens[0] in lx.male_names or len(e.tokens) > 2:
                return True
            if any(len(t) <= 2 and t.endswith(".") for t in e.tokens):
                return True  # an initial: "Donald J. Trump"
        for j in self.occurrences(e.tokens[-1]):
            ns = self._cs[j]  # type: ignore[index]
            k = text.rfind(" ", max(0, ns - 8), ns - 1)
            if text[k + 1:ns].strip().lower() in _PLACE_PREPOSITIONS:
                return False
            if _SAID_AFTER.match(text, self._ce[j]):
                return True
        return any(r.head or r.owner is None and r.organization for _, r in self.roles(e))

    def _fits(self, ent: _Entity, want: str, gender: str | None) -> bool:
        if want == "person":
            if ent.kind not in ("person", "anonymous"):
                return False
            if ent.kind == "person" and not self.is_someone(ent):
                return False
            if ent.kind == "anonymous" and not any(r.head for _, r in ent.extra):
                return False
            if gender:
                g = self.gender(ent)
                return g is None or g == gender
            return True
        if want == "thing":
            return ent.kind in ("org", "seat", "country", "thing")  # "the email read ... It stated"
        if want == "plural":
            return ent.kind in ("group", "org")
        return True

    def _pronoun(self, s: int, e: int, low: str, named: bool = False) -> _Entity | None:
        """The antecedent of a pronoun; ``named`` skips unnamed sources (for "his ex-wife")."""
        want, gender = _PRONOUNS[low]
        if want == "self":
            return None
        if want == "relative":
            return self._relative(s, low)
        text = self.text
        ss, se = self.sentence(s)
        # cataphora: "Although he called for a withdrawal, Austin said ..."
        first = _WORD.match(text, ss + (1 if text[ss:ss + 1] in "\"“" else 0))
        if want == "person" and first and first.group().lower() in _SUBORDINATORS:
            comma = text.find(",", e, se)
            if comma > 0:
                for p, ent in self.mentions_in(comma, se):
                    if ent.kind == "person" and not self.in_quote(p) and self._fits(ent, want, gender):
                        return self._learn_gender(ent, gender)
        if want == "plural":
            g = self._plural(s, ss)
            if g is not None:
                return g
        # backwards, sentence by sentence; in each, the first fitting mention (the subject),
        # a possessor ("under Mr. Ban's watch") only when nothing else fits
        a, b = ss, s
        floor = self.body_start if s >= self.body_start else 0
        late: _Entity | None = None
        for _ in range(8):
            fallback = None
            said = self._speaker_in(a, b, floor, want, gender, named)
            if said is not None:
                return self._learn_gender(said, gender)
            for p, ent, poss in self.mentions_in(a, b, possessives=True):
                if named and ent.kind != "person":
                    continue
                if p >= floor and self._fits(ent, want, gender) and not self.in_quote(p):
                    if not poss and self._object_of(p):
                        late = late or ent  # "than Obama": only if no sentence before has anyone
                        continue
                    if not poss:
                        return self._learn_gender(ent, gender)
                    fallback = fallback or ent
            if fallback is not None:
                return self._learn_gender(fallback, gender)
            prev = self.prev_sentence(a)
            if prev is None or prev < floor:
                break
            a, b = prev, a
        return None if late is None else self._learn_gender(late, gender)

    def _speaker_in(self, a: int, b: int, floor: int, want: str, gender: str | None,
                    named: bool) -> _Entity | None:
        """The first speaker of a statement in ``[a, b)`` that a pronoun may stand for: the one who
        speaks goes on speaking ("“...” for Clinton, said Kunin. “...,” she said" is Kunin)."""
        spk = self.spk
        i = bisect_left(spk, a, key=_first)
        while i < len(spk) and spk[i][0] < b:
            p, ent = spk[i]
            i += 1
            if named and ent.kind != "person":
                continue
            if p >= floor and ent.kind == "person" and self._fits(ent, want, gender) and not self.in_quote(p):
                return ent
        return None

    def _object_of(self, p: int) -> bool:
        """Whether the name at ``p`` is the object of a comparison
        ("more liberal nominees than Obama"), which a later "he said" seldom stands for."""
        w = self.text[max(0, p - 9):p].split()
        return bool(w) and w[-1].lower() in _OBJECT_WORDS and self.text[p - 1:p] == " "

    def _learn_gender(self, ent: _Entity, gender: str | None) -> _Entity:
        if gender and ent.kind == "person" and self.gender(ent) is None:
            ent.gender = gender
        return ent

    def _plural(self, s: int, ss: int) -> _Entity | None:
        """"they": a plural noun phrase nearby (the previous sentence's subject first)."""
        text = self.text
        lx = R.lexicon()
        prev = self.prev_sentence(ss)
        if not text[ss:s].strip(" \"“") and prev is not None:
            np_ = self._subject_np(prev, ss)
            if np_ is not None:
                return np_
        lo = prev if prev is not None else ss
        words = list(_WORD.finditer(text, lo, s))
        for k in range(len(words) - 1, -1, -1):
            w = words[k].group()
            lw = w.lower()
            plural = lw.endswith("s") and lw[:-1] in lx.heads and len(lw) > 4
            if (lw in lx.group_nouns or plural) and w.islower():
                if self.in_quote(words[k].start()):
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
                return self._adhoc("group", text[words[a].start():words[k].end()], None)
        return None

    def _subject_np(self, ss: int, se: int) -> _Entity | None:
        text = self.text
        out = []
        for m in _WORD.finditer(text, ss, min(se, ss + 200)):
            lw = m.group().lower()
            if lw in _VERBISH or (lw.endswith("ed") and lw not in ("red", "united")) or (
                    lw in R.PREPOSITIONS and lw != "of"):
                break
            out.append(m)
        if not out or len(out) > 10:
            return None
        if "," in text[out[0].start():out[-1].end()] or self.in_quote(out[0].start()):
            return None
        if not (out[-1].group().lower().endswith("s") or any(m.group() == "and" for m in out)):
            return None
        begin = 0
        while begin < len(out) - 1 and out[begin].group().lower() in ("the", "a", "an"):
            begin += 1
        a, b = out[begin].start(), out[-1].end()
        cs = self.chunks()
        i = bisect_left(cs, a)
        if i < len(cs) and cs[i] == a and self._ce[i] == b:
            ent = self.ent(i)
            return ent if ent is not None and ent.kind in ("group", "org") else None
        return self._adhoc("group", text[a:b], None)

    def _relative(self, s: int, low: str) -> _Entity | None:
        """"29 others who", "Trent Lott, who", "China and the United States, the world's ..., which"."""
        text = self.text
        j = s
        while j > 0 and text[j - 1] in " ,":
            j -= 1
        # an appositive between the antecedent and the pronoun: skip it
        k = text.rfind(",", max(0, j - 120), j)
        if k > 0:
            seg = text[k + 1:j].split()
            if seg and seg[0].lower() in ("the", "a", "an") and "." not in text[k:j]:
                j = k
        ss = self.sentence(j - 1 if j > 0 else 0)[0]
        hit = None
        # the antecedent's name ends within 40 characters of the pronoun, so names starting
        # further back than a name is long are not walked (a sentence of many "X, who" was
        # quadratic: each pronoun walked every name from the sentence start)
        for p, ent in self.mentions_in(max(ss, j - _RELATIVE_WINDOW), j):
            if ent.kind == "person" or low != "who":
                inf_end = self._mention_end(p)
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
                return self._adhoc("group", text[lo + m.start(1):j].strip(" ,"), None)
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
        return self._adhoc("group" if name.endswith("s") else "anonymous", name, None)

    def _mention_end(self, p: int) -> int | None:
        cs = self.chunks()
        i = bisect_right(cs, p) - 1
        if i >= 0:
            inf = self.info(i)
            if inf is not None and inf.ns == p:
                return inf.ne
        extra = self.extra
        if len(extra) <= 32:
            for q, e, _ in extra:
                if q == p:
                    return e
            return None
        k = bisect_left(extra, p, key=_first)
        if k < len(extra) and extra[k][0] == p:
            return extra[k][1]
        return None

    # -- descriptions ---------------------------------------------------------------------------

    def _adhoc(self, kind: str, name: str | None, role: R.Role | None, country: str | None = None) -> _Entity:
        ent = _Entity(kind, tuple((name or "").split()), name,
                      country=country or (role.country if role else None))
        if role is not None:
            ent.extra.append((0, role))
        return ent

    def _description(self, s: int, e: int, mention: str) -> _Entity | None:  # noqa: C901 - issue 15 breaks it into named rules
        lx = R.lexicon()
        words = R.tokens(mention)
        if not words:
            return None
        gender = (lx.honorifics.get(mention) or lx.honorifics.get(mention + ".") or {}).get("gender")
        if gender in ("f", "m"):
            return self._pronoun(s, e, "she" if gender == "f" else "he")  # a lone "Ms" or "Mr."
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
            # "73 percent": of whom the text counted last ("52 percent of registered voters")
            name = self._last_quant
            prev = self.prev_sentence(self.sentence(s)[0])
            window = self.text[prev if prev is not None else max(0, s - 400):s]
            found = _PERCENT_OF.findall(window)
            if found:
                name = found[-1]
            return self._adhoc("group", name or "respondents", None)
        # cut at the first preposition or clause: the head is the last word before it
        cut = len(words)
        for i, w in enumerate(words):
            lw = w.lower()
            if i > 0 and (lw in R.PREPOSITIONS or lw in ("who", "which", "that", "whose")):
                cut = i
                break
            if i >= 1 and lw.endswith(("ing", "ed")) and words[i - 1].lower() not in R.DETERMINERS \
                    and (words[i - 1].endswith("s") or words[i - 1][:1].isupper()) and lw not in lx.heads:
                cut = i  # "the Democrats running to replace him", "judges handling ..."
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
        if hl.endswith("s") and (headword.islower() or hl[:-1] in lx.heads or hl in lx.group_nouns
                                 or R.organization(headword)) and cut == len(words):
            listed = _LISTED_NAMES.match(self.text, e)
            if listed is not None:  # "Two objectors, Ann Roe and Ben Lo, had challenged"
                names = re.split(r",\s+(?:and\s+)?|\s+and\s+", listed.group(1))
                return self._adhoc("group", " and ".join(self._bare_name(n) for n in names),
                                   R.parse_role(mention, quality=3))
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
        if first in ("several", "many", "some", "other", "most", "few", "numerous", "both", "all") and \
                hl.endswith("s") and hl.islower() and hl not in lx.thing_nouns and \
                hl[:-1] not in lx.thing_nouns:
            plural_head = True
        if hl in lx.group_nouns or plural_head or (headword[:1].isupper() and headword.endswith("s")
                                                   and (R.country_name(headword) or hl[:-1] in lx.heads)):
            if hl in lx.sources or (hl.endswith("s") and hl[:-1] in lx.sources and hl not in lx.group_nouns):
                owned = self._owned_group(s, words, body)
                if owned is not None:
                    return owned  # "Clinton's advisers", "his aides": a named person's people
                return self._adhoc("anonymous", None, role)
            name = body
            if first in ("some", "many", "several", "most", "all", "both", "other", "few"):
                name = mention.split(None, 1)[1] if " " in mention else mention
            elif first == "the" and name == hl:
                # "the lawyers" after "Cruz's lawyers": the fuller name used nearby, with the
                # owner's full name ("Ted Cruz's lawyers")
                name = self._full_owner(self._fuller_name(s, e, hl)) or name
            return self._adhoc("group", name, role)
        if role is not None and role.head is None and hl in lx.relational:
            return self._relational(s, words, hl)
        if role is not None and role.head:
            named = self._named_beside(s, e)
            if named is not None:
                return named  # "Sen. Jo Vance, a Democrat from Ohio," / "The minister, Ana Vos, said"
            if hl in lx.sources and indefinite:
                return self._adhoc("anonymous", None, role)
            ent = self._person_for(s, role, definite=definite, bare=bare, indefinite=indefinite,
                                   owned=any(w.endswith(("'s", "’s")) for w in words))
            if ent is not None:
                if role.title and ent.kind == "person":
                    r = R.Role(title=role.title, organization=role.organization, country=role.country,
                               head=role.head, ranks=role.ranks, quality=1,
                               country_strength=role.country_strength, place=role.place)
                    # the same description again adds nothing (an earlier equal role wins every tie)
                    # but the time of every later read of the roles
                    if ent.extra_at is None:
                        ent.extra_at = {}
                        for p, x in ent.extra:
                            ent.extra_at.setdefault(x, p)
                    if ent.extra_at.get(r, s + 1) > s:
                        ent.extra_at[r] = s
                        ent.extra.append((s, r))
                return ent
            return self._adhoc("anonymous", None, role)
        if hl in lx.sources or any(w.lower() in ("source", "sources") for w in pre):
            return self._adhoc("anonymous", None, role)  # "Source familiar with the ad"
        return self._thing(s, e, mention, words, first, hl)

    def _owned_group(self, s: int, words: list[str], body: str) -> _Entity | None:
        """A plural of sources a named person owns: "Clinton's advisers" as written, "his
        advisers" with the person the pronoun stands for ("Trump's advisers")."""
        first = words[0]
        if len(words) < 2 or not words[-1].endswith("s"):
            return None
        k = next((i for i, w in enumerate(words[:-1]) if w.endswith(("'s", "’s")) and w[:1].isupper()), None)
        if k is not None:
            owner = _decompose(" ".join(words[:k + 1]))
            return self._adhoc("group", body, None) if owner is not None and owner.kind == "person" else None
        if first.lower() in ("his", "her"):
            person = self._pronoun(s, s + len(first), first.lower(), named=True)
            if person is not None and person.kind == "person" and person.tokens:
                return self._adhoc("group", f"{person.tokens[-1]}'s " + " ".join(words[1:]), None)
        return None

    def attach_descriptions(self, spoken: set[tuple[int, int]]) -> None:
        """Roles the article gives in descriptions that are no statement's speaker ("saying the
        Texas senator could not make deals"): each definite description with a place and a role
        noun is resolved as a speaker's would be, and its role added to the person it names."""
        text = self.text
        lx = R.lexicon()
        for m in _PLACED_DESCRIPTION.finditer(text):
            s, e = m.start(), m.end()
            if (s, e) in spoken or m.group(2).lower() not in lx.heads or self.in_quote(s):
                continue
            if text.endswith(("and ", "or "), 0, s):
                continue  # "The Kentucky Republican and the New York businessman": two people
            if not any(R.place_country(p) for p in (m.group(1).strip(), m.group(1).split()[0])):
                continue
            role = R.parse_role(text[s:e], quality=1)
            if role is None or not role.head or not role.place:
                continue  # a state or city: "the Mexican president" is more often someone unnamed
            ent = self._only_fit_nearby(s, role)
            if ent is None:
                continue
            r = R.Role(title=role.title, organization=role.organization, country=role.country, head=role.head,
                       ranks=role.ranks, quality=1, country_strength=role.country_strength, place=role.place)
            if all(x != r for _, x in ent.extra):
                ent.extra.append((s, r))

    def _only_fit_nearby(self, s: int, role: R.Role) -> _Entity | None:
        """The one person named in the sentence of ``s`` (before it) or the sentence before
        whose stated roles do not contradict ``role``; None when none or several are."""
        ss = self.sentence(s)[0]
        prev = self.prev_sentence(ss)
        found: list[_Entity] = []
        for p, ent, _ in self.mentions_in(prev if prev is not None else ss, s, possessives=True):
            if ent.kind == "person" and not self.in_quote(p) and ent not in found and self.is_someone(ent):
                found.append(ent)
        lx = R.lexicon()
        word = (role.title or "").split()[-1].lower() if role.title else ""
        want = "m" if word in lx.male_words else "f" if word in lx.female_words else None
        scored = [(self._fit_score(x, role, True), x) for x in found
                  if (want is None or self.gender(x) in (None, want)) and self._compatible(x, role)]
        best = [x for f, x in scored if f == 2]
        if len(best) == 1:
            return best[0]
        # otherwise only one person whose stated roles say nothing against it ("Trump continued to
        # question Cruz's temperament, saying the Texas senator ...": Trump is from New York)
        return scored[0][1] if len(scored) == 1 and scored[0][0] >= 1 else None

    def _compatible(self, ent: _Entity, role: R.Role) -> bool:
        """Whether nothing ``ent``'s stated roles say contradicts ``role``'s country or state."""
        pairs = self._name_roles(ent) + ent.extra if ent.roles_read is None else self.roles(ent)
        ec = _best_country(pairs)
        if role.country and ec and role.country != ec:
            return False
        return not (role.place and any(r.place and R.places_conflict(role.place, r.place) for _, r in pairs))

    def _named_beside(self, s: int, e: int) -> _Entity | None:
        """The person a description is in apposition with: the name just before it ("Sen. Jo
        Vance, a Democrat from Ohio,") or just after it ("The French minister of trade, Ana Vos,")."""
        text = self.text
        k = s
        while k > 0 and text[k - 1] == " ":
            k -= 1
        if k > 0 and text[k - 1] == ",":
            for p, ent in reversed(self.mentions_in(max(0, k - 80), k)):
                if ent.kind == "person" and self._mention_end(p) == k - 1 and self.is_someone(ent):
                    return ent
                break
        m = _APPOSED_NAME.match(text, e)
        if m is not None:
            for p, ent in self.mentions_in(m.end(), m.end() + 1):
                end = self._mention_end(p)
                if ent.kind == "person" and end is not None and text.startswith(",", end):
                    return ent
        return None

    def _person_for(self, s: int, role: R.Role, *, definite: bool, bare: bool,
                    indefinite: bool, owned: bool = False) -> _Entity | None:
        """The named person a description fits: before it if definite, else the one the lede introduces.

        The article's speakers are tried first (cheap, and usually right); every person the
        article names is read only when none of them fits."""
        lede = s < self.body_start or self.sentence(s)[0] <= self.body_start
        if indefinite and not lede:
            return None  # "a senior official" in the body introduces someone new
        # the speaker of the statement just before is the topic ("David Axelrod on Wednesday called
        # on ... “...,” Obama's former campaign strategist said")
        i = bisect_left(self.spk, s, key=_first)
        topic = self.spk[i - 1][1] if i > 0 and s - self.spk[i - 1][0] < 600 else None
        pick = self._pick_person(self.spk, "spk", s, role, definite=definite, bare=bare, indefinite=indefinite,
                                 salient=2, light=True, topic=topic)
        if pick is None:
            # every person: only one whose stated role fits (guessing the main person is for speakers)
            pick = self._pick_person(self.people_list(), "people", s, role, definite=definite, bare=bare,
                                     indefinite=indefinite, light=True, salient=1 << 30)
        # a role of someone's ("the State Department's inspector general") may be someone new
        if definite and not owned and (pick is None or self._fit_score(pick, role, True) < 2):
            near = self._near_subject(s)
            if near is not None and self._fit_score(near, role, True) >= 1:
                return near  # "Rubio ... visited Iowa. The Florida senator told reporters"
        return pick

    def _near_subject(self, s: int) -> _Entity | None:
        """The person a definite description most likely stands for: the first person named
        outside quotations in its own sentence before it, else in the sentence before
        ("Harry Reid blasted Rubio. “...,” the Senate minority leader said")."""
        ss = self.sentence(s)[0]
        spans = [(ss, s, True)]
        prev = self.prev_sentence(ss)
        if prev is not None and prev >= (self.body_start if s >= self.body_start else 0):
            spans.append((prev, ss, False))
        text = self.text
        for a, b, own in spans:
            for p, ent, poss in self.mentions_in(a, b, possessives=True):
                if poss or self.in_quote(p):
                    continue
                if own and any(w.lower() in _SUBORDINATORS for w in _WORD.findall(text, a, p)):
                    break  # "as Jane Holt looked on, the senator said": not the description's clause
                if ent.kind == "person" and self.is_someone(ent):
                    return ent
        return None

    def _pick_person(self, mentions: list[tuple[int, _Entity]], which: str, s: int, role: R.Role, *,
                     definite: bool, bare: bool, indefinite: bool, salient: int = 0, light: bool = False,
                     topic: _Entity | None = None) -> _Entity | None:
        """The person that the description at ``s`` names, among ``mentions`` (in text order;
        ``which`` names the list for :meth:`_by_entity`).

        Before ``s``: the latest mention of someone whose stated role fits, else the most
        salient of those with no stated role; after it: the first of the best fitting.

        Up to ``_PICK_WALK`` mentions, every mention is walked. In a longer list with up to
        ``_PICK_ENTITIES`` people, each of them is weighed once, in the order of their first
        mention as the walk would, and their mentions found by bisection: a speaker described
        again and again costs nothing more.
        With more people than that, only the ``_PICK_WINDOW`` mentions on either side of ``s``
        are walked: news does not describe someone named hundreds of mentions away, and
        weighing everyone for each description made resolution quadratic."""
        best_before: tuple[int, int, _Entity] | None = None
        best_after: tuple[int, object, _Entity] | None = None
        long = len(mentions) > _PICK_WALK
        fit: int | None  # of an entity's stated roles to the description (_fit_score); None: not weighed yet
        by = self._by_entity(which) if long else None
        if by is not None and len(by.by) <= _PICK_ENTITIES:
            latest = (-1, 0)  # the mention of best_before, when it fits (2)
            for ent, positions in by.in_order():
                real = ent.kind != "person" or self.is_someone(ent)
                fit = self._fit_score_of(ent, role, light) if real else 0
                if fit <= 0 or (fit == 1 and ent.spoke < salient and ent is not topic):
                    continue
                k = bisect_left(positions, s, key=_first)
                if k > 0:  # mentioned before s
                    if fit == 1:
                        # no stated role: the article's main speaker rather than the latest name
                        rank = ent.spoke * 1000 + len(self.person_occ(ent)) if ent.kind == "person" else 0
                        if best_before is None or best_before[0] < 2 and rank > best_before[1]:
                            best_before = (1, rank, ent)
                    elif best_before is None or best_before[0] < 2 or positions[k - 1] > latest:
                        best_before = (fit, positions[k - 1][0], ent)
                        latest = positions[k - 1]
                if k < len(positions) and (best_after is None or fit > best_after[0] or (
                        fit == best_after[0] and positions[k] < best_after[1])):  # type: ignore[operator]
                    best_after = (fit, positions[k], ent)
        else:
            if long:
                i = bisect_left(mentions, s, key=_first)
                mentions = mentions[max(0, i - _PICK_WINDOW):i + _PICK_WINDOW]
                known = self._fit.setdefault((role, light), {})
            fits: dict[int, int] = {}
            for ms, ent in mentions:
                fit = fits.get(id(ent))
                if fit is None:
                    if ent.kind != "person" or self.is_someone(ent):
                        if not long:
                            fit = self._fit_score_of(ent, role, light)
                        elif (got := known.get(id(ent))) is not None and got[0] == (
                                ent.roles_read is None, ent.busy, len(ent.extra)):
                            fit = got[1]
                        else:
                            fit = self._fit_score(ent, role, light)
                    else:
                        fit = 0
                    fits[id(ent)] = fit
                if fit <= 0 or (fit == 1 and ent.spoke < salient and ent is not topic):
                    continue
                if ms < s:
                    if fit == 1:
                        rank = ent.spoke * 1000 + len(self.person_occ(ent)) if ent.kind == "person" else 0
                        if best_before is None or best_before[0] < 2 and rank > best_before[1]:
                            best_before = (1, rank, ent)
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
            # nobody has the role stated: the article's main person, unless the role is tied to an
            # organisation ("the State Department's inspector general") the article would have named
            if best_before and not role.organization:
                return best_before[2]
            return None
        if bare or (indefinite and lede):
            cands = [c for c in (best_before, best_after) if c and c[0] >= 2 and c[2].kind == "person"]
            if cands:
                return max(cands, key=lambda c: c[0])[2]
        return None

    def _fit_score(self, ent: _Entity, role: R.Role, light: bool = False) -> int:
        """2: a stated role of ``ent`` fits the description; 1: ``ent`` has no stated role; 0: no.
        ``light`` reads roles only where the full name stands (enough to rank every person).

        Remembered per entity, description and ``light`` while what it reads stays the same
        (whether all roles are read, and how many descriptions added one)."""
        cache = self._fit.get((role, light))
        if cache is None:
            cache = self._fit[(role, light)] = {}
        stamp = (ent.roles_read is None, ent.busy, len(ent.extra))
        got = cache.get(id(ent))
        if got is not None and got[0] == stamp:
            return got[1]
        fit = self._fit_score_of(ent, role, light)
        cache[id(ent)] = ((ent.roles_read is None, ent.busy, len(ent.extra)), fit)
        return fit

    def _fit_score_of(self, ent: _Entity, role: R.Role, light: bool) -> int:
        if light and ent.kind == "person" and ent.roles_read is None:
            pairs = self._name_roles(ent) + ent.extra
        else:
            pairs = self.roles(ent)
        rs = [r for _, r in pairs]
        titled = [r for r in rs if r.head]
        ec = _best_country(pairs) if ent.kind == "person" else ent.country
        if role.country and ec and role.country != ec:
            return 0
        if role.place and any(r.place and R.places_conflict(role.place, r.place) for r in rs):
            return 0  # "the Florida senator" is not the senator "R-Ky."
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
        owner = self._pronoun(s, s + len(words[0]), words[0].lower(), named=True)
        if owner is not None and owner.kind == "person" and len(owner.tokens) >= 1:
            sur = owner.tokens[-1]
            for ent in self._fulls_with(sur):
                if ent is not owner and ent.tokens[-1] == sur:
                    return ent
        return self._adhoc("anonymous", None, None)

    def _thing(self, s: int, e: int, mention: str, words: list[str], first: str, hl: str) -> _Entity:
        """A ruling, poll or report that "says": named by the phrase (or the fuller phrase it refers to)."""
        lead = mention
        parts = mention.split()
        # "Her submission to the court" -> "Ivana Trump's submission to the court"
        if first in ("her", "his", "its", "their"):
            owner = self._pronoun(s, s + len(parts[0]), first, named=first in ("her", "his"))
            if owner is not None and owner.kind == "person":
                lead = f"{self.full_name(owner)}'s " + " ".join(parts[1:])
            else:
                lead = " ".join(parts[1:])
        else:
            while parts and (parts[0].lower() in ("the", "a", "an") or parts[0].lower() in _THING_ADJ):
                parts = parts[1:]
            lead = " ".join(parts) if parts else mention
        while len(parts) > 1 and parts[0].islower() and parts[1].islower() and (
                parts[0] in _QUANTIFIERS or (parts[0].endswith("ly") and parts[1].endswith("ed"))):
            parts = parts[1:]  # "some analyses", "recently hacked documents"
            lead = " ".join(parts)
        # a bare head ("Poll", "the poll") refers to the fuller phrase nearby
        if len(parts) == 1 and parts[0].lower() == hl:
            sent = self._sent_thing(s, hl) if first == "the" and hl in _SENT_DOCS else None
            if sent is None and first == "the" and hl in _SPOKEN_WORDS:
                sent = self._last_speakers(s, hl)
            fuller = sent or self._fuller_thing(s, e, hl)
            if fuller:
                lead = fuller
        return self._adhoc("thing", lead, None)

    def _last_speakers(self, s: int, head: str) -> str | None:
        """"The remarks" right after someone spoke: that person's ("Paul Manafort's remarks")."""
        i = bisect_left(self.spk, s, key=_first)
        if i == 0:
            return None
        p, ent = self.spk[i - 1]
        if ent.kind != "person" or s - p > 600:
            return None
        return f"{self.full_name(ent)}'s {head}"

    def _sent_thing(self, s: int, head: str) -> str | None:
        """"The email" after "The Cruz campaign sent a fundraising email": the document named by
        who sent it ("Cruz campaign fundraising email"), from a sentence before (quotes skipped)."""
        here: int | None = self.sentence(s)[0]
        for _ in range(6):  # the sentences of a quote may stand between
            if here is None:
                break
            start, here = here, self.prev_sentence(here)
            if self.in_quote(start + 1):
                continue
            sent = self.text[start:min(self.sentence(start)[1], s)]
            m = re.search(rf"\b(?:a|an)\s+((?:[\w-]+\s+){{0,2}}){re.escape(head)}\b", sent)
            if m is None:
                verb = re.search(rf"\b{re.escape(head)}ed\b", sent)  # "Huma Abedin ... emailed supporters"
                who = self._near_subject(start + verb.start()) if verb is not None else None
                if who is not None:
                    return f"{self.full_name(who)}'s {head}"
                continue
            if _REPORTED_SUBJECT.search(sent, 0, m.start()):
                return None  # "The Times said Cook provided a written statement": Cook's, not the Times'
            subject = self._sender(start, sent)
            return f"{subject} {m.group(1)}{head}" if subject else None
        return None

    def _sender(self, a: int, sent: str) -> str | None:
        """The subject of a sentence that introduces a document: "The Cruz campaign",
        "The American Action Network", "his campaign" (with whose it is)."""
        lx = R.lexicon()
        m = _SENDER.match(sent)
        if m is None:
            return None
        name, noun = m.group(2), m.group(3)
        if noun and noun.lower() not in lx.org_nouns:
            noun = None
        if not _SEND_VERB.match(sent, m.end() if noun else m.end(2)):
            return None  # the sender is the subject of "sent", "released", "says it will spend" ...
        if m.group(1):  # "his campaign"
            owner = self._pronoun(a, a + len(m.group(1)), m.group(1).lower(), named=True)
            if owner is None or owner.kind != "person" or not noun or noun.lower() not in lx.org_nouns:
                return None
            return f"{owner.tokens[-1]} {noun}"
        words = [w for w in name.split() if w not in R.CAP_STOPWORDS]
        if not words:
            return None
        who = _decompose(" ".join(words))
        if noun is None and (who is None or who.kind not in ("org", "person")):
            return None  # "According to ...", "Democratic ...": no sender
        if noun is not None and (who is None or who.kind in ("role", "thing")) and not words[0].endswith(("'s", "’s")):
            return None  # "Four Clinton campaign memos"
        return " ".join(words + ([noun] if noun else []))

    def _full_conjuncts(self, body: str) -> str:
        """"Richards and Menendez" -> "Cecile Richards and Menendez": each lone surname of a
        coordination with the full name the article gives it (when it gives one)."""
        parts = body.split(" and ")
        if len(parts) != 2:
            return body
        out = []
        for part in parts:
            w = part.strip()
            full = self._one_full(w) if w.isalpha() and w[:1].isupper() and " " not in w else None
            out.append(full or w)
        return " and ".join(out)

    def _full_owner(self, phrase: str | None) -> str | None:
        """"Cruz's lawyers" -> "Ted Cruz's lawyers" when the article names one Cruz in full."""
        if not phrase:
            return phrase
        first, _, rest = phrase.partition(" ")
        bare, poss = _strip_possessive(first)
        if not poss or not bare[:1].isupper():
            return phrase
        full = self._one_full(bare)
        return f"{full}{first[len(bare):]} {rest}" if full else phrase

    def _one_full(self, surname: str) -> str | None:
        """The full name of the one person the article names in full with this surname."""
        found = {t for names in self._full_names_with(surname.lower()).values() for t in names if t[-1] == surname}
        if len({(t[0], t[-1]) for t in found}) != 1:
            return None
        longest = max(found, key=len)
        return " ".join(longest)

    def _fuller_name(self, s: int, e: int, head: str) -> str | None:
        """:meth:`_fuller_thing` for a group or body, unless the phrase is the tail of a longer
        capitalised name ("Hampshire voters" of "New Hampshire voters")."""
        fuller = self._fuller_thing(s, e, head)
        if fuller is None:
            return None
        cut = self._cut_names.get(fuller)
        if cut is None:  # once per phrase: an article may say "the voters" again and again
            cut = self._cut_names[fuller] = any(
                m.group(1) not in R.CAP_STOPWORDS
                and not (m.group(1).endswith(".") and not R._is_abbrev_token(m.group(1)))
                for m in re.finditer(r"([A-Z][\w'’.-]*)[ \u00a0]+" + re.escape(fuller), self.text))
        return None if cut else fuller

    def _fuller_thing(self, s: int, e: int, head: str) -> str | None:
        """The fuller phrase a bare "poll" stands for: "a new Washington Post-ABC News national poll"."""
        found = self._things.get(head)
        if found is None:
            found = self._things[head] = self._fuller_phrases(head)
        before = None
        after = None
        k = bisect_left(found, s, key=_first)  # the phrases before s, and from there on
        if k and found[k - 1][1] <= s:
            before = found[k - 1][2]
        elif k > 1:
            before = found[k - 2][2]  # the one before is the mention itself (it holds s)
        if k < len(found) and found[k][0] == s:
            k += 1  # the mention itself
        if k < len(found):
            after = found[k][2]
        headline = s < self.body_start
        return (after or before) if headline else (before or after)

    def _fuller_phrases(self, head: str) -> list[tuple[int, int, str]]:
        """Every fuller phrase of ``head`` in the article: (start, end of the head, phrase), in order."""
        text = self.text
        out = []
        wordlike = bool(_WORD_START.match(head))
        for p, end in _word_or_plural(text, head, wordlike):
            if wordlike and p and _WORD_START.match(text, p - 1):
                continue  # inside a longer word
            lo = max(0, p - 90)
            # the phrase ends in spaces and has a capital in its last three words: else no search
            if text[p - 1:p] not in (" ", "\u00a0") or not _ASCII_UPPER.search(" ".join(text[lo:p].split()[-3:])):
                continue
            w = _FULLER.search(text, lo, p)
            if w is None:
                continue
            ws = (w.group(0) + text[p:end]).split()
            for k in range(len(ws) - 2, -1, -1):
                lw = ws[k].lower()
                if ws[k].islower() and (lw in R.DETERMINERS or lw in _VERBISH or lw.endswith("ed")):
                    ws = ws[k + 1:]  # "Hillary Clinton called a report" -> "report"
                    break
            while ws and (ws[0].lower() in ("the", "a", "an") or ws[0] in R.CAP_STOPWORDS or (
                    ws[0].lower() in _THING_ADJ and not (ws[0][:1].isupper() and ws[1:2] and ws[1][:1].isupper()))):
                ws = ws[1:]  # "new" and the like, but not the "New" of "New Hampshire"
            if len(ws) < 2 or not ws[0][:1].isupper():
                continue
            out.append((p, end, " ".join(ws)))
        return out

    def _nearest_place(self, s: int, kind: str) -> _Entity | None:
        """"the state" -> the state named last before ("Florida")."""
        want = {"region": ("region",), "country": ("country",), "city": ("region", "seat")}.get(
            kind, ("region",))
        cs = self.chunks()
        # the walk back stops at a chunk whose answer is known: each chunk is read once per kind
        memo = self._nearest.setdefault(want, {})
        walked = []
        i = bisect_left(cs, s) - 1
        hit = -1
        while i >= 0:
            known = memo.get(i)
            if known is not None:
                hit = known
                break
            walked.append(i)
            inf = self.info(i)
            if inf is not None and (inf.kind in want or inf.kind == "role" and "region" in want and R.region_country(
                    name := self.text[inf.ns:inf.ne]) and name[:1].isupper()):
                hit = i
                break
            i -= 1
        for w in walked:
            memo[w] = hit
        if hit < 0:
            return None
        inf = self.info(hit)
        assert inf is not None
        if inf.kind in want:
            return self.ent(hit)
        return self._org(_Info("region", inf.start, inf.end, inf.ns, inf.ne, inf.tokens, False))

    def _org_description(self, s: int, mention: str, body: str, role: R.Role | None,
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
            cs = self.chunks()
            i = bisect_left(cs, s)
            for j in range(i, min(i + 3, len(cs))):
                inf = self.info(j)
                if inf is not None and inf.kind == "person" and inf.start < s + len(mention):
                    owner = self.ent(j)
                    break
        if owner is not None and country is None:
            country = self._entity_country(owner) or self.summary(owner)[2]
        if len(words) == 1 and definite:
            # "the administration": the fuller name used before ("Obama administration")
            name = self._named_before(words[0], s) or name
        if definite and body.islower() and name == body:
            # "the board", "the board of elections": the capitalised name used before
            # ("the Illinois Board of Elections"), else a fuller phrase ending in the noun
            # ("the editorial board" after "the Union Leader editorial board")
            named = self._capitalised_before(words, s)
            if named is None and mention.lower().startswith("the ") and len(words) <= 2:
                named = self._fuller_name(s, s + len(mention), words[-1])
            if named is not None:
                name = named
                if country is None:
                    country = _org_country(named)
        if name == body and definite and body.lower() in ("company", "firm", "corporation") and \
                mention.lower().startswith("the "):
            for _, ent in reversed(self.mentions_in(max(0, s - 1500), s)):
                if ent.kind == "org" and ent.org_kind == "company":
                    return ent  # "the company" after "Exxon Mobil"
        if country is None and words[-1].lower() in _NATIONAL_BODIES:
            country = self.doc_country()
        org_name = role.organization if role else None
        return _Entity("org", tuple(name.split()), name, country=country, canon=org_name or name)

    def _capitalised_before(self, words: list[str], s: int) -> str | None:
        """The last capitalised name before ``s`` whose head is ``words`` capitalised: name words
        before it or an "of" phrase after ("Ohio Board", "Board of Elections"). The text is
        searched once per head."""
        if len(words) > 4 or not words or not words[0].isalpha():
            return None
        key = " ".join(words)
        found = self._capnamed.get(key)
        if found is None:
            found = self._capnamed[key] = []
            if words[0] not in ("of", "for", "on") and words[0].capitalize() not in self.text:
                return None  # the head is never written with its capital: nothing to search for
            head = r"\s+".join(w if w in ("of", "for", "on") else re.escape(w.capitalize()) for w in words)
            pat = re.compile(rf"((?:[A-Z][\w'’.-]*\s+){{0,5}}){head}\b((?:\s+(?:of|for|on)\s+[A-Z][\w'’-]*"
                             rf"(?:\s+[A-Z][\w'’-]*)?)?)")
            for m in pat.finditer(self.text):
                lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
                if lead or (m.group(2) and len(words) == 1):
                    rest = " ".join(self.text[m.end(1):m.end()].split())
                    found.append((m.start(), " ".join(lead + [rest])))
        k = bisect_left(found, s, key=_first)
        return found[k - 1][1] if k else None

    def _named_before(self, word: str, s: int) -> str | None:
        """The last "Obama administration" (capitalised words + ``word``) before ``s``.

        The matches in the whole text that end before ``s`` are the matches in ``text[:s]``
        (the plain reading), except one ending right at ``s``, which only the cut text can
        have: that case is read the plain way. The whole text is searched once per word."""
        text = self.text
        if len(text) <= _LONG_TEXT or text.endswith(word, 0, s):
            name = None
            for m in _named_before(word).finditer(text[:s]):
                lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
                if lead:
                    name = " ".join(lead + [word])
            return name
        found = self._named.get(word)
        if found is None:
            found = []
            for m in _named_before(word).finditer(text):
                lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
                if lead:
                    found.append((m.end(), " ".join(lead + [word])))
            self._named[word] = found
        k = bisect_left(found, s, key=_first)
        return found[k - 1][1] if k else None

    # -- the speaker ----------------------------------------------------------------------------

    def full_name(self, e: _Entity) -> str:
        return " ".join(e.tokens) if e.kind == "person" else (e.name or "")

    def summary(self, e: _Entity) -> tuple[str | None, str | None, str | None]:
        """Title, organization and country the article states for ``e`` (best stated role first)."""
        rs = self.roles(e)
        best = None
        for pos, r in rs:
            # a party ("a Democrat from Rhode Island") says less than an office ("Senator")
            if r.title and (best is None or (_office(r), r.quality, -pos) > (
                    _office(best[1]), best[1].quality, -best[0])):
                best = (pos, r)
        title = best[1].title if best else None
        org = best[1].organization if best else None
        if org is None:
            for _pos, r in sorted(rs, key=lambda pr: pr[0]):
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
            gov = R.lexicon().gov_heads
            if (head in gov or R.lexicon().synonym.get(head) in gov) and not intl:
                country = self.doc_country()
        return title, org, country

    def role_sources(self, e: _Entity) -> dict[str, str]:
        """Where the title, organization and country of a person come from: the role phrase
        the article states and its offset, as :meth:`summary` chose them."""
        if e.kind != "person":
            return {"country": "the organisation's name or the article's country"} if e.country else {}
        rs = self.roles(e)
        title, org, country = self.summary(e)
        out: dict[str, str] = {}
        for name, value in (("title", title), ("organization", org), ("country", country)):
            if value is None:
                continue
            hit = next(((p, r) for p, r in sorted(rs, key=lambda pr: pr[0])
                        if getattr(r, name) == value), None)
            if hit is None:
                out[name] = "the article's own country (a government role with none stated)"
                continue
            p, r = hit
            kind = {4: "relative clause", 3: "premodifier or appositive", 2: "title word or honorific",
                    1: "description", 0: "state tag or 'of' place"}.get(r.quality, "role")
            out[name] = f"{kind} at {p}: {self.text[p:p + 60].splitlines()[0]!r}"
        return out

    def speaker(self, e: _Entity) -> Speaker:
        sp = self._speakers.get(id(e))
        if sp is None:
            sp = self._speakers[id(e)] = self._speaker(e)
        return sp

    def _speaker(self, e: _Entity) -> Speaker:
        kind = e.kind
        if kind == "person":
            title, org, country = self.summary(e)
            full = self.full_name(e)
            aliases = tuple(sorted(e.aliases | {full, e.tokens[-1]}))
            return Speaker(
                name=full, type="person", title=title, organization=org, country=country,
                speaker_id=f"person:{slug(full)}",
                role_source="article" if (title or org or country) else None,
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
            sid = "anonymous:" + (slug(title) if title else "source")
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
        if country is None and kind == "org" and (
                e.org_kind in ("government", "military") or _govlike(e.name)):
            country = self.doc_country()
        name = e.name
        if kind == "seat" and R.lexicon().capital.get(R.key(e.canon or "")):
            sid = f"org:{slug(country or '')}/government"
        elif kind == "country":
            sid = f"org:{slug(country or name or '')}/government"
        elif country and kind == "org" and (name or "").split()[-1:] == ["government"] and \
                R.country_name((name or "").split()[0]):
            sid = f"org:{slug(country)}/government"  # "the Japanese government" is Tokyo
        elif country and kind != "thing":
            sid = f"org:{slug(country)}/{slug(e.canon or name or '')}"
        else:
            sid = f"{'org' if kind != 'thing' else 'source'}:{slug(e.canon or name or '')}"
        return Speaker(name=name, type="organization", title=None, organization=None, country=country,
                       speaker_id=sid, role_source="article" if country else None,
                       aliases=tuple(sorted(e.aliases)))


_PLURAL_HONORIFICS = {"Sens.": "Sen.", "Reps.": "Rep.", "Govs.": "Gov.", "Drs.": "Dr."}


def _singular_role(phrase: str) -> str:
    """A plural role before names, for one of them: "Idaho Republican Sens." -> "... Sen.",
    "Democratic senators" -> "Democratic senator"."""
    words = phrase.rstrip().split(" ")
    last = words[-1]
    if last in _PLURAL_HONORIFICS:
        words[-1] = _PLURAL_HONORIFICS[last]
    elif last.endswith("s") and last[:1].islower() and last[:-1].lower() in R.lexicon().heads:
        words[-1] = last[:-1]
    else:
        return phrase
    return " ".join(words) + phrase[len(phrase.rstrip()):]


_CREDIT_AFTER = re.compile(r"/[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*")
_CREDIT_BEFORE = re.compile(r"[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*/\Z")
_CREDIT_WORDS = frozenset(("Images", "Photo", "Photos", "Pool", "Getty", "Shutterstock", "Contributor", "File"))


def _credit(text: str, s: int, e: int) -> bool:
    """Whether the words at ``[s, e)`` are part of a photo credit: a name and an agency joined
    by a slash, where the agency is a listed news organisation or a picture service."""
    m = _CREDIT_AFTER.match(text, e)
    if m is not None:
        side = m.group()[1:]
    else:
        b = _CREDIT_BEFORE.search(text, max(0, s - 40), s)
        if b is None:
            return False
        side = text[s:e]
    if any(w in _CREDIT_WORDS for w in side.split()):
        return True
    org = R.organization(side)
    return org is not None and org.kind == "media"


def _office(r: R.Role) -> bool:
    """False for a bare party label ("a Democrat from Rhode Island"), which says less than an
    office; "the top Democrat on the House Intelligence Committee" names a post."""
    return r.head not in _PARTY_HEADS or r.organization is not None


def _distinct(pairs: list[tuple[int, R.Role]]) -> list[tuple[int, R.Role]]:
    """``(position, role)`` pairs without those an earlier pair of the same role and no later
    position makes redundant. Every reader of a role list takes the best role with ties to the
    earliest position, the first by position, or the first in order, or asks whether any role
    fits: none can pick such a pair over its twin. A name repeated with its title ("Lloyd
    Austin, the defense secretary," again and again) then costs one role, not one per mention."""
    first: dict[R.Role, int] = {}
    out = []
    for p, r in pairs:
        q = first.get(r)
        if q is not None and q <= p:
            continue
        first[r] = p
        out.append((p, r))
    return out


def _best_country(roles: list[tuple[int, R.Role]]) -> str | None:
    """The country of the most explicit role statement (earliest on ties)."""
    best = None
    for pos, r in roles:
        if r.country and (best is None or (r.country_strength, -pos) > (best[0], -best[1])):
            best = (r.country_strength, pos, r.country)
    return best[2] if best else None


def _org_country(name: str) -> str | None:
    """Country of an unlisted organisation from its words ("US Defense Department")."""
    words = name.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i:i + size])
            org = R.organization(phrase)
            if org and org.country and org.kind in ("government", "military"):
                return org.country
            pl = R.place_country(phrase)
            if pl:
                return pl[0]
    return None


@lru_cache(maxsize=65536)
def _gaz_word(word: str) -> int:
    """What the gazetteers may hold that starts with ``word``: 0 nothing; -1 unknown (its key is
    empty, try everything); else twice the most words such a name has (0: none has several),
    plus 1 when the word alone may be one."""
    k = R.key(word)
    if not k:
        return -1
    lx = R.lexicon()
    alone = k in lx.keys or word in lx.region_abbrev or word.replace(".", "") in lx.region_abbrev
    return lx.multi_first.get(k, 0) * 2 + alone


_ALL_SIZES = (3, 2, 1)


@lru_cache(maxsize=65536)
def _votes_of(run: str) -> tuple[tuple[str, int], ...]:
    """Country votes of a capitalised run: a country, capital or seat 1; a state, a national
    institution or a party 2 (domestic politics says more about where a story is)."""
    words = run.split()
    if "'s" in run or "’s" in run:
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    gaz = list(map(_gaz_word, words))
    if not any(gaz):
        return ()
    out = []
    i, n = 0, len(words)
    while i < n:
        hit = None
        g = gaz[i]
        if g < 0 or -1 in gaz[i + 1:i + 3]:
            sizes: tuple[int, ...] | list[int] = _ALL_SIZES  # a word without a key: try everything
        elif g == 0:
            i += 1  # no gazetteer name starts with this word
            continue
        else:
            sizes = [size for size in _ALL_SIZES if (size <= g >> 1 if size > 1 else g & 1)]
        for size in sizes:
            if i + size > n:
                continue
            phrase = " ".join(words[i:i + size])
            c = R.country_name(phrase) or R.capital_country(phrase)
            if c:
                hit = (size, c, 1)
                break
            c = R.region_country(phrase)
            if c and phrase not in R.lexicon().honorifics:
                hit = (size, c, 2)
                break
            org = R.organization(phrase)
            if org is not None and org.country and org.kind in ("government", "party", "military"):
                hit = (size, org.country, 2 if size > 1 or phrase not in R.PARTY_ADJECTIVES else 1)
                break
        if hit:
            out.append((hit[1], hit[2]))
            i += hit[0]
        else:
            i += 1
    return tuple(out)


@lru_cache(maxsize=65536)
def _ends_sentence_inside(chunk: str) -> bool:
    """Whether a word of the chunk (not its last) ends with a sentence's period ("Kim. Then")."""
    words = chunk.split(" ")[:-1]
    return any(w.endswith(".") and not R._is_abbrev_token(w) for w in words)


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


def _party(role: R.Role) -> str | None:
    words = set((role.title or "").replace("GOP", "Republican").split())
    if words & {"Republican", "Republicans", "republican"}:
        return "R"
    if words & {"Democrat", "Democratic", "Democrats", "democrat"}:
        return "D"
    return None


def _head_fits(desc: R.Role, stated: R.Role) -> bool:
    """Whether a description's role noun fits a stated role ("the congressman" ~ "Rep.")."""
    a, b = desc.head, stated.head
    if not a or not b:
        return False
    pa, pb = _party(desc), _party(stated)
    if pa and pb and pa != pb:
        return False  # "the Republican presidential candidate" is not "Democrat Hillary Clinton"
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
    for general in (b, fb):  # a stated general role ("lawmaker") fits a specific description
        cover = lx.hypernyms.get(general) if general not in ("republican", "democrat") else None
        if cover and (a in cover or fa in cover):
            return True
    return False


__all__ = ["Explanation", "Span", "explain", "resolve", "slug"]
