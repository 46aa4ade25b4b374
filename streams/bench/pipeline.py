"""``quotewire bench pipeline`` and ``bench alerts``: the whole path on the embedded broker, measured.

A run starts a fresh broker, K pipeline workers plus the alert and archive
workers as separate processes, publishes N articles (the corpus cycled under
fresh ids) as fast as the broker takes them or at a fixed rate, and measures:

* throughput: articles/s and statements/s from the first publish until every
  statement is on the statements topic, in the archive, and every alert reached
  the webhook receiver on loopback;
* latency from publishing an article to its statements (statements topic), to
  its alerts (webhook receiver) and to the archive (the archive worker's
  histogram; quantiles interpolated within buckets, as Prometheus does);
* the baseline: a bare aiokafka produce → consume of the same number of
  messages of the same size on the same broker. quotewire's articles/s divided
  by the bare messages/s is the figure to push up.
"""
from __future__ import annotations

import asyncio
import os
import re
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiokafka import AIOKafkaConsumer, TopicPartition

from .. import events
from ..alerts import SubscriptionSet
from ..broker import EmbeddedBroker, free_port_block
from ..contracts import ArticleEvent
from ..pipeline import Pipeline
from ..publish import producer
from ..settings import Settings
from ..topics import names
from ..worker import Supervisor, _ensure_topics
from .corpus import article_stream, percentile, texts
from .receiver import WebhookReceiver

BENCH_SECRET = "bench-secret"
# A monitoring-style subscription: ~3% of the train corpus's statements, ~0.4 alerts an article.
BENCH_QUERY = "email* OR Russia* OR Putin OR tax*"
IDLE_SECONDS = 5.0
"""How long the processes idle, ready, before a run publishes: their CPU then is the cost of waiting."""


@dataclass
class Latency:
    p50: float
    p95: float
    p99: float
    count: int

    @classmethod
    def of(cls, values: list[float]) -> Latency:
        return cls(percentile(values, 50), percentile(values, 95), percentile(values, 99), len(values))

    def ms(self) -> str:
        return f"{self.p50 * 1000:7.0f} {self.p95 * 1000:7.0f} {self.p99 * 1000:7.0f}"


@dataclass
class RunResult:
    workers: int
    articles: int
    statements: int
    alerts: int
    seconds: float
    rate: float | None
    to_statements: Latency
    to_alert: Latency
    to_archive: Latency
    rss_mb: dict[str, float] = field(default_factory=dict)
    rss_timeline: list[tuple[float, dict[str, float]]] = field(default_factory=list)
    cpu_s: dict[str, float] = field(default_factory=dict)
    idle_cpu_s: dict[str, float] = field(default_factory=dict)
    """CPU seconds of each process over IDLE_SECONDS before the first article was published."""

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds

    @property
    def statements_per_s(self) -> float:
        return self.statements / self.seconds


@dataclass
class BareResult:
    messages: int
    bytes_each: int
    seconds: float

    @property
    def per_s(self) -> float:
        return self.messages / self.seconds


def _expectations(folder: Path, subscriptions: Path) -> dict[str, tuple[int, int]]:
    """Statements and alerts each corpus text gives (computed here with the same code as the workers)."""
    subs = SubscriptionSet(subscriptions)
    pipeline = Pipeline.from_settings(Settings())
    out = {}
    for stem, body in texts(folder):
        article: ArticleEvent = {"schema": events.ARTICLE, "article_id": stem, "body": body, "revision": 1}
        found = pipeline.process(article)
        out[stem] = (len(found), sum(len(subs.match(st)) for st in found))
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _cpu_s(pid: int | None) -> float:
    """User + system CPU seconds a process has used so far (where the run's time goes)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def _per_worker(supervisor: Supervisor, reading: Callable[[int], float]) -> dict[str, float]:
    """One reading (RSS, CPU seconds) of every worker process, named role#index."""
    return {f"{c.role}#{i}": reading(c.proc.pid) for i, c in enumerate(supervisor.children) if c.proc}


def _cpu_of_run(supervisor: Supervisor, broker: EmbeddedBroker) -> dict[str, float]:
    """CPU seconds used so far by every worker, the broker and this process (the bench client)."""
    return {**_per_worker(supervisor, _cpu_s), "broker": _cpu_s(broker.pid), "bench client": time.process_time()}


