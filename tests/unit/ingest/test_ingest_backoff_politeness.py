"""Backoff growth and the per-host politeness limit."""

from __future__ import annotations

import asyncio
import itertools
import random
import time

from streams.ingest.backoff import Backoff
from streams.ingest.politeness import HostLimiter, host_key


def test_backoff_doubles_with_jitter_caps_and_resets() -> None:
    backoff = Backoff(base=1.0, cap=10.0, rng=random.Random(7))
    delays = [backoff.failure() for _ in range(8)]
    for n, delay in enumerate(delays):
        nominal = min(10.0, 2.0**n)
        assert nominal * 0.5 <= delay <= nominal
    assert max(delays) <= 10.0 and delays[-1] >= 5.0
    backoff.success()
    assert backoff.failures == 0 and backoff.failure() <= 1.0


def test_backoff_survives_very_many_failures() -> None:
    backoff = Backoff(base=0.5, cap=60.0)
    for _ in range(2000):
        delay = backoff.failure()
    assert 30.0 <= delay <= 60.0


def test_host_key() -> None:
    assert host_key("https://News.Example.org/a") == "news.example.org"
    assert host_key("http://127.0.0.1:8081/feed") == "127.0.0.1:8081"


def test_one_request_per_host_with_delay_but_hosts_independent() -> None:
    async def scenario() -> None:
        limiter = HostLimiter(delay=0.1)
        spans: dict[str, list[tuple[float, float]]] = {"a": [], "b": []}

        async def request(host: str) -> None:
            async with limiter.slot(f"http://{host}.example/x"):
                start = time.monotonic()
                await asyncio.sleep(0.02)
                spans[host].append((start, time.monotonic()))

        await asyncio.gather(*(request("a") for _ in range(3)), request("b"))
        a = sorted(spans["a"])
        for (_, end), (start, _) in itertools.pairwise(a):
            assert start - end >= 0.095  # never overlapping, and paused in between
        # another host did not wait for host a: b started before a's second request (an order,
        # not a time: a loaded machine can delay any task by more than the 0.1 s delay)
        assert spans["b"][0][0] < a[1][0]

    asyncio.run(scenario())
