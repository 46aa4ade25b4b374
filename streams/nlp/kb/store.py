"""The speaker KB: entities with aliases and dated offices, in one read-only SQLite file.

The file is built by ``quotewire kb build`` (:mod:`streams.kb.build`) and shipped as
package data (``streams/nlp/kb/data/speakers.kb``). Opening it reads nothing but the
header (well under 200 ms); a lookup is one indexed query on the ``alias`` table and
the entities found are cached, so repeated speakers cost a dict look-up.

Tables: ``entity(id, type, name, country, speaker_id, source)``,
``alias(key, entity)`` where ``key`` is ``n:<name key>``, ``t:<translit key>`` or
``s:<surname translit key>`` (see :mod:`.keys`), ``label(entity, alias)`` (the aliases
as written), ``office(entity, title, organization, country, start, end)`` and
``meta(key, value)``.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .keys import generation, name_key, short_key, surname_key, translit_key

DEFAULT_PATH = Path(__file__).parent / "data" / "speakers.kb"
FORMAT = "quotewire-kb/1"


class KBError(ValueError):
    """The KB file is missing or not a KB; the message says which."""


@dataclass(frozen=True, slots=True)
class Office:
    """A position held from ``start`` to ``end`` (inclusive; None: open or unknown)."""

    title: str
    organization: str | None = None
    country: str | None = None
    start: date | None = None
    end: date | None = None

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def ended_before(self, day: date | None) -> bool:
        return day is not None and self.end is not None and self.end < day


@dataclass(slots=True)
class Entity:
    """A KB entity: a stable id (a Wikidata QID where a source had one), its canonical name,
    its aliases as written, a country (citizenship, or the country of its offices) and offices."""

    id: str
    type: str
    name: str
    speaker_id: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    source: str = ""

    def office_on(self, day: date | None) -> Office | None:
        """The office held on ``day`` (the latest-starting one if several)."""
        held = [o for o in self.offices if o.held_on(day)]
        return max(held, key=lambda o: o.start or date.min) if held else None

    def last_office_before(self, day: date | None) -> Office | None:
        ended = [o for o in self.offices if o.ended_before(day)]
        return max(ended, key=lambda o: o.end or date.min) if ended else None


@dataclass(frozen=True, slots=True)
class Candidate:
    entity: Entity
    match: str  # "name", "short" (first and last word), "translit" or "surname"


def index_keys(entity: Entity) -> set[str]:
    """Every alias key the entity is found by."""
    keys: set[str] = set()
    for written in (entity.name, *entity.aliases):
        nk = name_key(written)
        if not nk:
            continue
        keys.add("n:" + nk)
        keys.add("t:" + translit_key(written))
        short = short_key(written)
        if short:
            keys.add("n:" + short)
            keys.add("t:" + translit_key(short))
        sur = surname_key(written)
        if sur and entity.type == "person":
            keys.add("s:" + translit_key(sur))
    return keys


def query_keys(name: str) -> dict[str, str]:
    """The keys to look ``name`` up by, each with the kind of match it makes."""
    nk = name_key(name)
    if not nk:
        return {}
    out = {"n:" + nk: "name", "t:" + translit_key(name): "translit"}
    short = short_key(name)
    if short:  # "Lindsey O. Graham" finds Lindsey Graham
        out.setdefault("n:" + short, "short")
    if " " not in nk:
        out["s:" + translit_key(name)] = "surname"
    return out


_RANK = {"name": 0, "short": 1, "translit": 2, "surname": 3}


_ALIAS_ROWS = "SELECT key, entity FROM alias WHERE key = ?"


def _alias_query(n: int) -> str:
    """The alias rows of ``n`` keys, given in sorted order: one look-up of the primary key per key, joined by
    UNION ALL. Rows come as ``key IN (...)`` gives them (by key, then entity), at half the cost: for an IN list
    SQLite builds a temporary index of the keys on every query."""
    return " UNION ALL ".join([_ALIAS_ROWS] * n)


class KB:
    """A read-only KB file, queried by alias; entities cached once read."""

    def __init__(self, path: str | Path) -> None:
        p = Path(path)
        if not p.exists():
            raise KBError(f"{p}: KB file not found")
        self.path = p
        try:
            self._db = sqlite3.connect(f"file:{p}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise KBError(f"{p}: not a quotewire KB ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise KBError(f"{p}: not a quotewire KB (format {meta.get('format')!r})")
        self.meta = meta
        self._entities: dict[str, Entity | None] = {}
        self._found: dict[str, tuple[Candidate, ...]] = {}

    def close(self) -> None:
        self._db.close()

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """Entities ``name`` may be, best kind of match first (cached per name)."""
        hit = self._found.get(name)
        if hit is not None:
            return hit
        keys = query_keys(name)
        best: dict[str, str] = {}
        if keys:
            rows = self._db.execute(_alias_query(len(keys)), tuple(sorted(keys)))
            for key, eid in rows:
                kind = keys[key]
                if eid not in best or _RANK[kind] < _RANK[best[eid]]:
                    best[eid] = kind
        suffix = generation(name)  # keys drop it: "Donald Trump Jr." must not find Donald Trump
        found = tuple(
            Candidate(e, kind) for eid, kind in sorted(best.items(), key=lambda kv: _RANK[kv[1]])
            if (e := self.entity(eid)) is not None
            and (suffix is None or suffix in {generation(n) for n in (e.name, *e.aliases)})
        )
        if len(self._found) > 100_000:
            self._found.clear()
        self._found[name] = found
        return found

    def entity(self, eid: str) -> Entity | None:
        if eid in self._entities:
            return self._entities[eid]
        row = self._db.execute(
            "SELECT id, type, name, speaker_id, country, source FROM entity WHERE id = ?", (eid,)).fetchone()
        ent = None
        if row is not None:
            aliases = tuple(a for (a,) in self._db.execute(
                "SELECT alias FROM label WHERE entity = ? ORDER BY rowid", (eid,)))
            offices = tuple(
                Office(t, o, c, _day(s), _day(e)) for t, o, c, s, e in self._db.execute(
                    "SELECT title, organization, country, start, end FROM office WHERE entity = ? ORDER BY rowid",
                    (eid,)))
            ent = Entity(row[0], row[1], row[2], row[3], row[4], aliases, offices, row[5])
        self._entities[eid] = ent
        return ent

    def speaker_ids(self, name: str) -> set[str]:
        """The speaker ids (and entity ids) a name or alias may refer to: for search and alert terms."""
        out: set[str] = set()
        for c in self.candidates(name):
            out.update((c.entity.speaker_id, c.entity.id))
        return out

    def stats(self) -> dict[str, Any]:
        one = self._db.execute
        by_type = dict(one("SELECT type, count(*) FROM entity GROUP BY type").fetchall())
        by_source = dict(one("SELECT source, count(*) FROM entity GROUP BY source").fetchall())
        return {
            "path": str(self.path),
            "entities": sum(by_type.values()),
            "by_type": by_type,
            "by_source": by_source,
            "aliases": one("SELECT count(*) FROM label").fetchone()[0],
            "alias_keys": one("SELECT count(*) FROM alias").fetchone()[0],
            "offices": one("SELECT count(*) FROM office").fetchone()[0],
            "with_qid": one("SELECT count(*) FROM entity WHERE id GLOB 'Q[0-9]*'").fetchone()[0],
            "meta": dict(self.meta),
        }


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE entity(id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, speaker_id TEXT NOT NULL,
                    country TEXT, source TEXT);
CREATE TABLE label(entity TEXT NOT NULL, alias TEXT NOT NULL);
CREATE TABLE alias(key TEXT NOT NULL, entity TEXT NOT NULL, PRIMARY KEY (key, entity)) WITHOUT ROWID;
CREATE TABLE office(entity TEXT NOT NULL, title TEXT NOT NULL, organization TEXT, country TEXT,
                    start TEXT, end TEXT);
CREATE INDEX label_entity ON label(entity);
CREATE INDEX office_entity ON office(entity);
"""