def _histogram_quantiles(text: str, name: str, label: str, qs: tuple[float, ...]) -> tuple[list[float], int]:
    """Quantiles of a Prometheus histogram from its exposition text (linear within a bucket)."""
    buckets: list[tuple[float, float]] = []
    pattern = re.compile(rf'^{name}_bucket\{{le="([^"]+)",{label}\}} ([0-9.e+]+)$')
    for line in text.splitlines():
        m = pattern.match(line)
        if m:
            le = float("inf") if m.group(1) == "+Inf" else float(m.group(1))
            buckets.append((le, float(m.group(2))))
    buckets.sort()
    total = buckets[-1][1] if buckets else 0
    out = []
    for q in qs:
        target = q * total
        prev_le, prev_count = 0.0, 0.0
        value = float("nan")
        for le, count in buckets:
            if count >= target:
                if le == float("inf"):
                    value = prev_le
                else:
                    span = count - prev_count
                    value = prev_le + (le - prev_le) * ((target - prev_count) / span if span else 0)
                break
            prev_le, prev_count = le, count
        out.append(value)
    return out, int(total)


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        return response.read().decode()


def _ready(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
        return bool(response.status == 200)


async def _wait_ready(ports: list[int], timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    pending = set(ports)
    while pending and time.monotonic() < deadline:
        for port in list(pending):
            try:
                if await asyncio.to_thread(_ready, port):
                    pending.discard(port)
            except OSError:
                pass
        await asyncio.sleep(0.3)
    if pending:
        raise RuntimeError(f"workers on ports {sorted(pending)} did not become ready")


async def run_pipeline(broker: EmbeddedBroker, folder: Path, n: int, workers: int, *, rate: float | None,
                       work_dir: Path, timeout: float = 600.0, rss_every: float = 10.0,
                       log: Callable[[str], None] = print) -> RunResult:
    """One measured run with ``workers`` pipeline processes (plus one alerts and one archive worker)."""
    run = uuid.uuid4().hex[:8]
    receiver = await WebhookReceiver(secret=BENCH_SECRET).start()
    subs_file = work_dir / f"subs-{run}.yaml"
    subs_file.write_text(
        "subscriptions:\n"
        f"  - id: bench\n    query: '{BENCH_QUERY}'\n"
        f"    targets:\n      - webhook: {{url: '{receiver.url}', secret_env: QW_BENCH_SECRET}}\n"
    )
    settings = Settings(broker=broker.url, topic_prefix=f"bench{run}", partitions=4, data_dir=work_dir / run,
                        session_timeout=4.0, rebalance_timeout=8.0, web_port=free_port_block(workers + 2),
                        subscriptions_file=subs_file, log_level="warning", log_format="json",
                        allow_private_destinations=True)  # the bench's webhook receiver is on loopback
    n_ = names(settings)
    expect = _expectations(folder, subs_file)
    cycle_stems = [stem for stem, _ in texts(folder)]
    stems = [cycle_stems[i % len(cycle_stems)] for i in range(n)]
    want_statements = sum(expect[s][0] for s in stems)
    want_alerts = sum(expect[s][1] for s in stems)

    await _ensure_topics(settings)
    env = {f"QUOTEWIRE_{k.upper()}": str(v) for k, v in settings.model_dump().items() if v is not None}
    env["QW_BENCH_SECRET"] = BENCH_SECRET
    roles = ["pipeline"] * workers + ["alerts", "archive"]
    supervisor = Supervisor(roles, settings, log_dir=work_dir / run / "logs", extra_env=env)  # type: ignore[arg-type]
    supervisor.start()
    ports = [settings.web_port + i for i in range(len(roles))]
    published: dict[str, float] = {}
    statement_latency: dict[str, float] = {}
    seen_statements = 0
    try:
        await _wait_ready(ports)
        consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                                    max_poll_records=5000, fetch_max_wait_ms=settings.fetch_max_wait_ms)
        await consumer.start()
        tps = [TopicPartition(n_.statements, p) for p in range(settings.partitions)]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)

        async def follow() -> None:
            nonlocal seen_statements
            while seen_statements < want_statements:
                batch = await consumer.getmany(timeout_ms=100)
                now = time.time()
                for records in batch.values():
                    for record in records:
                        seen_statements += 1
                        article_id = record.key.decode() if record.key else ""
                        statement_latency[article_id] = now - published.get(article_id, now)

        follower = asyncio.create_task(follow())
        timeline: list[tuple[float, dict[str, float]]] = []

        async def sample_memory() -> None:
            t0 = time.time()
            while True:
                timeline.append((time.time() - t0, _per_worker(supervisor, _rss_mb)))
                await asyncio.sleep(rss_every)

        prod = producer(settings)
        await prod.start()
        idle_before = _cpu_of_run(supervisor, broker)
        await asyncio.sleep(IDLE_SECONDS)  # what the processes cost with nothing to do
        sampler = asyncio.create_task(sample_memory())  # memory from the run's start, as the soak's warm-up counts
        cpu_before = _cpu_of_run(supervisor, broker)
        idle = {k: v - idle_before.get(k, 0.0) for k, v in cpu_before.items()}
        started = time.time()
        futures = []
        interval = 1.0 / rate if rate else 0.0
        for i, article in enumerate(article_stream(folder, n, run=run)):
            if rate:
                delay = started + i * interval - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
            published[article["article_id"]] = time.time()
            futures.append(await prod.send(n_.articles, events.dumps(article),
                                           key=article["article_id"].encode()))
            if len(futures) >= 1000:
                await asyncio.gather(*futures)
                futures.clear()
        await asyncio.gather(*futures)
        await prod.stop()
        log(f"  published {n} articles in {time.time() - started:.1f}s; "
            f"waiting for {want_statements} statements, {want_alerts} alerts")
        deadline = time.monotonic() + timeout
        await asyncio.wait_for(follower, timeout)
        await consumer.stop()
        # polls what the webhook receiver has accepted so far: it sets no event to wait on
        while len({d.alert_id for d in receiver.accepted}) < want_alerts and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        archive_port = ports[-1]
        archived = 0
        while time.monotonic() < deadline:
            quantiles, archived = _histogram_quantiles(_scrape(archive_port), "quotewire_end_to_end_seconds",
                                                       'target="archive"', (0.5, 0.95, 0.99))
            if archived >= want_statements:
                break
            await asyncio.sleep(0.05)
        finished = time.time()
        rss = _per_worker(supervisor, _rss_mb)
        cpu = {k: v - cpu_before.get(k, 0.0) for k, v in _cpu_of_run(supervisor, broker).items()}
        sampler.cancel()
    finally:
        supervisor.stop(timeout=30)
        await receiver.stop()
    alert_latency = []
    for d in receiver.accepted:
        article_id = d.alert.get("statement", {}).get("article_id", "")
        if article_id in published:
            alert_latency.append(d.received - published[article_id])
    p50, p95, p99 = quantiles
    archive_latency = Latency(p50, p95, p99, count=archived)
    return RunResult(
        workers=workers, articles=n, statements=seen_statements, alerts=len(receiver.accepted),
        seconds=finished - started, rate=rate, to_statements=Latency.of(list(statement_latency.values())),
        to_alert=Latency.of(alert_latency), to_archive=archive_latency, rss_mb=rss, rss_timeline=timeline, cpu_s=cpu,
        idle_cpu_s=idle,
    )


