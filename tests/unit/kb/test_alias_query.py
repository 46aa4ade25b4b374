"""The alias look-up joins one primary-key look-up per key (UNION ALL, keys sorted) and gives the rows that
``key IN (...)`` gives, in the same order: candidates keep their order among matches of one kind."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from streams.nlp.kb import write_kb
from streams.nlp.kb.store import KB, Entity, _alias_query, query_keys


def _in_rows(db: sqlite3.Connection, keys: list[str]) -> list[tuple[str, str]]:
    marks = ",".join("?" * len(keys))
    return db.execute(f"SELECT key, entity FROM alias WHERE key IN ({marks})", tuple(keys)).fetchall()


@pytest.fixture
def db(tmp_path: Path) -> sqlite3.Connection:
    # invented people: several share a surname and a transliteration key
    people = [("E3", "Mara Ostrova"), ("E1", "Mara Ostrowa"), ("E2", "Pel Ostrova"), ("E4", "Tomas Quill"),
              ("E5", "Tomasz Quill"), ("E6", "Ana Quill Jr.")]
    path = tmp_path / "invented.kb"
    write_kb([Entity(eid, "person", name, eid.lower(), None, (name,), (), "test") for eid, name in people], path)
    return sqlite3.connect(path)


@pytest.mark.parametrize("name", ["Mara Ostrova", "Ostrova", "Mara Ostrowa", "Quill", "Tomas Quill", "T. Quill",
                                  "Tomasz K. Quill", "Ana Quill", "Nobody Here", "Pel"])
def test_the_union_gives_the_in_lists_rows_in_order(db: sqlite3.Connection, name: str) -> None:
    keys = list(query_keys(name))
    union = db.execute(_alias_query(len(keys)), tuple(sorted(keys))).fetchall()
    assert union == _in_rows(db, keys)


def test_candidates_of_one_kind_keep_the_entities_order(tmp_path: Path, db: sqlite3.Connection) -> None:
    # "Quill" finds all three by surname: they come in the alias table's order, as with the IN list
    assert [c.entity.id for c in KB(tmp_path / "invented.kb").candidates("Quill")] == ["E4", "E5", "E6"]
