"""The ``quotewire`` command line: each command is a thin call into a module below.

Click (already a Faust dependency) gives us nested command groups and readable
usage errors without writing a parser.
"""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import click

from . import events

if TYPE_CHECKING:
    from pydantic import ValidationError

    from .bench.pipeline import RunResult
    from .contracts import StatementEvent
    from .publish import InputFormat
    from .settings import Settings


def _settings() -> Settings:
    """Settings from the environment; an invalid value prints one line per bad variable and exits 78."""
    from pydantic import ValidationError

    from .settings import CONFIG_ERROR_EXIT, describe_errors, get_settings

    try:
        return get_settings()
    except ValidationError as exc:
        click.echo("Error: invalid configuration: " + "; ".join(describe_errors(exc)), err=True)
        sys.exit(CONFIG_ERROR_EXIT)


def _config_file_error(exc: BaseException) -> bool:
    """Whether ``exc`` says a configured file (QUOTEWIRE_REGISTRY_FILE, QUOTEWIRE_KB_FILE) is unusable.

    Looked up among loaded modules: an instance raised means its module is loaded, and the CLI's
    start stays free of the NLP imports."""
    named = (("streams.nlp.registry", "RegistryError"), ("streams.nlp.kb.store", "KBError"))
    kinds = (getattr(sys.modules.get(module), name, None) for module, name in named)
    return any(isinstance(kind, type) and isinstance(exc, kind) for kind in kinds)


def _settings_error(exc: BaseException) -> bool:
    """Whether ``exc`` is pydantic's ValidationError for the settings, looked up among loaded modules (as
    above): a command that never loaded pydantic cannot have raised it, and ``extract`` starts without it."""
    kind = getattr(sys.modules.get("pydantic_core"), "ValidationError", None)
    return isinstance(kind, type) and isinstance(exc, kind) and getattr(exc, "title", None) == "Settings"


