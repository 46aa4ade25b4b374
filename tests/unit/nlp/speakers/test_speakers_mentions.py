"""speakers.mentions: where the name is in a capitalised chunk, what it names, and photo credits."""
from __future__ import annotations

import pytest

from streams.nlp.speakers.mentions import _credit, _decompose, _singular_role, slug


@pytest.mark.parametrize(("chunk", "kind", "name"), [
    ("US Defense Secretary Lloyd Austin", "person", "Lloyd Austin"),  # role words before the name
    ("Mr. Hale", "person", "Hale"),  # an honorific is no part of the name
    ("Ms", "role", "Ms"),  # a lone honorific names no one
    ("The White House", "seat", "White House"),
    ("Bloomberg New Energy Finance", "org", "Bloomberg New Energy Finance"),  # not a person "Energy Finance"
    ("Defense Secretary", "role", "Defense Secretary"),
])
def test_decompose_finds_the_name_and_its_kind(chunk: str, kind: str, name: str) -> None:
    parts = _decompose(chunk)
    assert parts is not None
    assert (parts.kind, parts.name, chunk[parts.name_off:parts.name_end]) == (kind, name, name)


def test_decompose_keeps_a_possessor_apart_from_the_name() -> None:
    parts = _decompose("NBC’s Dante Chinni")
    assert parts is not None
    assert (parts.kind, parts.name, parts.poss) == ("person", "Dante Chinni", (0, 3, "NBC"))


def test_a_name_and_an_agency_joined_by_a_slash_are_a_photo_credit() -> None:
    text = "Photo by Ann Lee/Reuters"
    assert _credit(text, text.index("Ann"), text.index("/"))


def test_two_names_joined_by_a_slash_are_no_credit() -> None:
    text = "Ann Lee/Ben Cho said"
    assert not _credit(text, 0, text.index("/"))


def test_a_plural_honorific_before_names_is_singular_for_each() -> None:
    assert _singular_role("Idaho Republican Sens. ") == "Idaho Republican Sen. "
    assert _singular_role("Democratic senators") == "Democratic senator"


def test_slug_is_ascii() -> None:
    assert slug("Miroslav Jenča") == "miroslav-jenca"
