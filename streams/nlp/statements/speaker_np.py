"""Speaker noun phrases: the phrase before a cue (with apposition and parentheticals), after it
(``said Wood``), and the subject of the main clause for a participle or a coordinated verb."""
from __future__ import annotations

from .. import cues
from ..cues import (
    CONJUNCTIONS,
    DETERMINERS,
    FUNCTION_WORDS,
    MODIFIERS,
    NAME_PARTICLES,
    OBJECT_PRONOUNS,
    PARENTHETICALS,
    PRE_CUE_WORDS,
    PREPOSITIONS_IN_NAMES,
    ROLE_NOUNS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
    TIME_WORDS,
)
from ..text import ABBREVIATIONS
from .view import _FINITE, _POSSESSIVE, Subject, SubjectGap, _finite_at, _is_initial, _View

MAX_SPEAKER_TOKENS = 24
"""A speaker phrase longer than this is not a noun phrase but a misparse."""

_BE = frozenset({"is", "are", "was", "were", "been", "being", "be", "am", "'s", "’s"})

_LONE_QUANTIFIERS = frozenset({"one", "another", "some", "many", "others", "both", "all", "several", "most"})


def _particle_follows_name(v: _View, i: int) -> bool:
    """Whether the name particle at ``i`` comes after a capitalised word or an initial, itself or after one
    more particle ("Ursula von der Leyen": "der" after "von" after "Ursula")."""
    k = i - 1
    if k >= 0 and v.low[k] in NAME_PARTICLES:
        k -= 1
    return k >= 0 and (v.words[k][0].isupper() or v.words[k] == ".")


def _np_left(v: _View, j: int) -> tuple[int, int] | None:
    """The noun phrase ending at token j, scanning left (None if j cannot end one)."""
    if j < 0 or not v.is_head(j):
        return None
    low = v.low
    if low[j] in SUBJECT_PRONOUNS:
        return (j, j)
    a = j
    if v.words[j] == ")":
        k = v._paren_open(j)
        if k is None or k == 0:
            return None
        a = k
    while a - 1 >= 0 and j - a < MAX_SPEAKER_TOKENS:
        i = a - 1
        w = v.words[i]
        if v.qid[i] >= 0:
            break
        lw = low[i]
        if w == ".":
            if i - 1 >= 0 and (low[i - 1] in ABBREVIATIONS or _is_initial(v.words[i - 1])):
                a = i
                continue
            break
        if w == ")":
            k = v._paren_open(i)
            if k is None:
                break
            a = k
            continue
        if (w in _POSSESSIVE or w in ("'", "’") and v.words[i - 1].endswith("s")) and i - 1 >= 0 and v.is_head(i - 1):
            a = i  # "North Korea's deputy foreign minister", "Sanders' campaign manager"
            continue
        if lw in NAME_PARTICLES and (v.words[a][0].isupper() or v.low[a] in NAME_PARTICLES) \
                and _particle_follows_name(v, i):
            a = i  # "Mr. de Vos", "Ludwig van Beethoven", "Ursula von der Leyen"
            continue
        if v.is_name_part(i) and w[0].isupper():
            a = i
            continue
        if lw in DETERMINERS or lw in MODIFIERS or lw in ROLE_NOUNS or lw[0].isdigit():
            a = i
            continue
        if lw.endswith(("ian", "ese", "ish", "ical")) and lw not in FUNCTION_WORDS:
            a = i
            continue
        if low[j] in ROLE_NOUNS and a == j and w.isalpha() and w.islower() and lw not in FUNCTION_WORDS and (
            lw not in PRE_CUE_WORDS and i not in v.cue_at and not lw.endswith(("ed", "ing", "ly"))
        ):
            # ", election officials said", "law enforcement officials say": noun modifiers of a role noun
            if _at_boundary(v, i):
                a = i
                break
            if i >= 1 and v.words[i - 1].isalpha() and v.words[i - 1].islower() and low[i - 1] not in FUNCTION_WORDS and (
                low[i - 1] not in DETERMINERS and i - 1 not in v.cue_at and _at_boundary(v, i - 1)
            ):
                a = i - 1
                break
        if _lower_word(w) and lw not in FUNCTION_WORDS and i - 1 >= 0 and j - i <= 3 and (
            _opens_phrase(v, i - 1) or i - 2 >= 0 and _opens_phrase(v, i - 2) and _lower_word(v.words[i - 1])
            and low[i - 1] not in FUNCTION_WORDS
        ):
            # "A harbour official", "a long-serving aide", "Stone's right-hand man": a noun modifier,
            # when a determiner or a possessive opens the phrase
            a = i
            continue
        if (lw in PREPOSITIONS_IN_NAMES or lw == "and" or lw == "&") and i - 1 >= 0 and (
            v.is_head(i - 1) and low[i - 1] not in SUBJECT_PRONOUNS
        ):
            a = i
            continue
        if w in ("-", "–") and i - 1 >= 0 and v.is_name_part(i - 1):
            a = i
            continue
        if w == "," and i - 1 >= 0 and v.words[i - 1][0].isupper() and v.is_head(i - 1) and "and" in low[a : j + 1]:
            a = i  # "Reyes, Ruiz and Lopez": a list of names
            continue
        break
    while a < j and (low[a] in PREPOSITIONS_IN_NAMES or low[a] == "and" or v.words[a] in ".-–&,"):
        a += 1
    return (a, j)


