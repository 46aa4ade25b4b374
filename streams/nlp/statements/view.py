"""The token view of one sentence (``_View``), the frame under construction (``_Frame``) and
token-class helpers shared by the grammar's modules."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from itertools import compress, count, repeat
from operator import ge

from .. import cues
from ..cues import DETERMINERS, FUNCTION_WORDS, MODIFIERS, ROLE_NOUNS, SUBJECT_PRONOUNS, TIME_WORDS
from ..model import StatementKind
from ..text import Quote, Sentence, tokenize, tokenize_with_quotes

_POSSESSIVE = frozenset({"'s", "’s", "'S", "’S"})


@dataclass(slots=True)
class _Frame:
    """A statement under construction: token ranges within one sentence, plus extra spans. With
    ``quote_follows``, the sentence only introduces its content: the quoted paragraph after it
    ('Caddell continued:'), which extraction attaches."""

    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    content: list[tuple[int, int]]  # character spans
    kind: StatementKind
    confidence: float
    quote_follows: bool = False
    rule: str = ""  # the rule that found it (Statement.rule)


@dataclass(slots=True)
class _Complement:
    """The content after a cue: character spans, their kind and the frame's confidence. With
    ``quote_follows``, there is none in the sentence: the quoted paragraph after it is the
    content ('He told his audience, to rowdy applause:')."""

    content: list[tuple[int, int]]
    kind: StatementKind
    confidence: float
    quote_follows: bool = False


class SubjectGap(Enum):
    """What stands before a cue in place of a subject noun phrase."""

    COORDINATED = "coordinated"  # 'Reyes smiled and said ...': the verb shares the subject before "and"


Subject = tuple[int, int] | SubjectGap | None
"""A cue's subject as :func:`speaker_np._subject_before` finds it: a token range, a gap, or none."""


class _View:
    """One sentence's tokens, lower-cased words and quotation membership."""

    __slots__ = (
        "bound_cue",
        "bounds",
        "cue_at",
        "ends",
        "low",
        "n",
        "qid",
        "quotes",
        "reportedly",
        "sent",
        "starts",
        "stops",
        "subjects",
        "text",
        "words",
    )

    def __init__(self, text: str, sent: Sentence, quotes: list[Quote]) -> None:
        self.text = text
        self.sent = sent
        if quotes:
            self.words, self.starts, self.ends, self.qid = tokenize_with_quotes(text, sent.start, sent.end, quotes)
        else:
            self.words, self.starts, self.ends = tokenize(text, sent.start, sent.end)
            self.qid = [-1] * len(self.words)
        self.low = list(map(str.lower, self.words))
        self.n = len(self.words)
        self.quotes = quotes
        self.cue_at: dict[int, int] = {}
        self.bounds: set[int] = set()
        self.bound_cue: dict[int, int] = {}
        self.subjects: dict[int, Subject] = {}
        self.reportedly: list[int] = []
        self.stops: list[int] | None = None

    # --- token classes ---
    def word(self, i: int) -> str:
        return self.words[i]

    def is_name_part(self, i: int) -> bool:
        w = self.words[i]
        c = w[0]
        if not (c.isupper() or c.isdigit()):
            return False
        low = self.low[i]
        if low in _TITLE_TIME_WORDS and i and (self.low[i - 1] == "the" or self.is_name_part(i - 1)):
            return True  # "The New York Times", "USA Today": a capitalised time word inside a name
        return low not in FUNCTION_WORDS and low not in TIME_WORDS

    def is_head(self, i: int) -> bool:
        """Can token i end a speaker phrase?"""
        low = self.low[i]
        if self.qid[i] >= 0:
            return False
        if low in SUBJECT_PRONOUNS:
            return True
        if low in ROLE_NOUNS:
            return True
        if self.is_name_part(i) and self.words[i][0].isupper():
            return True
        return self.words[i] == ")" and self._paren_open(i) is not None

    def _paren_open(self, i: int) -> int | None:
        for k in range(i - 1, max(-1, i - 20), -1):
            if self.words[k] == "(":
                return k
        return None

    def is_punct(self, i: int, chars: str) -> bool:
        return self.words[i] in chars if 0 <= i < self.n else False

    def quote_of(self, i: int) -> Quote | None:
        q = self.qid[i] if 0 <= i < self.n else -1
        return self.quotes[q] if q >= 0 else None

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens a..b inclusive."""
        return self.starts[a], self.ends[b]


_CLAUSE_STOPS = frozenset({",", ";", "and", "but"})


def _clause_stops(v: _View) -> list[int]:
    """The tokens where a clause may end (see ``clause._clause_end``), in order: commas, semicolons,
    "and", "but" and quotations; found once per sentence, in C."""
    stops = v.stops
    if stops is None:
        stops = list(compress(count(), map(_CLAUSE_STOPS.__contains__, v.low)))
        if v.quotes:
            stops = sorted({*stops, *compress(count(), map(ge, v.qid, repeat(0)))})
        v.stops = stops
    return stops


def _is_initial(w: str) -> bool:
    return len(w) == 1 and w.isupper() or ("." in w and all(len(p) <= 2 for p in w.split(".")))


_TITLE_TIME_WORDS = frozenset({"times", "today"})
"""Time words that end the names of newspapers ("The Times", "USA Today") when written with a capital."""


def _char_span(v: _View, a: int, b_excl: int) -> tuple[int, int] | None:
    """Character span of tokens [a, b_excl), or None when empty."""
    if b_excl <= a:
        return None
    return v.starts[a], v.ends[b_excl - 1]


def _kind_of(v: _View, a: int, b_excl: int) -> StatementKind:
    quotes = v.quotes
    if quotes:  # (else no token is a quotation)
        for q in v.qid[a:b_excl]:
            if q >= 0 and quotes[q].words >= 1:
                return "mixed"
    return "indirect"


_FINITE = frozenset(
    """is are was were will would can could should may might must has have had did does do
    're ’re 've ’ve 'll ’ll 'd ’d won't won’t isn't isn’t wasn't wasn’t didn't didn’t doesn't doesn’t
    went made took gave got came left won lost held kept ran saw put set brought thought became began sent
    spent met paid knew felt found stood sat told said says""".split()
)
"""Finite verbs that show a complement is a clause, not a noun phrase."""


_FINITE_WORDS = _FINITE | {
    w for w, cw in cues.CUE_VERBS.items() if cw.form in (cues.PAST, cues.THIRD) and cw.lemma not in cues.NOUN_LIKE
}
"""Finite verbs and finite cue forms (said, claims), one set lookup."""


def _finite_at(v: _View, k: int, after_and: bool = False) -> bool:
    """Is token k a finite verb (a known one, a cue, or an -ed word after a noun or after "and")?"""
    lw = v.low[k]
    if lw in _FINITE_WORDS or k in v.cue_at and not lw.endswith("ing"):
        return True
    if lw[-2:] == "ed" and len(lw) > 4 and v.words[k].islower() and k > 0:
        if after_and:
            return True
        prev = v.low[k - 1]
        return prev not in DETERMINERS and prev not in FUNCTION_WORDS and prev not in MODIFIERS and v.words[k - 1].isalpha()
    return False


def _after_quote(v: _View, i: int) -> int:
    """First token after the quotation that token i belongs to."""
    q = v.qid[i]
    k = i
    while k < v.n and v.qid[k] == q:
        k += 1
    return k
