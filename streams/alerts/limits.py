"""Per-subscription pacing of deliveries: a token-bucket rate limit and a digest window.

Pure logic over an injectable clock, so the consumer's timer and the tests drive it
the same way. Nothing is dropped silently: an alert that arrives while its
subscription is out of tokens, or while a digest window is open, is held and
delivered later as part of one digest alert (``digest``: the further statements).
Only beyond ``max_digest`` held statements are further ones counted in ``dropped``
instead; every alert is on the alerts topic regardless, pacing applies to sinks.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..contracts import AlertEvent, StatementEvent

Clock = Callable[[], float]


class TokenBucket:
    """``per_minute`` tokens a minute, refilled continuously, at most ``burst`` (default: a minute's) held."""

    __slots__ = ("capacity", "per_minute", "tokens", "updated")

    def __init__(self, per_minute: float, now: float, *, burst: float | None = None) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.per_minute = per_minute
        self.capacity = max(1.0, burst if burst is not None else per_minute)
        self.tokens = self.capacity
        self.updated = now

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_minute / 60.0)
            self.updated = now

    def take(self, now: float) -> bool:
        """Spend a token if there is one."""
        self._refill(now)
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def available_at(self, now: float) -> float:
        """When the next whole token will be there (``now`` if it already is)."""
        self._refill(now)
        if self.tokens >= 1.0:
            return now
        return now + (1.0 - self.tokens) * 60.0 / self.per_minute


class RateLimiter:
    """One token bucket per key (subscription id); a changed rate replaces the bucket."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self.clock = clock
        self._buckets: dict[str, TokenBucket] = {}

    def bucket(self, key: str, per_minute: float) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None or bucket.per_minute != per_minute:
            old = bucket
            bucket = self._buckets[key] = TokenBucket(per_minute, self.clock())
            if old is not None:  # keep what was spent, within the new capacity
                bucket.tokens = min(bucket.capacity, old.tokens)
        return bucket

    def allow(self, key: str, per_minute: float | None) -> bool:
        """True when ``key`` may deliver now (always, without a limit); spends a token."""
        return per_minute is None or self.bucket(key, per_minute).take(self.clock())

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)


def merge_digest(alerts: list[AlertEvent], max_digest: int) -> AlertEvent:
    """One alert for several of one subscription: the first, with the others' statements as ``digest``."""
    first = AlertEvent(**alerts[0])  # a copy: the held alert keeps its own
    digest: list[StatementEvent] = list(first.get("digest") or [])
    for alert in alerts[1:]:
        digest.append(alert["statement"])
        digest.extend(alert.get("digest") or [])
    del digest[max_digest:]
    if digest:
        first["digest"] = digest
    return first


@dataclass(slots=True)
class _Held:
    alerts: list[AlertEvent]
    due: float
    statements: int = 1


@dataclass(frozen=True, slots=True)
class Pacing:
    """A subscription's pacing options (from its subscription)."""

    rate_per_minute: float | None = None
    digest_seconds: float = 0.0


@dataclass
class DeliveryGate:
    """Decides when each alert goes to its subscription's sinks, and groups held alerts into digests.

    ``submit`` returns the alerts to deliver now; ``due`` (call it at ``next_due()``,
    or on a periodic timer) returns held alerts whose time has come, merged per
    subscription. ``dropped[subscription_id]`` counts statements left out of a digest
    because it already held ``max_digest``.
    """

    clock: Clock = time.monotonic
    max_digest: int = 100
    limiter: RateLimiter = field(init=False)
    dropped: dict[str, int] = field(default_factory=dict)
    _held: dict[str, _Held] = field(default_factory=dict)
    _pacing: dict[str, Pacing] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.limiter = RateLimiter(self.clock)

    def submit(
        self, subscription_id: str, alert: AlertEvent, pacing: Pacing = Pacing()
    ) -> list[AlertEvent]:
        """Offer one alert; returns what to deliver now (the alert, or nothing while it is held)."""
        now = self.clock()
        self._pacing[subscription_id] = pacing
        held = self._held.get(subscription_id)
        if held is not None:
            if held.statements > self.max_digest:
                self.dropped[subscription_id] = self.dropped.get(subscription_id, 0) + 1
            else:
                held.alerts.append(alert)
                held.statements += 1 + len(alert.get("digest") or [])
            return []
        if pacing.digest_seconds > 0:
            self._held[subscription_id] = _Held([alert], now + pacing.digest_seconds)
            return []
        if pacing.rate_per_minute is None:
            return [alert]
        bucket = self.limiter.bucket(subscription_id, pacing.rate_per_minute)
        if bucket.take(now):
            return [alert]
        self._held[subscription_id] = _Held([alert], bucket.available_at(now))
        return []

    def due(self) -> list[AlertEvent]:
        """Held alerts ready now, one (digest) alert per subscription."""
        now = self.clock()
        out: list[AlertEvent] = []
        for subscription_id, held in list(self._held.items()):
            if held.due > now:
                continue
            rate = self._pacing.get(subscription_id, Pacing()).rate_per_minute
            if rate is not None:
                bucket = self.limiter.bucket(subscription_id, rate)
                if not bucket.take(now):
                    held.due = bucket.available_at(now)
                    continue
            del self._held[subscription_id]
            out.append(merge_digest(held.alerts, self.max_digest))
        return out

    def next_due(self) -> float | None:
        """Clock time of the earliest held delivery (None: nothing held)."""
        return min((h.due for h in self._held.values()), default=None)

    def held(self, subscription_id: str) -> int:
        """Statements held for ``subscription_id``."""
        held = self._held.get(subscription_id)
        return held.statements if held else 0

    def discard(self, subscription_id: str) -> int:
        """Forget a removed or disabled subscription's held alerts; returns how many statements."""
        held = self._held.pop(subscription_id, None)
        self._pacing.pop(subscription_id, None)
        self.limiter.forget(subscription_id)
        return held.statements if held else 0
