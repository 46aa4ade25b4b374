"""Extraction throughput on one core: articles/s and words/s over a folder of .txt articles.

The figure users care about is how many articles of a live wire one worker core keeps
up with, so the timed region is the whole per-article path: reading the file,
extracting statements and (optionally) resolving their speakers. The process is pinned
to one CPU while it runs, where the platform allows it, so the figure means "one core".
"""
from __future__ import annotations

import importlib.util
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .nlp import extract_statements

_WORD = re.compile(r"\w+")


@contextmanager
def _one_core() -> Iterator[None]:
    """Pin this process to a single CPU for the duration (no-op where unsupported)."""
    getter = getattr(os, "sched_getaffinity", None)
    setter = getattr(os, "sched_setaffinity", None)
    if getter is None or setter is None:
        yield
        return
    before = getter(0)
    try:
        setter(0, {_current_cpu(before)})
    except OSError:
        yield
        return
    try:
        yield
    finally:
        setter(0, before)


def _current_cpu(allowed: set[int]) -> int:
    """The CPU this process runs on now (Linux /proc), so pinning does not move it onto a busy one."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            cpu = int(f.read().rsplit(")", 1)[1].split()[36])
    except (OSError, ValueError, IndexError):
        return min(allowed)
    return cpu if cpu in allowed else min(allowed)


def _resolver() -> Callable[[str, list[Any]], list[Any]] | None:
    """The speaker resolver, if the enrichment module is installed and importable."""
    if importlib.util.find_spec("streams.nlp.speakers") is None:
        return None
    from .nlp import resolve_speakers

    return resolve_speakers


def _linker() -> Callable[[list[Any], str | None], list[Any]] | None:
    """Speaker KB linking as the enrich step does it (no memory), if a KB is shipped."""
    from .nlp.kb import load_kb
    from .speaker_roles import RoleBook

    kb = load_kb()
    return RoleBook(kb=kb).overlay_all if kb is not None else None


_DATE = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


def bench_extract(folder: Path, *, resolve: bool, link: bool = False) -> dict[str, Any]:
    """Time extraction (and speaker resolution when ``resolve``) over every .txt in ``folder``.

    Returns the stage, article/word/statement counts, wall and CPU seconds, and the three
    rates (per wall-clock second).
    ``resolve`` is reported as False when the resolver cannot be imported.
    """
    paths = sorted(Path(folder).glob("*.txt"))
    resolver = _resolver() if resolve else None
    linker = _linker() if link and resolver is not None else None
    importlib.import_module("streams.nlp.statements")  # a worker compiles its patterns once, at start-up
    articles = words = statements = 0
    link_cpu = 0.0
    with _one_core():
        cpu_start = time.process_time()
        start = time.perf_counter()
        for path in paths:
            text = path.read_text(encoding="utf-8")
            found = extract_statements(text)
            if resolver is not None:
                speakers = resolver(text, found)
                if linker is not None:
                    day = _DATE.search(path.name)
                    link_start = time.process_time()
                    linker(speakers, day.group(1) if day else None)
                    link_cpu += time.process_time() - link_start
            articles += 1
            statements += len(found)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
    words = sum(len(_WORD.findall(p.read_text(encoding="utf-8"))) for p in paths)  # not timed
    def rate(n: float) -> float:
        return n / seconds if seconds > 0 else 0.0

    return {
        "stage": ("extract + resolve + KB link" if linker is not None
                  else "extract + resolve" if resolver is not None else "extract"),
        "resolve": resolver is not None,
        "link": linker is not None,
        "link_cpu_seconds": link_cpu,
        "folder": str(folder),
        "articles": articles,
        "words": words,
        "statements": statements,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "articles_per_s": rate(articles),
        "words_per_s": rate(words),
        "statements_per_s": rate(statements),
        "ms_per_article": 1000 * cpu_seconds / articles if articles else 0.0,
    }


_COLUMNS = (
    ("stage", "stage", "{}"),
    ("articles", "articles", "{:,}"),
    ("words", "words", "{:,}"),
    ("statements", "statements", "{:,}"),
    ("seconds", "seconds", "{:.2f}"),
    ("cpu_seconds", "cpu s", "{:.2f}"),
    ("articles_per_s", "articles/s", "{:,.0f}"),
    ("words_per_s", "words/s", "{:,.0f}"),
    ("statements_per_s", "statements/s", "{:,.0f}"),
    ("ms_per_article", "cpu ms/article", "{:.2f}"),
)


def enrichment_share(rows: Iterable[dict[str, Any]]) -> float | None:
    """How much speaker resolution adds to extraction's CPU time per article (0.2 is +20%), from an
    extraction-only row and an extraction + resolution row over the same articles; None without both."""
    by = {row["resolve"]: row for row in rows if not row.get("link")}
    if not (True in by and False in by) or not by[False]["cpu_seconds"]:
        return None
    return by[True]["cpu_seconds"] / by[False]["cpu_seconds"] - 1.0


def link_cost_ms(rows: Iterable[dict[str, Any]]) -> float | None:
    """CPU ms that KB linking adds per statement (timed around the linking calls alone, since the
    difference of two whole runs is lost in their noise); None without a linking row."""
    linked = [row for row in rows if row.get("link") and row["statements"]]
    if not linked:
        return None
    return 1000 * linked[0]["link_cpu_seconds"] / linked[0]["statements"]


def format_table(result: dict[str, Any] | Iterable[dict[str, Any]]) -> str:
    """One or more ``bench_extract`` results as an aligned plain-text table, and what enrichment adds."""
    rows = [result] if isinstance(result, dict) else list(result)
    cells = [[title for _, title, _ in _COLUMNS]]
    cells += [[fmt.format(row[key]) for key, _, fmt in _COLUMNS] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(_COLUMNS))]
    lines = []
    for n, r in enumerate(cells):
        pairs = enumerate(zip(r, widths, strict=True))
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    share = enrichment_share(rows)
    if share is not None:
        lines.append(f"speaker resolution adds {share:+.0%} to extraction's CPU time per article")
    per_statement = link_cost_ms(rows)
    if per_statement is not None:
        lines.append(f"speaker KB linking adds {per_statement:.3f} ms of CPU per statement")
    return "\n".join(lines)
