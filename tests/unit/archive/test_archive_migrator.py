"""Migrations: shipped files load in order, edited history is refused, SQLite scripts split safely."""
from __future__ import annotations

from pathlib import Path

import pytest

from streams.archive import MigrationError, open_store
from streams.archive.migrator import Migration, load, pending, sqlite_statements
from streams.archive.sqlite import SQLiteStore


@pytest.mark.parametrize("dialect", ["sqlite", "postgres"])
def test_shipped_migrations_load_in_order(dialect: str) -> None:
    migrations = load(dialect)  # type: ignore[arg-type]
    assert [m.version for m in migrations] == sorted(m.version for m in migrations)
    assert migrations[0].version == 1 and migrations[0].name == "initial"
    assert all(len(m.checksum) == 64 for m in migrations)


def test_both_dialects_have_the_same_versions() -> None:
    assert [(m.version, m.name) for m in load("sqlite")] == [(m.version, m.name) for m in load("postgres")]


def test_pending_skips_applied_and_refuses_edited_ones() -> None:
    a, b = Migration(1, "a", "x", "c1"), Migration(2, "b", "y", "c2")
    assert pending([a, b], {}) == [a, b]
    assert pending([a, b], {1: "c1"}) == [b]
    with pytest.raises(MigrationError, match="changed"):
        pending([a, b], {1: "other"})


def test_sqlite_script_splitting_keeps_trigger_bodies_whole() -> None:
    script = """
    -- a comment; with a semicolon
    CREATE TABLE t (x TEXT);
    CREATE TRIGGER tr AFTER INSERT ON t BEGIN
        INSERT INTO t VALUES ('a;b');
        DELETE FROM t WHERE x = 'c';
    END;
    """
    statements = list(sqlite_statements(script))
    assert len(statements) == 2
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_sqlite_script_with_an_unfinished_statement_is_refused() -> None:
    with pytest.raises(MigrationError, match="incomplete"):
        list(sqlite_statements("CREATE TABLE t (x TEXT);\nCREATE TABLE u (y TEXT)"))


def test_edited_migration_is_detected_on_a_real_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/m.sqlite3"
    with open_store(url) as store:
        assert store.migrate() == [m.version for m in load("sqlite")]
        assert isinstance(store, SQLiteStore)
        with store._session() as conn:
            conn.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1")
        with pytest.raises(MigrationError, match="0001_initial"):
            store.migrate()


def test_concurrent_migrations_apply_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/m.sqlite3"
    with open_store(url) as one, open_store(url) as two:
        assert one.migrate() == [m.version for m in load("sqlite")]
        assert two.migrate() == []
