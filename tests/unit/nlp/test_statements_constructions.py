"""Further constructions of the statement grammar, found by error analysis on news text;
each on short invented sentences (never corpus text)."""
from __future__ import annotations

import pytest
from statement_helpers import content, cue, only, run, speaker

# --- what is not a trailing frame ------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "During the storm, the mayor posted photos of the flooded square.",
        "Despite the rain, the council continues to meet every week.",
        "On Friday, the senator continued to campaign in the north.",
        "The fares rose again in March, which added to the anger of commuters.",
    ],
)
def test_a_fronted_adjunct_before_a_cue_with_its_own_object_is_no_content(body: str) -> None:
    text, found = run(body)
    assert found == [], [content(text, s) for s in found]


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("The budget is balanced, the mayor told reporters on Monday.", "The budget is balanced", "the mayor"),
        ("The vote was close, said two aides who were not authorized to speak.", "The vote was close", "two aides"),
        ("The plan will pass, Reyes said from her office in Lisbon.", "The plan will pass", "Reyes"),
    ],
)
def test_content_before_a_trailing_frame_with_addressee_adjunct_or_relative(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


# --- where a complement ends -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, said",
    [
        ("When the mayor announced the new tolls, drivers protested for a week.", "the new tolls"),
        ("But after the company confirmed the closure, the union called a strike.", "the closure"),
        ("Though the council boasts of record turnout, few residents vote.", "of record turnout"),
    ],
)
def test_a_report_inside_a_fronted_subordinate_clause_ends_at_its_comma(body: str, said: str) -> None:
    text, found = run(body)
    assert content(text, found[0]) == [said]


def test_a_fronted_clause_before_the_cue_does_not_cut_the_complement() -> None:
    text, st = only("When asked, the mayor said the bridge, the tunnel and the ferry would all reopen.")
    assert content(text, st) == ["the bridge, the tunnel and the ferry would all reopen"]


@pytest.mark.parametrize(
    "body, said",
    [
        ("The port authority denies any wrongdoing and was cleared by an audit last year.", "any wrongdoing"),
        ("Reyes claimed victory and then thanked her volunteers.", "victory"),
        ("The minister praised the new budget and offered to fund two more schools.", "the new budget"),
    ],
)
def test_an_object_ends_before_and_plus_a_finite_verb(body: str, said: str) -> None:
    text, found = run(body)
    assert content(text, found[0]) == [said]


def test_a_clause_keeps_its_coordinated_verbs() -> None:
    text, st = only("Reyes said the ferry was late and missed its connection.")
    assert content(text, st) == ["the ferry was late and missed its connection"]


# --- subjects the apposition scan missed ------------------------------------------------------------


@pytest.mark.parametrize(
    "body, said, who",
    [
        (
            "Ana Ruiz, a marine biology professor, said the reef is recovering.",
            "the reef is recovering",
            "Ana Ruiz, a marine biology professor",
        ),
        (
            "Tom Reyes, a builder whose firm, Reyes Homes, built the pier, said its main goal was safety.",
            "its main goal was safety",
            "Tom Reyes",
        ),
        (
            "In a statement, one of the port's lawyers, Ana Ruiz, said the contract was void.",
            "the contract was void",
            "one of the port's lawyers, Ana Ruiz",
        ),
        ("Harbor chairman Tom Reyes, for example, said the fees would rise.", "the fees would rise",
         "Harbor chairman Tom Reyes"),
        ("Her campaign workers here said they had knocked on every door.", "they had knocked on every door",
         "Her campaign workers"),
        ("Leading engineers say that this time the repair will hold.", "this time the repair will hold",
         "Leading engineers"),
    ],
)
def test_subjects_with_long_or_odd_appositions(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


# --- reports inside relative clauses -----------------------------------------------------------------


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("The board withheld figures that officials said would harm the sale.", "would harm the sale", "officials"),
        ("The town has seen a surge of tourists, which merchants say could save the season.",
         "could save the season", "merchants"),
        ("He spoke about what he said were the failures of the old council.",
         "what he said were the failures of the old council", "he"),
        ("The ferry, which the mayor said was unsafe, was taken out of service.", "was unsafe", "the mayor"),
    ],
)
def test_a_report_inside_a_relative_clause(body: str, said: str, who: str) -> None:
    text, found = run(body)
    (st,) = [s for s in found if cue(text, s) in ("said", "say")]
    assert content(text, st) == [said]
    assert speaker(text, st) == who


