"""The search text syntax: parsing, FTS5 rendering, and that no input can break an FTS5 MATCH."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from archive_contract import HOSTILE
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.archive.textquery import TextQuery, fts5, fts5_string, parse, tsquery_sql


def test_blank_text_is_no_filter() -> None:
    assert parse(None) is None
    assert parse("  \t ") is None


def test_words_phrases_exclusions_and_or() -> None:
    q = parse('ceasefire "humanitarian corridor" -russia -"war crimes" OR talks')
    assert q == TextQuery((("ceasefire", "humanitarian corridor"), ("talks",)), ("russia", "war crimes"))


def test_lowercase_or_is_an_operator_but_a_quoted_or_is_a_word() -> None:
    assert parse("war or peace").any_of == (("war",), ("peace",))  # type: ignore[union-attr]
    assert parse('"or"').any_of == (("or",),)  # type: ignore[union-attr]
    assert parse("OR OR war OR").any_of == (("war",),)  # type: ignore[union-attr]


def test_unterminated_phrase_runs_to_the_end() -> None:
    assert parse('"we will act').any_of == (("we will act",),)  # type: ignore[union-attr]


def test_terms_without_letters_or_digits_are_dropped() -> None:
    q = parse('* - "" () ;')
    assert q is not None and q.matches_nothing


def test_fts5_rendering_quotes_every_term() -> None:
    q = parse('NEAR(a b) -"x y" c* OR content:d')
    assert q is not None
    positive, negative = fts5(q)
    assert positive == '(("NEAR(a" AND "b)" AND "c*") OR ("content:d")) NOT ("x y")'
    assert negative is None
    assert fts5(TextQuery((), ("z",))) == (None, '"z"')
    assert fts5_string('say "hi"') == '"say ""hi"""'


def test_tsquery_rendering_binds_every_term() -> None:
    q = parse("a b OR c -d")
    assert q is not None
    expression, params = tsquery_sql(q)
    assert expression is not None and "%s" in expression
    assert params == ["english", "a", "english", "b", "english", "c", "english", "d"]
    assert "'" not in expression  # no literal ever reaches the SQL text


SOUP = ['"', "-", "*", "OR", "AND", "NOT", "NEAR(", ")", "(", ":", "^", "a", "b", " "]


@pytest.fixture(scope="module")
def fts() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5(content, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    conn.executemany("INSERT INTO f (content) VALUES (?)", [("the ceasefire must hold",), ("court ruling",)])
    yield conn
    conn.close()


def _run(conn: sqlite3.Connection, text: str) -> None:
    q = parse(text)
    if q is None or q.matches_nothing:
        return
    positive, negative = fts5(q)
    for expression in (positive, negative):
        if expression:
            conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (expression,)).fetchall()


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_is_a_valid_fts5_query(fts: sqlite3.Connection, text: str) -> None:
    _run(fts, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_is_a_valid_fts5_query(fts: sqlite3.Connection, text: str) -> None:
    _run(fts, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(SOUP), max_size=20))
def test_operator_soup_is_a_valid_fts5_query(fts: sqlite3.Connection, parts: list[str]) -> None:
    _run(fts, "".join(parts))
    _run(fts, " ".join(parts))
