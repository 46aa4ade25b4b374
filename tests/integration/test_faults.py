"""Faults on the real broker with real worker processes: what a user sees must survive them.

Each test streams small invented articles (three statements each: cheap to extract) through
worker processes, breaks something mid-stream (SIGKILL of a worker, an unreachable or frozen
broker, a webhook receiver that is down, a PostgreSQL restart) and then checks what a user would
notice: every statement of every article in the archive exactly once (against the deterministic
statement ids computed here with ``analyse`` + ``statement_events``), every matching alert
delivered exactly once to a real webhook receiver, workers that say in their logs what happened.

The slow ones run with ``QUOTEWIRE_SLOW=1``; ``test_broker_paused_for_five_seconds`` is the short
version CI runs every time.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from streams import events
from streams.alerts import SubscriptionSet
from streams.archive.store import SearchQuery, open_store
from streams.bench.receiver import WebhookReceiver
from streams.broker import EmbeddedBroker, free_port
from streams.extract import analyse, statement_events
from streams.settings import Settings
from streams.topics import names
from streams.worker import Child

from .conftest import make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker

SECRET = "fault-test-secret"
SECRET_ENV = "QW_FAULT_HOOK_SECRET"
TOPICS = ["the bridge repairs", "the school budget", "the flood barrier", "the bus timetable",
          "the harbour dredging"]
PLACES = ["Lowmarsh", "Eastwick", "Highmoor", "Saltbay"]


# --- articles and what must come out of them -------------------------------------------------------

def articles(n: int, prefix: str) -> list[dict[str, Any]]:
    """Small invented articles, three statements each (direct, indirect, direct)."""
    out = []
    for i in range(n):
        topic, place = TOPICS[i % len(TOPICS)], PLACES[i % len(PLACES)]
        body = (f'"We will decide on {topic} before contract {i} is signed," the mayor of {place} '
                "said on Monday.\n"
                f"The harbour authority said that shipment {i} had been delayed by the storm.\n"
                f'"Nobody will lose their job over item {i}," a union spokeswoman said.')
        out.append({"article_id": f"{prefix}-{i}", "body": body, "source": "fault wire"})
    return out


def expected_statements(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for a in items for e in statement_events(a, analyse(a))]


def expected_ids(statements: list[dict[str, Any]]) -> set[str]:
    ids = [e["statement_id"] for e in statements]
    assert len(ids) == len(set(ids)), "statement ids are unique"
    return set(ids)


def expected_alerts(subs_file: Path, statements: list[dict[str, Any]]) -> set[str]:
    subs = SubscriptionSet(subs_file)
    return {events.alert_id(sub.id, st["statement_id"]) for st in statements for sub, _ in subs.match(st)}


def write_subscriptions(path: Path, url: str) -> Path:
    """Two webhook subscriptions, each matching one article in five."""
    hook = f'{{webhook: {{url: "{url}", secret_env: {SECRET_ENV}}}}}'
    path.write_text(f"""
subscriptions:
  - id: floods
    query: 'flood*'
    targets: [{hook}]
  - id: dredging
    query: 'dredging'
    targets: [{hook}]
