"""The statement grammar, one construction at a time, on short invented sentences.

Each test states what a reader of the statement stream would notice: the content
that is reported, who is named as its speaker, the cue, and the kind.
"""
from __future__ import annotations

import pytest
from statement_helpers import content, cue, only, run, speaker

from streams.nlp import extract_statements

# --- direct quotations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, quote, who",
    [
        ('"We are ready to talk," the mayor said.', '"We are ready to talk,"', "the mayor"),
        ("“We are ready to talk,” said Maria Lopez.", "“We are ready to talk,”", "Maria Lopez"),
        ('Lopez said: "We are ready to talk about the budget."', '"We are ready to talk about the budget."', "Lopez"),
        ('Lopez told reporters, "The budget is balanced."', '"The budget is balanced."', "Lopez"),
        ("''The budget is balanced,'' Mr. Lopez said.", "''The budget is balanced,''", "Mr. Lopez"),
    ],
)
def test_direct_quotation_with_its_frame(body: str, quote: str, who: str) -> None:
    text, st = only(body)
    assert st.kind == "direct"
    assert content(text, st) == [quote]
    assert speaker(text, st) == who


def test_quotation_split_around_its_cue_is_one_statement() -> None:
    text, st = only('"We are ready," she said. "We will act."')
    assert st.kind == "direct"
    assert content(text, st) == ['"We are ready,"', '"We will act."']
    assert speaker(text, st) == "she"
    assert cue(text, st) == "said"


def test_quotation_resumed_after_the_frame_in_the_same_sentence() -> None:
    text, st = only('"The plan is sound," the minister said, "and it is funded."')
    assert content(text, st) == ['"The plan is sound,"', '"and it is funded."']


def test_quotation_continues_over_paragraphs() -> None:
    body = (
        '"The first part of the plan is ready.\n'
        '"The second part follows next year," the governor said.'
    )
    text, st = only(body)
    assert st.kind == "direct"
    (c,) = content(text, st)
    assert c.startswith('"The first part') and c.endswith('next year,"')
    assert speaker(text, st) == "the governor"


def test_colon_introduces_a_quoted_paragraph() -> None:
    text, st = only('The senator continued:\n"We cannot wait another year for this bridge."')
    assert content(text, st) == ['"We cannot wait another year for this bridge."']
    assert speaker(text, st) == "The senator"


def test_question_quote_keeps_its_capitalised_speaker() -> None:
    text, st = only('"Who pays for it?" Lopez asked.')
    assert content(text, st) == ['"Who pays for it?"']
    assert speaker(text, st) == "Lopez"


def test_next_paragraph_quote_continues_the_statement() -> None:
    text, st = only('"We will fix the roads," Lopez said.\n"Then we will fix the schools."')
    assert content(text, st) == ['"We will fix the roads,"', '"Then we will fix the schools."']


def test_dash_signature() -> None:
    text, st = only("“The new park changed our street for the better.” ― Ana Ruiz")
    assert st.kind == "direct"
    assert speaker(text, st) == "Ana Ruiz"


def test_transcript_line() -> None:
    text, st = only("HOLDEN: Well, we never agreed to that schedule in the first place.")
    assert speaker(text, st) == "HOLDEN"
    assert content(text, st) == ["Well, we never agreed to that schedule in the first place."]


# --- mixed ---------------------------------------------------------------------------------------


def test_mixed_statement_keeps_the_reported_clause_around_the_quote() -> None:
    text, st = only('Lopez warned that if the vote fails, the city would "pay for it for decades".')
    assert st.kind == "mixed"
    assert content(text, st) == ['if the vote fails, the city would "pay for it for decades"']
    assert speaker(text, st) == "Lopez"
    assert cue(text, st) == "warned"


def test_quote_closing_a_reported_clause_is_mixed() -> None:
    text, st = only('The bridge would be "safe for another fifty years," the engineer added.')
    assert st.kind == "mixed"
    assert content(text, st) == ['The bridge would be "safe for another fifty years,"']
    assert speaker(text, st) == "the engineer"


