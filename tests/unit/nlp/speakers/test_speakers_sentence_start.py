"""Whether a capitalised word opens a sentence (its capital may be the sentence's, not the word's
own), read from the layout extraction built: speakers.document.opens_sentence, and the common-word
test of speakers.index that asks it."""
from __future__ import annotations

from streams.nlp.speakers import document, index
from streams.nlp.speakers.article import _Article


def _kind(art: _Article, pos: int) -> str | None:
    """The kind the index decodes for the chunk starting at ``pos``."""
    i = document.chunks(art).index(pos)
    inf = index.info(art, i)
    return inf.kind if inf is not None else None


def _at(text: str, word: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(word, pos + 1)
    return pos


VS = "The suit Ortiz vs. Rich went to trial in May. Rich said the rich pay too little.\n"


def test_a_name_after_an_abbreviation_is_mid_sentence() -> None:
    art = _Article(VS)
    assert not document.opens_sentence(art, _at(VS, "Rich"))
    assert document.opens_sentence(art, _at(VS, "Rich", 1))
    text = "Voters in Ashford backed Gov. Stone again. Stone won.\n"
    assert not document.opens_sentence(_Article(text), _at(text, "Stone"))


def test_a_word_the_article_writes_in_lower_case_is_a_name_when_it_stands_after_vs() -> None:
    # "Rich" after "vs." is written with its own capital, so "Rich said" names a person,
    # though the article writes "rich" too
    art = _Article(VS)
    assert not index._common_word(art, _at(VS, "Rich", 1), "Rich")
    assert _kind(art, _at(VS, "Rich", 1)) == "person"


def test_a_sentence_opening_common_word_is_still_a_common_word() -> None:
    text = "Critics said the plan would fail. The mayor said critics were wrong.\n"
    assert index._common_word(_Article(text), 0, "Critics")
    text = "Turnout was low, the mayor said. Officials blamed the low turnout on rain.\n"
    assert _kind(_Article(text), 0) == "role"


def test_a_sentence_after_a_closing_quotation_mark_opens_with_a_common_word() -> None:
    text = "The mayor called it \u201ca fair result.\u201d Turnout was low, and officials blamed the turnout on rain.\n"
    art = _Article(text)
    assert document.opens_sentence(art, _at(text, "Turnout"))
    assert _kind(art, _at(text, "Turnout")) == "role"


def test_a_speaker_after_a_quoted_question_does_not_open_a_sentence() -> None:
    text = "\"Who won?\" Quist asked. Nobody knew.\n"
    art = _Article(text)
    assert not document.opens_sentence(art, _at(text, "Quist"))
    assert document.opens_sentence(art, _at(text, "Nobody"))


def test_a_word_after_an_opening_mark_opens_its_sentence() -> None:
    text = "Vote Day\n\nThe count ended. ''Turnout was low,'' Mara Quist said. Officials blamed the turnout.\n"
    art = _Article(text)
    assert document.opens_sentence(art, _at(text, "Turnout"))
    assert not document.opens_sentence(art, _at(text, "Mara"))


def test_a_colon_leads_a_sentence_for_this_question() -> None:
    # the layout reads one sentence across the colon; the word after it is still written as a
    # sentence's first word
    text = "Mara Quist gave one reason: Turnout was low. Officials blamed the turnout on rain.\n"
    art = _Article(text)
    assert document.opens_sentence(art, _at(text, "Turnout"))
    assert _kind(art, _at(text, "Turnout")) == "role"
    text = "Quist Explains The Loss: Turnout Was Low\n\nMara Quist lost. Officials blamed the turnout.\n"
    assert document.opens_sentence(_Article(text), _at(text, "Turnout"))


def test_a_sentence_inside_a_quotation_opens_with_a_common_word() -> None:
    # the layout never splits inside a quotation; its sentences are read by the same rules
    text = "\u201cWe lost. Turnout was low,\u201d Mara Quist said. Officials blamed the turnout on rain.\n"
    art = _Article(text)
    assert document.opens_sentence(art, _at(text, "Turnout"))
    assert _kind(art, _at(text, "Turnout")) == "role"
    text = "\u201cWe met Mr. Rich. Rich said the rich pay too little,\u201d Quist said.\n"
    art = _Article(text)
    assert not document.opens_sentence(art, _at(text, "Rich"))
    assert document.opens_sentence(art, _at(text, "Rich", 1))
