"""Readers of public office-holder sources, merged into one speaker KB file.

Sources (``quotewire kb build SOURCE… -o FILE``; the reader is chosen by the name):

* **Wikidata JSON dump** (``*.json``/``*.json.gz``/``*.json.bz2`` whose first line is ``[``):
  one entity per line, streamed. Kept: humans (P31 Q5) with positions held (P39,
  qualifiers P580 start / P582 end), their citizenship (P27), labels and aliases in the
  chosen languages. Positions are read in a second pass for their label, country
  (P17, else P1001) and organization (P2389, else P361); a third pass names those, and
  keeps each such organization (a ministry, a parliament) as an entity of its own.
* **Curated registry** (``*.yaml``/``*.yml``/``*.csv``, the format of
  :mod:`streams.nlp.registry`, plus optional ``qid`` and ``type`` per person).
  Merged last: it wins where it and another source both answer.
* **unitedstates/congress-legislators** (``legislators-*.yaml``, ``executive.yaml``):
  members of Congress, presidents and vice presidents, with their terms.
"""
from __future__ import annotations

import bz2
import gzip
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import yaml

from ..nlp.kb.keys import name_key
from ..nlp.kb.store import Entity, Office
from ..nlp.registry import Registry, RegistryError
from ..nlp.speakers import slug

HUMAN = "Q5"


class SourceError(ValueError):
    """A source cannot be read; the message says which and why."""


# --- countries -------------------------------------------------------------------------------------

_EXTRA_COUNTRY_NAMES = {
    "united states of america": "United States", "people's republic of china": "China",
    "kingdom of the netherlands": "Netherlands", "republic of korea": "South Korea",
    "korea, south": "South Korea", "state of palestine": "Palestine",
}


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    data = yaml.safe_load((Path(__file__).parent.parent / "nlp" / "data" / "countries.yaml").read_text("utf-8"))
    out = {k.lower(): k for k in _EXTRA_COUNTRY_NAMES.values()}
    for canon, spec in data.items():
        out[canon.lower()] = canon
        for n in (spec or {}).get("names") or []:
            out[str(n).lower()] = canon
    out.update(_EXTRA_COUNTRY_NAMES)
    return out


def country_name(label: str | None) -> str | None:
    """The project's canonical country name for a source's label ("United States of America" -> "United States")."""
    if not label:
        return None
    return _country_names().get(label.strip().lower(), label.strip())


def _speaker_id(name: str, kind: str = "person") -> str:
    return f"{kind}:{slug(name)}"


# --- Wikidata JSON dump ----------------------------------------------------------------------------

def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_dump(path: Path) -> Iterator[dict[str, Any]]:
    """Entities of a Wikidata JSON dump, one per line (the enclosing ``[``/``]`` and commas skipped)."""
    with _open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip().rstrip(",")
            if not line or line in ("[", "]"):
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise SourceError(f"{path}:{n}: not a JSON entity: {exc}") from exc


def _ids(entity: dict[str, Any], prop: str) -> list[str]:
    out = []
    for claim in (entity.get("claims") or {}).get(prop) or []:
        if claim.get("rank") == "deprecated":
            continue
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            out.append(value["id"])
    return out


def _time(snaks: list[dict[str, Any]] | None) -> date | None:
    for snak in snaks or []:
        value = (snak.get("datavalue") or {}).get("value")
        if isinstance(value, dict) and value.get("time"):
            t = value["time"].lstrip("+")
            year, month, day = t[:4], t[5:7], t[8:10]
            precision = int(value.get("precision", 11))
            try:
                return date(int(year), int(month) if precision >= 10 and month != "00" else 1,
                            int(day) if precision >= 11 and day != "00" else 1)
            except ValueError:
                return None
    return None


def _label(entity: dict[str, Any], languages: tuple[str, ...]) -> str | None:
    labels = entity.get("labels") or {}
    for lang in languages:
        if lang in labels:
            return labels[lang]["value"]
    return None


def _aliases(entity: dict[str, Any], languages: tuple[str, ...]) -> list[str]:
    out = []
    for lang in languages:
        out += [(entity.get("labels") or {}).get(lang, {}).get("value")]
        out += [a.get("value") for a in (entity.get("aliases") or {}).get(lang) or []]
    return [a for a in dict.fromkeys(out) if a]


@dataclass(slots=True)
class _Held:
    position: str
    start: date | None
    end: date | None


@dataclass(slots=True)
class _Human:
    qid: str
    labels: list[str]
    citizenship: list[str]
    held: list[_Held] = field(default_factory=list)


