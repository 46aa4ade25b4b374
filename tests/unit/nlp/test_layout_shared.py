"""text.layout keeps the last article's layout: extraction then resolution read one document model."""
from __future__ import annotations

from streams.nlp.text import layout

TEXT = "Quiet Day.\n\n\"We are ready,\" Mara Quist said. Then she left.\n"


def test_the_same_text_gets_the_same_layout_built_once() -> None:
    first = layout(TEXT)
    assert layout(TEXT) is first
    assert layout("".join(list(TEXT))) is first  # an equal text, not the same object


def test_another_text_gets_its_own_layout() -> None:
    first = layout(TEXT)
    other = layout(TEXT + "More words here.\n")
    assert other is not first
    assert other.text.endswith("More words here.\n")
    assert [(s.start, s.end) for s in layout(TEXT).sentences] == [(s.start, s.end) for s in first.sentences]
