"""Matching statements: what a subscriber is (and is not) alerted on, and why."""
from __future__ import annotations

import random
from typing import Any

import pytest
from alerts_fixtures import statement
from hypothesis import given, settings
from hypothesis import strategies as st

from streams import events
from streams.alerts import SubscriptionSet, demo_subscriptions_path
from streams.alerts.match import QueryIndex, match, prepare
from streams.alerts.query import compile_query

NEBENZIJA = dict(name="Vasiliy Nebenzija", speaker_id="vasiliy-nebenzija", title="UN envoy", country="Russia")
AUSTIN = dict(name="Lloyd Austin", speaker_id="lloyd-austin", title="Defense Secretary",
              country="United States")
KIM = dict(name="Kim Jong-hyun", title="Defense Minister", country="South Korea")


def hits(query: str, event: dict[str, Any]) -> bool:
    return match(query, event) is not None


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("troops", "North Korean troops are in Russia", True),
        ("TROOPS", "North Korean troops are in Russia", True),
        ("troop", "North Korean troops are in Russia", False),  # whole words only
        ("troop*", "North Korean troops are in Russia", True),
        ("troop*", "the troupe sang", False),
        ("Jenča", "Miroslav Jenca said", True),  # diacritics-insensitive, both ways
        ("jenca", "Miroslav Jenča said", True),
        ('"North Korean troops"', "North Korean troops are in Russia", True),
        ('"troops North Korean"', "North Korean troops are in Russia", False),  # order matters
        ('"North troops"', "North Korean troops are in Russia", False),  # adjacency matters
        ('"Korean tro*"', "North Korean troops are in Russia", True),
        ("Pyongyang's", "Pyongyang\u2019s forces", True),  # apostrophes of either kind
        ("Pyongyang", "Pyongyang's forces", True),
        ("10.000", "10.000 troops", True),
        ("Jong-hyun", "Kim Jong-hyun said", True),
        ("troops nuclear", "troops and nuclear arms", True),
        ("troops nuclear", "troops only", False),
        ("troops OR nuclear", "nuclear only", True),
        ("troops -nuclear", "troops only", True),
        ("troops -nuclear", "troops and nuclear arms", False),
        ("troops NOT (nuclear OR missiles)", "troops and missiles", False),
        ("NOT troops", "nothing here", True),
        ("a OR b c", "a only", True),  # a OR (b AND c)
        ("a OR b c", "b only", False),
        ("(a OR b) c", "a only", False),
    ],
)
def test_content_matching(query: str, text: str, expected: bool) -> None:
    assert hits(query, statement(text, **AUSTIN)) is expected


@pytest.mark.parametrize(
    ("query", "speaker", "expected"),
    [
        ('speaker:"Lloyd Austin"', AUSTIN, True),
        ("speaker:austin", AUSTIN, True),  # words of the name
        ("speaker:lloyd-austin", AUSTIN, True),  # or the speaker id
        ("speaker:Lloyd", NEBENZIJA, False),
        ("speaker:Nebenz*", NEBENZIJA, True),
        ("speaker:NEBENZIJA", NEBENZIJA, True),
        ("country:Russia", NEBENZIJA, True),
        ('country:"North Korea"', KIM, False),  # South Korea is not North Korea
        ("country:Korea", KIM, True),  # words of the value, not equality
        ('country:(Russia OR "North Korea")', NEBENZIJA, True),
        ("title:minister", KIM, True),
        ("title:UN", NEBENZIJA, True),
        ('title:"Defense Secretary"', AUSTIN, True),
        ("org:NATO", AUSTIN, False),
        ("type:person", AUSTIN, True),
        ("type:anonymous", AUSTIN, False),
        ("-type:anonymous", AUSTIN, True),
    ],
)
def test_field_filters(query: str, speaker: dict[str, Any], expected: bool) -> None:
    assert hits(query, statement("words", **speaker)) is expected


def test_kind_source_and_missing_speaker() -> None:
    direct = statement("We will act", kind="direct", source="Associated Press", **AUSTIN)
    anonymous = statement("troops moved", kind="indirect", source="Reuters", type="anonymous",
                          title="official")
    no_speaker = statement("troops moved")
    assert hits("kind:direct", direct) and not hits("kind:direct", anonymous)
    assert hits('source:"Associated Press"', direct) and hits("source:reuters", anonymous)
    assert hits("type:anonymous troops", anonymous)
    # No speaker: speaker filters fail, exclusions of them hold, content still matches.
    assert not hits("speaker:anyone", no_speaker)
    assert not hits("type:person", no_speaker)
    assert hits("troops -type:person", no_speaker)


