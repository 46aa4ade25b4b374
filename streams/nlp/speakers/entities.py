"""The entity model: what a capitalised chunk decodes to (:class:`_Parts`, :class:`_Info`), the
entities mentions resolve to (:class:`_Entity`), and mentions grouped by entity (:class:`_ByEntity`).
"""

from __future__ import annotations

from bisect import insort
from dataclasses import dataclass, field

from .. import roles as R

# A chunk of capitalised words, decomposed: where the name is, and what it names.
_Kind = str  # person | org | seat | country | region | group | role | thing


@dataclass(slots=True)
class _Parts:
    kind: _Kind
    name_off: int
    name_end: int
    name: str
    tokens: tuple[str, ...]
    possessive: bool = False
    poss: tuple[int, int, str] | None = None  # a possessor inside the chunk ("NBC’s Dante Chinni")


@dataclass(slots=True, eq=False)
class _Entity:
    """Someone or something the article names; every mention resolves to one."""

    kind: str  # person | org | seat | country | region | group | anonymous | thing
    tokens: tuple[str, ...]
    name: str | None
    country: str | None = None
    org_kind: str | None = None
    canon: str | None = None
    extra: list[tuple[int, R.Role]] = field(default_factory=list)  # roles from descriptions
    occ: list[tuple[int, int]] | None = None  # name occurrences (persons), found on demand
    gender: str | None = None
    gender_known: bool = False
    aliases: set[str] = field(default_factory=set)
    spoke: int = 0  # statements resolved to this entity so far
    someone: bool | None = None  # evidence that a "person" is one (cached)
    extra_at: dict[R.Role, int] | None = None  # each role of ``extra`` at its first position


@dataclass(slots=True)
class _Info:
    """A capitalised chunk of the article, decoded in context."""

    kind: _Kind
    start: int
    end: int
    ns: int
    ne: int
    tokens: tuple[str, ...]
    possessive: bool


class _ByEntity:
    """Mentions ``(position, entity)`` grouped by entity, so that a description weighs each
    candidate once instead of walking every mention of the article.

    Each entity keeps its positions in text order as ``(position, seq)``: ``seq`` numbers the
    additions, so that mentions at one position keep the order a sorted list of them would
    have (``insort`` after equal keys; a stable sort)."""

    __slots__ = ("by", "seq")

    def __init__(self) -> None:
        self.by: dict[int, tuple[_Entity, list[tuple[int, int]]]] = {}
        self.seq = 0

    def add(self, pos: int, ent: _Entity) -> None:
        self.seq += 1
        got = self.by.get(id(ent))
        if got is None:
            self.by[id(ent)] = (ent, [(pos, self.seq)])
        else:
            insort(got[1], (pos, self.seq))

    def in_order(self) -> list[tuple[_Entity, list[tuple[int, int]]]]:
        """The entities in the order of their first mention."""
        return sorted(self.by.values(), key=_first_mention)


def _first_mention(t: tuple[_Entity, list[tuple[int, int]]]) -> tuple[int, int]:
    return t[1][0]
