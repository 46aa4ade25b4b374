"""speakers.document: sentences and quotations as resolution reads them."""
from __future__ import annotations

from streams.nlp.speakers import document
from streams.nlp.speakers.article import _Article

TEXT = "Mr. Ortiz arrived. He spoke at noon. Then \"we left,\" he said.\nNew line here."


def test_an_honorific_does_not_end_the_sentence() -> None:
    art = _Article(TEXT)
    assert document.sentence(art, TEXT.index("Ortiz")) == (0, TEXT.index("He "))


def test_a_sentence_ends_at_its_line() -> None:
    art = _Article(TEXT)
    s, e = document.sentence(art, TEXT.index("Then"))
    assert TEXT[s:e] == "Then \"we left,\" he said."
    assert document.prev_sentence(art, TEXT.index("New")) == s


def test_inside_a_quotation_and_out() -> None:
    art = _Article(TEXT)
    assert document.in_quote(art, TEXT.index("left"))
    assert not document.in_quote(art, TEXT.index("he said"))
    assert not document.in_quote(art, TEXT.index("spoke"))


def test_resolution_reads_the_layout_extraction_built() -> None:
    from streams.nlp.text import layout

    text = "Quiet Day.\n\n\"We are ready,\" Mara Quist said.\n"
    assert _Article(text).doc.lay is layout(text)


def test_a_quotation_running_over_paragraphs_is_one_quotation() -> None:
    text = ("Vote.\n\n\"We will stay,\" Reyes said. \"Dan Hale asked us to go.\n\n"
            "\"Hale was wrong,\" she said.\n")
    art = _Article(text)
    assert document.in_quote(art, text.index("Dan Hale"))
    assert document.in_quote(art, text.index("Hale was"))
    assert not document.in_quote(art, text.index("she said"))


def test_the_headline_is_a_sentence_of_its_own() -> None:
    text = "Hale Wins The Vote\n\nDan Hale won. He said so.\n"
    art = _Article(text)
    s, e = document.sentence(art, text.index("Wins"))
    assert text[s:e].strip() == "Hale Wins The Vote"
    assert art.body_start == text.index("Dan")
    assert document.prev_sentence(art, text.index("He said")) == text.index("Dan")
