"""The read-only archive commands (search, archive stats) as a user runs them: errors, never tracebacks."""
from __future__ import annotations

from pathlib import Path

import pytest
from archive_contract import QUOTES, _statements
from click.testing import CliRunner, Result

from streams.archive import open_store
from streams.cli import main
from streams.settings import get_settings


def _run(args: list[str], archive: str) -> Result:
    get_settings.cache_clear()  # the settings are read once per process
    try:
        return CliRunner().invoke(main, args, env={"QUOTEWIRE_ARCHIVE": archive})
    finally:
        get_settings.cache_clear()


@pytest.fixture
def archive(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'archive.sqlite3'}"
    with open_store(url, migrate=True) as store:
        article, events = _statements("cli-1", QUOTES, source="Reuters", published_at="2024-10-01T08:00:00Z")
        store.write_articles([article])
        store.write_statements(events)
    return url


@pytest.mark.parametrize("since", ["99999999d", "99999999999999999999w", "9999999999999999999999s"])
def test_a_relative_time_before_year_one_is_a_usage_error(archive: str, since: str) -> None:
    result = _run(["search", "talks", "--since", since], archive)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--since'" in result.output and "before the year 1" in result.output
    assert not isinstance(result.exception, OverflowError)


@pytest.mark.parametrize("command", [["search", "talks"], ["search"], ["archive", "stats"]])
def test_a_missing_archive_is_reported_and_not_created(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nonexistent" / "dir" / "x.db"
    result = _run(command, f"sqlite:///{missing}")
    assert result.exit_code == 1, result.output
    assert f"no archive exists at {missing}" in result.output and "quotewire worker" in result.output
    assert not (tmp_path / "nonexistent").exists()


def test_a_phrase_over_the_limit_is_a_clear_error(archive: str) -> None:
    result = _run(["search", '"' + " ".join(["word"] * 20_000) + '"'], archive)
    assert result.exit_code == 1, result.output
    assert "at most 100 words; this one has 20000" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_search_and_stats_of_an_existing_archive(archive: str) -> None:
    found = _run(["search", "talks", "--since", "36500d", "--format", "csv"], archive)
    assert found.exit_code == 0, found.output
    assert found.output.count("Jane Doe") == 4
    stats = _run(["archive", "stats", "--format", "json"], archive)
    assert stats.exit_code == 0 and '"Jane Doe"' in stats.output
