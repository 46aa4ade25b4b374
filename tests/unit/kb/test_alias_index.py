"""The KB's alias index (one text in ``meta``, searched by bisection) finds what the indexed ``alias`` query
finds, in the same order, on invented KBs; a KB without it is queried as before."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from streams.nlp.kb import KB, Entity, write_kb
from streams.nlp.kb import store as kb_store

# Entities sharing names, surnames and transliterations, with ids out of alphabetical order of their names,
# so that an entity found by several keys and ties between entities of one kind of match both occur.
ENTITIES = [
    Entity("Q30", "person", "Ana Ruiz", "ana-ruiz", aliases=("Ana M. Ruiz", "Anna Ruiz")),
    Entity("Q4", "person", "Anna Ruiz", "anna-ruiz"),
    Entity("Q100", "person", "Ana Ruiz Jr.", "ana-ruiz-jr"),
    Entity("Q90", "person", "Ana Maria Ruiz", "ana-maria-ruiz"),
    Entity("Q7", "person", "Vassily Nebenzia", "nebenzia", aliases=("Vasily Nebenzya", "Vasiliy Nebenzija")),
    Entity("Q8", "person", "Oleg Nebenzia", "oleg-nebenzia"),
    Entity("X:9", "organization", "Ruiz Holdings", "ruiz-holdings", aliases=("Ruiz",)),
    Entity("Q55", "person", "Şenol Kaya", "senol-kaya", aliases=("Senol Kaya",)),
    Entity("Q56", "person", "Kaya", "kaya"),
    Entity("Q3", "person", "Lindsey Graham", "graham", aliases=("Lindsey O. Graham", "Sen. Graham")),
]
NAMES = ["Ana Marija Ruiz", "Ana Ruiz", "Anna Ruiz", "Ruiz", "ruiz", "Ana M. Ruiz", "Ana Maria Ruiz", "Ana Ruiz Jr.",
         "Nebenzia", "Vasily Nebenzia", "Vassily Nebenzja", "Oleg Nebenzya", "Kaya", "Senol Kaya", "Şenol Kaya",
         "Graham", "Lindsey O. Graham", "Sen. Lindsey Graham", "Mr. Graham", "Nobody Here", "", "Jr.", "Ruiz Holdings"]


def _plain(kb: KB) -> KB:
    """The same KB read as a file without the index: every look-up queries the ``alias`` table."""
    kb._index_read, kb._index = True, None
    return kb


def _found(kb: KB, name: str) -> list[tuple[str, str]]:
    return [(c.entity.id, c.match) for c in kb.candidates(name)]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    out = tmp_path / "x.kb"
    write_kb(ENTITIES, out, {"source": "test"})
    return out


def test_the_index_finds_what_the_query_finds_in_its_order(path: Path) -> None:
    indexed, plain = KB(path), _plain(KB(path))
    assert indexed.alias_index() is not None
    for name in NAMES:
        assert _found(indexed, name) == _found(plain, name), name
    ruiz = _found(indexed, "Ruiz")  # the cases the order matters in happen: ties, and several keys per entity
    assert len([m for _, m in ruiz if m == "surname"]) >= 2
    rows = list(indexed._alias_rows(kb_store.query_keys("Vassily Nebenzia")))
    assert len(rows) > len({eid for _, eid in rows})


def test_the_index_holds_the_alias_table_and_stays_out_of_meta(path: Path) -> None:
    kb = KB(path)
    rows = kb._db.execute("SELECT key, entity FROM alias ORDER BY key, entity").fetchall()
    index = kb.alias_index()
    assert index is not None and index == sorted(index)
    assert [(line.split("\t")[0], eid) for line in index for eid in line.split("\t")[1:]] == rows
    assert kb_store.INDEX_KEY not in kb.meta and kb.meta["source"] == "test"
    assert kb_store.INDEX_KEY not in kb.stats()["meta"]


def test_a_kb_without_the_index_is_queried(path: Path) -> None:
    expected = {name: _found(KB(path), name) for name in NAMES}
    db = sqlite3.connect(path)
    db.execute("DELETE FROM meta WHERE key = ?", (kb_store.INDEX_KEY,))
    db.commit()
    db.close()
    kb = KB(path)
    assert kb.alias_index() is None
    assert {name: _found(kb, name) for name in NAMES} == expected


def test_no_index_for_a_large_kb_or_ids_that_would_break_its_lines(path: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    tabbed = tmp_path / "tabbed.kb"
    write_kb([*ENTITIES, Entity("Q\t1", "person", "Tab Person", "tab")], tabbed)
    assert KB(tabbed).alias_index() is None and _found(KB(tabbed), "Tab Person") == [("Q\t1", "name")]
    monkeypatch.setattr(kb_store, "INDEX_MAX_KEYS", 5)
    large = tmp_path / "large.kb"
    write_kb(ENTITIES, large)
    assert KB(large).alias_index() is None
    assert [_found(KB(large), n) for n in NAMES] == [_found(_plain(KB(path)), n) for n in NAMES]