""")
    return path


# --- observing the archive and the workers ------------------------------------------------------------

def archived_ids(settings: Settings) -> list[str] | None:
    """Statement ids in the archive, one per row (None while the store cannot be read)."""
    try:
        with open_store(settings.archive_url) as store:
            return [r["statement_id"] for r in store.search(SearchQuery(limit=None))]
    except Exception:  # noqa: BLE001 - polled while the store is down or not created yet
        return None


def archived_count(settings: Settings) -> int:
    try:
        with open_store(settings.archive_url) as store:
            return store.count_statements()
    except Exception:  # noqa: BLE001 - polled while the store is down or not created yet
        return -1


def wait_until(predicate: Callable[[], bool], timeout: float, every: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


def assert_archived_exactly_once(settings: Settings, want: set[str], timeout: float) -> float:
    """Wait until every wanted statement is archived, then a quiet moment; assert no loss, no double.
    Returns when (monotonic) the last one arrived."""
    wait_until(lambda: archived_count(settings) >= len(want), timeout, every=0.5)
    arrived = time.monotonic()
    time.sleep(2.0)  # anything extra would arrive now
    ids = archived_ids(settings)
    assert ids is not None, "the archive cannot be read"
    counts = Counter(ids)
    lost = want - set(counts)
    assert not lost, f"{len(lost)} of {len(want)} statements never reached the archive"
    assert set(counts) == want, f"{len(set(counts) - want)} unexpected statements in the archive"
    doubled = {i: c for i, c in counts.items() if c > 1}
    assert not doubled, f"{len(doubled)} statements archived more than once"
    return arrived


def assert_delivered_exactly_once(receiver: WebhookReceiver, want: set[str], timeout: float) -> None:
    wait_until(lambda: len({d.alert_id for d in receiver.accepted}) >= len(want), timeout, every=0.5)
    time.sleep(3.0)  # a duplicate would arrive now
    accepted = Counter(d.alert_id for d in receiver.accepted)
    lost = want - set(accepted)
    assert not lost, f"{len(lost)} of {len(want)} alerts never delivered"
    assert set(accepted) == want, f"{len(set(accepted) - want)} unexpected alerts delivered"
    doubled = {a: c for a, c in accepted.items() if c > 1}
    assert not doubled, f"{len(doubled)} alerts delivered more than once: {list(doubled.items())[:5]}"
    assert all(d.signature_ok for d in receiver.deliveries)


def sigkill_and_restart(child: Child) -> None:
    """What an OOM kill and a supervisor restart do to a worker."""
    assert child.proc is not None and child.proc.poll() is None, f"{child.role} worker is not running"
    child.proc.send_signal(signal.SIGKILL)
    child.proc.wait(10)
    child.close_log()
    child.start()


def http_status(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=3) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except OSError:
        return 0


def web_ports(n: int = 3, avoid: int = 0) -> int:
    """A first port of ``n`` consecutive free ones: each worker role serves on web_port + i, and the
    port after a free one may be the webhook receiver's (or ``avoid``, a broker's still to start)."""
    for _ in range(100):
        first = free_port()
        if first <= avoid < first + n:
            continue
        try:
            for port in range(first, first + n):
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return first
    raise RuntimeError("no free consecutive ports")


def wait_ready(settings: Settings, roles: int, timeout: float = 90.0) -> None:
    """Until each worker role's /readyz answers 200 (it has joined its group and has partitions)."""
    for i in range(roles):
        port = settings.web_port + i
        assert wait_until(lambda port=port: http_status(port, "/readyz") == 200, timeout, every=0.3), \
            f"the worker on port {port} never became ready"


def log_lines(path: Path) -> list[dict[str, Any]]:
    """The lines of a worker log (log_format=json): each one a JSON object a log shipper can read."""
    out = []
    for line in path.read_text(errors="replace").splitlines():
        if line.strip():
            value = json.loads(line)
            assert isinstance(value, dict), line
            out.append(value)
    return out


def assert_alive(children: list[Child]) -> None:
    for child in children:
        assert child.proc is not None and child.proc.poll() is None, \
            f"the {child.role} worker exited with code {child.proc.returncode if child.proc else None}"


class Publisher(threading.Thread):
    """Publishes articles in chunks, paced, in the background (the live wire)."""

    def __init__(self, settings: Settings, items: list[dict[str, Any]], chunk: int, every: float) -> None:
        super().__init__(name="publisher", daemon=True)
        self.settings, self.items, self.chunk, self.every = settings, items, chunk, every
        self.error: BaseException | None = None
        self.sent = 0

    def run(self) -> None:
        try:
            for start in range(0, len(self.items), self.chunk):
                batch = self.items[start:start + self.chunk]
                publish(self.settings, list(batch))
                self.sent += len(batch)
                time.sleep(self.every)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