async def run_bare(broker: EmbeddedBroker, n: int, size: int) -> BareResult:
    """Bare aiokafka: produce ``n`` messages of ``size`` bytes and consume them all, same broker."""
    topic = f"bare-{uuid.uuid4().hex[:8]}"
    settings = Settings(broker=broker.url)
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic

    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    await admin.create_topics([NewTopic(topic, 4, 1)])
    await admin.close()
    payload = os.urandom(size // 2).hex().encode()[:size]
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                                max_poll_records=5000, fetch_max_wait_ms=settings.fetch_max_wait_ms)
    await consumer.start()
    tps = [TopicPartition(topic, p) for p in range(4)]
    consumer.assign(tps)
    await consumer.seek_to_beginning(*tps)
    got = 0

    async def drain() -> None:
        nonlocal got
        while got < n:
            batch = await consumer.getmany(timeout_ms=100)
            got += sum(len(r) for r in batch.values())

    task = asyncio.create_task(drain())
    prod = producer(settings)
    await prod.start()
    started = time.time()
    futures = []
    for i in range(n):
        futures.append(await prod.send(topic, payload, key=str(i).encode()))
        if len(futures) >= 1000:
            await asyncio.gather(*futures)
            futures.clear()
    await asyncio.gather(*futures)
    await asyncio.wait_for(task, 300)
    seconds = time.time() - started
    await prod.stop()
    await consumer.stop()
    return BareResult(n, size, seconds)


