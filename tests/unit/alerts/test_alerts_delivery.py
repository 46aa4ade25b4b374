"""The delivery machine (streams.alerts.delivery) without Faust: lanes per target, acks once done.

Webhooks are real HTTP servers on 127.0.0.1; the host records, in one ordered log, every request a
receiver answered, every dead letter and every ack, so the tests compare the order of events
rather than wall time.
"""
from __future__ import annotations

import asyncio
import base64
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from aiohttp import web
from alerts_fixtures import statement

from streams import events
from streams.alerts import DeliveryGate, Dispatcher, parse_subscriptions
from streams.alerts.delivery import Deliveries, Outcome
from streams.alerts.match import match
from streams.alerts.subscriptions import Subscription
from streams.settings import Settings

SECRET = "delivery-test-secret"
FAST = Settings(webhook_timeout=0.3, webhook_max_attempts=3, webhook_backoff_base=0.05, webhook_backoff_max=0.1)


def alert_for(sub_id: str, n: int) -> dict[str, Any]:
    event = statement(f"Troops number {n} are stationed near Kursk", kind="indirect", name="Vasiliy Nebenzija",
                      title="UN envoy", country="Russia")
    why = match("troop*", event)
    assert why is not None
    return why.alert(sub_id, event)


def original(letter: dict[str, Any]) -> dict[str, Any]:
    """The alert a dead letter carries."""
    return events.loads(base64.b64decode(letter["original"]))  # type: ignore[no-any-return]


@dataclass
class Log:
    """The ordered story of a test: ("hit", path, alert_id, attempt), ("dead", alert_id), ("ack", alert_id)."""

    entries: list[tuple[Any, ...]] = field(default_factory=list)

    def index(self, kind: str, alert_id: str) -> int:
        return next(i for i, e in enumerate(self.entries) if e[0] == kind and alert_id in e)

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        return [e for e in self.entries if e[0] == kind]


@dataclass
class FakeHost:
    """The consumer side: a dict for the ``delivered`` table, acks and dead letters into the log."""

    log: Log
    table: dict[str, str] = field(default_factory=dict)
    letters: list[dict[str, Any]] = field(default_factory=list)

    def outcome(self, alert_id: str) -> str | None:
        return self.table.get(alert_id)

    def record(self, token: str, alert_id: str, outcome: Outcome) -> None:
        self.table[alert_id] = outcome.value

    async def ack(self, token: str) -> None:
        self.log.entries.append(("ack", token))

    def origin(self, token: str) -> events.Origin:
        return events.Origin("quotewire.alerts", 0, 0)

    async def dead_letter(self, subscription_id: str, letter: dict[str, Any]) -> None:
        self.letters.append(letter)
        self.log.entries.append(("dead", original(letter)["alert_id"]))


class Hooks:
    """Two endpoints: /ok answers 200 at once, /hang never answers in time."""

    def __init__(self, log: Log) -> None:
        self.log = log
        self.runner: web.AppRunner | None = None
        self.base = ""

    async def _ok(self, request: web.Request) -> web.Response:
        self._note(request, "ok")
        return web.Response(status=200)

    async def _slow(self, request: web.Request) -> web.Response:
        self._note(request, "slow")
        await asyncio.sleep(0.05)
        return web.Response(status=200)

    async def _hang(self, request: web.Request) -> web.Response:
        self._note(request, "hang")
        await asyncio.sleep(30)
        return web.Response(status=200)

    def _note(self, request: web.Request, path: str) -> None:
        self.log.entries.append(("hit", path, request.headers["X-Quotewire-Alert-Id"],
                                 int(request.headers["X-Quotewire-Attempt"])))

    async def __aenter__(self) -> Hooks:
        app = web.Application()
        app.router.add_post("/ok", self._ok)
        app.router.add_post("/hang", self._hang)
        app.router.add_post("/slow", self._slow)
        self.runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        self.base = f"http://{host}:{port}"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


