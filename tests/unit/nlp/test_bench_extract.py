"""bench_extract: counts what it read and extracted, and prints a readable table."""
from __future__ import annotations

from pathlib import Path

from streams.bench_extract import bench_extract, enrichment_share, format_table


def test_counts_articles_words_and_statements(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('Officials met.\n"We will build it," the mayor said.\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text("Officials met.\nThe mayor said the port would expand.\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    result = bench_extract(tmp_path, resolve=False)
    assert result["articles"] == 2
    assert result["statements"] == 2
    assert result["words"] == 18
    assert result["stage"] == "extract" and result["resolve"] is False
    assert result["seconds"] > 0 and result["articles_per_s"] > 0
    assert abs(result["words_per_s"] - result["words"] / result["seconds"]) < 1e-6


def test_table_has_a_row_per_result(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Officials met.\nThe mayor said the port would expand.\n", encoding="utf-8")
    row = bench_extract(tmp_path, resolve=False)
    table = format_table([row, {**row, "stage": "extract + resolve"}])
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["stage", "articles"] and "articles/s" in lines[0] and "words/s" in lines[0]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith("extract ") and lines[3].startswith("extract + resolve")
    assert format_table(row).count("\n") == 2


def test_table_says_what_resolution_adds_per_article(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text('"We will build it," Mayor Ana Ruiz said. She said it would open soon.\n',
                                    encoding="utf-8")
    plain = bench_extract(tmp_path, resolve=False)
    assert plain["ms_per_article"] == 1000 * plain["cpu_seconds"]
    assert "resolution adds" not in format_table(plain)
    rows = [{**plain, "cpu_seconds": 1.0},
            {**plain, "stage": "extract + resolve", "resolve": True, "cpu_seconds": 1.25}]
    assert enrichment_share(rows) == 0.25
    last = format_table(rows).splitlines()[-1]
    assert last == "speaker resolution adds +25% to extraction's CPU time per article"
