"""One path from an article to statement events: what `alerts test`, `extract`, the demo and the benchmarks
expect is what the enrich agent publishes, speaker KB included."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
from click.testing import CliRunner

from streams.alerts import compile_query, file_statements, preview
from streams.cli import _write_all, main
from streams.pipeline import Pipeline
from streams.settings import Settings

# Invented: a sitting US senator quoted without "US" anywhere in the text; the KB knows his office.
ARTICLE = {"schema": "article.v1", "article_id": "kb-only-country", "revision": 1,
           "published_at": "2016-09-20T10:00:00Z",
           "body": "Lindsey Graham said the budget plan would fail in the Senate."}


def _without_stamp(event: dict) -> dict:
    return {k: v for k, v in event.items() if k != "extracted_at"}


def test_alerts_test_matches_a_country_only_the_speaker_kb_supplies(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    path.write_text(json.dumps(ARTICLE))
    statements = file_statements(path)
    assert [s["speaker"]["country"] for s in statements] == ["United States"]
    assert statements[0]["speaker"]["role_source"] == "kb"
    found = preview(compile_query('country:"United States"'), statements)
    assert len(found) == 1, "a KB-supplied country did not match in the preview, as it does in the workers"


def test_extract_prints_what_the_pipeline_process_gives(tmp_path: Path) -> None:
    path = tmp_path / "article.json"
    path.write_text(json.dumps(ARTICLE))
    result = CliRunner().invoke(main, ["extract", "--jsonl", str(path)])
    assert result.exit_code == 0, result.output
    printed = [_without_stamp(orjson.loads(line)) for line in result.output.splitlines()]
    expected = [_without_stamp(dict(e)) for e in Pipeline.from_settings(Settings()).process(ARTICLE)]  # type: ignore[arg-type]
    assert printed == expected and printed


def test_a_remembering_pipeline_recalls_a_role_across_articles() -> None:
    pipeline = Pipeline.from_settings(Settings(kb_link=False), memory={})
    first = dict(ARTICLE, article_id="a1", body="Senator Ana Ruiz of Ohio said the bill would pass.")
    second = dict(ARTICLE, article_id="a2", body="Ana Ruiz said the vote was close.")
    pipeline.process(first)  # type: ignore[arg-type]
    (later,) = pipeline.process(second)  # type: ignore[arg-type]
    assert later["speaker"]["title"] == "Senator" and later["speaker"]["role_source"] == "memory"
    alone = Pipeline.from_settings(Settings(kb_link=False)).process(second)  # type: ignore[arg-type]
    assert alone[0]["speaker"]["title"] is None, "extract (no memory) must not carry roles between articles"


def test_default_roles_are_the_settings_defaults(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``extract`` skips the settings when no QUOTEWIRE_* variable is set: its pipeline must be the one the
    default settings give (no registry, the packaged KB, the same threshold), or output would change."""
    for name in list(os.environ):
        if name.upper().startswith("QUOTEWIRE_"):
            monkeypatch.delenv(name)
    assert not Pipeline.configured(os.environ)
    fast, full = Pipeline.with_default_roles(), Pipeline.from_settings(Settings())
    assert (fast.book.registry, fast.book.kb, fast.book.kb_threshold, fast.remembers) == (
        full.book.registry, full.book.kb, full.book.kb_threshold, full.remembers)
    assert fast.process(ARTICLE) and [_without_stamp(dict(e)) for e in fast.process(ARTICLE)] == [  # type: ignore[arg-type]
        _without_stamp(dict(e)) for e in full.process(ARTICLE)]  # type: ignore[arg-type]


def test_only_quotewire_variables_configure_the_settings() -> None:
    """What ``Pipeline.configured`` relies on: no .env file, secrets directory or alias reads anything else."""
    config = Settings.model_config
    assert config.get("env_prefix") == "QUOTEWIRE_" and not config.get("case_sensitive")
    assert not config.get("env_file") and not config.get("secrets_dir") and not config.get("cli_parse_args")
    assert all(f.alias is None and f.validation_alias is None for f in Settings.model_fields.values())


def test_any_quotewire_variable_counts_as_configured() -> None:
    assert Pipeline.configured({"QUOTEWIRE_KB_LINK": "false"})
    assert Pipeline.configured({"quotewire_kb_file": "x.kb"})  # the settings ignore case
    assert not Pipeline.configured({"HOME": "/root", "XQUOTEWIRE_KB_FILE": "x"})


def _modules_loaded_by_extract(tmp_path: Path, **env_values: str) -> set[str]:
    article = tmp_path / "a.txt"
    article.write_text('Officials said "the talks go on".')
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("QUOTEWIRE_")} | env_values
    probe = ("import sys; sys.argv = ['quotewire', 'extract', '--jsonl', sys.argv[1]]\n"
             "from streams.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(' '.join(sys.modules), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, str(article)], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    assert '"statement_id"' in done.stdout, done.stdout  # the statement, printed
    return set(done.stderr.split())


def test_extract_with_default_settings_does_not_load_pydantic(tmp_path: Path) -> None:
    """A start-up guard: pydantic and pydantic-settings (which loads asyncio) cost a third of the start-up
    of ``quotewire extract``; with no QUOTEWIRE_* variable set, nothing needs them."""
    assert not {"pydantic", "pydantic_settings", "asyncio", "streams.settings"} & _modules_loaded_by_extract(tmp_path)
    assert "pydantic_settings" in _modules_loaded_by_extract(tmp_path, QUOTEWIRE_KB_LINK="true")


def test_extract_with_default_settings_does_not_load_what_only_the_workers_use(tmp_path: Path) -> None:
    """A start-up guard: statement batches, the contracts' TypedDicts (types for mypy), dead letters' base64 and
    the registry (no registry file by default) are import time ``quotewire extract`` does not need."""
    loaded = _modules_loaded_by_extract(tmp_path)
    assert not {"streams.batches", "streams.contracts", "base64", "streams.nlp.registry", "csv"} & loaded
    registry = tmp_path / "registry.csv"
    registry.write_text("name,speaker_id,aliases,title,organization,country,valid_from,valid_to\n"
                        "Ana Ruiz,,,Mayor,,,,\n")
    assert "streams.nlp.registry" in _modules_loaded_by_extract(tmp_path, QUOTEWIRE_REGISTRY_FILE=str(registry))


def test_extract_with_default_settings_does_not_load_openssl(tmp_path: Path) -> None:
    """A start-up guard: statement ids and the gazetteer cache's name hash with Python's own SHA-256 (hashlib loads
    OpenSSL's libcrypto, a tenth of the imports)."""
    assert not {"hashlib", "_hashlib"} & _modules_loaded_by_extract(tmp_path)


class _ShortWrites(io.RawIOBase):
    """A raw stdout (PYTHONUNBUFFERED) that takes at most 7 bytes a call, as a pipe may."""

    def __init__(self) -> None:
        self.got = bytearray()
        self.calls = 0

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[no-untyped-def, override]
        self.calls += 1
        self.got += bytes(b[:7])
        return min(len(b), 7)


def test_extract_writes_all_of_an_article_even_when_stdout_takes_part_of_it() -> None:
    out = _ShortWrites()
    _write_all(out, b'{"a": 1}\n{"b": 2}\n')  # type: ignore[arg-type]
    assert bytes(out.got) == b'{"a": 1}\n{"b": 2}\n' and out.calls == 3