# --- polls, fronted questions, one-word answers ------------------------------------------------------


@pytest.mark.parametrize(
    "body, who",
    [
        ("About four in 10 said they would skip the vote.", "About four in 10"),
        ("More than six in 10 said the tolls were too high.", "More than six in 10"),
        ("Those over 60 say the ferry matters most.", "Those over 60"),
        ("Just shy of half, 49%, say the pier should be rebuilt.", "Just shy of half, 49%"),
    ],
)
def test_poll_figures_as_subjects(body: str, who: str) -> None:
    text, st = only(body)
    assert speaker(text, st) == who


def test_a_fronted_question_is_its_own_statement_and_not_the_answer() -> None:
    text, found = run("Asked whether the pier would reopen, Reyes said it would open in May.")
    assert [(content(text, s), speaker(text, s), cue(text, s)) for s in found] == [
        (["whether the pier would reopen"], None, "Asked"),
        (["it would open in May"], "Reyes", "said"),
    ]
    text, found = run("Asked by reporters about the tolls, the mayor smiled.")
    assert [(content(text, s), speaker(text, s)) for s in found] == [(["about the tolls"], "reporters")]
    text, found = run("When asked why, the mayor responded with a shrug.")
    assert [content(text, s) for s in found] == [["why"]]


def test_one_word_answers() -> None:
    text, found = run("Asked if the fares were fair, 46 percent said yes, and half said so in May.")
    assert [content(text, s) for s in found][1:] == [["yes"], ["so"]]