@pytest.fixture
def hook_secret(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(SECRET_ENV, SECRET)  # the worker processes inherit it
    return SECRET


@pytest.fixture
def receiver(hook_secret: str) -> Iterator[WebhookReceiver]:
    r = WebhookReceiver(secret=hook_secret).start_in_thread()
    yield r
    r.stop_thread()


# --- 1. SIGKILL of the pipeline worker and the archive consumer ---------------------------------------

@pytest.mark.slow
def test_sigkilled_pipeline_and_archive_workers_lose_and_double_nothing(
    broker: EmbeddedBroker, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    seed = int(os.environ.get("QUOTEWIRE_FAULT_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    print(f"fault seed: QUOTEWIRE_FAULT_SEED={seed}")
    subs = write_subscriptions(tmp_path / "subscriptions.yaml", receiver.url)
    settings = make_settings(broker, tmp_path / "data", web_port=web_ports(), subscriptions_file=subs,
                             archive_batch_size=100,
                             webhook_backoff_base=0.05, webhook_backoff_max=1.0)
    items = articles(2000, f"k{uuid.uuid4().hex[:6]}")
    statements = expected_statements(items)
    want = expected_ids(statements)
    want_alerts = expected_alerts(subs, statements)
    assert len(want) == 6000 and len(want_alerts) == 800

    with running_workers(settings, ["pipeline", "alerts", "archive"], tmp_path / "logs") as supervisor:
        pipeline, _alerts, archive = supervisor.children
        wait_ready(settings, 3)
        started = time.monotonic()
        publisher = Publisher(settings, items, chunk=50, every=0.7)  # about 30 s of wire
        kills: list[tuple[str, float, int, int]] = []  # role, s, articles published, statements archived
        errors: list[BaseException] = []

        def kill(child: Child) -> None:
            kills.append((child.role, round(time.monotonic() - started, 1), publisher.sent,
                          archived_count(settings)))
            sigkill_and_restart(child)

        def kill_pipeline() -> None:  # once a random number of articles is out, then while it catches up
            try:
                first = rng.randint(200, 700)
                assert wait_until(lambda: publisher.sent >= first, 60, every=0.05)
                kill(pipeline)
                wait_ready(settings, 1)
                time.sleep(rng.uniform(0.5, 3.0))
                kill(pipeline)
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                errors.append(exc)

        def kill_archive() -> None:  # each time a random share of the statements has been archived
            try:
                for share in (rng.uniform(0.05, 0.3), rng.uniform(0.45, 0.75)):
                    reached = wait_until(lambda share=share: archived_count(settings) >= share * len(want), 120, 0.1)
                    assert reached, f"stuck below {share:.0%} archived: {archived_count(settings)}"
                    kill(archive)
            except BaseException as exc:  # noqa: BLE001 - re-raised below
                errors.append(exc)

        killers = [threading.Thread(target=kill_pipeline), threading.Thread(target=kill_archive)]
        publisher.start()
        for killer in killers:
            killer.start()
        for killer in killers:
            killer.join(180)
        print("SIGKILLs (role, s, articles published, statements archived):",
              sorted(kills, key=lambda k: k[1]))
        assert not errors, errors
        assert len(kills) == 4
        assert all(k[2] < len(items) or k[3] < len(want) for k in kills), f"a kill after the stream: {kills}"
        publisher.join(120)
        assert publisher.error is None, publisher.error
        assert publisher.sent == len(items)

        archived_at = assert_archived_exactly_once(settings, want, timeout=150)
        assert_delivered_exactly_once(receiver, want_alerts, timeout=60)
        assert_alive(supervisor.children)
    print(f"2,000 articles, {len(want)} statements, {len(want_alerts)} alerts, {len(kills)} SIGKILLs: "
          f"all archived {archived_at - started:.0f}s after the first publish")


@pytest.mark.slow
def test_sigkilled_alerts_worker_never_repeats_a_recorded_delivery(
    broker: EmbeddedBroker, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    """The alerts worker SIGKILLed three times while alerts flow: a delivery recorded before a kill is
    never repeated after it; only one still in flight at the kill may be (at-least-once to a receiver
    outside Kafka, which can drop it on X-Quotewire-Alert-Id).

    Before table recovery read changelogs to their true end (streams/log_end.py), the restarted
    worker forgot the deliveries recorded last and notified them again: 1 to 25 repeats a run, of
    deliveries answered up to 11 s before the kill. Every alert must also arrive: before the restarted
    worker stopped its flow while recovery seeks (streams/recovery_resume.py), its consumer sometimes
    skipped a run of records and their alerts were lost (1 run in 16)."""
    seed = int(os.environ.get("QUOTEWIRE_FAULT_SEED") or random.randrange(1 << 30))
    rng = random.Random(seed)
    print(f"fault seed: QUOTEWIRE_FAULT_SEED={seed}")
    subs = write_subscriptions(tmp_path / "subscriptions.yaml", receiver.url)
    settings = make_settings(broker, tmp_path / "data", web_port=web_ports(2), subscriptions_file=subs,
                             webhook_backoff_base=0.05, webhook_backoff_max=1.0)
    items = articles(1000, f"a{uuid.uuid4().hex[:6]}")
    want_alerts = expected_alerts(subs, expected_statements(items))
    assert len(want_alerts) == 400

    with running_workers(settings, ["pipeline", "alerts"], tmp_path / "logs") as supervisor:
        _, alerts = supervisor.children
        wait_ready(settings, 2)
        publisher = Publisher(settings, items, chunk=25, every=0.5)  # about 20 s of wire
        publisher.start()
        kills: list[float] = []  # when (time.time()) each kill was sent
        for share in (rng.uniform(0.1, 0.3), rng.uniform(0.4, 0.6), rng.uniform(0.7, 0.85)):
            assert wait_until(lambda share=share: len(receiver.accepted) >= share * len(want_alerts), 120,
                              every=0.02), \
                f"stuck at {len(receiver.accepted)} alerts"
            time.sleep(rng.uniform(0.0, 0.2))
            kills.append(time.time())
            sigkill_and_restart(alerts)
            wait_ready(settings, 2)
        publisher.join(120)
        assert publisher.error is None, publisher.error
        wait_until(lambda: len({d.alert_id for d in receiver.accepted}) >= len(want_alerts), 90, every=0.5)
        time.sleep(3.0)  # a late repeat would arrive now
        accepted = Counter(d.alert_id for d in receiver.accepted)
        assert_alive(supervisor.children)
    assert set(accepted) <= want_alerts, "alerts nobody subscribed to"
    first = {d.alert_id: d.received for d in reversed(receiver.accepted)}
    repeated = {a: c - 1 for a, c in accepted.items() if c > 1}
    # A kill's time is taken just before the signal, so a request the killed worker had sent can be answered
    # a little after it (seen: 40-80 ms when the kill came right after a restart): such a delivery was in
    # flight at that kill (negative ms), not recorded before the next one.
    before_kill = {a: min((round((k - first[a]) * 1000) for k in kills if k >= first[a] - 0.1), default=None)
                   for a in repeated}
    print(f"{len(want_alerts)} alerts, {len(kills)} SIGKILLs: {sum(repeated.values())} repeated; "
          f"ms from their first 2xx to the next kill: {sorted(before_kill.values(), key=str)}")
    # A delivery answered 100 ms before a kill had been recorded on the broker (the producer lingers
    # 5 ms): it must never repeat. Deliveries still in flight at the kill may.
    recorded = {a: ms for a, ms in before_kill.items() if ms is not None and ms > 100}
    assert not recorded, f"deliveries recorded before a kill were repeated after it: {recorded}"
    lost = want_alerts - set(accepted)
    if lost:
        published = {events.loads(r["value"])["alert_id"] for r in read_topic(settings, names(settings).alerts,
                                                                               timeout=10)}
        pytest.fail(f"{len(lost)} of {len(want_alerts)} alerts never delivered ({len(lost & published)} of them "
                    "on the alerts topic)")


# --- 2. broker unreachable at start, and frozen for 30 s mid-stream ----------------------------------

def _stream_through_a_broker_pause(tmp_path: Path, *, n_before: int, n_after: int, pause_s: float,
                                   late_start_s: float) -> tuple[Settings, list[Child], dict[str, float]]:
    """Workers started against a port nobody listens on; the broker comes up there once each has tried
    it twice (so its backoff shows), ``late_start_s`` at least; ``n_before`` articles are published and
    the broker is frozen (SIGSTOP) for ``pause_s`` while they are processed; then ``n_after`` more.
    Asserts every statement archived exactly once."""
    broker = EmbeddedBroker(port=free_port(), log_path=tmp_path / "tansu.log")
    settings = make_settings(broker, tmp_path / "data", web_port=web_ports(avoid=broker.port),
                             archive_batch_size=100)
    tag = uuid.uuid4().hex[:6]
    first, second = articles(n_before, f"p{tag}"), articles(n_after, f"q{tag}")
    want = expected_ids(expected_statements(first + second))
    timings: dict[str, float] = {}
    try:
        with running_workers(settings, ["pipeline", "archive"], tmp_path / "logs") as supervisor:
            begun = time.monotonic()
            # no broker until every worker has retried once, with a longer wait than its first: their start-up
            # can take seconds on a busy machine (6 s seen), and a broker already up by a worker's first try
            # left nothing of its backoff to see
            def retried(child: Child) -> bool:
                path = child.log_path
                text = path.read_text(errors="replace") if path and path.exists() else ""
                return sum('"broker.unreachable"' in line and '"attempt"' in line
                           for line in text.splitlines()) >= 2

            assert wait_until(lambda: all(retried(c) for c in supervisor.children), 90), "a worker never retried"
            time.sleep(max(0.0, late_start_s - (time.monotonic() - begun)))
            assert_alive(supervisor.children)
            broker.start()
            t0 = time.monotonic()
            wait_ready(settings, 2, timeout=120)
            timings["ready_after_broker_start"] = time.monotonic() - t0

            publish(settings, first)
            # freeze the broker while the workers are in the middle of those articles
            assert wait_until(lambda: archived_count(settings) >= 0.1 * 3 * n_before, 60, every=0.05)
            at_pause = archived_count(settings)
            assert at_pause < 3 * n_before, "the pause came too late to be mid-stream"
            timings["paused_at"] = time.time()
            broker.pause()
            try:
                time.sleep(pause_s)
                assert_alive(supervisor.children)
            finally:
                broker.resume()
            timings["resumed_at"] = time.time()
            resumed = time.monotonic()
            publish(settings, second)
            arrived = assert_archived_exactly_once(settings, want, timeout=150)
            timings["archived_at_pause"] = at_pause
            timings["all_archived_after_resume"] = arrived - resumed
            assert_alive(supervisor.children)
            children = list(supervisor.children)
    finally:
        broker.stop()
    return settings, children, timings


def logged_at(line: dict[str, Any]) -> float:
    return datetime.fromisoformat(line["timestamp"].replace("Z", "+00:00")).timestamp()


def test_broker_paused_for_five_seconds(tmp_path: Path) -> None:
    """The short version for every CI run: no broker for 3 s at start, frozen for 5 s mid-stream."""
    _, children, timings = _stream_through_a_broker_pause(tmp_path, n_before=150, n_after=50, pause_s=5,
                                                          late_start_s=3)
    print({k: round(v, 1) for k, v in timings.items()})
    for child in children:
        assert child.log_path is not None
        lines = log_lines(child.log_path)
        # a clear warning, naming the broker, while it was not there at start
        assert any(line.get("event") == "broker.unreachable" and line.get("level") == "warning"
                   and line.get("broker") == child.env["QUOTEWIRE_BROKER"].removeprefix("kafka://")
                   for line in lines), child.role


@pytest.mark.slow
def test_broker_unreachable_at_start_and_frozen_for_30s_mid_stream(tmp_path: Path) -> None:
    _, children, timings = _stream_through_a_broker_pause(tmp_path, n_before=600, n_after=200, pause_s=30,
                                                          late_start_s=5)
    print({k: round(v, 1) for k, v in timings.items()})
    for child in children:
        assert child.log_path is not None
        lines = log_lines(child.log_path)
        address = child.env["QUOTEWIRE_BROKER"].removeprefix("kafka://")
        # at start: the broker named, each retry announced with its backoff
        at_start = [line for line in lines if line.get("event") == "broker.unreachable" and "attempt" in line]
        assert at_start and at_start[0]["broker"] == address and at_start[0]["level"] == "warning", child.role
        waits = [line["retry_in"] for line in at_start]
        assert waits == sorted(waits) and len(set(waits)) > 1, f"{child.role}: no backoff in {waits}"
        # mid-stream: a warning while the broker was frozen, and one when it answered again
        frozen = [line for line in lines
                  if line.get("event") == "broker.unreachable" and "attempt" not in line
                  and timings["paused_at"] <= logged_at(line) <= timings["resumed_at"] + 1]
        assert frozen and frozen[0]["level"] == "warning" and frozen[0]["broker"] == address, child.role
        back = [line for line in lines if line.get("event") == "broker.reconnected"
                and logged_at(line) >= timings["resumed_at"] - 1]
        assert back and back[0]["unreachable_for_s"] >= 15, (child.role, back)


# --- 3. webhook receiver down for a minute ------------------------------------------------------------

def metric(port: int, name: str, labels: str) -> float:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=3) as response:
            text = response.read().decode()
    except OSError:
        return 0.0
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(part in line for part in labels.split(",")):
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.mark.slow
def test_webhook_receiver_down_for_a_minute_loses_and_doubles_nothing(
    broker: EmbeddedBroker, tmp_path: Path, receiver: WebhookReceiver
) -> None:
    """Default retry settings (12 tries, equal jitter, spanning 90-180 s) and a real minute of outage."""
    subs = write_subscriptions(tmp_path / "subscriptions.yaml", receiver.url)
    settings = make_settings(broker, tmp_path / "data", web_port=web_ports(), subscriptions_file=subs)
    defaults = Settings()
    assert (settings.webhook_max_attempts, settings.webhook_backoff_base, settings.webhook_backoff_max) == \
        (defaults.webhook_max_attempts, defaults.webhook_backoff_base, defaults.webhook_backoff_max)
    before, during = articles(100, f"w{uuid.uuid4().hex[:6]}"), articles(100, f"x{uuid.uuid4().hex[:6]}")
    want_before = expected_alerts(subs, expected_statements(before))
    want = want_before | expected_alerts(subs, expected_statements(during))
    assert len(want) == 80

    with running_workers(settings, ["pipeline", "alerts"], tmp_path / "logs") as supervisor:
        wait_ready(settings, 2)
        publish(settings, before)
        assert wait_until(lambda: len(receiver.accepted) >= 10, 60, every=0.05), "no alert delivered"
        receiver.stop_thread()  # down: connections refused
        down_at = time.time()
        publish(settings, during)
        time.sleep(60)
        assert_alive(supervisor.children)
        delivered_while_down = len(receiver.accepted)
        receiver.start_in_thread()  # back, same port
        up_at = time.time()

        assert_delivered_exactly_once(receiver, want, timeout=120)
        assert_alive(supervisor.children)
        last = max(d.received for d in receiver.accepted)
        retried = metric(settings.web_port + 1, "quotewire_alert_deliveries_total",
                         'outcome="retried",sink="webhook"')
        failed = metric(settings.web_port + 1, "quotewire_alert_deliveries_total", 'outcome="failed"')
    # the receiver saw nothing while down; what was due then came after, by retries, none given up
    assert all(not down_at < d.received < up_at for d in receiver.deliveries)
    assert 10 <= delivered_while_down < len(want)
    created = {d.alert_id: datetime.fromisoformat(d.alert["created_at"].replace("Z", "+00:00")).timestamp()
               for d in receiver.accepted}
    assert any(d.received > up_at and created[d.alert_id] < up_at - 30 for d in receiver.accepted), \
        "no alert matched during the outage was delivered after it"
    assert retried > 0 and failed == 0, (retried, failed)
    print(f"{len(want)} alerts, {delivered_while_down} before the outage; "
          f"receiver down {up_at - down_at:.0f}s, "
          f"all delivered {last - up_at:.0f}s after it came back, {retried:.0f} retries")


# --- 4. PostgreSQL restarted mid-stream ---------------------------------------------------------------

PG_BASE = os.environ.get("QUOTEWIRE_TEST_POSTGRES") or "postgresql://postgres@127.0.0.1:5432/test"


def pg_ctl(action: str) -> None:
    versions = os.listdir("/etc/postgresql")
    assert len(versions) == 1, versions
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", action],
                   check=True, timeout=90, capture_output=True)


def pg_up() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_BASE, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means: not up (yet)
        return False


@pytest.mark.slow
@pytest.mark.postgres
def test_postgres_restarted_mid_stream_loses_and_doubles_nothing(tmp_path: Path,
                                                                  broker: EmbeddedBroker) -> None:
    if not pg_up():
        pytest.skip(f"PostgreSQL unreachable at {PG_BASE}")
    if shutil.which("pg_ctlcluster") is None or not os.path.isdir("/etc/postgresql"):
        pytest.skip("pg_ctlcluster is needed to restart the server")
    from streams.archive.postgres import drop_schema

    url = f"{PG_BASE}{'&' if '?' in PG_BASE else '?'}schema=qw_fault_{uuid.uuid4().hex[:12]}"
    settings = make_settings(broker, tmp_path / "data", web_port=web_ports(), archive=url,
                             archive_batch_size=100)
    first, second = articles(600, f"g{uuid.uuid4().hex[:6]}"), articles(200, f"h{uuid.uuid4().hex[:6]}")
    want = expected_ids(expected_statements(first + second))
    try:
        with running_workers(settings, ["pipeline", "archive"], tmp_path / "logs") as supervisor:
            wait_ready(settings, 2)
            publish(settings, first)
            assert wait_until(lambda: archived_count(settings) >= 0.1 * 3 * len(first), 60, every=0.05)
            at_stop = archived_count(settings)
            assert at_stop < 3 * len(first), "the restart came too late to be mid-stream"
            stopped_at = time.time()
            pg_ctl("stop")
            try:
                publish(settings, second)  # the wire goes on
                time.sleep(10)
                assert_alive(supervisor.children)
            finally:
                pg_ctl("start")
            started_at, started = time.time(), time.monotonic()
            assert wait_until(pg_up, 60)
            arrived = assert_archived_exactly_once(settings, want, timeout=150)
            assert_alive(supervisor.children)
            archive = supervisor.children[1]
        assert archive.log_path is not None
        paused = [line for line in log_lines(archive.log_path)
                  if line.get("event") == "archive.store_unavailable"
                  and stopped_at - 1 <= logged_at(line) <= started_at + 10]
        assert paused and all(line["level"] == "warning" for line in paused), \
            "the archive did not say it paused"
        print(f"{len(want)} statements, {at_stop} archived when PostgreSQL stopped for "
              f"{started_at - stopped_at:.0f}s; {len(paused)} retries logged; all archived "
              f"{arrived - started:.0f}s after it started again")
    finally:
        if not pg_up():
            pg_ctl("start")
            wait_until(pg_up, 60)
        drop_schema(url)
