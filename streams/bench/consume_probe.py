"""The consumer of ``quotewire bench consume``: one Faust app with a no-op agent, run as its own process.

``python -m streams.bench.consume_probe BROKER GROUP TOPIC N LOOP`` reads N records and prints one JSON line,
``{"records": N, "cpu_s": …}``: the process's CPU time (every thread) from its first record to its N-th.
LOOP ``eager`` runs quotewire's fetch loop (:mod:`streams.drain_eager`, installed by importing
:mod:`streams.app`), ``faust`` puts Faust's own back, so both are measured in the same run.
"""
from __future__ import annotations

import asyncio
import sys
import time

import faust
import orjson
from faust.transport.consumer import Consumer

import streams.app  # noqa: F401 - quotewire's Faust adjustments, as a worker has them
from streams import drain_eager
from streams.logs import configure_logging
from streams.settings import Settings


def main(broker: str, group: str, topic: str, n: int, loop_kind: str) -> None:
    configure_logging("warning", "json")
    if loop_kind == "faust":
        Consumer._drain_messages = drain_eager._faust_drain_messages  # type: ignore[method-assign]
    app = faust.App(group, broker=f"kafka://{broker}", store="memory://", topic_partitions=1,
                    consumer_auto_offset_reset="earliest", broker_session_timeout=4.0,
                    broker_rebalance_timeout=8.0, broker_heartbeat_interval=0.5, web_enabled=False)
    app.quotewire_fetch_max_wait_ms = Settings(broker=f"kafka://{broker}").fetch_max_wait_ms  # type: ignore[attr-defined]
    source = app.topic(topic, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")
    seen = {"count": 0, "cpu0": 0.0}

    @app.agent(source)
    async def read(stream: faust.StreamT) -> None:
        async for _value in stream:
            seen["count"] += 1
            if seen["count"] == 1:
                seen["cpu0"] = time.process_time()
            elif seen["count"] == n:
                cpu = time.process_time() - seen["cpu0"]
                sys.stdout.write(orjson.dumps({"records": n - 1, "cpu_s": cpu}).decode() + "\n")
                sys.stdout.flush()  # the bench reads this line, then stops the process

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    worker = faust.Worker(app, loop=loop, quiet=True, loglevel="WARNING", override_logging=False,
                          redirect_stdouts=False)
    worker.spinner = None
    worker.execute_from_commandline()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