# --- indirect ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, reported, who, verb",
    [
        ("The mayor said the budget was balanced.", "the budget was balanced", "The mayor", "said"),
        ("The mayor said on Monday that the budget was balanced.", "the budget was balanced", "The mayor", "said"),
        ("Lopez claimed that the audit was incomplete.", "the audit was incomplete", "Lopez", "claimed"),
        ("Lopez insisted the audit was incomplete.", "the audit was incomplete", "Lopez", "insisted"),
        ("Lopez denied taking any money from the fund.", "taking any money from the fund", "Lopez", "denied"),
        ("Lopez pointed out that the audit was incomplete.", "the audit was incomplete", "Lopez", "pointed out"),
        ("The union called on the council to reopen talks.", "the council to reopen talks", "The union", "called on"),
        ("The union called for a new vote.", "a new vote", "The union", "called for"),
        ("The union announced that the strike would end.", "the strike would end", "The union", "announced"),
        ("Lopez vowed to rebuild the pier.", "to rebuild the pier", "Lopez", "vowed"),
        ("Lopez is demanding that the council resign.", "the council resign", "Lopez", "demanding"),
    ],
)
def test_reported_speech_after_its_cue(body: str, reported: str, who: str, verb: str) -> None:
    text, st = only(body)
    assert st.kind == "indirect"
    assert content(text, st) == [reported]
    assert speaker(text, st) == who
    assert cue(text, st) == verb


def test_told_skips_the_addressee() -> None:
    text, st = only("A city official told The Daily Ledger that the pier would close.")
    assert content(text, st) == ["the pier would close"]
    assert speaker(text, st) == "A city official"
    assert cue(text, st) == "told"


def test_content_before_the_cue() -> None:
    text, st = only("That is because the pier needs repairs, she said.")
    assert content(text, st) == ["That is because the pier needs repairs"]
    assert speaker(text, st) == "she"


def test_cue_inside_the_content() -> None:
    text, st = only("The museum, Lopez said, would open in May.")
    assert content(text, st) == ["The museum", "would open in May"]
    assert speaker(text, st) == "Lopez"


def test_participle_cue_takes_the_main_subject() -> None:
    text, found = run("Speaking at the harbour, Lopez made a promise, saying that the pier would reopen.")
    (st,) = [s for s in found if cue(text, s) == "saying"]
    assert content(text, st) == ["the pier would reopen"]
    assert speaker(text, st) == "Lopez"


def test_participle_after_a_statement_keeps_its_speaker() -> None:
    text, found = run("The mayor said taxes would rise, adding that fees would fall.")
    assert [content(text, s) for s in found] == [["taxes would rise"], ["fees would fall"]]
    assert {speaker(text, s) for s in found} == {"The mayor"}


@pytest.mark.parametrize(
    "body, reported, source",
    [
        ("According to the audit, the fund lost money.", "the fund lost money", "the audit"),
        ("The fund lost money, according to Rep. Ana Ruiz.", "The fund lost money", "Rep. Ana Ruiz"),
    ],
)
def test_according_to(body: str, reported: str, source: str) -> None:
    text, st = only(body)
    assert content(text, st) == [reported]
    assert speaker(text, st) == source
    assert cue(text, st).lower() == "according to"


def test_possessive_speech_noun() -> None:
    text, found = run("Despite his claim that the pier was safe, inspectors closed it.")
    (st,) = [s for s in found if cue(text, s) == "claim"]
    assert content(text, st) == ["the pier was safe"]
    assert speaker(text, st) == "his"


def test_later_frame_ends_the_earlier_content() -> None:
    text, found = run("The council approved the plan, but the mayor said it would return.")
    (st,) = found
    assert content(text, st) == ["it would return"]
    (text, found) = run("Lopez denied the report, but the deputy mayor said it was accurate.")
    assert [content(text, s) for s in found] == [["the report"], ["it was accurate"]]


# --- speakers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, who",
    [
        ("Port Authority chief executive Dana Reyes said the port would expand.", "Port Authority chief executive Dana Reyes"),
        ("The envoy to the summit, Dana Reyes, warned that talks could fail.", "The envoy to the summit, Dana Reyes"),
        ("Dana Reyes, director of the port authority, said the port would expand.", "Dana Reyes, director of the port authority"),
        ("Reyes, 54, a former pilot, said the port would expand.", "Reyes, 54, a former pilot"),
        ("Reyes, speaking through an interpreter, said the port would expand.", "Reyes"),
        ("Lisbon claims that the port would expand.", "Lisbon"),
        ("A harbour official told reporters the port would expand.", "A harbour official"),
        ("The Ruritanian government said the port would expand.", "The Ruritanian government"),
        ("Ruritania's deputy trade minister said the port would expand.", "Ruritania's deputy trade minister"),
        ("Two officials who spoke on condition of anonymity said the port would expand.", "Two officials"),
        ("Most residents say the port should expand.", "Most residents"),
        ("The port, however, said it would expand.", "The port"),
    ],
)
def test_speaker_mentions(body: str, who: str) -> None:
    text, st = only(body)
    assert speaker(text, st) == who


def test_statement_without_a_speaker_is_still_emitted() -> None:
    text, found = run('"Nobody will be left behind," read a banner over the stage.')
    assert found and found[0].kind == "direct"
    text, found = run('"Nobody will be left behind."\n"We mean it," the organisers said.')
    assert any(speaker(text, s) == "the organisers" for s in found)


