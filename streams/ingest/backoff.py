"""Exponential backoff with jitter, for sources that fail.

A failing feed is retried sooner than a long poll interval would allow (so a
brief outage heals quickly) but ever more slowly while it keeps failing, and the
jitter keeps many sources that failed together from retrying in lockstep.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delay after the n-th consecutive failure: ``base * 2**(n-1)``, capped, jittered to [50%, 100%]."""

    base: float
    cap: float
    failures: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def failure(self) -> float:
        """Record a failure and return how long to wait before the next try."""
        self.failures += 1
        delay = min(self.cap, self.base * 2 ** min(self.failures - 1, 62))
        return delay * self.rng.uniform(0.5, 1.0)

    def success(self) -> None:
        self.failures = 0
