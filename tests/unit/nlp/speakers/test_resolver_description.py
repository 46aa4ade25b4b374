"""speakers.description and speakers.fitting: a role description stands for the person it fits."""
from __future__ import annotations

import pytest
from speaker_helpers import resolved

from streams.nlp import Speaker, extract_statements, resolve_speakers


def test_a_state_and_a_role_noun_are_the_person_with_that_office_there() -> None:
    text = "Sen. Harold Quist of Vermont spoke on Monday. The Vermont senator said the plan was unfair."
    sp, why = resolved(text, "The Vermont senator")
    assert (sp.name, sp.country) == ("Harold Quist", "United States")
    assert why.resolver == "description, fitted to a named person"


def test_a_description_beside_no_name_is_an_unnamed_source_with_its_title() -> None:
    sp, _ = resolved("A spokesman for the ministry said talks would resume.", "A spokesman for the ministry")
    assert (sp.name, sp.type, sp.title) == (None, "anonymous", "spokesman for the ministry")


def test_a_person_noun_is_someone_unnamed_not_an_organization() -> None:
    for mention in ("A woman", "The man", "An Ohio man"):
        sp, why = resolved(f"{mention} said the water rose quickly.", mention)
        assert (sp.name, sp.type) == (None, "anonymous"), mention
        assert why.resolver == "person noun, someone unnamed"


def test_a_possessed_person_noun_is_the_person_the_article_ties_to_the_possessor() -> None:
    text = ("Ana Ruiz's right-hand woman rallied supporters on Monday. Lena Ortiz, vice chair of Ruiz's "
            "campaign, wrote to them later.")
    sp, why = resolved(text, "Ana Ruiz's right-hand woman")
    assert (sp.name, sp.type) == ("Lena Ortiz", "person")
    assert why.resolver == "person noun, the possessor's associate"


def test_a_possessed_person_noun_with_no_tied_person_named_stays_unnamed() -> None:
    text = "Ana Ruiz's right-hand woman rallied supporters. Lena Ortiz, a teacher, was there too."
    sp, _ = resolved(text, "Ana Ruiz's right-hand woman")
    assert (sp.name, sp.type) == (None, "anonymous")


def test_a_person_noun_of_the_other_gender_is_not_the_tied_person() -> None:
    text = ("Ana Ruiz's right-hand man rallied supporters. Lena Ortiz, vice chair of Ruiz's campaign, "
            "said she was proud.")
    sp, _ = resolved(text, "Ana Ruiz's right-hand man")
    assert sp.name != "Lena Ortiz"


def test_a_named_possessor_s_relative_is_the_person_of_that_family_name() -> None:
    text = "Tom Quist spoke first. Mara Quist, a lawyer, joined him. Tom Quist's eldest daughter said they were proud."
    sp, _ = resolved(text, "Tom Quist's eldest daughter")
    assert sp.name == "Mara Quist"


def test_a_pronoun_after_a_person_noun_of_its_gender_is_that_unnamed_person() -> None:
    text = ("Pay talks\n\nLena Ortiz, a union organiser, spoke on Monday.\n\n"
            "A woman who works nights said the rise was late. \u201cWe waited two years,\u201d she said.")

    def speaker_of_she(t: str) -> Speaker | None:
        sts = extract_statements(t)
        (i,) = [k for k, st in enumerate(sts) if st.speaker and t[st.speaker.start:st.speaker.end] == "she"]
        return resolve_speakers(t, sts)[i]

    sp = speaker_of_she(text)
    assert sp is not None and (sp.name, sp.type) == (None, "anonymous")
    sp = speaker_of_she(text.replace("A woman", "A man"))
    assert sp is not None and sp.name == "Lena Ortiz"  # "a man" is no "she"


