"""The speaker knowledge base: stable ids, aliases and dated offices of public figures.

Pure and synchronous: :mod:`.store` reads the packaged read-only SQLite file,
:mod:`.link` links a resolved speaker to an entity as of the article's date.
Builders of KB files from public sources live in :mod:`streams.kb.build`.
"""
from __future__ import annotations

from .link import THRESHOLD, Link, apply_link, link
from .store import DEFAULT_PATH, KB, Candidate, Entity, KBError, Office, load_kb, write_kb

__all__ = ["DEFAULT_PATH", "KB", "THRESHOLD", "Candidate", "Entity", "KBError", "Link", "Office", "apply_link",
           "link", "load_kb", "write_kb"]
