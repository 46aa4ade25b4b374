"""The README stays true: its configuration table and its test command match the code."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from streams.cli import main

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_configuration_table_is_what_the_code_prints() -> None:
    result = CliRunner().invoke(main, ["config", "--markdown"])
    assert result.exit_code == 0
    assert result.output.strip() in README, "regenerate the README table with: quotewire config --markdown"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert command in README


def test_readme_has_exactly_the_two_quick_start_commands() -> None:
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("\n", 1)[1].strip() for b in quick.split("```sh")[1:]]
    commands = [b.split("```", 1)[0].strip() for b in blocks]
    assert len(commands) == 2
    assert commands[0].endswith("quotewire demo") and commands[1].endswith("pytest")
