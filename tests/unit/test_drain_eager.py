"""The fetch loop hands a record on without tasks when its callback does not wait, and keeps Faust's race
against the flow's suspension when it does (streams/drain_eager.py)."""
from __future__ import annotations

import asyncio
from typing import Any

import pytest
from faust.transport.consumer import Consumer
from mode import Service

import streams.app  # noqa: F401 - installs quotewire's Faust adjustments, as a worker has them
from streams import drain_eager


class _Consumer(Service):
    """The two things ``deliver`` uses of Faust's consumer: ``wait_first`` (a real mode Service's, counted)
    and the ``suspend_flow`` event."""

    def __init__(self) -> None:
        super().__init__()
        self.suspend_flow = asyncio.Event()
        self.races = 0

    async def wait_first(self, *coros: Any, timeout: Any = None) -> Any:
        self.races += 1
        return await super().wait_first(*coros, timeout=timeout)


def test_the_patch_is_installed_on_the_pinned_faust() -> None:
    assert drain_eager.faust_source_digest() == drain_eager.FAUST_DRAIN_SHA256
    assert Consumer._drain_messages is drain_eager._drain_messages


def test_a_callback_that_does_not_wait_is_delivered_without_a_race() -> None:
    async def run() -> tuple[list[int], int]:
        consumer, got = _Consumer(), []

        async def callback(message: int) -> None:
            got.append(message)

        for i in range(100):
            await drain_eager.deliver(consumer, callback, i)  # type: ignore[arg-type]
        return got, consumer.races

    got, races = asyncio.run(run())
    assert got == list(range(100))
    assert races == 0, "a record whose callback finished at once went through wait_first"


def test_a_callback_that_waits_runs_to_its_end_through_the_race() -> None:
    async def run() -> tuple[list[str], int]:
        consumer, steps = _Consumer(), []
        room = asyncio.Event()

        async def callback(message: str) -> None:
            steps.append(f"{message}: decoded")
            await room.wait()  # a full agent queue
            await asyncio.sleep(0)
            steps.append(f"{message}: queued")

        asyncio.get_running_loop().call_later(0.05, room.set)
        await drain_eager.deliver(consumer, callback, "r1")  # type: ignore[arg-type]
        return steps, consumer.races

    steps, races = asyncio.run(run())
    assert steps == ["r1: decoded", "r1: queued"]
    assert races == 1


def test_a_suspended_flow_wins_over_a_callback_that_waits_and_the_callback_is_cancelled() -> None:
    async def run() -> list[str]:
        consumer, steps = _Consumer(), []

        async def callback(message: str) -> None:
            try:
                await asyncio.Event().wait()  # a queue that never has room
            except asyncio.CancelledError:
                steps.append("cancelled")
                raise

        asyncio.get_running_loop().call_later(0.05, consumer.suspend_flow.set)
        await asyncio.wait_for(drain_eager.deliver(consumer, callback, "r1"), 5)  # type: ignore[arg-type]
        await asyncio.sleep(0.01)  # the cancelled callback task runs its handler
        return steps

    assert asyncio.run(run()) == ["cancelled"]


@pytest.mark.parametrize("waits", [False, True], ids=["at once", "after waiting"])
def test_a_callbacks_error_reaches_the_fetch_loop(waits: bool) -> None:
    async def run() -> None:
        consumer = _Consumer()

        async def callback(message: str) -> None:
            if waits:
                await asyncio.sleep(0.01)
            raise ValueError(f"cannot decode {message}")

        await drain_eager.deliver(consumer, callback, "r1")  # type: ignore[arg-type]

    with pytest.raises(ValueError, match="cannot decode r1"):
        asyncio.run(run())


def test_a_failed_future_inside_the_callback_is_raised_inside_it() -> None:
    async def run() -> str:
        consumer = _Consumer()
        seen: list[str] = []

        async def callback(message: str) -> None:
            failing: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_later(0.01, failing.set_exception, OSError("send failed"))
            try:
                await failing
            except OSError as exc:
                seen.append(str(exc))

        await drain_eager.deliver(consumer, callback, "r1")  # type: ignore[arg-type]
        return seen[0]

    assert asyncio.run(run()) == "send failed"