def _lower_word(w: str) -> bool:
    """A word in lower case, or a hyphenated compound of them ("long-serving", "right-hand")."""
    return w.islower() and (w.isalpha() or "-" in w and all(p.isalpha() for p in w.split("-")))


def _opens_phrase(v: _View, k: int) -> bool:
    """Whether token ``k`` opens a noun phrase before its modifiers: a determiner ("a", "the")
    or a possessive ending ("Stone's")."""
    return v.low[k] in DETERMINERS or v.words[k] in _POSSESSIVE and k >= 1 and v.is_head(k - 1)


def _modified_noun(v: _View, k: int) -> int | None:
    """The role or person noun ending a run of up to three lower-case words from token ``k``
    ("right-hand man", "closest confidante"); None when the run does not end in one."""
    for m in range(k, min(v.n, k + 3)):
        lw = v.low[m]
        if v.qid[m] >= 0 or not _lower_word(v.words[m]) or lw in FUNCTION_WORDS or m in v.cue_at:
            return None
        if lw in ROLE_NOUNS:
            return m
    return None


def _np_right(v: _View, i: int) -> tuple[int, int] | None:
    """The noun phrase starting at token i, scanning right."""
    if i >= v.n or v.qid[i] >= 0:
        return None
    low = v.low
    if low[i] in SUBJECT_PRONOUNS or low[i] in OBJECT_PRONOUNS:
        return (i, i) if low[i] not in ("it", "which", "that") or low[i] == "it" else None
    if low[i] in _LONE_QUANTIFIERS and (i + 1 >= v.n or not v.words[i + 1][0].isalnum()):
        return (i, i)  # '"Anybody but Trump," read another.'

    b = i - 1
    last_head = lower_head = -1
    while b + 1 < v.n and b + 1 - i < MAX_SPEAKER_TOKENS:
        k = b + 1
        w = v.words[k]
        lw = low[k]
        if v.qid[k] >= 0:
            break
        if w == ".":
            if b >= i and (low[b] in ABBREVIATIONS or _is_initial(v.words[b])) and k + 1 < v.n:
                b = k
                continue
            break
        if w in _POSSESSIVE and last_head == b and b >= i:
            b = k  # "Trump's campaign manager"
            continue
        if w == "(":
            close = next((x for x in range(k + 1, min(v.n, k + 8)) if v.words[x] == ")"), None)
            if close is None or b < i:
                break
            b = close
            last_head = close
            continue
        if v.is_name_part(k) and w[0].isupper() and not (k == i and lw in DETERMINERS):
            b = k
            last_head = k
            continue
        if lw in ROLE_NOUNS:
            b = k
            last_head = k
            continue
        if b >= i and v.words[b] in _POSSESSIVE and (m := _modified_noun(v, k)) is not None:
            b = last_head = m  # "Stone's right-hand man", "Lee's closest confidante"
            continue
        if lw in DETERMINERS or lw in MODIFIERS or lw[0].isdigit() or lw.endswith(("ian", "ese", "ish", "ical")):
            if lw in FUNCTION_WORDS:
                break
            b = k
            if lw.isdigit() and last_head == k - 1 and v.words[k - 1][0].isupper():
                last_head = k  # "Fox 35"
            elif k == i and lw in _LONE_QUANTIFIERS:
                last_head = k  # "Many carried placards", "All of the candidates"
            continue
        if (
            (last_head < i and b >= i or lower_head == b and b - i < 3 or last_head == b == i and low[i] in _LONE_QUANTIFIERS)
            and w.isalpha() and w.islower() and lw not in FUNCTION_WORDS and lw not in SUBJECT_PRONOUNS
            and lw not in OBJECT_PRONOUNS and lw not in _FINITE and not lw.endswith("ed")
            and k not in v.cue_at and low[i] in DETERMINERS
        ):
            b = k  # "the foundation", "a news conference": a determiner phrase whose noun is in no list
            last_head = lower_head = k
            continue
        if (lw in PREPOSITIONS_IN_NAMES or lw == "&") and last_head == b and k + 1 < v.n and (
            low[k + 1] in DETERMINERS or v.is_name_part(k + 1) or low[k + 1] in ROLE_NOUNS
        ) and v.qid[k + 1] < 0:
            b = k
            continue
        if w in ("-", "–") and last_head == b and k + 1 < v.n and v.is_name_part(k + 1):
            b = k
            continue
        break
    if last_head < i:
        return None
    return (i, last_head)


