"""Records straight to the app's producer, with a delivery that fails for good crashing the worker.

Faust's ``Producer.send`` hands a record to aiokafka at once; ``Topic.send`` builds a message object, a future
and callbacks per record first, and a table write (``send_soon``) goes through Faust's ``ProducerBuffer``: a
queue, an asyncio event and a timed wait per record. Both measured several times the producer's own cost per
record. Faust flushes its producer before it commits the offsets of the events consumed
(``Consumer._commit_offsets``), so an event's offset is committed only once the records sent for it have been
handed to the broker, as with ``Topic.send``.
"""
from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import faust
import structlog

log = structlog.get_logger(__name__)


@dataclass
class RecordSender:
    """Sends raw records through ``app``'s producer; see the module."""

    app: faust.App
    _crashing: asyncio.Future[None] | None = None

    async def send(self, topic: str, key: bytes | None, value: bytes | None,
                   headers: Mapping[str, bytes] | None = None, *, partition: int | None = None) -> None:
        """One record, straight to the producer (to ``partition``, or else the key's). Its delivery is awaited
        by the flush before each commit, and a delivery that fails for good stops the worker
        (:meth:`_delivered`)."""
        future = await self.app.producer.send(topic, key, value, partition, None,
                                              list(headers.items()) if headers else None)
        cast("asyncio.Future[Any]", future).add_done_callback(self._delivered)

    def _delivered(self, future: asyncio.Future[Any]) -> None:
        """A record the producer gave up on (after its retries) must not have its event's offset committed:
        crash the worker, whose supervisor restarts it from the last commit. A commit already under way may
        still pass; Faust's ``Topic.send`` gives no more than this."""
        if future.cancelled() or future.exception() is None:
            return
        exc = future.exception()
        log.error("pipeline.delivery_failed", error=f"{type(exc).__name__}: {exc}")
        self._crashing = asyncio.ensure_future(self.app.crash(cast(BaseException, exc)))
