"""``quotewire kb build|lookup|stats``: build a speaker KB file, show what a name links to, summarise a KB."""
from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import click

from ..nlp.kb import KB, KBError, link, load_kb
from ..nlp.kb.link import score
from ..nlp.kb.store import write_kb
from ..nlp.model import Speaker
from .build import SourceError, build


def _open(path: Path | None) -> KB:
    try:
        kb = load_kb(path)
    except KBError as exc:
        raise click.ClickException(str(exc)) from None
    if kb is None:
        raise click.ClickException("no KB shipped in this package: give --kb FILE")
    return kb


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from None


@click.group()
def kb() -> None:
    """The speaker knowledge base: stable ids, aliases and dated offices of public figures."""


@kb.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", help="Keep only offices that ended on or after this date (congress-legislators).")
@click.option("--lang", "languages", default="en", show_default=True,
              help="Wikidata label languages, comma-separated, preferred first.")
def kb_build(sources: tuple[Path, ...], output: Path, since: str | None, languages: str) -> None:
    """Build a KB file from SOURCES: Wikidata JSON dumps, registry YAML/CSV, congress-legislators YAML."""
    started = time.perf_counter()
    try:
        entities = build(list(sources), _day(since), tuple(x.strip() for x in languages.split(",") if x.strip()))
    except SourceError as exc:
        raise click.ClickException(str(exc)) from None
    meta = {"sources": json.dumps([p.name for p in sources]), "since": since or ""}
    n = write_kb(entities, output, meta)
    click.echo(f"{output}: {n:,} entities from {len(sources)} source(s) in {time.perf_counter() - started:.1f} s")


@kb.command("lookup")
@click.argument("name")
@click.option("--date", "day", help="The article's date (YYYY-MM-DD); default: offices held now.")
@click.option("--title", help="The title the article gives, as evidence.")
@click.option("--country", help="The country the article gives, as evidence.")
@click.option("--kb", "kb_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="KB file (default: QUOTEWIRE_KB_FILE, else the packaged KB).")
def kb_lookup(name: str, day: str | None, title: str | None, country: str | None, kb_file: Path | None) -> None:
    """What NAME links to on a date, and why (every candidate with its score)."""
    from ..settings import get_settings

    store = _open(kb_file or get_settings().kb_file)
    when = _day(day)
    speaker = Speaker(name=name, type="person", title=title, country=country)
    cands = store.candidates(name)
    if not cands:
        click.echo(f"{name!r}: no KB entity has this name or alias")
        return
    people = sum(1 for c in cands if c.entity.type == "person")
    for c in cands:
        conf, office, why = score(c, speaker, when, people)
        e = c.entity
        held = f"{office.title}" + (f", {office.organization}" if office.organization else "") if office else "-"
        click.echo(f"{e.id:14} {e.name} ({e.country or '?'})  confidence {conf:.2f}  office on {when or 'today'}: "
                   f"{held}\n{'':15}" + "; ".join(why))
    from ..settings import get_settings as _gs

    found = link(store, speaker, when, _gs().kb_threshold)
    click.echo(f"links to: {found.entity.id} {found.entity.name} ({found.confidence:.2f})" if found
               else "links to: nothing (below the threshold, or two candidates alike)")


@kb.command("stats")
@click.option("--kb", "kb_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True)
def kb_stats(kb_file: Path | None, as_json: bool) -> None:
    """Entities, aliases and offices in a KB, by type and source."""
    from ..settings import get_settings

    started = time.perf_counter()
    store = KB(kb_file) if kb_file else _open(get_settings().kb_file)
    stats = store.stats()
    stats["open_ms"] = round((time.perf_counter() - started) * 1000, 1)
    if as_json:
        click.echo(json.dumps(stats, indent=1, default=str))
        return
    click.echo(f"{stats['path']}: {stats['entities']:,} entities ({stats['with_qid']:,} with a Wikidata QID), "
               f"{stats['aliases']:,} aliases, {stats['alias_keys']:,} lookup keys, {stats['offices']:,} offices")
    click.echo("by type:   " + ", ".join(f"{k} {v:,}" for k, v in sorted(stats["by_type"].items())))
    click.echo("by source: " + ", ".join(f"{k} {v:,}" for k, v in sorted(stats["by_source"].items())))
    for k, v in sorted(stats["meta"].items()):
        click.echo(f"{k}: {v}")
