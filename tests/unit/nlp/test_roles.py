"""Reading roles: title, organization and country from the words around a name."""
from __future__ import annotations

import pytest

from streams.nlp import roles as R


@pytest.mark.parametrize("word,country", [
    ("US", "United States"), ("U.S.", "United States"), ("American", "United States"),
    ("Americans", "United States"), ("UK", "United Kingdom"), ("British", "United Kingdom"),
    ("South Korean", "South Korea"), ("DPRK", "North Korea"), ("Ukrainian", "Ukraine"),
    ("Russian", "Russia"), ("Emirati", "United Arab Emirates"),
])
def test_country_words_normalise_to_short_english_names(word: str, country: str) -> None:
    assert R.country_name(word) == country


def test_short_words_count_only_in_capitals() -> None:
    assert R.country_name("us") is None  # the pronoun
    assert R.organization("un") is None
    assert R.organization("UN").name == "United Nations"


def test_capitals_seats_and_regions() -> None:
    assert R.capital_country("Pyongyang") == "North Korea"
    assert R.capital_country("Kremlin") == "Russia"
    assert R.capital_country("White House") == "United States"
    assert R.region_country("Vermont") == "United States"
    assert R.region_country("S.C.") == "United States"
    assert R.region_country("Crimea") == "Ukraine"


def test_premodifier_role() -> None:
    r = R.parse_role("US Defense Secretary")
    assert (r.title, r.country, r.head) == ("Defense Secretary", "United States", "defense secretary")


def test_premodifier_is_found_before_a_name() -> None:
    text = "said Republican presidential candidate Mia Stone on Monday"
    start = text.index("Mia")
    _begin, phrase = R.premodifier(text, start)
    assert phrase.strip() == "Republican presidential candidate"
    assert R.premodifier("He told Mia", 8) is None


def test_honorific_abbreviation_reads_as_its_title() -> None:
    assert R.parse_role("Sen.").title == "Senator"
    assert R.parse_role("Rep.").title == "Representative"
    assert R.parse_role("Gov.").title == "Governor"


def test_appositive_role_with_organisation() -> None:
    r = R.parse_role("Assistant Secretary General of the UN for Europe")
    assert r.title == "Assistant Secretary General of the UN for Europe"
    assert r.organization == "United Nations"
    assert "assistant" in r.ranks


def test_envoy_to_an_organisation_does_not_belong_to_it() -> None:
    r = R.parse_role("the US envoy to the UN")
    assert (r.title, r.country, r.organization) == ("envoy to the UN", "United States", None)


def test_possessive_country_and_possessive_organisation() -> None:
    r = R.parse_role("North Korea's deputy foreign minister")
    assert (r.title, r.country) == ("deputy foreign minister", "North Korea")
    assert R.parse_role("NBC’s").organization == "NBC"


def test_place_after_of_gives_the_country() -> None:
    r = R.parse_role("the Republican attorney general of Oklahoma")
    assert r.country == "United States"
    assert "attorney general of Oklahoma" in r.title


def test_appositives_around_a_name() -> None:
    text = "the US envoy to the UN, Robert Wood, warned; Ana Lind, the Swedish trade minister, agreed."
    assert R.appositive_before(text, text.index("Robert"), text.index("Robert") + len("Robert Wood")) == \
        "the US envoy to the UN"
    assert R.appositive_after(text, text.index("Lind") + 4) == "the Swedish trade minister"
    # a clause is not an appositive
    clause = "Ana Lind, who has served for a decade, agreed."
    assert R.appositive_after(clause, clause.index("Lind") + 4) is None


def test_party_state_tag() -> None:
    text = "Sen. Lindsey Graham (R-S.C.) said"
    r = R.party_state(text, text.index(" ("))
    assert r is not None and r.country == "United States" and r.place == "S.C."


def test_not_a_role() -> None:
    assert R.parse_role("56") is None
    assert R.parse_role("the rules") is None


def test_relational_words_give_a_country_but_no_title() -> None:
    r = R.parse_role("his South Korean counterpart")
    assert r.title is None and r.country == "South Korea"
