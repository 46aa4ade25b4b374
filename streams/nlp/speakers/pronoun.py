"""Resolving a pronoun ("he", "she", "they") to the nearest fitting antecedent outside
quotations, subjects first.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from ..text import OPENING_MARKS
from . import document as _document
from . import group as _group
from . import index as _index
from . import persons as _persons
from . import relative as _relative
from .entities import _Entity
from .words import _PRONOUNS, _SUBORDINATORS, _WORD, _first

if TYPE_CHECKING:
    from ..model import Span
    from .article import _Article


_OBJECT_WORDS = frozenset(("than",))


_REACH = 8
"""How many sentences back a pronoun looks, counted as a reader counts them (the sentences inside
a quotation too, though the layout keeps a quotation and its frame as one sentence)."""


_NOT_SUBJECT_BEFORE = frozenset((
    "the", "a", "an", "of", "by", "for", "to", "with", "against", "from", "about", "on", "at", "in", "than",
    "like", "toward", "towards", "over", "under", "behind", "after", "before", "into", "between",
))
"""Words before a name that make it no clause's subject ("the appeals of Mr. Vance", "the Vance
campaign"): what a statement says about such a name is not said by it."""


def _fits(art: _Article, ent: _Entity, want: str, gender: str | None) -> bool:
    if want == "person":
        if ent.kind not in ("person", "anonymous"):
            return False
        if ent.kind == "person" and not _persons.is_someone(art, ent):
            return False
        if ent.kind == "anonymous" and not any(r.head for _, r in ent.extra) and ent.gender is None:
            return False  # an unnamed source with neither a role nor a gendered noun ("a woman")
        if gender:
            g = _persons.gender(art, ent)
            return g is None or g == gender
        return True
    if want == "thing":
        return ent.kind in ("org", "seat", "country", "thing")  # "the email read ... It stated"
    if want == "plural":
        return ent.kind in ("group", "org")
    return True


def _pronoun(art: _Article, s: int, e: int, low: str, named: bool = False) -> _Entity | None:
    """The antecedent of a pronoun; ``named`` skips unnamed sources (for "his ex-wife")."""
    want, gender = _PRONOUNS[low]
    if want == "self":
        return None
    if want == "relative":
        return _relative._relative(art, s, low)
    text = art.text
    ss, se = _document.sentence(art, s)
    # cataphora: "Although he called for a withdrawal, Austin said ..."
    first = _WORD.match(text, ss + (1 if text[ss:ss + 1] in "\"“" else 0))
    if want == "person" and first and first.group().lower() in _SUBORDINATORS:
        comma = text.find(",", e, se)
        if comma > 0:
            for p, ent in _index.mentions_in(art, comma, se):
                if ent.kind == "person" and not _document.in_quote(art, p) and _fits(art, ent, want, gender):
                    return _learn_gender(art, ent, gender)
    if want == "plural":
        g = _group._plural(art, s, ss)
        if g is not None:
            return g
    # backwards, sentence by sentence; in each, the first fitting mention (the subject),
    # a possessor ("under Mr. Ban's watch") only when nothing else fits
    a, b = ss, s
    floor = art.body_start if s >= art.body_start else 0
    late: _Entity | None = None
    # "Any answer to Mr. Vance, he said, is hopeless": what he said names someone else
    content = art.said.get(s, ())
    budget = _REACH
    while budget > 0:
        budget -= 1 if a == ss else _document.sentences_read(art, a, b)  # its own quotation does not count
        fallback = None
        said = _speaker_in(art, a, b, floor, want, gender, named)
        if said is not None:
            return _learn_gender(art, said, gender)
        for p, ent, poss in _index.mentions_in(art, a, b, possessives=True):
            if content and _mentioned_in(art, p, content):
                continue
            if named and ent.kind != "person":
                continue
            if p >= floor and _fits(art, ent, want, gender) and not _document.in_quote(art, p):
                if not poss and _object_of(art, p):
                    late = late or ent  # "than Obama": only if no sentence before has anyone
                    continue
                if not poss:
                    return _learn_gender(art, ent, gender)
                fallback = fallback or ent
        if fallback is not None:
            return _learn_gender(art, fallback, gender)
        if a == ss and want == "person" and _frames_opening_quote(art, s, ss, content):
            said = _last_speaker_of_paragraph_before(art, ss, floor, gender)
            if said is not None:
                return _learn_gender(art, said, gender)
        prev = _document.prev_sentence(art, a)
        if prev is None or prev < floor:
            break
        a, b = prev, a
    return None if late is None else _learn_gender(art, late, gender)


