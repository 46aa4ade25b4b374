"""``quotewire broker``: the embedded broker on its own, on a fixed port, until SIGTERM.

Workers pointed at it (QUOTEWIRE_BROKER) can be stopped, killed and restarted while the topics, which
live in the broker's memory, stay; the pipeline's kill test (test_pipeline_kills.py) runs this way.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from streams import events
from streams.broker import answers_kafka, free_port
from streams.publish import publish_records

from .conftest import make_settings, read_topic

pytestmark = pytest.mark.broker


def test_broker_command_serves_a_fixed_port_until_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env["QUOTEWIRE_LOG_FORMAT"] = "json"
    proc = subprocess.Popen([sys.executable, "-m", "streams", "broker", "--port", str(port),
                             "--data-dir", str(tmp_path / "data")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()  # printed once the broker answers
        exited = proc.poll() is not None
        assert url == f"kafka://127.0.0.1:{port}", (url, proc.stderr.read() if exited and proc.stderr else "")
        assert answers_kafka("127.0.0.1", port)

        settings = make_settings(SimpleNamespace(url=url), tmp_path / "client")  # type: ignore[arg-type]
        article = {"article_id": "broker-cmd-1", "body": '"It works," she said.'}
        asyncio.run(publish_records(settings, [events.dumps(article)]))
        topic = f"{settings.topic_prefix}.articles"
        assert [events.loads(r["value"])["article_id"] for r in read_topic(settings, topic, count=1)] == \
            ["broker-cmd-1"]
        assert (tmp_path / "data" / "broker.log").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(30)
    assert code == 0, proc.stderr.read() if proc.stderr else ""
    assert not answers_kafka("127.0.0.1", port), "the broker outlived the command"
