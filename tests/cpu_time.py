"""CPU time for the tests that guard against blow-ups (quadratic time, a slow path per KB).

These tests compare ratios, never absolute times, and they time with ``time.thread_time``:
the CPU this thread used, which other processes on a shared machine do not add to. Wall time
does: on the 2-core CI machine with other jobs running, the same 8x-input growth measured with
``time.perf_counter`` gave ratios from 6x to 68x over 15 tries (a linear-growth test failed 1
run in 3 at 31x), while ``thread_time`` gave 7.5x to 9.4x for the same runs.

A growth check feeds eight times the input: linear is ~8x, quadratic ~64x. The limit,
``GROWTH_LIMIT`` (24x), is three times the linear ratio and less than half the quadratic one,
and a ratio over it is measured again before it counts (``growth``).
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

FACTOR = 8
"""How many times more input the large run of a growth check gets."""
GROWTH_LIMIT = 3 * FACTOR
"""Largest time ratio for FACTOR times the input that counts as linear."""


def cpu_seconds(fn: Callable[[], Any]) -> float:
    """CPU seconds of one call of ``fn`` in this thread, with the cyclic GC paused (its passes
    land on random runs)."""
    gc.collect()
    gc.disable()
    try:
        started = time.thread_time()
        fn()
        return time.thread_time() - started
    finally:
        gc.enable()


def best_cpu(fn: Callable[[], Any], runs: int) -> float:
    """The least CPU time of ``runs`` calls of ``fn``."""
    return min(cpu_seconds(fn) for _ in range(runs))


@dataclass(frozen=True)
class Growth:
    """CPU seconds for an input and for FACTOR times it, and their ratio."""

    small: float
    large: float

    @property
    def ratio(self) -> float:
        return self.large / max(self.small, 1e-5)

    @property
    def linear(self) -> bool:
        return self.ratio <= GROWTH_LIMIT

    def __str__(self) -> str:
        return f"{self.small:.4f}s -> {self.large:.4f}s CPU ({self.ratio:.1f}x for {FACTOR}x input)"


def growth(make: Callable[[int], str], n: int, work: Callable[[str], Any], *, attempts: int = 3,
           runs: int = 3) -> Growth:
    """How ``work``'s CPU time grows from ``make(n)`` to ``make(FACTOR * n)``, best of a few runs.

    A ratio over the limit is measured again, up to ``attempts`` times, and the lowest counts:
    noise can slow one run down, but cannot make linear growth look quadratic three times running.
    """
    small, large = make(n), make(FACTOR * n)
    work(small)  # warm caches (lexicons, compiled patterns)
    best: Growth | None = None
    for _ in range(attempts):
        found = Growth(best_cpu(lambda: work(small), runs), best_cpu(lambda: work(large), max(1, runs - 1)))
        if best is None or found.ratio < best.ratio:
            best = found
        if best.linear:
            break
    assert best is not None
    return best
