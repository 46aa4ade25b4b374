"""speakers.things: documents and remarks, named after who sent or said them."""
from __future__ import annotations

from speaker_helpers import resolved


def test_a_document_is_named_after_its_sender() -> None:
    text = "The Cruz campaign sent an email on Monday. The email said donors should give."
    assert resolved(text, "The email")[0].name == "Cruz campaign email"


def test_possessed_remarks_are_named_after_the_person() -> None:
    text = "Ted Cruz spoke in Iowa on Monday. His remarks said donors should give."
    assert resolved(text, "His remarks")[0].name == "Ted Cruz's remarks"
