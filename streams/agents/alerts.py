"""The alert consumer: match statements against subscriptions, then deliver the alerts.

Two agents in the alerts consumer group, with the alerts topic between them as a durable outbox:
``match`` (``streams.alerts.matching``: one alert event per matching subscription and statement,
remembered in the ``matched`` table) and ``deliver``, which hands each alert event to the delivery
machine (``streams.alerts.delivery``) without waiting: each target has a lane of its own, and an
event is acknowledged only once delivered or dead-lettered, its outcome in the ``delivered`` table.
"""
from __future__ import annotations

import asyncio
import time
from typing import Any

import faust
import structlog
from faust.types import EventT

from .. import events, metrics
from ..alerts import Dispatcher, SubscriptionSet, default_subscriptions_path
from ..alerts.delivery import Deliveries, Outcome
from ..alerts.subscriptions import mark_gone
from ..settings import Settings
from ..topics import names
from .alert_matching import BACKFILL_HEADER, Matcher, as_current
from .skips import SkipGuard
from .wire import ARTICLE_TS_HEADER, header, headers_out, raw_topic

log = structlog.get_logger(__name__)

__all__ = ["BACKFILL_HEADER", "register"]


class FaustHost:
    """The delivery machine's view of Faust: the ``delivered`` table, acks, the dead-letter topic."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.delivered = app.Table("delivered", default=None, key_type=str,
                                   help="alert_id → outcome once its delivery finished (delivered or dead-lettered).")
        self.deadletters = raw_topic(app, names(settings).deadletter)
        self.stream: faust.StreamT | None = None  # the delivery agent's stream, once it runs

    def outcome(self, alert_id: str) -> str | None:
        return self.delivered.get(alert_id)  # type: ignore[no-any-return]

    def record(self, token: EventT, alert_id: str, outcome: Outcome) -> None:
        with as_current(token):
            self.delivered[alert_id] = outcome.value
        ts = header(token, ARTICLE_TS_HEADER)
        if ts and ts.isdigit():
            metrics.END_TO_END_SECONDS.labels("alert").observe(max(0.0, time.time() - int(ts) / 1000))

    async def ack(self, token: EventT) -> None:
        assert self.stream is not None
        await self.stream.ack(token)

    def origin(self, token: EventT) -> events.Origin:
        return events.Origin(token.message.topic, token.message.partition, token.message.offset)

    async def dead_letter(self, subscription_id: str, letter: dict[str, Any]) -> None:
        await self.deadletters.send(key=subscription_id.encode("utf-8"), value=events.dumps(letter),
                                    headers=headers_out(letter.get("trace_id"), None))


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    subscriptions = SubscriptionSet(default_subscriptions_path(settings), strict=False)
    dispatcher, host = Dispatcher(settings), FaustHost(app, settings)

    async def disable(sub_id: str, url: str, note: str) -> None:  # the receiver answered 410 Gone
        await asyncio.to_thread(mark_gone, subscriptions.path, sub_id, url, note)

    machine: Deliveries[EventT] = Deliveries(host, subscriptions.get, dispatcher.sinks,
                                             backlog=settings.alert_target_backlog, on_gone=disable)
    Matcher(app, settings, subscriptions, machine.forget, dispatcher.forget).register()
    skips = SkipGuard(app, "deliver")

    @app.agent(raw_topic(app, n.alerts), name="deliver")
    async def deliver(stream: faust.StreamT) -> None:
        host.stream = stream
        async for batch in stream.noack_take(200, within=0.01):
            metrics.EVENTS_IN.labels(n.alerts).inc(len(batch))
            for event in batch:
                try:
                    alert = events.loads(event.value)
                    sub_id = str(alert["subscription_id"])
                except Exception:
                    log.warning("alerts.skip_invalid_alert", offset=event.message.offset)
                    await stream.ack(event)
                    continue
                await machine.submit(sub_id, event, alert)
            await skips.rewind(batch)

    @app.timer(0.5)
    async def flush_held() -> None:
        await machine.flush_due()

    @app.on_partitions_revoked.connect
    async def _forget_held(sender: Any, revoked: Any, **_: Any) -> None:
        gone = {tp.partition for tp in revoked if tp.topic == n.alerts}
        machine.revoke(lambda evt: evt.message.partition in gone)

    @app.service
    class _CloseSinks(faust.Service):  # type: ignore[misc]
        async def on_stop(self) -> None:
            await machine.close()
            await dispatcher.close()
