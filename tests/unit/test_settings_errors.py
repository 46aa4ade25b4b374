"""Invalid QUOTEWIRE_* values: one readable message naming the variable, exit 78, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from streams.settings import Settings

CONFIG_EXIT = 78


def run_config(*command: str, **env_values: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env.update({f"QUOTEWIRE_{k}": v for k, v in env_values.items()})
    return subprocess.run([sys.executable, "-m", "streams", *(command or ("config",))], env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("variable", "value"), [
    ("PARTITIONS", "1e20"),
    ("PARTITIONS", "100000000000000000000"),
    ("SESSION_TIMEOUT", "inf"),
    ("SESSION_TIMEOUT", "nan"),
    ("COMMIT_INTERVAL", "1e300"),
    ("BROKER", "notaurl"),
    ("BROKER", "kafka://host:99999"),
    ("BROKER", "http://k1:9092"),
    ("PUSH_PORT", "70000"),
    ("WEB_PORT", "65535"),  # the third role would serve on 65537
    ("EMBEDDED_PORT", "-1"),
    ("RETENTION_HOURS", "1e9"),
    ("WEBHOOK_MAX_ATTEMPTS", "1000000000"),
    ("TOPIC_PREFIX", "news/wire"),
    ("TOPIC_PREFIX", "x" * 240),
    ("TOPIC_PREFIX", ""),
])
def test_an_invalid_value_names_its_variable_and_exits_78(variable: str, value: str) -> None:
    result = run_config(**{variable: value})
    assert result.returncode == CONFIG_EXIT, (result.stdout, result.stderr)
    assert f"QUOTEWIRE_{variable}" in result.stderr
    assert "Traceback" not in result.stderr
    assert "pydantic" not in result.stderr and "errors.pydantic.dev" not in result.stderr
    assert len(result.stderr.splitlines()) <= 3, result.stderr


def test_every_bad_variable_is_listed_at_once() -> None:
    result = run_config(PARTITIONS="0", PUSH_PORT="70000")
    assert result.returncode == CONFIG_EXIT
    assert "QUOTEWIRE_PARTITIONS" in result.stderr and "QUOTEWIRE_PUSH_PORT" in result.stderr


def test_a_secret_is_not_echoed_in_the_error() -> None:
    result = run_config(KAFKA_SASL_MECHANISM="NOPE", KAFKA_SASL_PASSWORD="hunter2")
    assert result.returncode == CONFIG_EXIT
    assert "QUOTEWIRE_KAFKA_SASL_MECHANISM" in result.stderr and "hunter2" not in result.stderr


@pytest.mark.parametrize(("variable", "value"), [
    ("broker", "kafka://k1:9092,k2:9092"),
    ("broker", "k1:9092"),
    ("broker", "kafka://[::1]:9092"),
    ("topic_prefix", "news.wire_2-b"),
    ("web_port", "6066"),
    ("partitions", "12"),
])
def test_sane_values_still_pass(variable: str, value: str) -> None:
    Settings(**{variable: value})  # type: ignore[arg-type]


def test_the_longest_topic_name_stays_within_kafkas_limit() -> None:
    from streams.topics import catalogue

    longest_ok = "p" * 249
    while True:
        try:
            settings = Settings(topic_prefix=longest_ok)
            break
        except ValueError:
            longest_ok = longest_ok[:-1]
    assert max(len(spec.name) for spec in catalogue(settings)) == 249


def test_extract_reports_an_invalid_value_as_config_does(tmp_path: Path) -> None:
    """extract reads the settings only when a QUOTEWIRE_* variable is set (pydantic is slow to load): then
    an invalid one is still one line and exit 78."""
    article = tmp_path / "a.txt"
    article.write_text('Officials said "the talks go on".')
    result = run_config("extract", str(article), PARTITIONS="0")
    assert result.returncode == CONFIG_EXIT, result.stderr
    assert "QUOTEWIRE_PARTITIONS" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [("kb", "stats"), ("kb", "lookup", "Biden")])
def test_kb_commands_report_an_invalid_value_as_config_does(command: tuple[str, ...]) -> None:
    """kb stats/lookup read the settings themselves: an invalid value was a pydantic traceback, exit 1."""
    result = run_config(*command, PARTITIONS="0")
    assert result.returncode == CONFIG_EXIT, result.stderr
    assert "QUOTEWIRE_PARTITIONS" in result.stderr and "Traceback" not in result.stderr


def test_extract_with_a_missing_kb_or_registry_file_is_one_line_and_exit_78(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text('Officials said "the talks go on".')
    for variable, value in (("KB_FILE", str(tmp_path / "missing.kb")), ("REGISTRY_FILE", str(tmp_path))):
        result = run_config("extract", str(article), **{variable: value})
        assert result.returncode == CONFIG_EXIT, result.stderr
        assert value in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1, result.stderr