def write_kb(entities: Iterable[Entity], path: str | Path, meta: dict[str, str] | None = None) -> int:
    """Write ``entities`` to a new KB file at ``path`` (replaced if present); returns how many."""
    p = Path(path)
    tmp = p.with_name(p.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    n = 0
    try:
        db.executescript(SCHEMA)
        for ent in sorted(entities, key=lambda e: e.id):
            n += 1
            db.execute("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)",
                       (ent.id, ent.type, ent.name, ent.speaker_id, ent.country, ent.source))
            db.executemany("INSERT INTO label VALUES (?, ?)", [(ent.id, a) for a in ent.aliases])
            db.executemany("INSERT OR IGNORE INTO alias VALUES (?, ?)", [(k, ent.id) for k in sorted(index_keys(ent))])
            db.executemany("INSERT INTO office VALUES (?, ?, ?, ?, ?, ?)", [
                (ent.id, o.title, o.organization, o.country, _iso(o.start), _iso(o.end))
                for o in ent.offices])  # in the sources' order: on a tie, the first (the registry's) wins
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted({"format": FORMAT, **(meta or {})}.items()))
        db.commit()
        db.execute("VACUUM")
    finally:
        db.close()
    tmp.replace(p)
    return n


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


_DEFAULT: dict[str, KB | None] = {}


def load_kb(path: str | Path | None = None) -> KB | None:
    """The KB at ``path`` (default: the packaged one), opened once per process; None if none is shipped."""
    p = str(path or DEFAULT_PATH)
    if p not in _DEFAULT:
        if path is None and not DEFAULT_PATH.exists():
            _DEFAULT[p] = None
        else:
            _DEFAULT[p] = KB(p)
    return _DEFAULT[p]
