"""The search text syntax, parsed once and rendered for FTS5 and for PostgreSQL.

Syntax (like a web search box): ``word``, ``"a phrase"``, ``-word`` / ``-"a phrase"``
to exclude, and ``OR`` (any case) between alternatives; adjacent terms must all match.
Exclusions apply to the whole query. Anything else — quotes left open, ``*``,
``NEAR(``, ``:``, ``'; DROP TABLE`` — is just text: every term reaches the database
as a quoted FTS5 string or a bound parameter, never as query syntax, so no input can
error or inject. Terms without a letter or digit are dropped (they cannot match).
Only the first ``MAX_TERMS`` terms count; a term (a phrase, or a word such as
``a-b-c`` that the database splits into a phrase) of more than ``MAX_PHRASE_WORDS``
words is refused with ``TooLongPhrase``: PostgreSQL nests a phrase's words one level
each and fails with "stack depth limit exceeded" on a few thousand, and both backends
refuse it the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import textfold

MAX_TERMS = 64
MAX_PHRASE_WORDS = 100
_SEARCHABLE = re.compile(r"\w")


class TooLongPhrase(ValueError):
    """A search phrase with more words than ``MAX_PHRASE_WORDS``."""


def _word_count(term: str) -> int:
    """Words of ``term`` as PostgreSQL's parser counts them at most: runs of letters and decimal digits
    ("_", "²", "½" separate words there, though Python's ``\\w`` takes them for word characters)."""
    return len("".join(c if c.isalpha() or c.isdecimal() else " " for c in term).split())


def _check_length(term: str) -> None:
    words = _word_count(term)
    if words > MAX_PHRASE_WORDS:
        raise TooLongPhrase(
            f"a search phrase may have at most {MAX_PHRASE_WORDS} words; "
            f"this one has {words}: {term[:40]!r}..."
        )


@dataclass(frozen=True, slots=True)
class TextQuery:
    """``any_of`` alternatives, each a tuple of terms that must all match; minus ``excluded`` terms."""

    any_of: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...]

    @property
    def matches_nothing(self) -> bool:
        """The text had no searchable term at all: no statement can match it."""
        return not self.any_of and not self.excluded


def parse(text: str | None) -> TextQuery | None:
    """The query for ``text``; None when there is no text (no text filter)."""
    if text is None or not text.strip():
        return None
    text = text.replace("\x00", " ")
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    count = 0
    i, n = 0, len(text)
    while i < n and count < MAX_TERMS:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negate = ch == "-" and i + 1 < n and not text[i + 1].isspace()
        if negate:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            term, quoted, i = text[i + 1:end], True, end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] != '"':
                i += 1
            term, quoted = text[start:i], False
        term = " ".join(term.split())
        if not quoted and not negate and term.casefold() == "or":
            if groups[-1]:
                groups.append([])
            continue
        if not _SEARCHABLE.search(term):
            continue
        _check_length(term)
        count += 1
        (excluded if negate else groups[-1]).append(term)
    return TextQuery(tuple(tuple(g) for g in groups if g), tuple(excluded))


def fts5_string(term: str) -> str:
    """``term`` as an FTS5 string literal: a phrase of its tokens, never an operator."""
    return '"' + term.replace('"', '""') + '"'


def fts5(query: TextQuery) -> tuple[str | None, str | None]:
    """FTS5 MATCH expressions: (what must match, what must not), either may be None."""
    positive = " OR ".join(
        "(" + " AND ".join(fts5_string(t) for t in group) + ")" for group in query.any_of
    ) or None
    negative = " OR ".join(fts5_string(t) for t in query.excluded) or None
    if positive and negative:
        return f"({positive}) NOT ({negative})", None
    return positive, negative


def tsquery_sql(query: TextQuery, config: str = "english") -> tuple[str | None, list[str]]:
    """A PostgreSQL tsquery expression (``%s`` placeholders) and its parameters.

    Each term becomes ``phraseto_tsquery(config, term)``, combined with ``&&``, ``||``
    and ``!!`` — the same meaning as the FTS5 rendering, with the same stemming
    (english), except that PostgreSQL drops stop words ("the", "will"). Terms are folded
    (``streams.textfold``) as the indexed text is, so "jenca" finds "Jenča".
    """
    params: list[str] = []

    def term_sql(term: str) -> str:
        params.extend([config, textfold.fold(term)])  # as content_f is folded (rows.folded_content)
        return "phraseto_tsquery(%s::regconfig, %s)"

    positive = " || ".join(
        "(" + " && ".join(term_sql(t) for t in group) + ")" for group in query.any_of
    )
    negative = " || ".join(term_sql(t) for t in query.excluded)
    if positive and negative:
        return f"({positive}) && !!({negative})", params
    if positive:
        return positive, params
    if negative:
        return f"!!({negative})", params
    return None, params