def _at_boundary(v: _View, a: int) -> bool:
    """Does a phrase starting at token a start a clause (so it can be a subject)?"""
    if a == 0 or v.qid[a - 1] >= 0:
        return True  # the sentence start, or right after a quotation
    p = v.words[a - 1]
    lp = v.low[a - 1]
    if p in (",", ";", ":", "—", "–", "-", "("):
        return True
    if lp in ("even", "only", "also", "both") and (a == 1 or _at_boundary(v, a - 1)):
        return True  # "Even Rendell, a stalwart supporter, said"
    return lp in CONJUNCTIONS or lp in SUBORDINATORS or lp in ("that", "because", "said", "which", "what", "whom")


def _comma_before(v: _View, j: int, lo: int) -> int:
    """Index of the nearest comma before j (down to lo), or -1."""
    for k in range(j - 1, lo - 1, -1):
        t = v.words[k]
        if t == ",":
            return k
        if v.qid[k] >= 0 or t in ";:":
            return -1
    return -1


_POSTMODIFIERS = frozenset(
    {("close", "to"), ("familiar", "with"), ("knowledgeable", "about"), ("briefed", "on"), ("loyal", "to"), ("allied", "with")}
)
"""An adjective and its preposition after a noun ("a source close to the mayor"): the noun is the speaker."""


