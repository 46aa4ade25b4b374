"""speakers.pronoun: a pronoun takes the nearest fitting antecedent outside quotations."""
from __future__ import annotations

from speaker_helpers import resolved


def test_she_skips_a_nearer_man() -> None:
    sp, why = resolved("Lena Ortiz spoke after Tom Reyes on Monday. She said the budget was sound.", "She")
    assert (sp.name, why.resolver) == ("Lena Ortiz", "pronoun")


def test_he_skips_a_man_named_only_inside_a_quotation() -> None:
    text = ("Tom Reyes spoke on Monday. \"We asked Paul Wren and he agreed,\" Reyes said. "
            "He said the budget was sound.")
    assert resolved(text, "He")[0].name == "Tom Reyes"


def test_a_pronoun_in_a_parenthetical_frame_takes_the_subject_before() -> None:
    assert resolved("Tom Reyes spoke on Monday. The budget, he said, was sound.", "he")[0].name == "Tom Reyes"


def test_a_pronoun_keeps_the_title_given_with_the_name() -> None:
    sp, _ = resolved("Mayor Lena Ortiz met Tom Reyes on Monday. She said the budget was sound.", "She")
    assert (sp.name, sp.title) == ("Lena Ortiz", "Mayor")