def _speaker_in(art: _Article, a: int, b: int, floor: int, want: str, gender: str | None,
                named: bool) -> _Entity | None:
    """The first speaker of a statement in ``[a, b)`` that a pronoun may stand for: the one who
    speaks goes on speaking ("“...” for Clinton, said Kunin. “...,” she said" is Kunin)."""
    spk = art.index.spk
    i = bisect_left(spk, a, key=_first)
    while i < len(spk) and spk[i][0] < b:
        p, ent = spk[i]
        i += 1
        if named and ent.kind != "person":
            continue
        if p >= floor and ent.kind == "person" and _fits(art, ent, want, gender) and not _document.in_quote(art, p):
            return ent
    if want == "thing":  # "“...,” the report says. It also notes ...": the thing that spoke
        extra = art.index.extra
        i = bisect_left(extra, a, key=_first)
        while i < len(extra) and extra[i][0] < b:
            p, _, ent = extra[i]
            i += 1
            if p >= floor and ent.kind == "thing" and not _document.in_quote(art, p):
                return ent
    return None


def _frames_opening_quote(art: _Article, s: int, ss: int, content: tuple[Span, ...]) -> bool:
    """Whether the pronoun at ``s`` frames a quotation that opens the sentence at ``ss`` ("“...,” he
    said") or that its frame opens ("He added, “...”")."""
    if not content or art.text[content[0].start:content[0].start + 1] not in OPENING_MARKS:
        return False
    return content[0].start <= ss + 2 or s == ss


def _last_speaker_of_paragraph_before(art: _Article, ss: int, floor: int, gender: str | None) -> _Entity | None:
    """The latest person who speaks in the paragraph before ``ss``: a new quotation framed by a
    pronoun goes on with the last speaker ("Dan said he hoped to win. Then his brother lost.
    ¶ ''It was hard,'' he said": Dan)."""
    before = _document.paragraph_before(art, ss)
    if before is None or before < floor:
        return None
    spk = art.index.spk
    i = bisect_left(spk, ss, key=_first) - 1
    while i >= 0 and spk[i][0] >= before:
        p, ent = spk[i]
        i -= 1
        if ent.kind == "person" and _fits(art, ent, "person", gender) and not _document.in_quote(art, p):
            return ent
    return None


def _mentioned_in(art: _Article, p: int, content: tuple[Span, ...]) -> bool:
    """Whether the name at ``p`` is only mentioned by the statement's own content ("Any answer to
    a claim by Mr. Vance, he said, is hopeless"), not its subject, which a paraphrase may name
    as the speaker ("Ms. Ruiz was shocked, she said")."""
    if not any(c.start <= p < c.end for c in content):
        return False
    cs = _document.chunks(art)
    i = bisect_right(cs, p) - 1
    a = cs[i] if i >= 0 else p  # the chunk's start: before "Mr." in "Mr. Vance"
    w = art.text[max(0, a - 12):a].split()
    return bool(w) and w[-1].lower().strip("(\"“") in _NOT_SUBJECT_BEFORE


def _object_of(art: _Article, p: int) -> bool:
    """Whether the name at ``p`` is the object of a comparison
    ("more liberal nominees than Obama"), which a later "he said" seldom stands for."""
    w = art.text[max(0, p - 9):p].split()
    return bool(w) and w[-1].lower() in _OBJECT_WORDS and art.text[p - 1:p] == " "


def _learn_gender(art: _Article, ent: _Entity, gender: str | None) -> _Entity:
    if gender and ent.kind == "person" and _persons.gender(art, ent) is None:
        ent.gender = gender
    return ent