def _subject_before(v: _View, c0: int) -> Subject:
    """The speaker before a cue at c0: a token range, ``SubjectGap.COORDINATED`` for a coordinated
    verb ("... and said"), or None."""
    low = v.low
    j = c0 - 1
    while j >= 0:
        lw = low[j]
        if lw in PRE_CUE_WORDS or lw in _BE or lw in PARENTHETICALS or (lw.endswith("ly") and len(lw) > 4 and v.words[j].islower()):
            j -= 1
            continue
        if lw in ("all", "both", "each") and j > 0 and v.is_head(j - 1):
            j -= 1  # "Sens. Merkley, Brown and Menendez all suggested"
            continue
        if lw in TIME_WORDS and j > 0 and low[j - 1] in ("this", "last", "next", "on", "in", "earlier", "late", "early"):
            j -= 2  # "Wells Fargo just this month announced", "Trump on Monday said"
            continue
        # ", however," between subject and cue
        if v.words[j] == "," and j >= 2 and low[j - 1] in PARENTHETICALS and v.words[j - 2] == ",":
            j -= 3
            continue
        if v.words[j] == "," and j >= 3 and low[j - 2] in ("for", "in") and low[j - 1] in _PAREN_NOUNS and v.words[j - 3] == ",":
            j -= 4  # ", for example," / ", in turn,"
            continue
        break
    if j < 0:
        return None
    lw = low[j]
    if lw in ("and", "but", "or") or lw in ("to",):
        return SubjectGap.COORDINATED if lw != "to" else None
    after_quote = _after_quote_subject(v, j)
    if after_quote is not None:
        return after_quote
    if v.words[j] == ",":
        return _apposition_before(v, j)
    np = _np_left(v, j)
    obj = np or ((j, j) if low[j] in OBJECT_PRONOUNS else None)  # "two people close to him said"
    if obj is not None and obj[0] >= 3 and (low[obj[0] - 2], low[obj[0] - 1]) in _POSTMODIFIERS:
        head = _np_left(v, obj[0] - 3)  # "a source close to the council said": the source speaks
        if head is not None and _at_boundary(v, head[0]):
            return (head[0], obj[1])
    if np is None:
        return (
            _relative_subject(v, j) or _long_subject(v, j) or _plain_subject(v, j) or _bare_subject(v, j)
            or _quantity_subject(v, j)
        )
    a, b = np
    if a > 0 and low[a - 1] in ("of", "on", "at", "for", "from", "with", "in", "and"):
        longer = _long_subject(v, j)
        if longer is not None:
            return longer
    # "Name, a title phrase said": apposition without a closing comma
    if a >= 2 and v.words[a - 1] == "," and low[a] in DETERMINERS and low[a] not in ("his", "her", "their"):
        first = _np_left(v, a - 2)
        if first is not None and _at_boundary(v, first[0]) and v.words[first[1]][0].isupper():
            return (first[0], b)
    return np


def _phrase_is_np(v: _View, a: int, b: int, relative_ok: bool = False) -> bool:
    """Is tokens a..b a plausible noun phrase (an apposition or a long subject)?

    Lenient on purpose: any content words, joined by prepositions and "and", as long
    as it opens like a noun phrase and holds no verb-like closed-class word, cue or quote.
    """
    if b < a or b - a >= (28 if relative_ok else 16):
        return False
    low = v.low
    first = low[a]
    if not (
        first in DETERMINERS
        or first in MODIFIERS
        or first in ROLE_NOUNS
        or first[0].isdigit()
        or (v.is_name_part(a) and v.words[a][0].isupper())
    ):
        return False
    for k in range(a, b + 1):
        lw = low[k]
        if lw in ("who", "whose", "which", "that") and k > a and relative_ok:
            return True  # "a former state party chairman who just signed on"
        if v.qid[k] >= 0:
            if v.quotes[v.qid[k]].words > 5 or k == a:
                return False
            continue  # 'the co-author of "Going Viral"'
        if k in v.cue_at and _verbal_cue(lw) and not (lw.endswith("ing") and k < b and low[k + 1] in ROLE_NOUNS):
            return False  # (but "a creative writing professor" is a noun phrase)
        if lw in FUNCTION_WORDS and lw not in PREPOSITIONS_IN_NAMES and lw not in ("and", "with"):
            return False
        if v.words[k] in ",;:!?\"“”":
            return False
    return True


def _verbal_cue(low: str) -> bool:
    """Is this cue token a verb whatever its context (said, told), not a possible noun (report)?"""
    verb = cues.CUE_VERBS.get(low)
    return verb is not None and not (verb.lemma in cues.NOUN_LIKE and verb.form in (cues.BASE, cues.THIRD))


