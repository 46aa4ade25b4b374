"""Hand each fetched record to the agents without two tasks and an ``asyncio.wait`` per record.

Faust 0.15.3's fetch loop (``Consumer._drain_messages``) passes every record on with
``await self.wait_first(callback(message), self.suspend_flow.wait())``: the record's callback races the
suspension of the flow, so that a rebalance or table recovery is not held up by a callback that waits for
room in a full agent queue. ``wait_first`` wraps each of the two, and the consumer's stopped and crashed
events, in a task and waits on all four with ``asyncio.wait``: per record, on a worker that is not waiting
for anything. Measured on a no-op agent, that was a quarter of the consumer's CPU (issue 17).

The callback almost never waits: its record is decoded and put into agent queues that have room. So this
module steps the callback once by hand (an "eager start", as ``asyncio.eager_task_factory`` does from
Python 3.12). If it finishes in that step, the record is delivered and nothing was scheduled. If it
suspends (a full queue, flow control, the producer's buffer), the rest of the callback goes through
Faust's own ``wait_first`` race exactly as before, so the suspend path is kept: the flow's suspension still
wins over a callback that waits.

``_drain_messages`` below is Faust's method (faust-streaming 0.15.3, BSD-3-Clause, Copyright (c) 2017-2020
Robinhood Markets, Inc.) with that one line changed. :func:`install` replaces Faust's method only when the
installed Faust's source is the one this copy was made from (a hash of it), and logs that it kept Faust's
own method otherwise.
"""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Generator
from typing import Any, cast

import structlog
from faust.transport import consumer as faust_consumer
from faust.transport.consumer import Consumer
from mode import Service, ServiceT

from .faust_source import source_digest

log = structlog.get_logger(__name__)

FAUST_DRAIN_SHA256 = "44a2500309e83c630493f6828af50166ec8d96a0b3e4fb2bab735f704ae93417"
"""sha256 of ``inspect.getsource(Consumer._drain_messages)`` in the Faust release this module copies."""

_faust_drain_messages = Consumer._drain_messages


class _Yield:
    """Yield what a hand-stepped coroutine yielded to the task that runs this one.

    An asyncio coroutine yields a future it waits for (or ``None`` to give up its turn); the task then
    resumes it once the future is done. Passing the same value up makes the running task wait for that
    future, and a cancellation of the task cancels it, as if the task ran the inner coroutine itself.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Generator[Any, None, None]:
        yield self.value


async def finish(coro: Coroutine[Any, Any, Any], yielded: Any) -> Any:
    """Run ``coro`` to its end after it was stepped once by hand and yielded ``yielded``."""
    while True:
        try:
            await _Yield(yielded)
        except BaseException as exc:  # noqa: BLE001 - cancellation and the like belong to the inner coroutine
            try:
                yielded = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                yielded = coro.send(None)
            except StopIteration as stop:
                return stop.value


def start_eagerly(coro: Coroutine[Any, Any, Any]) -> tuple[bool, Any]:
    """Step ``coro`` once. ``(True, result)`` if it finished; ``(False, yielded)`` if it suspended."""
    try:
        yielded = coro.send(None)
    except StopIteration as stop:
        return True, stop.value
    return False, yielded


async def deliver(consumer: Consumer, callback: Callable[[Any], Awaitable[None]], message: Any) -> None:
    """Faust's ``wait_first(callback(message), suspend_flow.wait())``, without tasks when nothing waits."""
    coro = cast(Coroutine[Any, Any, None], callback(message))
    done, yielded = start_eagerly(coro)
    if not done:
        await consumer.wait_first(finish(coro, yielded), consumer.suspend_flow.wait())


async def _drain_messages(self: Consumer, fetcher: ServiceT) -> None:  # pragma: no cover - Faust's loop
    # This is the background thread started by Fetcher, used to
    # constantly read messages using Consumer.getmany.
    # It takes Fetcher as argument, because we must be able to
    # stop it using `await Fetcher.stop()`.
    callback = self.callback
    getmany = self.getmany
    consumer_should_stop = cast(Service, self)._stopped.is_set
    fetcher_should_stop = cast(Service, fetcher)._stopped.is_set

    get_read_offset = self._read_offset.__getitem__
    set_read_offset = self._read_offset.__setitem__
    flag_consumer_fetching = faust_consumer.CONSUMER_FETCHING
    set_flag = self.diag.set_flag
    unset_flag = self.diag.unset_flag
    commit_every = self._commit_every
    acks_enabled_for = self.app.topics.acks_enabled_for

    yield_every = 100
    num_since_yield = 0
    sleep = asyncio.sleep

    try:
        while not (consumer_should_stop() or fetcher_should_stop()):
            set_flag(flag_consumer_fetching)
            ait = cast(AsyncIterator, getmany(timeout=1.0))

            # Sleeping because sometimes getmany is called in a loop
            # never releasing to the event loop
            await self.sleep(0)
            if not self.should_stop:
                async for tp, message in ait:
                    num_since_yield += 1
                    if num_since_yield > yield_every:
                        await sleep(0)
                        num_since_yield = 0

                    offset = message.offset
                    r_offset = get_read_offset(tp)
                    if r_offset is None or offset >= r_offset:
                        gap = offset - (r_offset or 0)
                        # We have a gap in income messages
                        if gap > 1 and r_offset:
                            acks_enabled = acks_enabled_for(message.topic)
                            if acks_enabled:
                                await self._add_gap(tp, r_offset + 1, offset)
                        if commit_every is not None:
                            if self._n_acked >= commit_every:
                                self._n_acked = 0
                                await self.commit()
                        # quotewire: the one changed line (see the module's docstring)
                        await deliver(self, callback, message)
                        set_read_offset(tp, offset)
                    else:
                        self.log.dev(
                            "DROPPED MESSAGE ROFF %r: k=%r v=%r",
                            offset,
                            message.key,
                            message.value,
                        )
                unset_flag(flag_consumer_fetching)

    except self.consumer_stopped_errors:
        if self.transport.app.should_stop:
            # we're already stopping so ignore
            self.log.info("Broker stopped consumer, shutting down...")
            return
        raise
    except asyncio.CancelledError:
        if self.transport.app.should_stop:
            # we're already stopping so ignore
            self.log.info("Consumer shutting down for user cancel.")
            return
        raise
    except Exception as exc:
        self.log.exception("Drain messages raised: %r", exc)
        raise
    finally:
        unset_flag(flag_consumer_fetching)


def faust_source_digest() -> str | None:
    """sha256 of the installed Faust's ``Consumer._drain_messages`` source (None when Faust is installed without it)."""
    return source_digest(_faust_drain_messages)


def install() -> bool:
    """Replace Faust's fetch loop if it is the one copied here; ``streams.app`` calls this on import."""
    if faust_source_digest() != FAUST_DRAIN_SHA256:
        log.warning("drain_eager.not_installed", reason="Faust's Consumer._drain_messages is not the copied one")
        return False
    Consumer._drain_messages = _drain_messages  # type: ignore[method-assign]
    return True
