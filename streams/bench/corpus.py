"""Benchmark input: article events from a folder of .txt files, repeated under fresh ids as needed."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path

from ..contracts import ArticleEvent

DEFAULT_CORPUS = Path("../shared/eval/polnear/train/text")
BENCH_DAY = datetime(2016, 10, 1, tzinfo=UTC)


def corpus_dir(folder: Path | None) -> Path:
    """The folder to read; a clear error when the default corpus is not there."""
    path = folder or DEFAULT_CORPUS
    if not path.is_dir() or not any(path.glob("*.txt")):
        raise FileNotFoundError(f"no .txt articles in {path}; pass a folder of plain-text articles")
    return path


def texts(folder: Path) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def article_stream(folder: Path, n: int, *, run: str) -> Iterator[ArticleEvent]:
    """``n`` article events cycling over the folder, ids unique to this run (so nothing dedupes), each published
    a second after the one before, as on a live wire (the speaker memory keeps what it saw by day)."""
    for i, (stem, body) in enumerate(islice(cycle(texts(folder)), n)):
        published = BENCH_DAY + timedelta(seconds=i)
        yield {"schema": "article.v1", "article_id": f"{run}-{i}-{stem}", "revision": 1, "body": body,
               "source": "bench", "published_at": published.strftime("%Y-%m-%dT%H:%M:%SZ")}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), nearest-rank on sorted values; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]
