"""The statement and article archive: one interface, SQLite and PostgreSQL behind it.

Pure and synchronous (no Faust or Kafka import): the archive consumer runs store calls
in a worker thread; search, stats and reprocess call them directly.
"""
from __future__ import annotations

from .store import (
    ArchiveStore,
    MigrationError,
    NoArchive,
    Rejected,
    SearchQuery,
    StoreError,
    StoreUnavailable,
    WriteResult,
    extraction_marker,
    open_store,
)

__all__ = [
    "ArchiveStore",
    "MigrationError",
    "NoArchive",
    "Rejected",
    "SearchQuery",
    "StoreError",
    "StoreUnavailable",
    "WriteResult",
    "extraction_marker",
    "open_store",
]