def test_why_names_the_terms_found_and_the_fields_that_held() -> None:
    event = statement("North Korean troops and tactical nuclear weapons", kind="indirect", **NEBENZIJA)
    query = 'country:(Russia OR "North Korea") AND (troop* OR "nuclear weapons" OR missiles) -Kursk'
    why = match(query, event)
    assert why is not None
    # Only what was found; not the alternative that was absent, not the exclusion.
    assert why.terms == ("troop*", "nuclear weapons")
    assert why.fields == {"country": "Russia"}
    alert = why.alert("ru-kp", event)
    assert alert["matched"] == {
        "query": 'country:(Russia OR "North Korea") AND (troop* OR "nuclear weapons" OR missiles) -Kursk',
        "terms": ["troop*", "nuclear weapons"],
        "fields": {"country": "Russia"},
    }
    assert events.schema_errors(alert) == []
    assert alert["alert_id"] == events.alert_id("ru-kp", event["statement_id"])


def test_no_match_returns_none() -> None:
    assert match("troops", statement("nothing relevant", **AUSTIN)) is None


def test_demo_subscriptions_on_the_seed_article(seed_statements: list[dict[str, Any]]) -> None:
    """The packaged demo file alerts on exactly the statements its descriptions promise."""
    subs = SubscriptionSet(demo_subscriptions_path())
    found: dict[str, list[str]] = {s.id: [] for s in subs.subscriptions}
    for event in seed_statements:
        for sub, why in subs.match(event):
            found[sub.id].append(event["speaker"]["name"] or event["speaker"]["title"])
            assert events.schema_errors(why.alert(sub.id, event)) == []
    assert found["ru-kp-troops-nuclear"] == ["Vasiliy Nebenzija", "Pyongyang"]  # not South Korea's Kim
    assert found["lloyd-austin"] == ["Lloyd Austin"] * 5
    assert found["anonymous-kursk-troops"] == ["official"]
    assert sorted(set(found["united-nations"])) == ["Miroslav Jenča", "Robert Wood", "Vasiliy Nebenzija"]
    assert found["direct-quotes-on-withdrawal"] == ["Lloyd Austin"]


# --- the index: same answers as testing every query, far fewer evaluations ------------------------

VOCAB = ["troops", "nuclear", "kursk", "russia", "korea", "withdraw", "a", "un", "missiles", "border"]
_term = st.sampled_from(VOCAB + ["troop*", "nuc*", '"north korea"', '"nuclear weap*"', "kind:direct",
                                 "type:anonymous", "country:russia", "speaker:austin", "title:envoy*",
                                 "speaker:lloyd-austin"])


@st.composite
def queries(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 2 or draw(st.booleans()):
        return draw(_term)
    op = draw(st.sampled_from([" AND ", " OR ", " ", " -", " NOT "]))
    left, right = draw(queries(depth + 1)), draw(queries(depth + 1))
    return f"({left}{op}{right})"


@st.composite
def statements(draw: st.DrawFn) -> dict[str, Any]:
    text = " ".join(draw(st.lists(st.sampled_from(VOCAB + ["troopers", "nuclearly", "north", "weapons"]),
                                  max_size=8)))
    who = draw(st.sampled_from([AUSTIN, NEBENZIJA, KIM, {}, {"type": "anonymous", "title": "envoy"}]))
    return statement(text, validate=False, kind=draw(st.sampled_from(["direct", "mixed", "indirect"])), **who)


@settings(max_examples=100, deadline=None)
@given(st.lists(queries(), min_size=1, max_size=12), st.lists(statements(), min_size=1, max_size=5))
def test_index_agrees_with_testing_every_query(texts: list[str], events_: list[dict[str, Any]]) -> None:
    compiled = [compile_query(t) for t in texts]
    index = QueryIndex(list(enumerate(compiled)))
    for event in events_:
        brute = [(n, match(q, event)) for n, q in enumerate(compiled)]
        assert index.match(event) == [(n, why) for n, why in brute if why is not None]


def test_index_evaluates_only_plausible_queries() -> None:
    """Thousands of subscriptions: a statement is tested against the few that could match."""
    rng = random.Random(7)
    names = [f"name{i}" for i in range(3000)]
    subs = [(f"s{i}", compile_query(f'speaker:{names[i]} OR ("{rng.choice(names)} {rng.choice(names)}" -x)'))
            for i in range(3000)]
    # Field filters shared by many subscriptions (a country, a type) do not make them all candidates.
    subs += [(f"c{i}", compile_query(f"country:Russia type:person (word{i} OR \"other{i} words\")"))
             for i in range(1000)]
    subs += [("troops", compile_query("troop* country:Russia")),
             ("all-direct", compile_query("NOT kind:indirect"))]
    index = QueryIndex(subs)
    event = prepare(statement("North Korean troops are in Russia", kind="indirect", **NEBENZIJA))
    assert len(index.candidates(event)) <= 2
    assert [key for key, _ in index.match(event)] == ["troops"]
