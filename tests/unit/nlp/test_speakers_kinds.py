"""Kinds of speaker failure seen on unseen news, one invented construction per test (issue 15)."""
from __future__ import annotations

from streams.nlp import extract_statements, resolve_speakers
from streams.nlp.model import Span, Speaker, Statement
from streams.nlp.speakers import resolve


def one(text: str, mention: str, nth: int = 0) -> Speaker:
    """The resolved speaker of a statement whose mention is the ``nth`` occurrence of ``mention``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    st = Statement("indirect", (Span(0, 1),), None, Span(start, start + len(mention)), 0, 1.0)
    sp = resolve(text, [st])[0]
    assert sp is not None
    return sp


def speakers_of(text: str) -> dict[str, Speaker | None]:
    """Each statement's speaker by the words of its mention."""
    sts = extract_statements(text)
    return {text[st.speaker.start:st.speaker.end]: sp
            for st, sp in zip(sts, resolve_speakers(text, sts)) if st.speaker is not None}


def test_description_with_a_state_is_not_a_senator_from_another_state() -> None:
    text = ("Sen. Rand Ocampo, R-Ky., spoke in Ames on Monday. Mara Quill, who is second in the polls, "
            "visited Des Moines. Later the Florida senator told reporters he feels good.")
    sp = one(text, "the Florida senator")
    assert sp.name != "Rand Ocampo"
    assert sp.title == "Florida senator"


def test_comma_party_state_tag_gives_the_state() -> None:
    text = ("Sen. Jo Ernsting, R-Iowa, spoke in Ames. Sen. Tom Brill (R-Ky.) spoke too. "
            "The Iowa senator said the farm bill would pass.")
    assert one(text, "The Iowa senator").name == "Jo Ernsting"


def test_honorific_and_surname_with_an_affiliation_is_the_person() -> None:
    text = "\"It will not pay for itself,\" said Mr. Hale of the Budget Policy Center."
    sp = one(text, "Mr. Hale of the Budget Policy Center")
    assert (sp.name, sp.type) == ("Hale", "person")


def test_name_with_the_medium_it_spoke_in_is_the_person() -> None:
    text = "Jane Ortiz in a blog post said she would back the plan."
    sp = one(text, "Jane Ortiz in a blog post")
    assert (sp.name, sp.type) == ("Jane Ortiz", "person")


def test_document_by_a_named_author_is_the_author() -> None:
    text = "Rents will rise, according to calculations by Amy Reed of the Coastal Institute of Technology."
    sp = one(text, "calculations by Amy Reed of the Coastal Institute of Technology")
    assert (sp.name, sp.type) == ("Amy Reed", "person")


def test_organisation_name_with_common_words_is_not_cut_to_a_person() -> None:
    text = "Prices will fall, according to a recent report from Harwick New Energy Finance."
    sp = one(text, "a recent report from Harwick New Energy Finance")
    assert (sp.name, sp.type) == ("Harwick New Energy Finance", "organization")
