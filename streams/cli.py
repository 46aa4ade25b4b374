"""The ``quotewire`` command line: each command is a thin call into a module below.

Click (already a Faust dependency) gives us nested command groups and readable
usage errors without writing a parser.
"""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import click

from . import events
from .settings import Settings, get_settings


def _settings() -> Settings:
    """Settings from the environment, with a readable message instead of a traceback when invalid."""
    try:
        return get_settings()
    except Exception as exc:  # pydantic's ValidationError lists every bad variable
        raise click.ClickException(f"invalid QUOTEWIRE_* settings:\n{exc}") from None


def _with_broker(settings: Settings):  # type: ignore[no-untyped-def]
    """Context: the configured broker, or an embedded one started for this command."""
    from contextlib import nullcontext

    from .broker import EmbeddedBroker

    if not settings.embedded:
        return nullcontext(settings)

    class _Embedded:
        def __enter__(self) -> Settings:
            self.broker = EmbeddedBroker(port=settings.embedded_port).start()
            return settings.model_copy(update={"broker": self.broker.url})

        def __exit__(self, *exc: object) -> None:
            self.broker.stop()

    return _Embedded()


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


ROLE_CHOICE = click.Choice(["pipeline", "alerts", "archive"])


@main.command()
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE,
              help="Worker role(s) to run; repeat for several. Default: all three.")
def worker(roles: tuple[str, ...]) -> None:
    """Run worker roles: pipeline (split + enrich), alerts, archive.

    One role with a configured broker runs in this process; otherwise each role
    runs as a supervised child process (and, with no QUOTEWIRE_BROKER, next to an
    embedded broker that lives as long as this command).
    """
    from .logs import configure_logging
    from .worker import Supervisor, run_role

    settings = _settings()
    chosen = list(dict.fromkeys(roles)) or ["pipeline", "alerts", "archive"]
    if len(chosen) == 1 and not settings.embedded:
        run_role(chosen[0], settings)  # type: ignore[arg-type]
        return
    configure_logging(settings.log_level, settings.log_format)
    supervisor = Supervisor(chosen, settings)  # type: ignore[arg-type]
    supervisor.start()
    supervisor.run_forever()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
def publish(inputs: tuple[str, ...]) -> None:
    """Send articles to the articles topic: files (.txt, .json, .ndjson) or - for stdin."""
    from .publish import publish_records, records_from_path, stdin_records

    settings = _settings()
    if settings.embedded:
        raise click.ClickException(
            "publish needs a running broker: set QUOTEWIRE_BROKER (the embedded one lives inside "
            "'quotewire worker' / 'quotewire demo' and prints its address when it starts)"
        )

    def records():  # type: ignore[no-untyped-def]
        for item in inputs:
            if item == "-":
                yield from stdin_records()
            else:
                path = Path(item)
                if not path.is_file():
                    raise click.BadParameter(f"no such file: {item}", param_hint="INPUTS")
                yield from records_from_path(path)

    report = asyncio.run(publish_records(settings, records()))
    click.echo(f"sent {report.sent} record(s) to {settings.topic_prefix}.articles"
               + (f", {report.dead_lettered} too large → dead letters" if report.dead_lettered else ""))


@main.command()
@click.option("--timeout", default=55.0, show_default=True, help="Give up after this many seconds.")
def demo(timeout: float) -> None:
    """Run the whole pipeline on the seed article with the embedded defaults, then stop."""
    from .demo import run_demo

    result = run_demo(_settings(), timeout=timeout)
    click.echo(
        f"\n{result.statements} statements, {result.alerts} alerts, {result.archived} archived "
        f"in {result.seconds:.1f}s.\nArchive: {result.archive_url}\n"
        "Try: quotewire search troops --speaker Wood    or    quotewire archive stats"
    )


@main.group()
def topics() -> None:
    """Provision and verify quotewire's topics."""


@topics.command("create")
def topics_create() -> None:
    """Create every topic with its partitions, replication and configs (idempotent)."""
    from . import topics as topics_mod

    settings = _settings()
    with _with_broker(settings) as s:
        report = asyncio.run(topics_mod.create(s))
    for name in report.created:
        click.echo(f"created  {name}")
    for name in report.existing:
        click.echo(f"exists   {name}")


@topics.command("check")
def topics_check() -> None:
    """Verify topics against the configuration; exit 1 on any difference."""
    from . import topics as topics_mod

    settings = _settings()
    with _with_broker(settings) as s:
        report = asyncio.run(topics_mod.check(s))
    for name in report.existing:
        click.echo(f"ok       {name}")
    for problem in report.problems:
        click.echo(f"PROBLEM  {problem}")
    if report.problems:
        sys.exit(1)


@main.command("config")
def show_config() -> None:
    """Print the effective settings (secrets masked)."""
    settings = _settings()
    for name, field in Settings.model_fields.items():
        click.echo(f"QUOTEWIRE_{name.upper():28} {getattr(settings, name)!s}")


def _readable(event: dict) -> str:
    """One statement as a short human-readable block."""
    sp = event.get("speaker") or {}
    who = sp.get("name") or (sp.get("mention") or {}).get("text") or "(no speaker)"
    role = ", ".join(x for x in (sp.get("title"), sp.get("organization"), sp.get("country")) if x)
    head = f"[{event['article_id']} #{event['index']}] {event['kind']:8} {who}" + (f" ({role})" if role else "")
    return f"{head}\n    {event['content']['text']}"


if __name__ == "__main__":  # pragma: no cover
    main()
