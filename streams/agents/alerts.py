"""The alert consumer: match statements against subscriptions, then deliver the alerts.

Two agents in the alerts consumer group, with the alerts topic between them as a durable outbox:
``match`` (``alert_matching``: one alert event per matching subscription and statement,
remembered in the ``matched`` table) and ``deliver``, which hands each alert event to the delivery
machine (``streams.alerts.delivery``) without waiting: each target has a lane of its own, and an
event is acknowledged only once delivered or dead-lettered, its outcome in the ``delivered`` table.
"""
from __future__ import annotations

import asyncio
from typing import Any, cast

import faust
import structlog
from faust.types import EventT

from .. import events, metrics
from ..alerts import Dispatcher, SubscriptionSet, default_subscriptions_path
from ..alerts.delivery import Deliveries
from ..alerts.subscriptions import mark_gone
from ..settings import Settings
from ..topics import names
from .alert_host import FaustHost
from .alert_matching import BACKFILL_HEADER, Matcher
from .skips import SkipGuard
from .wire import raw_topic

log = structlog.get_logger(__name__)

__all__ = ["BACKFILL_HEADER", "register"]


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
        # an agent's stream is a faust.Stream; the StreamT interface it is typed with lacks noack_take
        # at most 5 ms after a batch's first alert (streams/take_quiet.py): the average wait of Faust's 10 ms ticks
        async for batch in cast(faust.Stream, stream).noack_take(200, within=0.005):
            metrics.EVENTS_IN.labels(n.alerts).inc(len(batch))
            for event in batch:
                try:
                    alert = events.loads(event.value)
                    sub_id = str(alert["subscription_id"])
                except Exception:  # noqa: BLE001 - not JSON, or no subscription: nothing to deliver
                    log.warning("alerts.skip_invalid_alert", offset=event.message.offset)
                    await stream.ack(event)
                    continue
                await machine.submit(sub_id, event, alert)
            await skips.rewind(batch)

    @app.timer(0.5)
    async def flush_held() -> None:
        await machine.flush_due()

    # mode's signal-handler type matches no function, not even one of its exact signature (see skips.py)
    @app.on_partitions_revoked.connect  # type: ignore[arg-type]
    async def _forget_held(sender: Any, revoked: Any, **_: Any) -> None:
        gone = {tp.partition for tp in revoked if tp.topic == n.alerts}
        machine.revoke(lambda evt: evt.message.partition in gone)

    @app.service
    class _CloseSinks(faust.Service):
        async def on_stop(self) -> None:
            await machine.close()
            await dispatcher.close()
