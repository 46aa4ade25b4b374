"""Lookup keys of a name: how an article's spelling finds a KB entity.

Three kinds of key, from strict to loose:

* ``name_key``: case, diacritics, punctuation and honorifics folded away
  ("Sen. Lindsey O. Graham" -> "lindsey o graham", "Miroslav Jenča" -> "miroslav jenca").
* ``translit_key``: the name key with the usual romanisation differences folded too
  (j/y -> i, doubled letters single), so "Vasiliy Nebenzija", "Vassily Nebenzia" and
  "Vasily Nebenzya" share one key ("vasili nebenzia").
* ``surname`` keys: the last word alone, for an article that names "Nebenzia" only.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import patterns

_NON_WORD = patterns.compile(r"[^0-9a-z]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc\u2018`")  # O'Malley, O’Malley -> omalley
_DOUBLE = patterns.compile(r"([a-z])\1+")
HONORIFICS = frozenset(
    "mr mrs ms miss dr sir dame lord lady sen senator rep representative gov governor pres president "
    "gen general adm admiral col sgt prof professor amb ambassador hon rev gov. the".split()
)
SUFFIXES = frozenset("jr sr ii iii iv".split())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case ASCII words: diacritics dropped, anything not a letter or digit a space."""
    ascii_ = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES)).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_WORD.sub(" ", ascii_.lower()).split())


def name_words(name: str) -> list[str]:
    """The folded words of a name without leading honorifics and trailing suffixes."""
    return list(_name_words(name))


def name_word_count(name: str) -> int:
    """``len(name_words(name))`` without copying the words."""
    return len(_name_words(name))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """``name_words``, kept per name: the keys of one name each read its words (a tuple: callers share it)."""
    words = fold(name).split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words = words[:-1]
    return tuple(words)


def generation(name: str) -> str | None:
    """The generational suffix a name ends with ("Donald Trump Jr." -> "jr"), if any."""
    words = fold(name).split()
    return words[-1] if len(words) > 1 and words[-1] in SUFFIXES else None


def name_key(name: str) -> str:
    return " ".join(_name_words(name))


def _translit_word(word: str) -> str:
    return _DOUBLE.sub(_one_letter, word.replace("j", "i").replace("y", "i"))


def _one_letter(doubled: re.Match[str]) -> str:
    """A doubled letter once: what the template ``\\1`` gives, without ``re`` reading the template again on every
    call (a template string costs a Python-level parse per ``sub``, a function only a call per match)."""
    return doubled.group(1)


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    return " ".join([_translit_word(w) for w in _name_words(name)])


def surname_key(name: str) -> str | None:
    """The last word of a name of two words or more (None for a one-word name)."""
    words = _name_words(name)
    return words[-1] if len(words) > 1 else None


def short_key(name: str) -> str | None:
    """First and last word of a name with middle names or initials ("lindsey graham")."""
    words = _name_words(name)
    return f"{words[0]} {words[-1]}" if len(words) > 2 else None
