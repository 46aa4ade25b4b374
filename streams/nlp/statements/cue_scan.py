"""One pass over the text between quotations for candidate cue verbs and speech nouns.

The candidates are the tokens (and phrases) of ``cues.SCAN_WORDS`` with ASCII word boundaries,
the matches of ``cues.scan_pattern()``. A regular expression that size tries its alternatives
at every word of an article; here the text becomes one byte per character (ASCII word
characters kept, everything else a space), its words are split off and intersected with the
scan words in C, and only the scan words the article holds are searched for, as byte strings.
"""
from __future__ import annotations

import re
from itertools import compress

from .. import cues, patterns
from ..cues import DETERMINERS, FUNCTION_WORDS, PRE_CUE_WORDS, ROLE_NOUNS, SUBJECT_PRONOUNS
from ..text import Quote

_PREV_WORD = patterns.compile(r"([\w’'.]+),?[ \t\xa0]+\Z")
"""The word before a cue (and its comma), searched in a short window that ends at the cue: the
plain reading of ``_prev_word``."""
_PREV_WORD_REVERSED = patterns.compile(r"[ \t\xa0]+,?([\w’'.]+)")
"""``_PREV_WORD`` read backwards: matched once at the start of the reversed window instead of
tried at every place of it."""


_CARRIED_INFINITIVE = patterns.compile(r"\b(?:went on|goes on|go on|going on|continue[sd]?|continuing)[ \t\xa0]+to[ \t\xa0]+\Z")
"""'went on to call', 'continued to attack': a noun-like cue as an infinitive after a carrier verb."""
_CARRIED_INFINITIVE_REVERSED = patterns.compile(
    r"[ \t\xa0]+ot[ \t\xa0]+(?:no tnew|no seog|no og|no gniog|[sd]?eunitnoc|gniunitnoc)(?!\w)"
)
"""``_CARRIED_INFINITIVE`` read backwards (see ``_ends_before``)."""
_POSSESSOR_BEFORE_REVERSED = patterns.compile(
    r"(?:\s+[a-z]+){0,2}?\s+(?:(?:si[Hh]|re[Hh]|rieh[Tt]|st[Ii]|ru[Oo]|y[Mm])(?!\w)|s['’])"
)
"""``cues.POSSESSOR_BEFORE`` read backwards (see ``_ends_before``); the fewest words first, so that the
first match is the shortest."""


def _ends_before(reversed_pattern: re.Pattern[str], text: str, pos: int, window: int) -> bool:
    """Does the plain pattern that ``reversed_pattern`` reads backwards match in the ``window``
    characters before ``pos``, ending at ``pos`` (a search with ``\\Z`` there)? One match at the start
    of the reversed window instead of a try at every place of it. The reversed window holds one
    character more, for the word boundary at a match's start, but the match may not take it."""
    start = pos - window if pos > window else 0
    m = reversed_pattern.match(text[start - 1 if start > 0 else 0 : pos][::-1])
    return m is not None and m.end() <= pos - start

_WORD_BYTES = bytes(c if chr(c).isascii() and (chr(c).isalnum() or c == ord("_")) else ord(" ") for c in range(256))
"""A ``bytes.translate`` table: ASCII word characters (``\\w`` under ``re.ASCII``) stay, any other byte
becomes a space."""

_SPACE = ord(" ")
_NEEDLES = {first: b" " + first + b" " for first in cues.SCAN_BY_FIRST_WORD}
"""The first word of each scan word as a whole word in scanned bytes (see ``_scanned_bytes``)."""


def _may_precede_verb(word: str) -> bool:
    """Can this word end a subject right before a noun-like cue verb (Trump calls, critics claim)?"""
    low = word.lower()
    if low in SUBJECT_PRONOUNS or low in ROLE_NOUNS or low in PRE_CUE_WORDS:
        return True
    if low in FUNCTION_WORDS or low in DETERMINERS or low[0].isdigit():
        return False
    return word[0].isupper() or low.endswith("s")


def _prev_word(text: str, pos: int) -> str | None:
    """The word that ends, with an optional comma and some spaces, right before ``pos``, within
    the 25 characters before it (what ``_PREV_WORD`` finds there), or None."""
    m = _PREV_WORD_REVERSED.match(text[pos - 25 if pos > 25 else 0 : pos][::-1])
    return m.group(1)[::-1] if m is not None else None


