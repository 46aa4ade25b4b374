"""Matching is total (issue 19 item 5): any statement.v1 event matches or not, and never crashes; a
statement that does not pass statement.v1 is refused with a reason naming the field."""
from __future__ import annotations

from typing import Any

import pytest
from alerts_fixtures import statement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams import events
from streams.alerts import QueryIndex, compile_query
from streams.alerts.match import UnmatchableStatement, match_event

QUERIES = [
    'troop*', '"North Korea"', 'speaker:Austin', 'speaker:"person:lloyd-austin"', 'title:secretary',
    'org:pentagon', 'country:(Russia OR "North Korea")', 'type:anonymous', 'kind:direct', 'source:AP',
    'NOT kind:indirect', 'jenca AND -title:envoy', 'nuclear* OR title:(defense*)',
]
INDEX = QueryIndex((q, compile_query(q)) for q in QUERIES)

text = st.text(max_size=40)
nullable = st.none() | text


@st.composite
def statements(draw: st.DrawFn) -> dict[str, Any]:
    speaker = draw(st.none() | st.fixed_dictionaries({
        "name": nullable, "speaker_id": nullable, "title": nullable, "organization": nullable,
        "country": nullable, "type": st.sampled_from(["person", "organization", "group", "anonymous"]),
        "role_source": st.sampled_from(["article", "memory", "registry", None]),
    }))
    event = statement(draw(text), kind=draw(st.sampled_from(["direct", "mixed", "indirect"])),
                      source=draw(nullable), **(speaker or {}))
    if speaker is None:
        event["speaker"] = None
    event["article"]["title"] = draw(nullable)
    return event


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_any_valid_statement_matches_or_not_without_raising(event: dict[str, Any]) -> None:
    assert events.schema_errors(event) == []
    for key, why in INDEX.match(event):
        assert key in QUERIES and why.query == key


@pytest.mark.parametrize("field, value", [
    ("title", 12345), ("name", ["Lloyd", "Austin"]), ("country", {"x": 1}), ("speaker_id", 7), ("type", 3),
])
def test_a_non_text_speaker_field_is_refused_with_its_name(field: str, value: Any) -> None:
    event = statement("Troops are near Kursk", name="Lloyd Austin", title="Defense Secretary")
    event["speaker"][field] = value
    with pytest.raises(UnmatchableStatement, match=f"speaker.{field}"):
        INDEX.match(event)


def test_other_shapes_that_are_not_statement_v1_are_refused() -> None:
    for change in ({"content": "text"}, {"speaker": "Austin"}, {"kind": 1}, {"article": []}):
        event = {**statement("Troops are near Kursk"), **change}
        with pytest.raises(UnmatchableStatement):
            INDEX.match(event)


def test_one_bad_statement_in_a_batch_is_refused_and_the_others_match() -> None:
    """The match agent's step: the bad one becomes a dead letter with a reason, the other 19 match."""
    batch = [statement(f"Troops number {n} are near Kursk", name="Lloyd Austin", title="Defense Secretary")
             for n in range(20)]
    batch[5]["speaker"]["title"] = 12345
    outcomes = [match_event(events.dumps(e), INDEX) for e in batch]
    refused = [o for o in outcomes if o.error]
    assert len(refused) == 1 and refused[0].error == "unmatchable_statement"
    assert "speaker.title" in (refused[0].reason or "") and "int" in (refused[0].reason or "")
    per_statement = len(INDEX.match(batch[0]))
    assert per_statement >= 2 and sum(len(o.matches) for o in outcomes) == 19 * per_statement


def test_bytes_that_are_not_a_statement_are_refused_or_skipped() -> None:
    assert match_event(b"\xff not json", INDEX).error == "invalid_json"
    assert match_event(b'{"schema": "alert.v1"}', INDEX).matches == []
    assert match_event(b'{"schema": "alert.v1"}', INDEX).error is None
