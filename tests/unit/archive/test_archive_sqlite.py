"""The SQLite archive: the shared store contract, plus what only SQLite has (file, WAL, FTS5, locking)."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from archive_contract import QUOTES, StoreContract, _statements

from streams.archive import SearchQuery, StoreError, StoreUnavailable, open_store
from streams.archive.samples import Quote
from streams.archive.sqlite import SQLiteStore
from streams.settings import Settings


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'archive.sqlite3'}"


class TestSQLiteStore(StoreContract):
    """Every behaviour of the store contract, on SQLite."""


def test_url_forms(tmp_path: Path) -> None:
    three = SQLiteStore.from_url(f"sqlite:///{tmp_path}/a.sqlite3")
    four = SQLiteStore.from_url(f"sqlite:////{str(tmp_path).lstrip('/')}/a.sqlite3")
    assert three.path == four.path == tmp_path / "a.sqlite3"
    assert SQLiteStore.from_url(f"sqlite:///{tmp_path}/a%20b.sqlite3?timeout=2").timeout == 2.0
    assert SQLiteStore.from_url(f"sqlite:///{tmp_path}/a%20b.sqlite3").path.name == "a b.sqlite3"
    for bad in ("sqlite://host/x.sqlite3", "sqlite:relative.sqlite3"):
        with pytest.raises(StoreError):
            SQLiteStore.from_url(bad)
    with pytest.raises(StoreError, match="scheme"):
        open_store("mysql://x/y")


def test_default_settings_url_opens_in_the_data_dir(tmp_path: Path) -> None:
    url = Settings(data_dir=tmp_path / "qw").archive_url
    with open_store(url, migrate=True) as store:
        assert isinstance(store, SQLiteStore)
        assert store.path == (tmp_path / "qw" / "archive.sqlite3").resolve()
    assert (tmp_path / "qw" / "archive.sqlite3").exists()


def test_wal_mode_and_full_sync(store_url: str) -> None:
    with open_store(store_url, migrate=True) as store:
        assert isinstance(store, SQLiteStore)
        with store._session() as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 10_000


def test_a_write_is_visible_to_another_connection_on_return(store_url: str) -> None:
    _, events = _statements("durable", QUOTES)
    with open_store(store_url, migrate=True) as store:
        store.write_statements(events)
        other = sqlite3.connect(SQLiteStore.from_url(store_url).path)
        try:
            assert other.execute("SELECT count(*) FROM statements").fetchone()[0] == 4
        finally:
            other.close()


def test_fts_index_stays_consistent(store_url: str) -> None:
    with open_store(store_url, migrate=True) as store:
        _, v1 = _statements("fts", QUOTES, version="v1", extracted_at="2024-10-01T00:00:00Z")
        _, v2 = _statements("fts", QUOTES[:2], version="v2", extracted_at="2024-10-02T00:00:00Z")
        store.write_statements(v1)
        store.write_statements(v1)  # upsert: unchanged content leaves the index alone
        changed = [{**e, "content": {**e["content"], "text": e["content"]["text"] + " indeed"}} for e in v1]
        store.write_statements(changed)  # changed content: index updated
        store.write_statements(v2)  # replacement: old rows leave the index
        with store._session() as conn:
            conn.execute("INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')")
            assert conn.execute("SELECT count(*) FROM statements_fts").fetchone()[0] == 2
        assert store.count_statements(text="indeed") == 0


def _index_segments(conn: sqlite3.Connection) -> int:
    """Rows in the FTS5 index's data table: one per segment leaf page, plus two of bookkeeping."""
    return int(conn.execute("SELECT count(*) FROM statements_fts_data").fetchone()[0])


