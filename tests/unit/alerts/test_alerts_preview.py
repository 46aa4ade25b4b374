"""`quotewire alerts test QUERY [FILE]`: which statements would alert, and why."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from streams.alerts.preview import file_statements, format_preview, preview
from streams.alerts.query import QueryError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_preview_lists_matching_statements_with_why(seed_statements: list[dict[str, Any]]) -> None:
    results = preview("type:anonymous AND (Kursk OR troop*)", seed_statements)
    assert len(results) == 1
    (event, why), = results
    assert event["content"]["text"].startswith("North Korean troops are now stationed 50 kilometers")
    assert why.terms == ("troop*",) and why.fields == {"type": "anonymous"}
    text = format_preview(results, total=len(seed_statements))
    assert text.splitlines() == [
        "#16 indirect A Ukrainian official (official, Ukraine)",
        "    North Korean troops are now stationed 50 kilometers from Ukraine's border with Russia",
        "    matched: troop*, type:anonymous",
        "1 matching statement(s) of 22",
    ]


def test_preview_without_matches_and_with_a_bad_query(seed_statements: list[dict[str, Any]]) -> None:
    assert preview('speaker:"Kim Jong Un"', seed_statements) == []
    assert format_preview([], total=22) == "0 matching statement(s) of 22"
    with pytest.raises(QueryError, match=r"expected a term after '\(' \(column 9\)"):
        preview("troops (", seed_statements)


def test_a_statements_file_is_used_as_is(tmp_path: Path, seed_statements: list[dict[str, Any]]) -> None:
    path = tmp_path / "statements.jsonl"  # e.g. the output of `quotewire extract --jsonl`
    path.write_text("".join(json.dumps(e) + "\n" for e in seed_statements), encoding="utf-8")
    loaded = file_statements(path)
    assert loaded == seed_statements
    assert [e["index"] for e, _ in preview('speaker:"Lloyd Austin"', loaded)] == [3, 5, 6, 9, 10]


def test_an_article_file_goes_through_the_extractor() -> None:
    try:
        from streams.events import article_from_text
        from streams.extract import analyse

        analyse(article_from_text("probe", "\u201cWe will act,\u201d Austin said."))
    except (ImportError, NotImplementedError) as exc:  # the extractor is built separately
        pytest.skip(f"NLP extractor not available: {exc}")
    statements = file_statements(FIXTURES / "seed-article.txt")
    assert statements and all(e["article_id"] == "seed-article" for e in statements)
    results = preview("troop*", statements)
    assert results and all("troop" in e["content"]["text"].lower() for e, _ in results)
