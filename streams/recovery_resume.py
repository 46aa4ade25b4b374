"""Keep the consumer's flow stopped while table recovery resumes the stream partitions and seeks them.

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
"""
from __future__ import annotations

from faust.tables.recovery import Recovery

_faust_on_recovery_completed = Recovery.on_recovery_completed


async def on_recovery_completed(self: Recovery, generation_id: int = 0) -> None:
    """Faust's ``Recovery.on_recovery_completed``, entered with the consumer's flow stopped."""
    self.app.consumer.stop_flow()  # the fetch loop hands on no more records; Faust's method resumes it
    self.app.flow_control.suspend()
    await _faust_on_recovery_completed(self, generation_id)


def install() -> None:
    """Replace Faust's method; ``streams.app`` calls this on import."""
    Recovery.on_recovery_completed = on_recovery_completed  # type: ignore[method-assign]
