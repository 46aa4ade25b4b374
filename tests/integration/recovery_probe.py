"""A minimal Faust worker for broker tests of what a restarted consumer reads: one agent, one table.

Run as ``python -m tests.integration.recovery_probe BROKER GROUP TOPIC OUT DELAY_S SEEK_DELAY_S``. The
agent appends the offset of each record it is given to OUT (one line each, flushed) and writes a table
entry, so the next start recovers a changelog first, as the alerts worker does. It sleeps DELAY_S per
record and its queue holds 10 records, so the fetch loop waits on it, as under load. Each seek of the
consumer to its committed offsets starts SEEK_DELAY_S late: that widens the moment after table recovery in
which Faust 0.15.3 lost records fetched during the seek (see :mod:`streams.recovery_resume`) from a few
milliseconds to more than the fetch loop's 1 s wait. Importing :mod:`streams.app` applies quotewire's Faust
adjustments, and the app carries the settings they read (fetch wait, changelog ends), as a worker does.
"""
from __future__ import annotations

import asyncio
import os
import sys

import faust
from faust.transport.consumer import Consumer

import streams.app  # noqa: F401 - quotewire's Faust adjustments, as a real worker has them
from streams.logs import configure_logging
from streams.settings import Settings


def main(broker: str, group: str, topic: str, out_path: str, delay: float, seek_delay: float) -> None:
    level = os.environ.get("QUOTEWIRE_LOG_LEVEL", "warning")
    configure_logging(level, "json")
    app = faust.App(
        group,
        broker=f"kafka://{broker}",
        store="memory://",
        topic_partitions=1,
        consumer_auto_offset_reset="earliest",
        broker_commit_interval=0.2,
        broker_session_timeout=4.0,
        broker_rebalance_timeout=8.0,
        broker_heartbeat_interval=0.5,
        web_enabled=False,
        stream_wait_empty=True,
        stream_buffer_maxsize=10,  # the fetch loop waits on the agent's full queue, as under load
    )
    settings = Settings(broker=f"kafka://{broker}")
    app.quotewire_settings = settings  # type: ignore[attr-defined]  # changelogs recovered to their true end
    app.quotewire_fetch_max_wait_ms = settings.fetch_max_wait_ms  # type: ignore[attr-defined]
    source = app.topic(topic, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw")
    seen = app.Table("seen", default=int, partitions=1)
    out = open(out_path, "a", buffering=1)  # open for the worker's life

    @app.agent(source)
    async def read(stream: faust.StreamT) -> None:
        async for event in stream.events():
            out.write(f"{event.message.offset}\n")
            seen[str(event.message.offset % 10)] += 1
            if delay:
                await asyncio.sleep(delay)

    if seek_delay:
        faust_perform_seek = Consumer.perform_seek

        async def late_perform_seek(self: Consumer) -> None:
            await asyncio.sleep(seek_delay)
            await faust_perform_seek(self)

        Consumer.perform_seek = late_perform_seek  # type: ignore[method-assign]

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    worker = faust.Worker(app, loop=loop, quiet=True, loglevel=level.upper(), override_logging=False,
                          redirect_stdouts=False)
    worker.spinner = None
    worker.execute_from_commandline()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6]))
