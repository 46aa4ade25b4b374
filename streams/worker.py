"""Running worker roles: one role in this process, or several supervised child processes.

``quotewire worker --role pipeline`` runs one Faust worker here. Several roles (the
default: all three) run as one child process each, so a crash or a long GC in
the archive writer never stalls alert delivery, and each role keeps its own
consumer group. With no broker configured, the supervisor first starts the
embedded broker and hands its address to the children.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import faust
import structlog

from . import topics
from .app import Role, create_app
from .broker import BrokerWatch, EmbeddedBroker, port_is_free
from .lifeline import die_with_parent
from .logs import configure_logging
from .nlp.registry import RegistryError
from .settings import Settings

log = structlog.get_logger(__name__)

CONFIG_ERROR_EXIT = 78  # EX_CONFIG: the supervisor does not restart a worker that exits with it
ConfigError = RegistryError


class _Worker(faust.Worker):
    """Faust's worker with a bounded graceful shutdown: SIGTERM finishes in-flight events,
    commits and leaves the group, and a watchdog ends the process if that takes too long."""

    shutdown_timeout: float = 30.0

    async def _stop_on_signal(self, signal: signal.Signals) -> None:
        log.info("worker.stopping", signal=signal.name, timeout=self.shutdown_timeout)
        watchdog = threading.Timer(self.shutdown_timeout, _hard_exit, args=(self.shutdown_timeout,))
        watchdog.daemon = True
        watchdog.start()
        await super()._stop_on_signal(signal)


def _hard_exit(timeout: float) -> None:
    log.error("worker.shutdown_timeout", seconds=timeout)
    os._exit(3)


class PortInUse(RuntimeError):
    """A worker's web port is taken: a configuration error, not a reason to restart."""


def check_web_ports(settings: Settings, roles: Sequence[str]) -> None:
    """Raise PortInUse naming the port and the variable when a role's web port is taken."""
    for i, role in enumerate(roles):
        port = settings.web_port + i
        if not port_is_free(settings.web_host, port):
            offset = f" + {i}" if i else ""
            raise PortInUse(
                f"port {port} on {settings.web_host} ({role} role's web endpoint, QUOTEWIRE_WEB_PORT{offset}) is "
                f"already in use; set QUOTEWIRE_WEB_PORT to the first of {len(roles)} free port(s)"
            )


def run_role(role: Role, settings: Settings) -> None:
    """Run one worker role in this process until SIGTERM/SIGINT (blocks)."""
    configure_logging(settings.log_level, settings.log_format)
    try:
        check_web_ports(settings, [role])
    except PortInUse as exc:
        log.error("worker.config_error", role=role, error=str(exc))
        raise SystemExit(CONFIG_ERROR_EXIT) from None
    (settings.data_dir / "faust" / role).mkdir(parents=True, exist_ok=True)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(_ensure_topics(settings))
    try:
        app = create_app(role, settings)
    except ConfigError as exc:  # a bad registry file, say: restarting would not help
        log.error("worker.config_error", role=role, error=str(exc))
        raise SystemExit(CONFIG_ERROR_EXIT) from None
    app.timer(5.0, name="broker-watch")(BrokerWatch(settings).check)  # logs outages clients ride out silently
    worker = _Worker(
        app,
        loop=loop,
        quiet=True,
        loglevel=settings.log_level.upper() if settings.log_level != "warning" else "WARN",
        override_logging=False,
        redirect_stdouts=False,
    )
    worker.shutdown_timeout = settings.shutdown_timeout
    if not worker.stdout.isatty():
        worker.spinner = None  # its terminal escapes (ESC[?25h) would glue onto a JSON log line
    log.info("worker.starting", role=role, group=app.conf.id, web_port=app.conf.web_port)
    worker.execute_from_commandline()


async def _ensure_topics(settings: Settings, attempts: int = 30) -> None:
    """Create missing topics, retrying while the broker is unreachable (it may still be starting)."""
    delay = 0.5
    for attempt in range(1, attempts + 1):
        try:
            report = await topics.create(settings)
            if report.created:
                log.info("topics.created", topics=report.created)
            return
        except Exception as exc:
            if attempt == attempts:
                raise
            log.warning("broker.unreachable", broker=",".join(settings.bootstrap_servers), attempt=attempt,
                        retry_in=delay, error=str(exc))
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


