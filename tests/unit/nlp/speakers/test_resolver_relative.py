"""speakers.relative: "..., who said" takes the mention the relative clause follows."""
from __future__ import annotations

from speaker_helpers import resolved


def test_who_after_a_subject_is_the_subject() -> None:
    sp, why = resolved("Tom Reyes, who chairs the finance committee, said the budget was sound.", "who")
    assert (sp.name, why.resolver) == ("Tom Reyes", "relative pronoun")


def test_who_after_an_object_is_the_object() -> None:
    assert resolved("Tom Reyes praised Lena Ortiz, who said the budget was sound.", "who")[0].name == "Lena Ortiz"


def test_who_reaches_over_an_appositive_to_the_name() -> None:
    sp, _ = resolved("Rep. Ana Vos, a Democrat from Ohio, who chairs the panel, said the budget was sound.", "who")
    assert (sp.name, sp.country) == ("Ana Vos", "United States")