def _apposition_before(v: _View, j: int) -> tuple[int, int] | None:
    """Speaker before ", cue" (j is that comma), through comma-separated segments:
    "NP1, NP2," (apposition), "NP, who ...,", "NP, speaking ...,", "NP, 31, a photographer,".

    Going left one segment at a time, each must be a noun phrase, an age, a relative
    clause or a parenthetical, until the head phrase at a clause boundary is reached.
    """
    low = v.low
    end = j
    last_np_end: int | None = None
    for _ in range(4):
        k = _comma_before(v, end, end - 30 if end > 30 else 0)
        start = k + 1
        if start >= end:
            return None
        first = low[start]
        if first in ("who", "whose", "which", "whom"):
            kind = "rel"
        elif first[0].isdigit() and end - start <= 2:
            kind = "np"  # an age: "Mr. King, 82, told me"
        elif _phrase_is_np(v, start, end - 1, relative_ok=True):
            kind = "np"
        elif first.endswith(("ing", "ed")) or first in FUNCTION_WORDS or first in PARENTHETICALS or first in (
            "along", "together", "alongside", "like", "unlike", "including"
        ):
            kind = "paren"
        else:
            return None
        if kind == "np" and last_np_end is None:
            last_np_end = end - 1
        if k < 0:
            # no comma before: the segment itself opens the sentence ("Sen. Jack Reed (D-R.I.), said")
            if kind == "np" and start == 0 and end - start <= 8 and last_np_end is not None:
                return (0, last_np_end)
            return None
        head = _np_left(v, k - 1)
        if head is not None and _at_boundary(v, head[0]) and v.low[head[1]] not in ("it", "which"):
            return (head[0], last_np_end if last_np_end is not None else head[1])
        if kind == "np" and last_np_end is not None and _fronted_adverbial(v, k):
            return (start, last_np_end)  # 'In a statement, one of the attorneys, Ana Ruiz, said'
        if kind == "np" and last_np_end is not None and k >= 1:
            quantity = _quantity_subject(v, k - 1)  # 'Just shy of half, 49%, say'
            if quantity is not None and (quantity[0] == 0 or v.low[quantity[0] - 1] in CONJUNCTIONS or (
                v.words[quantity[0] - 1] == "," and _fronted_adverbial(v, quantity[0] - 1)
            )):  # ('In Ohio, about half, 49 percent, say')
                return (quantity[0], last_np_end)
        end = k
    return None


_FRONTING_PREPS = frozenset("in on at during after before with from for by over under since despite amid among".split())


def _fronted_adverbial(v: _View, k: int) -> bool:
    """Is tokens [0, k) a fronted prepositional or time phrase ("In a statement", "On Monday")?"""
    a = 0
    while a < k and v.low[a] in CONJUNCTIONS:
        a += 1
    if a >= k or not (v.low[a] in _FRONTING_PREPS or v.low[a] in TIME_WORDS) or k - a > 12:
        return False
    return not any(x in v.cue_at or v.qid[x] >= 0 or v.words[x] in ",;:" for x in range(a, k))


def _after_quote_subject(v: _View, j: int) -> tuple[int, int] | None:
    """'"...," the book said' / '"...," Leonard Burman, director of ..., said': in a trailing
    frame right after a quotation, the whole stretch between quotation and cue is the speaker."""
    if not v.quotes or j < 0 or v.quotes[0].start >= v.ends[j]:
        return None  # no quotation before the cue
    a = j
    while a - 1 >= 0 and j - a < 30:
        if v.qid[a - 1] >= 0:
            break
        t = v.words[a - 1]
        if t in ";:!?\"“”«»" or a - 1 in v.cue_at:
            return None
        a -= 1
    if a == 0 or v.qid[a - 1] < 0:
        return None
    while a <= j and v.words[a] in ",—–-":
        a += 1
    if a > j:
        return None
    if v.low[a] not in DETERMINERS and not v.words[a][0].isupper() and v.low[a] not in SUBJECT_PRONOUNS and not (
        v.words[a].islower() and v.low[a] not in FUNCTION_WORDS
        and any(v.words[x][0].isupper() for x in range(a + 1, min(j + 1, a + 4)))
    ):
        return None  # (but '"...," warm-and-fuzzy Reyes said' has a modifier first)
    b = j
    while b > a and v.words[b] == ",":
        b -= 1
    return (a, b)