def _human(entity: dict[str, Any], languages: tuple[str, ...]) -> _Human | None:
    if HUMAN not in _ids(entity, "P31"):
        return None
    labels = _aliases(entity, languages)
    if not labels:
        return None
    held = []
    for claim in (entity.get("claims") or {}).get("P39") or []:
        if claim.get("rank") == "deprecated":
            continue
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and value.get("id"):
            q = claim.get("qualifiers") or {}
            held.append(_Held(value["id"], _time(q.get("P580")), _time(q.get("P582"))))
    if not held:
        return None
    return _Human(entity["id"], labels, _ids(entity, "P27"), held)


def read_wikidata(path: Path, languages: tuple[str, ...] = ("en",)) -> list[Entity]:
    """People who held public office (P39), from a Wikidata JSON dump (three streamed passes)."""
    humans = [h for e in iter_dump(path) if (h := _human(e, languages)) is not None]
    positions = {p.position for h in humans for p in h.held}
    pos_info: dict[str, tuple[str | None, str | None, str | None]] = {}
    names: dict[str, str] = {}
    for e in iter_dump(path):
        if e.get("id") in positions:
            country = next(iter(_ids(e, "P17") or _ids(e, "P1001")), None)
            org = next(iter(_ids(e, "P2389") or _ids(e, "P361")), None)
            pos_info[e["id"]] = (_label(e, languages), country, org)
    wanted = {x for v in pos_info.values() for x in v[1:] if x} | {c for h in humans for c in h.citizenship}
    orgs = {v[2]: v[1] for v in pos_info.values() if v[2]}  # organization -> the country of its office
    org_entities = []
    for e in iter_dump(path):
        if e.get("id") in wanted and (label := _label(e, languages)):
            names[e["id"]] = label
            if e["id"] in orgs:
                org_entities.append((e["id"], _aliases(e, languages)))
    people = [_wikidata_entity(h, pos_info, names) for h in humans]
    return people + [
        Entity(qid, "organization", labels[0], _speaker_id(labels[0], "org"),
               country_name(names.get(orgs[qid] or "")), tuple(labels[1:]), (), "wikidata")
        for qid, labels in org_entities if labels
    ]


def _wikidata_entity(h: _Human, pos_info: dict[str, tuple[str | None, str | None, str | None]],
                     names: dict[str, str]) -> Entity:
    offices = []
    for held in h.held:
        title, country, org = pos_info.get(held.position, (None, None, None))
        if title:
            offices.append(Office(title, names.get(org) if org else None,
                                  country_name(names.get(country)) if country else None, held.start, held.end))
    citizenship = country_name(names.get(h.citizenship[0])) if h.citizenship else None
    name = h.labels[0]
    return Entity(h.qid, "person", name, _speaker_id(name), citizenship, tuple(h.labels[1:]), tuple(offices),
                  "wikidata")


# --- unitedstates/congress-legislators -------------------------------------------------------------

_TERMS = {
    "sen": ("Senator", "United States Senate"),
    "rep": ("Representative", "United States House of Representatives"),
    "prez": ("President", None),
    "viceprez": ("Vice President", None),
}


def _legislator_names(name: dict[str, Any], other: list[dict[str, Any]]) -> list[str]:
    first, last = name.get("first"), name.get("last")
    forms = [name.get("official_full"), f"{first} {last}"]
    if name.get("nickname"):
        forms.append(f"{name['nickname']} {last}")
    if name.get("middle"):
        forms.append(f"{first} {name['middle']} {last}")
    for o in other or []:
        if o.get("first") and o.get("last"):
            forms.append(f"{o['first']} {o['last']}")
    return [f for f in dict.fromkeys(forms) if f and "None" not in f]


def read_legislators(path: Path, since: date | None = None) -> list[Entity]:
    """Members of Congress (and presidents, vice presidents) whose terms reach ``since`` or later."""
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, list):
        raise SourceError(f"{path}: expected a list of legislators")
    out = []
    for person in data:
        offices = []
        for term in person.get("terms") or []:
            title, org = _TERMS.get(term.get("type"), (None, None))
            end = _date(term.get("end"))
            if title is None or (since and end and end < since):
                continue
            offices.append(Office(title, org, "United States", _date(term.get("start")), end))
        if not offices:
            continue
        forms = _legislator_names(person.get("name") or {}, person.get("other_names") or [])
        ids = person.get("id") or {}
        eid = ids.get("wikidata") or f"bioguide:{ids.get('bioguide')}"
        out.append(Entity(eid, "person", forms[0], _speaker_id(forms[0]), "United States", tuple(forms[1:]),
                          tuple(_merge_terms(offices)), "congress-legislators"))
    return out


