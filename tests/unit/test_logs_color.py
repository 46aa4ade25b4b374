"""Log colours: on a terminal, unless NO_COLOR is set (https://no-color.org)."""
from __future__ import annotations

import io
import logging

import pytest
import structlog

from streams.logs import configure_logging


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def logged(monkeypatch: pytest.MonkeyPatch, no_color: str | None) -> str:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    stream = Terminal()
    structlog.reset_defaults()
    configure_logging("info", "auto", stream=stream)
    structlog.get_logger("test").warning("worker.died", role="alerts")
    logging.getLogger("faust").warning("from the standard library")
    return stream.getvalue()


def test_no_color_turns_colours_off(monkeypatch: pytest.MonkeyPatch) -> None:
    out = logged(monkeypatch, "1")
    assert "worker.died" in out and "from the standard library" in out
    assert "\x1b[" not in out


def test_a_terminal_gets_colours_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" in logged(monkeypatch, None)
    assert "\x1b[" in logged(monkeypatch, "")  # empty means unset


def test_no_color_reaches_styled_cli_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo's statement lines are styled with click; NO_COLOR drops the styles even on a terminal."""
    import click
    from click.testing import CliRunner

    from streams.cli import main

    @main.command("styled-probe")
    def probe() -> None:
        click.echo(click.style("statement #1", fg="cyan"))

    try:
        monkeypatch.delenv("NO_COLOR", raising=False)
        assert "\x1b[" in CliRunner().invoke(main, ["styled-probe"], color=True).output
        monkeypatch.setenv("NO_COLOR", "1")
        result = CliRunner().invoke(main, ["styled-probe"], color=True)
        assert result.exit_code == 0 and "statement #1" in result.output and "\x1b[" not in result.output
    finally:
        main.commands.pop("styled-probe")
