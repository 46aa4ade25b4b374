"""speakers.document: sentences and quotations as resolution reads them."""
from __future__ import annotations

from streams.nlp.speakers.article import _Article

TEXT = "Mr. Ortiz arrived. He spoke at noon. Then \"we left,\" he said.\nNew line here."


def test_an_honorific_does_not_end_the_sentence() -> None:
    art = _Article(TEXT)
    assert art.sentence(TEXT.index("Ortiz")) == (0, TEXT.index("He "))


def test_a_sentence_ends_at_its_line() -> None:
    art = _Article(TEXT)
    s, e = art.sentence(TEXT.index("Then"))
    assert TEXT[s:e] == "Then \"we left,\" he said."
    assert art.prev_sentence(TEXT.index("New")) == s


def test_inside_a_quotation_and_out() -> None:
    art = _Article(TEXT)
    assert art.in_quote(TEXT.index("left"))
    assert not art.in_quote(TEXT.index("he said"))
    assert not art.in_quote(TEXT.index("spoke"))