@dataclass
class Child:
    role: Role
    env: dict[str, str]
    log_path: Path | None = None
    proc: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    _log_file: IO[bytes] | None = field(default=None, repr=False)
    _out_file: IO[bytes] | None = field(default=None, repr=False)

    def start(self) -> None:
        if self.log_path:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log_file = open(self.log_path, "ab")
            # stdout (console alerts, anything printed) apart from the log lines on stderr, which stay JSON
            self._out_file = open(self.log_path.with_suffix(".out"), "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker", "--role", self.role],
            env=self.env,
            stdout=self._out_file,
            stderr=self._log_file,
            stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent(signal.SIGTERM),  # a SIGKILLed supervisor leaves no role running
        )
        log.info("worker.spawned", role=self.role, pid=self.proc.pid)

    def close_log(self) -> None:
        for handle in (self._log_file, self._out_file):
            if handle:
                handle.close()
        self._log_file = self._out_file = None


class Supervisor:
    """Runs one child process per role (and the embedded broker when none is configured)."""

    def __init__(self, roles: Sequence[Role], settings: Settings, *, log_dir: Path | None = None,
                 extra_env: dict[str, str] | None = None) -> None:
        self.roles = list(roles)
        self.settings = settings
        self.log_dir = log_dir
        self.extra_env = extra_env or {}
        self.broker: EmbeddedBroker | None = None
        self.children: list[Child] = []
        self._stopping = False

    @property
    def broker_url(self) -> str:
        return self.broker.url if self.broker else str(self.settings.broker)

    def start(self) -> None:
        """Start the broker (if embedded) and the roles; PortInUse when a role's web port is taken."""
        check_web_ports(self.settings, self.roles)
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
        if self.settings.embedded:
            log_path = self.log_dir / "broker.log" if self.log_dir else None
            self.broker = EmbeddedBroker(port=self.settings.embedded_port, log_path=log_path).start()
        base = dict(os.environ)
        base.update(self.extra_env)
        base["QUOTEWIRE_BROKER"] = self.broker_url
        base["QUOTEWIRE_DATA_DIR"] = str(self.settings.data_dir.resolve())
        for i, role in enumerate(self.roles):
            env = dict(base, QUOTEWIRE_WEB_PORT=str(self.settings.web_port + i))
            log_path = self.log_dir / f"{role}.log" if self.log_dir else None
            child = Child(role, env, log_path)
            child.start()
            self.children.append(child)

    def exited(self) -> list[str]:
        """Roles whose process has exited (for callers that do not want restarts, like the demo)."""
        return [c.role for c in self.children if c.proc is not None and c.proc.poll() is not None]

    def poll(self) -> None:
        """Restart children that died unexpectedly (with a growing delay)."""
        for child in self.children:
            if self._stopping or child.proc is None or child.proc.poll() is None:
                continue
            code = child.proc.returncode
            if code == CONFIG_ERROR_EXIT:
                log.error("worker.not_restarted", role=child.role, code=code,
                          reason="configuration error (its log says which); a restart would not help")
                self._stopping = True
                raise SystemExit(CONFIG_ERROR_EXIT)
            child.restarts += 1
            delay = min(30.0, 0.5 * 2 ** min(child.restarts, 6))
            log.error("worker.died", role=child.role, code=code, restart_in=delay, restarts=child.restarts)
            time.sleep(delay)
            if not self._stopping:
                child.close_log()
                child.start()

    def stop(self, timeout: float | None = None) -> None:
        """SIGTERM every child, wait for their graceful shutdown, then stop the broker."""
        self._stopping = True
        timeout = timeout if timeout is not None else self.settings.shutdown_timeout + 5
        for child in self.children:
            if child.proc and child.proc.poll() is None:
                child.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in self.children:
            if child.proc is None:
                continue
            try:
                child.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.error("worker.kill", role=child.role)
                child.proc.kill()
                child.proc.wait()
            child.close_log()
        if self.broker:
            self.broker.stop()

    def run_forever(self) -> None:
        """Block until SIGINT/SIGTERM, supervising the children; then stop everything."""
        stop = threading.Event()

        def _on_signal(signum: int, frame: Any) -> None:
            stop.set()

        signal.signal(signal.SIGINT, _on_signal)
        signal.signal(signal.SIGTERM, _on_signal)
        log.info("supervisor.running", roles=self.roles, broker=self.broker_url)
        try:
            while not stop.wait(0.5):
                self.poll()
        finally:
            self.stop()
