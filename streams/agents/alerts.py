"""The alert consumer: match statements against subscriptions, then deliver the alerts.

Two agents in the alerts consumer group, with the alerts topic between them as a
durable outbox:

* ``match`` reads the statements topic, publishes one alert event per matching
  (subscription, statement) and remembers it in the ``matched`` table, so a
  redelivery or a replay of the statements topic publishes no second alert.
* ``deliver`` reads the alerts topic (keyed by subscription, so a subscription's
  alerts are ordered and paced on one partition) and hands each alert to its
  subscription's sinks, acknowledging it only once delivered (or dead-lettered
  after the sink's retries); the ``delivered`` table stops a redelivered alert
  from notifying twice. Alerts held for a digest or a rate limit stay
  unacknowledged until they go out, so a crash never loses them.
"""
from __future__ import annotations

import asyncio
import time
import weakref
from collections import defaultdict
from contextlib import contextmanager
from collections.abc import Iterator
from typing import Any

import faust
import structlog
from faust.streams import _current_event
from faust.types import EventT

from .. import events, metrics
from ..alerts import DeliveryGate, Dispatcher, Subscription, SubscriptionSet, default_subscriptions_path
from ..alerts import dead_letter as delivery_dead_letter
from ..logs import bind_event, clear_event
from ..settings import Settings
from ..topics import names
from .skips import SkipGuard
from .wire import ARTICLE_TS_HEADER, TRACE_HEADER, header, headers_out, raw_topic

log = structlog.get_logger(__name__)

BACKFILL_HEADER = "qw-backfill"  # statements re-derived by `quotewire reprocess`: archived, not alerted


