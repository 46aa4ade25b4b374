"""One typed settings object, read from ``QUOTEWIRE_*`` environment variables.

Every process (worker roles, ingest, CLI tools) builds its configuration from
here and nowhere else, so the README's configuration table and the code cannot
drift apart: ``quotewire config`` prints exactly what this object holds.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

CONFIG_ERROR_EXIT = 78  # EX_CONFIG (sysexits.h): a bad QUOTEWIRE_* value or a port already in use
MAX_TOPIC_NAME = 249  # Kafka's limit on a topic name
# The longest name quotewire derives from the prefix (streams/topics.py): "<prefix>-pipeline-speakers-changelog".
LONGEST_TOPIC_SUFFIX = len("-pipeline-speakers-changelog")
WORKER_ROLES = 3  # roles a supervisor numbers web ports for: web_port .. web_port + 2
_TOPIC_CHARS = re.compile(r"[A-Za-z0-9._-]+")
_SERVER = re.compile(r"(?:kafka://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})/?")


class Settings(BaseSettings):
    """quotewire's configuration; each field is ``QUOTEWIRE_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="QUOTEWIRE_", extra="ignore", validate_default=True,
                                      allow_inf_nan=False)

    # --- broker -----------------------------------------------------------------------
    broker: str | None = Field(
        None,
        description="Kafka bootstrap servers, e.g. kafka://k1:9092,k2:9092. Unset: start the embedded Tansu broker.",
    )
    embedded_port: int = Field(0, ge=0, le=65535, description="Port of the embedded broker (0: a free loopback port).")
    topic_prefix: str = Field("quotewire", description="Prefix of every topic and consumer group name.")
    partitions: int = Field(4, ge=1, le=10_000, description="Partitions of the articles and statements topics.")
    replication_factor: int = Field(1, ge=1, le=100, description="Replication factor of created topics.")
    retention_hours: int = Field(
        24 * 7, ge=1, le=24 * 365 * 100,
        description="Retention of the event topics (not of compacted ones).",
    )
    session_timeout: float = Field(
        10.0,
        gt=0,
        le=3600,
        description="Consumer group session timeout, seconds. Tansu holds a group join for about half of it.",
    )
    rebalance_timeout: float = Field(20.0, gt=0, le=3600, description="Consumer group rebalance timeout, seconds.")
    commit_interval: float = Field(
        1.0, gt=0, le=3600,
        description="How often workers commit processed offsets, seconds.",
    )
    fetch_max_wait_ms: int = Field(
        50,
        ge=1,
        le=30_000,
        description="Longest a worker's fetch waits for new records, ms (Faust's own is 1500). Each hop's latency "
        "on the embedded broker: Tansu answers a fetch only when the wait ends.",
    )
    changelog_consistency_check: bool = Field(
        False,
        description="Faust's check, when a table recovers, that its changelog is not shorter than what was "
        "written. Turn it on with Apache Kafka; the embedded broker reports end offsets a few records late, "
        "which the check takes for data loss.",
    )
    shutdown_timeout: float = Field(
        30.0, gt=0, le=3600, description="SIGTERM: time to finish in-flight events and leave the group, seconds."
    )

    # --- security (Kafka and PostgreSQL) ---------------------------------------------------
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT", description="How clients talk to Kafka: TLS (SSL), SASL, or both (SASL_SSL)."
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(
        None, description="SASL mechanism, e.g. SCRAM-SHA-512."
    )
    kafka_sasl_username: str | None = Field(None, description="SASL user.")
    kafka_sasl_password: SecretStr | None = Field(None, description="SASL password (masked in output).")
    kafka_ssl_cafile: Path | None = Field(None, description="CA bundle that signed the brokers' certificates.")
    kafka_ssl_certfile: Path | None = Field(None, description="Client certificate, for mutual TLS.")
    kafka_ssl_keyfile: Path | None = Field(None, description="Client key, for mutual TLS.")

    # --- storage --------------------------------------------------------------------------
    data_dir: Path = Field(Path("quotewire-data"), description="Where the SQLite archive and worker state live.")
    archive: str | None = Field(
        None,
        description="Archive store: postgresql://user@host/db or sqlite:///path. Unset: SQLite in the data dir.",
    )
    archive_batch_size: int = Field(
        50, ge=1, le=1_000_000,
        description="Articles per archive write batch (statement-batch records, each with all its statements).")
    archive_batch_seconds: float = Field(0.5, gt=0, le=3600, description="Longest wait to fill an archive batch.")

    # --- input ----------------------------------------------------------------------------
    max_body_chars: int = Field(
        1_000_000,
        ge=1,
        le=1_000_000_000,
        description="Articles with a longer body go to the dead-letter topic. Whatever this says, an article "
        "must also fit the broker's 1,000,000-byte record once encoded (ingest and publish refuse it otherwise).",
    )

    # --- enrichment -------------------------------------------------------------------------
    registry_file: Path | None = Field(None, description="Curated speaker registry (YAML or CSV).")
    kb_file: Path | None = Field(
        None, description="Speaker KB file (quotewire kb build). Unset: the KB shipped in the package."
    )
    kb_link: bool = Field(True, description="Link speakers to the speaker KB (ids, aliases, offices as of the date).")
    kb_threshold: float = Field(
        0.7, ge=0, le=1, description="Lowest link confidence that links a speaker to a KB entity."
    )

    # --- alerting ---------------------------------------------------------------------------
    subscriptions_file: Path | None = Field(None, description="Subscriptions YAML, reloaded when it changes.")
    webhook_max_attempts: int = Field(
        12, ge=1, le=1000,
        description="Webhook tries before the alert is dead-lettered (defaults: spread over 90-180 s)."
    )
    webhook_timeout: float = Field(5.0, gt=0, le=3600, description="Seconds to wait for a webhook response.")
    webhook_backoff_base: float = Field(
        0.5, gt=0, le=3600,
        description="First retry delay; doubles each try, with jitter.",
    )
    webhook_backoff_max: float = Field(30.0, gt=0, le=86_400, description="Longest delay between webhook tries.")
    alert_target_backlog: int = Field(
        1000, ge=1, le=10_000_000,
        description="Alerts one target may hold, waiting or retrying. When full, the worker waits while the "
        "target answers, and dead-letters further alerts (backlog_full) once its last try failed.")

    # --- ingest -----------------------------------------------------------------------------
    sources_file: Path | None = Field(None, description="Ingest sources YAML (feeds, NDJSON files, push).")
    push_token: SecretStr | None = Field(None, description="Bearer token the POST /articles endpoint requires.")
    push_host: str = Field("127.0.0.1", description="Bind address of ingest's HTTP endpoint.")
    push_port: int = Field(
        8080, ge=1, le=65535,
        description="Port of ingest's HTTP endpoint (POST /articles, /status, /metrics).",
    )
    push_header_timeout: float = Field(
        10.0, gt=0, le=3600, description="POST /articles: longest wait for a request's headers, seconds."
    )
    push_body_timeout: float = Field(
        60.0, gt=0, le=3600, description="POST /articles: longest wait for a request's whole body, seconds."
    )
    allow_private_destinations: bool = Field(
        False,
        description="Let feed polls, article pages and webhooks reach loopback, private and link-local "
        "addresses (refused by default, after DNS and on every redirect). The tests turn it on for loopback.",
    )

    # --- operations ---------------------------------------------------------------------------
    web_host: str = Field("127.0.0.1", description="Bind address of each worker's metrics/health endpoint.")
    web_port: int = Field(
        6066, ge=1, le=65536 - WORKER_ROLES,
        description="Port of the first worker role's metrics/health endpoint; further roles count up."
    )
    log_format: Literal["auto", "json", "console"] = Field(
        "auto", description="auto: readable on a terminal, JSON lines otherwise."
    )
    log_level: Literal["debug", "info", "warning", "error"] = Field("info", description="Log level.")

    @field_validator("broker")
    @classmethod
    def _broker_list(cls, value: str | None) -> str | None:
        value = value.strip() or None if value is not None else None
        if value is None:
            return None
        for part in value.replace(";", ",").split(","):
            match = _SERVER.fullmatch(part.strip())
            if part.strip() and (match is None or not 1 <= int(match.group(2)) <= 65535):
                raise ValueError(f"{part.strip()!r} is not host:port (a list like kafka://k1:9092,k2:9092)")
        return value

    @field_validator("topic_prefix")
    @classmethod
    def _legal_topic_prefix(cls, value: str) -> str:
        if not _TOPIC_CHARS.fullmatch(value):
            raise ValueError("Kafka topic names allow only letters, digits, '.', '_' and '-'")
        longest = MAX_TOPIC_NAME - LONGEST_TOPIC_SUFFIX
        if len(value) > longest:
            raise ValueError(f"at most {longest} characters (topic names are limited to {MAX_TOPIC_NAME})")
        return value

    # --- derived --------------------------------------------------------------------------
    @property
    def embedded(self) -> bool:
        """True when no broker is configured and quotewire runs its own."""
        return self.broker is None

    @property
    def bootstrap_servers(self) -> list[str]:
        """``host:port`` entries of the configured broker list (``kafka://`` scheme optional)."""
        if self.broker is None:
            raise RuntimeError("no broker configured: start the embedded broker first")
        servers = []
        for part in self.broker.replace(";", ",").split(","):
            part = part.strip()
            if part.startswith("kafka://"):
                part = part[len("kafka://"):]
            if part:
                servers.append(part.rstrip("/"))
        return servers

    @property
    def archive_url(self) -> str:
        """The archive store URL, defaulting to a SQLite file in the data directory."""
        return self.archive or f"sqlite:///{(self.data_dir / 'archive.sqlite3').resolve()}"

    def kafka_client_options(self) -> dict[str, object]:
        """Security options in aiokafka's keyword form, shared by every Kafka client we build."""
        options: dict[str, object] = {"security_protocol": self.kafka_security_protocol}
        if self.kafka_sasl_mechanism:
            options["sasl_mechanism"] = self.kafka_sasl_mechanism
            options["sasl_plain_username"] = self.kafka_sasl_username
            options["sasl_plain_password"] = (
                self.kafka_sasl_password.get_secret_value() if self.kafka_sasl_password else None
            )
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            from aiokafka.helpers import create_ssl_context

            options["ssl_context"] = create_ssl_context(
                cafile=str(self.kafka_ssl_cafile) if self.kafka_ssl_cafile else None,
                certfile=str(self.kafka_ssl_certfile) if self.kafka_ssl_certfile else None,
                keyfile=str(self.kafka_ssl_keyfile) if self.kafka_ssl_keyfile else None,
            )
        return options


def describe_errors(exc: ValidationError) -> list[str]:
    """One line per invalid value, named by its ``QUOTEWIRE_*`` variable (no pydantic field names or URLs);
    secrets are not echoed."""
    lines = []
    for error in exc.errors(include_url=False):
        field = str(error["loc"][0]) if error.get("loc") else ""
        variable = f"QUOTEWIRE_{field.upper()}" if field else "QUOTEWIRE_*"
        secret = "password" in field or "token" in field
        given = "" if secret or "input" not in error or isinstance(error["input"], dict) \
            else f"={str(error['input'])[:60]!r}"
        message = str(error["msg"]).removeprefix("Value error, ").replace("Input should be", "should be")
        lines.append(f"{variable}{given}: {message}")
    return lines


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