def _long_subject(v: _View, j: int) -> tuple[int, int] | None:
    """A subject the strict phrase scan cannot take ("Experts on North Korea and nuclear
    nonproliferation said"): everything back to the clause boundary, if it reads as a noun phrase."""
    a = j
    while a - 1 >= 0 and j - a < 15:
        t = v.words[a - 1]
        lw = v.low[a - 1]
        if t in ",;:—–()" or v.qid[a - 1] >= 0 or lw in CONJUNCTIONS and lw != "and" or lw in SUBORDINATORS:
            break
        a -= 1
    if a > 0 and not _at_boundary(v, a):
        return None
    while a < j and v.low[a] in ("even", "only", "also", "both"):
        a += 1  # "Even the organizer of the rally said"
    if not _phrase_is_np(v, a, j):
        return None
    if not any(v.low[k] in ROLE_NOUNS or v.is_name_part(k) and v.words[k][0].isupper() for k in range(a, j + 1)):
        return None
    return (a, j)


def _plain_subject(v: _View, j: int) -> tuple[int, int] | None:
    """'the lawsuit says', 'another says': a short determiner phrase at a clause boundary."""
    low = v.low
    a = j
    while a >= 0 and j - a < 4:
        if low[a] in DETERMINERS:
            break
        if not v.words[a].isalpha() or low[a] in FUNCTION_WORDS or v.words[a][0].isupper():
            return None
        a -= 1
    if a < 0 or low[a] not in DETERMINERS or low[a] in ("no", "any", "this", "that", "these", "those"):
        return None
    if a == j and low[a] not in _LONE_QUANTIFIERS:
        return None
    return (a, j) if _at_boundary(v, a) else None


def _bare_subject(v: _View, j: int) -> tuple[int, int] | None:
    """'but security specialists say', '42% say', 'six in 10 said', 'those surveyed said':
    a short phrase right after a clause boundary, without a determiner."""
    low = v.low
    a = j
    while a >= 0 and j - a < 5:
        w = v.words[a]
        if _at_boundary(v, a) and a <= j:
            break
        if not (w.isalnum() or w == "%") or low[a] in FUNCTION_WORDS and low[a] not in ("in", "of"):
            return None
        a -= 1
    if a < 0 or not _at_boundary(v, a):
        return None
    if low[a] in FUNCTION_WORDS or low[a] in CONJUNCTIONS:
        return None
    if any(v.qid[k] >= 0 or k in v.cue_at and _verbal_cue(low[k]) for k in range(a, j + 1)):
        return None
    return (a, j)


_QUANTITY_WORDS = frozenset(
    """about nearly almost roughly around approximately more less fewer than just only some over under at least
    shy of in a an the those percent percentage majority plurality minority half third thirds quarter
    quarters fifth fifths one two three four five six seven eight nine ten eleven twelve twenty thirty
    forty fifty sixty seventy eighty ninety hundred dozen""".split()
)
_NUMERIC = frozenset(
    """half third thirds quarter quarters fifth fifths majority plurality minority percent one two three
    four five six seven eight nine ten""".split()
)


def _quantity_subject(v: _View, j: int) -> tuple[int, int] | None:
    """'About four in 10 said', 'More than half of voters say', 'Those over 60 say': a poll
    figure as the subject, from the clause boundary."""
    low = v.low
    a = j
    numeric = False
    while a >= 0 and j - a < 9:
        w = v.words[a]
        lw = low[a]
        if v.qid[a] >= 0 or not (w.isalnum() or w == "%" or "-" in w):
            return None
        if lw[0].isdigit() or lw in _NUMERIC or "-" in lw and lw.split("-")[0] in _QUANTITY_WORDS:
            numeric = True
        elif lw in FUNCTION_WORDS and lw not in _QUANTITY_WORDS or a in v.cue_at:
            return None
        if _at_boundary(v, a):
            break
        a -= 1
    if a < 0 or not numeric or low[a] in CONJUNCTIONS:
        return None
    return (a, j)


