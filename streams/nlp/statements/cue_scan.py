"""One regex pass over the text between quotations for candidate cue verbs and speech nouns."""
from __future__ import annotations

import re

from .. import cues
from ..cues import CUE_SCAN, DETERMINERS, FUNCTION_WORDS, POSSESSOR_BEFORE, PRE_CUE_WORDS, ROLE_NOUNS, SUBJECT_PRONOUNS
from ..text import Quote

_PREV_WORD = re.compile(r"([\w’'.]+),?[ \t\xa0]+\Z")


_CARRIED_INFINITIVE = re.compile(r"\b(?:went on|goes on|go on|going on|continue[sd]?|continuing)[ \t\xa0]+to[ \t\xa0]+\Z")
"""'went on to call', 'continued to attack': a noun-like cue as an infinitive after a carrier verb."""


def _may_precede_verb(word: str) -> bool:
    """Can this word end a subject right before a noun-like cue verb (Trump calls, critics claim)?"""
    low = word.lower()
    if low in SUBJECT_PRONOUNS or low in ROLE_NOUNS or low in PRE_CUE_WORDS:
        return True
    if low in FUNCTION_WORDS or low in DETERMINERS or low[0].isdigit():
        return False
    return word[0].isupper() or low.endswith("s")


def _scan_cues(text: str, start: int, quotes: list[Quote] | None = None) -> tuple[list[int], list[int]]:
    """Offsets of possible cue verbs, and of speech nouns after a possessive, in one regex pass
    over the text between quotations (a cue inside a quotation is part of what was said)."""
    verbs: list[int] = []
    nouns: list[int] = []
    pos = start
    for q in quotes or ():
        if q.start > pos:
            _scan_range(text, pos, q.start, verbs, nouns)
        pos = max(pos, q.end)
    _scan_range(text, pos, len(text), verbs, nouns)
    return verbs, nouns


def _scan_range(text: str, start: int, end: int, verbs: list[int], nouns: list[int]) -> None:
    """Append the cue offsets found in ``text[start:end]`` (see ``_scan_cues``)."""
    first_words = cues.CUE_FIRST_WORDS
    noun_cues = cues.NOUN_CUES
    cue_verbs = cues.CUE_VERBS
    noun_like = cues.NOUN_LIKE
    for m in CUE_SCAN.finditer(text, start, end):
        pos = m.start()
        w = m.group()
        capital = w[0].isupper()
        if capital:
            if pos > 0 and text[pos - 2 : pos].rstrip()[-1:].isalnum():
                continue  # "Stevie Wonder": a capitalised cue word inside a name
            w = w.lower()
        if w in noun_cues and POSSESSOR_BEFORE.search(text, max(0, pos - 40), pos):
            nouns.append(pos)
        if w not in first_words and " " not in w and w != "reportedly":
            continue
        verb = cue_verbs.get(w)
        if verb is not None and verb.lemma in noun_like and verb.form in (cues.BASE, cues.THIRD):
            prev = _PREV_WORD.search(text, max(0, pos - 25), pos)
            if prev is None or not _may_precede_verb(prev.group(1)) and _CARRIED_INFINITIVE.search(
                text, max(0, pos - 30), pos
            ) is None:
                continue  # "the state", "swing states", "his comments": a noun, not worth tokenising for
        verbs.append(pos)
