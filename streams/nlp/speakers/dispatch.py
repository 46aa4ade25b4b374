"""Which resolver a speaker mention goes to: an ordered table of named rules (:data:`MENTION_RULES`), the
first whose case the mention is answers. The rule's name is kept per mention (``_Article.how``), and is
what ``quotewire extract --explain`` prints, made finer by what it found (:mod:`.explain`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import description as _description
from . import name as _name
from . import pronoun as _pronoun
from .entities import _Entity
from .mentions import _credit
from .words import _PRONOUNS

if TYPE_CHECKING:
    from .article import _Article


@dataclass(slots=True)
class Resolved:
    """A mention's answer: the rule that took it, the entity (None: nobody), and whether the entity is a
    name chunk's own (the entity index holds that mention already)."""

    rule: str
    entity: _Entity | None
    named: bool = False


_MentionRule = Callable[["_Article", int, int, str], Resolved | None]  # None: not this rule's case


def resolve_mention(art: _Article, s: int, e: int, mention: str) -> Resolved:
    """The first of :data:`MENTION_RULES` whose case the mention ``[s, e)`` is."""
    for rule in MENTION_RULES:
        found = rule(art, s, e, mention)
        if found is not None:
            return found
    return _description_rule(art, s, e, mention)


def _photo_credit(art: _Article, s: int, e: int, mention: str) -> Resolved | None:
    """ "Jane Roe/Reuters", "AFP/Getty Images": a photo credit names no speaker."""
    return Resolved("photo credit", None) if _credit(art.text, s, e) else None


def _pronoun_rule(art: _Article, s: int, e: int, mention: str) -> Resolved | None:
    """ "she", "they", "who": the nearest fitting antecedent (:mod:`.pronoun`, :mod:`.relative`)."""
    low = mention.lower()
    kind = _PRONOUNS.get(low)
    if kind is None:
        return None
    rule = "relative pronoun" if kind[0] == "relative" else "pronoun"
    return Resolved(rule, _pronoun._pronoun(art, s, e, low))


def _primed_name(art: _Article, s: int, e: int, mention: str) -> Resolved | None:
    """A name found before resolution began (``_Article.prime``): the same answer, by the same rule."""
    ent = art.index.heads.get((s, e))
    return Resolved(art.how.get(s, "name"), ent, named=True) if ent is not None else None


def _name_rule(art: _Article, s: int, e: int, mention: str) -> Resolved | None:
    """Names in the mention: listed or coordinated names as a group, else the name chunk that ends the
    mention's phrase (:data:`.name.NAME_RULES`)."""
    rule, ent = _name.name_rule(art, s, e)
    return Resolved(rule, ent, named=True) if ent is not None else None


def _description_rule(art: _Article, s: int, e: int, mention: str) -> Resolved:
    """What no name answers is a description: "the Ohio governor", "a company spokesman"
    (:data:`.description._RULES`)."""
    rule, ent = _description._description(art, s, e, mention)
    return Resolved(rule, ent)


MENTION_RULES: tuple[_MentionRule, ...] = (_primed_name, _photo_credit, _pronoun_rule, _name_rule)
"""In order; what none of them takes goes to the description rules. Most speaker mentions are names primed
before resolution (no photo credit or pronoun is primed: ``_Article.prime``), so they are tried first."""
