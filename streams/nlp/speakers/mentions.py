"""Parsing one mention: a capitalised chunk decomposed into name, honorific and kind
(:func:`_decompose`), possessives, name tails ("Smith, ..."), time tails, photo credits and
captions (:func:`_credit`), and the slug of a name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import patterns
from .. import roles as R
from .entities import _Kind, _Parts

_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})


_NON_SLUG = patterns.compile(r"[^a-z0-9]+")


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


_TIME_TAIL = patterns.compile(
    rf"(?:,?\s+(?:{_TAIL_PREPOSITIONS})\s+"
    r"(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|week|month|year|weekend|night|morning|afternoon|evening|day|time|the\s+past|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b.*"
    rf"|,?\s+(?:{_TAIL_ADVERBS})\b.*)\Z",
    re.DOTALL,
)


_TIME_TAIL_WORD = patterns.compile(rf"\s(?:{_TAIL_PREPOSITIONS}|{_TAIL_ADVERBS})\b")


def _time_tail(text: str, s: int, e: int) -> re.Match[str] | None:
    """``_TIME_TAIL.search(text, s, e)``, skipped when no tail word is there."""
    if _TIME_TAIL_WORD.search(text, s, e) is None:
        return None
    return _TIME_TAIL.search(text, s, e)


# What may follow the name a mention is about: an appositive, a party-state tag, "of Ohio".
_NAME_TAIL = patterns.compile(r"\s*(?:[,(—–-]|[DRI]-[A-Z])")


_OF_TAIL = patterns.compile(r"\s*of ((?:[A-Z][\w.'’-]*)(?: [A-Z][\w.'’-]*)?)")


# "Mr. Hale of the Budget Policy Center" (an affiliation), "Jane Ortiz in a blog post" (a medium)
_AFFILIATION_TAIL = patterns.compile(r"\s*(?:of the [A-Z]|in (?:a|an|his|her|their) \w)")


def _name_tail(rest: str) -> bool:
    """"Governor John R. Kasich of Ohio", "Sen. Lindsey Graham (R-S.C.)", "Robert Wood, the envoy"."""
    if _NAME_TAIL.match(rest):
        return True
    if _AFFILIATION_TAIL.match(rest):
        return True
    m = _OF_TAIL.match(rest)
    return m is not None and R.place_country(m.group(1).rstrip(".,")) is not None


_CONTRACTION = patterns.compile(r"['’](?:ve|re|ll|d|m|t)$|n['’]t$", re.IGNORECASE)


_POSSESSIVE_ENDS = frozenset(("'", "’", "s"))
"""The last characters of the words :func:`_strip_possessive` changes (any other word stays)."""


def _strip_possessive(tok: str) -> tuple[str, bool]:
    if tok[-1:] not in _POSSESSIVE_ENDS:
        return tok, False
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
def _decompose(chunk: str) -> _Parts | None:
    """Where the name is in a capitalised chunk, and what kind of thing it names.

    "US Defense Secretary Lloyd Austin" -> person "Lloyd Austin";
    "The White House" -> seat; "NBC’s Dante Chinni" -> person with possessor "NBC".
    Cached by chunk text: names recur within and across articles.
    """
    if " " not in chunk and "\u00a0" not in chunk:
        return _decompose_word(chunk)
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
    poss, raw, offs = _possessor(chunk, raw[i:], offs[i:])
    last_word, possessive = _strip_possessive(raw[-1])
    if last_word.endswith(".") and not R.is_abbrev_token(last_word):
        last_word = last_word[:-1]  # the sentence's period
    end = offs[-1] + len(last_word)
    words = raw[:-1] + [last_word]
    begin = offs[0]
    whole = chunk[begin:end]
    kind = _whole_kind(whole, words, last_word)
    if kind:
        return _Parts(kind, begin, end, whole, tuple(words), possessive, poss)
    name = _name_words(words)
    if not name:
        return _Parts(_nameless_kind(last_word), begin, end, whole, tuple(words), possessive, poss)
    a = name[-1]
    return _name_parts(chunk, words[a:], offs[a], end, possessive, poss)


def _possessor(chunk: str, raw: list[str], offs: list[int]
               ) -> tuple[tuple[int, int, str] | None, list[str], list[int]]:
    """A possessor opening the chunk ("NBC’s Dante Chinni"): its span and text, and the words
    after it with their offsets."""
    if "'" not in chunk and "’" not in chunk:
        return None, raw, offs  # no word of it can be a possessive
    for k in range(len(raw) - 1):
        word, is_poss = _strip_possessive(raw[k])
        if is_poss:
            return (offs[0], offs[k] + len(word), chunk[offs[0]:offs[k]] + word), raw[k + 1:], offs[k + 1:]
    return None, raw, offs


def _whole_kind(whole: str, words: list[str], last_word: str) -> _Kind | None:
    """The kind of the whole chunk when it is a known name ("US Defense Department"), an
    organisation by its head word ("Budget Policy Center") or a thing ("Affordable Care Act")."""
    lx = R.lexicon()
    kind = _known_kind(whole)
    if kind is None and len(words) > 1 and words[0] in ("US", "U.S.", "UN", "U.N.") and R.organization(
            " ".join(words[1:])):
        kind = "org"
    if kind:
        return kind
    if len(words) >= 2 and (last_word in lx.org_heads or words[0] in lx.org_heads):
        return "org"
    if last_word in lx.thing_heads:
        return "thing"
    return None


_TIME_MODIFIERS = frozenset(("former", "ex", "ex-", "then", "then-", "longtime", "long-time"))
"""Role modifiers that are never a given name, so never the first word of a name."""


def _name_words(words: list[str]) -> list[int]:
    """The name: capitalised words from the right, up to the first role word (their indexes,
    right to left)."""
    lx = R.lexicon()
    heads, female, male = lx.heads, lx.female_names, lx.male_names
    name: list[int] = []
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        low = w.lower()
        if w in lx.honorifics or low in heads or (low.endswith("s") and low[:-1] in heads and len(low) > 4):
            if not name and _given_before(words, k, female, male) and low not in (
                    "president", "senator", "minister", "secretary", "governor"):
                name.append(k)  # "Major Garrett", "Howard Dean": a given name stands before
                continue
            break
        if R.country_name(w) and not (w in female or w in male):
            if not name and _given_before(words, k, female, male):
                name.append(k)  # "Jim Jordan"
                continue
            break
        if low in lx.modifiers and (len(name) >= 2 or (k == 0 and name and low in _TIME_MODIFIERS)) \
                and not _inside_name(words, k):
            break  # "Former Carson advisers" opening a sentence: the name is "Carson"
        name.append(k)
    return name


def _given_before(words: list[str], k: int, female: frozenset[str], male: frozenset[str]) -> bool:
    """Whether a given name stands before ``words[k]``."""
    return k > 0 and (words[k - 1] in female or words[k - 1] in male)


def _nameless_kind(last_word: str) -> _Kind:
    """A chunk of role words only: a group ("Senate Republicans") or a role ("Defense Secretary")."""
    lx = R.lexicon()
    low = last_word.lower()
    plural = low.endswith("s") and (low[:-1] in lx.heads or R.country_name(last_word))
    return "group" if low in lx.group_nouns or plural else "role"


def _name_parts(chunk: str, nwords: list[str], nbegin: int, end: int, possessive: bool,
                poss: tuple[int, int, str] | None) -> _Parts | None:
    """The name at the end of a chunk (``nwords`` from ``nbegin``), and what it names."""
    lx = R.lexicon()
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
    if w.endswith(".") and not R.is_abbrev_token(w):
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


_CREDIT_AFTER = patterns.compile(r"/[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*")


_CREDIT_BEFORE = patterns.compile(r"[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)*/\Z")


_CREDIT_WORDS = frozenset(("Images", "Photo", "Photos", "Pool", "Getty", "Shutterstock", "Contributor", "File"))


def _credit(text: str, s: int, e: int) -> bool:
    """Whether the words at ``[s, e)`` are part of a photo credit: a name and an agency joined
    by a slash, where the agency is a listed news organisation or a picture service."""
    m = _CREDIT_AFTER.match(text, e)
    if m is not None:
        side = m.group()[1:]
    else:
        if not text.endswith("/", 0, s):
            return False  # _CREDIT_BEFORE ends with the slash right before s
        b = _CREDIT_BEFORE.search(text, max(0, s - 40), s)
        if b is None:
            return False
        side = text[s:e]
    return credit_agency(side)


def credit_agency(side: str) -> bool:
    """Whether the other side of a credit's slash names an agency: a credit word ("Getty Images", "Pool") or a
    listed news organisation."""
    if any(w in _CREDIT_WORDS for w in side.split()):
        return True
    org = R.organization(side)
    return org is not None and org.kind == "media"
