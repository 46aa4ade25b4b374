"""speakers.description and speakers.fitting: a role description stands for the person it fits."""
from __future__ import annotations

from speaker_helpers import resolved


def test_a_state_and_a_role_noun_are_the_person_with_that_office_there() -> None:
    text = "Sen. Harold Quist of Vermont spoke on Monday. The Vermont senator said the plan was unfair."
    sp, why = resolved(text, "The Vermont senator")
    assert (sp.name, sp.country) == ("Harold Quist", "United States")
    assert why.resolver == "description, fitted to a named person"


def test_a_description_beside_no_name_is_an_unnamed_source_with_its_title() -> None:
    sp, _ = resolved("A spokesman for the ministry said talks would resume.", "A spokesman for the ministry")
    assert (sp.name, sp.type, sp.title) == (None, "anonymous", "spokesman for the ministry")
