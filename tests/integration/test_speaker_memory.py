"""Speaker memory on the real broker: a role learnt from one article is known in the next, across restarts."""
from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest

from streams.broker import EmbeddedBroker
from streams.topics import names

from .conftest import decoded, make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker

FIRST = {
    "article_id": "mem-1", "published_at": "2024-10-30T12:00:00Z",
    "body": '"We stand with our allies," US Defense Secretary Lloyd Austin said on Wednesday.',
}
SECOND = {
    "article_id": "mem-2", "published_at": "2024-11-02T09:00:00Z",
    "body": 'The talks went on for hours. "There is no decision yet," Austin said.',
}
THIRD = {
    "article_id": "mem-3", "published_at": "2024-11-05T09:00:00Z",
    "body": 'Reporters waited outside. "We will be ready," Austin told them.',
}


def statements_of(settings: Any, article_id: str) -> list[dict[str, Any]]:
    topic = names(settings).statements
    records = read_topic(settings, topic, until=lambda rs: any(e["article_id"] == article_id for e in decoded(rs)),
                         timeout=60)
    return [e for e in decoded(records) if e["article_id"] == article_id]


def test_role_from_memory_in_a_later_article_and_after_a_restart(broker: EmbeddedBroker, tmp_path: Path) -> None:
    settings = make_settings(broker, tmp_path / "data")
    with running_workers(settings, ["pipeline"], tmp_path / "logs") as supervisor:
        publish(settings, [FIRST])
        (first,) = statements_of(settings, "mem-1")
        assert first["speaker"]["title"] == "Defense Secretary" and first["speaker"]["role_source"] == "article"

        publish(settings, [SECOND])
        (second,) = statements_of(settings, "mem-2")
        assert second["speaker"]["mention"]["text"] == "Austin"
        assert second["speaker"]["name"] == "Lloyd Austin"
        assert second["speaker"]["title"] == "Defense Secretary"
        assert second["speaker"]["country"] == "United States"
        assert second["speaker"]["role_source"] == "memory"
        assert second["speaker"]["speaker_id"] == first["speaker"]["speaker_id"]

        # Restart the worker: the memory comes back from its changelog topic.
        child = supervisor.children[0]
        assert child.proc is not None
        child.proc.send_signal(signal.SIGTERM)
        assert child.proc.wait(60) == 0
        child.close_log()
        child.start()
        publish(settings, [THIRD])
        (third,) = statements_of(settings, "mem-3")
        assert third["speaker"]["name"] == "Lloyd Austin"
        assert third["speaker"]["title"] == "Defense Secretary"
        assert third["speaker"]["role_source"] == "memory"
