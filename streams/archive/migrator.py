"""Versioned schema migrations: ``migrations/<dialect>/NNNN_name.sql``, applied in order.

Each backend records applied versions with the file's checksum in ``schema_migrations``.
An applied file that has since changed is an error rather than silently ignored:
editing history would leave databases migrated at different times with different
schemas. Add a new file instead.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from .store import MigrationError

Dialect = Literal["sqlite", "postgres"]
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str
    checksum: str


def load(dialect: Dialect) -> list[Migration]:
    """Every migration of ``dialect`` shipped with the package, by version."""
    folder = resources.files("streams.archive").joinpath("migrations", dialect)
    found: dict[int, Migration] = {}
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match:
            continue
        data = entry.read_bytes()
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"two {dialect} migrations with version {version:04d}")
        found[version] = Migration(
            version, match.group(2), data.decode("utf-8"), hashlib.sha256(data).hexdigest()
        )
    if not found:
        raise MigrationError(f"no {dialect} migrations found in the package")
    return [found[v] for v in sorted(found)]


def pending(migrations: list[Migration], applied: Mapping[int, str]) -> list[Migration]:
    """The migrations still to apply; raises if an applied one no longer matches its file."""
    for migration in migrations:
        checksum = applied.get(migration.version)
        if checksum is not None and checksum != migration.checksum:
            raise MigrationError(
                f"migration {migration.version:04d}_{migration.name} was changed after it was applied; "
                "restore the original file and add a new migration instead"
            )
    return [m for m in migrations if m.version not in applied]


def sqlite_statements(script: str) -> Iterator[str]:
    """The statements of a SQLite script (trigger bodies stay whole), to run inside one transaction.

    ``executescript`` would commit on its own; splitting keeps each migration atomic.
    """
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement.strip(";").strip():
                yield statement
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise MigrationError(f"incomplete SQL statement at the end of a migration: {buffer.strip()[:80]!r}")
