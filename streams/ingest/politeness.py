"""Per-host politeness: one request in flight per host, and a pause between requests.

News sites rate-limit and ban aggressive crawlers; feed polls and article-page
fetches to the same host share one limiter, so a feed with fifty summary-only
items does not turn into fifty parallel requests against its publisher.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """The politeness key of a URL: its host and explicit port, lower-cased."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


class HostLimiter:
    """At most one request at a time per host, at least ``delay`` seconds apart (end to start)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_done: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold the host's slot for the duration of one request."""
        key = host_key(url)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            last = self._last_done.get(key)
            if last is not None:
                wait = last + self.delay - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                yield
            finally:
                self._last_done[key] = time.monotonic()
