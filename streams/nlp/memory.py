"""Speaker memory across articles: the pure logic behind the worker's speaker table.

An article often names a speaker only as "Austin said"; an earlier article said
"US Defense Secretary Lloyd Austin". The worker keeps, per stable ``speaker_id``,
the latest role articles stated (:class:`SpeakerRecord`) and an alias index from
partial names to ids, so the later statement gets the full name and the title,
marked ``role_source="memory"``. Nothing here touches Faust: the worker wraps these
functions around a changelog-backed table; tests and ``reprocess`` use a dict.

Keys (one table, string keys, JSON values):

* ``speaker_id`` (``person:lloyd-austin``, ``org:united-states/pentagon``) ->
  ``SpeakerRecord.to_dict()``
* :func:`alias_key` (``alias:person:austin``, ``alias:person:lloyd austin``) ->
  ``{speaker_id: last_seen}`` for the few speakers that share that partial name.

Precedence when roles disagree: the article itself, then the curated registry as
of the article's date, then memory (see :mod:`registry`). Memory keeps a short
dated history of roles so that a backfill of old articles is not given a role the
speaker only held later.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from .model import Speaker, SpeakerType

HISTORY = 6  # dated roles kept per speaker (enough for a backfill across a few role changes)
ALIAS_CANDIDATES = 5  # speakers kept per alias (the most recently seen win)
REMEMBERED_TYPES: frozenset[str] = frozenset({"person", "organization"})


def stamp(when: datetime | date | str | None) -> str:
    """An ISO-8601 string for any date-ish value (dates compare correctly as strings)."""
    if when is None:
        return ""
    if isinstance(when, str):
        return when
    return when.isoformat()


def seen_day(when: datetime | date | str | None) -> str:
    """The day of ``when`` (``2024-10-30``), the resolution at which the memory keeps when a speaker or an
    alias was seen: a speaker quoted in many articles of one day rewrites its record and alias entries once
    that day, not once per article (each write is a changelog record every pipeline worker reads back)."""
    return stamp(when)[:10]


@dataclass(slots=True)
class SpeakerRecord:
    """What the worker remembers about one speaker.

    ``title``/``organization``/``country`` are the latest role an article stated
    (by article date, not arrival order); ``role_as_of`` is that article's day;
    ``history`` holds earlier dated roles as ``[as_of, title, organization, country]``.
    Every date here is a day (:func:`seen_day`): an article restating what is known the same day writes nothing.
    """

    speaker_id: str
    name: str | None
    type: SpeakerType
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    first_seen: str = ""
    last_seen: str = ""
    role_as_of: str = ""
    history: list[list[str | None]] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (the table's value)."""
        return {
            "speaker_id": self.speaker_id, "name": self.name, "type": self.type, "title": self.title,
            "organization": self.organization, "country": self.country, "first_seen": self.first_seen,
            "last_seen": self.last_seen, "role_as_of": self.role_as_of,
            "history": [list(h) for h in self.history], "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SpeakerRecord:
        """Inverse of :meth:`to_dict`; tolerates missing optional keys (older records)."""
        return cls(
            speaker_id=str(data["speaker_id"]), name=data.get("name"), type=data.get("type", "person"),
            title=data.get("title"), organization=data.get("organization"), country=data.get("country"),
            first_seen=data.get("first_seen") or "", last_seen=data.get("last_seen") or "",
            role_as_of=data.get("role_as_of") or "",
            history=[list(h) for h in data.get("history") or []], aliases=list(data.get("aliases") or []),
        )

    def role_as_of_date(self, as_of: str) -> tuple[str | None, str | None, str | None]:
        """The role this record knew for a date: the latest stated on or before it, else the
        earliest known (a speaker's first stated role is the best guess for older articles)."""
        dated = []
        if self.title or self.country:
            dated.append((self.role_as_of, self.title, self.organization, self.country))
        dated += [tuple(h) for h in self.history]  # type: ignore[misc]
        if not dated:
            return None, None, None
        if not as_of:
            return self.title, self.organization, self.country
        before = [d for d in dated if d[0] and d[0] <= as_of]
        pick = max(before, key=lambda d: d[0]) if before else min(dated, key=lambda d: d[0] or "9999")
        return pick[1], pick[2], pick[3]


def remember(record: SpeakerRecord | None, speaker: Speaker, seen_at: datetime | date | str) -> SpeakerRecord:
    """The record after seeing ``speaker`` in an article dated ``seen_at``.

    Only roles the article itself stated (``role_source == "article"``) are learnt;
    a role that came from memory or the registry is not written back. The latest
    stated role (by article date) is kept; a known title is never replaced by None;
    older roles go to the dated history.
    """
    if not speaker.speaker_id:
        raise ValueError("speaker has no speaker_id")
    day = seen_day(seen_at)
    if record is None:
        record = SpeakerRecord(speaker.speaker_id, speaker.name, speaker.type, first_seen=day, last_seen=day)
    else:
        record = SpeakerRecord.from_dict(record.to_dict())  # never mutate the caller's record
        if day and (not record.first_seen or day < record.first_seen):
            record.first_seen = day
        if day and day > record.last_seen:
            record.last_seen = day
    if speaker.name and (not record.name or len(speaker.name) > len(record.name)):
        record.name = speaker.name
    for alias in (speaker.name, *speaker.aliases):
        if alias and alias not in record.aliases and len(record.aliases) < 12:
            record.aliases.append(alias)
    if speaker.role_source != "article" or not (speaker.title or speaker.organization or speaker.country):
        return record
    new = (speaker.title, speaker.organization, speaker.country)
    if not record.title and not record.organization and not record.country:
        record.title, record.organization, record.country = new
        record.role_as_of = day
        return record
    if record.role_as_of and day and day < record.role_as_of:
        _add_history(record, [day, *new])  # an older article (backfill): history only
        return record
    if speaker.title and speaker.title != record.title:
        if record.title:
            _add_history(record, [record.role_as_of, record.title, record.organization, record.country])
        record.title = speaker.title
        record.organization = speaker.organization  # the organisation goes with the title
        record.country = speaker.country or record.country
    else:
        record.organization = speaker.organization or record.organization
        record.country = speaker.country or record.country
    record.role_as_of = day or record.role_as_of
    return record


def _add_history(record: SpeakerRecord, entry: list[str | None]) -> None:
    if entry[1:] == [None, None, None] or entry in record.history:
        return
    record.history.append(entry)
    record.history.sort(key=lambda h: h[0] or "")
    del record.history[:-HISTORY]


def recall(speaker: Speaker, record: SpeakerRecord | None,
           as_of: datetime | date | str | None = None) -> Speaker:
    """``speaker`` with what the article left out filled in from memory.

    Fills a missing title, organization and country (the role known as of the
    article's date when given); a speaker the article named only by surname takes
    the remembered full name and id. ``role_source`` becomes ``"memory"`` when the
    title (or, lacking any title, another role field) came from memory; a title the
    article or registry gave stays as it is, with its source.
    """
    if record is None or speaker.type not in REMEMBERED_TYPES:
        return speaker
    title, org, country = record.role_as_of_date(stamp(as_of))
    out = speaker
    known = (record.name, *(record.aliases or ()))  # aliases: e.g. a KB entity's canonical name and surname
    if speaker.speaker_id != record.speaker_id and any(_names_same_person(speaker.name, n) for n in known):
        out = replace(out, name=record.name, speaker_id=record.speaker_id)
    if out.title is None:
        new_title = title
        new_org = out.organization if out.organization is not None else org
    else:
        # the article's (or registry's) title stays; memory's organisation only if it goes with it
        new_title = out.title
        new_org = out.organization if out.organization is not None else (org if title == out.title else None)
    new_country = out.country if out.country is not None else country
    if (new_title, new_org, new_country) == (out.title, out.organization, out.country):
        return out
    source = out.role_source
    if out.title is None and (new_title is not None or source is None):
        source = "memory"
    return replace(out, title=new_title, organization=new_org, country=new_country, role_source=source)


def _names_same_person(partial: str | None, full: str | None) -> bool:
    """"Austin" or "Lloyd Austin" against "Lloyd J. Austin": every word of the partial name is in it."""
    if not partial or not full:
        return False
    pw = [w.rstrip(".").lower() for w in partial.split()]
    fw = [w.rstrip(".").lower() for w in full.split()]
    return all(w in fw for w in pw) and pw[-1] in (fw[-1], fw[0])


# --- the alias index ---------------------------------------------------------------------------

def _norm(name: str) -> str:
    return " ".join(name.replace(".", " ").split()).lower()


def alias_key(kind: str, alias: str) -> str:
    """Table key of a partial name: ``alias_key("person", "Austin") == "alias:person:austin"``."""
    return f"alias:{kind}:{_norm(alias)}"


def alias_keys(speaker: Speaker) -> list[str]:
    """Keys under which to index a speaker known by full name: the full name, the surname
    (last word; first word too for names written surname first, "Kim Jong-hyun")."""
    if not speaker.speaker_id or not speaker.name or speaker.type not in REMEMBERED_TYPES:
        return []
    words = [w for w in speaker.name.split() if w.rstrip(".") not in ("Jr", "Sr", "II", "III", "IV")]
    keys = [alias_key(speaker.type, speaker.name)]
    if speaker.type == "person" and len(words) >= 2:
        keys.append(alias_key("person", words[-1]))
        keys.append(alias_key("person", words[0]))
    for alias in speaker.aliases:
        k = alias_key(speaker.type, alias)
        if k not in keys and len(alias) > 2:
            keys.append(k)
    return keys


def lookup_key(speaker: Speaker) -> str | None:
    """The alias key to look up for a speaker the article did not name in full ("Austin said"),
    or None when the article gave a full name (its own ``speaker_id`` is then the key)."""
    if not speaker.name or speaker.type != "person" or " " in speaker.name.strip():
        return None
    return alias_key("person", speaker.name)


def add_alias(entry: Mapping[str, str] | None, speaker_id: str,
              seen_at: datetime | date | str) -> dict[str, str]:
    """The alias table value after seeing ``speaker_id`` under it: ``{speaker_id: last_seen}`` (a day,
    :func:`seen_day`), keeping the few most recently seen speakers."""
    out = dict(entry or {})
    when = seen_day(seen_at)
    if when >= out.get(speaker_id, ""):
        out[speaker_id] = when
    if len(out) > ALIAS_CANDIDATES:
        out = dict(sorted(out.items(), key=lambda kv: kv[1], reverse=True)[:ALIAS_CANDIDATES])
    return out


def pick_alias(entry: Mapping[str, str] | None, speaker: Speaker,
               records: Mapping[str, SpeakerRecord] | None = None) -> str | None:
    """The speaker id a partial name most likely means: among the candidates, those whose
    remembered country agrees with what the article says, then the most recently seen (by day; of speakers
    last seen the same day, the one the entry listed first)."""
    if not entry:
        return None
    cands = list(entry.items())
    if records and speaker.country:
        agree = [(sid, t) for sid, t in cands
                 if sid in records and records[sid].country in (None, speaker.country)]
        cands = agree or cands
    return max(cands, key=lambda kv: kv[1])[0]
