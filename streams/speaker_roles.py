"""Roles beyond the article: the curated registry and the speaker memory, overlaid on a resolved speaker.

Kept out of ``streams.nlp`` because the memory is worker state (a Faust table in
the pipeline agent; a plain dict in tests and ``reprocess``); every decision is made
by the pure functions of :mod:`streams.nlp.memory` and :mod:`streams.nlp.registry`.
Precedence: what the article states, then the registry as of the article's date,
then the speaker KB (the office held on that date, :mod:`streams.nlp.kb`), then memory
(the role known as of that date). Only roles an article stated are learnt, so memory
never feeds on its own guesses.
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import date
from typing import TYPE_CHECKING, Any

from . import events
from .nlp.dates import as_of_date
from .nlp.kb import KB, THRESHOLD, apply_link, link, load_kb
from .nlp.kb.link import Link, surname_links
from .nlp.memory import (
    REMEMBERED_TYPES,
    SpeakerRecord,
    add_alias,
    alias_keys,
    lookup_key,
    pick_alias,
    recall,
    remember,
)
from .nlp.model import Speaker

if TYPE_CHECKING:
    from .nlp.registry import Registry
    from .settings import Settings


class RoleBook:
    """Gives a resolved speaker the role the article did not state, and learns the roles it did."""

    def __init__(self, memory: MutableMapping[str, Any] | None = None, registry: Registry | None = None,
                 kb: KB | None = None, kb_threshold: float = THRESHOLD) -> None:
        self.memory: MutableMapping[str, Any] = memory if memory is not None else {}
        self.registry = registry
        self.kb = kb
        self.kb_threshold = kb_threshold
        # KB links by what ``link`` reads of a speaker: one article names its speakers many times over
        self._links: dict[tuple[Any, ...], Link | None] = {}
        self._writes = 0  # memory writes so far: a recall made since the last write still holds

    @classmethod
    def from_settings(cls, settings: Settings, memory: MutableMapping[str, Any] | None = None) -> RoleBook:
        from .nlp.registry import Registry  # here: ``quotewire extract`` without a registry file never loads it

        registry = Registry.load(settings.registry_file) if settings.registry_file else None
        kb = load_kb(settings.kb_file) if settings.kb_link else None
        return cls(memory, registry, kb, settings.kb_threshold)

    def overlay(self, speaker: Speaker, when: Any) -> Speaker:
        """The speaker with the registry's role, then the KB's link (registry > KB), as of ``when``."""
        return self._overlay(speaker, when, as_of_date(when))

    def _overlay(self, speaker: Speaker, when: Any, day: date | None) -> Speaker:
        """``overlay``, ``day`` being ``when``'s date (read once for all the speakers of an article)."""
        out = self.registry.apply(speaker, when) if self.registry else speaker
        if self.kb is None or out.type != "person" or not out.name:
            return out
        found = self._link(self.kb, out, day)
        if found is None:
            return out
        keep_id = self.registry is not None and out.speaker_id in self.registry.people
        return apply_link(out, found, keep_id=keep_id)

    def _link(self, kb: KB, speaker: Speaker, day: date | None) -> Link | None:
        """``link``, remembered by the fields it reads (name, type, title, organization, country, day)."""
        key = (kb, self.kb_threshold, speaker.name, speaker.type, speaker.title, speaker.organization,
               speaker.country, day)
        if key in self._links:
            return self._links[key]
        if len(self._links) > 100_000:
            self._links.clear()
        found = self._links[key] = link(kb, speaker, day, self.kb_threshold)
        return found

    def _record(self, speaker_id: str | None) -> SpeakerRecord | None:
        data = self.memory.get(speaker_id) if speaker_id else None
        return SpeakerRecord.from_dict(data) if data else None

    def _remembered(self, speaker: Speaker) -> SpeakerRecord | None:
        """The memory record for this speaker: by id, or for a bare surname by its alias index."""
        record = self._record(speaker.speaker_id)
        if record is not None:
            return record
        key = lookup_key(speaker)
        if key is None:
            return None
        entry = self.memory.get(key)
        candidates = {sid: r for sid in (entry or {}) if (r := self._record(sid)) is not None}
        chosen = pick_alias(entry, speaker, candidates)
        return candidates.get(chosen) if chosen else None

    def overlay_all(self, speakers: list[Speaker | None], when: Any) -> list[Speaker | None]:
        """``overlay`` for one article's speakers, then its bare surnames linked to the entity a
        speaker of the same article was linked to by full name."""
        day = as_of_date(when)
        out = self._overlay_each(speakers, when, day)
        if self.kb is None:
            return out
        for i, found in surname_links(self.kb, out, day).items():
            sp = out[i]
            if sp is not None:
                keep_id = self.registry is not None and sp.speaker_id in self.registry.people
                out[i] = apply_link(sp, found, keep_id=keep_id)
        return out

    def _overlay_each(self, speakers: list[Speaker | None], when: Any, day: date | None) -> list[Speaker | None]:
        """``overlay`` of each speaker, once per speaker object: resolution gives every statement of one
        person the same object (about half of an article's statements repeat a speaker)."""
        done: dict[int, Speaker] = {}  # by id(): ``speakers`` keeps each object alive meanwhile
        out: list[Speaker | None] = []
        for s in speakers:
            if not s:
                out.append(None)
                continue
            found = done.get(id(s))
            if found is None:
                found = done[id(s)] = self._overlay(s, when, day)
            out.append(found)
        return out

    def apply_all(self, speakers: list[Speaker | None], article: Mapping[str, Any]) -> list[Speaker | None]:
        """``apply`` for every speaker of one article (None stays None), with ``overlay_all``'s links."""
        when = self._when(article)
        done: dict[int, Speaker] = {}  # by id(): the overlaid list keeps each object alive meanwhile
        return [self._recall_once(s, when, done) if s else None for s in self.overlay_all(speakers, when)]

    def _recall_once(self, speaker: Speaker, when: Any, done: dict[int, Speaker]) -> Speaker:
        """``_recall`` of one article's speaker object, done again only after a memory write. Resolution gives
        every statement of one person the same object; a recall that wrote nothing left the memory as it
        found it, so recalling the same object again would read the same records and write nothing."""
        found = done.get(id(speaker))
        if found is not None:
            return found
        writes = self._writes
        out = self._recall(speaker, when)
        if self._writes == writes:
            done[id(speaker)] = out
        else:  # what is remembered changed: every earlier recall of this article is stale
            done.clear()
        return out

    @staticmethod
    def _when(article: Mapping[str, Any]) -> Any:
        return article.get("published_at") or article.get("ingested_at") or events.utcnow()

    def apply(self, speaker: Speaker, article: Mapping[str, Any]) -> Speaker:
        """The speaker with registry and memory roles overlaid; memory updated with what the article said."""
        when = self._when(article)
        return self._recall(self.overlay(speaker, when), when)

    def _recall(self, out: Speaker, when: Any) -> Speaker:
        if out.type not in REMEMBERED_TYPES:
            return out
        from . import metrics  # here: prometheus_client is for the workers, not ``quotewire extract``

        record = self._remembered(out)
        metrics.SPEAKER_MEMORY.labels("hit" if record else "miss").inc()
        out = recall(out, record, as_of=when)
        if out.speaker_id:
            self._learn(out, when)
        return out

    def _learn(self, speaker: Speaker, when: str) -> None:
        """Write the speaker's record and alias entries, only when they change (each write is a changelog
        record)."""
        key = speaker.speaker_id
        if key is None:  # the callers learn only identified speakers
            return
        from . import metrics

        old = self.memory.get(key)
        new = remember(SpeakerRecord.from_dict(old) if old else None, speaker, when).to_dict()
        if new != old:
            self.memory[key] = new
            self._writes += 1
            metrics.SPEAKER_MEMORY.labels("update").inc()
        for key in alias_keys(speaker):
            entry = self.memory.get(key)
            updated = add_alias(entry, speaker.speaker_id, when)  # type: ignore[arg-type]
            if updated != entry:
                self.memory[key] = updated
                self._writes += 1
