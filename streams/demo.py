"""``quotewire demo``: the whole pipeline on the embedded defaults, on the seed article, in under a minute.

Starts the broker and the three worker roles as child processes, publishes the
packaged seed article, prints each enriched statement and alert as it arrives on
its topic, waits until the archive holds every statement, then shuts everything
down and leaves the archive behind for ``quotewire search``.
"""
from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import click
import structlog
from aiokafka import AIOKafkaConsumer

from . import events
from .archive.store import StoreError
from .broker import free_port_block
from .contracts import AlertEvent, Speaker, StatementEvent
from .extract import read_article_file
from .logs import configure_logging
from .pipeline import Pipeline
from .publish import publish_records
from .settings import Settings
from .topics import names, topic_partitions
from .worker import Supervisor, _ensure_topics

log = structlog.get_logger(__name__)


def seed_article_path() -> Path:
    return Path(str(resources.files("streams") / "data" / "seed-article.txt"))


@dataclass
class DemoResult:
    statements: int
    alerts: int
    archived: int
    seconds: float
    archive_url: str


def _who(sp: Speaker | None) -> str:
    mention = sp.get("mention") if sp else None
    return (sp and sp.get("name")) or (mention and mention.get("text")) or "(unattributed)"


def _statement_line(event: StatementEvent) -> str:
    sp = event.get("speaker")
    who = _who(sp)
    role = ", ".join(x for x in (sp.get("title"), sp.get("organization"), sp.get("country")) if x) if sp else ""
    content = event["content"]["text"]
    if len(content) > 160:
        content = content[:157] + "..."
    who_role = f"{who} — {role}" if role else who
    return (click.style(f"  statement #{event['index']:<2} ", fg="cyan")
            + click.style(f"{event['kind']:8} ", fg="yellow")
            + click.style(who_role, bold=True) + (f" [{sp['type']}]" if sp and sp.get("type") else "")
            + f"\n      “{content}”")


def _alert_line(alert: AlertEvent) -> str:
    st = alert["statement"]
    who = _who(st.get("speaker"))
    why = ", ".join(alert["matched"]["terms"] + [f"{k}={v}" for k, v in alert["matched"]["fields"].items()])
    return (click.style(f"  ALERT {alert['subscription_id']}", fg="red", bold=True)
            + f" ← statement #{st['index']} by {who} (matched: {why or alert['matched']['query']})")


def _expected_alerts(statements: list[StatementEvent], subscriptions_file: Path) -> int:
    """How many alerts the demo subscriptions give for these statements (same matcher as the worker)."""
    from .alerts import SubscriptionSet

    subs = SubscriptionSet(subscriptions_file)
    return sum(len(subs.match(st)) for st in statements)


async def _follow(settings: Settings, want_statements: int, want_alerts: int, article_id: str,
                  deadline: float, supervisor: Supervisor) -> tuple[int, int]:
    """Print statements and alerts of ``article_id`` as they arrive, until all expected are seen."""
    n = names(settings)
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                                fetch_max_wait_ms=settings.fetch_max_wait_ms, **settings.kafka_client_options())
    await consumer.start()
    try:
        parts = [tp for t in (n.statements, n.alerts) for tp in await topic_partitions(consumer, t)]
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        seen_statements: set[str] = set()
        seen_alerts: set[str] = set()
        while (len(seen_statements) < want_statements or len(seen_alerts) < want_alerts) \
                and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=200)
            if supervisor.exited():
                raise click.ClickException(_why_stopped(supervisor))
            for tp, records in batch.items():
                for record in records:
                    event = events.loads(record.value)
                    if tp.topic == n.statements and event.get("article_id") == article_id:
                        if event["statement_id"] not in seen_statements:
                            seen_statements.add(event["statement_id"])
                            click.echo(_statement_line(event))
                    elif tp.topic == n.alerts and event["statement"].get("article_id") == article_id:
                        if event["alert_id"] not in seen_alerts:
                            seen_alerts.add(event["alert_id"])
                            click.echo(_alert_line(event))
        return len(seen_statements), len(seen_alerts)
    finally:
        await consumer.stop()