def _kafka_unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` is aiokafka's KafkaConnectionError, looked up among loaded modules (as above): a
    command that never loaded aiokafka cannot have raised it, and ``extract`` starts without aiokafka."""
    kind = getattr(sys.modules.get("aiokafka.errors"), "KafkaConnectionError", None)
    return isinstance(kind, type) and isinstance(exc, kind)


class _Commands(click.Group):
    """quotewire's command group: a broker nobody can reach is a one-line error, not a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError too
            if _settings_error(exc):  # a command that read get_settings() itself (kb lookup/stats, ...)
                from .settings import CONFIG_ERROR_EXIT, describe_errors

                errors = describe_errors(cast("ValidationError", exc))
                click.echo("Error: invalid configuration: " + "; ".join(errors), err=True)
                sys.exit(CONFIG_ERROR_EXIT)
            if not _config_file_error(exc):  # a registry or KB file that cannot be read: a restart would not help
                raise
            if ctx.invoked_subcommand == "worker":  # its logs are set up (JSON lines only, when asked for)
                import structlog  # here: structlog loads asyncio, which ``extract`` does not need

                structlog.get_logger("streams.worker").error("worker.config_error", error=str(exc))
            else:
                click.echo(f"Error: {exc}", err=True)
            from .settings import CONFIG_ERROR_EXIT

            sys.exit(CONFIG_ERROR_EXIT)
        except Exception as exc:  # only KafkaConnectionError: aiokafka loads with the commands that use it
            if not _kafka_unreachable(exc):
                raise
            where = os.environ.get("QUOTEWIRE_BROKER") or "the configured broker"
            raise click.ClickException(f"cannot reach Kafka at {where} (QUOTEWIRE_BROKER or -b): {exc}") from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="quotewire")
@click.pass_context
def main(ctx: click.Context) -> None:
    """quotewire: a live newswire in, attributed statements out."""
    if os.environ.get("NO_COLOR"):  # https://no-color.org: present and not empty
        ctx.color = False


def _use_broker(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        os.environ["QUOTEWIRE_BROKER"] = value  # read by the settings, and inherited by worker processes
        loaded = sys.modules.get("streams.settings")  # settings not loaded yet hold nothing to forget
        if loaded is not None:
            loaded.get_settings.cache_clear()


broker_option = click.option(
    "-b", "--broker", callback=_use_broker, expose_value=False, is_eager=True, metavar="HOST:PORT[,…]",
    help="Kafka bootstrap servers (overrides QUOTEWIRE_BROKER).")


INPUT_FORMAT = click.Choice(["auto", "text", "json", "ndjson"])

_BATCH_GC_THRESHOLD = 100_000
"""Allocations between two young-generation collections in ``quotewire extract`` (Python's default is 700):
an article's work makes many short-lived containers and few reference cycles, so collecting a hundred
times less often keeps memory bounded and leaves out most of the collector's passes (-0.4% instructions
over 840 articles)."""


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--jsonl", is_flag=True, help="One statement event per line (the scorer's input).")
@click.option("--no-resolve", is_flag=True, help="Skip in-article speaker resolution (mentions only).")
@click.option("--format", "fmt", type=INPUT_FORMAT, default="auto", show_default=True,
              help="How to read stdin (-): plain text unless it is JSON (auto), or text, json, ndjson.")
@click.option("--explain", is_flag=True,
              help="For each statement, the rules that fired: the grammar rule and cue frame, the speaker "
                   "resolver and antecedent, and where title, organization and country came from.")
def extract(files: tuple[Path, ...], jsonl: bool, no_resolve: bool, fmt: InputFormat, explain: bool) -> None:
    """Print the statements of article FILES (.txt, .json, .ndjson), or of stdin (-)."""
    if explain and jsonl:
        raise click.UsageError("--explain prints text for reading: use it without --jsonl")
    if explain and no_resolve:
        raise click.UsageError("--explain explains the speaker resolution: use it without --no-resolve")
    gc.set_threshold(_BATCH_GC_THRESHOLD)
    from .extract import read_article_file
    from .pipeline import Pipeline

    if Pipeline.configured(os.environ):
        pipeline = Pipeline.from_settings(_settings(), resolve=not no_resolve)
    else:  # all settings at their defaults: no need to load pydantic, a third of the command's start-up
        pipeline = Pipeline.with_default_roles(resolve=not no_resolve)
    out = sys.stdout.buffer
    for path in files:
        try:
            articles = list(_stdin_articles(fmt) if str(path) == "-" else read_article_file(path))
        except ValueError as exc:  # JSON that does not parse
            raise click.ClickException(f"{path}: not readable as articles: {exc}") from None
        for article in articles:
            when = article.get("published_at") or _date_in_name(path)
            if explain:
                out.write(_explained(article, pipeline.process(article, when=when)).encode("utf-8"))
                continue
            found = pipeline.process(article, when=when)
            if jsonl:
                _write_all(out, b"".join([events.dumps_line(event) for event in found]))
            else:
                _write_all(out, b"".join(_readable(event).encode("utf-8") + b"\n" for event in found))
    out.flush()
    gc.freeze()  # what is left lives until the process exits: its collections at shutdown need not look at it


def _write_all(out: BinaryIO, data: bytes) -> None:
    """One article's lines in one write: with PYTHONUNBUFFERED (or -u) stdout's binary layer is the raw
    file, where each write is a system call and may write only part of what it is given."""
    view = memoryview(data)
    while view:
        written = out.write(view)
        if written is None:  # a non-blocking stdout that is full: what it refused is lost, as before
            return
        view = view[written:]


def _stdin_articles(fmt: InputFormat) -> list[Any]:
    """Articles on stdin; here, as ``streams.publish`` loads aiokafka, which reading files does not need."""
    from .publish import stdin_articles

    return list(stdin_articles(fmt))


def _date_in_name(path: Path) -> str | None:
    """A file's date from its name (``usa-today_2016-09-08_….txt``), for articles without published_at."""
    import re

    m = re.search(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)", path.name)
    return m.group(1) if m else None


def _explained(article: Mapping[str, Any], found: list[StatementEvent]) -> str:
    """``extract --explain``: each statement event with the rules behind its cue and speaker. ``found``
    is what the pipeline publishes for the article (roles from the registry, the speaker KB or memory
    included); the resolution is explained again on the article alone."""
    from .nlp import extract_statements
    from .nlp.cues import match_cue
    from .nlp.speakers import explain

    text = article["body"]
    statements = extract_statements(text)
    lines = []
    for k, (st, event, why) in enumerate(zip(statements, found, explain(text, statements), strict=True)):
        own = why.speaker  # the speaker as the article alone gives it
        content = " … ".join(text[c.start:c.end] for c in st.content)
        lines.append(f"[{k}] {st.kind} {content[:100]!r}")
        lines.append(f"    rule: {st.rule}")
        if st.cue is not None:
            cue = text[st.cue.start:st.cue.end]
            hit = match_cue(cue.lower().split(), 0) if cue.strip() else None
            lines.append(f"    cue {cue!r} (frame: {hit[1] if hit else 'phrase or punctuation'})")
        sp = event["speaker"]
        if why.mention is None or own is None or sp is None:  # (an event's speaker is never None with a mention)
            lines.append("    speaker: none named" if why.mention is None else
                         f"    speaker {why.mention!r}: none ({why.resolver})")
            continue
        lines.append(f"    speaker {why.mention!r} -> {sp['name'] or '(unnamed)'} [{sp['type']}] by {why.resolver}"
                     + (f", antecedent {why.antecedent}" if why.antecedent else ""))
        for field in ("title", "organization", "country"):
            value = sp.get(field)
            if not value:
                continue
            if getattr(own, field) == value:
                source = why.sources.get(field, "the name itself")
            else:
                # the value is not the article's own: "article" (kept when a later step adds only a
                # country) or no source cannot be where it came from
                origin = sp.get("role_source") or ""
                if origin in ("", "article"):
                    origin = "kb" if sp.get("kb_id") else ""
                source = _ROLE_SOURCES.get(origin, "outside the article (the role registry or memory)")
                if sp.get("kb_id"):
                    source += f" ({sp['kb_id']}, link confidence {sp.get('link_confidence')})"
            lines.append(f"    {field} {value!r} <- {source}")
    return "\n".join(lines) + "\n"


_ROLE_SOURCES = {
    "kb": "the speaker KB, as of the article's date",
    "registry": "the role registry, as of the article's date",
    "memory": "speaker memory (an earlier article)",
    "article": "the article",
}


ROLE_CHOICE = click.Choice(["pipeline", "alerts", "archive"])
NEEDS_BROKER = (
    "{what} needs the broker the workers use: set QUOTEWIRE_BROKER. The embedded broker lives inside "
    "'quotewire worker', which prints its address when it starts."
)


@main.command()
@broker_option
@click.option("--role", "roles", multiple=True, type=ROLE_CHOICE,
              help="Worker role(s) to run; repeat for several. Default: all three.")
def worker(roles: tuple[str, ...]) -> None:
    """Run worker roles: pipeline (articles → statements), alerts, archive.

    One role with a configured broker runs in this process; otherwise each role
    runs as a supervised child process (and, with no QUOTEWIRE_BROKER, next to an
    embedded broker that lives as long as this command).
    """
    from .broker import BrokerPortInUse
    from .logs import configure_logging
    from .worker import CONFIG_ERROR_EXIT, PortInUse, Supervisor, run_role

    settings = _settings()
    chosen = list(dict.fromkeys(roles)) or ["pipeline", "alerts", "archive"]
    if len(chosen) == 1 and not settings.embedded:
        run_role(chosen[0], settings)  # type: ignore[arg-type]
        return
    configure_logging(settings.log_level, settings.log_format)
    supervisor = Supervisor(chosen, settings)  # type: ignore[arg-type]
    try:
        supervisor.start()
    except (PortInUse, BrokerPortInUse) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(CONFIG_ERROR_EXIT)
    if supervisor.broker and _logs_as_json(settings):  # no plain-text line inside a JSON log stream
        import structlog

        structlog.get_logger("streams.cli").info(
            "broker.embedded", url=supervisor.broker.url, in_memory=True,
            hint=f"to send articles: export QUOTEWIRE_BROKER={supervisor.broker.url}")
    elif supervisor.broker:
        click.echo(f"embedded broker at {supervisor.broker.url} (in memory, gone when this stops); to send "
                   f"articles: export QUOTEWIRE_BROKER={supervisor.broker.url}", err=True)
    supervisor.run_forever()


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=None,
              help="Port to listen on (default: QUOTEWIRE_EMBEDDED_PORT; 0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the broker's log goes (default: QUOTEWIRE_DATA_DIR).")
def broker(port: int | None, host: str, data_dir: Path | None) -> None:
    """Run the embedded broker on its own until SIGTERM, so that workers can stop and restart around it.

    It prints its URL (for QUOTEWIRE_BROKER) on stdout once it answers. Its topics live in its memory:
    they survive worker restarts, not a stop of this command.
    """
    from .broker import BrokerError, run_broker
    from .logs import configure_logging

    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    try:
        run_broker(host, settings.embedded_port if port is None else port, data_dir or settings.data_dir,
                   on_ready=lambda url: click.echo(url))
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@broker_option
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=INPUT_FORMAT, default="auto", show_default=True,
              help="auto: files by suffix, stdin as plain text unless it is JSON; or text, json, ndjson "
                   "for all.")
def publish(inputs: tuple[str, ...], fmt: str) -> None:
    """Send articles to the articles topic: files (.txt, .json, .ndjson) or - for stdin (plain text or JSON).

    Every record is checked first; if any is not a valid article, nothing is sent and the exit status is 1.
    """
    from .publish import Refusal, check_record, publish_records, records_from_path, stdin_records

    settings = _settings()
    if settings.embedded:
        raise click.ClickException(NEEDS_BROKER.format(what="publish"))
    records: list[bytes] = []
    refused: list[Refusal] = []
    for item in inputs:
        if item != "-" and not Path(item).is_file():
            raise click.BadParameter(f"no such file: {item}", param_hint="INPUTS")
        batch = list(stdin_records(fmt) if item == "-" else records_from_path(Path(item), fmt))  # type: ignore[arg-type]
        for number, raw in enumerate(batch, start=1):
            problem = check_record(raw, max_body_chars=settings.max_body_chars)
            if problem is not None:
                refused.append(Refusal(number, item, *problem))
        records.extend(batch)
    if refused:
        for refusal in refused:
            click.echo(str(refusal), err=True)
        hint = " (plain text? add --format text)" if any(r.error == "invalid_json" for r in refused) else ""
        raise click.ClickException(
            f"nothing sent: {len(refused)} of {len(records)} record(s) are not valid articles{hint}")
    if not records:
        raise click.ClickException("nothing sent: the input holds no article")
    import asyncio  # here: the commands that do not talk to Kafka start without it
    report = asyncio.run(publish_records(settings, records))
    click.echo(f"sent {report.sent} record(s) to {settings.topic_prefix}.articles"
               + (f", {report.dead_lettered} too large → dead letters" if report.dead_lettered else ""))


@main.command()
@click.option("--timeout", default=55.0, show_default=True, help="Give up after this many seconds.")
def demo(timeout: float) -> None:
    """Run the whole pipeline on the seed article with the embedded defaults, then stop."""
    from .demo import run_demo
    from .worker import CONFIG_ERROR_EXIT, PortInUse

    try:
        result = run_demo(_settings(), timeout=timeout)
    except PortInUse as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(CONFIG_ERROR_EXIT)
    click.echo(
        f"\n{result.statements} statements, {result.alerts} alerts, {result.archived} archived "
        f"in {result.seconds:.1f}s.\nArchive: {result.archive_url}\n"
        "Try: quotewire search coffins --speaker Wood    or    quotewire archive stats"
    )


@main.group(invoke_without_command=True)
@broker_option
@click.option("--sources", "sources_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sources YAML (default: QUOTEWIRE_SOURCES_FILE).")
@click.pass_context
def ingest(ctx: click.Context, sources_file: Path | None) -> None:
    """Ingest feeds, NDJSON and pushed articles until SIGTERM; `ingest status` shows per-source health."""
    if ctx.invoked_subcommand is not None:
        return
    from .ingest import SourcesError, load_sources, run
    from .ingest.push import PortInUse
    from .settings import CONFIG_ERROR_EXIT

    settings = _settings()
    if settings.embedded:
        raise click.ClickException(NEEDS_BROKER.format(what="ingest"))
    try:
        load_sources(sources_file, settings)
        run(settings, sources_file)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    except PortInUse as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(CONFIG_ERROR_EXIT)


@ingest.command("status")
def ingest_status() -> None:
    """Per-source status of the running (or last) ingest."""
    from .ingest import status_report

    click.echo(status_report(_settings()))


@main.group()
def topics() -> None:
    """Provision and verify quotewire's topics."""


@topics.command("create")
@broker_option
def topics_create() -> None:
    """Create every topic with its partitions, replication and configs (idempotent)."""
    from . import topics as topics_mod

    settings = _settings()
    if settings.embedded:
        raise click.ClickException(NEEDS_BROKER.format(what="topics create"))
    import asyncio
    report = asyncio.run(topics_mod.create(settings))
    for name in report.created:
        click.echo(f"created  {name}")
    for name in report.existing:
        click.echo(f"exists   {name}")


@topics.command("check")
@broker_option
def topics_check() -> None:
    """Verify topics against the configuration; exit 1 on any difference."""
    from . import topics as topics_mod

    settings = _settings()
    if settings.embedded:
        raise click.ClickException(NEEDS_BROKER.format(what="topics check"))
    import asyncio
    report = asyncio.run(topics_mod.check(settings))
    for name in report.existing:
        click.echo(f"ok       {name}")
    for problem in report.problems:
        click.echo(f"PROBLEM  {problem}")
    if report.problems:
        sys.exit(1)


@main.command("config")
@click.option("--markdown", is_flag=True, help="The README's configuration table (defaults, not this environment).")
def show_config(markdown: bool) -> None:
    """Print the effective settings (secrets masked)."""
    from .settings import Settings

    if markdown:
        click.echo("| variable | default | what it sets |\n|---|---|---|")
        for name, field in Settings.model_fields.items():
            default = field.default if field.default is not None else ""
            click.echo(f"| `QUOTEWIRE_{name.upper()}` | `{default}` | {field.description or ''} |"
                       .replace("``", ""))
        return
    settings = _settings()
    for name in Settings.model_fields:
        click.echo(f"QUOTEWIRE_{name.upper():28} {getattr(settings, name)!s}")


def _logs_as_json(settings: Settings) -> bool:
    return settings.log_format == "json" or (settings.log_format == "auto" and not sys.stderr.isatty())


def _envelope_fields(fmt: str, print_fields: str | None) -> tuple[str, ...]:
    """The envelope fields replay prints to stdout (none: the bare value)."""
    from .replay import ENVELOPE_FIELDS

    if print_fields is None:
        return ENVELOPE_FIELDS if fmt == "envelope" else ()
    fields = tuple(dict.fromkeys(f.strip() for f in print_fields.split(",") if f.strip() and f.strip() != "value"))
    unknown = [f for f in fields if f not in ENVELOPE_FIELDS]
    if unknown:
        raise click.BadParameter(f"unknown field(s) {', '.join(unknown)}; choose from {', '.join(ENVELOPE_FIELDS)}",
                                 param_hint="--print")
    return fields


def _readable(event: StatementEvent) -> str:
    """One statement as a short human-readable block."""
    sp = event.get("speaker")
    who = (sp and (sp["name"] or sp["mention"]["text"])) or "(no speaker)"
    role = ", ".join(x for x in (sp["title"], sp["organization"], sp["country"]) if x) if sp else ""
    head = f"[{event['article_id']} #{event['index']}] {event['kind']:8} {who}" + (f" ({role})" if role else "")
    return f"{head}\n    {event['content']['text']}"


if __name__ == "__main__":  # pragma: no cover
    main()


# --- time arguments ----------------------------------------------------------------------------

def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 (``2024-10-30``, ``2024-10-30T12:00Z``; naive means UTC) or relative (``90m``, ``6h``, ``7d``)."""
    import re
    from datetime import UTC, timedelta

    if value is None:
        return None
    text = value.strip()
    rel = re.fullmatch(r"(\d+)\s*([smhdw])", text)
    if rel:
        unit = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[rel.group(2)]
        try:
            return datetime.now(UTC) - timedelta(**{unit: int(rel.group(1))})
        except OverflowError:  # e.g. 99999999d: before year 1
            raise click.BadParameter(f"{value!r} reaches back before the year 1") from None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is neither ISO 8601 nor a relative time like 6h or 7d") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _time_option(name: str, help_text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(name, callback=lambda ctx, param, v: parse_time(v), help=help_text)


# --- archive: search and stats ------------------------------------------------------------------------

@main.command()
@click.argument("query", required=False, default="")
@click.option("--speaker", help="Speaker name (part of it) or speaker id.")
@click.option("--title", help="Part of the speaker's title.")
@click.option("--org", "organization", help="Part of the speaker's organization.")
@click.option("--country", help="Speaker's country, e.g. Russia.")
@click.option("--kind", type=click.Choice(["direct", "mixed", "indirect"]), multiple=True)
@click.option("--source", help="Article source.")
@_time_option("--since", "Published at or after (ISO 8601 or 7d, 6h...).")
@_time_option("--until", "Published before.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(0))
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def search(query: str, speaker: str | None, title: str | None, organization: str | None, country: str | None,
           kind: tuple[str, ...], source: str | None, since: object, until: object, limit: int, fmt: str) -> None:
    """Search archived statements: words, "phrases", -excluded, OR; plus filters."""
    from .archive.format import write_results
    from .archive.store import SearchQuery, StoreError, open_store

    settings = _settings()
    try:
        q = SearchQuery(text=query or None, speaker=speaker, title=title, organization=organization,
                        country=country, kind=kind or None, source=source, since=since, until=until,  # type: ignore[arg-type]
                        limit=limit)
        with open_store(settings.archive_url, migrate=True, create=False) as store:
            count = write_results(store.search(q), fmt, sys.stdout)  # type: ignore[arg-type]
    except (ValueError, StoreError) as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "table" and count:
        click.echo(f"({count} statement{'s' if count != 1 else ''})", err=True)


@main.group()
def archive() -> None:
    """The statement archive."""


@archive.command("stats")
@click.option("--top", default=15, show_default=True, help="Rows per table.")
@click.option("--days", default=30, show_default=True, help="Days of the by-day table.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def archive_stats(top: int, days: int, fmt: str) -> None:
    """Counts by day, source and speaker."""
    from .archive.format import write_stats
    from .archive.store import StoreError, open_store

    settings = _settings()
    try:
        with open_store(settings.archive_url, migrate=True, create=False) as store:
            write_stats(store.stats(top=top, days=days), fmt, sys.stdout)  # type: ignore[arg-type]
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


# --- replay, reprocess, groups --------------------------------------------------------------------

@main.command()
@broker_option
@click.argument("topic")
@_time_option("--from-time", "Start at the first record at or after this time.")
@click.option("--from-offset", type=click.IntRange(0), help="Start at this offset in every partition.")
@_time_option("--to-time", "Stop before records at or after this time (default: the end as of now).")
@click.option("--to", "target", default="stdout", show_default=True,
              help="archive | stdout | topic:NAME (or 'topic NAME' as two words).")
@click.argument("target_topic", required=False)
@click.option("--group", help="Commit progress as this consumer group (and resume from it).")
@click.option("--format", "fmt", type=click.Choice(["value", "envelope"]), default="value", show_default=True,
              help="stdout: each record's value, or an envelope with topic, partition, offset, timestamp, key, "
              "headers and value.")
@click.option("--print", "print_fields", metavar="FIELDS",
              help="stdout: an envelope with these fields and the value, e.g. key,partition,offset,timestamp,headers.")
def replay(topic: str, from_time: object, from_offset: int | None, to_time: object, target: str,
           target_topic: str | None, group: str | None, fmt: str, print_fields: str | None) -> None:
    """Replay TOPIC (a full name, or articles/statements/statement-batches/alerts/deadletter) to a target."""
    from . import replay as replay_mod
    from .topics import names

    settings = _settings()
    if settings.embedded:
        raise click.ClickException("replay needs a broker that holds the topic: set QUOTEWIRE_BROKER")
    n = names(settings)
    full = {"articles": n.articles, "statements": n.statements, "statement-batches": n.batches,
            "alerts": n.alerts, "deadletter": n.deadletter}.get(topic, topic)
    if target == "topic":
        if not target_topic:
            raise click.BadParameter("--to topic needs the topic name", param_hint="--to")
        target = f"topic:{target_topic}"
    fields = _envelope_fields(fmt, print_fields)

    async def run() -> replay_mod.ReplayStats:
        close = None
        if target == "stdout":
            write = replay_mod.stdout_target(fields=fields)
        elif target == "archive":
            write, close = replay_mod.archive_target(settings)
        elif target.startswith("topic:"):
            write, close = await replay_mod.topic_target(settings, target.split(":", 1)[1])
        else:
            raise click.BadParameter("expected archive, stdout or topic NAME", param_hint="--to")
        try:
            return await replay_mod.replay(settings, full, write, from_time=from_time, from_offset=from_offset,  # type: ignore[arg-type]
                                           to_time=to_time, group=group, progress=sys.stderr)  # type: ignore[arg-type]
        finally:
            if close:
                await close()

    try:
        import asyncio
        stats = asyncio.run(run())
    except replay_mod.ReplayError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"replayed {stats.events} event(s) from {full}", err=True)


@main.command()
@broker_option
@_time_option("--since", "Articles published at or after this time.")
@_time_option("--until", "Articles published before this time.")
@click.option("--dry-run", is_flag=True, help="Count what would be re-derived, publish nothing.")
def reprocess(since: object, until: object, dry_run: bool) -> None:
    """Re-run extraction and enrichment on archived articles with the current extractor version."""
    from .reprocess import reprocess as run_reprocess

    if since is None:
        raise click.BadParameter("--since is required", param_hint="--since")
    settings = _settings()
    if settings.embedded and not dry_run:
        raise click.ClickException("reprocess publishes statement events: set QUOTEWIRE_BROKER")
    import asyncio
    report = asyncio.run(run_reprocess(settings, since, until, dry_run=dry_run))  # type: ignore[arg-type]
    click.echo(f"{report.articles} article(s), {report.statements} statement(s) "
               f"{'would be ' if dry_run else ''}published with extractor {report.extractor_version}")


@main.group()
def groups() -> None:
    """Consumer groups."""


@groups.command("reset")
@broker_option
@click.argument("group")
@_time_option("--to-time", "Move the group's offsets to the first record at or after this time.")
@click.option("--topic", "topics_", multiple=True, help="Topics to reset (default: all the group committed).")
@click.option("--dry-run", is_flag=True)
def groups_reset(group: str, to_time: object, topics_: tuple[str, ...], dry_run: bool) -> None:
    """Reset GROUP to a time for a re-read; refused while the group has live members."""
    from .replay import ReplayError, reset_group

    if to_time is None:
        raise click.BadParameter("--to-time is required", param_hint="--to-time")
    settings = _settings()
    if settings.embedded:
        raise click.ClickException("set QUOTEWIRE_BROKER to the broker that holds the group")
    try:
        import asyncio
        plan = asyncio.run(reset_group(settings, group, to_time, topics=list(topics_) or None,  # type: ignore[arg-type]
                                       dry_run=dry_run))
    except ReplayError as exc:
        raise click.ClickException(str(exc)) from None
    for tp, offset in sorted(plan.offsets.items()):
        click.echo(f"{tp.topic}[{tp.partition}] → {offset}")
    click.echo("(dry run: nothing committed)" if dry_run else f"group {group} reset")


# --- alerting ----------------------------------------------------------------------------------------

@main.group()
def subscriptions() -> None:
    """Alert subscriptions (a YAML file the alert workers reload when it changes)."""


def _subscriptions_path() -> Path:
    from .alerts import default_subscriptions_path

    return default_subscriptions_path(_settings())


@subscriptions.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "yaml"]), default="table", show_default=True)
def subscriptions_list(fmt: str) -> None:
    """List subscriptions."""
    import yaml

    from .alerts import SubscriptionError, load_subscriptions

    path = _subscriptions_path()
    try:
        subs = load_subscriptions(path)
    except SubscriptionError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "yaml":
        click.echo(yaml.safe_dump({"subscriptions": [s.describe() for s in subs]}, sort_keys=False), nl=False)
        return
    click.echo(f"{path}: {len(subs)} subscription(s)")
    for sub in subs:
        targets = ", ".join(sub.target_labels())
        flag = "" if sub.enabled else " (disabled)"
        click.echo(f"  {sub.id:24} {sub.query.text}  → {targets}{flag}")


@subscriptions.command("add")
@click.argument("subscription_id")
@click.argument("query")
@click.option("--webhook", help="Webhook URL (POST, signed).")
@click.option("--secret-env", help="Environment variable holding the webhook's signing secret.")
@click.option("--file", "file_", type=click.Path(dir_okay=False), help="Append alerts as JSON lines here.")
@click.option("--console", is_flag=True, help="Print alerts on the alert worker's console.")
@click.option("--rate-limit", type=float, help="At most this many deliveries a minute (the rest digested).")
@click.option("--digest", type=float, help="Group alerts of this many seconds into one delivery.")
@click.option("--replace", is_flag=True, help="Replace a subscription with the same id.")
def subscriptions_add(subscription_id: str, query: str, webhook: str | None, secret_env: str | None,
                      file_: str | None, console: bool, rate_limit: float | None, digest: float | None,
                      replace: bool) -> None:
    """Add a subscription: ID and QUERY, delivered to the alerts topic and the targets given."""
    from .alerts import SubscriptionError, add_subscription

    targets: list[object] = []
    if webhook:
        hook: dict[str, object] = {"url": webhook}
        if secret_env:
            hook["secret_env"] = secret_env
        targets.append({"webhook": hook})
    if file_:
        targets.append({"file": file_})
    if console or not targets:
        targets.append("console")
    entry: dict[str, object] = {"id": subscription_id, "query": query, "targets": targets}
    if rate_limit:
        entry["rate_limit_per_minute"] = rate_limit
    if digest:
        entry["digest_seconds"] = digest
    try:
        sub = add_subscription(_subscriptions_path(), entry, replace=replace)
    except SubscriptionError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"added {sub.id}: {sub.query.text}")


@subscriptions.command("remove")
@click.argument("subscription_id")
def subscriptions_remove(subscription_id: str) -> None:
    """Remove a subscription."""
    from .alerts import SubscriptionError, remove_subscription

    try:
        remove_subscription(_subscriptions_path(), subscription_id)
    except SubscriptionError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"removed {subscription_id}")


@main.group()
def alerts() -> None:
    """Alert queries."""


@alerts.command("test")
@click.argument("query")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def alerts_test(query: str, file: Path | None) -> None:
    """Show which statements of an article FILE (default: the seed article) QUERY would match."""
    from .alerts import QueryError, compile_query, file_statements, format_preview, preview
    from .demo import seed_article_path

    try:
        compile_query(query)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    statements = file_statements(file or seed_article_path())
    click.echo(format_preview(preview(query, statements), total=len(statements)))


# --- benchmarks ----------------------------------------------------------------------------------------

@main.group()
def bench() -> None:
    """Benchmarks (figures for the README; not tests)."""


@bench.command("extract")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--no-enrich", is_flag=True, help="Extraction only, without speaker resolution.")
def bench_extract_cmd(folder: Path | None, no_enrich: bool) -> None:
    """Articles/s and words/s of extraction (and enrichment) on one core over FOLDER's .txt articles."""
    from .bench.corpus import corpus_dir
    from .bench_extract import bench_extract, format_table

    try:
        path = corpus_dir(folder)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    rows = [bench_extract(path, resolve=False)]
    if not no_enrich:
        rows.append(bench_extract(path, resolve=True))
        rows.append(bench_extract(path, resolve=True, link=True))
    click.echo(format_table(rows))


@bench.command("pipeline")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--articles", "n", default=5000, show_default=True, help="Articles to publish per run.")
@click.option("--workers", default="1,2", show_default=True, help="Pipeline worker counts to run, comma-separated.")
@click.option("--rate", type=float, help="Publish at this many articles/s (default: as fast as the broker takes).")
def bench_pipeline_cmd(folder: Path | None, n: int, workers: str, rate: float | None) -> None:
    """End-to-end throughput and latency on the embedded broker, and the ratio to bare aiokafka."""
    from .bench.corpus import corpus_dir
    from .bench.pipeline import bench_pipeline, format_runs
    from .logs import configure_logging

    configure_logging("warning", "console")
    try:
        path = corpus_dir(folder)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    counts = [int(w) for w in workers.split(",") if w.strip()]
    import asyncio
    runs, bare = asyncio.run(bench_pipeline(path, n, counts, rate=rate, log=lambda m: click.echo(m, err=True)))
    click.echo(format_runs(runs, bare))


@bench.command("alerts")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--articles", "n", default=250, show_default=True)
@click.option("--rate", default=20.0, show_default=True, help="Articles published per second.")
def bench_alerts_cmd(folder: Path | None, n: int, rate: float) -> None:
    """Publish → webhook latency (p50/p95/p99) of alerts, receiver on loopback."""
    import tempfile

    from .bench.corpus import corpus_dir
    from .bench.pipeline import format_runs, run_pipeline
    from .broker import EmbeddedBroker
    from .logs import configure_logging

    configure_logging("warning", "console")
    try:
        path = corpus_dir(folder)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None

    async def run() -> RunResult:
        with tempfile.TemporaryDirectory(prefix="qw-bench-") as tmp, EmbeddedBroker() as broker:
            return await run_pipeline(broker, path, n, 1, rate=rate, work_dir=Path(tmp),
                                      log=lambda m: click.echo(m, err=True))

    import asyncio
    result = asyncio.run(run())
    click.echo(format_runs([result], None))
    click.echo(f"publish → webhook: p50 {result.to_alert.p50 * 1000:.0f} ms, p95 {result.to_alert.p95 * 1000:.0f} ms, "
               f"p99 {result.to_alert.p99 * 1000:.0f} ms over {result.to_alert.count} alerts "
               f"from {result.articles} articles at {rate:g} articles/s")


@bench.command("soak")
@click.argument("folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--minutes", default=10.0, show_default=True)
@click.option("--rate", default=50.0, show_default=True, help="Articles published per second.")
@click.option("--warmup", default=120.0, show_default=True, help="Seconds before the memory baseline is taken.")
def bench_soak_cmd(folder: Path | None, minutes: float, rate: float, warmup: float) -> None:
    """Memory of every worker over a long run at a steady rate (flat means within 10%)."""
    import tempfile

    from .bench.corpus import corpus_dir
    from .bench.pipeline import format_runs, format_soak, run_pipeline
    from .broker import EmbeddedBroker
    from .logs import configure_logging

    configure_logging("warning", "console")
    try:
        path = corpus_dir(folder)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    n = int(minutes * 60 * rate)

    async def run() -> RunResult:
        with tempfile.TemporaryDirectory(prefix="qw-soak-") as tmp, EmbeddedBroker() as broker:
            return await run_pipeline(broker, path, n, 1, rate=rate, work_dir=Path(tmp), timeout=minutes * 60 + 600,
                                      rss_every=15.0, log=lambda m: click.echo(m, err=True))

    import asyncio
    result = asyncio.run(run())
    click.echo(format_runs([result], None))
    click.echo(format_soak(result, warmup))


@bench.command("consume")
@click.option("-n", "n", default=20000, show_default=True, help="records on the topic")
@click.option("--rounds", default=2, show_default=True, help="reads with each fetch loop, alternating")
def bench_consume_cmd(n: int, rounds: int) -> None:
    """Faust's CPU per consumed record: quotewire's fetch loop against Faust's own, in one run."""
    from .bench.consume import bench_consume, format_consume

    click.echo(format_consume(bench_consume(n, rounds, log=lambda m: click.echo(m, err=True))))


@bench.command("archive")
@click.option("--statements", "n", default=20000, show_default=True)
@click.option("--postgres", "postgres_url", default="postgresql://postgres@127.0.0.1:5432/test", show_default=True,
              help="PostgreSQL to measure too (a scratch schema is created and dropped); '' to skip.")
@click.option("--prefill", default=0, show_default=True, help="statements written first, untimed (a bigger archive)")
def bench_archive_cmd(n: int, postgres_url: str, prefill: int) -> None:
    """Archive write throughput (statements/s, CPU per statement) per store, and replay throughput (events/s)."""
    from .bench.archive import bench_replay, bench_stores, format_store
    from .logs import configure_logging

    configure_logging("warning", "console")
    for row in bench_stores(n, postgres_url or None, prefill=prefill):
        click.echo(format_store(row))
    import asyncio
    replayed = asyncio.run(bench_replay(n))
    click.echo(f"replay     topic  {replayed['replay_events_per_s']:>9,} events/s  "
               f"(into SQLite: {replayed['replay_into_sqlite_events_per_s']:,} events/s; {replayed['note']})")


from .kb.cli import kb as _kb_group  # noqa: E402  (quotewire kb build|lookup|stats)

main.add_command(_kb_group)
