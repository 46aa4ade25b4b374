"""Notice a consumer skipping records, and read them again.

The statements and alerts topics are neither compacted nor transactional, so the offsets a
partition hands one consumer run up by one. A SIGKILLed alerts worker, once restarted, was seen
jumping over a run of records (offset 332 to 355 of the alerts topic) and never reading them: the
alerts they held were never delivered. The cause was Faust's end of table recovery, fixed in
:mod:`streams.recovery_resume`; this guard stays as a tripwire. An agent passes each batch through it;
at a jump it logs the gap, counts it, and seeks the partition back to the first missing record. The
records after the gap come again and the agent's tables (``matched``, ``delivered``) drop them as
already done. The seek cannot promise the re-read: Faust's fetch loop may already be handing on later
records, and it marks each one read, so the re-fetched ones below it are dropped again.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import faust
import structlog
from faust.types import TP, EventT

from .. import metrics

log = structlog.get_logger(__name__)


class SkipGuard:
    """The last offset each partition gave an agent, since the partitions were last assigned."""

    def __init__(self, app: faust.App, agent: str) -> None:
        self.app = app
        self.agent = agent
        self.last: dict[TP, int] = {}
        # mode types its handlers with mypy_extensions' NamedArg, which no function matches (not even one
        # with its exact signature), so the two connects are unchecked
        app.on_partitions_assigned.connect(self._forget)  # type: ignore[arg-type]
        app.on_partitions_revoked.connect(self._forget)  # type: ignore[arg-type]

    async def _forget(self, sender: Any, *args: Any, **kwargs: Any) -> None:
        """A new assignment starts each partition at its committed offset: any jump there is legitimate."""
        self.last.clear()

    def gaps(self, batch: Iterable[EventT]) -> dict[TP, int]:
        """The partitions that skipped records in ``batch``, each with its first missing offset."""
        found: dict[TP, int] = {}
        last = self.last
        for event in batch:
            tp, offset = event.message.tp, event.message.offset
            before = last.get(tp)
            if before is not None and offset > before + 1 and tp not in found:
                found[tp] = before + 1
            if before is None or offset > before:
                last[tp] = offset
        return found

    async def rewind(self, batch: Sequence[EventT]) -> None:
        """Seek back every partition that skipped records in ``batch`` (after the agent handled it)."""
        for tp, missing in self.gaps(batch).items():
            log.error("consumer.skipped_records", agent=self.agent, topic=tp.topic, partition=tp.partition,
                      first_missing=missing, read_up_to=self.last[tp])
            metrics.SKIPPED_RECORDS.labels(tp.topic).inc()
            self.last.pop(tp, None)
            await self.app.consumer.seek(tp, missing)
