"""Prometheus metrics every worker exposes on ``GET /metrics``.

Names follow Prometheus conventions (``_total`` counters, ``_seconds`` histograms)
and carry few labels (topic, stage, sink, outcome) so cardinality stays bounded.
Consumer lag per partition is refreshed by the worker from its consumer's view.
"""
from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

REGISTRY = CollectorRegistry(auto_describe=True)

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

EVENTS_IN = Counter(
    "quotewire_events_in_total", "Events consumed, by topic.", ["topic"], registry=REGISTRY
)
EVENTS_OUT = Counter(
    "quotewire_events_out_total", "Events produced, by topic.", ["topic"], registry=REGISTRY
)
PROCESSING_SECONDS = Histogram(
    "quotewire_processing_seconds",
    "Time to handle one event (or batch, for the archive), by stage.",
    ["stage"],
    buckets=_LATENCY_BUCKETS,
    registry=REGISTRY,
)
END_TO_END_SECONDS = Histogram(
    "quotewire_end_to_end_seconds",
    "Time from an article's publication on the articles topic to its statement reaching a target.",
    ["target"],
    buckets=(0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0,
             7.5, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0),
    registry=REGISTRY,
)
CONSUMER_LAG = Gauge(
    "quotewire_consumer_lag",
    "Records between the consumer's position and the partition's end.",
    ["topic", "partition"],
    registry=REGISTRY,
)
DEAD_LETTERS = Counter(
    "quotewire_dead_letters_total", "Events sent to the dead-letter topic.", ["stage", "error"], registry=REGISTRY
)
SKIPPED_RECORDS = Counter(
    "quotewire_skipped_records_total", "Times a consumer skipped records and was sought back to them.", ["topic"],
    registry=REGISTRY,
)
STATEMENTS = Counter(
    "quotewire_statements_total", "Statements extracted, by kind.", ["kind"], registry=REGISTRY
)
ALERTS_MATCHED = Counter(
    "quotewire_alerts_matched_total", "Alert events published, by subscription.", ["subscription"],
    registry=REGISTRY,
)
ALERT_DELIVERIES = Counter(
    "quotewire_alert_deliveries_total",
    "Alert deliveries by sink and outcome (delivered, retried, failed, duplicate).",
    ["sink", "outcome"],
    registry=REGISTRY,
)
ARCHIVE_ROWS = Counter(
    "quotewire_archive_rows_total",
    "Archive writes by kind of row and outcome (inserted, updated, superseded).",
    ["table", "outcome"],
    registry=REGISTRY,
)
ARCHIVE_RETRIES = Counter(
    "quotewire_archive_retries_total", "Archive batches retried after the store was unavailable.",
    registry=REGISTRY,
)
SPEAKER_MEMORY = Counter(
    "quotewire_speaker_memory_total",
    "Speaker memory lookups by outcome (hit, miss) and updates.",
    ["outcome"],
    registry=REGISTRY,
)
READY = Gauge("quotewire_ready", "1 when the worker has joined its group and is not rebalancing.",
              registry=REGISTRY)


def exposition() -> tuple[bytes, str]:
    """The current metrics in Prometheus text format, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
