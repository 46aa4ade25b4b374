"""The skip guard: a run of offsets missing from what a partition gave an agent is found, once, with
its first missing offset; a new assignment or a rewind starts the count again."""
from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from faust.types import TP

from streams.agents.skips import SkipGuard

ALERTS0, ALERTS1 = TP("alerts", 0), TP("alerts", 1)


class _Signal:
    def __init__(self) -> None:
        self.receivers: list[Any] = []

    def connect(self, fun: Any) -> Any:
        self.receivers.append(fun)
        return fun


class _App:
    """What the guard uses of a Faust app: the two rebalance signals and the consumer's seek."""

    def __init__(self) -> None:
        self.on_partitions_assigned, self.on_partitions_revoked = _Signal(), _Signal()
        self.sought: list[tuple[TP, int]] = []
        self.consumer = SimpleNamespace(seek=self._seek)

    async def _seek(self, tp: TP, offset: int) -> None:
        self.sought.append((tp, offset))


def _events(tp: TP, *offsets: int) -> list[Any]:
    return [SimpleNamespace(message=SimpleNamespace(tp=tp, offset=o)) for o in offsets]


def test_contiguous_offsets_across_batches_are_no_gap() -> None:
    guard = SkipGuard(_App(), "deliver")  # type: ignore[arg-type]
    assert guard.gaps(_events(ALERTS0, 321, 322, 323)) == {}
    assert guard.gaps(_events(ALERTS0, 324, 325) + _events(ALERTS1, 90, 91)) == {}


def test_a_jump_is_found_with_its_first_missing_offset_and_the_consumer_sought_back() -> None:
    app = _App()
    guard = SkipGuard(app, "deliver")  # type: ignore[arg-type]
    asyncio.run(guard.rewind(_events(ALERTS0, 330, 331, 332)))
    asyncio.run(guard.rewind(_events(ALERTS0, 355, 356) + _events(ALERTS1, 7, 8)))
    assert app.sought == [(ALERTS0, 333)]
    # read again from 333: the records after the gap come twice, and that is no new gap
    asyncio.run(guard.rewind(_events(ALERTS0, 333, 334, 354, 355, 356, 357)[:2]))
    asyncio.run(guard.rewind(_events(ALERTS0, *range(335, 360))))
    assert app.sought == [(ALERTS0, 333)]


def test_a_new_assignment_may_start_anywhere() -> None:
    app = _App()
    guard = SkipGuard(app, "match")  # type: ignore[arg-type]
    assert guard.gaps(_events(ALERTS0, 10, 11)) == {}
    for receiver in app.on_partitions_assigned.receivers:
        asyncio.run(receiver(app, set()))
    assert guard.gaps(_events(ALERTS0, 500, 501)) == {}  # another worker had the partition meanwhile
