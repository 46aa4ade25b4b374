"""Topic names, partitions and configs, in one place, and their provisioning.

Every topic quotewire reads or writes is listed by ``catalogue``: the event topics
(articles, statements, statement batches, alerts, dead letters), the compacted state
topics (ingest state) and the changelog topics Faust keeps for its tables. Keys:
articles, statements and statement batches are keyed by article_id so that all events of
one article stay in order on one partition while consumers scale by partition;
alerts are keyed by subscription_id so one subscription's deliveries are ordered
(and rate-limited) on one partition.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

import structlog
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError

from .settings import Settings

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Names:
    """The names of quotewire's topics and consumer groups under one prefix."""

    prefix: str

    @property
    def articles(self) -> str:
        return f"{self.prefix}.articles"

    @property
    def statements(self) -> str:
        return f"{self.prefix}.statements"

    @property
    def batches(self) -> str:
        """All the statement events of one article in one record (``statement-batch.v1``): what the alerts and
        archive roles read."""
        return f"{self.prefix}.statement-batches"

    @property
    def alerts(self) -> str:
        return f"{self.prefix}.alerts"

    @property
    def deadletter(self) -> str:
        return f"{self.prefix}.deadletter"

    @property
    def ingest_state(self) -> str:
        return f"{self.prefix}.ingest-state"

    def group(self, role: str) -> str:
        """Consumer group (= Faust app id) of a worker role."""
        return f"{self.prefix}-{role}"

    def changelog(self, role: str, table: str) -> str:
        """Faust's changelog topic name for ``table`` of the app of ``role``."""
        return f"{self.group(role)}-{table}-changelog"


# Faust tables: (role, table name, global?). Global tables have one partition.
TABLES: tuple[tuple[str, str, bool], ...] = (
    ("pipeline", "speakers", True),
    ("alerts", "matched", False),
    ("alerts", "delivered", False),
)


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str] = field(default_factory=dict)

    @property
    def compacted(self) -> bool:
        return self.configs.get("cleanup.policy") == "compact"


def names(settings: Settings) -> Names:
    return Names(settings.topic_prefix)


def catalogue(settings: Settings) -> list[TopicSpec]:
    """Every topic with the partitions, replication and configs it should have."""
    n = names(settings)
    rf = settings.replication_factor
    p = settings.partitions
    retention = {"cleanup.policy": "delete", "retention.ms": str(settings.retention_hours * 3600 * 1000)}
    compact = {"cleanup.policy": "compact"}
    specs = [
        TopicSpec(n.articles, p, rf, retention),
        TopicSpec(n.statements, p, rf, retention),
        TopicSpec(n.batches, p, rf, retention),
        TopicSpec(n.alerts, p, rf, retention),
        TopicSpec(n.deadletter, p, rf, retention),
        TopicSpec(n.ingest_state, p, rf, compact),
    ]
    for role, table, is_global in TABLES:
        specs.append(TopicSpec(n.changelog(role, table), 1 if is_global else p, rf, compact))
    return specs


def admin_client(settings: Settings) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.topic_prefix}-admin",
        **settings.kafka_client_options(),
    )


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def create(settings: Settings, specs: Iterable[TopicSpec] | None = None) -> Report:
    """Create every missing topic with its configs. Idempotent: existing topics are left as they are."""
    specs = list(specs or catalogue(settings))
    report = Report()
    admin = admin_client(settings)
    await admin.start()
    try:
        present = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in present]
        report.existing = [s.name for s in specs if s.name in present]
        for spec in missing:
            try:
                await admin.create_topics(
                    [NewTopic(spec.name, spec.partitions, spec.replication_factor, topic_configs=spec.configs)]
                )
                report.created.append(spec.name)
                log.info("topic.created", topic=spec.name, partitions=spec.partitions, configs=spec.configs)
            except TopicAlreadyExistsError:
                report.existing.append(spec.name)
    finally:
        await admin.close()
    if report.created:
        await asyncio.sleep(0.1)  # let metadata settle before clients ask for it
    return report


async def check(settings: Settings, specs: Iterable[TopicSpec] | None = None) -> Report:
    """Compare the broker's topics with the catalogue; every difference is a problem line."""
    specs = list(specs or catalogue(settings))
    report = Report()
    admin = admin_client(settings)
    await admin.start()
    try:
        present = set(await admin.list_topics())
        there = [s for s in specs if s.name in present]
        for spec in specs:
            if spec.name not in present:
                report.problems.append(f"{spec.name}: missing")
        if not there:
            return report
        described = await admin.describe_topics([s.name for s in there])
        partitions = {d["topic"]: len(d["partitions"]) for d in described}
        configs = await _describe_configs(admin, [s.name for s in there])
        for spec in there:
            report.existing.append(spec.name)
            got = partitions.get(spec.name)
            if got != spec.partitions:
                report.problems.append(f"{spec.name}: {got} partitions, expected {spec.partitions}")
            for key, want in spec.configs.items():
                have = configs.get(spec.name, {}).get(key)
                if have is not None and have != want:
                    report.problems.append(f"{spec.name}: {key}={have}, expected {want}")
                elif have is None and key == "cleanup.policy" and want == "compact":
                    report.problems.append(f"{spec.name}: not compacted")
    finally:
        await admin.close()
    return report


async def _describe_configs(admin: AIOKafkaAdminClient, topics: list[str]) -> dict[str, dict[str, str]]:
    responses = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, t) for t in topics])
    out: dict[str, dict[str, str]] = {}
    for response in responses:
        for resource in response.resources:
            _code, _msg, _rtype, name, entries = resource[:5]
            out[name] = {entry[0]: entry[1] for entry in entries}
    return out


async def topic_partitions(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    """The partitions of ``topic`` (empty when it does not exist), refreshing metadata once if unknown:
    a consumer's metadata does not yet know topics created after it started."""
    parts = consumer.partitions_for_topic(topic)
    if not parts:
        await consumer._client.force_metadata_update()
        parts = consumer.partitions_for_topic(topic)
    return [TopicPartition(topic, p) for p in sorted(parts or ())]
