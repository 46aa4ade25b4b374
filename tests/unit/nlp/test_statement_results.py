"""The grammar's intermediate results are typed: a sentence that only introduces a quoted paragraph
(``quote_follows``) and a verb that shares a coordinated subject (``SubjectGap.COORDINATED``), on
invented sentences."""
from __future__ import annotations

import pytest
from statement_helpers import content, cue, run, speaker


@pytest.mark.parametrize(
    "intro, who, verb",
    [
        ("Reyes continued:", "Reyes", "continued"),
        ("She told the crowd, to loud applause:", "She", "told"),
    ],
)
def test_a_sentence_that_introduces_a_quoted_paragraph_gives_it_its_speaker(intro: str, who: str, verb: str) -> None:
    quote = "\u201cThe harbour will open in May, and the ferries will run again.\u201d"
    text, found = run(f"\nThe mayor spoke on Monday. {intro}\n\n{quote}\n")  # paragraphs apart
    attached = [s for s in found if content(text, s) == [quote]]
    assert len(attached) == 1, [content(text, s) for s in found]
    st = attached[0]
    assert (speaker(text, st), cue(text, st)) == (who, verb)
    assert all(0 < s.confidence <= 1 for s in found)  # no frame's marker leaks out as a confidence


def test_a_coordinated_cue_takes_the_subject_of_the_verb_before_it() -> None:
    text, found = run("Lena Ortiz smiled and said the harbour would open in May.")
    assert len(found) == 1
    assert speaker(text, found[0]) == "Lena Ortiz"
    assert content(text, found[0]) == ["the harbour would open in May"]
