"""Roles beyond the article: the curated registry and the speaker memory, overlaid on a resolved speaker.

Kept out of ``streams.nlp`` because the memory is worker state (a Faust table, or
a plain dict in tests and ``reprocess``); the decisions themselves stay pure.
"""
from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import replace
from typing import Any

from .nlp.model import Speaker
from .settings import Settings


class RoleBook:
    """Gives a resolved speaker the role the article did not state: registry first, then memory."""

    def __init__(self, memory: MutableMapping[str, Any] | None = None, registry: Any = None) -> None:
        self.memory = memory if memory is not None else {}
        self.registry = registry

    @classmethod
    def from_settings(cls, settings: Settings, memory: MutableMapping[str, Any] | None = None) -> "RoleBook":
        return cls(memory, None)

    def apply(self, speaker: Speaker, article: dict[str, Any]) -> Speaker:
        if speaker.speaker_id and speaker.title is None:
            record = self.memory.get(speaker.speaker_id)
            if record:
                return replace(speaker, title=record.get("title"), organization=record.get("organization"),
                               country=record.get("country") or speaker.country, role_source="memory")
        if speaker.speaker_id and speaker.title:
            self.memory[speaker.speaker_id] = {"title": speaker.title, "organization": speaker.organization,
                                               "country": speaker.country}
        return speaker
