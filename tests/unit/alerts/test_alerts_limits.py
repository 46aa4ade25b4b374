"""Rate limits and digest windows, driven by a fake clock: what a subscriber receives, and when."""
from __future__ import annotations

from typing import Any

import pytest

from streams.alerts.limits import DeliveryGate, Pacing, RateLimiter, TokenBucket, merge_digest


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def alert(n: int, sub: str = "s") -> dict[str, Any]:
    return {"alert_id": f"al_{n}", "subscription_id": sub, "statement": {"statement_id": f"st_{n}"}}


def ids(alerts: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """(alert id, statement ids in its digest) per delivery."""
    return [(a["alert_id"], [s["statement_id"] for s in a.get("digest", [])]) for a in alerts]


def test_token_bucket_allows_a_burst_then_the_rate() -> None:
    bucket = TokenBucket(6, now=0.0)  # 6 a minute: one every 10 s, bursts of 6
    assert [bucket.take(0.0) for _ in range(7)] == [True] * 6 + [False]
    assert bucket.available_at(0.0) == pytest.approx(10.0)
    assert not bucket.take(9.9)
    assert bucket.take(10.0)
    assert bucket.take(1000.0) and bucket.tokens == pytest.approx(5.0)  # refill stops at capacity


def test_rate_limiter_per_subscription_with_changing_rates() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    assert all(limiter.allow("a", 2) for _ in range(2)) and not limiter.allow("a", 2)
    assert limiter.allow("b", 2)  # another subscription has its own bucket
    assert limiter.allow("c", None)  # no limit
    assert not limiter.allow("a", 4)  # a new rate keeps what was spent
    clock.advance(15)  # 4/min: a token each 15 s
    assert limiter.allow("a", 4) and not limiter.allow("a", 4)


def test_without_pacing_everything_goes_at_once() -> None:
    gate = DeliveryGate(FakeClock())
    assert ids(gate.submit("s", alert(1))) == [("al_1", [])]
    assert gate.next_due() is None and gate.due() == []


def test_digest_window_groups_one_subscription_into_one_delivery() -> None:
    clock = FakeClock()
    gate = DeliveryGate(clock)
    pacing = Pacing(digest_seconds=60)
    assert gate.submit("s", alert(1), pacing) == []
    clock.advance(20)
    assert gate.submit("s", alert(2), pacing) == []
    assert gate.submit("other", alert(9, "other")) != []  # other subscriptions are not held
    clock.advance(30)
    assert gate.submit("s", alert(3), pacing) == []
    assert gate.next_due() == 1060.0 and gate.held("s") == 3
    clock.advance(9.9)
    assert gate.due() == []  # the window is still open
    clock.advance(0.1)
    delivered = gate.due()
    assert ids(delivered) == [("al_1", ["st_2", "st_3"])]  # first alert, the rest as its digest
    assert gate.next_due() is None
    # The next match opens a new window.
    assert gate.submit("s", alert(4), pacing) == [] and gate.next_due() == 1120.0
    clock.advance(60)
    assert ids(gate.due()) == [("al_4", [])]  # a lone alert goes without a digest


def test_rate_limited_alerts_are_held_and_delivered_as_a_digest_not_dropped() -> None:
    clock = FakeClock()
    gate = DeliveryGate(clock)
    pacing = Pacing(rate_per_minute=2)
    assert ids(gate.submit("s", alert(1), pacing)) == [("al_1", [])]
    assert ids(gate.submit("s", alert(2), pacing)) == [("al_2", [])]
    assert gate.submit("s", alert(3), pacing) == []  # out of tokens: held
    assert gate.submit("s", alert(4), pacing) == []
    assert gate.next_due() == pytest.approx(1030.0)  # 2/min: the next token in 30 s
    clock.advance(29)
    assert gate.due() == []
    clock.advance(1)
    assert ids(gate.due()) == [("al_3", ["st_4"])]  # one delivery, one token
    assert gate.submit("s", alert(5), pacing) == []  # still limited
    clock.advance(30)
    assert ids(gate.due()) == [("al_5", [])]


def test_digest_and_rate_limit_together() -> None:
    clock = FakeClock()
    gate = DeliveryGate(clock)
    pacing = Pacing(rate_per_minute=1, digest_seconds=10)
    gate.submit("s", alert(1), pacing)
    clock.advance(10)
    assert ids(gate.due()) == [("al_1", [])]
    gate.submit("s", alert(2), pacing)
    clock.advance(10)
    assert gate.due() == []  # window over, but the minute's one delivery is spent
    assert gate.next_due() == pytest.approx(1070.0)  # a minute after the first delivery (at 1010)
    gate.submit("s", alert(3), pacing)  # joins the held digest
    clock.advance(49)
    assert gate.due() == []
    clock.advance(1)
    assert ids(gate.due()) == [("al_2", ["st_3"])]


def test_a_full_digest_counts_what_it_leaves_out() -> None:
    clock = FakeClock()
    gate = DeliveryGate(clock, max_digest=3)
    for n in range(1, 7):
        gate.submit("s", alert(n), Pacing(digest_seconds=5))
    assert gate.dropped == {"s": 2}
    clock.advance(5)
    assert ids(gate.due()) == [("al_1", ["st_2", "st_3", "st_4"])]


def test_discard_forgets_a_removed_subscription() -> None:
    clock = FakeClock()
    gate = DeliveryGate(clock)
    gate.submit("s", alert(1), Pacing(digest_seconds=5))
    gate.submit("s", alert(2), Pacing(digest_seconds=5))
    assert gate.discard("s") == 2
    clock.advance(10)
    assert gate.due() == [] and gate.next_due() is None


def test_merge_digest_keeps_the_first_alert_and_existing_digests() -> None:
    first = {**alert(1), "digest": [{"statement_id": "st_0"}]}
    merged = merge_digest([first, alert(2)], max_digest=10)
    assert ids([merged]) == [("al_1", ["st_0", "st_2"])]
    assert "digest" in merged and first["digest"] == [{"statement_id": "st_0"}]  # input not mutated
