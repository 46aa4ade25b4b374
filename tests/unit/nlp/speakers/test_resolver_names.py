"""speakers.persons and speakers.organization: names, surnames, honorifics, organisations."""
from __future__ import annotations

from speaker_helpers import resolved


def test_a_surname_takes_the_full_name_given_before() -> None:
    sp, why = resolved("Dr. Paul Wren arrived. Later Wren said the plan was unfair.", "Wren")
    assert (sp.name, why.resolver) == ("Paul Wren", "surname")


def test_a_full_name_is_resolved_by_name() -> None:
    sp, why = resolved("Paul Wren said the plan was unfair.", "Paul Wren")
    assert (sp.name, why.resolver) == ("Paul Wren", "name")


def test_an_honorific_and_surname_take_the_full_name_and_its_appositive_title() -> None:
    sp, why = resolved("Mary Hale, a lawyer in Denver, spoke first. Ms. Hale said the plan was unfair.", "Ms. Hale")
    assert (sp.name, sp.type, sp.title) == ("Mary Hale", "person", "lawyer in Denver")
    assert why.resolver == "honorific and surname"


def test_a_given_name_that_is_a_country_is_the_person() -> None:
    sp, _ = resolved("Jordan Pike spoke. Jordan said the budget was sound.", "Jordan")
    assert (sp.name, sp.type) == ("Jordan Pike", "person")


def test_an_age_and_a_hometown_after_the_name_stay_out_of_it() -> None:
    assert resolved("Nora Pike, 44, of Tulsa said she would vote.", "Nora Pike, 44, of Tulsa")[0].name == "Nora Pike"


def test_an_unlisted_organisation_keeps_its_whole_name() -> None:
    sp, _ = resolved("The Harbor Transit Authority said fares would rise.", "The Harbor Transit Authority")
    assert (sp.name, sp.type) == ("Harbor Transit Authority", "organization")


def test_a_capital_speaks_for_its_country() -> None:
    sp, _ = resolved("Moscow said the sanctions were illegal.", "Moscow")
    assert (sp.type, sp.country) == ("organization", "Russia")
