"""The dispatch of a speaker mention to its resolver (``dispatch.MENTION_RULES``, then ``name.NAME_RULES`` and the
description rules): each kind of mention is taken by the rule named for it, on invented sentences."""
from __future__ import annotations

import pytest
from speaker_helpers import resolved

from streams.nlp.model import Span, Statement
from streams.nlp.speakers import explain

TWO = "Port talks\n\nLena Ortiz met Tom Reyes on Monday. "


@pytest.mark.parametrize(("text", "mention", "rule", "name"), [
    (TWO + "Lena Ortiz said the harbour would open.", "Lena Ortiz", "name", "Lena Ortiz"),
    (TWO + "Ortiz and Reyes said the harbour would open.", "Ortiz and Reyes", "names coordinated",
     "Lena Ortiz and Tom Reyes"),
    (TWO + "The two mayors, Lena Ortiz and Tom Reyes, said the harbour would open.",
     "The two mayors, Lena Ortiz and Tom Reyes", "names listed in the mention", "Lena Ortiz and Tom Reyes"),
    (TWO + "The two mayors, Lena Ortiz and Tom Reyes, said the harbour would open.",
     "The two mayors", "names listed after the mention", "Lena Ortiz and Tom Reyes"),
    (TWO + "Reyes left early. Ortiz stayed, and she said the harbour would open.", "she", "pronoun", "Lena Ortiz"),
    (TWO + "It was Reyes who said the harbour would open.", "who", "relative pronoun", "Tom Reyes"),
])
def test_each_kind_of_mention_is_taken_by_its_rule(text: str, mention: str, rule: str, name: str) -> None:
    sp, why = resolved(text, mention)
    assert why.resolver == rule
    assert sp.name == name


def test_one_role_phrase_with_and_is_no_coordination_of_names() -> None:
    """ "the mayor and harbour chief" is one person's role: the names rule passes it on to the descriptions."""
    text = TWO + "Lena Ortiz is the mayor and harbour chief. The mayor and harbour chief said the port would open."
    sp, why = resolved(text, "The mayor and harbour chief")
    assert not why.resolver.startswith("names")
    assert sp.type != "group"


def test_a_photo_credit_is_taken_by_its_rule_and_names_no_speaker() -> None:
    text = "Port talks\n\nThe harbour will open, officials said. Photo: Jane Roe/Reuters"
    start = text.index("Jane Roe")
    st = Statement("indirect", (Span(0, 1),), None, Span(start, start + len("Jane Roe")), 0, 1.0)
    why = explain(text, [st])[0]
    assert why.resolver == "photo credit" and why.speaker is None


@pytest.mark.parametrize(("mention", "name", "title", "country"), [
    ("Senator Tom Hale of Ohio and Senator Ana Lucas of Iowa", "Tom Hale and Ana Lucas", "Senators", "United States"),
    ("Senators Tom Hale and Ana Lucas", "Tom Hale and Ana Lucas", "Senators", None),
    ("Tom Hale (D-Ohio) and Ana Lucas (D-Iowa)", "Tom Hale and Ana Lucas", None, "United States"),
    ("Mr. Reyes and Ms. Ortiz", "Tom Reyes and Lena Ortiz", None, None),
])
def test_titled_names_coordinated_are_the_two_names_with_the_title_they_share(
        mention: str, name: str, title: str | None, country: str | None) -> None:
    """The group is named by the two names, without the titles, places and party tags around them."""
    sp, why = resolved(f"{TWO}{mention} said the harbour would open.", mention)
    assert (sp.name, sp.type, sp.title, sp.country) == (name, "group", title, country)
    assert why.resolver == "titled names coordinated"


def test_a_document_by_two_named_people_is_no_coordination_of_titled_names() -> None:
    mention = "a study by economists Tom Hale and Ana Lucas"
    _, why = resolved(f"{TWO}{mention} found the harbour would open.", mention)
    assert why.resolver != "titled names coordinated"


@pytest.mark.parametrize(("text", "mention", "nth", "rule", "name"), [
    (TWO + "Ortiz said the harbour would open.", "Ortiz", 1, "surname", "Lena Ortiz"),
    ("Port talks\n\nAlexander Wise met the unions. Later Xander said the harbour would open.", "Xander", 0,
     "short form of a full name", "Alexander Wise"),
    ("Port talks\n\nBill Hale met the unions. Later Mrs. Hale said the harbour would open.", "Mrs. Hale", 0,
     "honorific of another gender than the one named in full", "Hale"),
    ("Port talks\n\nThe Lopez Group met the unions. Later Lopez said the harbour would open.", "Lopez", 1,
     "the organization the word opens", "Lopez Group"),
    ("Port talks\n\nThe unions met on Monday. Later Quist said the harbour would open.", "Quist", 0,
     "name alone (nobody named in full with it)", "Quist"),
    ("Port talks\n\nAna Lucas met the unions. Later Ms. Lucas said the harbour would open.", "Ms. Lucas", 0,
     "honorific and surname", "Ana Lucas"),
])
def test_explain_names_the_rule_that_linked_a_lone_name(text: str, mention: str, nth: int, rule: str,
                                                      name: str) -> None:
    """The rule of persons._person that linked the name is recorded when it links it, and --explain prints it."""
    sp, why = resolved(text, mention, nth)
    assert (why.resolver, sp.name) == (rule, name)
