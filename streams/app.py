"""The Faust apps, one per worker role, built from settings.

A role is one consumer group: ``pipeline`` (articles → statements and statement batches),
``alerts`` (match subscriptions, deliver alerts) and ``archive`` (write the store).
Separate groups mean each downstream consumer reads the statements topic at its
own pace, and can be scaled, stopped or replayed without touching the others.
Each app serves ``/healthz``, ``/readyz`` and ``/metrics`` on its web port.
"""
from __future__ import annotations

import ssl
from collections.abc import Mapping
from typing import Any, Literal

import faust
import structlog
from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread
from faust.web import Request, Response, View

from . import drain_eager, metrics, recovery_resume, take_quiet
from .log_end import log_ends
from .partitioner import KeyPartitioner
from .settings import Settings
from .topics import names

Role = Literal["pipeline", "alerts", "archive"]
ROLES: tuple[Role, ...] = ("pipeline", "alerts", "archive")

log = structlog.get_logger(__name__)


def _credentials(settings: Settings) -> Any:
    """Faust broker credentials for SASL/SCRAM and TLS, from settings (None: plaintext)."""
    options = settings.kafka_client_options()
    context: ssl.SSLContext | None = options.get("ssl_context")  # type: ignore[assignment]
    if settings.kafka_sasl_mechanism:
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else None,
            mechanism=settings.kafka_sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


_faust_worker_consumer = AIOKafkaConsumerThread._create_worker_consumer


def _worker_consumer_with_fetch_wait(self: AIOKafkaConsumerThread, transport: Any) -> Any:
    """Faust's worker consumer, with the fetch wait from settings instead of its hard-coded 1500 ms.

    Apache Kafka answers a fetch as soon as a record arrives, so the wait only bounds idle polls; Tansu
    holds every fetch for the whole wait (measured on loopback: 457 ms p50 per hop at 1500 ms, 10 ms at
    50 ms), which made each hop of article → statement → alert cost half a second.
    """
    consumer = _faust_worker_consumer(self, transport)
    wait = getattr(self.app, "quotewire_fetch_max_wait_ms", None)
    if wait is not None:
        consumer._fetch_max_wait_ms = wait  # read by the fetcher when the consumer starts
    return consumer


AIOKafkaConsumerThread._create_worker_consumer = _worker_consumer_with_fetch_wait  # type: ignore[method-assign]

_faust_highwaters = AIOKafkaConsumerThread._highwaters


async def _highwaters_at_log_end(self: AIOKafkaConsumerThread, partitions: list[Any]) -> Mapping[Any, int]:
    """Faust's end offsets for table recovery, raised to the true log end (see :mod:`.log_end`).

    Without it a table recovered on the embedded broker lost the last entries written in one batch.
    """
    reported = await _faust_highwaters(self, partitions)
    settings = getattr(self.app, "quotewire_settings", None)
    if settings is None or self.consumer.in_transaction:
        return reported
    try:
        return await log_ends(settings, reported)
    except Exception as exc:  # noqa: BLE001 - recovery goes on with the broker's own answer
        log.warning("recovery.log_end_unavailable", error=repr(exc))
        return reported


AIOKafkaConsumerThread._highwaters = _highwaters_at_log_end  # type: ignore[method-assign]

recovery_resume.install()  # no records handed to agents while recovery seeks: they were lost (see the module)
drain_eager.install()  # no two tasks and an asyncio.wait per fetched record (see the module)
take_quiet.install()  # no wake-up every `within` while a batch agent's stream is idle (see the module)


