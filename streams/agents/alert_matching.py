"""The alerts worker's ``match`` agent: statements in, one alert event per matching subscription out.

The ``matched`` table (alert_id → 1) stops a redelivered or replayed statement from publishing a
second alert. A statement that cannot be read or matched goes to the dead-letter topic (stage
``alerts``) with the reason, and the rest of its batch goes on.
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
from ..alerts.match import match_event
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
        self.app.agent(raw_topic(self.app, self.n.statements), name="match")(self.run)

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
        # Batches: Faust's per-event cost dominates at thousands of statements a second.
        # an agent's stream is a faust.Stream; the StreamT interface it is typed with lacks noack_take
        async for batch in cast(faust.Stream, stream).noack_take(500, within=0.02):
            started = time.perf_counter()
            metrics.EVENTS_IN.labels(self.n.statements).inc(len(batch))
            for event in batch:
                try:
                    await self.match_one(event)
                except Exception as exc:  # noqa: BLE001 - one statement must not cost the batch: keep it, with why
                    await self.refuse(event, "alert_failed", f"{type(exc).__name__}: {exc}")
                finally:
                    clear_event()
            for event in batch:
                await stream.ack(event)
            await self.skips.rewind(batch)
            metrics.PROCESSING_SECONDS.labels("match").observe(time.perf_counter() - started)

    async def refuse(self, event: EventT, error: str, reason: str) -> None:
        log.error("alerts.unmatchable_statement", error=error, reason=reason[:300])
        await dead_letter(self.deadletters, "alerts", error, reason, event.value, event=event,
                          key=event.key if isinstance(event.key, bytes) else None)

    async def match_one(self, event: EventT) -> None:
        if header(event, BACKFILL_HEADER):
            return
        found = match_event(event.value, self.subscriptions)
        if found.error:
            await self.refuse(event, found.error, found.reason or found.error)
            return
        if found.statement is None:
            return
        statement, trace_id = found.statement, header(event, TRACE_HEADER)
        bind_event(article_id=statement.get("article_id"), statement_id=statement.get("statement_id"),
                   trace_id=trace_id)
        for sub, why in found.matches:
            # match_event checked the statement against statement.v1
            self.publish(event, statement, sub.id, why.alert(sub.id, cast(StatementEvent, statement)), trace_id)

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