def _scan_cues(text: str, start: int, quotes: list[Quote] | None = None) -> tuple[list[int], list[int]]:
    """Offsets of possible cue verbs, and of speech nouns after a possessive, in the text from
    ``start`` between quotations (a cue inside a quotation is part of what was said)."""
    verbs: list[int] = []
    nouns: list[int] = []
    for pos, w in _scan_words(text, start, quotes or []):
        _classify(text, pos, w, verbs, nouns)
    return verbs, nouns


def _scanned_bytes(text: str, start: int, quotes: list[Quote]) -> bytes:
    """The text as one byte per character after a leading space (offsets are the text's plus one):
    ASCII word characters as they are, every other character, the text before ``start`` and the
    quotations as spaces, and a space at the end.

    Blanking is exact: ``start`` (a body start) follows a line break, a quotation starts at its
    opening mark and ends after its closing mark or at a paragraph end, so no word runs across
    the edge of a scanned range."""
    raw = text.encode("ascii", "replace")  # one byte per character
    parts = [b" " * (start + 1)]
    pos = start
    for q in quotes:
        if q.start > pos:
            parts.append(raw[pos : q.start])
        if q.end > pos:
            parts.append(b" " * (q.end - (pos if pos > q.start else q.start)))
            pos = q.end
    parts.append(raw[pos:])
    parts.append(b" ")
    return b"".join(parts).translate(_WORD_BYTES)


def _scan_words(text: str, start: int, quotes: list[Quote]) -> list[tuple[int, str]]:
    """Offset and text of each scan word or phrase in the scanned text (see ``_scanned_bytes``), in
    text order: the matches of ``cues.scan_pattern()`` over the ranges between quotations.

    The scanned bytes split into the text's words in order; those that start a scan word are
    picked out in C, and each is then found as the next whole word of its spelling after the one
    before (the words between are no scan words), so the searches cover the text once."""
    scanned = _scanned_bytes(text, start, quotes)
    words = scanned.split()
    found: list[tuple[int, str]] = []
    cursor = 0
    taken_end = -1  # a phrase found takes its words ('went on to say')
    for word in compress(words, map(_NEEDLES.__contains__, words)):
        pos = scanned.find(_NEEDLES[word], cursor)  # its space before: the word's offset in the text
        cursor = pos + 1 + len(word)  # (its space after may be the next word's space before)
        if pos < taken_end:
            continue
        for w in cues.SCAN_BY_FIRST_WORD[word]:  # longest first
            if len(w) == len(word) or _phrase_at(text, scanned, pos, w):
                found.append((pos, w))
                taken_end = pos + len(w)
                break
    return found


def _phrase_at(text: str, scanned: bytes, pos: int, phrase: str) -> bool:
    """Does ``phrase`` stand at ``pos`` as whole words, one space apart as it spells them?"""
    return text.startswith(phrase, pos) and scanned[pos + 1 + len(phrase)] == _SPACE


def _classify(text: str, pos: int, w: str, verbs: list[int], nouns: list[int]) -> None:
    """Append the offset of scan word ``w`` to ``verbs`` and/or ``nouns`` when it may be a cue there."""
    if w[0].isupper():
        if pos > 0 and text[pos - 2 : pos].rstrip()[-1:].isalnum():
            return  # "Stevie Wonder": a capitalised cue word inside a name
        w = w.lower()
    if w in cues.NOUN_CUES and _ends_before(_POSSESSOR_BEFORE_REVERSED, text, pos, 40):  # (POSSESSOR_BEFORE)
        nouns.append(pos)
    if w not in cues.CUE_FIRST_WORDS and " " not in w and w != "reportedly":
        return
    verb = cues.CUE_VERBS.get(w)
    if verb is not None and verb.lemma in cues.NOUN_LIKE and verb.form in (cues.BASE, cues.THIRD):
        prev = _prev_word(text, pos)
        if prev is None or not _may_precede_verb(prev) and not _ends_before(_CARRIED_INFINITIVE_REVERSED, text, pos, 30):
            return  # "the state", "swing states", "his comments": a noun, not worth tokenising for
    verbs.append(pos)
