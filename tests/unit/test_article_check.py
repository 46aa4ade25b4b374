"""The article check's fast reading accepts only what article.v1's validator accepts."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams import events
from streams.events import ARTICLE, _plainly_valid_article, parse_article, validator

ODD_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=12),
    st.sampled_from(["", "x" * 513, "x" * 512, "2024-03-04T08:00:00Z", "2024-03-04", "2024-13-40T99:00:00Z",
                     "2024-03-04T08:00:00+01:00", "article.v1", "article.v2"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
FIELDS = ["schema", "article_id", "body", "revision", "title", "source", "url", "author", "language",
          "published_at", "ingested_at", "trace_id", "extra"]


def usual() -> dict[str, Any]:
    return {"schema": ARTICLE, "article_id": "a-1", "body": "Text.", "revision": 1, "title": "T",
            "source": "wire", "url": None, "published_at": "2024-03-04T08:00:00Z"}


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), ODD_VALUES, max_size=len(FIELDS)))
def test_whatever_the_fast_reading_accepts_the_schema_accepts(changes: dict[str, Any]) -> None:
    event = {**usual(), **changes}
    if _plainly_valid_article(event):
        assert list(validator(ARTICLE).iter_errors(event)) == []


@pytest.mark.parametrize("field,value", [
    ("article_id", ""), ("article_id", "x" * 513), ("revision", 0), ("revision", True), ("revision", 2.0),
    ("body", ""), ("title", 3), ("published_at", "yesterday"), ("ingested_at", "2024-03-04"), ("schema", "x"),
])
def test_what_the_fast_reading_refuses_goes_to_the_validator(field: str, value: Any) -> None:
    assert not _plainly_valid_article({**usual(), field: value})


def test_a_usual_article_is_not_given_to_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refusing:
        format_checker = validator(ARTICLE).format_checker

        def iter_errors(self, event: Any) -> Any:
            raise AssertionError("jsonschema was asked")

    monkeypatch.setattr(events, "validator", lambda name: Refusing())
    article = parse_article(events.dumps(usual()), max_body_chars=1000)
    assert article["article_id"] == "a-1"
    with pytest.raises(AssertionError, match="jsonschema was asked"):  # the unsure case still is
        parse_article(events.dumps({**usual(), "revision": 2.0}), max_body_chars=1000)


def test_a_wrong_article_still_gets_the_schemas_reason() -> None:
    with pytest.raises(events.InvalidEvent) as err:
        parse_article(events.dumps({**usual(), "published_at": "yesterday"}), max_body_chars=1000)
    assert err.value.code == "invalid_article" and "published_at" in err.value.reason