def subscriptions(base: str, tmp_path: Path, extra: str = "") -> dict[str, Subscription]:
    text = f"""
- id: slow
  query: troop*
  targets: [{{webhook: {{url: "{base}/hang", secret: {SECRET}}}}}]
- id: fast
  query: troop*
  targets: [{{webhook: {{url: "{base}/ok", secret: {SECRET}}}}}]
- id: slowok
  query: troop*
  targets: [{{webhook: {{url: "{base}/slow", secret: {SECRET}}}}}]
- id: both
  query: troop*
  targets: [{{webhook: {{url: "{base}/hang", secret: {SECRET}}}}}, {{webhook: {{url: "{base}/ok", secret: {SECRET}}}}}]
{extra}"""
    return {s.id: s for s in parse_subscriptions(text, base_dir=tmp_path)}


async def machine_for(subs: dict[str, Subscription], host: FakeHost, settings: Settings = FAST,
                      **options: Any) -> tuple[Deliveries[str], Dispatcher]:
    dispatcher = Dispatcher(settings)
    return Deliveries(host, subs.get, dispatcher.sinks, **options), dispatcher


def test_a_hanging_webhook_holds_up_neither_another_subscription_nor_later_alerts(tmp_path: Path) -> None:
    """Issue 19 item 3: the healthy target's alerts go out and are acked while the other one still tries."""
    log = Log()
    host = FakeHost(log)

    async def run() -> None:
        async with Hooks(log) as hooks:
            machine, dispatcher = await machine_for(subscriptions(hooks.base, tmp_path), host)
            try:
                for n in range(5):  # interleaved, as one batch of the alerts topic would hold them
                    for sub_id in ("slow", "fast"):
                        alert = alert_for(sub_id, n)
                        await machine.submit(sub_id, alert["alert_id"], alert)
                await asyncio.wait_for(machine.idle(), 60)
            finally:
                await machine.close()
                await dispatcher.close()

    asyncio.run(run())
    fast = [alert_for("fast", n)["alert_id"] for n in range(5)]
    slow = [alert_for("slow", n)["alert_id"] for n in range(5)]
    first_slow_retry = next(i for i, e in enumerate(log.entries) if e[:2] == ("hit", "hang") and e[3] == 2)
    for alert_id in fast:  # each healthy alert delivered and acked before the hanging target's first retry
        assert log.index("hit", alert_id) < log.index("ack", alert_id) < first_slow_retry, log.entries
    # The hanging target's alerts: every try made, dead-lettered, and only then acknowledged.
    for alert_id in slow:
        tries = [e[3] for e in log.of("hit") if e[2] == alert_id]
        assert tries == [1, 2, 3]
        assert log.index("dead", alert_id) < log.index("ack", alert_id)
        assert host.table[alert_id] == "dead_lettered"
    assert all(host.table[a] == "delivered" for a in fast)
    assert len(log.of("ack")) == 10  # nothing acked twice, nothing left unacked
    # Retries of one alert did not hold up the next one: its first try came before the last retry.
    hits = log.of("hit")
    for earlier, later in pairwise(slow):
        assert hits.index(("hit", "hang", later, 1)) < hits.index(("hit", "hang", earlier, 3))
    assert all(events.schema_errors(letter) == [] for letter in host.letters)
    assert {letter["error"] for letter in host.letters} == {"timeout"}


def test_an_alert_is_acked_only_once_every_target_is_done(tmp_path: Path) -> None:
    """A subscription with a hanging and a healthy target: its alert waits for both, then is dead-lettered."""
    log = Log()
    host = FakeHost(log)
    alert = alert_for("both", 0)

    async def run() -> None:
        async with Hooks(log) as hooks:
            machine, dispatcher = await machine_for(subscriptions(hooks.base, tmp_path), host)
            try:
                await machine.submit("both", "token-0", alert)
                while not log.of("hit") or len([e for e in log.of("hit") if e[1] == "ok"]) < 1:
                    await asyncio.sleep(0.01)
                assert log.of("ack") == [] and machine.pending() == 1  # delivered to one target only
                await asyncio.wait_for(machine.idle(), 60)
            finally:
                await machine.close()
                await dispatcher.close()

    asyncio.run(run())
    assert log.index("dead", alert["alert_id"]) < log.index("ack", "token-0")
    assert host.table[alert["alert_id"]] == "dead_lettered"


