"""The local workflow a user follows, through the real commands: worker, publish, search."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from streams.broker import free_port_block
from streams.settings import Settings

pytestmark = pytest.mark.broker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def quotewire(*args: str, env: dict[str, str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "streams", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def test_worker_then_publish_then_search(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env.update(QUOTEWIRE_SESSION_TIMEOUT="4", QUOTEWIRE_WEB_PORT=str(free_port_block(3)), QUOTEWIRE_LOG_FORMAT="json")
    worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=env, cwd=tmp_path,
                              stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = worker.stderr.readline()  # type: ignore[union-attr]
            match = re.search(r"export QUOTEWIRE_BROKER=(kafka://[^\s\"]+)", line)
            url = match.group(1) if match else None
        assert url, "the worker prints the embedded broker's address"
        env["QUOTEWIRE_BROKER"] = url

        sent = quotewire("publish", str(FIXTURES / "seed-article.txt"), env=env, cwd=tmp_path)
        assert sent.returncode == 0 and "sent 1 record" in sent.stdout

        env_search = {k: v for k, v in env.items() if k != "QUOTEWIRE_BROKER"}
        found = ""
        deadline = time.monotonic() + 60
        while "Robert Wood" not in found and time.monotonic() < deadline:
            time.sleep(1)
            found = quotewire("search", "coffins", "--format", "csv", env=env_search, cwd=tmp_path).stdout
        rows = [r for r in found.splitlines()[1:] if r.strip()]
        assert len(rows) == 2 and all("Robert Wood" in r for r in rows), found
    finally:
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(60) == 0
    stats = quotewire("archive", "stats", "--format", "json", env=env_search, cwd=tmp_path)
    assert stats.returncode == 0 and '"Lloyd Austin"' in stats.stdout


def test_demo_on_a_fresh_data_directory(tmp_path: Path) -> None:
    """The README's first command: `quotewire demo` in an empty directory shows the seed article's statements
    and alerts and archives them all, then stops by itself. (The archive worker creates its tables while the
    demo is already polling the archive: the demo must wait for them, not fail.) Something else holds the
    default web port (6066): the demo picks free ports of its own instead of failing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    with socket.socket() as held:
        try:
            held.bind(("127.0.0.1", Settings().web_port))
            held.listen()
        except OSError:
            pass  # already in use: just as good
        result = quotewire("demo", env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "23 statements, 16 alerts, 23 archived" in result.stdout
    assert "Lloyd Austin — Defense Secretary, United States [person]" in result.stdout
    assert (tmp_path / "quotewire-data" / "archive.sqlite3").exists()
    for role in ("pipeline", "alerts", "archive"):  # the workers' logs are JSON lines only
        log = (tmp_path / "quotewire-data" / "logs" / f"{role}.log").read_text()
        assert log and all(line.startswith("{") for line in log.splitlines()), log[-2000:]
    again = quotewire("search", "coffins", "--format", "csv", env=env, cwd=tmp_path)
    rows = [r for r in again.stdout.splitlines()[1:] if r.strip()]
    assert len(rows) == 2 and all("Robert Wood" in r for r in rows), again.stdout
