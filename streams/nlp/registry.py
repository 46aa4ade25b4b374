"""The curated speaker registry: known people and their roles over time.

An optional file (``QUOTEWIRE_REGISTRY_FILE``, YAML or CSV) lists people with dated
roles, so that an article gets the role its speaker held *on the article's date*:
during a backfill, a 2019 article about a minister since replaced still reads
"Defense Minister". Roles apply as of the article's publication date, and only
where the article itself states none.

Precedence, documented once here: **article > registry (as of date) > memory**.
The article is the most direct evidence for its own statement; the registry is
curated and dated, so it beats memory, which only knows the latest role articles
stated and may be newer than the article being processed. The worker composes it
as ``memory.recall(registry.apply(speaker, as_of), record, as_of)``: each layer only
fills what is still missing.

YAML::

    people:
      - name: Lloyd Austin
        aliases: [Lloyd J. Austin III]        # optional
        speaker_id: person:lloyd-austin       # optional, default from the name
        country: United States                # optional default for every role
        roles:
          - {title: Defense Secretary, organization: Department of Defense,
             valid_from: 2021-01-22, valid_to: 2025-01-20}

CSV (one row per role; ``aliases`` separated by ``;``)::

    name,speaker_id,aliases,title,organization,country,valid_from,valid_to
    Lloyd Austin,,Lloyd J. Austin III,Defense Secretary,,United States,2021-01-22,2025-01-20
"""
from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .dates import as_of_date
from .model import Speaker
from .speakers import slug

__all__ = ["Registry", "RegistryError", "RegistryPerson", "RegistryRole", "as_of_date"]


class RegistryError(ValueError):
    """The registry file cannot be read; the message says where and why."""


@dataclass(frozen=True, slots=True)
class RegistryRole:
    """One role a person held, from ``valid_from`` to ``valid_to`` (inclusive; None: open)."""

    title: str | None
    organization: str | None
    country: str | None
    valid_from: date | None = None
    valid_to: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return self.valid_to is None
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or day <= self.valid_to)


@dataclass(slots=True)
class RegistryPerson:
    name: str
    speaker_id: str
    aliases: tuple[str, ...] = ()
    roles: list[RegistryRole] = field(default_factory=list)

    def role_on(self, day: date | None) -> RegistryRole | None:
        """The role valid on ``day`` (the latest-starting one if several overlap)."""
        valid = [r for r in self.roles if r.valid_on(day)]
        if not valid:
            return None
        return max(valid, key=lambda r: r.valid_from or date.min)


def _day(value: Any, where: str) -> date | None:
    """``as_of_date`` of a registry file's date, which must be one when given."""
    day = as_of_date(value)
    if day is None and value is not None and value != "":
        raise RegistryError(f"{where}: not a date (YYYY-MM-DD): {_shown(value)}")
    return day


_SHOWN = 60  # characters of a refused value quoted in a message


def _shown(value: Any) -> str:
    """``repr(value)`` cut to a few dozen characters, for messages (a value may be huge)."""
    text = repr(value) if not isinstance(value, (list, dict)) or len(value) < 50 else \
        f"<{type(value).__name__} of {len(value)}>"
    return text if len(text) <= _SHOWN else text[:_SHOWN - 1] + "…"


def _text(item: dict[Any, Any], key: str, where: str) -> str | None:
    """``item[key]`` when it is text (or absent/null); any other type is refused, naming the field."""
    value = item.get(key)
    if value is None or isinstance(value, str):
        return value
    raise RegistryError(f"{where}: {key}: must be text, got {type(value).__name__} {_shown(value)}"
                        f" (put it in quotes if it is meant as text)")


def _texts(item: dict[Any, Any], key: str, where: str) -> list[str]:
    """``item[key]``: a list of text (or one text, or absent); anything else is refused."""
    value = item.get(key)
    if value is None:
        return []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise RegistryError(f"{where}: {key}: must be a list of text, got {_shown(value)}")
    return values


def _key(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).lower()


