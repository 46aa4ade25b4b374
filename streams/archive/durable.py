"""Writing to the archive store until it is durable: store outages pause the writer, never drop a batch."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import structlog

from .. import metrics
from ..settings import Settings
from .store import ArchiveStore, StoreUnavailable, open_store

log = structlog.get_logger(__name__)


class DurableWriter:
    """Opens the store once and writes batches until they are durable."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: ArchiveStore | None = None
        self._lock = asyncio.Lock()

    async def store(self) -> ArchiveStore:
        async with self._lock:
            if self._store is None:
                self._store = await self._retry("open", self._open)
            return self._store

    def _open(self) -> ArchiveStore:
        store = open_store(self.settings.archive_url)
        store.migrate()
        return store

    async def _retry(self, what: str, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` in a thread until it succeeds; store outages pause here, never drop the batch."""
        delay = 0.2
        while True:
            try:
                return await asyncio.to_thread(fn)
            except StoreUnavailable as exc:
                metrics.ARCHIVE_RETRIES.inc()
                log.warning("archive.store_unavailable", action=what, retry_in=round(delay, 2), error=str(exc))
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def write(self, what: str, method: str, batch: list[dict[str, Any]]) -> Any:
        store = await self.store()
        return await self._retry(what, lambda: getattr(store, method)(batch))