def _relative_subject(v: _View, j: int) -> tuple[int, int] | None:
    """"Two officials who spoke on condition of anonymity said": the noun phrase before "who"."""
    for k in range(j, j - 14 if j > 13 else -1, -1):
        t = v.words[k]
        if t in ",;:" or v.qid[k] >= 0:
            return None
        if v.low[k] in ("who", "that", "whose") and k > 0:
            np = _np_left(v, k - 1)
            if np is not None and v.low[np[1]] not in SUBJECT_PRONOUNS:
                return np
            a = k - 1  # "Hawkins and others who ...": the phrase back to the clause boundary
            while a > 0 and k - a < 8 and v.qid[a - 1] < 0 and v.words[a - 1] not in ",;:—–(" and (
                v.low[a - 1] not in SUBORDINATORS and v.low[a - 1] not in ("that", "because", "but", "or")
            ):
                a -= 1
            if a < k - 1 and _at_boundary(v, a) and (v.words[a][0].isupper() or v.low[a] in DETERMINERS) and all(
                v.low[x] not in FUNCTION_WORDS or v.low[x] in ("and", "of") for x in range(a, k)
            ):
                return (a, k - 1)
            return None
    return None


def _speaker_after(v: _View, i: int) -> tuple[int, int] | None:
    """Inverted order: "said Wood", "said Kristan Hawkins, president of Students for Life"."""
    np = _np_right(v, i)
    if np is None and i < v.n and v.low[i] in DETERMINERS and v.low[i] not in ("no", "this", "that"):
        k = i + 1
        while k < v.n and k - i <= 3 and v.words[k].isalpha() and v.words[k].islower() and v.low[k] not in FUNCTION_WORDS:
            k += 1
        if k > i + 1:
            np = (i, k - 1)  # '"...," read a banner'
    if np is None:
        return None
    a, b = np
    if b + 3 < v.n and (v.low[b + 1], v.low[b + 2]) in _POSTMODIFIERS:
        rest = _np_right(v, b + 3)  # "said a source close to the council"
        if rest is None and v.low[b + 3] in OBJECT_PRONOUNS:
            rest = (b + 3, b + 3)
        if rest is not None:
            return (a, rest[1])
    if v.low[a] in OBJECT_PRONOUNS or v.low[a] in SUBJECT_PRONOUNS:
        # "said he." is inverted; "said they were" is the complement's subject
        if v.low[a] not in ("he", "she") or (b + 1 < v.n and v.words[b + 1] not in ",.;!?"):
            return None
    # apposition: ", the title phrase" up to a comma or the sentence end
    if b + 2 < v.n and v.words[b + 1] == ",":
        e = b + 2
        while e < v.n and v.words[e] not in ",.;!?" and v.qid[e] < 0 and v.low[e] not in ("who", "which"):
            e += 1
        if e > b + 2 and _phrase_is_np(v, b + 2, e - 1):
            return (a, e - 1)
    return np


def _distant_subject(v: _View, c0: int) -> tuple[int, int] | None:
    """'Sexton, a writing professor who grew up near Gary, said ...': when the comma segments
    between the subject and ", said" do not parse, the name that opens the sentence (followed
    by a comma) is the subject, provided no other finite cue stands between."""
    i = 0
    while i < c0 and (v.low[i] in CONJUNCTIONS or v.words[i] in ",—–\"“”"):
        i += 1
    np = _np_right(v, i)
    if np is None or np[1] + 1 >= c0 - 1 or v.words[np[1] + 1] != ",":
        return None
    head = v.words[np[1]]
    if head == ")":
        opened = v._paren_open(np[1])
        head = v.words[opened - 1] if opened else ""  # "Reyes (R-Ga.)"
    if not head[:1].isupper() or v.low[np[0]] in SUBJECT_PRONOUNS or v.low[np[0]] in OBJECT_PRONOUNS:
        return None
    for k in range(np[1] + 2, c0 - 1):
        if v.qid[k] >= 0 and v.quotes[v.qid[k]].words > 5 or v.words[k] in ";:":
            return None
        if k in v.cue_at and _verbal_cue(v.low[k]) and not v.low[k].endswith("ing"):
            return None
    return np