def test_a_full_lane_dead_letters_at_once_instead_of_growing(tmp_path: Path) -> None:
    """Bounded memory: beyond the lane's backlog an alert is dead-lettered (backlog_full) and acked."""
    log = Log()
    host = FakeHost(log)
    alerts = [alert_for("slow", n) for n in range(6)]

    async def run() -> int:
        async with Hooks(log) as hooks:
            machine, dispatcher = await machine_for(subscriptions(hooks.base, tmp_path), host, backlog=2)
            try:
                for alert in alerts:
                    await machine.submit("slow", alert["alert_id"], alert)
                held = machine.pending()
                await asyncio.wait_for(machine.idle(), 60)
                return held
            finally:
                await machine.close()
                await dispatcher.close()

    held = asyncio.run(run())
    assert held == 2
    errors = {original(x)["alert_id"]: x["error"] for x in host.letters}
    assert [errors[a["alert_id"]] for a in alerts] == ["timeout", "timeout"] + ["backlog_full"] * 4
    assert sorted(e[1] for e in log.of("ack")) == sorted(a["alert_id"] for a in alerts)


def test_a_redelivered_alert_is_not_sent_again(tmp_path: Path) -> None:
    log = Log()
    host = FakeHost(log)
    alert = alert_for("fast", 0)

    async def run() -> None:
        async with Hooks(log) as hooks:
            machine, dispatcher = await machine_for(subscriptions(hooks.base, tmp_path), host)
            try:
                await machine.submit("fast", "first", alert)
                await asyncio.wait_for(machine.idle(), 30)
                await machine.submit("fast", "again", alert)  # e.g. re-read after a restart
                await asyncio.wait_for(machine.idle(), 30)
            finally:
                await machine.close()
                await dispatcher.close()

    asyncio.run(run())
    assert len(log.of("hit")) == 1 and [e[1] for e in log.of("ack")] == ["first", "again"]


def test_held_digest_alerts_wait_unacked_and_overflow_is_dead_lettered(tmp_path: Path) -> None:
    log = Log()
    host = FakeHost(log)
    clock = [0.0]

    async def run() -> None:
        async with Hooks(log) as hooks:
            subs = subscriptions(hooks.base, tmp_path, extra=f"""
- id: daily
  query: troop*
  digest_seconds: 60
  targets: [{{webhook: {{url: "{hooks.base}/ok", secret: {SECRET}}}}}]
""")
            gate = DeliveryGate(clock=lambda: clock[0], max_digest=3)
            machine, dispatcher = await machine_for(subs, host, gate=gate)
            try:
                for n in range(6):
                    alert = alert_for("daily", n)
                    await machine.submit("daily", f"t{n}", alert)
                assert machine.pending() == 4 and log.of("hit") == []  # held, unacked (2 over the digest)
                assert sorted(e[1] for e in log.of("ack")) == ["t4", "t5"]
                clock[0] = 61.0
                await machine.flush_due()
                await asyncio.wait_for(machine.idle(), 30)
            finally:
                await machine.close()
                await dispatcher.close()

    asyncio.run(run())
    assert len(log.of("hit")) == 1  # one digest
    assert sorted(e[1] for e in log.of("ack")) == [f"t{n}" for n in range(6)]
    assert [x["error"] for x in host.letters] == ["digest_full", "digest_full"]


def test_a_full_lane_of_a_working_receiver_waits_instead_of_dead_lettering(tmp_path: Path) -> None:
    """Backpressure: a slow receiver that answers gets every alert, in order, even past the backlog."""
    log = Log()
    host = FakeHost(log)
    alerts = [alert_for("slowok", n) for n in range(6)]

    async def run() -> None:
        async with Hooks(log) as hooks:
            machine, dispatcher = await machine_for(subscriptions(hooks.base, tmp_path), host, backlog=2)
            try:
                for alert in alerts:
                    await machine.submit("slowok", alert["alert_id"], alert)
                    assert machine.pending() <= 2
                await asyncio.wait_for(machine.idle(), 30)
            finally:
                await machine.close()
                await dispatcher.close()

    asyncio.run(run())
    assert host.letters == []
    assert [e[2] for e in log.of("hit")] == [a["alert_id"] for a in alerts]  # in order
    assert [e[1] for e in log.of("ack")] == [a["alert_id"] for a in alerts]


