"""text.layout keeps the last article's layout: extraction then resolution read one document model."""
from __future__ import annotations

import pytest

from streams.nlp.text import dateline_end, layout

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


def test_extraction_then_resolution_build_the_layout_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Resolution reads the document model extraction built: one layout per article, not two."""
    from streams.nlp import extract_statements, resolve_speakers
    from streams.nlp import text as text_module

    built = []
    real = text_module._build_layout

    def counting(text: str) -> text_module.Layout:
        built.append(text)
        return real(text)

    monkeypatch.setattr(text_module, "_build_layout", counting)
    article = ("Harbour Vote.\n\nLena Ortiz, the mayor, said the harbour would open in May. "
               "\"We are ready,\" she said.\n")
    statements = extract_statements(article)
    speakers = resolve_speakers(article, statements)
    assert [s.name for s in speakers if s] == ["Lena Ortiz", "Lena Ortiz"]
    assert built == [article]


@pytest.mark.parametrize(
    "para, after",
    [
        ("PORTVILLE (Wirepress) — Officials met.", "Officials met."),
        ("PORTVILLE, Mar. 3 (Wirepress) — Officials met.", "Officials met."),
        ("ST. PORTVILLE, N.H. - Officials met.", "Officials met."),
        ("PORTVILLE (Wirepress) Officials met.", "Officials met."),
        ("(Newsdesk) Officials met.", "Officials met."),
        ("U.S. - China talks went well.", "U.S. - China talks went well."),  # an abbreviation, no place
        ("NATO officials met.", "NATO officials met."),  # capitals then a word: no dateline
    ],
)
def test_a_dateline_opens_no_sentence(para: str, after: str) -> None:
    text = f"Headline\n\n{para}\n\nMore here."
    lay = layout(text)
    first = lay.sentences[0]
    assert text[first.start:first.end] == after
    assert dateline_end(text, lay.paragraphs[0][0], lay.paragraphs[0][1]) == text.index(after)
