"""speakers.things: documents and remarks, named after who sent or said them."""
from __future__ import annotations

from speaker_helpers import resolved

from streams.nlp.speakers import things
from streams.nlp.speakers.article import _Article


def test_a_document_is_named_after_its_sender() -> None:
    text = "The Cruz campaign sent an email on Monday. The email said donors should give."
    assert resolved(text, "The email")[0].name == "Cruz campaign email"


def test_possessed_remarks_are_named_after_the_person() -> None:
    text = "Ted Cruz spoke in Iowa on Monday. His remarks said donors should give."
    assert resolved(text, "His remarks")[0].name == "Ted Cruz's remarks"


def test_a_phrase_after_a_capitalised_word_of_its_chunk_is_cut_from_a_longer_name() -> None:
    art = _Article("In Port Harbor voters came. They thanked Lee. Harbor voters cheered. The Harbor voters left.")
    assert things._cut_from_name(art, "Harbor voters")  # "Port Harbor voters"
    art = _Article("They thanked Lee. Harbor voters cheered. The Harbor voters left, as Sen. Ames voters did.")
    assert not things._cut_from_name(art, "Harbor voters")  # after a sentence's end, after "The"
    assert things._cut_from_name(art, "Ames voters")  # "Sen." is an abbreviation
