"""Resolving each statement's speaker mention to a speaker within its article.

A statement arrives with the words that name its speaker at that point ("he",
"Wood", "the California congressman", "A Ukrainian official"). Alerts and memory
need who that is: the fullest name the article gives, the speaker's type, and the
role the article states anywhere. The article's capitalised name chunks are found in
one pass; each is decoded and linked to an entity only when a mention, an antecedent
search or a role read needs it (surnames to the full name met before or after, "Kim"
the minister apart from "Kim Jong Un" by the role words around it). Each mention is
resolved to one of those entities: pronouns to the nearest fitting antecedent outside
quotations (subjects first), descriptions to the speaker whose role they fit, capitals
and seats to their government. Roles are read by :mod:`roles` around the occurrences of
the name (every full name, and the first eight bare surnames), and the best stated one
wins.

Where to look: :mod:`.mentions` parses one mention (names, honorifics, possessives, credits);
:mod:`.entities` holds the entity model and :mod:`.index` the entity index of an article
(``EntityIndex``: chunks decoded and linked on demand, the people and the speakers' mentions
found so far), with :mod:`.persons` linking person names (``PersonTable``) and
:mod:`.organization` organisations (``OrgTable``). One module resolves each kind of mention: :mod:`.name`,
:mod:`.pronoun`, :mod:`.relative`, :mod:`.group`, :mod:`.description` (with :mod:`.fitting`, the person a
role description fits, and :mod:`.things`, documents and statements, ``ThingTable``). :mod:`.role_evidence`
reads roles and countries (``RoleReads``), :mod:`.document` the layout, sentences, quotations and
capitalised chunks (``Document``), :mod:`.speaker_record` builds the output, :mod:`.explain` gives the
rules behind each answer (``quotewire extract --explain``), and :mod:`.words` holds the word classes
the modules share. :mod:`.article` holds one article (``_Article``: its text, one of each of those
tables, and the resolution so far), which each of these functions takes first; :mod:`.dispatch` sends a
mention to its resolver by an ordered table of named rules (photo credit, pronoun, names, description),
and :mod:`.name` and :mod:`.description` have tables of their own.

Pure and synchronous; costs a few hundred microseconds an article (dictionary
look-ups and precompiled regexes over short windows).
"""

from __future__ import annotations

from ..model import Span, Speaker, Statement
from . import speaker_record as _speaker_record
from .article import _Article
from .explain import Explanation, explain
from .mentions import slug


def resolve(text: str, statements: list[Statement]) -> list[Speaker | None]:
    """The resolved speaker of each statement, in order (None where it has no mention)."""
    if not statements:
        return []
    art = _Article(text)
    found = art.resolve_all(statements)
    out: list[Speaker | None] = []
    for i in range(len(statements)):
        ent = found.get(i)
        out.append(_speaker_record.speaker(art, ent) if ent is not None else None)
    return out


__all__ = ["Explanation", "Span", "explain", "resolve", "slug"]
