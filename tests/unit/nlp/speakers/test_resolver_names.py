"""speakers.persons and speakers.organization: names, surnames, honorifics, organisations."""
from __future__ import annotations

import pytest
from speaker_helpers import resolved


def test_a_surname_takes_the_full_name_given_before() -> None:
    sp, why = resolved("Dr. Paul Wren arrived. Later Wren said the plan was unfair.", "Wren", nth=1)
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


def test_a_name_with_two_particles_is_one_name_and_its_surname_finds_it() -> None:
    """ "Rodrigo de la Cruz": one name chunk (particles read from cues.NAME_PARTICLES, as extraction reads
    them), not "Cruz" alone; the later "Cruz" is the same person."""
    text = "Rodrigo de la Cruz met the unions. Later Cruz said the plan was unfair."
    sp, why = resolved(text, "Cruz", nth=1)
    assert (sp.name, why.resolver) == ("Rodrigo de la Cruz", "surname")
    sp, _ = resolved("Ursula von der Leyen, the commission president, said the plan was unfair.",
                     "Ursula von der Leyen, the commission president")
    assert (sp.name, sp.title) == ("Ursula von der Leyen", "commission president")


@pytest.mark.parametrize(("full", "later"), [("Greta van der Molen", "Van der Molen"), ("Marine Le Pen", "Le Pen"),
                                              ("Rodrigo de la Vega", "De la Vega")])
def test_a_surname_opening_with_its_particle_is_the_person_named_in_full(full: str, later: str) -> None:
    """ "Van der Molen said" at a sentence's start, after "Greta van der Molen": the same person, not a new
    one named "Van der Molen"."""
    sp, _ = resolved(f"{full} met the unions on Monday. {later} said the plan was unfair.", later)
    assert sp.name == full


def test_a_name_opening_with_a_particle_word_and_no_one_named_in_full_stays_itself() -> None:
    sp, _ = resolved("Al Gore met the unions on Monday. Gore said the plan was unfair.", "Al Gore")
    assert sp.name == "Al Gore"
