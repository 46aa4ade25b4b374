"""Keep the consumer's flow stopped while table recovery resumes the stream partitions and seeks them,
and make every "seek back to the committed offsets" also rewind partitions that have no commit yet.

Faust 0.15.3 ends table recovery (``Recovery.on_recovery_completed``) in this order: resume the stream
partitions, seek them to their committed offsets, resume flow control. Recovery had already resumed the
consumer's flow to read the changelogs, so the moment the partitions are resumed the fetch loop hands
their records to the agents' queues, and marks each one read, while the seek is still under way. Flow
control's resume then empties every agent queue (the queues are ``clear_on_resume``), dropping the records
fetched in between, and the fetch after the seek skips them as already read: the agents never get them.
A restarted alerts worker lost the alerts of such a run (20 to 70 records of the statements topic, or of
the alerts topic). The seek also reset the read offset in the middle of that first batch, which Faust took
for a gap in the topic: it then counted the records of the "gap" as done, and committed past them.

Stopping the flow first, as Faust does after a rebalance of a worker without tables, means nothing of the
stream partitions is handed to the agents until the seek is done and the queues are emptied; Faust's own
method then resumes the flow. Merely moving the seek before the resume does not do: a fetch still waiting
when recovery pauses the changelog partitions asks with an empty partition set, which aiokafka reads as
"all partitions", and Faust drops the stream records that come back while advancing their position.

A fetch that was already waiting when the flow stopped still returns, and it may hold records of the
stream partitions just resumed (a whole backlog: up to ``broker_max_poll_records``). Faust's fetch loop
(``Consumer.getmany``) drops such a batch and "seeks back to the committed offsets". aiokafka's
``seek_to_committed`` only moves partitions with a committed offset above 0, so a partition the group has
not committed yet stayed *after* the dropped records, and they were never read. It hit the pipeline
worker killed early: before its first commit the restarted worker skipped the whole backlog (reporting
ready, with nothing to do), and after a first commit of the articles partitions it skipped the records of
extractions partitions that had no commit yet (the enrich hop commits later than the split hop), so whole
articles lost every statement. :func:`seek_to_committed` rewinds such partitions to their beginning, as
``auto_offset_reset="earliest"`` says a group with no commit starts; partitions with a commit still go to
it, never to the latest offset.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faust.tables.recovery import Recovery
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

_faust_on_recovery_completed = Recovery.on_recovery_completed
_faust_seek_to_committed = AIOKafkaConsumerThread.seek_to_committed


async def on_recovery_completed(self: Recovery, generation_id: int = 0) -> None:
    """Faust's ``Recovery.on_recovery_completed``, entered with the consumer's flow stopped."""
    self.app.consumer.stop_flow()  # the fetch loop hands on no more records; Faust's method resumes it
    self.app.flow_control.suspend()
    await _faust_on_recovery_completed(self, generation_id)


def uncommitted_stream_partitions(committed: Mapping[Any, int | None],
                                  changelog_topics: set[str]) -> list[Any]:
    """The partitions of ``committed`` (aiokafka's answer: None when the group has no commit) that a seek
    to the committed offsets leaves where they are: no commit, or one at 0. Table changelogs are left out:
    table recovery places those itself."""
    return [tp for tp, offset in committed.items() if not offset and tp.topic not in changelog_topics]


async def seek_to_committed(self: AIOKafkaConsumerThread) -> Mapping[Any, int]:
    """Seek every assigned partition to its committed offset, and one with no commit to its beginning."""
    committed = await _faust_seek_to_committed(self)
    if self.app.conf.consumer_auto_offset_reset != "earliest":
        return committed
    rewind = uncommitted_stream_partitions(committed, set(self.app.tables.changelog_topics))
    if rewind:
        await self.call_thread(self._ensure_consumer().seek_to_beginning, *rewind)
    return committed


def install() -> None:
    """Replace Faust's methods; ``streams.app`` calls this on import."""
    Recovery.on_recovery_completed = on_recovery_completed  # type: ignore[method-assign]
    AIOKafkaConsumerThread.seek_to_committed = seek_to_committed  # type: ignore[method-assign]