# --- not statements --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        'The so-called "grand bargain" collapsed last year.',  # scare quote
        'She starred in "The Long Road Home" in 2004.',  # title of a work
        'The bridge, known locally as "the Old Lady," opened in 1901.',  # nickname, no speech act
        "Residents watched the state attorney arrive.",  # noun use of a cue word
        "Valls' comments came after the vote.",  # a possessed cue noun used as subject
        "Reyes did not deny the report.",  # negated cue
        "The council should reiterate its support.",  # hypothetical
        "The plan was announced last week.",  # passive (a question put to someone is a statement of its asker)
    ],
)
def test_not_statements(body: str) -> None:
    text, found = run(body)
    assert found == [], [content(text, s) for s in found]


def test_headline_is_not_a_statement() -> None:
    text = 'Mayor: "We Will Rebuild the Pier."\n\nThe pier burned down on Sunday night.\n'
    assert extract_statements(text) == []


def test_headline_quote_with_cue_is_not_a_statement() -> None:
    text = 'Lopez says port "will expand"\n\nThe port authority met on Monday.\n'
    assert extract_statements(text) == []


# --- shape of the output -----------------------------------------------------------------------------


def test_statements_come_in_text_order_with_sentence_indexes_and_confidences() -> None:
    _text, found = run('Lopez said the port would expand.\n"It is good news," Reyes said. Ruiz warned of costs.')
    assert [s.start for s in found] == sorted(s.start for s in found)
    assert [s.sentence_index for s in found] == [1, 2, 3]
    assert all(0.0 < s.confidence <= 1.0 for s in found)


def test_named_speaker_scores_higher_than_none() -> None:
    text, found = run('"We will see," said a banner.\n"We will see," Lopez said.')
    by_speaker = {speaker(text, s): s.confidence for s in found}
    assert by_speaker["Lopez"] >= max(v for k, v in by_speaker.items() if k != "Lopez")


# --- later constructions -------------------------------------------------------------------------


def test_colon_introduces_a_quotation_in_the_same_sentence() -> None:
    text, st = only('The governor struck back: "Nobody in this state voted for higher tolls."')
    assert st.kind == "direct"
    assert content(text, st) == ['"Nobody in this state voted for higher tolls."']
    assert speaker(text, st) == "The governor"


def test_verb_ending_its_sentence_hands_over_to_the_next_quotation() -> None:
    text, st = only('Reyes agreed. "The tolls were a mistake from the start."')
    assert content(text, st) == ['"The tolls were a mistake from the start."']
    assert speaker(text, st) == "Reyes"


def test_reportedly_is_a_report_without_a_named_source() -> None:
    text, st = only("The airline is reportedly planning to cut its Atlantic routes.")
    assert st.speaker is None
    assert content(text, st) == ["The airline is", "planning to cut its Atlantic routes"]


def test_adverb_before_a_participle_cue() -> None:
    text, found = run("The mayor criticised the ruling, even suggesting the judge was biased.")
    (st,) = [s for s in found if cue(text, s) == "suggesting"]
    assert content(text, st) == ["the judge was biased"]
    assert speaker(text, st) == "The mayor"


def test_floating_quantifier_and_time_phrase_between_subject_and_cue() -> None:
    text, st = only("Reyes, Ruiz and Lopez all said the tolls should go.")
    assert speaker(text, st) == "Reyes, Ruiz and Lopez"
    text, st = only("The port authority just this month announced it would cut fees.")
    assert speaker(text, st) == "The port authority"
    assert content(text, st) == ["it would cut fees"]


def test_quotation_after_a_shouting_verb_is_the_whole_content() -> None:
    text, st = only('Protesters chanted "No new tolls!" and marched to the bridge.')
    assert st.kind == "direct"
    assert content(text, st) == ['"No new tolls!"']


def test_quoted_sentence_with_a_short_tail_continues_the_statement() -> None:
    text, st = only("\"It is more tinkering,\" said Ana Ruiz. \"It is basically a tax increase\" for the top bracket.")
    assert speaker(text, st) == "Ana Ruiz"
    assert content(text, st) == ['"It is more tinkering,"', '"It is basically a tax increase" for the top bracket']


def test_stray_opening_mark_keeps_the_quotation_inside() -> None:
    text, found = run('"Trump walked onto the stage, chanting “U-S-A! U-S-A!”\n“That was loud,” Reyes said.')
    assert [(content(text, s), speaker(text, s)) for s in found] == [
        (["“U-S-A! U-S-A!”"], "Trump"),
        (["“That was loud,”"], "Reyes"),
    ]
