"""A batch agent's ``noack_take`` does nothing while no record arrives, and still hands over a lone record and
a full batch as before (streams/take_quiet.py)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import faust
import pytest

import streams.app  # noqa: F401 - installs quotewire's Faust adjustments, as a worker has them
from streams import faust_source, take_quiet

IDLE_SECONDS = 0.3
WITHIN = 0.01
"""Faust's own method wakes every WITHIN while idle: about 30 times in IDLE_SECONDS."""


def test_the_patch_is_installed_on_the_pinned_faust() -> None:
    assert take_quiet.faust_source_digest() == take_quiet.FAUST_NOACK_TAKE_SHA256
    assert faust.Stream.noack_take is not take_quiet._faust_noack_take


class _Waits:
    """Counts the stream's waits (each a ``wait_first``: tasks and an ``asyncio.wait``)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = faust.Stream.wait_for_stopped

        async def counted(stream: Any, *events: Any, timeout: Any = None) -> None:
            self.count += 1
            await original(stream, *events, timeout=timeout)

        monkeypatch.setattr(faust.Stream, "wait_for_stopped", counted)


def _scenario(take: Callable[..., Any], max_: int, script: Callable[[Any, list[list[int]]], Any]) -> list[list[int]]:
    """Run an agent that takes batches with ``take`` (``max_``, ``WITHIN``), while ``script`` puts records."""
    batches: list[list[int]] = []

    async def run() -> None:
        app = faust.App("test-take", broker="kafka://127.0.0.1:9", store="memory://")

        @app.agent(app.channel())
        async def agent(stream: faust.StreamT) -> None:
            async for batch in take(stream, max_, within=WITHIN):
                batches.append([event.value for event in batch])
                for event in batch:
                    await stream.ack(event)

        async with agent.test_context() as tested:
            await script(tested, batches)

    asyncio.run(run())
    return batches


async def _until(batches: list[list[int]], count: int) -> None:
    while len(batches) < count:  # a guard against a hang below, not a time limit
        await asyncio.sleep(0.005)


def _idle_then_one(waits: _Waits) -> Callable[[Any, list[list[int]]], Any]:
    async def script(tested: Any, batches: list[list[int]]) -> None:
        await asyncio.sleep(IDLE_SECONDS)
        waits.idle = waits.count  # type: ignore[attr-defined]
        await tested.put(7)
        await asyncio.wait_for(_until(batches, 1), 30)
    return script


def test_an_idle_stream_waits_once_where_faust_wakes_every_within(monkeypatch: pytest.MonkeyPatch) -> None:
    waits = _Waits(monkeypatch)
    assert _scenario(faust.Stream.noack_take, 10, _idle_then_one(waits)) == [[7]]
    quiet = waits.idle  # type: ignore[attr-defined]
    waits.count = 0
    assert _scenario(take_quiet._faust_noack_take, 10, _idle_then_one(waits)) == [[7]]
    faust_waits = waits.idle  # type: ignore[attr-defined]
    assert quiet <= 1, f"the stream woke {quiet} times with no record"
    assert faust_waits >= 5, f"Faust's own method woke only {faust_waits} times (the comparison is void)"


def test_a_full_batch_goes_at_once_and_the_rest_after_within(monkeypatch: pytest.MonkeyPatch) -> None:
    async def script(tested: Any, batches: list[list[int]]) -> None:
        for value in range(5):
            await tested.put(value)
        await asyncio.wait_for(_until(batches, 2), 30)

    batches = _scenario(faust.Stream.noack_take, 3, script)
    assert batches == [[0, 1, 2], [3, 4]]


def test_after_a_batch_an_idle_stream_waits_once_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """The buffer's "has a record" mark is cleared with the buffer: otherwise, after the first batch, the loop
    would wake every ``within`` again, as Faust's does."""
    waits = _Waits(monkeypatch)
    idle: list[int] = []

    async def script(tested: Any, batches: list[list[int]]) -> None:
        await tested.put(1)
        await asyncio.wait_for(_until(batches, 1), 30)
        before = waits.count
        await asyncio.sleep(IDLE_SECONDS)
        idle.append(waits.count - before)
        await tested.put(2)
        await asyncio.wait_for(_until(batches, 2), 30)

    assert _scenario(faust.Stream.noack_take, 10, script) == [[1], [2]]
    assert idle[0] <= 1, f"the stream woke {idle[0]} times with no record after its first batch"


def test_a_faust_without_sources_keeps_its_own_method(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_source(obj: object) -> str:
        raise OSError("could not get source code")

    monkeypatch.setattr(faust_source.inspect, "getsource", no_source)
    assert take_quiet.faust_source_digest() is None
    assert take_quiet.install() is False
