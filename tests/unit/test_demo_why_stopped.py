"""When a demo worker stops, the demo says which one, its exit code and its last error, not just "see logs"."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from streams.demo import _why_stopped
from streams.settings import Settings
from streams.worker import Child, Supervisor


def test_the_message_names_the_worker_its_code_and_its_last_error(tmp_path: Path) -> None:
    supervisor = Supervisor(["pipeline", "alerts"], Settings(), log_dir=tmp_path)
    log = tmp_path / "alerts.log"
    log.write_text('{"event": "worker.starting", "level": "info"}\n'
                   '{"event": "worker.config_error", "level": "error", "error": "port 6067 ... QUOTEWIRE_WEB_PORT"}\n')
    stopped = Child("alerts", {}, log)  # type: ignore[arg-type]
    stopped.proc = subprocess.Popen([sys.executable, "-c", "raise SystemExit(78)"])
    stopped.proc.wait()
    running = Child("pipeline", {}, tmp_path / "pipeline.log")  # type: ignore[arg-type]
    running.proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    supervisor.children = [running, stopped]
    try:
        message = _why_stopped(supervisor)
    finally:
        running.proc.kill()
        running.proc.wait()
    assert message.startswith("alerts worker exited with code 78: port 6067 ... QUOTEWIRE_WEB_PORT")
    assert "pipeline" not in message and str(tmp_path) in message
