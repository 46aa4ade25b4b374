"""Which rules gave each statement its speaker, for ``quotewire extract --explain``."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Statement
from . import index as _index
from . import persons as _persons
from . import speaker_record as _speaker_record
from .article import _Article


@dataclass(slots=True)
class Explanation:
    """Which rules gave one statement its speaker, for ``quotewire extract --explain``."""

    mention: str | None
    resolver: str | None  # name | pronoun | relative pronoun | description | photo credit
    antecedent: str | None  # the name the mention was linked to, with where the article gives it
    sources: dict[str, str]  # title / organization / country -> where it came from


def explain(text: str, statements: list[Statement]) -> list[Explanation]:
    """The resolution of each statement's speaker, with the rules that fired (same answers as
    :func:`resolve`)."""
    art = _Article(text)
    found = art.resolve_all(statements)
    out = []
    for i, st in enumerate(statements):
        if st.speaker is None:
            out.append(Explanation(None, None, None, {}))
            continue
        ent = found.get(i)
        mention = text[st.speaker.start:st.speaker.end]
        how = next((h for p, h in art.how.items() if st.speaker.start <= p < st.speaker.end), "photo credit")
        antecedent = None
        if ent is not None and ent.kind == "person":
            occ = _persons.person_occ(art, ent)
            antecedent = _index.full_name(art, ent) + (f" (named at {occ[0][0]})" if occ else "")
        elif ent is not None:
            antecedent = ent.name
        sources = _speaker_record.role_sources(art, ent) if ent is not None else {}
        out.append(Explanation(mention, how, antecedent, sources))
    return out
