"""Descriptions of things and documents ("the statement", "the email"): who sent them, and the
fuller phrase the article gives for them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from . import document as _document
from . import fitting as _fitting
from . import index as _index
from . import pronoun as _pronoun
from .entities import _Entity
from .mentions import _decompose
from .words import _VERBISH, _first

if TYPE_CHECKING:
    from .article import _Article


class ThingTable:
    """Things and documents read so far: the fuller phrases the article gives for a head word
    ("the statement" -> "a statement from the White House"), and which of them are cut from a
    longer name."""

    __slots__ = ("cut_names", "fuller")

    def __init__(self) -> None:
        self.fuller: dict[str, list[tuple[int, int, str]]] = {}  # head -> fuller phrases of it
        self.cut_names: dict[str, bool] = {}  # fuller phrase -> cut from a longer name


_ASCII_UPPER = patterns.compile("[A-Z]")


_WORD_START = patterns.compile(r"\w")


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


# Capitalised words (and up to two lower-case ones) right before a noun: "Reuters/Ipsos opinion ".
_FULLER = patterns.compile(r"(?:[A-Z][\w'’/&-]*(?:\.[\w'’/&-]+)*[ \u00a0]+){1,6}(?:[a-z][\w-]*[ \u00a0]+){0,2}\Z")


_THING_ADJ = frozenset(
    "new recent latest last first this previous earlier updated final fresh separate second third".split()
)


# documents someone sends out, named after the sender ("the email" -> "Cruz campaign fundraising email")
_SENT_DOCS = frozenset("email letter memo ad advertisement commercial mailer video tweet release statement".split())


_SPOKEN_WORDS = frozenset(("remarks", "comments", "comment", "words"))


_QUANTIFIERS = frozenset("some many several numerous various multiple".split())


_REPORTED_SUBJECT = patterns.compile(r"\b(?:said|says|reported|reports)\s+(?:that\s+)?[A-Z]")


_SEND_VERB = patterns.compile(
    r"\s*(?:sent|released|issued|posted|published|aired|launched|unveiled|says|said|put|emailed)\b")


# who opens a sentence: "The Cruz campaign", "The American Action Network", "His campaign"
_SENDER = patterns.compile(
    r"\s*(?:(?:[Tt]he|On \w+,)\s+)?(?:([Hh]is|[Hh]er|[Tt]heir)\s+)?((?:[A-Z][\w'’.-]*\s+)*)([a-z]+)?")


def _thing(art: _Article, s: int, e: int, mention: str, words: list[str], first: str, hl: str) -> _Entity:
    """A ruling, poll or report that "says": named by the phrase (or the fuller phrase it refers to)."""
    lead = mention
    parts = mention.split()
    # "Her submission to the court" -> "Ivana Trump's submission to the court"
    if first in ("her", "his", "its", "their"):
        owner = _pronoun._pronoun(art, s, s + len(parts[0]), first, named=first in ("her", "his"))
        if owner is not None and owner.kind == "person":
            lead = f"{_index.full_name(art, owner)}'s " + " ".join(parts[1:])
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
        sent = _sent_thing(art, s, hl) if first == "the" and hl in _SENT_DOCS else None
        if sent is None and first == "the" and hl in _SPOKEN_WORDS:
            sent = _last_speakers(art, s, hl)
        fuller = sent or _fuller_thing(art, s, e, hl)
        if fuller:
            lead = fuller
    return _index._adhoc(art, "thing", lead, None)


def _last_speakers(art: _Article, s: int, head: str) -> str | None:
    """"The remarks" right after someone spoke: that person's ("Paul Manafort's remarks")."""
    i = bisect_left(art.index.spk, s, key=_first)
    if i == 0:
        return None
    p, ent = art.index.spk[i - 1]
    if ent.kind != "person" or s - p > 600:
        return None
    return f"{_index.full_name(art, ent)}'s {head}"


def _sent_thing(art: _Article, s: int, head: str) -> str | None:
    """"The email" after "The Cruz campaign sent a fundraising email": the document named by
    who sent it ("Cruz campaign fundraising email"), from a sentence before (quotes skipped)."""
    here: int | None = _document.sentence(art, s)[0]
    for _ in range(6):  # the sentences of a quote may stand between
        if here is None:
            break
        start, here = here, _document.prev_sentence(art, here)
        if _document.in_quote(art, start + 1):
            continue
        sent = art.text[start:min(_document.sentence(art, start)[1], s)]
        m = re.search(rf"\b(?:a|an)\s+((?:[\w-]+\s+){{0,2}}){re.escape(head)}\b", sent)
        if m is None:
            verb = re.search(rf"\b{re.escape(head)}ed\b", sent)  # "Huma Abedin ... emailed supporters"
            who = _fitting._near_subject(art, start + verb.start()) if verb is not None else None
            if who is not None:
                return f"{_index.full_name(art, who)}'s {head}"
            continue
        if _REPORTED_SUBJECT.search(sent, 0, m.start()):
            return None  # "The Times said Cook provided a written statement": Cook's, not the Times'
        subject = _sender(art, start, sent)
        return f"{subject} {m.group(1)}{head}" if subject else None
    return None


def _sender(art: _Article, a: int, sent: str) -> str | None:
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
        owner = _pronoun._pronoun(art, a, a + len(m.group(1)), m.group(1).lower(), named=True)
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


def _fuller_name(art: _Article, s: int, e: int, head: str) -> str | None:
    """:func:`_fuller_thing` for a group or body, unless the phrase is the tail of a longer
    capitalised name ("Hampshire voters" of "New Hampshire voters")."""
    fuller = _fuller_thing(art, s, e, head)
    if fuller is None:
        return None
    cut = art.things.cut_names.get(fuller)
    if cut is None:  # once per phrase: an article may say "the voters" again and again
        cut = art.things.cut_names[fuller] = _cut_from_name(art, fuller)
    return None if cut else fuller


def _cut_from_name(art: _Article, fuller: str) -> bool:
    """Whether the phrase is somewhere the tail of a longer capitalised name: its first word a
    word of a chunk after a capitalised one ("Hampshire voters" of "New Hampshire voters"; of a
    word joined by slashes, its last part), which is no stopword and ends no sentence."""
    _document.chunks(art)
    text = art.text
    cs, ce, ct = art.doc.cs, art.doc.ce, art.doc.ct
    assert cs is not None
    p = text.find(fuller)
    while p >= 0:
        i = bisect_right(cs, p) - 1
        if i >= 0 and cs[i] < p < ce[i] and text[p - 1] in " \u00a0":
            before = ct[i][:p - cs[i]].split()[-1].rpartition("/")[2]
            if "A" <= before[:1] <= "Z" and before not in R.CAP_STOPWORDS and not (
                    before.endswith(".") and not R.is_abbrev_token(before)):
                return True
        p = text.find(fuller, p + 1)
    return False


def _fuller_thing(art: _Article, s: int, e: int, head: str) -> str | None:
    """The fuller phrase a bare "poll" stands for: "a new Washington Post-ABC News national poll"."""
    found = art.things.fuller.get(head)
    if found is None:
        found = art.things.fuller[head] = _fuller_phrases(art, head)
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
    headline = s < art.body_start
    return (after or before) if headline else (before or after)


def _fuller_phrases(art: _Article, head: str) -> list[tuple[int, int, str]]:
    """Every fuller phrase of ``head`` in the article: (start, end of the head, phrase), in order."""
    text = art.text
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
