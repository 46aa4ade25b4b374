"""Which rules gave each statement its speaker, for ``quotewire extract --explain``."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from .. import patterns
from .. import roles as R
from ..model import Speaker, Statement
from . import index as _index
from . import persons as _persons
from . import relative as _relative
from . import speaker_record as _speaker_record
from .article import _Article
from .entities import _Entity

# A description rule's name (description._RULES) made finer by whom it found.
_BY_FINDING = {
    "role description": {"person": "description, fitted to a named person",
                         "anonymous": "description of an unnamed person"},
    "person noun": {"person": "person noun, the possessor's associate", "anonymous": "person noun, someone unnamed"},
    "family relation": {"person": "family relation, named", "anonymous": "family relation, unnamed"},
}

# A name mention that is not a person's full name, by what it names.
_NAMED = {"group": "group name", "org": "organization name", "seat": "capital or seat (metonym)",
          "country": "country name"}

_UP_TO_PUNCTUATION = patterns.compile(r"[^,.;:()\n]{1,40}")


@dataclass(slots=True)
class Explanation:
    """Which rules gave one statement its speaker, for ``quotewire extract --explain``."""

    mention: str | None
    # the rule of dispatch.MENTION_RULES that took the mention: photo credit | pronoun | relative pronoun |
    # a name rule (name.NAME_RULES: names listed in or after the mention, names coordinated, or a name, made
    # finer as surname | honorific and surname | group name | organization name | capital or seat (metonym) |
    # country name) | a description rule (description._RULES: role description and person noun as whom they
    # found, group, organization or metonym, thing or document…)
    resolver: str | None
    antecedent: str | None  # the entity the mention was linked to, and the mention of it that came before
    sources: dict[str, str]  # title / organization / country -> where it came from
    speaker: Speaker | None = None  # the speaker as resolution gives it (:func:`resolve`'s answer)


def explain(text: str, statements: list[Statement]) -> list[Explanation]:
    """The resolution of each statement's speaker, with the rules that fired (same answers as
    :func:`resolve`)."""
    art = _Article(text)
    found = art.resolve_all(statements)
    # the speakers first, in statement order, as resolve() builds them
    speakers = [_speaker_record.speaker(art, ent) if (ent := found.get(i)) is not None else None
                for i in range(len(statements))]
    out = []
    for i, st in enumerate(statements):
        if st.speaker is None:
            out.append(Explanation(None, None, None, {}))
            continue
        ent = found.get(i)
        mention = text[st.speaker.start:st.speaker.end]
        how = next((h for p, h in art.how.items() if st.speaker.start <= p < st.speaker.end), "no words")
        sources = _speaker_record.role_sources(art, ent) if ent is not None else {}
        out.append(Explanation(mention, _resolver(art, how, st.speaker.start, mention, ent), None, sources,
                               speakers[i]))
    # antecedents last: reading the mentions before each one decodes names resolution did not need
    for i, (st, why) in enumerate(zip(statements, out, strict=True)):
        if st.speaker is not None:
            why.antecedent = _antecedent(art, found.get(i), st.speaker.start, why.resolver)
    return out


def _resolver(art: _Article, how: str, start: int, mention: str, ent: _Entity | None) -> str:
    """The rule that answered: the dispatcher's kind of mention, made finer by what it found; for a person's
    name, the rule that linked its name (persons._person: "surname", "short form of a full name", ...)."""
    if ent is None or how != "name":  # a pronoun, or the description rule that answered
        return _BY_FINDING.get(how, {}).get(ent.kind, how) if ent is not None else how
    linked = _linked_by(art, start, start + len(mention), ent)
    if ent.kind != "person":
        return linked or _NAMED.get(ent.kind, how)  # ("Lopez" for the Lopez Group: the organization it opens)
    words = mention.replace("\u00a0", " ").split()
    honorific = bool(words) and words[0] in R.lexicon().honorifics
    if linked is None:  # (no chunk of the mention is linked to it: read from the words)
        full = _index.full_name(art, ent).split()
        linked = "surname" if len(words) - honorific < len(full) and words[-1:] == full[-1:] else how
    return "honorific and " + linked if honorific and linked.startswith("surname") else linked


def _linked_by(art: _Article, s: int, e: int, ent: _Entity) -> str | None:
    """The rule that linked the mention's name chunk to ``ent`` (``PersonTable.linked_by``)."""
    cs, ce = art.doc.cs or [], art.doc.ce or []
    i = bisect_left(cs, s)
    if i > 0 and ce[i - 1] > s:
        i -= 1  # the chunk the mention starts inside ("Later Xander")
    while i < len(cs) and cs[i] < e:
        if art.index.ent[i] is ent and i in art.persons.linked_by:
            return art.persons.linked_by[i]
        i += 1
    return None


def _antecedent(art: _Article, ent: _Entity | None, start: int, resolver: str | None) -> str | None:
    """The entity's name, with where the article first names it and (for a pronoun or a
    description) the nearest mention of it before this one."""
    if ent is None:
        return None
    if ent.kind == "person":
        occ = _persons.person_occ(art, ent)
        name = _index.full_name(art, ent) + (f" (named at {occ[0][0]})" if occ else "")
    else:
        name = ent.name or ("(unnamed)" if ent.kind == "anonymous" else "")
    if resolver is None or resolver.startswith(("name", "surname", "honorific")):
        return name
    before = [p for p, e in _index.mentions_in(art, 0, start) if e is ent]
    if before:
        p = before[-1]
        name += f"; the mention before it at {p}: {_mention_at(art, p)!r}"
    return name


def _mention_at(art: _Article, p: int) -> str:
    """The words of the mention at ``p``: a resolved description or pronoun ("Jo Vance's wife",
    not the possessor's name it opens with), or a name."""
    end = next((e for q, e, _ in art.index.extra if q == p), None) or _relative._mention_end(art, p)
    if end is not None:
        return art.text[p:end]
    words = _UP_TO_PUNCTUATION.match(art.text, p)
    return words.group() if words else art.text[p:p + 40]
