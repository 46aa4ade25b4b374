"""The write benchmark runs on a scratch SQLite store and reports a rate."""
from __future__ import annotations

from pathlib import Path

from streams.archive.bench_archive import bench_write, scratch_url
from streams.archive.samples import synthetic
from streams.events import schema_errors


def test_synthetic_events_are_valid_and_exact() -> None:
    articles, statements = synthetic(25, per_article=10)
    assert len(statements) == 25 and len(articles) == 3
    assert all(schema_errors(e) == [] for e in statements)
    assert all(schema_errors(a) == [] for a in articles)


def test_bench_write_on_sqlite() -> None:
    with scratch_url("sqlite") as url:
        result = bench_write(url, 300, batch_size=100)
        path = Path(url.removeprefix("sqlite://"))
        assert path.exists()
    assert not path.exists()
    assert result["backend"] == "sqlite"
    assert result["inserted"] == 300 and result["batches"] == 3
    assert result["statements_per_s"] > 0


def test_bench_write_prefills_untimed_and_reports_cpu_per_statement() -> None:
    with scratch_url("sqlite") as url:
        result = bench_write(url, 200, batch_size=100, prefill=300)
        from streams.archive import open_store

        with open_store(url) as store:
            assert store.count_statements() == 500  # the prefill is there, under other articles
    assert result["inserted"] == 200 and result["prefill"] == 300
    assert result["cpu_us_per_statement"] > 0