# --- addressees and subjects of "told" and coordinated cues -----------------------------------------


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("Reyes told a news conference they are planting the seeds.", "they are planting the seeds", "Reyes"),
        ("Reyes tells the crowd he was the first to call for a new pier.",
         "he was the first to call for a new pier", "Reyes"),
        ("The harbor board declined to comment, telling Channel 4 that it is focused on safety.",
         "it is focused on safety", "The harbor board"),
        ("A few days later, Reyes reversed course, telling CBS that the fees are settled.",
         "the fees are settled", "Reyes"),
        ("Reyes, the only candidate to visit the island, told voters here that the ferry would return.",
         "the ferry would return", "Reyes, the only candidate to visit the island"),
        ("The mayor wrote to voters and ferry users that the schedule would change.",
         "the schedule would change", "The mayor"),
    ],
)
def test_addressees_of_tell(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


def test_a_medial_tell_frame_with_a_pronoun_addressee() -> None:
    text, st = only("The solution, the engineer told them, was simple.")
    assert content(text, st) == ["The solution", "was simple"]
    assert speaker(text, st) == "the engineer"


def test_a_coordinated_cue_takes_the_subject_of_its_clause() -> None:
    text, found = run("Some in the crowd cheered, and when Reyes thanked the town and said it was good to be home, a man waved.")
    (st,) = [s for s in found if cue(text, s) == "said"]
    assert content(text, st) == ["it was good to be home"]
    assert speaker(text, st) == "Reyes"


# --- direct quotations around unusual frames -----------------------------------------------------------


@pytest.mark.parametrize(
    "body, quote, who",
    [
        ('"We did not discuss that," warm-and-fuzzy Reyes said.', '"We did not discuss that,"', "warm-and-fuzzy Reyes"),
        ('Canova wrote to his 20,000 followers, "It is time to go," and shared a link.', '"It is time to go,"', "Canova"),
        ("Mr. Reyes said of the fight, ''I don't like it,'' adding that tempers ran high.", "''I don't like it,''",
         "Mr. Reyes"),
        ('The crew handed out water bottles that said, "The port welcomes you."', '"The port welcomes you."',
         "water bottles"),
        ('Ruiz wore a campaign hat reading, "Make the Port Great Again" on Friday.', '"Make the Port Great Again"',
         "a campaign hat"),
        ('She hoisted a sign that read "15%!"', '"15%!"', "a sign"),
    ],
)
def test_direct_quotations_with_unusual_frames(body: str, quote: str, who: str) -> None:
    text, found = run(body)
    (st,) = [s for s in found if s.kind == "direct"]
    assert content(text, st) == [quote]
    assert speaker(text, st) == who


def test_a_passive_question_is_a_statement_of_its_unnamed_asker() -> None:
    text, st = only('Reyes was asked, "Would you run again?"')
    assert content(text, st) == ['"Would you run again?"']
    assert speaker(text, st) is None
    text, st = only('Reyes was asked by a reporter, "Would you run again?"')
    assert speaker(text, st) == "a reporter"


@pytest.mark.parametrize(
    "frame, who",
    [
        ("Ana Ruiz, the spokeswoman for the port, said in a statement.", "Ana Ruiz, the spokeswoman for the port"),
        ("He told his audience, to loud applause:", "He"),
        ("Reyes called them on it:", "Reyes"),
    ],
)
def test_a_frame_without_content_takes_the_next_quoted_sentence(frame: str, who: str) -> None:
    text, st = only(frame + '\n"The ferry will run. The pier will be rebuilt."')
    assert content(text, st) == ['"The ferry will run. The pier will be rebuilt."']
    assert speaker(text, st) == who


def test_a_frame_after_a_quotation_that_introduces_its_own_quotation() -> None:
    text, found = run("''Let's be clear,'' he wrote. ''If you are offended, that is on you.'' He added: ''I did not post it.''")
    assert [(content(text, s), cue(text, s)) for s in found] == [
        (["''Let's be clear,''", "''If you are offended, that is on you.''"], "wrote"),
        (["''I did not post it.''"], "added"),
    ]


def test_a_quoted_paragraph_signed_by_the_next_one() -> None:
    text, st = only('\n"The ferry will run again. I promise that."\n\n- Ana Ruiz, at a rally.')
    assert content(text, st) == ['"The ferry will run again. I promise that."']
    assert speaker(text, st) == "Ana Ruiz"


@pytest.mark.parametrize(
    "line, who",
    [
        ('Former harbor master Ana Ruiz:"The channel is too shallow for the new boats."', "Former harbor master Ana Ruiz"),
        ('Rep. Tom Reyes (D-Ore.): "Who told you that the channel was dredged?"', "Rep. Tom Reyes (D-Ore.)"),
        ('More from Ruiz: "The channel is too shallow for the new boats."', "Ruiz"),
    ],
)
def test_speaker_labels_before_a_quotation(line: str, who: str) -> None:
    text, st = only(line)
    assert speaker(text, st) == who
    assert st.kind == "direct"


@pytest.mark.parametrize(
    "body, quotes, who, verb",
    [
        ('"Not again," Reyes groaned.', ['"Not again,"'], "Reyes", "groaned"),
        ('"Would it be negotiable?" the host pressed. "Maybe for some?"', ['"Would it be negotiable?"', '"Maybe for some?"'],
         "the host", "pressed"),
        ('"It happens, right?" Reyes went on, as if he had not heard. "But you fight back."',
         ['"It happens, right?"', '"But you fight back."'], "Reyes", "went on"),
        ('"The port will always be the port," an angry Ruiz retaliated.', ['"The port will always be the port,"'],
         "an angry Ruiz", "retaliated"),
    ],
)
def test_a_trailing_frame_with_a_verb_outside_the_lexicon(body: str, quotes: list[str], who: str, verb: str) -> None:
    text, st = only(body)
    assert content(text, st) == quotes
    assert speaker(text, st) == who
    assert cue(text, st) == verb


def test_a_question_and_its_frame_stay_one_sentence() -> None:
    text, st = only('"Is the budget balanced?" Lopez remarked, pointing to the chart.')
    assert content(text, st) == ['"Is the budget balanced?"']
    assert speaker(text, st) == "Lopez"


def test_a_quotation_followed_by_a_plain_sentence_is_no_statement() -> None:
    _text, found = run('"It was a good year." Stocks rallied after the report was published.')
    assert found == []


def test_a_report_ends_where_the_subject_of_the_next_one_begins() -> None:
    text, found = run("Half said the fares were too high and one in four said the ferry was unsafe.")
    assert [content(text, s) for s in found] == [["the fares were too high"], ["the ferry was unsafe"]]


# --- participles, series of verbs, "as reported by" ----------------------------------------------------


@pytest.mark.parametrize(
    "body, said, who, verb",
    [
        ("Noting that the port was busy, Reyes said the fees would rise.", "the port was busy", "Reyes", "Noting"),
        ("While saying that he respects the mayor, he went on to attack her plan.", "he respects the mayor", "he",
         "saying"),
        ("Reyes leads, with 22 percent saying they would support him.", "they would support him", "22 percent",
         "saying"),
        ("He later suggested the fee was unfair, called her plan “reckless” and left the hall.",
         "her plan “reckless”", "He", "called"),
        ("Her chief aide, Ana Ruiz, calls the plan a blueprint for new jobs.",
         "the plan a blueprint for new jobs", "Her chief aide, Ana Ruiz", "calls"),
        ("Reyes calls himself a democratic socialist.", "himself a democratic socialist", "Reyes", "calls"),
        ("As reported by the Herald, inspectors found cracks in the pier.", "inspectors found cracks in the pier",
         "the Herald", "reported by"),
        ("The port was sold in 2014, as the Herald reported on Saturday.", "The port was sold in 2014", "the Herald",
         "reported"),
    ],
)
def test_participles_series_and_as_reported(body: str, said: str, who: str, verb: str) -> None:
    text, found = run(body)
    (st,) = [s for s in found if cue(text, s) == verb]
    assert content(text, st) == [said]
    assert speaker(text, st) == who


def test_thousands_separators_are_no_clause_commas() -> None:
    text, found = run("When the state wrongly stated that about 12,000 voters were ex-convicts, it purged them.")
    assert content(text, found[0]) == ["about 12,000 voters were ex-convicts"]


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("Reyes and others who want to keep the ferry said the vote was close.", "the vote was close", "Reyes and others"),
        ("At least half of voters in each town say the fares are about right.", "the fares are about right",
         "At least half of voters in each town"),
        ("Sen. Tom Reyes (R-Ore.), one of the few founders still in office, said he remembers the night.",
         "he remembers the night", "Sen. Tom Reyes (R-Ore.)"),
        ("The port officials whose budget was cut say the real change is in the courts.",
         "the real change is in the courts", "The port officials"),
        ("In Lisbon, the turnout was the highest in years, election officials said.",
         "In Lisbon, the turnout was the highest in years", "election officials"),
        ("She said, if elected, she would ask Reyes to lead the project.",
         "if elected, she would ask Reyes to lead the project", "She"),
        ("The ferry will stay, say some councillors, who cringe at the cost.", "The ferry will stay", "some councillors"),
    ],
)
def test_more_subject_shapes(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


def test_transcript_lines_with_plain_names_and_q_and_a() -> None:
    text, found = run(
        "\nMatthews: Well, the toll is bad for everyone here.\n"
        "Lopez: Nobody thinks the toll is a good idea at all.\n"
        "Q: Did the port authority ever call you back?\n"
        "A: No, nobody called and nobody checked up.\n"
    )
    assert [speaker(text, s) for s in found] == ["Matthews", "Lopez", "Q", "A"]


@pytest.mark.parametrize(
    "line",
    [
        "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink, Bonnie Campbell.",
        "Contributing: Ana Ruiz and Tom Reyes, Lisbon Herald staff.",
        "Update: The ferry schedule was changed on Monday morning.",
    ],
)
def test_labels_that_are_not_speakers(line: str) -> None:
    _text, found = run("\n" + line)
    assert found == []


def test_a_participle_after_a_quotation_that_holds_the_comma() -> None:
    text, found = run('"It is late," Ruiz said on the radio show "Morning Tide," adding, "The ferry must run."')
    (st,) = [s for s in found if cue(text, s) == "adding"]
    assert content(text, st) == ['"The ferry must run."']
    assert speaker(text, st) == "Ruiz"


def test_a_quotation_ending_the_sentence_after_an_addressee_with_a_relative_clause() -> None:
    text, st = only("But she told the mayors who gathered in the city, “No one should doubt our commitment to the port.”")
    assert content(text, st) == ["“No one should doubt our commitment to the port.”"]
    assert speaker(text, st) == "she"


# --- long quotations no frame claims; uses of cue words that report nothing ----------------------------


def test_a_long_quotation_after_narration_continues_the_last_speaker() -> None:
    text, found = run(
        '"The ferry will run," Reyes said. The crowd cheered as the boat left the pier.\n'
        '"We have waited for this day for more than ten long years."'
    )
    assert [(content(text, s), speaker(text, s)) for s in found][-1] == (
        ['"We have waited for this day for more than ten long years."'], "Reyes"
    )
    assert found[-1].cue is None


def test_a_long_quotation_inside_a_sentence_takes_its_subject() -> None:
    text, found = run('Reyes credited the win to "a closed primary where independents could not vote at all."')
    (st,) = [s for s in found if s.cue is None]
    assert speaker(text, st) == "Reyes"


def test_short_quoted_phrases_stay_unclaimed() -> None:
    _text, found = run('The so-called "port tax" was dropped after the "big fight."')
    assert found == []


@pytest.mark.parametrize(
    "body",
    [
        "Ruiz founded a group called Friends of the Ferry last year.",
        "Reyes trails in pledged delegates by a wide margin.",
        "The council called off the vote on Monday.",
        "Reyes still maintains a large lead in the polls.",
        "The firm charged the campaign $3 million for flights.",
        "He met New York state Democratic official Ana Ruiz.",
    ],
)
def test_cue_words_that_report_nothing(body: str) -> None:
    text, found = run(body)
    assert found == [], [content(text, s) for s in found]


@pytest.mark.parametrize(
    "body, question, who",
    [
        ("Reyes was asked about the closing of the pier.", "about the closing of the pier", None),
        ("Reyes was asked by a reporter whether the ferry would run.", "whether the ferry would run", "a reporter"),
    ],
)
def test_a_passive_indirect_question(body: str, question: str, who: str | None) -> None:
    text, st = only(body)
    assert content(text, st) == [question]
    assert speaker(text, st) == who


def test_a_trailing_participle_question_after_a_frame() -> None:
    text, found = run('"It was slow," Reyes said, asked about the delay at the pier.')
    (st,) = [s for s in found if cue(text, s) == "asked"]
    assert content(text, st) == ["about the delay at the pier"]


def test_the_question_behind_an_answer_is_not_its_content() -> None:
    text, found = run('"Nothing is decided," Reyes said when asked if the port would be sold.')
    assert [content(text, s) for s in found] == [['"Nothing is decided,"']]


def test_a_relative_clause_about_the_source_of_according_to_is_not_content() -> None:
    text, st = only("The pier is unsafe, according to Ana Ruiz, who inspected it for the city in 2015.")
    assert content(text, st) == ["The pier is unsafe"]
    assert speaker(text, st) == "Ana Ruiz"


def test_a_quotation_ending_in_a_period_then_a_new_sentence_with_a_cue_verb() -> None:
    text, found = run('The governor called the lines "unacceptable." Mayor Ruiz wrote a letter to the board.')
    (st,) = [s for s in found if cue(text, s) == "called"]
    assert content(text, st) == ['the lines "unacceptable."']


def test_a_participle_after_a_quotation_that_holds_the_comma_ends_the_report() -> None:
    text, found = run('Reyes called Ruiz the "ultimate hypocrite," linking to a story about the pier.')
    (st,) = [s for s in found if cue(text, s) == "called"]
    assert content(text, st) == ['Ruiz the "ultimate hypocrite,"']


@pytest.mark.parametrize(
    "body, said, who",
    [
        ('The talks ended on Friday, with Ana Ruiz calling them a "waste of time."', 'them a "waste of time."', "Ana Ruiz"),
        ("The council was split, with two members tweeting that the vote was rushed.", "the vote was rushed", "two members"),
        ("Rivals piled on, with Mayor Dan Cole calling the plan a fraud.", "the plan a fraud", "Mayor Dan Cole"),
    ],
)
def test_a_participle_in_an_absolute_with_clause_takes_its_own_subject(body: str, said: str, who: str) -> None:
    text, found = run(body)
    (st,) = [s for s in found if cue(text, s) in ("calling", "tweeting")]
    assert content(text, st) == [said]
    assert speaker(text, st) == who


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("Reyes continued to say he had never met the mayor.", "he had never met the mayor", "Reyes"),
        ("The mayor went on to explain that the pier would open in May.", "the pier would open in May", "The mayor"),
        ("Ruiz has continued to insist that the vote was fair.", "the vote was fair", "Ruiz"),
    ],
)
def test_a_cue_infinitive_after_continue_or_go_on_takes_that_verbs_subject(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


def test_an_infinitive_cue_after_other_verbs_is_still_no_report() -> None:
    text, found = run("Ruiz hopes to say more about the pier next week.")
    assert found == [], [content(text, s) for s in found]


@pytest.mark.parametrize(
    "body, said, who",
    [
        ('He went on to call Ruiz "the worst mayor in Ohio."', 'Ruiz "the worst mayor in Ohio."', "He"),
        ("Reyes continued to attack the council for its failure to act.", "the council for its failure to act", "Reyes"),
    ],
)
def test_a_noun_like_cue_infinitive_after_a_carrier_verb(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


@pytest.mark.parametrize(
    "body",
    [
        "The council's proposed budget cuts would close two libraries.",
        "The mayor's reported income rose last year.",
        "The totals include pledged delegates and superdelegates.",
    ],
)
def test_a_participle_cue_after_a_possessive_is_an_adjective(body: str) -> None:
    text, found = run(body)
    assert found == [], [content(text, s) for s in found]


def test_a_contracted_has_before_a_participle_cue_is_still_a_report() -> None:
    text, st = only("He's predicted big wins in the races ahead.")
    assert content(text, st) == ["big wins in the races ahead"]
    assert speaker(text, st) == "He"


@pytest.mark.parametrize(
    "body, said, who",
    [
        (
            "About 9:40 p.m., according to a city timeline, the guards left for the pier.",
            ["About 9:40 p.m.", "the guards left for the pier"],
            "a city timeline",
        ),
        (
            "In 2014, according to the audit, the council spent most of the fund on the pier.",
            ["In 2014", "the council spent most of the fund on the pier"],
            "the audit",
        ),
    ],
)
def test_medial_according_to_after_a_fronted_time_or_adjunct(body: str, said: list[str], who: str) -> None:
    text, st = only(body)
    assert content(text, st) == said
    assert speaker(text, st) == who


@pytest.mark.parametrize(
    "body, said",
    [
        ("Ana Ruiz, a farmer from Dover, said Thursday's vote had changed her mind.", "Thursday's vote had changed her mind"),
        ("The mayor said today's ruling was a relief.", "today's ruling was a relief"),
    ],
)
def test_a_time_word_with_a_possessive_after_the_cue_opens_the_content(body: str, said: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("The mayor is upset, said a source close to the council.", "The mayor is upset", "a source close to the council"),
        ("A person familiar with the talks said the deal was off.", "the deal was off", "A person familiar with the talks"),
        ("The vote will slip, two people close to him said.", "The vote will slip", "two people close to him"),
    ],
)
def test_a_speaker_with_close_to_or_familiar_with_keeps_its_head_noun(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


def test_a_relative_clause_inside_the_content_subject_does_not_end_the_content() -> None:
    text, found = run("Ruiz said the mayor, who is now the front-runner, would unite the city against him.")
    (st,) = [s for s in found if cue(text, s) == "said"]
    assert content(text, st) == ["the mayor, who is now the front-runner, would unite the city against him"]
    assert speaker(text, st) == "Ruiz"


def test_a_relative_clause_after_a_complete_content_clause_still_ends_it() -> None:
    text, st = only("Ruiz said he had never met the mayor, who grew up in Ohio.")
    assert content(text, st) == ["he had never met the mayor"]


def test_a_fronted_asked_question_ending_in_a_quotation_that_holds_the_comma() -> None:
    text, found = run('Asked if the mayor is "fit to serve," 72 percent of voters said yes.')
    (st,) = [s for s in found if cue(text, s) == "Asked"]
    assert content(text, st) == ['if the mayor is "fit to serve,"']
    assert speaker(text, st) is None


@pytest.mark.parametrize(
    "body, said, who",
    [
        (
            "Small towns like Dover (93 percent of voters there were white, according to exit polls), Lewes and Milford lead.",
            "93 percent of voters there were white",
            "exit polls",
        ),
        ("Prices rose (the rent doubled, Ruiz said) in May.", "the rent doubled", "Ruiz"),
    ],
)
def test_a_statement_inside_parentheses_starts_after_the_opening_bracket(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


@pytest.mark.parametrize(
    "body, who",
    [
        ("In Ohio, about half, 49 percent, say they will back the mayor.", "about half, 49 percent"),
        ("Among likely voters, about two-thirds, 67 percent, say they will back the mayor.", "about two-thirds, 67 percent"),
    ],
)
def test_a_poll_figure_with_its_percentage_after_a_fronted_adjunct(body: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == ["they will back the mayor"]
    assert speaker(text, st) == who


# --- newspaper names that end in a time word ---------------------------------------------------------


@pytest.mark.parametrize(
    "body, said, who",
    [
        ("The Lisbon Times filed a motion on Monday, arguing that the file was public.", "the file was public",
         "The Lisbon Times"),
        ("The Times filed a motion, arguing that the file was public.", "the file was public", "The Times"),
        ("Porto Today reported that the ferry would close.", "the ferry would close", "Porto Today"),
        ("Reyes told The Lisbon Times editorial board that she may not run.", "she may not run", "Reyes"),
    ],
)
def test_a_capitalised_times_or_today_ends_a_newspapers_name(body: str, said: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == [said]
    assert speaker(text, st) == who


@pytest.mark.parametrize(
    "body, who",
    [
        ("Today, Reyes said the ferry would close.", "Reyes"),
        ("Times are hard, Reyes said.", "Reyes"),
    ],
)
def test_a_sentence_opening_today_or_times_is_still_no_name(body: str, who: str) -> None:
    text, st = only(body)
    assert speaker(text, st) == who


# --- content on both sides of a trailing frame (verb_frame's content rules) -------------------------


def test_a_report_split_by_its_frame_takes_the_clause_after_it() -> None:
    text, st = only("The new ferry, the mayor said, would carry twice as many cars.")
    assert content(text, st) == ["The new ferry", "would carry twice as many cars"]
    assert speaker(text, st) == "the mayor"
    assert st.kind == "indirect"


def test_a_quotation_before_the_frame_and_a_second_one_after_it() -> None:
    text, st = only('"The pier is safe," Reyes said, "and it will stay open."')
    assert content(text, st) == ['"The pier is safe,"', '"and it will stay open."']
    assert speaker(text, st) == "Reyes"
    assert st.kind == "direct"



def test_a_plural_speaker_after_a_trailing_say() -> None:
    text, st = only("The ferry will be late again, say two captains.")
    assert content(text, st) == ["The ferry will be late again"]
    assert speaker(text, st) == "two captains"


# --- where the complement after a cue starts ----------------------------------------------------------


def test_a_dash_enclosed_aside_before_that_is_skipped() -> None:
    text, st = only("The mayor said — on the radio, as it happens — that the bridge would reopen in May.")
    assert content(text, st) == ["the bridge would reopen in May"]
    assert speaker(text, st) == "The mayor"


@pytest.mark.parametrize(
    "body, who",
    [
        ("As Reyes told the Daily Planet, the fares have doubled since the spring.", "Reyes"),
        ("As Reyes pointed out with a chart, the fares have doubled since the spring.", "Reyes"),
    ],
)
def test_an_as_frame_with_a_setting_then_the_content_after_the_comma(body: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == ["the fares have doubled since the spring"]
    assert speaker(text, st) == who


def test_that_before_a_short_lowercase_noun_is_a_determiner() -> None:
    text, st = only("The council reiterated that position on Friday.")
    assert content(text, st) == ["that position on Friday"]


@pytest.mark.parametrize(
    "body, quote",
    [
        ('Reyes said "The pier is closed!" at the meeting on Friday.', '"The pier is closed!"'),
        ('A man in the gallery yelled "You are wrong!" at the mayor.', '"You are wrong!"'),
    ],
)
def test_a_closed_quotation_before_a_function_word_is_the_whole_content(body: str, quote: str) -> None:
    text, st = only(body)
    assert content(text, st) == [quote]
    assert st.kind == "direct"


# --- datelines and modified noun phrases -------------------------------------------------------------


@pytest.mark.parametrize(
    "body, who",
    [
        ("PORTVILLE (Wirepress) Officials said the bridge would reopen.", "Officials"),
        ("(Newsdesk) Tom Reyes said the bridge would reopen.", "Tom Reyes"),
        ("PORTVILLE, Mar. 3 (Wirepress) — In reply to the vote, Ana Ruiz rallied supporters, saying the bridge "
         "would reopen.", "Ana Ruiz"),
        ("EAST PORTVILLE, N.H. - The mayor said the bridge would reopen.", "The mayor"),
    ],
)
def test_a_wire_dateline_is_no_part_of_the_speaker(body: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == ["the bridge would reopen"]
    assert speaker(text, st) == who


@pytest.mark.parametrize(
    "body, who",
    [
        ("Ana Ruiz's right-hand man said the bridge would reopen.", "Ana Ruiz's right-hand man"),
        ("In reply, Ana Ruiz's closest confidante rallied supporters, saying the bridge would reopen.",
         "Ana Ruiz's closest confidante"),
        ("A long-serving aide said the bridge would reopen.", "A long-serving aide"),
    ],
)
def test_a_speaker_keeps_its_hyphenated_and_possessed_modifiers(body: str, who: str) -> None:
    text, st = only(body)
    assert content(text, st) == ["the bridge would reopen"]
    assert speaker(text, st) == who


@pytest.mark.parametrize("name", ["Ursula von der Leyen", "Rodrigo de la Cruz", "Mark van der Berg",
                                  "Ludwig van Beethoven", "Mohammed bin Salman"])
def test_a_name_with_one_or_two_particles_is_the_whole_speaker_phrase(name: str) -> None:
    text, st = only(f"{name} said the port would close.")
    assert speaker(text, st) == name
