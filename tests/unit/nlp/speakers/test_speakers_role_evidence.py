"""speakers.role_evidence: whether a description's role fits a stated one, and countries from words."""
from __future__ import annotations

from streams.nlp import roles as R
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
