"""The TypedDicts in streams/contracts.py and the JSON Schemas in schemas/ describe the same events."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, get_args

import pytest

from streams import contracts

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"

CASES = [
    ("article.v1.json", contracts.ArticleEvent),
    ("statement.v1.json", contracts.StatementEvent),
    ("statement-batch.v1.json", contracts.StatementBatchEvent),
    ("alert.v1.json", contracts.AlertEvent),
    ("deadletter.v1.json", contracts.DeadLetterEvent),
]


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text())


@pytest.mark.parametrize(("name", "typed"), CASES, ids=[c[0] for c in CASES])
def test_typed_dict_has_the_schemas_keys_and_required_set(name: str, typed: type) -> None:
    schema = _schema(name)
    assert set(typed.__annotations__) == set(schema["properties"]), name
    assert set(typed.__required_keys__) == set(schema["required"]), name


def test_statement_speaker_matches_the_schemas_speaker_object() -> None:
    speaker = next(o for o in _schema("statement.v1.json")["properties"]["speaker"]["oneOf"]
                   if o.get("type") == "object")
    assert set(contracts.Speaker.__required_keys__) == set(speaker["required"])
    assert set(contracts.Speaker.__annotations__) == set(speaker["properties"])
    schema_types = set(speaker["properties"]["type"]["enum"])
    assert set(get_args(contracts.SpeakerType)) == schema_types
    sources = {s for s in speaker["properties"]["role_source"]["enum"] if s is not None}
    assert sources <= set(get_args(contracts.RoleSource))


def test_deadletter_stages_match_the_schema() -> None:
    stages = set(_schema("deadletter.v1.json")["properties"]["stage"]["enum"])
    assert set(get_args(contracts.Stage)) == stages