def _merge_terms(offices: list[Office]) -> list[Office]:
    """Consecutive terms of one office as one span (a senator re-elected is one office)."""
    merged: list[Office] = []
    for o in sorted(offices, key=lambda o: o.start or date.min):
        last = merged[-1] if merged else None
        if last and last.title == o.title and last.end and o.start and (o.start - last.end).days <= 3:
            merged[-1] = Office(last.title, last.organization, last.country, last.start, o.end)
        else:
            merged.append(o)
    return merged


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


# --- curated registry --------------------------------------------------------------------------------

def read_registry(path: Path) -> list[Entity]:
    """Entities of a curated registry file (YAML or CSV); ``qid`` and ``type`` optional per person."""
    try:
        reg = Registry.load(path)
    except RegistryError as exc:
        raise SourceError(str(exc)) from exc
    extra: dict[str, dict[str, Any]] = {}
    if path.suffix.lower() in (".yaml", ".yml"):
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
        for item in raw.get("people", raw) if isinstance(raw, dict) else raw:
            if isinstance(item, dict) and item.get("name"):
                extra[name_key(str(item["name"]))] = item
    out = []
    for p in reg.people.values():
        item = extra.get(name_key(p.name), {})
        offices = tuple(Office(r.title, r.organization, r.country, r.valid_from, r.valid_to)
                        for r in p.roles if r.title)
        country = item.get("country") or next((r.country for r in p.roles if r.country), None)
        out.append(Entity(str(item.get("qid") or p.speaker_id), str(item.get("type") or "person"), p.name,
                          p.speaker_id, country, p.aliases, offices, "registry"))
    return out


# --- merging -----------------------------------------------------------------------------------------

def merge(*sources: Iterable[Entity]) -> list[Entity]:
    """One entity per id; later sources win on name, country and id, and add their offices and aliases.
    An entity without a QID joins the only earlier person of the same name, if there is exactly one."""
    by_id: dict[str, Entity] = {}
    by_name: dict[str, set[str]] = {}
    for source in sources:
        for ent in source:
            target = by_id.get(ent.id) or _same_person(ent, by_id, by_name)
            if target is None:
                by_id[ent.id] = ent
            else:
                by_id.pop(target.id)
                ent = _combine(target, ent)
                by_id[ent.id] = ent
            for n in (ent.name, *ent.aliases):
                by_name.setdefault(name_key(n), set()).add(ent.id)
    return list(by_id.values())


def _same_person(ent: Entity, by_id: dict[str, Entity], by_name: dict[str, set[str]]) -> Entity | None:
    ids = {i for i in by_name.get(name_key(ent.name), set()) if i in by_id}
    return by_id[ids.pop()] if len(ids) == 1 else None


def _combine(old: Entity, new: Entity) -> Entity:
    qid = new.id if new.id.startswith("Q") else old.id if old.id.startswith("Q") else new.id
    aliases = tuple(a for a in dict.fromkeys((old.name, *old.aliases, *new.aliases)) if a != new.name)
    offices = tuple(dict.fromkeys(new.offices + old.offices))
    source = "+".join(dict.fromkeys(old.source.split("+") + new.source.split("+")))
    return Entity(qid, new.type or old.type, new.name, new.speaker_id, new.country or old.country, aliases,
                  offices, source)


Reader = Callable[[Path], list[Entity]]


def reader_for(path: Path, since: date | None = None, languages: tuple[str, ...] = ("en",)) -> Reader:
    """The reader a source file needs, by its name and first line."""
    name = path.name.lower()
    if name.startswith(("legislators-", "executive")) and name.endswith((".yaml", ".yml")):
        return lambda p: read_legislators(p, since)
    if name.endswith((".yaml", ".yml", ".csv")):
        return read_registry
    if ".json" in name:
        return lambda p: read_wikidata(p, languages)
    raise SourceError(f"{path}: unknown source (a Wikidata JSON dump, a registry .yaml/.csv, "
                      "or congress-legislators legislators-*.yaml / executive.yaml)")


def build(sources: list[Path], since: date | None = None, languages: tuple[str, ...] = ("en",)) -> list[Entity]:
    """Entities of every source, merged; registry files last, so that they win."""
    for p in sources:
        if not p.exists():
            raise SourceError(f"{p}: source not found")
    ordered = sorted(sources, key=lambda p: reader_for(p, since, languages) is read_registry)
    return merge(*(reader_for(p, since, languages)(p) for p in ordered))
