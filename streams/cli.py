"""The ``quotewire`` command line: each command is a thin call into a module below.

Click (already a Faust dependency) gives us nested command groups and readable
usage errors without writing a parser.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import events


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quotewire")
def main() -> None:
    """quotewire: a live newswire in, attributed statements out."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--jsonl", is_flag=True, help="One statement event per line (the scorer's input).")
@click.option("--no-resolve", is_flag=True, help="Skip in-article speaker resolution (mentions only).")
def extract(files: tuple[Path, ...], jsonl: bool, no_resolve: bool) -> None:
    """Print the statements of article FILES (.txt, .json, .ndjson)."""
    from .extract import analyse, read_article_file, statement_events

    out = sys.stdout.buffer
    for path in files:
        for article in read_article_file(path):
            found = analyse(article, resolve=not no_resolve)
            for event in statement_events(article, found):
                if jsonl:
                    out.write(events.dumps(event) + b"\n")
                else:
                    out.write(_readable(event).encode("utf-8") + b"\n")
    out.flush()


def _readable(event: dict) -> str:
    """One statement as a short human-readable block."""
    sp = event.get("speaker") or {}
    who = sp.get("name") or (sp.get("mention") or {}).get("text") or "(no speaker)"
    role = ", ".join(x for x in (sp.get("title"), sp.get("organization"), sp.get("country")) if x)
    head = f"[{event['article_id']} #{event['index']}] {event['kind']:8} {who}" + (f" ({role})" if role else "")
    return f"{head}\n    {event['content']['text']}"


if __name__ == "__main__":  # pragma: no cover
    main()
