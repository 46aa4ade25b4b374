"""``quotewire bench consume``: Faust's CPU per consumed record, with quotewire's fetch loop and with Faust's.

A fresh embedded broker holds N small records on one partition. The probe consumer
(:mod:`streams.bench.consume_probe`, a no-op agent) reads them all, once with each fetch loop, alternating,
``rounds`` times; each read is its own process and consumer group. The figure is CPU µs per record of the
consumer process (every thread), which is steadier than wall time on a shared machine; the ratio of the two
loops within one run is the figure to quote.
"""
from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from .. import topics
from ..broker import EmbeddedBroker
from ..publish import producer
from ..settings import Settings

LOOPS = ("faust", "eager")


@dataclass(frozen=True)
class ConsumeRun:
    loop: str
    records: int
    cpu_s: float

    @property
    def us_per_record(self) -> float:
        return self.cpu_s / self.records * 1e6


async def _fill(settings: Settings, topic: str, n: int, size: int) -> None:
    await topics.create(settings, [topics.TopicSpec(topic, partitions=1, replication_factor=1)])
    prod = producer(settings)
    await prod.start()
    try:
        payload = b"x" * size
        for i in range(n):
            await prod.send(topic, payload, key=str(i).encode(), partition=0)
        await prod.flush()
    finally:
        await prod.stop()


def _probe(broker: EmbeddedBroker, topic: str, n: int, loop: str, timeout: float = 300.0) -> ConsumeRun:
    """Run the probe until it prints its result line, then stop it."""
    group = f"bench-consume-{loop}-{uuid.uuid4().hex[:8]}"
    with subprocess.Popen([sys.executable, "-m", "streams.bench.consume_probe", broker.bootstrap, group, topic,
                           str(n), loop], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            line = next((raw for raw in proc.stdout if raw.startswith(b"{")), b"")
        finally:
            timer.cancel()
            proc.kill()
    if not line:
        raise RuntimeError(f"the {loop} probe printed no result within {timeout:.0f} s")
    result = orjson.loads(line)
    return ConsumeRun(loop, int(result["records"]), float(result["cpu_s"]))


def bench_consume(n: int, rounds: int, size: int = 200,
                  log: Callable[[str], None] = lambda _m: None) -> list[ConsumeRun]:
    """Read ``n`` records ``rounds`` times with each fetch loop, alternating; one run per read."""
    runs: list[ConsumeRun] = []
    with EmbeddedBroker() as broker:
        settings = Settings(broker=broker.url)
        topic = f"bench-consume-{uuid.uuid4().hex[:8]}"
        asyncio.run(_fill(settings, topic, n, size))
        for r in range(rounds):
            for loop in LOOPS:
                run = _probe(broker, topic, n, loop)
                log(f"round {r + 1}: {loop} loop {run.us_per_record:.1f} µs CPU per record")
                runs.append(run)
    return runs


def format_consume(runs: list[ConsumeRun]) -> str:
    median = {loop: statistics.median(r.us_per_record for r in runs if r.loop == loop) for loop in LOOPS}
    lines = ["loop    runs  CPU µs/record (median)"]
    lines += [f"{loop:7s} {sum(r.loop == loop for r in runs):4d}  {median[loop]:8.1f}" for loop in LOOPS]
    lines.append(f"eager / faust: {median['eager'] / median['faust']:.2f}")
    return "\n".join(lines)
