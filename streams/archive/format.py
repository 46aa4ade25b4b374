"""Rendering search results and archive stats for the CLI: table, jsonl, csv (stats: table, json).

``table`` is for people at a terminal: one line per statement, columns sized to the
data and the terminal, content cut at a word boundary. ``jsonl`` prints the statement
events exactly as archived (for jq and other tools); ``csv`` flattens them into fixed
columns for spreadsheets.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
from collections.abc import Iterable, Sequence
from typing import Any, Literal, TextIO

import orjson

from .rows import soft_time

ResultFormat = Literal["table", "jsonl", "csv"]
StatsFormat = Literal["table", "json"]
RESULT_FORMATS: tuple[str, ...] = ("table", "jsonl", "csv")

CSV_COLUMNS = (
    "statement_id", "published_at", "extracted_at", "source", "article_id", "article_title", "url",
    "speaker_name", "speaker_id", "speaker_type", "speaker_title", "speaker_organization", "speaker_country",
    "kind", "content", "confidence", "extractor_version",
)
_ELLIPSIS = "…"
_BLOCKS = " ▏▎▍▌▋▊▉█"


# Control characters (ANSI escapes, bells...) from article text must not drive the operator's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _one_line(text: str | None) -> str:
    line = " ".join((text or "").split())
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


def truncate(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, cut at a word boundary when one is near, with an ellipsis."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    if width == 1:
        return _ELLIPSIS
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= (width - 1) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + _ELLIPSIS


def event_time(event: dict[str, Any]) -> str:
    """Publication time (else extraction time) as ``YYYY-MM-DD HH:MM`` UTC."""
    article = event.get("article") or {}
    when = soft_time(article.get("published_at")) or soft_time(event.get("extracted_at"))
    return when.strftime("%Y-%m-%d %H:%M") if when else ""


def speaker_labels(event: dict[str, Any]) -> list[str]:
    """Ways to show the speaker, longest first: ``Name (title, country)``, ``Name (title)``, ``Name``.

    The organization stands in for a missing title; ``—`` when the statement is unattributed.
    """
    speaker = event.get("speaker")
    if not speaker:
        return ["—"]
    name = _one_line(speaker.get("name")) or f"unnamed {speaker.get('type') or 'source'}"
    parts = (speaker.get("title") or speaker.get("organization"), speaker.get("country"))
    role = [_one_line(p) for p in parts if p]
    labels = [f"{name} ({', '.join(role[:n])})" for n in range(len(role), 0, -1)]
    return [*labels, name]


def speaker_label(event: dict[str, Any]) -> str:
    """The full speaker label (see ``speaker_labels``)."""
    return speaker_labels(event)[0]


def fit_label(labels: list[str], width: int) -> str:
    """The longest label that fits ``width``, else the shortest one truncated."""
    for label in labels:
        if len(label) <= width:
            return label
    return truncate(labels[-1], width)


def _csv_row(event: dict[str, Any]) -> list[Any]:
    speaker = event.get("speaker") or {}
    article = event.get("article") or {}
    content = event.get("content") or {}
    return [
        event.get("statement_id"), article.get("published_at"), event.get("extracted_at"),
        article.get("source"),
        event.get("article_id"), article.get("title"), article.get("url"),
        speaker.get("name"), speaker.get("speaker_id"), speaker.get("type"), speaker.get("title"),
        speaker.get("organization"), speaker.get("country"),
        event.get("kind"), content.get("text"), event.get("confidence"), event.get("extractor_version"),
    ]


def _table(events: Sequence[dict[str, Any]], out: TextIO, width: int) -> None:
    if not events:
        out.write("no statements found\n")
        return
    rows = [
        (
            event_time(e),
            _one_line((e.get("article") or {}).get("source")),
            speaker_labels(e),
            str(e.get("kind") or ""),
            _one_line((e.get("content") or {}).get("text")),
        )
        for e in events
    ]
    widths = [
        16,
        min(16, max(6, *(len(r[1]) for r in rows))),
        min(40, max(7, *(len(r[2][0]) for r in rows))),
        min(8, max(4, *(len(r[3]) for r in rows))),
    ]
    # The content matters most: give it 40 columns at least, taken from the speaker column first.
    content_width = width - sum(widths) - 2 * len(widths)
    if content_width < 40:
        widths[2] = max(16, widths[2] - (40 - content_width))
        content_width = width - sum(widths) - 2 * len(widths)
    widths.append(max(20, content_width))
    lines = [("DATE", "SOURCE", "SPEAKER", "KIND", "CONTENT")]
    lines += [(d, src, fit_label(labels, widths[2]), kind, text) for d, src, labels, kind, text in rows]
    for line in lines:
        cells = [truncate(cell, w).ljust(w) for cell, w in zip(line, widths, strict=True)]
        out.write("  ".join(cells).rstrip() + "\n")


def write_results(
    events: Iterable[dict[str, Any]], fmt: ResultFormat, out: TextIO, *, width: int | None = None
) -> int:
    """Write search results to ``out`` in ``fmt``; returns how many. ``width`` defaults to the terminal's."""
    if fmt == "jsonl":
        count = 0
        for event in events:
            out.write(orjson.dumps(event).decode("utf-8") + "\n")
            count += 1
        return count
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        count = 0
        for event in events:
            writer.writerow(_csv_row(event))
            count += 1
        return count
    if fmt == "table":
        listed = list(events)
        _table(listed, out, width or shutil.get_terminal_size((120, 24)).columns)
        return len(listed)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(RESULT_FORMATS)}")


