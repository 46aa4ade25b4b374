"""The delivery state machine of the alerts worker: pacing, one lane per target, acks once done.

No Faust in here: the agent (``streams.agents.alerts``) hands each alert event to
``Deliveries.submit`` together with an opaque token (its Faust event), and the
``Host`` it was built with records outcomes, acknowledges tokens and sends dead letters.

* **Pacing:** a subscription's rate limit and digest window hold alerts in the
  ``DeliveryGate``; ``flush_due`` (on a timer) sends the held ones whose time has come.
* **Lanes:** each target (sink) of each subscription has a lane of its own. A lane
  makes first tries in the order alerts arrived; an alert whose try failed and may
  succeed later leaves the lane for a retry schedule of its own, so retries never
  hold up a later alert, and one target's trouble never holds up another target.
* **Acks:** an alert's token is acknowledged only once every target has delivered
  it or it was dead-lettered, and its outcome is recorded first (the ``delivered``
  table). Acks may come out of order; Faust commits an offset only when every offset
  below it is acknowledged, so a crash re-reads whatever was still in flight.
* **Bounded memory:** a lane holds at most ``backlog`` alerts (queued or retrying).
  While its receiver answers, a full lane makes ``submit`` wait (backpressure, as a
  slow but working receiver deserves); once its last try failed, an alert beyond the
  backlog, or beyond a full digest, is dead-lettered at once with the reason, so a
  dead receiver never holds up the others nor grows the heap.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

import structlog

from .. import events, metrics
from ..contracts import AlertEvent, DeadLetterEvent
from .limits import DeliveryGate
from .sinks import DeliveryResult, Sink, Try, dead_letter
from .subscriptions import Subscription

log = structlog.get_logger(__name__)

T = TypeVar("T")
T_contra = TypeVar("T_contra", contravariant=True)
DEFAULT_BACKLOG = 1000


class Outcome(StrEnum):
    """How an alert event ended for the alerts worker (the ``delivered`` table's values)."""

    DELIVERED = "delivered"
    DEAD_LETTERED = "dead_lettered"


class Host(Protocol[T_contra]):
    """What the delivery machine needs from the consumer around it."""

    def outcome(self, alert_id: str) -> str | None:
        """The recorded outcome of ``alert_id`` (None: not done yet)."""

    def record(self, token: T_contra, alert_id: str, outcome: Outcome) -> None:
        """Remember that ``alert_id`` (carried by ``token``) is done."""

    async def ack(self, token: T_contra) -> None:
        """Acknowledge ``token``: its offset may be committed."""

    def origin(self, token: T_contra) -> events.Origin | None:
        """Where ``token``'s event was read (topic, partition, offset), for its dead letter."""

    async def dead_letter(self, subscription_id: str, letter: DeadLetterEvent) -> None:
        """Send ``letter`` (a deadletter.v1 event) to the dead-letter topic."""


@dataclass(slots=True)
class Item(Generic[T]):
    """One alert event: its consumer token and the alert it carries."""

    token: T
    alert: AlertEvent


@dataclass(eq=False)
class Job(Generic[T]):
    """One (possibly digest) alert on its way to every target of its subscription."""

    subscription_id: str
    alert: AlertEvent
    items: list[Item[T]]
    waiting: int
    failures: list[DeliveryResult] = field(default_factory=list)


def sink_label(sink: Any) -> str:
    """The metrics label of a sink: webhook, console, file."""
    return str(getattr(sink, "name", None) or type(sink).__name__.removesuffix("Sink").lower())


class Lane(Generic[T]):
    """One target of one subscription: first tries in arrival order, each retry on its own schedule."""

    def __init__(self, sink: Sink, machine: Deliveries[T], backlog: int) -> None:
        self.sink = sink
        self.machine = machine
        self.backlog = backlog
        self.queue: deque[Job[T]] = deque()
        self.retrying: set[asyncio.Task[None]] = set()
        self.worker: asyncio.Task[None] | None = None
        self.trying = 0  # 1 while a first try is under way
        self.failing = False  # the last try made failed: a full lane then sheds instead of waiting
        self.freed = asyncio.Event()  # set whenever an alert leaves the lane

    def __len__(self) -> int:
        """Alerts this lane holds: queued, at their first try, or retrying."""
        return len(self.queue) + self.trying + len(self.retrying)

    def full(self) -> bool:
        return len(self) >= self.backlog

    async def room(self) -> None:
        """Wait while the lane is full and its receiver answers (backpressure); return at once if failing."""
        while self.full() and not self.failing:
            self.freed.clear()
            await self.freed.wait()

    def put(self, job: Job[T]) -> bool:
        """Queue ``job``; False when the lane already holds ``backlog`` alerts."""
        if len(self) >= self.backlog:
            return False
        self.queue.append(job)
        if self.worker is None:
            self.worker = asyncio.ensure_future(self._run())
        return True

    async def _run(self) -> None:
        try:
            while self.queue:
                job = self.queue.popleft()
                self.trying = 1
                try:
                    await self._first_try(job)
                except Exception:
                    log.exception("alert.lane_error", sink=sink_label(self.sink), alert_id=job.alert.get("alert_id"))
                finally:
                    self.trying = 0
                    self.freed.set()
        finally:
            self.worker = None
            self.machine.prune(self)

    async def _try(self, job: Job[T], n: int, started: float) -> Try:
        """Try ``n`` of ``job``; a sink that raises instead of reporting fails the delivery, with the reason."""
        try:
            attempt = getattr(self.sink, "attempt", None)
            if attempt is None:  # console, file: one try, final
                outcome = Try(await self.sink.deliver(job.alert))
            else:
                outcome = await attempt(job.alert, n, started=started)
            self.failing = not outcome.result.delivered
            if self.failing:
                self.freed.set()  # a submit waiting for room stops waiting: a failing lane sheds
            return outcome
        except Exception as exc:
            log.exception("alert.sink_crashed", sink=sink_label(self.sink), alert_id=job.alert.get("alert_id"))
            return Try(DeliveryResult(False, n, "sink_error", f"{type(exc).__name__}: {exc}"))

    async def _first_try(self, job: Job[T]) -> None:
        started = time.monotonic()
        first = await self._try(job, 1, started)
        if not first.retry or self.sink.max_attempts <= 1:  # type: ignore[attr-defined]
            result = first.result if not first.retry else self.sink.give_up(first, started)  # type: ignore[attr-defined]
            await self.machine.finish(job, self.sink, result)
            return
        task = asyncio.ensure_future(self._retry(job, first, started))
        self.retrying.add(task)
        task.add_done_callback(self._retried)

    def _retried(self, task: asyncio.Task[None]) -> None:
        self.retrying.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("alert.lane_error", sink=sink_label(self.sink), error=repr(task.exception()))
        self.freed.set()
        self.machine.prune(self)

    async def _retry(self, job: Job[T], last: Try, started: float) -> None:
        sink: Any = self.sink
        for n in range(2, sink.max_attempts + 1):
            await self.machine.sleep(sink.retry_delay(n - 1, last.wait))
            last = await self._try(job, n, started)
            if not last.retry:
                await self.machine.finish(job, self.sink, last.result)
                return
        await self.machine.finish(job, self.sink, sink.give_up(last, started))

    def cancel(self) -> list[asyncio.Task[None]]:
        self.failing = True
        self.freed.set()
        tasks = [*self.retrying, *([self.worker] if self.worker else [])]
        for task in tasks:
            task.cancel()
        self.queue.clear()
        return tasks


class Deliveries(Generic[T]):
    """Every alert event from submission to acknowledgement (see the module's docstring)."""

    def __init__(
        self,
        host: Host[T],
        subscription: Callable[[str], Subscription | None],
        sinks: Callable[[Subscription], list[Sink]],
        *,
        gate: DeliveryGate | None = None,
        backlog: int = DEFAULT_BACKLOG,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        on_gone: Callable[[str, str, str], Awaitable[None]] | None = None,
    ) -> None:
        """``on_gone(subscription_id, url, note)`` is awaited once per webhook whose receiver answered 410."""
        self.host = host
        self.on_gone = on_gone
        self._gone: set[int] = set()
        self.subscription = subscription
        self.sinks = sinks
        self.gate = gate or DeliveryGate()
        self.backlog = backlog
        self.sleep = sleep
        self.held: dict[str, list[Item[T]]] = {}
        self.lanes: dict[int, Lane[T]] = {}
        self.in_flight: set[Job[T]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    # --- intake -------------------------------------------------------------------------------

    async def submit(self, subscription_id: str, token: T, alert: AlertEvent) -> None:
        """Take one alert event: deliver it now, hold it for pacing, or acknowledge it as done."""
        if self.host.outcome(str(alert.get("alert_id"))):
            metrics.ALERT_DELIVERIES.labels("any", "duplicate").inc()
            await self.host.ack(token)
            return
        sub = self.subscription(subscription_id)
        if sub is None or not sub.enabled:
            log.info("alert.subscription_gone", subscription_id=subscription_id, alert_id=alert.get("alert_id"))
            await self.host.ack(token)
            return
        item = Item(token, alert)
        dropped = self.gate.dropped.get(sub.id, 0)
        ready = self.gate.submit(sub.id, alert, sub.pacing)
        if ready:
            await self.start(sub, ready[0], [*self.held.pop(sub.id, []), item])
        elif self.gate.dropped.get(sub.id, 0) > dropped:
            reason = f"the held digest already has {self.gate.max_digest} statements"
            await self.reject(sub.id, alert, [item], DeliveryResult(False, 0, "digest_full", reason))
        else:
            self.held.setdefault(sub.id, []).append(item)

    async def flush_due(self) -> None:
        """Send the held (digest, rate-limited) alerts whose time has come."""
        for alert in self.gate.due():
            sub_id = alert["subscription_id"]
            items = self.held.pop(sub_id, [])
            sub = self.subscription(sub_id)
            if sub is None or not items:
                for item in items:
                    await self.host.ack(item.token)
                continue
            await self.start(sub, alert, items)

    async def start(self, sub: Subscription, alert: AlertEvent, items: list[Item[T]]) -> None:
        """Hand a ready alert to the lane of each of its subscription's targets."""
        sinks = self.sinks(sub)
        job: Job[T] = Job(sub.id, alert, items, len(sinks))
        self._track(job)
        if not sinks:  # the alerts topic is the only target
            await self.complete(job)
        for sink in sinks:
            lane = self.lanes.get(id(sink))
            if lane is None or lane.sink is not sink:
                lane = self.lanes[id(sink)] = Lane(sink, self, self.backlog)
            await lane.room()
            self.lanes[id(sink)] = lane  # it may have been pruned while this waited
            if not lane.put(job):
                reason = (f"{lane.backlog} alerts already wait for this target "
                          f"(QUOTEWIRE_ALERT_TARGET_BACKLOG)")
                await self.finish(job, sink, DeliveryResult(False, 0, "backlog_full", reason))

    # --- outcomes -----------------------------------------------------------------------------

    async def finish(self, job: Job[T], sink: Sink, result: DeliveryResult) -> None:
        """One target is done with ``job``; the last one completes it."""
        label = sink_label(sink)
        if result.delivered:
            metrics.ALERT_DELIVERIES.labels(label, "delivered").inc()
            if result.attempts > 1:
                metrics.ALERT_DELIVERIES.labels(label, "retried").inc(result.attempts - 1)
        else:
            metrics.ALERT_DELIVERIES.labels(label, "failed").inc()
            job.failures.append(result)
            if result.error == "gone":
                await self._disable(job.subscription_id, sink)
        job.waiting -= 1
        if job.waiting == 0:
            await self.complete(job)

    async def complete(self, job: Job[T]) -> None:
        """Dead-letter what failed, then record and acknowledge every event of ``job``."""
        try:
            for result in job.failures:
                letter = dead_letter(job.alert, result, origin=self.host.origin(job.items[0].token))
                await self.host.dead_letter(job.subscription_id, letter)
                metrics.DEAD_LETTERS.labels("webhook", result.error or "delivery_failed").inc()
                log.error("alert.dead_lettered", subscription_id=job.subscription_id,
                          alert_id=job.alert.get("alert_id"), reason=result.reason, attempts=result.attempts)
            outcome = Outcome.DEAD_LETTERED if job.failures else Outcome.DELIVERED
            for item in job.items:
                self.host.record(item.token, str(item.alert.get("alert_id")), outcome)
                await self.host.ack(item.token)
        finally:
            self._untrack(job)

    async def reject(self, sub_id: str, alert: AlertEvent, items: list[Item[T]],
                     result: DeliveryResult) -> None:
        """Dead-letter ``alert`` without trying it (its target or digest is full)."""
        job: Job[T] = Job(sub_id, alert, items, 0, [result])
        self._track(job)
        await self.complete(job)

    async def _disable(self, subscription_id: str, sink: Any) -> None:
        """Report a webhook that answered 410 Gone, once."""
        if id(sink) in self._gone or self.on_gone is None:
            return
        self._gone.add(id(sink))
        log.warning("webhook.gone", subscription_id=subscription_id, url=sink.url, note=sink.gone)
        try:
            await self.on_gone(subscription_id, sink.url, str(sink.gone))
        except Exception:
            log.exception("webhook.gone_not_recorded", subscription_id=subscription_id, url=sink.url)

    def _track(self, job: Job[T]) -> None:
        self.in_flight.add(job)
        self._idle.clear()

    def _untrack(self, job: Job[T]) -> None:
        self.in_flight.discard(job)
        if not self.in_flight:
            self._idle.set()

    # --- housekeeping -------------------------------------------------------------------------

    def prune(self, lane: Lane[T]) -> None:
        """Forget a lane that holds nothing (its sink may have been replaced since)."""
        if len(lane) == 0 and self.lanes.get(id(lane.sink)) is lane:
            del self.lanes[id(lane.sink)]

    def pending(self) -> int:
        """Alert events not yet acknowledged: in flight and held."""
        return sum(len(j.items) for j in self.in_flight) + sum(len(v) for v in self.held.values())

    async def idle(self) -> None:
        """Wait until no alert is in flight (held ones may remain)."""
        await self._idle.wait()

    def revoke(self, lost: Callable[[T], bool]) -> None:
        """Drop held events whose partition went to another worker (it re-reads them); no ack."""
        for sub_id in list(self.held):
            kept = [i for i in self.held[sub_id] if not lost(i.token)]
            if kept:
                self.held[sub_id] = kept
            else:
                del self.held[sub_id]
                self.gate.discard(sub_id)

    async def forget(self, subscription_id: str) -> None:
        """A removed subscription: drop its pacing and acknowledge its held events (nothing to send)."""
        self.gate.discard(subscription_id)
        for item in self.held.pop(subscription_id, []):
            await self.host.ack(item.token)

    async def close(self) -> None:
        """Stop every lane (what was in flight stays unacknowledged, so it is read again)."""
        tasks = [t for lane in self.lanes.values() for t in lane.cancel()]
        self.lanes.clear()
        await asyncio.gather(*tasks, return_exceptions=True)