def create_app(role: Role, settings: Settings, *, web_port: int | None = None) -> faust.App:
    """A Faust app for ``role`` with its agents registered."""
    n = names(settings)
    app = faust.App(
        n.group(role),
        broker=[f"kafka://{server}" for server in settings.bootstrap_servers],
        broker_credentials=_credentials(settings),
        store="memory://",
        datadir=str(settings.data_dir / "faust" / role),
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        broker_session_timeout=settings.session_timeout,
        broker_rebalance_timeout=settings.rebalance_timeout,
        broker_heartbeat_interval=max(0.5, min(3.0, settings.session_timeout / 5)),
        broker_commit_interval=settings.commit_interval,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        # Batch what agents produce (statements, alerts, table changelogs) into few produce requests: without
        # a linger every send is a request of its own and the broker round trips dominate.
        producer_linger=0.005,
        producer_max_batch_size=256 * 1024,
        producer_partitioner=KeyPartitioner(),  # an article's ~15 records: one murmur2 (see the module)
        broker_max_poll_records=2000,
        stream_wait_empty=True,
        web_enabled=True,
        web_host=settings.web_host,
        web_bind=settings.web_host,
        web_port=web_port if web_port is not None else settings.web_port,
        web_stats_enabled=False,
        web_graph_enabled=False,
        web_tables_enabled=False,
        web_metrics_enabled=False,
        web_router_enabled=False,
        table_cleanup_interval=60.0,
        recovery_consistency_check=settings.changelog_consistency_check,
    )
    app.quotewire_fetch_max_wait_ms = settings.fetch_max_wait_ms  # type: ignore[attr-defined]
    app.quotewire_settings = settings  # type: ignore[attr-defined]
    _add_health_views(app)
    if role == "pipeline":
        from .agents import pipeline

        pipeline.register(app, settings)
    elif role == "alerts":
        from .agents import alerts

        alerts.register(app, settings)
    elif role == "archive":
        from .agents import archive

        archive.register(app, settings)
    else:  # pragma: no cover - click restricts the choice
        raise ValueError(f"unknown role {role!r}")
    return app


def _add_health_views(app: faust.App) -> None:
    """Liveness, readiness and Prometheus endpoints on the app's web server."""
    state = {"ready": False}

    # mode's signal-handler type matches no function, not even one of its exact signature (see agents/skips.py)
    @app.on_partitions_revoked.connect  # type: ignore[arg-type]
    async def _revoked(sender: Any, revoked: Any, **_: Any) -> None:
        state["ready"] = False
        metrics.READY.set(0)

    @app.on_partitions_assigned.connect  # type: ignore[arg-type]  # mode's handler type, as above
    async def _assigned(sender: Any, assigned: Any, **_: Any) -> None:
        state["ready"] = True
        metrics.READY.set(1)

    @app.page("/healthz")
    class Health(View):
        async def get(self, request: Request) -> Response:
            return self.json({"status": "ok", "app": app.conf.id})

    @app.page("/readyz")
    class Ready(View):
        async def get(self, request: Request) -> Response:
            ready = state["ready"] and not app.rebalancing
            assigned: dict[str, list[int]] = {}
            for tp in app.consumer.assignment() if ready else ():
                assigned.setdefault(tp.topic, []).append(tp.partition)
            body = {"ready": ready, "app": app.conf.id, "assigned": {t: sorted(p) for t, p in assigned.items()}}
            return self.json(body, status=200 if ready else 503)

    @app.page("/metrics")
    class Metrics(View):
        async def get(self, request: Request) -> Response:
            body, content_type = metrics.exposition()
            return self.bytes(body, content_type=content_type.split(";")[0])

    @app.timer(5.0)
    async def _refresh_lag() -> None:
        consumer = app.consumer
        for tp in consumer.assignment():
            try:
                position = await consumer.position(tp)
                highwater = consumer.highwater(tp)
            except Exception as exc:  # noqa: BLE001 - the consumer may be mid-rebalance: try next tick
                log.debug("metrics.lag_unavailable", topic=tp.topic, partition=tp.partition, error=repr(exc))
                continue
            if position is not None and highwater is not None and highwater >= 0:
                metrics.CONSUMER_LAG.labels(tp.topic, str(tp.partition)).set(max(0, highwater - position))
