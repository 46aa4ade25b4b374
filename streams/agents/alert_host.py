"""The alerts worker's Faust side of delivery: the ``delivered`` table, acks and dead letters.

``FaustHost`` is what ``streams.alerts.delivery.Deliveries`` calls; ``as_current`` lets a table
write made outside an agent's turn (a lane's task, a timer) land on its event's partition.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import faust
from faust.streams import _current_event
from faust.types import EventT

from .. import events, metrics
from ..alerts.delivery import Outcome
from ..contracts import DeadLetterEvent
from ..settings import Settings
from ..topics import names
from .wire import ARTICLE_TS_HEADER, header, headers_out, raw_topic


@contextmanager
def as_current(event: EventT) -> Iterator[None]:
    """Make ``event`` Faust's current event, so a table write outside its turn lands on its partition."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


class FaustHost:
    """The delivery machine's view of Faust: the ``delivered`` table, acks, the dead-letter topic."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.delivered = app.Table("delivered", default=None, key_type=str,
                                   help="alert_id → outcome once its delivery finished (delivered or dead-lettered).")
        self.deadletters = raw_topic(app, names(settings).deadletter)
        self.stream: faust.StreamT | None = None  # the delivery agent's stream, once it runs

    def outcome(self, alert_id: str) -> str | None:
        return self.delivered.get(alert_id)

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

    async def dead_letter(self, subscription_id: str, letter: DeadLetterEvent) -> None:
        await self.deadletters.send(key=subscription_id.encode("utf-8"), value=events.dumps(letter),
                                    headers=headers_out(letter.get("trace_id"), None))
