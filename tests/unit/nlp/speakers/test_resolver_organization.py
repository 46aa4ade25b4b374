"""speakers.organization: organisations, acronyms, seats and capitals that speak for a government."""
from __future__ import annotations

from speaker_helpers import resolved


def test_an_acronym_is_the_organisation_spelled_out_before() -> None:
    text = "The Harbor Transit Authority (HTA) raised fares. HTA said fares would rise again."
    assert resolved(text, "HTA")[0].name == "Harbor Transit Authority"


def test_the_administration_takes_the_name_given_before() -> None:
    text = "The Obama administration met on Monday. The administration said talks would resume."
    sp, why = resolved(text, "The administration")
    assert (sp.name, sp.type, why.resolver) == ("Obama administration", "organization", "organization or metonym")


def test_the_ministry_takes_the_ministry_named_before() -> None:
    text = "Ukraine's Foreign Ministry issued a note. The ministry said talks would resume."
    assert resolved(text, "The ministry")[0].name == "Ukraine's Foreign Ministry"


def test_a_seat_and_a_capital_speak_for_their_country() -> None:
    assert resolved("The Pentagon said the strike was lawful.", "The Pentagon")[0].country == "United States"
    assert resolved("Beijing said the strike was unlawful.", "Beijing")[0].country == "China"