_TIME_PHRASE_WORDS = DETERMINERS | TIME_WORDS | frozenset({"few", "couple", "later", "earlier", "ago", "of", "just", "only"})


def _coord_subject(v: _View, c0: int) -> tuple[int, int] | None:
    """The subject of the clause a coordinated cue verb belongs to ("when Rubio thanked Miami and
    said ...", "The candidates oppose it, and have pledged ..."): the noun phrase that opens it."""
    k = c0 - 1
    while k >= 0 and v.low[k] in PRE_CUE_WORDS:
        k -= 1
    if k < 1 or v.low[k] not in ("and", "but", "or"):
        return None
    k -= 1
    if v.words[k] == ",":
        k -= 1
    while k >= 0 and not (v.qid[k] < 0 and (v.words[k] in ",;:—–" or v.low[k] in SUBORDINATORS or v.low[k] == "that")):
        k -= 1
    start = k + 1
    while start < c0 and v.low[start] in CONJUNCTIONS:
        start += 1
    np = _np_right(v, start)
    if np is None or np[1] + 1 >= c0 or not v.words[np[1] + 1].islower() or v.low[np[0]] in ("it", "which", "who", "there"):
        return None
    return np


def _series_subject(v: _View, c0: int) -> tuple[int, int] | None:
    """'He suggested X, called her Y and skipped Z': a cue verb in a series of verbs after a comma
    shares the subject of the first verb."""
    np = _main_subject(v, c0)
    if np is None or v.low[np[0]] in ("it", "there", "this", "that", "which"):
        return None
    k = np[1] + 1
    while k < c0 and v.low[k] in PRE_CUE_WORDS:
        k += 1
    if k >= c0 - 1 or not (k in v.cue_at or _finite_at(v, k)) or v.low[k] in _BE:
        return None
    return np


def _main_subject(v: _View, limit: int) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, for participles and coordinated cue verbs."""
    i = 0
    low = v.low
    for _ in range(3):
        while i < limit and (
            low[i] in CONJUNCTIONS or low[i] in PARENTHETICALS or v.words[i] in ",—–-\"“”'‘’" and v.qid[i] < 0
        ):
            i += 1
        if i >= limit:
            return None
        w = v.words[i]
        comma = next((x for x in range(i + 1, i + 6 if i + 6 < limit else limit) if v.words[x] == "," and v.qid[x] < 0),
                     None)
        if comma is not None and low[comma - 1] in TIME_WORDS and all(
            low[x] in _TIME_PHRASE_WORDS or low[x][0].isdigit() for x in range(i, comma)
        ):
            i = comma + 1  # "A few days later, Reyes ..."
            continue
        # fronted adverbial: "Speaking before the Council, Wood ..." / "On Wednesday, ..."
        if (
            low[i] in FUNCTION_WORDS
            or low[i].endswith("ing")
            or (low[i].endswith("ed") and w[0].isupper())
            or low[i] in TIME_WORDS
        ) and low[i] not in SUBJECT_PRONOUNS:
            k = next((x for x in range(i, limit) if v.words[x] == "," and v.qid[x] < 0), None)
            if k is None:
                return None
            i = k + 1
            continue
        break
    np = _np_right(v, i)
    if np is None or np[1] >= limit:
        return None
    # the subject ends where the verb starts: accept it only if a lower-case word follows
    return np


_PAREN_NOUNS = frozenset({"example", "instance", "fact", "turn", "contrast", "particular", "part", "response", "short"})
