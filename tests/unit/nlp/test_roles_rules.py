"""Construction tests of the named rules of ``parse_role``: one invented phrase for each rule."""
from __future__ import annotations

from streams.nlp import roles as R


def test_leading_determiners_are_stripped() -> None:
    bare = R.parse_role("Canadian trade minister")
    assert R.parse_role("the Canadian trade minister") == bare
    assert (bare.title, bare.country) == ("trade minister", "Canada")
    assert R.parse_role("an acting deputy mayor").title == "acting deputy mayor"
    assert R.parse_role("the") is None  # determiners only: nothing left to read


def test_a_rank_word_before_the_role_noun_is_kept_as_a_rank() -> None:
    r = R.parse_role("an acting deputy mayor")
    assert (r.head, r.ranks) == ("deputy mayor", frozenset({"acting"}))


def test_the_first_conjunct_with_a_role_noun_is_kept() -> None:
    assert R.parse_role("mayor and his aides").title == "mayor"
    # two role nouns of one person stay together
    assert R.parse_role("president and chief executive").title == "president and chief executive"


def test_a_participle_after_the_role_noun_opens_a_clause() -> None:
    r = R.parse_role("governor challenged by rivals last year")
    assert (r.title, r.head) == ("governor", "governor")


def test_head_before_a_post_head_phrase_is_a_role_noun() -> None:
    r = R.parse_role("head of the agency")
    assert (r.head, r.title) == ("head", "head of the agency")


def test_a_relation_word_gives_a_role_of_quality_zero_without_title() -> None:
    r = R.parse_role("his longtime ally", quality=3)
    assert (r.title, r.head, r.quality) == (None, None, 0)


def test_a_possessive_place_gives_the_country() -> None:
    r = R.parse_role("Norway's foreign minister")
    assert (r.title, r.country, r.country_strength, r.owner) == ("foreign minister", "Norway", 3, None)


def test_a_possessive_ending_in_an_organization_word_is_the_organization() -> None:
    r = R.parse_role("Acme Institute's senior fellow")
    assert (r.title, r.organization, r.owner) == ("senior fellow", "Acme Institute", None)


def test_another_capitalised_possessive_is_a_person() -> None:
    r = R.parse_role("Zorblatt's campaign manager")
    assert (r.title, r.organization, r.owner) == ("campaign manager", None, "Zorblatt")


def test_an_organization_possessive_alone_is_a_role_without_title() -> None:
    r = R.parse_role("NBC's")
    assert r is not None and (r.organization, r.title, r.head) == ("NBC", None, None)
    assert R.parse_role("Zorblatt's") is None  # a person's possessive alone states no role


def test_nationality_words_and_the_joiner_between_them_leave_the_title() -> None:
    r = R.parse_role("Canadian and Mexican trade ministers")
    # two nationalities: no single country
    assert (r.title, r.country) == ("trade ministers", None)


def test_a_region_before_the_role_noun_is_the_place() -> None:
    r = R.parse_role("Vermont state senator")
    assert (r.country, r.country_strength, r.place) == ("United States", 2, "Vermont")


def test_a_place_after_of_gives_the_country_and_place() -> None:
    r = R.parse_role("attorney general of Ohio")
    assert (r.title, r.country, r.place) == ("attorney general of Ohio", "United States", "Ohio")


def test_a_post_head_of_phrase_gives_the_organization() -> None:
    r = R.parse_role("chief economist of the World Bank")
    assert (r.title, r.organization) == ("chief economist of the World Bank", "World Bank")


def test_a_capitalised_run_ending_in_an_organization_word_is_the_organization() -> None:
    r = R.parse_role("director of the Lakeside Refugee Processing Center")
    assert r.organization == "Lakeside Refugee Processing Center"


def test_a_known_organization_inside_a_longer_name_keeps_the_longer_name() -> None:
    r = R.parse_role("Ohio Democratic Party chairman")
    assert (r.organization, r.country) == ("Ohio Democratic Party", "United States")


def test_a_government_organization_gives_its_country() -> None:
    r = R.parse_role("spokeswoman for the State Department")
    assert (r.organization, r.country, r.country_strength) == ("State Department", "United States", 2)


def test_a_party_word_gives_the_united_states_and_gop_reads_republican() -> None:
    r = R.parse_role("GOP strategist")
    assert (r.title, r.organization, r.country, r.country_strength) == \
        ("Republican strategist", None, "United States", 1)


def test_an_envoy_to_an_organization_is_not_part_of_it_unless_it_owns_the_role() -> None:
    assert R.parse_role("special envoy to the UN").organization is None
    assert R.parse_role("UN's special envoy").organization == "United Nations"


def test_a_reporters_outlet_is_the_organization_not_part_of_the_title() -> None:
    r = R.parse_role("reporter for CNN")
    assert (r.title, r.organization) == ("reporter", "CNN")


def test_the_examples_in_the_roles_docstrings_hold() -> None:
    import doctest

    from streams.nlp import roles

    failed, tried = doctest.testmod(roles)
    assert tried > 0 and failed == 0