def _why_stopped(supervisor: Supervisor) -> str:
    """Which workers stopped, with their exit code and the last error their log holds."""
    parts = []
    for child in supervisor.children:
        if child.proc is None or child.proc.poll() is None:
            continue
        last_error = ""
        if child.log_path and child.log_path.exists():
            for line in child.log_path.read_text(errors="replace").splitlines():
                if '"level": "error"' in line or '"level":"error"' in line:
                    last_error = line.strip()
        try:
            entry = events.loads(last_error) if last_error else {}
            detail = str(entry.get("error") or entry.get("event") or "")
        except (ValueError, AttributeError):  # not JSON, or JSON but not an object
            detail = last_error
        parts.append(f"{child.role} worker exited with code {child.proc.returncode}"
                     + (f": {detail[:300]}" if detail else ""))
    return "; ".join(parts) + f" (logs in {supervisor.log_dir})"


def _archived(settings: Settings, article_id: str) -> int:
    from .archive.store import open_store

    store = open_store(settings.archive_url)
    try:
        return store.count_statements(article_id=article_id)
    finally:
        store.close()


def run_demo(settings: Settings, *, timeout: float = 55.0) -> DemoResult:
    """Run the demo; raises click.ClickException when a step does not finish in time."""
    started = time.monotonic()
    deadline = started + timeout
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log_dir = settings.data_dir / "logs"
    configure_logging("warning", "console")
    from .alerts import demo_subscriptions_path

    subscriptions = settings.subscriptions_file or demo_subscriptions_path()

    article = next(read_article_file(seed_article_path()))
    article["source"] = "quotewire demo"
    article["published_at"] = events.utcnow()
    expected = Pipeline.from_settings(settings).process(article)
    want_alerts = _expected_alerts(expected, subscriptions)

    click.echo(click.style("quotewire demo", bold=True) + f": seed article '{article['article_id']}', "
               f"{len(expected)} statements and {want_alerts} alerts expected")
    # Short sessions make the embedded broker's group joins quick (it holds a join ~half the session timeout).
    env = {
        "QUOTEWIRE_SUBSCRIPTIONS_FILE": str(subscriptions),
        "QUOTEWIRE_SESSION_TIMEOUT": os.environ.get("QUOTEWIRE_SESSION_TIMEOUT", "4"),
        "QUOTEWIRE_LOG_FORMAT": "json",
    }
    roles = ["pipeline", "alerts", "archive"]
    if "QUOTEWIRE_WEB_PORT" not in os.environ:  # not asked for a port: take free ones rather than fail on 6066
        settings = settings.model_copy(update={"web_port": free_port_block(len(roles), settings.web_host)})
    supervisor = Supervisor(roles, settings, log_dir=log_dir, extra_env=env)  # type: ignore[arg-type]
    supervisor.start()
    try:
        live = settings.model_copy(update={"broker": supervisor.broker_url})
        click.echo(f"  broker {supervisor.broker_url}; workers: pipeline, alerts, archive (logs in {log_dir})")
        asyncio.run(_ensure_topics(live))
        report = asyncio.run(publish_records(live, [events.dumps(article)]))
        click.echo(f"  published {report.sent} article; waiting for statements and alerts...\n")
        got_statements, got_alerts = asyncio.run(
            _follow(live, len(expected), want_alerts, article["article_id"], deadline, supervisor)
        )
        archived, archive_error = 0, None
        while time.monotonic() < deadline:
            try:
                archived = _archived(live, article["article_id"])
            except StoreError as exc:  # the archive worker has not created its tables yet
                archive_error = exc
            else:
                archive_error = None
                if archived >= len(expected):
                    break
            time.sleep(0.25)
        if got_statements < len(expected) or got_alerts < want_alerts or archived < len(expected):
            raise click.ClickException(
                f"demo incomplete after {timeout:.0f}s: {got_statements}/{len(expected)} statements, "
                f"{got_alerts}/{want_alerts} alerts, {archived}/{len(expected)} archived"
                + (f" (archive: {archive_error})" if archive_error else "") + f"; see {log_dir}"
            )
    finally:
        supervisor.stop(timeout=20)
    return DemoResult(len(expected), want_alerts, archived, time.monotonic() - started, settings.archive_url)

