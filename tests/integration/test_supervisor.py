"""The `quotewire worker` supervisor as an operator meets it: killed hard, or started on a busy port."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from streams.broker import EmbeddedBroker, answers_kafka, free_port_block

pytestmark = pytest.mark.broker


def base_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env.update(QUOTEWIRE_LOG_FORMAT="json", QUOTEWIRE_SESSION_TIMEOUT="4", QUOTEWIRE_SHUTDOWN_TIMEOUT="5")
    env.update(values)
    return env


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper counts as dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def held_port(port: int) -> Iterator[None]:
    """Something listening on ``port`` (if something already is, that does as well)."""
    sock = socket.socket()
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen()
    except OSError:
        pass
    try:
        yield
    finally:
        sock.close()


def test_sigkill_of_the_supervisor_leaves_no_process_behind(tmp_path: Path) -> None:
    web = free_port_block(3)
    worker = subprocess.Popen([sys.executable, "-m", "streams", "worker"], env=base_env(QUOTEWIRE_WEB_PORT=str(web)),
                              cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    pids: dict[str, int] = {}
    broker_port = 0
    plain: list[str] = []
    try:
        deadline = time.monotonic() + 60
        running = False
        while not running and time.monotonic() < deadline:
            line = worker.stderr.readline()  # type: ignore[union-attr]
            if not line.startswith("{"):
                plain.append(line)
                continue
            entry = json.loads(line)
            running = entry["event"] == "supervisor.running"
            if entry["event"] == "broker.started":
                pids["broker"] = entry["pid"]
                broker_port = int(entry["url"].rsplit(":", 1)[1])
            elif entry["event"] == "worker.spawned":
                pids[entry["role"]] = entry["pid"]
        assert len(pids) == 4, f"broker and three roles started: {pids}"
        assert plain == [], "with QUOTEWIRE_LOG_FORMAT=json, every line on stderr is JSON"
        deadline = time.monotonic() + 90
        while not all(listening(web + i) for i in range(3)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert all(listening(web + i) for i in range(3)), "every role serves its web port"

        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in pids.values()) and time.monotonic() < deadline:
            time.sleep(0.5)
        survivors = {name: pid for name, pid in pids.items() if alive(pid)}
        assert survivors == {}, f"still running after the supervisor was killed: {survivors}"
        assert not any(listening(web + i) for i in range(3))
        assert not answers_kafka("127.0.0.1", broker_port)
    finally:
        if worker.poll() is None:
            worker.kill()
        for pid in pids.values():
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_a_busy_web_port_is_a_configuration_error_not_a_restart_loop(tmp_path: Path) -> None:
    web = free_port_block(3)
    with held_port(web + 1):  # the alerts role's port
        worker = subprocess.run([sys.executable, "-m", "streams", "worker"], env=base_env(QUOTEWIRE_WEB_PORT=str(web)),
                                cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert worker.returncode == 78, worker.stderr[-3000:]
    assert f"port {web + 1}" in worker.stderr and "QUOTEWIRE_WEB_PORT" in worker.stderr
    assert "worker.died" not in worker.stderr


def test_one_role_in_process_on_a_busy_port_exits_78(broker: EmbeddedBroker, tmp_path: Path) -> None:
    web = free_port_block(1)
    env = base_env(QUOTEWIRE_WEB_PORT=str(web), QUOTEWIRE_BROKER=broker.url, QUOTEWIRE_TOPIC_PREFIX="busyport")
    with held_port(web):
        worker = subprocess.run([sys.executable, "-m", "streams", "worker", "--role", "archive"], env=env,
                                cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert worker.returncode == 78, worker.stderr[-3000:]
    assert f"port {web}" in worker.stderr and "QUOTEWIRE_WEB_PORT" in worker.stderr
    assert "Traceback" not in worker.stderr


@pytest.mark.parametrize("kb_file", ["missing.kb", "not-a-kb.txt"])
def test_a_bad_kb_file_is_a_configuration_error_not_a_restart_loop(broker: EmbeddedBroker, tmp_path: Path,
                                                                   kb_file: str) -> None:
    """QUOTEWIRE_KB_FILE naming no KB: the pipeline role exits 78 with one line naming the file (it died
    with a KBError traceback and exit 1, which the supervisor restarts every few seconds, forever)."""
    (tmp_path / "not-a-kb.txt").write_text("not a database\n")
    web = free_port_block(1)
    env = base_env(QUOTEWIRE_WEB_PORT=str(web), QUOTEWIRE_BROKER=broker.url, QUOTEWIRE_TOPIC_PREFIX="badkb",
                   QUOTEWIRE_KB_FILE=str(tmp_path / kb_file))
    worker = subprocess.run([sys.executable, "-m", "streams", "worker", "--role", "pipeline"], env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert worker.returncode == 78, worker.stderr[-3000:]
    assert kb_file in worker.stderr and "Traceback" not in worker.stderr
    assert all(line.startswith("{") for line in worker.stderr.splitlines()), "JSON log lines only"


def test_a_busy_embedded_broker_port_is_a_configuration_error(tmp_path: Path) -> None:
    """QUOTEWIRE_EMBEDDED_PORT already taken: one line naming the port and the variable, exit 78 (it was a
    BrokerError traceback, 'exited with code 0 at start'; and had the port's holder answered Kafka, as
    another worker's embedded broker does, the worker would have taken that broker for its own)."""
    port = free_port_block(1)
    with held_port(port):
        web = free_port_block(3)  # chosen while the broker's port is held, so the two can never be the same
        env = base_env(QUOTEWIRE_WEB_PORT=str(web), QUOTEWIRE_EMBEDDED_PORT=str(port))
        worker = subprocess.run([sys.executable, "-m", "streams", "worker"], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=120)
    assert worker.returncode == 78, worker.stderr[-3000:]
    assert f"port {port}" in worker.stderr and "QUOTEWIRE_EMBEDDED_PORT" in worker.stderr
    assert "Traceback" not in worker.stderr
