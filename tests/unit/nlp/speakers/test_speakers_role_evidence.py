"""speakers.role_evidence: whether a description's role fits a stated one, countries from words, and the
table of the roles read around names."""
from __future__ import annotations

import pytest

from streams.nlp import roles as R
from streams.nlp.model import Span, Statement
from streams.nlp.speakers import index, persons, role_evidence
from streams.nlp.speakers.article import _Article
from streams.nlp.speakers.entities import _Entity
from streams.nlp.speakers.role_evidence import _head_fits, _org_country, _votes_of


def role(phrase: str) -> R.Role:
    r = R.parse_role(phrase, quality=1)
    assert r is not None
    return r


def test_a_role_noun_fits_its_honorific() -> None:
    assert _head_fits(role("the congressman"), role("Rep."))


def test_a_compound_role_fits_its_last_word() -> None:
    assert _head_fits(role("the defense secretary"), role("secretary"))


def test_a_role_of_one_party_does_not_fit_the_other_partys() -> None:
    assert not _head_fits(role("the Republican senator"), role("Democratic Sen."))


def test_a_state_and_a_party_vote_for_their_country() -> None:
    assert [c for c, _ in _votes_of("Ohio Republican")] == ["United States", "United States"]


def test_an_organisations_country_comes_from_its_words() -> None:
    assert _org_country("US Defense Department") == "United States"
    assert _org_country("Harwick Steel") is None


TEXT = ("Mara Kell, the state treasurer, spoke on Tuesday. Kell said the fund was solvent. "
        "Ivo Dant, a council member, said he agreed. Pia Rook, a teacher, watched the vote. "
        "Dant said the vote would come soon. Kell added that rates would hold.")


def _statement(text: str, word: str, nth: int) -> Statement:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Statement("indirect", (Span(0, 1),), None, Span(start, start + len(word)), 0, 1.0)


def _spans(text: str, *names: tuple[str, int]) -> list[tuple[int, int]]:
    out = []
    for name, nth in names:
        start = -1
        for _ in range(nth + 1):
            start = text.index(name, start + 1)
        out.append((start, start + len(name)))
    return out


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The name spans role_evidence reads roles at, in the order it reads them."""
    calls: list[tuple[int, int]] = []
    read = role_evidence._read_roles_at

    def counting(art: _Article, ns: int, ne: int) -> list[tuple[int, R.Role]]:
        calls.append((ns, ne))
        return read(art, ns, ne)

    monkeypatch.setattr(role_evidence, "_read_roles_at", counting)
    return calls


def _person(art: _Article, word: str) -> _Entity:
    e = index.ent(art, index.occurrences(art, word)[0])
    assert e is not None and e.kind == "person"
    return e


def test_the_speakers_names_are_read_in_one_pass_when_a_role_is_first_asked_for(
        reads: list[tuple[int, int]]) -> None:
    art = _Article(TEXT)
    art.resolve_all([_statement(TEXT, "Kell", 1), _statement(TEXT, "Ivo Dant", 0), _statement(TEXT, "Dant", 1)])
    assert reads == []
    kell, dant, rook = (_person(art, w) for w in ("Kell", "Dant", "Rook"))
    assert role_evidence.roles(art, kell)[0][1].head == "treasurer"
    # every name of both speakers, in text order; not the bystander's
    assert reads == _spans(TEXT, ("Mara Kell", 0), ("Kell", 1), ("Ivo Dant", 0), ("Dant", 1), ("Kell", 2))
    assert role_evidence.roles(art, dant)[0][1].head == "member"
    assert len(reads) == 5  # already in the table
    assert role_evidence.roles(art, rook)[0][1].head == "teacher"
    assert reads[5:] == _spans(TEXT, ("Pia Rook", 0))  # no speaker's name: read when gathered
    for e in (kell, dant, rook):
        role_evidence.roles(art, e)
        role_evidence._name_roles(art, e)
    assert len(reads) == len(set(reads)) == 6  # each name read once


READ = role_evidence._read_roles_at  # the reader itself, whatever a test counts


def _fresh_read(art: _Article, e: _Entity) -> list[tuple[int, R.Role]]:
    """The roles at the names of ``e`` that count (its full names, its first eight lone ones),
    read again at each without the table."""
    fresh = _Article(art.text)
    spans = persons.person_occ(art, e)
    lone = [sp for sp in spans if sp[1] - sp[0] <= len(e.tokens[-1]) + 1]
    counted = [sp for sp in spans if sp not in lone[8:]]
    return [r for ns, ne in counted for r in READ(fresh, ns, ne)]


def test_the_roles_gathered_from_the_table_equal_a_fresh_read() -> None:
    art = _Article(TEXT)
    art.resolve_all([_statement(TEXT, "Kell", 1), _statement(TEXT, "Dant", 1)])
    for word in ("Kell", "Dant", "Rook"):
        e = _person(art, word)
        read = _fresh_read(art, e)
        assert read and role_evidence.roles(art, e) == read


LONG = "Ada Vorn, the harbour master, opened the dock. " + " ".join(
    f"Vorn said item {k} was ready." for k in range(12))


def test_a_speakers_lone_names_past_the_eighth_are_not_read(reads: list[tuple[int, int]]) -> None:
    art = _Article(LONG)
    art.resolve_all([_statement(LONG, "Vorn", 1)])
    vorn = _person(art, "Vorn")
    assert role_evidence.roles(art, vorn) == _fresh_read(art, vorn)
    assert len(reads) == len(set(reads)) == 1 + 8  # the full name and the first eight lone ones
    assert reads == _spans(LONG, ("Ada Vorn", 0), *(("Vorn", k) for k in range(1, 9)))