class Registry:
    """Known people indexed by speaker id, full name and alias."""

    def __init__(self, people: Iterable[RegistryPerson] = ()) -> None:
        self.people: dict[str, RegistryPerson] = {}
        self._by_name: dict[str, list[RegistryPerson]] = {}
        for p in people:
            self.add(p)

    def add(self, person: RegistryPerson) -> None:
        existing = self.people.get(person.speaker_id)
        if existing is not None:
            existing.roles.extend(person.roles)
            existing.aliases = tuple(dict.fromkeys(existing.aliases + person.aliases))
            person = existing
        else:
            self.people[person.speaker_id] = person
        words = person.name.split()
        surname = [words[-1]] if len(words) > 1 else []  # "Austin said" finds Lloyd Austin
        for n in (person.name, *person.aliases, *surname):
            lst = self._by_name.setdefault(_key(n), [])
            if person not in lst:
                lst.append(person)

    def __len__(self) -> int:
        return len(self.people)

    # -- loading ----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path | None) -> Registry:
        """The registry in ``path`` (.yaml/.yml or .csv); an empty one when ``path`` is None."""
        if path is None:
            return cls()
        p = Path(path)
        if not p.exists():
            raise RegistryError(f"{p}: registry file not found")
        try:
            if p.suffix.lower() == ".csv":
                return cls(_from_csv(p))
            if p.suffix.lower() in (".yaml", ".yml"):
                return cls(_from_yaml(p))
        except UnicodeDecodeError as exc:  # a binary file, or another encoding
            raise RegistryError(
                f"{p}: not a UTF-8 text file ({exc.reason} at byte {exc.start})") from None
        except csv.Error as exc:
            raise RegistryError(f"{p}: not a readable CSV file: {exc}") from None
        raise RegistryError(f"{p}: registry must be .yaml, .yml or .csv")

    # -- look-up ----------------------------------------------------------------------------------

    def find(self, speaker: Speaker, day: date | None = None) -> RegistryPerson | None:
        """The registry person a resolved speaker is: by id, by full name, else by a unique alias
        (a surname shared by several people resolves only if one of them held a role that day)."""
        if speaker.type != "person":
            return None
        if speaker.speaker_id and speaker.speaker_id in self.people:
            return self.people[speaker.speaker_id]
        if not speaker.name:
            return None
        cands = self._by_name.get(_key(speaker.name), [])
        if len(cands) > 1:
            cands = [c for c in cands if c.role_on(day) is not None] or cands
        return cands[0] if len(cands) == 1 else None

    def role(self, speaker: Speaker,
             when: datetime | date | str | None) -> tuple[RegistryPerson, RegistryRole] | None:
        day = as_of_date(when)
        person = self.find(speaker, day)
        if person is None:
            return None
        r = person.role_on(day)
        return (person, r) if r is not None else None

    def apply(self, speaker: Speaker, when: datetime | date | str | None) -> Speaker:
        """``speaker`` with the registry's role as of ``when`` where the article stated none.

        A title the article gives is kept (article > registry); the registry still
        completes the full name and id of a speaker known there. ``role_source`` is
        ``"registry"`` when the title (or, lacking one, another field) came from here.
        """
        hit = self.role(speaker, when)
        person = self.find(speaker, as_of_date(when)) if hit is None else hit[0]
        if person is None:
            return speaker
        out = speaker
        if out.speaker_id != person.speaker_id or out.name != person.name:
            out = replace(out, name=person.name, speaker_id=person.speaker_id)
        if hit is None:
            return out
        r = hit[1]
        if out.title is not None:
            country = out.country or (r.country if out.title == r.title else None)
            return replace(out, country=country) if country != out.country else out
        title, org, country = r.title, out.organization or r.organization, out.country or r.country
        if (title, org, country) == (out.title, out.organization, out.country):
            return out
        return replace(out, title=title, organization=org, country=country, role_source="registry")


def _person(name: Any, speaker_id: Any, aliases: Iterable[Any], where: str) -> RegistryPerson:
    if not name or not str(name).strip():
        raise RegistryError(f"{where}: a person needs a name")
    name = " ".join(str(name).split())
    sid = str(speaker_id).strip() if speaker_id else f"person:{slug(name)}"
    return RegistryPerson(name, sid, tuple(str(a).strip() for a in aliases if a and str(a).strip()))


def _from_yaml(path: Path) -> list[RegistryPerson]:
    import yaml  # here, not at the top: ``quotewire extract`` without a registry file never needs YAML

    from .. import yamlsafe

    try:
        data = yamlsafe.load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None
    items = data.get("people", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise RegistryError(f"{path}: expected a list of people under 'people:'")
    out = []
    for i, item in enumerate(items, 1):
        where = f"{path}: person {i}"
        if not isinstance(item, dict):
            raise RegistryError(f"{where}: expected a mapping")
        out.append(_yaml_person(item, where))
    return out


def _yaml_person(item: dict[Any, Any], where: str) -> RegistryPerson:
    """One person of a YAML registry, every value checked by type."""
    name = _text(item, "name", where)
    where = f"{where} ({' '.join(name.split())[:60]})" if name and name.strip() else where
    p = _person(name, _text(item, "speaker_id", where), _texts(item, "aliases", where), where)
    default_country = _text(item, "country", where)
    roles = item.get("roles")
    if roles is None and (_text(item, "title", where) or _text(item, "organization", where)):
        roles = [item]  # a person with a single role written inline
    if roles is not None and not isinstance(roles, list):
        raise RegistryError(f"{where}: roles: must be a list of mappings, got {_shown(roles)}")
    for j, r in enumerate(roles or [], 1):
        rw = f"{where}, role {j}"
        if not isinstance(r, dict):
            raise RegistryError(f"{rw}: expected a mapping")
        p.roles.append(RegistryRole(
            title=_text(r, "title", rw), organization=_text(r, "organization", rw),
            country=_text(r, "country", rw) or default_country,
            valid_from=_day(r.get("valid_from"), f"{rw}: valid_from"),
            valid_to=_day(r.get("valid_to"), f"{rw}: valid_to")))
    return p


def _from_csv(path: Path) -> list[RegistryPerson]:
    out: dict[str, RegistryPerson] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise RegistryError(f"{path}: CSV needs a header with at least 'name'")
        for line, row in enumerate(reader, 2):
            where = f"{path}:{line}"
            p = _person(row.get("name"), row.get("speaker_id"), (row.get("aliases") or "").split(";"), where)
            p = out.setdefault(p.speaker_id, p)
            if row.get("title") or row.get("organization") or row.get("country"):
                p.roles.append(RegistryRole(
                    title=row.get("title") or None, organization=row.get("organization") or None,
                    country=row.get("country") or None, valid_from=_day(row.get("valid_from"), where),
                    valid_to=_day(row.get("valid_to"), where)))
    return list(out.values())