class ScriptedSink:
    """A target whose every try is scripted: ``answers[(alert_id, attempt)]`` is True (delivered), False
    (failed, may be retried) or an asyncio.Event the try waits for before it is delivered."""

    name = "webhook"
    max_attempts = 3

    def __init__(self, answers: dict[tuple[str, int], Any]) -> None:
        self.answers = answers
        self.started: list[tuple[str, int]] = []

    async def attempt(self, alert: dict[str, Any], n: int, *, started: float) -> Any:
        from streams.alerts.sinks import DeliveryResult, Try

        key = (alert["alert_id"], n)
        self.started.append(key)
        answer = self.answers[key]
        if isinstance(answer, asyncio.Event):
            await answer.wait()
            answer = True
        if answer:
            return Try(DeliveryResult(True, n, status=200))
        return Try(DeliveryResult(False, n, "http_503", "HTTP 503", 503), retry=True)

    def retry_delay(self, attempt: int, wait: float | None) -> float:
        return float(attempt)

    def give_up(self, last: Any, started: float) -> Any:
        return last.result

    async def close(self) -> None:
        pass


def test_a_full_lane_whose_retry_just_failed_stops_holding_up_the_worker() -> None:
    """A full lane holds the deliver agent only while its receiver answers: once a retry of one of its
    alerts fails, the alert waiting for room is dead-lettered (backlog_full) at once, not when an alert
    of that lane next leaves (it waited for a first try still under way, holding up every subscription)."""
    log = Log()
    host = FakeHost(log)
    sub = Subscription(id="flap", query="troop*")
    a0, a1, a2, a3 = (alert_for("flap", n) for n in range(4))
    release, first_retry = asyncio.Event(), asyncio.Event()
    sink = ScriptedSink({(a0["alert_id"], 1): False, (a0["alert_id"], 2): False, (a1["alert_id"], 1): True,
                         (a2["alert_id"], 1): release, (a3["alert_id"], 1): True})
    sleeps = [first_retry]

    async def sleep(_: float) -> None:  # a0's first retry waits for the test; any later retry waits long
        await (sleeps.pop(0) if sleeps else asyncio.Event()).wait()

    async def until(check: Any) -> None:
        for _ in range(10_000):
            if check():
                return
            await asyncio.sleep(0)
        raise AssertionError("never happened")

    async def run() -> bool:
        machine: Deliveries[str] = Deliveries(host, {"flap": sub}.get, lambda s: [sink], backlog=2,
                                              sleep=sleep)
        try:
            await machine.submit("flap", "t0", a0)
            await until(lambda: (a0["alert_id"], 1) in sink.started and not machine.lanes[id(sink)].trying)
            await machine.submit("flap", "t1", a1)
            await until(lambda: ("ack", "t1") in log.entries)
            await machine.submit("flap", "t2", a2)  # its receiver takes its time: the lane is full (a0, a2)
            await until(lambda: (a2["alert_id"], 1) in sink.started)
            waiting = asyncio.ensure_future(machine.submit("flap", "t3", a3))
            await asyncio.sleep(0.05)
            assert not waiting.done()  # backpressure while the receiver answers
            first_retry.set()  # a0's second try fails: the lane's receiver is failing now
            await until(lambda: (a0["alert_id"], 2) in sink.started)
            done, _ = await asyncio.wait({waiting}, timeout=10)
            release.set()
            return waiting in done
        finally:
            release.set()
            await machine.close()

    assert asyncio.run(run()), "the deliver agent stayed blocked on a full lane whose last try failed"
    assert [x["error"] for x in host.letters] == ["backlog_full"]
    assert ("ack", "t3") in log.entries
