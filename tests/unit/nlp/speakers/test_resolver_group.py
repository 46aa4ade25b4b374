"""speakers.group and the group rules of speakers.description: mentions of several people."""
from __future__ import annotations

from speaker_helpers import resolved


def test_a_bare_percentage_is_the_people_counted_before() -> None:
    text = "Seventy percent of registered voters back the plan. Only 52 percent said it was fair."
    sp, _ = resolved(text, "Only 52 percent")
    assert (sp.name, sp.type) == ("registered voters", "group")


def test_a_quantified_plural_is_a_group_without_its_quantifier() -> None:
    sp, why = resolved("Most economists said the plan was unfair.", "Most economists")
    assert (sp.name, sp.type, why.resolver) == ("economists", "group", "group")


def test_they_after_a_plural_subject_is_that_group() -> None:
    sp, why = resolved("Teachers at Lincoln High met the board on Monday. They said the plan was unfair.", "They")
    assert (sp.name, sp.type, why.resolver) == ("Teachers", "group", "pronoun")
