"""Faust's ``Stream.noack_take`` without a wake-up every ``within`` seconds while no record arrives.

Faust 0.15.3's ``noack_take(max_, within)`` loops on ``wait_for_stopped(buffer_full, timeout=within)``: it
wakes every ``within`` seconds whether or not a record came, and each wake is a ``wait_first`` (a task per
event it races and an ``asyncio.wait``). quotewire's batch agents take with ``within`` of 10 to 500 ms, so an
idle alerts worker woke about 140 times a second, 4 to 5% of a core spent doing nothing (issue 17).

Here the loop first waits, with no timeout, for the buffer to hold a record; only then does it wait up to
``within`` for the buffer to fill. A batch still goes out at most ``within`` after its first record arrived
(Faust's bound too), or at once when it holds ``max_`` records; an idle stream schedules nothing.

``noack_take`` below is Faust's method (faust-streaming 0.15.3, BSD-3-Clause, Copyright (c) 2017-2020
Robinhood Markets, Inc.) with the ``buffer_nonempty`` event added: it is set as a record is buffered, and
cleared with the buffer. :func:`install` replaces Faust's method only when the installed Faust's source is
the one this copy was made from (a hash of it), and logs that it kept Faust's own method otherwise.
"""
from __future__ import annotations

import asyncio
import functools
from asyncio import CancelledError
from collections.abc import AsyncGenerator, Sequence
from typing import Any, cast

import structlog
from faust import Stream
from faust.types import ChannelT, EventT
from mode import Seconds, want_seconds
from mode.utils.aiter import aiter
from mode.utils.futures import notify

from .faust_source import source_digest

log = structlog.get_logger(__name__)

FAUST_NOACK_TAKE_SHA256 = "f2cc2dbfc162d2006c94361c0ed68535c95484020849eb0d4210c1f52c4c430a"
"""sha256 of ``inspect.getsource(Stream.noack_take)`` in the Faust release this module copies."""

_faust_noack_take = Stream.noack_take


async def noack_take(self: Any, max_: int, within: Seconds) -> AsyncGenerator[Sequence[Any], None]:
    """Buffer up to ``max_`` events and yield them as a list, without acking them: once ``max_`` are buffered,
    or ``within`` seconds after the first of them arrived."""
    buffer: list[Any] = []
    events: list[EventT] = []
    buffer_add = buffer.append
    event_add = events.append
    buffer_size = buffer.__len__
    buffer_full = asyncio.Event()
    buffer_consumed = asyncio.Event()
    buffer_nonempty = asyncio.Event()  # quotewire: the loop waits for this, with no timeout, before the timer
    timeout = want_seconds(within) if within else None
    stream_enable_acks: bool = self.enable_acks

    buffer_consuming: asyncio.Future[Any] | None = None

    channel_it = aiter(self.channel)

    async def add_to_buffer(value: Any) -> Any:  # pragma: no cover - Faust's processor, unchanged but one line
        try:
            nonlocal buffer_consuming
            if buffer_consuming is not None:
                try:
                    await buffer_consuming
                finally:
                    buffer_consuming = None

            event = self.current_event
            buffer_add(cast(Any, event))
            buffer_nonempty.set()  # quotewire
            if event is None:
                raise RuntimeError("Take buffer found current_event is None")

            event_add(event)
            if buffer_size() >= max_:
                buffer_full.set()
                buffer_consumed.clear()
                await self.wait(buffer_consumed)
        except CancelledError:
            raise
        except Exception as exc:
            self.log.exception("Error adding to take buffer: %r", exc)
            await self.crash(exc)
        return value

    self.enable_acks = False

    self.add_processor(add_to_buffer)
    self._enable_passive(cast(ChannelT, channel_it))
    try:
        while not self.should_stop:
            # quotewire: nothing is scheduled while the buffer stays empty; the timer starts with a record. A wait
            # whose event is already set is skipped: each is a wait_first (tasks and an asyncio.wait).
            if not buffer_nonempty.is_set():
                await self.wait_for_stopped(buffer_nonempty)
            if not buffer_full.is_set():
                await self.wait_for_stopped(buffer_full, timeout=timeout)
            if buffer:
                buffer_consuming = self.loop.create_future()
                try:
                    yield list(buffer)
                finally:
                    buffer.clear()
                    buffer_nonempty.clear()  # quotewire
                    events.clear()
                    notify(buffer_consuming)
                    buffer_full.clear()
                    buffer_consumed.set()
    finally:
        self.enable_acks = stream_enable_acks
        self._processors.remove(add_to_buffer)


def faust_source_digest() -> str | None:
    """sha256 of the installed Faust's ``Stream.noack_take`` source (None when Faust is installed without it)."""
    return source_digest(_faust_noack_take)


def install() -> bool:
    """Replace Faust's ``noack_take`` if it is the one copied here; ``streams.app`` calls this on import."""
    if faust_source_digest() != FAUST_NOACK_TAKE_SHA256:
        log.warning("take_quiet.not_installed", reason="Faust's Stream.noack_take is not the copied one")
        return False
    if getattr(_faust_noack_take, "__wrapped__", None) is None:
        log.warning("take_quiet.not_installed", reason="Faust's noack_take does not register its generators")
        return False

    @functools.wraps(noack_take)
    def tracked(stream: Any, max_: int, within: Seconds) -> AsyncGenerator[Sequence[Any], None]:
        """Faust's ``_tracks_buffer_agen``: the stream closes the generator when it stops."""
        agen = noack_take(stream, max_, within)
        stream._active_agens.add(agen)
        return agen

    Stream.noack_take = tracked  # type: ignore[assignment,method-assign]
    return True
