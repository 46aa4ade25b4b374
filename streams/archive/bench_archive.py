"""Archive write throughput: statements/s into a real store, in consumer-sized batches.

Events are generated up front (``samples.synthetic``) and only the ``write_statements``
calls are timed, so the figure is the store's, not the generator's. Use a scratch store
(``scratch_url``): the benchmark writes thousands of synthetic statements.

Two figures: statements/s (wall time, which on a shared machine varies with the
neighbours and includes the fsync waits) and the CPU time of this process per
statement (steadier; for PostgreSQL it leaves out the server's own CPU). An archive
costs more per statement as it grows (every index insert lands on a page of a bigger
B-tree), so ``prefill`` writes that many statements first, untimed.
"""
from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .samples import synthetic
from .store import ArchiveStore, open_store

DEFAULT_BATCH_SIZE = 500
"""Statements per write batch: what the archive worker writes at once with its default of 50 articles
(``QUOTEWIRE_ARCHIVE_BATCH_SIZE``; the train corpus averages 14 statements an article)."""


PREFILL_CHUNK = 10_000  # statements generated at a time while prefilling (bounded memory)


def prefill_store(store: ArchiveStore, n: int, *, batch_size: int, per_article: int = 10, run: str = "") -> None:
    """Write ``n`` synthetic statements (other articles than the measured ones), untimed."""
    for chunk, start in enumerate(range(0, n, PREFILL_CHUNK)):
        count = min(PREFILL_CHUNK, n - start)
        _, events = synthetic(count, per_article=per_article, seed=1000 + chunk, prefix=f"prefill-{run}")
        for i in range(0, count, batch_size):
            store.write_statements(events[i:i + batch_size])


def bench_write(
    url: str, n: int = 10_000, *, batch_size: int | None = None, per_article: int = 10, seed: int = 0,
    prefill: int = 0,
) -> dict[str, Any]:
    """Write ``n`` synthetic statements to the store at ``url`` in batches; report the rate.

    ``batch_size`` defaults to 500 statements, about what the consumer writes at once (50 articles).
    Article ids are unique per run, so every statement is a fresh insert. ``prefill``
    statements are written first, untimed (see the module docstring).
    """
    size = batch_size or DEFAULT_BATCH_SIZE
    run = uuid.uuid4().hex[:8]
    _, events = synthetic(n, per_article=per_article, seed=seed, prefix=f"bench-{run}")
    batches = [events[i:i + size] for i in range(0, len(events), size)]
    with open_store(url, migrate=True) as store:
        if prefill:
            prefill_store(store, prefill, batch_size=size, per_article=per_article, run=run)
        durations: list[float] = []
        inserted = updated = 0
        cpu_started = time.process_time()
        started = time.perf_counter()
        for batch in batches:
            t0 = time.perf_counter()
            result = store.write_statements(batch)
            durations.append(time.perf_counter() - t0)
            inserted += result.inserted
            updated += result.updated
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        backend = store.backend
    ms = sorted(d * 1000 for d in durations)
    return {
        "backend": backend,
        "statements": n,
        "batch_size": size,
        "batches": len(batches),
        "seconds": round(elapsed, 3),
        "statements_per_s": round(n / elapsed, 1) if elapsed > 0 else None,
        "cpu_us_per_statement": round(cpu / n * 1e6, 1) if n else None,
        "prefill": prefill,
        "batch_ms": {
            "p50": round(statistics.median(ms), 2) if ms else None,
            "p95": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 2) if ms else None,
            "max": round(ms[-1], 2) if ms else None,
        },
        "inserted": inserted,
        "updated": updated,
    }


@contextmanager
def scratch_url(base: str) -> Iterator[str]:
    """A throwaway store URL: ``sqlite`` → a file in a temp dir; a PostgreSQL URL → a fresh schema.

    Removed afterwards (the temp dir, or the schema with everything in it).
    """
    if base in ("sqlite", "sqlite:") or base.startswith("sqlite:"):
        with tempfile.TemporaryDirectory(prefix="quotewire-bench-") as tmp:
            yield f"sqlite:///{Path(tmp).resolve() / 'archive.sqlite3'}"
        return
    parts = urlsplit(base)
    if parts.scheme not in ("postgresql", "postgres"):
        raise ValueError(f"scratch_url: expected 'sqlite' or a postgresql:// URL, got {base!r}")
    schema = f"quotewire_scratch_{uuid.uuid4().hex[:12]}"
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "schema"]
    url = urlunsplit(parts._replace(query=urlencode([*params, ("schema", schema)])))
    try:
        yield url
    finally:
        from .postgres import drop_schema

        drop_schema(url)
