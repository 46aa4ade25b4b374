"""speakers.organization: organisations, acronyms, seats and capitals that speak for a government."""
from __future__ import annotations

from speaker_helpers import resolved

from streams.nlp.speakers import organization
from streams.nlp.speakers.article import _Article


def test_an_acronym_is_the_organisation_spelled_out_before() -> None:
    text = "The Harbor Transit Authority (HTA) raised fares. HTA said fares would rise again."
    assert resolved(text, "HTA")[0].name == "Harbor Transit Authority"


def test_the_administration_takes_the_name_given_before() -> None:
    text = "The Obama administration met on Monday. The administration said talks would resume."
    sp, why = resolved(text, "The administration")
    assert (sp.name, sp.type, why.resolver) == ("Obama administration", "organization", "organization or metonym")


def test_the_ministry_takes_the_ministry_named_before() -> None:
    text = "Ukraine's Foreign Ministry issued a note. The ministry said talks would resume."
    assert resolved(text, "The ministry")[0].name == "Ukraine's Foreign Ministry"


def test_a_seat_and_a_capital_speak_for_their_country() -> None:
    assert resolved("The Pentagon said the strike was lawful.", "The Pentagon")[0].country == "United States"
    assert resolved("Beijing said the strike was unlawful.", "Beijing")[0].country == "China"


def test_the_administration_takes_the_words_of_its_own_line_before_it() -> None:
    text = "Harbor Vote Ends\nThe Lee administration met on Monday. The administration said talks would resume."
    assert resolved(text, "The administration")[0].name == "Lee administration"


def test_a_name_before_a_word_is_at_most_three_capitalised_words_of_the_chunk() -> None:
    text = "Under the Harbor Bay Town Lee administration, rents rose. Later the administration said so."
    art = _Article(text)
    assert organization._named_before(art, "administration", text.index("the administration")) == (
        "Bay Town Lee administration")
    assert organization._named_before(art, "administration", text.index("Harbor")) is None


def test_the_council_takes_a_name_that_does_not_run_across_a_sentence_end() -> None:
    text = ("The mayor thanked Lee. Harbor City Council voted on Monday. The council said the plan would stand.")
    assert resolved(text, "The council")[0].name == "Harbor City Council"


def test_the_board_takes_the_board_named_before_its_possessive() -> None:
    text = "The Harbor Board's ruling came on Monday. The board said it would appeal."
    assert resolved(text, "The board")[0].name == "Harbor Board"


def test_the_board_takes_an_of_phrase_up_to_its_period() -> None:
    text = "A ruling came from the Board of Elections. Later the board said it would appeal."
    art = _Article(text)
    assert organization._capitalised_before(art, ["board"], text.index("the board")) == "Board of Elections"
    assert organization._capitalised_before(art, ["board", "of", "elections"], text.index("the board")) is None


def test_a_word_joined_by_a_slash_gives_its_last_part_to_a_name() -> None:
    text = "A USA TODAY/Harbor University poll came out. The university said the poll was fair."
    assert resolved(text, "The university")[0].name == "Harbor University"


def test_a_capitalised_run_glued_to_a_time_gives_no_name() -> None:
    text = "Live updates\nUpdated 9:12PMHarbor Radio Disputes Network Story\nLater the network said it was wrong."
    art = _Article(text)
    assert organization._capitalised_before(art, ["network"], text.index("the network")) is None
