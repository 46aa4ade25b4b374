"""Linking a resolved speaker to a KB entity, as of the article's date.

1. **Candidates** by alias: the article's full name (folded), its transliteration key,
   or a bare surname (see :mod:`.keys`).
2. **Choice** by evidence: the kind of match, whether the candidate held an office on
   the article's date, and whether the article's own country, title and organization
   words agree with that office. A country the article states that contradicts the
   candidate rules it out.
3. **Threshold**: below ``threshold`` (or when two candidates score alike) nothing is
   linked: a wrong link is worse than none.

The article's own stated role always wins; the KB fills only what the article left
empty (``role_source: "kb"`` when it supplied the title).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..model import Speaker
from .keys import fold, name_word_count, surname_key, translit_key
from .store import KB, Candidate, Entity, Office

THRESHOLD = 0.7
BASE = {"name": 0.85, "short": 0.65, "translit": 0.75, "surname": 0.5}
UNIQUE_SURNAME = 0.05  # a bare surname only one person in the KB has
TIE_MARGIN = 0.1
_STOP = frozenset("of the for and to on in at a an s former top".split())


@dataclass(frozen=True, slots=True)
class Link:
    """The entity a speaker mention links to, and why."""

    entity: Entity
    confidence: float
    match: str
    office: Office | None  # held on the article's date
    former: Office | None = None  # the last office that ended before it
    reasons: tuple[str, ...] = ()


def _words(text: str | None) -> set[str]:
    """Content words of a role, plurals folded ("Senators" -> "senator")."""
    if not text:
        return set()
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in fold(text).split()} - _STOP


def _country_of(ent: Entity, office: Office | None) -> str | None:
    return (office.country if office else None) or ent.country


def score(cand: Candidate, speaker: Speaker, day: date | None,
          rivals: int = 1) -> tuple[float, Office | None, list[str]]:
    """How well ``cand`` fits the speaker as the article presents it, with reasons (``rivals``: how
    many person candidates the name has, this one included)."""
    ent = cand.entity
    conf = BASE[cand.match]
    why = [f"{cand.match} match {conf:.2f}"]
    if cand.match == "surname" and rivals == 1:
        conf += UNIQUE_SURNAME
        why.append(f"the only person of that surname +{UNIQUE_SURNAME:.2f}")
    office = ent.office_on(day)
    if office is not None:
        conf += 0.1
        why.append(f"held {office.title!r} on {day} +0.10")
    if speaker.country:
        countries = {c for c in (ent.country, *(o.country for o in ent.offices)) if c}
        if countries and speaker.country not in countries:
            conf -= 0.5
            why.append(f"article says {speaker.country}, entity {sorted(countries)} -0.50")
        elif countries:
            conf += 0.05
            why.append("country agrees +0.05")
    said = _words(speaker.title) | _words(speaker.organization)
    if said:
        known = set().union(*(_words(o.title) | _words(o.organization) for o in ent.offices)) if ent.offices else set()
        if said & known:
            conf += 0.05
            why.append(f"role words agree ({', '.join(sorted(said & known))}) +0.05")
    return round(min(conf, 1.0), 3), office, why


def link(kb: KB, speaker: Speaker, day: date | None, threshold: float = THRESHOLD) -> Link | None:
    """The entity ``speaker`` is, or None when no candidate is clearly right."""
    if speaker.type != "person" or not speaker.name:
        return None
    cands = kb.candidates(speaker.name)
    if not cands:
        return None
    people = [c for c in cands if c.entity.type == "person"]
    scored = sorted(((score(c, speaker, day, len(people)), c) for c in people), key=lambda sc: -sc[0][0])
    if not scored:
        return None
    (conf, office, why), best = scored[0]
    if len(scored) > 1 and scored[1][0][0] > conf - TIE_MARGIN:
        return None
    if conf < threshold:
        return None
    return Link(best.entity, conf, best.match, office, best.entity.last_office_before(day), tuple(why))


IN_ARTICLE = 0.9


def surname_links(kb: KB, speakers: list[Speaker | None], day: date | None) -> dict[int, Link]:
    """Links for bare surnames that a speaker of the same article, linked by full name, explains
    ("Trump said" after "Donald Trump"), by position in ``speakers``; a surname two linked
    speakers share explains nothing."""
    known: dict[str, set[str]] = {}
    for sp in speakers:
        if sp is not None and sp.kb_id:
            for written in (sp.canonical_name, sp.name):
                sur = surname_key(written) if written else None
                if sur:
                    known.setdefault(translit_key(sur), set()).add(sp.kb_id)
    out: dict[int, Link] = {}
    for i, sp in enumerate(speakers):
        if sp is None or sp.kb_id or sp.type != "person" or not sp.name or name_word_count(sp.name) != 1:
            continue
        ids = known.get(translit_key(sp.name))
        ent = kb.entity(next(iter(ids))) if ids and len(ids) == 1 else None
        if ent is not None:
            out[i] = Link(ent, IN_ARTICLE, "article", ent.office_on(day), ent.last_office_before(day),
                          (f"the article names {ent.name} in full",))
    return out


def apply_link(speaker: Speaker, found: Link, keep_id: bool = False) -> Speaker:
    """``speaker`` with the KB's id, canonical name and the role it left empty.

    The canonical name and surname join the speaker's aliases, so that speaker memory also
    finds it under them ("Nebenzia said" in a later article). The title comes from the office
    held on the article's date; the country from that
    office, else the entity's own country (citizenship). An office held only before or
    after the date gives no title. ``keep_id`` keeps the speaker id a curated
    registry gave.
    """
    ent, office = found.entity, found.office
    known = (ent.name, *(w for w in ent.name.split()[-1:] if " " in ent.name))  # the canonical name and surname
    aliases = tuple(dict.fromkeys((*speaker.aliases, *(a for a in known if a != speaker.name))))
    out = replace(speaker, kb_id=ent.id, canonical_name=ent.name, link_confidence=found.confidence, aliases=aliases)
    if not keep_id:
        out.speaker_id = ent.speaker_id
    if out.title is None and office is not None:
        out.title = office.title
        out.organization = out.organization or office.organization
        out.country = out.country or _country_of(ent, office)
        out.role_source = "kb"
    elif out.country is None:
        out.country = _country_of(ent, office)
    return out
