"""The query language: what parses to what, and what a user sees when a query is wrong."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.alerts.folding import fold, words
from streams.alerts.query import MAX_DEPTH, QueryError, compile_query


@pytest.mark.parametrize(
    ("query", "parsed"),
    [
        # NOT > AND > OR, adjacent terms are ANDed
        ("a OR b c", "a OR (b AND c)"),
        ("a b OR c", "(a AND b) OR c"),
        ("a OR b AND c OR d", "a OR (b AND c) OR d"),
        ("NOT a b", "NOT a AND b"),
        ("NOT (a b)", "NOT (a AND b)"),
        ("-a OR b", "NOT a OR b"),
        ("a -b -c", "a AND NOT b AND NOT c"),
        ("a AND NOT b", "a AND NOT b"),
        ("NOT NOT a", "NOT NOT a"),
        ("(a OR b) (c OR d)", "(a OR b) AND (c OR d)"),
        ("((a))", "a"),
        # the words "and", "or", "not" can be searched for in quotes
        ('troops "or" nuclear', 'troops AND "or" AND nuclear'),
        # phrases, typographic quotes, wildcards
        ('"nuclear weapons" troops', '"nuclear weapons" AND troops'),
        ("\u201cnuclear weapons\u201d", '"nuclear weapons"'),
        ('"nuclear weap*"', '"nuclear weap*"'),
        ("nuclear*", "nuclear*"),
        # fields, quoted values, aliases, field groups
        ('speaker:"Lloyd Austin"', 'speaker:"Lloyd Austin"'),
        ("org:UN organization:NATO", "organization:UN AND organization:NATO"),
        ('country:(Russia OR "North Korea")', 'country:Russia OR country:"North Korea"'),
        ("Speaker:Austin KIND:direct", "speaker:Austin AND kind:direct"),
        ("-type:anonymous", "NOT type:anonymous"),
        ("anti-war", "anti-war"),
        ("10:30", "10:30"),
    ],
)
def test_parses_with_usual_precedence(query: str, parsed: str) -> None:
    assert str(compile_query(query)) == parsed


@pytest.mark.parametrize(
    ("query", "message", "column"),
    [
        ("", "empty query", 1),
        ("   ", "empty query", 1),
        ("troops AND", "expected a term after 'AND'", 11),
        ("troops OR", "expected a term after 'OR'", 10),
        ("troops NOT", "expected a term after 'NOT'", 11),
        ("OR troops", "'OR' needs a term on each side", 1),
        ("troops AND OR nuclear", "expected a term after 'AND', found 'OR'", 12),
        ("(troops OR nuclear", "missing ')' to close this '('", 1),
        ("a (b (c)", "missing ')' to close this '('", 3),
        ("troops)", "unexpected ')' with no matching '('", 7),
        ("(a OR)", "expected a term after 'OR', found ')'", 6),
        ("()", "empty parentheses", 2),
        ('"nuclear weapons', "unterminated phrase", 1),
        ('troops ""', "empty phrase", 8),
        ('"!!"', "no letters or digits", 2),
        ("nuc*lear", "'*' can only end a word", 4),
        ("*", "'*' must directly follow a letter or digit", 1),
        ("troops.*", "'*' must directly follow a letter or digit", 8),
        ("n*", "at least 2 letters", 2),
        ("- troops", "'-' must be directly followed", 1),
        ("troops or nuclear", "write 'OR' in capitals for the operator, or put \"or\" in quotes", 8),
        ("a And not b", "write 'AND' in capitals", 3),
        ("speakr:Austin", "unknown field 'speakr:'", 1),
        ("troops speaker:", "'speaker:' needs a value", 16),
        ("speaker: Austin", "'speaker:' needs a value", 9),
        ("type:official", "type: must be one of person, organization, group, anonymous", 6),
        ("kind:quote", "kind: must be one of direct, mixed, indirect", 6),
        ("country:(Russia speaker:Putin)", "field filters cannot be nested", 17),
        ("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1), "nests deeper than", MAX_DEPTH + 1),
    ],
)
def test_malformed_queries_point_at_the_error(query: str, message: str, column: int) -> None:
    with pytest.raises(QueryError) as caught:
        compile_query(query)
    err = caught.value
    assert message in err.message
    assert err.position + 1 == column, str(err)
    # What a user reads: the message with the column, the query, and a caret under the column.
    lines = str(err).splitlines()
    assert lines[0] == f"{err.message} (column {column})"
    if len(query) <= 76:  # longer ones show a window around the error (next test)
        assert lines[2].index("^") - 2 == column - 1
        assert len(lines[1]) - 2 == len(query)


def test_caret_window_on_a_long_query() -> None:
    query = " ".join(f"word{i}" for i in range(60)) + " AND"
    with pytest.raises(QueryError) as caught:
        compile_query(query)
    pointer = caught.value.pointer("")
    shown, caret = pointer.splitlines()
    assert shown.startswith("…") and len(shown) <= 80  # a window, not the whole query
    assert shown[:caret.index("^")].endswith("word59 AND")  # the caret sits right after the AND


def test_a_query_is_compiled_once() -> None:
    assert compile_query("troops OR nuclear") is compile_query("troops OR nuclear")


def test_folding_is_case_and_diacritics_insensitive() -> None:
    assert fold("Miroslav JENČA") == "miroslav jenca"
    assert words("Łódź, Øresund; Straße") == ["lodz", "oresund", "strasse"]
    assert words("Pyongyang\u2019s 10.000 troops") == ["pyongyang", "s", "10", "000", "troops"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "():-**ANDORNOT speaker:type:person\u201c\t')), max_size=40))
def test_any_input_parses_or_raises_query_error(query: str) -> None:
    try:
        compiled = compile_query(query)
    except QueryError as err:
        assert 0 <= err.position <= len(query)
        assert "^" in str(err)
    else:
        # The canonical rendering parses again, to the same tree.
        assert str(compile_query(str(compiled))) == str(compiled)