def _indexed_rows(conn: sqlite3.Connection, term: str) -> int:
    """How many rows the FTS5 index itself holds ``term`` for (not the content table)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, statements_fts, row)")
    row = conn.execute("SELECT doc FROM temp.fts_terms WHERE term = ?", (term,)).fetchone()
    return int(row[0]) if row else 0


def test_a_batch_adds_one_index_segment_not_one_per_statement(store_url: str) -> None:
    """FTS5 writes a segment per SQL statement: the batch must reach it as one statement."""
    quotes = [Quote(f"Pledge {i} on grain exports", "Jane Doe") for i in range(60)]
    _, events = _statements("segments", quotes)
    with open_store(store_url, migrate=True) as store:
        with store._session() as conn:  # type: ignore[attr-defined]
            # no merging, so every segment written stays countable
            conn.execute("INSERT INTO statements_fts (statements_fts, rank) VALUES ('automerge', 0)")
            conn.execute("INSERT INTO statements_fts (statements_fts, rank) VALUES ('crisismerge', 2000)")
            before = _index_segments(conn)
        store.write_statements(events)
        with store._session() as conn:  # type: ignore[attr-defined]
            assert _index_segments(conn) - before <= 3  # was 60, one per statement
            assert _indexed_rows(conn, "grain") == 60
        assert store.count_statements(text="grain exports") == 60


def test_redelivery_keeps_one_row_and_one_index_entry(store_url: str) -> None:
    _, events = _statements("redelivered", QUOTES)
    changed = [{**e, "content": {**e["content"], "text": e["content"]["text"] + " indeed"}} for e in events[:1]]
    with open_store(store_url, migrate=True) as store:
        store.write_statements(events)
        assert store.write_statements(events).updated == 4  # unchanged: nothing rewritten
        store.write_statements([*events, *events])
        store.write_statements(changed)
        with store._session() as conn:  # type: ignore[attr-defined]
            assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] == 4
            conn.execute("INSERT INTO statements_fts (statements_fts) VALUES ('integrity-check')")
            assert _indexed_rows(conn, "talk") == 4  # porter stems "talks"
            assert _indexed_rows(conn, "inde") == 1  # the changed content, once
        assert store.count_statements(text="talks") == 4
        assert store.count_statements(text="indeed") == 1


def test_migration_0003_drops_the_speaker_indexes_no_query_uses(store_url: str) -> None:
    """The speaker indexes cost every write an insert and served no query: migration 0003 drops them."""
    with open_store(store_url, migrate=True) as store, store._session() as conn:  # type: ignore[attr-defined]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        plan = " ".join(r[3] for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT event FROM statements s WHERE "
            "(s.speaker_id_f = 'x' OR s.speaker_name_f LIKE '%x%' ESCAPE '\\') ORDER BY s.sort_time DESC"))
    assert "statements_sort_time" in names and "statements_country" in names
    assert not {"statements_speaker_id", "statements_speaker"} & names
    assert "statements_sort_time" in plan


def test_busy_database_raises_store_unavailable_then_recovers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/busy.sqlite3?timeout=0.2"
    _, events = _statements("busy", QUOTES)
    with open_store(url, migrate=True) as store:
        blocker = sqlite3.connect(tmp_path / "busy.sqlite3", isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreUnavailable, match="locked"):
                store.write_statements(events)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert store.write_statements(events).inserted == 4  # the retried batch goes through


def test_closed_store_refuses(store_url: str) -> None:
    store = open_store(store_url, migrate=True)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_statements()


def test_threads_share_one_store(store_url: str) -> None:
    errors: list[BaseException] = []
    with open_store(store_url, migrate=True) as store:

        def work(n: int) -> None:
            try:
                for k in range(5):
                    _, events = _statements(f"t{n}-{k}", QUOTES)
                    store.write_statements(events)
                    store.search(SearchQuery(text="talks", limit=3))
            except BaseException as exc:  # noqa: BLE001 - pragma: no cover - the thread's failure is reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert store.count_statements() == 4 * 5 * 4


def test_two_processes_worth_of_stores_on_one_file(store_url: str) -> None:
    """A second store (like `quotewire search` in another process) reads while the first writes."""
    _, events = _statements("shared", QUOTES)
    with open_store(store_url, migrate=True) as writer, open_store(store_url) as reader:
        writer.write_statements(events[:2])
        assert reader.count_statements() == 2
        writer.write_statements(events[2:])
        assert reader.count_statements(article_id="shared") == 4
