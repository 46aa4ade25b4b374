"""The alerts worker's ``match`` agent: statement batches in, one alert event per matching subscription out.

It reads the statement-batches topic (one ``statement-batch.v1`` record per article, see
:mod:`streams.batches`), not the per-statement topic: one consumed record per article. The ``matched`` table
(alert_id → 1) stops a redelivered or replayed statement from publishing a second alert. A record that is not
a statement batch, and a statement that cannot be matched, go to the dead-letter topic (stage ``alerts``)
with the reason, and the rest go on.
"""
from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

import faust
import structlog
from faust.types import EventT

from .. import events, metrics
from ..alerts import SubscriptionSet
from ..alerts.match import match_statement
from ..batches import InvalidBatch, read_batch
from ..contracts import AlertEvent, StatementEvent
from ..logs import bind_event, clear_event
from ..settings import Settings
from ..topics import names
from .alert_host import as_current
from .skips import SkipGuard
from .wire import ARTICLE_TS_HEADER, TRACE_HEADER, dead_letter, header, headers_out, raw_topic

log = structlog.get_logger(__name__)

BACKFILL_HEADER = "qw-backfill"  # statements re-derived by `quotewire reprocess`: archived, not alerted


class Matcher:
    """The match agent, the ``matched`` table and the subscriptions' reload timer."""

    def __init__(self, app: faust.App, settings: Settings, subscriptions: SubscriptionSet,
                 *on_removed: Callable[[str], Awaitable[None] | None]) -> None:
        self.app = app
        self.n = names(settings)
        self.subscriptions = subscriptions
        self.on_removed = on_removed
        self.alerts = raw_topic(app, self.n.alerts)
        self.deadletters = raw_topic(app, self.n.deadletter)
        self.matched = app.Table("matched", default=None, key_type=str,
                                 help="alert_id → 1 once its alert event is on the alerts topic.")
        self.skips = SkipGuard(app, "match")

    def register(self) -> None:
        self.app.timer(2.0)(self.reload)
        self.app.agent(raw_topic(self.app, self.n.batches), name="match")(self.run)

    async def reload(self) -> None:
        result = self.subscriptions.reload_if_changed()
        if result.changed:
            log.info("subscriptions.reloaded", count=len(self.subscriptions), added=result.added,
                     removed=result.removed, updated=result.updated)
            for gone in result.removed:
                for forget in self.on_removed:
                    pending = forget(gone)
                    if pending is not None:
                        await pending
        if result.error:
            log.error("subscriptions.invalid", error=result.error)

    async def run(self, stream: faust.StreamT) -> None:
        # Batches of records: Faust's per-event cost dominates at hundreds of articles a second.
        # an agent's stream is a faust.Stream; the StreamT interface it is typed with lacks noack_take
        # A batch goes at most `within` after its first record (streams/take_quiet.py): 10 ms keeps the average
        # wait of Faust's fixed 20 ms ticks, with no tick while idle.
        async for batch in cast(faust.Stream, stream).noack_take(500, within=0.01):
            started = time.perf_counter()
            metrics.EVENTS_IN.labels(self.n.batches).inc(len(batch))
            for event in batch:
                await self.match_record(event)
            for event in batch:
                await stream.ack(event)
            await self.skips.rewind(batch)
            metrics.PROCESSING_SECONDS.labels("match").observe(time.perf_counter() - started)

    async def refuse(self, event: EventT, error: str, reason: str, original: bytes | None = None,
                     **context: Any) -> None:
        log.error("alerts.unmatchable_statement", error=error, reason=reason[:300])
        await dead_letter(self.deadletters, "alerts", error, reason,
                          event.value if original is None else original, event=event,
                          key=event.key if isinstance(event.key, bytes) else None, **context)

    async def match_record(self, event: EventT) -> None:
        """Every statement of one statement-batch record; a backfill (``quotewire reprocess``) alerts nobody."""
        if header(event, BACKFILL_HEADER):
            return
        try:
            batch = read_batch(event.value)
        except InvalidBatch as exc:
            await self.refuse(event, "invalid_batch", str(exc))
            return
        for statement in batch["statements"]:
            try:
                await self.match_one(event, statement)
            except Exception as exc:  # noqa: BLE001 - one statement must not cost the rest: keep it, with why
                bind_event(**_ids(statement), trace_id=header(event, TRACE_HEADER))
                await self.refuse(event, "alert_failed", f"{type(exc).__name__}: {exc}",
                                  events.dumps(statement), **_ids(statement))
                clear_event()

    async def match_one(self, event: EventT, statement: Any) -> None:
        found = match_statement(statement, self.subscriptions)
        if found.error:
            await self.refuse(event, found.error, found.reason or found.error, events.dumps(statement),
                              **_ids(statement))
            return
        if found.statement is None or not found.matches:
            return
        matched, trace_id = found.statement, header(event, TRACE_HEADER)
        # the statement's ids on the log lines of its alerts (bound only then: most statements match nothing)
        bind_event(article_id=matched.get("article_id"), statement_id=matched.get("statement_id"),
                   trace_id=trace_id)
        try:
            for sub, why in found.matches:
                # match_statement checked the statement against statement.v1
                self.publish(event, matched, sub.id, why.alert(sub.id, cast(StatementEvent, matched)), trace_id)
        finally:
            clear_event()

    def publish(self, event: EventT, statement: dict[str, Any], sub_id: str, alert: AlertEvent,
                trace_id: str | None) -> None:
        if self.matched.get(alert["alert_id"]):
            return  # already published: a redelivery or a replay
        self.alerts.send_soon(key=sub_id.encode("utf-8"), value=events.dumps(alert),
                              headers=headers_out(trace_id, header(event, ARTICLE_TS_HEADER)))
        with as_current(event):
            self.matched[alert["alert_id"]] = 1
        metrics.ALERTS_MATCHED.labels(sub_id).inc()
        metrics.EVENTS_OUT.labels(self.n.alerts).inc()
        log.debug("alert.matched", subscription_id=sub_id, alert_id=alert["alert_id"])


def _ids(statement: Any) -> dict[str, Any]:
    """The ids a dead letter of one statement of a batch names."""
    if not isinstance(statement, dict):
        return {}
    return {"article_id": statement.get("article_id"), "statement_id": statement.get("statement_id")}