@contextmanager
def _as_current(event: EventT) -> Iterator[None]:
    """Make ``event`` Faust's current event, so a table write from a timer lands on its partition."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    statements_topic = raw_topic(app, n.statements)
    alerts_topic = raw_topic(app, n.alerts)
    deadletters = raw_topic(app, n.deadletter)
    matched = app.Table("matched", default=None, key_type=str,
                        help="alert_id → 1 once its alert event is on the alerts topic.")
    delivered = app.Table("delivered", default=None, key_type=str,
                          help="alert_id → outcome once its delivery finished (delivered or dead-lettered).")
    subscriptions = SubscriptionSet(default_subscriptions_path(settings), strict=False)
    gate = DeliveryGate()
    dispatcher = Dispatcher(settings)
    held: dict[str, list[EventT]] = defaultdict(list)  # subscription → unacked events of held alerts
    locks: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)  # per subscription: gate and held alerts
    acks: list[faust.StreamT] = []  # the delivery agent's stream, once it runs
    match_skips, deliver_skips = SkipGuard(app, "match"), SkipGuard(app, "deliver")

    async def ack(evt: EventT) -> None:
        await acks[-1].ack(evt)

    @app.timer(2.0)
    async def reload_subscriptions() -> None:
        result = subscriptions.reload_if_changed()
        if result.changed:
            log.info("subscriptions.reloaded", count=len(subscriptions), added=result.added,
                     removed=result.removed, updated=result.updated)
            for gone in result.removed:
                gate.discard(gone)
                dispatcher.forget(gone)
        if result.error:
            log.error("subscriptions.invalid", error=result.error)

    @app.agent(statements_topic, name="match")
    async def match(stream: faust.StreamT) -> None:
        # Batches: Faust's per-event cost dominates at thousands of statements a second.
        async for batch in stream.noack_take(500, within=0.02):
            started = time.perf_counter()
            metrics.EVENTS_IN.labels(n.statements).inc(len(batch))
            for event in batch:
                await _match_one(event)
            for event in batch:
                await stream.ack(event)
            await match_skips.rewind(batch)
            metrics.PROCESSING_SECONDS.labels("match").observe(time.perf_counter() - started)

    async def _match_one(event: EventT) -> None:
        try:
            statement = events.loads(event.value)
        except Exception:
            log.warning("alerts.skip_invalid_statement", offset=event.message.offset)
            return
        if not isinstance(statement, dict) or statement.get("schema") != events.STATEMENT:
            return
        if header(event, BACKFILL_HEADER):
            return
        trace_id = header(event, TRACE_HEADER)
        bind_event(article_id=statement.get("article_id"), statement_id=statement.get("statement_id"),
                   trace_id=trace_id)
        for sub, why in subscriptions.match(statement):
            alert = why.alert(sub.id, statement)
            if matched.get(alert["alert_id"]):
                continue  # already published: a redelivery or a replay
            alerts_topic.send_soon(key=sub.id.encode("utf-8"), value=events.dumps(alert),
                                   headers=headers_out(trace_id, header(event, ARTICLE_TS_HEADER)))
            with _as_current(event):
                matched[alert["alert_id"]] = 1
            metrics.ALERTS_MATCHED.labels(sub.id).inc()
            metrics.EVENTS_OUT.labels(n.alerts).inc()
            log.debug("alert.matched", subscription_id=sub.id, alert_id=alert["alert_id"])
        clear_event()

    async def _deliver(sub: Subscription, alert: dict[str, Any], evts: list[EventT]) -> None:
        """Deliver one (possibly digest) alert to every sink, then record and acknowledge its events."""
        results = await dispatcher.deliver(sub, alert)
        outcome = "delivered"
        for sink, result in results:
            sink_name = type(sink).__name__.removesuffix("Sink").lower()
            if result.delivered:
                metrics.ALERT_DELIVERIES.labels(sink_name, "delivered").inc()
                if result.attempts > 1:
                    metrics.ALERT_DELIVERIES.labels(sink_name, "retried").inc(result.attempts - 1)
                continue
            outcome = "dead_lettered"
            metrics.ALERT_DELIVERIES.labels(sink_name, "failed").inc()
            origin = events.Origin(evts[0].message.topic, evts[0].message.partition, evts[0].message.offset)
            letter = delivery_dead_letter(alert, result, origin=origin)
            await deadletters.send(key=sub.id.encode("utf-8"), value=events.dumps(letter),
                                   headers=headers_out(alert.get("trace_id"), None))
            metrics.DEAD_LETTERS.labels("webhook", letter["error"]).inc()
            log.error("alert.dead_lettered", subscription_id=sub.id, alert_id=alert["alert_id"],
                      reason=result.reason, attempts=result.attempts)
        now_ms = time.time() * 1000
        for evt in evts:
            with _as_current(evt):
                try:
                    evt_alert = events.loads(evt.value)
                    delivered[evt_alert["alert_id"]] = outcome
                except Exception:
                    pass
            ts = header(evt, ARTICLE_TS_HEADER)
            if ts and ts.isdigit():
                metrics.END_TO_END_SECONDS.labels("alert").observe(max(0.0, (now_ms - int(ts)) / 1000))
            await ack(evt)

    @app.agent(alerts_topic, name="deliver")
    async def deliver(stream: faust.StreamT) -> None:
        acks.append(stream)
        async for batch in stream.noack_take(200, within=0.01):
            metrics.EVENTS_IN.labels(n.alerts).inc(len(batch))
            by_subscription: dict[str, list[tuple[EventT, dict[str, Any]]]] = defaultdict(list)
            for event in batch:
                try:
                    alert = events.loads(event.value)
                    by_subscription[alert["subscription_id"]].append((event, alert))
                except Exception:
                    log.warning("alerts.skip_invalid_alert", offset=event.message.offset)
                    await stream.ack(event)
            # one subscription's alerts in order; different subscriptions at the same time
            await asyncio.gather(*(_deliver_in_order(sub_id, items) for sub_id, items in by_subscription.items()))
            await deliver_skips.rewind(batch)

    async def _deliver_in_order(sub_id: str, items: list[tuple[EventT, dict[str, Any]]]) -> None:
        for event, alert in items:
            alert_id = alert.get("alert_id")
            if delivered.get(alert_id):
                metrics.ALERT_DELIVERIES.labels("any", "duplicate").inc()
                await ack(event)
                continue
            sub = subscriptions.get(sub_id)
            if sub is None or not sub.enabled:
                log.info("alert.subscription_gone", subscription_id=sub_id, alert_id=alert_id)
                await ack(event)
                continue
            bind_event(alert_id=alert_id, subscription_id=sub_id, trace_id=alert.get("trace_id"))
            async with locks[sub_id]:
                ready = gate.submit(sub.id, alert, sub.pacing)
                if ready:
                    await _deliver(sub, ready[0], [*held.pop(sub.id, []), event])
                else:
                    held[sub.id].append(event)
            clear_event()

    @app.timer(0.5)
    async def flush_held() -> None:
        """Deliver digests and rate-limited alerts whose time has come."""
        if not held:
            return
        waiting = sorted(held)  # hold every such subscription's lock: due() and held must agree
        for sub_id in waiting:
            await locks[sub_id].acquire()
        try:
            for alert in gate.due():
                sub_id = alert["subscription_id"]
                sub = subscriptions.get(sub_id)
                evts = held.pop(sub_id, [])
                if sub is None or not evts:
                    for evt in evts:
                        await ack(evt)
                    continue
                await _deliver(sub, alert, evts)
        finally:
            for sub_id in waiting:
                locks[sub_id].release()

    @app.on_partitions_revoked.connect
    async def _forget_held(sender: Any, revoked: Any, **_: Any) -> None:
        """Held alerts of revoked partitions will be redelivered to their new owner: drop them here."""
        gone = {tp.partition for tp in revoked if tp.topic == n.alerts}
        for sub_id in list(held):
            held[sub_id] = [e for e in held[sub_id] if e.message.partition not in gone]
            if not held[sub_id]:
                held.pop(sub_id)
                gate.discard(sub_id)

    @app.service
    class _CloseSinks(faust.Service):  # type: ignore[misc]
        async def on_stop(self) -> None:
            await dispatcher.close()
