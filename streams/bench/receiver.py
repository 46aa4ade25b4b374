"""A webhook receiver on loopback, for ``quotewire bench alerts`` and the alerting tests.

It verifies each delivery's signature as a real receiver would, can fail its first
N requests with 503 (to exercise retries), and records when each alert arrived.
"""
from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

from ..alerts import verify_signature


@dataclass
class Delivery:
    alert_id: str
    status: int
    signature_ok: bool
    received: float  # time.time()
    alert: dict[str, Any]


@dataclass
class WebhookReceiver:
    """POST / receiver; ``deliveries`` holds every request, ``accepted`` the 2xx ones."""

    secret: str
    fail_first: int = 0
    host: str = "127.0.0.1"
    port: int = 0
    deliveries: list[Delivery] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _thread: threading.Thread | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/hook"

    @property
    def accepted(self) -> list[Delivery]:
        return [d for d in self.deliveries if 200 <= d.status < 300]

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        header = request.headers.get("X-Quotewire-Signature", "")
        try:
            ok = bool(verify_signature(body, header, self.secret, tolerance_s=300))
        except (ValueError, TypeError):  # hmac.compare_digest raises TypeError on a non-ASCII signature
            ok = False
        try:
            alert = orjson.loads(body)
        except orjson.JSONDecodeError:
            alert = {}
        status = 503 if len(self.deliveries) < self.fail_first else (200 if ok else 401)
        self.deliveries.append(Delivery(str(alert.get("alert_id")), status, ok, time.time(), alert))
        return web.Response(status=status, text="ok" if status == 200 else "try again")

    async def start(self) -> WebhookReceiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # --- in a thread of its own (for synchronous tests) -----------------------------------------
    def start_in_thread(self) -> WebhookReceiver:
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            self._loop.run_until_complete(self.start())
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self.stop())
            self._loop.close()

        self._thread = threading.Thread(target=serve, name="webhook-receiver", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("webhook receiver did not start")
        return self

    def stop_thread(self) -> None:
        if self._loop and self._thread:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
