"""Rendering search results (table, jsonl, csv) and stats for the CLI."""
from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import orjson
import pytest
from archive_contract import CORPUS, _statements

from streams.archive import open_store
from streams.archive.format import (
    CSV_COLUMNS,
    fit_label,
    render_results,
    render_stats,
    speaker_label,
    speaker_labels,
    truncate,
    write_results,
)
from streams.archive.samples import Quote


@pytest.fixture
def events() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for article_id, meta, quotes, extracted_at in CORPUS:
        out += _statements(article_id, quotes, extracted_at=extracted_at, **meta)[1]
    return out


def test_truncate_cuts_at_a_word_boundary() -> None:
    assert truncate("short", 10) == "short"
    assert truncate("the ceasefire must hold in Kursk", 20) == "the ceasefire must…"
    assert truncate("abcdefghijklmnopqrstuvwxyz", 10) == "abcdefghi…"
    assert len(truncate("x" * 100, 7)) == 7
    assert truncate("anything", 0) == ""


def test_speaker_labels_shorten_by_dropping_role_parts() -> None:
    event = {"speaker": {"name": "A B", "title": "envoy", "country": "Norway"}}
    assert speaker_labels(event) == ["A B (envoy, Norway)", "A B (envoy)", "A B"]
    assert fit_label(speaker_labels(event), 12) == "A B (envoy)"
    assert fit_label(speaker_labels(event), 2) == "A…"


def test_speaker_label() -> None:
    assert speaker_label({"speaker": None}) == "—"
    full = {"speaker": {"name": "A B", "title": "envoy", "country": "Norway"}}
    assert speaker_label(full) == "A B (envoy, Norway)"
    assert speaker_label({"speaker": {"name": "A B", "organization": "UN"}}) == "A B (UN)"
    assert speaker_label({"speaker": {"name": None, "type": "anonymous", "country": "Iran"}}) == (
        "unnamed anonymous (Iran)")


def test_table_has_readable_columns_within_the_width(events: list[dict[str, Any]]) -> None:
    text = render_results(events, "table", width=140)
    lines = text.splitlines()
    assert lines[0].split() == ["DATE", "SOURCE", "SPEAKER", "KIND", "CONTENT"]
    assert len(lines) == 1 + len(events)
    assert all(len(line) <= 140 for line in lines)
    narrow = render_results(events, "table", width=90).splitlines()
    assert all(len(line) <= 90 for line in narrow)
    assert "Vassily Nebenzia " in narrow[1]  # the role gives way before the name does
    kursk = next(line for line in lines if "Kursk" in line or "ceasefire must" in line)
    assert kursk.startswith("2024-10-01 08:00  Reuters")
    assert "Vassily Nebenzia (ambassador, Russia)" in kursk
    assert "direct" in kursk
    unattributed = next(line for line in lines if "wider war" in line)
    assert unattributed.startswith("2024-10-20 00:00")  # extraction time stands in
    assert "—" in unattributed


def test_table_truncates_long_content_and_flattens_newlines() -> None:
    quote = Quote("word " * 60 + "end", "Jane Doe")
    _, [event] = _statements("long", [quote], published_at="2024-10-01T00:00:00Z")
    event["content"]["text"] = event["content"]["text"].replace(" ", "\n", 3)
    [_, line] = render_results([event], "table", width=80).splitlines()
    assert len(line) <= 80 and line.endswith("…") and "\n" not in line


def test_table_of_nothing() -> None:
    assert render_results([], "table") == "no statements found\n"


def test_jsonl_is_the_events(events: list[dict[str, Any]]) -> None:
    lines = render_results(events, "jsonl").splitlines()
    assert [orjson.loads(line) for line in lines] == events


def test_csv_round_trips_awkward_text(events: list[dict[str, Any]]) -> None:
    events[0]["content"]["text"] = 'He said, "no"\nthen left'
    out = io.StringIO()
    assert write_results(events, "csv", out) == len(events)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert rows[0]["content"] == 'He said, "no"\nthen left'
    assert rows[0]["speaker_country"] == "Russia"
    assert rows[-1]["speaker_name"] == ""


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="format"):
        render_results([], "xml")  # type: ignore[arg-type]


def test_stats_rendering(tmp_path: Path, events: list[dict[str, Any]]) -> None:
    with open_store(f"sqlite:///{tmp_path}/s.sqlite3", migrate=True) as store:
        store.write_statements(events)
        stats = store.stats()
        empty_dir = tmp_path / "empty"
        with open_store(f"sqlite:///{empty_dir}/e.sqlite3", migrate=True) as empty:
            empty_stats = empty.stats()
    text = render_stats(stats, width=80)
    assert "7 statements from 4 articles" in text and "4 speakers, 3 sources" in text
    assert "By source" in text and "Reuters" in text
    assert "By speaker" in text and "Vassily Nebenzia [vassily-nebenzia]" in text
    assert "2024-10-20" in text
    assert all(len(line) <= 80 for line in text.splitlines())
    assert orjson.loads(render_stats(stats, "json")) == stats
    assert "0 statements" in render_stats(empty_stats)


def test_the_table_does_not_pass_terminal_escapes_through(events: list[dict[str, Any]]) -> None:
    """Statement text, speaker and source come from articles: an ESC or other control character in them
    is shown escaped (``\\x1b``), not sent to the operator's terminal (colour, title, clipboard...)."""
    event = dict(events[0])
    event["content"] = {**event["content"], "text": "the talks \x1b]52;c;cHduZWQ=\x07go \x1b[2Jon\x9b31m"}
    event["speaker"] = {**(event.get("speaker") or {}), "name": "Jane\x1b[8m Doe"}
    event["article"] = {**(event.get("article") or {}), "source": "wire\x1b[1m"}
    text = render_results([event], "table", width=200)
    assert not any(c in text for c in "\x1b\x07\x9b"), repr(text)
    assert "\\x1b" in text