def render_results(events: Iterable[dict[str, Any]], fmt: ResultFormat, *, width: int | None = None) -> str:
    buffer = io.StringIO()
    write_results(events, fmt, buffer, width=width)
    return buffer.getvalue()


def _bar(value: int, top: int, width: int) -> str:
    """A horizontal bar of ``value / top`` of ``width`` cells, in eighths."""
    if top <= 0 or width <= 0:
        return ""
    eighths = round(value / top * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_BLOCKS[part] if part else "")


def write_stats(stats: dict[str, Any], fmt: StatsFormat, out: TextIO, *, width: int | None = None) -> None:
    """Write ``ArchiveStore.stats()`` to ``out``: a readable summary, or JSON."""
    if fmt == "json":
        out.write(orjson.dumps(stats, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n")
        return
    if fmt != "table":
        raise ValueError(f"unknown stats format {fmt!r}; expected table or json")
    width = width or shutil.get_terminal_size((100, 24)).columns
    t = stats["totals"]
    out.write(
        f"Archive ({stats.get('backend', '?')}): {t['statements']:,} statements "
        f"from {t['articles_with_statements']:,} articles\n"
        f"{t['speakers']:,} speakers, {t['sources']:,} sources, {t['articles']:,} article texts archived\n"
    )
    if t["statements"]:
        first, last = (t["first"] or "")[:10], (t["last"] or "")[:10]
        out.write(f"From {first} to {last}; unattributed statements: {t['unattributed']:,}\n")
        kinds = " · ".join(f"{k} {n:,}" for k, n in sorted(stats["by_kind"].items()))
        out.write(f"By kind: {kinds}\n")

    def section(title: str, rows: list[tuple[str, int]]) -> None:
        if not rows:
            return
        out.write(f"\n{title}\n")
        label_width = min(40, max(len(label) for label, _ in rows))
        count_width = max(len(f"{n:,}") for _, n in rows)
        bar_width = min(40, max(10, width - label_width - count_width - 6))
        top = max(n for _, n in rows)
        for label, n in rows:
            out.write(f"  {truncate(label, label_width).ljust(label_width)}  {n:>{count_width},}  "
                      f"{_bar(n, top, bar_width)}".rstrip() + "\n")

    section(f"Statements by day (last {len(stats['by_day'])} days with statements)",
            [(d["day"], d["statements"]) for d in stats["by_day"]])
    section("By source", [(s["source"] or "(no source)", s["statements"]) for s in stats["by_source"]])
    speakers = []
    for s in stats["by_speaker"]:
        label = s["speaker"] or "(unnamed)"
        speakers.append((f"{label} [{s['speaker_id']}]" if s.get("speaker_id") else label, s["statements"]))
    section("By speaker", speakers)


def render_stats(stats: dict[str, Any], fmt: StatsFormat = "table", *, width: int | None = None) -> str:
    buffer = io.StringIO()
    write_stats(stats, fmt, buffer, width=width)
    return buffer.getvalue()