def format_runs(runs: list[RunResult], bare: BareResult | None) -> str:
    head = (f"{'workers':>7} {'rate':>6} {'articles':>8} {'stmts':>7} {'alerts':>6} {'secs':>6} {'art/s':>7} "
            f"{'stmt/s':>7} {'ratio':>6} | publish→statement ms p50 p95 p99 | →alert p50 p95 p99 | "
            f"→archive p50 p95 p99")
    lines = [head]
    for r in runs:
        ratio = f"{r.articles_per_s / bare.per_s:6.3f}" if bare else "     -"
        lines.append(
            f"{r.workers:>7} {('max' if r.rate is None else f'{r.rate:.0f}'):>6} {r.articles:>8} "
            f"{r.statements:>7} {r.alerts:>6} {r.seconds:>6.1f} {r.articles_per_s:>7.1f} {r.statements_per_s:>7.0f} "
            f"{ratio} | {r.to_statements.ms()} | {r.to_alert.ms()} | {r.to_archive.ms()}"
        )
    if bare:
        lines.append(f"bare aiokafka produce→consume: {bare.messages} messages of {bare.bytes_each} bytes in "
                     f"{bare.seconds:.1f}s = {bare.per_s:.0f} messages/s (ratio = quotewire art/s ÷ this)")
    for r in runs:
        if r.rss_mb:
            lines.append(f"RSS after the {r.workers}-worker run (MB): "
                         + ", ".join(f"{k} {v:.0f}" for k, v in r.rss_mb.items()))
        if r.cpu_s:
            lines.append(f"CPU seconds of the {r.workers}-worker run ({r.seconds:.1f} s on {os.cpu_count()} cores): "
                         + ", ".join(f"{k} {v:.1f}" for k, v in r.cpu_s.items())
                         + f"; {1000 * sum(r.cpu_s.values()) / r.articles:.1f} ms per article in all, "
                         + f"{1000 * _system_cpu_s(r.cpu_s) / r.articles:.1f} without the bench client")
        if r.idle_cpu_s:
            lines.append(f"Idle CPU before the {r.workers}-worker run (% of a core over {IDLE_SECONDS:.0f} s): "
                         + ", ".join(f"{k} {100 * v / IDLE_SECONDS:.1f}" for k, v in r.idle_cpu_s.items()
                                     if k != "bench client"))
    return "\n".join(lines)


def _system_cpu_s(cpu_s: dict[str, float]) -> float:
    """CPU seconds of quotewire's own processes, the workers and the broker (issue 17's target counts these): the
    bench client publishes the articles and reads the statements topic as an outside consumer would."""
    return sum(v for k, v in cpu_s.items() if k != "bench client")


async def bench_pipeline(folder: Path, n: int, worker_counts: list[int], *, rate: float | None,
                         log: Callable[[str], None] = print) -> tuple[list[RunResult], BareResult]:
    """Runs for each worker count, then the bare-client baseline, all on one fresh embedded broker."""
    bodies = [body for _, body in texts(folder)]
    mean_size = int(sum(len(events.dumps({"article_id": "x" * 40, "body": b})) for b in bodies) / len(bodies))
    runs = []
    with tempfile.TemporaryDirectory(prefix="qw-bench-") as tmp, EmbeddedBroker() as broker:
        for workers in worker_counts:
            log(f"run: {workers} pipeline worker(s), {n} articles, rate {rate or 'max'}")
            runs.append(await run_pipeline(broker, folder, n, workers, rate=rate, work_dir=Path(tmp), log=log))
        log(f"baseline: bare aiokafka, {n} messages of {mean_size} bytes")
        bare = await run_bare(broker, n, mean_size)
    return runs, bare


def format_soak(result: RunResult, warmup: float) -> str:
    """Memory of each worker over a soak: after the warm-up, at the end, and the growth in between."""
    lines = [f"soak: {result.articles} articles at {result.rate:g}/s over {result.seconds / 60:.1f} min; "
             f"RSS (MB) of each worker, sampled every few seconds"]
    after = [(t, m) for t, m in result.rss_timeline if t >= warmup] or result.rss_timeline
    if not after:
        return lines[0] + "\n(no samples)"
    first, last = after[0][1], after[-1][1]
    for name in first:
        peak = max(m.get(name, 0.0) for _, m in after)
        growth = (last.get(name, 0.0) - first[name]) / first[name] * 100 if first[name] else float("nan")
        lines.append(f"  {name:12} at {after[0][0]:5.0f}s {first[name]:7.1f}   end {last.get(name, 0.0):7.1f}   "
                     f"peak {peak:7.1f}   growth {growth:+5.1f}%")
    return "\n".join(lines)