@pytest.mark.parametrize(
    "text, mention, rule, name",
    [
        ("Lena Ortiz arrived late. Ms said the plan was fine.", "Ms", "lone honorific", "Lena Ortiz"),
        ("Only 52 percent of registered voters said the plan was fine.", "Only 52 percent of registered voters",
         "quantity of people", "registered voters"),
        ("The ruling said the fee was void.", "The ruling", "thing or document", "ruling"),
        ("Ohio passed the law in May. The state said the fee was void.", "The state", "place noun", "Ohio"),
        ("The Obama administration acted. The administration said the fee was void.", "The administration",
         "organization or metonym", "Obama administration"),
        ("Lena Ortiz spoke. Many critics said the plan would fail.", "Many critics", "group", "critics"),
        ("Tom Quist spoke first. Mara Quist, a lawyer, joined him. Tom Quist's eldest daughter said they were proud.",
         "Tom Quist's eldest daughter", "family relation, named", "Mara Quist"),
        ("A spokesman for the ministry said talks would resume.", "A spokesman for the ministry",
         "description of an unnamed person", None),
        ("A source familiar with the talks said they would resume.", "A source familiar with the talks",
         "unnamed source", None),
        ("A woman said the water rose quickly.", "A woman", "person noun, someone unnamed", None),
        ("A flurry of doubt said otherwise.", "A flurry of doubt", "thing or document", "flurry of doubt"),
    ],
)
def test_explain_names_the_description_rule_that_answered(text: str, mention: str, rule: str, name: str | None) -> None:
    sp, why = resolved(text, mention)
    assert (why.resolver, sp.name) == (rule, name)


def test_an_epithet_stands_for_the_person_just_named_whatever_their_stated_office() -> None:
    """ "the billionaire", "the casino tycoon" characterise someone whose stated role is another: the
    person of the sentence before, with the stated title, not someone unnamed."""
    for epithet in ("the billionaire", "the casino tycoon", "the real estate magnate"):
        text = (f"Tom Hale, the chief executive of Hale Corp, met the unions on Monday. “It was very nice,” "
                f"{epithet} told reporters.")
        sp, _ = resolved(text, epithet)
        assert (sp.name, sp.title) == ("Tom Hale", "chief executive of Hale Corp"), epithet


def test_an_epithet_is_not_the_subject_of_its_own_sentence() -> None:
    """ "Lucas called on voters to reject Hale after the billionaire claimed ...": had the writer meant Lucas,
    they would have written "she"; the billionaire is the other one named before."""
    text = ("Ana Lucas has been critical of Tom Hale for months. In June, Lucas called on voters to reject "
            "Hale after the billionaire claimed that the port was his.")
    sp, _ = resolved(text, "the billionaire")
    assert sp.name == "Tom Hale"


def test_an_epithet_does_not_outrank_a_stated_office_as_the_title() -> None:
    """ "Ana Lucas, the progressive icon, ... Sen. Lucas": the title is the office, though the epithet is the
    appositive."""
    text = ("Ana Lucas, the progressive icon, spoke in Boston on Monday. The vote would be close, she said. "
            "Sen. Lucas later flew back to Washington.")
    sp, _ = resolved(text, "she")
    assert (sp.name, sp.title) == ("Ana Lucas", "Senator")


def test_an_epithet_nearby_is_not_given_to_the_one_person_with_no_stated_role() -> None:
    """ "Lucas criticised Hale, the chief executive, and suggested that the New York billionaire ...": two people
    are in reach and the billionaire may be either, so neither is given the role (nor its country)."""
    text = ("Ana Lucas criticised Tom Hale, the chief executive of Hale Corp, on Monday and suggested that the "
            "New York billionaire would unite Britain against him.")
    sp, _ = resolved(text, "Ana Lucas")
    assert (sp.name, sp.title, sp.country) == ("Ana Lucas", None, None)


def test_an_age_stands_for_the_person_just_named() -> None:
    text = "Ana Lucas, a senator from Ohio, visited the port on Monday. “We will fight for it,” the 62-year-old said."
    sp, why = resolved(text, "the 62-year-old")
    assert (sp.name, sp.type, sp.title) == ("Ana Lucas", "person", "senator from Ohio")
    assert why.resolver == "age of a person"


def test_an_age_with_nobody_named_is_someone_unnamed_not_an_organization() -> None:
    sp, _ = resolved("Port talks\n\n“We will fight for it,” the 62-year-old said.", "the 62-year-old")
    assert (sp.name, sp.type, sp.title) == (None, "anonymous", None)


def test_a_founder_clause_gives_the_founded_body_without_what_follows() -> None:
    text = ("Jo Vance, the activist who founded the Harbour Trust in 1999 and is a longtime councillor, said "
            "the port would close.")
    sp, _ = resolved(text, "Jo Vance")
    assert (sp.title, sp.organization) == ("founder of the Harbour Trust", "Harbour Trust")
