"""The sources file: the example loads, and mistakes are reported with their place."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.ingest.sources import SourcesError, load_sources, parse_sources
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


def settings(**extra: object) -> Settings:
    return Settings(push_token="tok", push_host="127.0.0.1", push_port=9090, **extra)  # type: ignore[arg-type]


def test_example_file_loads() -> None:
    sources = load_sources(ROOT / "deploy/examples/sources.yaml", settings())
    assert [f.name for f in sources.feeds] == ["lowmarsh-gazette", "northfold-courier", "brackwater-daily"]
    lowmarsh, northfold, brackwater = sources.feeds
    assert lowmarsh.interval == 300 and lowmarsh.fetch_full_text == "auto" and lowmarsh.language == "en"
    assert northfold.interval == 120 and northfold.fetch_full_text == "always" and northfold.language == "nb"
    assert brackwater.timeout == 10 and brackwater.backoff_max == 3600
    assert sources.ndjson[0].path == "/var/lib/quotewire/backfill.ndjson" and not sources.ndjson[0].follow
    assert sources.push is not None and sources.push.host == "0.0.0.0" and sources.push.port == 8080
    assert sources.push.token == "tok"
    assert sources.http.host_delay == 1.0 and sources.status.write_interval == 10


def test_defaults_from_settings_and_names_from_urls() -> None:
    sources = parse_sources(
        {
            "sources": [
                {"type": "feed", "url": "https://wire.example/rss"},
                {"type": "ndjson", "path": "-"},
                {"type": "push"},
            ]
        },
        settings(),
    )
    assert sources.feeds[0].name == "wire.example"
    assert sources.ndjson[0].name == "stdin"
    assert sources.push is not None and (sources.push.host, sources.push.port) == ("127.0.0.1", 9090)
    assert (sources.status.host, sources.status.port) == ("127.0.0.1", 9090)


def test_disabled_push_needs_no_token() -> None:
    sources = parse_sources({"sources": [{"type": "push", "enabled": False}]}, Settings())
    assert sources.push is None


def errors(raw: object, s: Settings | None = None) -> list[str]:
    with pytest.raises(SourcesError) as info:
        parse_sources(raw, s or settings(), origin="sources.yaml")
    return str(info.value).splitlines()


def test_errors_name_the_place_and_the_problem() -> None:
    lines = errors(
        {
            "defaults": {"interval": "soon"},
            "sources": [
                {"type": "feed", "name": "wire", "url": "https://wire.example/rss", "interval": -5},
                {"type": "feed", "url": "ftp://wire.example/rss"},
                {"type": "rss", "url": "https://x.example"},
                {"url": "https://y.example"},
                {"type": "ndjson", "path": "/tmp/x", "colour": "blue"},
                {"type": "feed", "url": "https://z.example/rss", "fetch_full_text": "sometimes"},
            ],
        }
    )
    text = "\n".join(lines)
    assert "sources.yaml: defaults.interval: not a duration: 'soon'" in text
    assert "sources[0] (feed 'wire').interval: Input should be greater than 0" in text
    assert "sources[1] (feed 'ftp://wire.example/rss'): url must be an http(s) URL" in text
    assert "sources[2] (rss 'https://x.example'): type must be one of: feed, ndjson, push" in text
    assert "sources[3] (? 'https://y.example'): missing type" in text
    assert "sources[4] (ndjson '/tmp/x').colour: unknown setting" in text
    assert (
        "sources[5] (feed 'https://z.example/rss').fetch_full_text: "
        "Input should be 'auto', 'always' or 'never'" in text
    )
    assert len(lines) == 7


def test_cross_source_problems() -> None:
    text = "\n".join(
        errors(
            {
                "sources": [
                    {"type": "feed", "name": "a", "url": "https://a.example/rss"},
                    {"type": "feed", "name": "a", "url": "https://b.example/rss"},
                    {"type": "push"},
                    {"type": "push"},
                    {"type": "ndjson", "path": "-", "follow": True},
                    {
                        "type": "feed",
                        "url": "https://c.example/rss",
                        "backoff_base": "2h",
                        "backoff_max": "1h",
                    },
                ]
            }
        )
    )
    assert "sources[1]: name 'a' is already used by sources[0]" in text
    assert "sources[3]: only one push source is allowed" in text
    assert "follow applies to files, not to stdin" in text
    assert "backoff_base is larger than backoff_max" in text


def test_push_without_token_is_refused() -> None:
    (line,) = errors({"sources": [{"type": "push"}]}, Settings())
    assert "QUOTEWIRE_PUSH_TOKEN" in line


def test_empty_or_shapeless_files() -> None:
    assert "expected a mapping" in errors(None)[0]
    assert "sources: List should have at least 1 item" in errors({"sources": []})[0]
    assert "sources: Field required" in errors({"defaults": {}})[0]


def test_durations() -> None:
    sources = parse_sources(
        {
            "defaults": {"interval": "1h", "timeout": "1500ms", "backoff_base": 7},
            "http": {"host_delay": 0},
            "sources": [{"type": "feed", "url": "https://a.example/", "interval": "2m"}],
        },
        settings(),
    )
    assert sources.feeds[0].interval == 120 and sources.feeds[0].timeout == 1.5
    assert sources.feeds[0].backoff_base == 7 and sources.http.host_delay == 0


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="cannot read the sources file"):
        load_sources(tmp_path / "missing.yaml", settings())
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources:\n  - type: feed\n    url: [unclosed\n")
    with pytest.raises(SourcesError, match=r"not valid YAML \(line \d+, column \d+\)"):
        load_sources(bad, settings())
    with pytest.raises(SourcesError, match="QUOTEWIRE_SOURCES_FILE"):
        load_sources(None, settings())


def test_intervals_must_be_finite_and_bounded(tmp_path: Path) -> None:
    """``interval: .inf`` passed validation and killed ingest at the feed's first failed poll."""
    path = tmp_path / "sources.yaml"
    path.write_text(
        "defaults: {backoff_max: .nan}\n"
        "http: {host_delay: .inf}\n"
        "sources:\n"
        "  - {type: feed, name: a, url: 'https://a.example/', interval: .inf}\n"
        "  - {type: feed, name: b, url: 'https://b.example/', timeout: 1.0e+300}\n"
        "  - {type: feed, name: c, url: 'https://c.example/', interval: 30d}\n"
    )
    with pytest.raises(SourcesError) as info:
        load_sources(path, settings())
    lines = str(info.value).splitlines()
    assert any("defaults.backoff_max" in line and "finite" in line for line in lines), lines
    assert any("http.host_delay" in line and "finite" in line for line in lines), lines
    assert any("sources[0] (feed 'a').interval" in line and "finite" in line for line in lines), lines
    assert any("sources[1] (feed 'b').timeout" in line and "at most" in line for line in lines), lines
    assert any("sources[2] (feed 'c').interval" in line for line in lines), lines
    week = parse_sources(
        {"sources": [{"type": "feed", "url": "https://a.example/", "interval": "168h"}]}, settings()
    )
    assert week.feeds[0].interval == 7 * 86400
