"""Polling one feed: conditional GET on its interval, backoff on errors, items → article events.

Each feed has its own poller task, so a feed that is down, slow or malformed
only ever delays itself. A poll asks for the document with the validators of
the last good response (ETag → If-None-Match, Last-Modified →
If-Modified-Since); a 304 costs the publisher nothing and publishes nothing.
Items the dedupe state already knows unchanged are skipped before any article
page is fetched.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import aiohttp
import orjson
import structlog
from aiokafka.errors import KafkaError

from .. import events
from ..contracts import ArticleEvent
from .backoff import Backoff
from .emit import Emitter, language_tag
from .fetch import FetchError, fetch_full_text, polite_get, status_error
from .normalize import article_id_for, canonical_url
from .parse import FeedItem, MalformedFeed, ParsedFeed, parse_feed
from .politeness import HostLimiter
from .sources import Feed, HttpOptions
from .status import SourceStatus
from .text import text_hash

log = structlog.get_logger(__name__)

_FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)


class _Deferred(Exception):
    """An item whose article page failed transiently: retried on the next poll."""


def item_fingerprint(item: FeedItem) -> str:
    """What the feed shows of an item; when it changes, the article may have changed."""
    return text_hash("\x1f".join(x or "" for x in (item.title, item.url, item.content, item.summary)))


class FeedPoller:
    """Polls one feed until stopped; one instance per feed source."""

    def __init__(
        self,
        feed: Feed,
        http: HttpOptions,
        session: aiohttp.ClientSession,
        limiter: HostLimiter,
        emitter: Emitter,
        status: SourceStatus,
        stopping: asyncio.Event,
    ) -> None:
        self.feed = feed
        self.http = http
        self.session = session
        self.limiter = limiter
        self.emitter = emitter
        self.status = status
        self.stopping = stopping
        self.backoff = Backoff(feed.backoff_base, feed.backoff_max)
        self.etag: str | None = None
        self.last_modified: str | None = None
        self._page_failures: dict[str, int] = {}
        self.log = log.bind(source=feed.name, url=feed.url)

    async def run(self) -> None:
        """Poll, sleep, repeat, until ``stopping`` is set. Never raises (except cancellation)."""
        while not self.stopping.is_set():
            try:
                delay = await self.poll_once()
            except Exception as exc:  # a bug in one poll must not end the feed
                self.log.exception("ingest.poll_crashed")
                delay = self._failed(f"internal error: {type(exc).__name__}: {exc}")
            self.status.next_poll = (
                (datetime.now(UTC) + timedelta(seconds=delay))
                .isoformat(timespec="milliseconds")
                .replace("+00:00", "Z")
            )
            try:
                await asyncio.wait_for(self.stopping.wait(), timeout=delay)
            except TimeoutError:
                pass

    def _conditional_headers(self) -> dict[str, str]:
        headers = {"Accept": _FEED_ACCEPT, "User-Agent": self.http.user_agent}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def _failed(self, message: str, retry_after: float | None = None) -> float:
        self.status.failed(message)
        delay = self.backoff.failure()
        if retry_after is not None:
            delay = max(delay, min(retry_after, self.feed.backoff_max))
        self.log.warning(
            "ingest.poll_failed", error=message, failures=self.backoff.failures, retry_in=round(delay, 3)
        )
        return delay

    def _succeeded(self) -> float:
        self.status.succeeded()
        self.backoff.success()
        return self.feed.interval

    async def poll_once(self) -> float:
        """One poll; returns the seconds to wait before the next."""
        self.status.polls += 1
        started = time.monotonic()
        try:
            resp = await polite_get(
                self.session,
                self.limiter,
                self.feed.url,
                timeout=self.feed.timeout,
                max_bytes=self.http.max_feed_bytes,
                headers=self._conditional_headers(),
            )
        except FetchError as exc:
            return self._failed(exc.reason, exc.retry_after)
        if resp.status == 304:
            self.status.not_modified += 1
            self.log.debug("ingest.not_modified")
            return self._succeeded()
        if resp.status != 200:
            err = status_error(resp)
            return self._failed(err.reason, err.retry_after)
        try:
            parsed = parse_feed(resp.body, resp.headers.get("Content-Type"))
        except MalformedFeed as exc:
            return self._failed(f"malformed feed: {exc}")
        self.status.warning = parsed.warning
        complete = True
        for item in parsed.items:
            if self.stopping.is_set():
                complete = False
                break
            try:
                await self._handle(item, parsed)
            except _Deferred:
                complete = False
            except KafkaError as exc:
                # Nothing after this item can be published either; the next poll retries them all.
                self.emitter.board.broker_error = repr(exc)
                return self._failed(f"broker unavailable: {exc!r}")
            except Exception:  # one strange item must not hide the others
                complete = False
                self.log.exception("ingest.item_failed", article_id=_safe_id(self.feed.name, item))
        if complete:
            # Only now: a 304 next time must not hide items we have not finished with.
            self.etag = resp.headers.get("ETag") or None
            self.last_modified = resp.headers.get("Last-Modified") or None
        self.log.debug(
            "ingest.polled",
            items=len(parsed.items),
            format=parsed.format,
            seconds=round(time.monotonic() - started, 3),
        )
        return self._succeeded()

    async def _handle(self, item: FeedItem, parsed: ParsedFeed) -> None:
        self.status.items_seen += 1
        feed_text = item.content or item.summary
        article_id = article_id_for(
            self.feed.name, guid=item.guid, url=item.url, title=item.title, body=feed_text
        )
        fingerprint = item_fingerprint(item)
        if self.emitter.known(article_id, fingerprint):
            self.status.duplicates += 1
            return
        body = await self._body(item, article_id)
        original = orjson.dumps(asdict(item))
        if not body:
            await self.emitter.reject(
                self.status,
                "empty_body",
                "feed item has no text and no fetchable page",
                original,
                article_id=article_id,
                fingerprint=fingerprint,
            )
            return
        article: ArticleEvent = {
            "schema": events.ARTICLE,
            "article_id": article_id,
            "revision": 1,
            "body": body,
            "title": item.title,
            "source": self.feed.name,
            "url": canonical_url(item.url) if item.url else None,
            "author": item.author,
            "language": language_tag(item.language or parsed.language or self.feed.language),
            "published_at": item.published_at,
        }
        try:
            article = events.parse_article(
                events.dumps(article), max_body_chars=self.emitter.settings.max_body_chars
            )
        except events.InvalidEvent as exc:
            await self.emitter.reject(
                self.status, exc.code, exc.reason, original, article_id=article_id, fingerprint=fingerprint
            )
            return
        await self.emitter.emit(article, self.status, fingerprint=fingerprint)

    async def _body(self, item: FeedItem, article_id: str) -> str | None:
        """The article text: the feed's full content, or the page's main text when needed."""
        mode = self.feed.fetch_full_text
        wants_page = mode == "always" or (mode == "auto" and item.content is None)
        if not wants_page or not item.url:
            return item.content or item.summary
        try:
            text = await fetch_full_text(
                self.session,
                self.limiter,
                item.url,
                timeout=self.feed.timeout,
                max_bytes=self.http.max_page_bytes,
                title=item.title,
                user_agent=self.http.user_agent,
            )
        except FetchError as exc:
            failures = self._page_failures.get(article_id, 0) + 1
            if exc.transient and failures < self.http.full_text_attempts:
                self._page_failures[article_id] = failures
                self.log.warning(
                    "ingest.page_fetch_deferred",
                    article_id=article_id,
                    page=item.url,
                    error=exc.reason,
                    attempt=failures,
                )
                raise _Deferred from None
            self._page_failures.pop(article_id, None)
            self.log.warning(
                "ingest.page_fetch_failed",
                article_id=article_id,
                page=item.url,
                error=exc.reason,
                fallback="feed text",
            )
            return item.content or item.summary
        self._page_failures.pop(article_id, None)
        if not text:
            self.log.warning(
                "ingest.page_without_text", article_id=article_id, page=item.url, fallback="feed text"
            )
            return item.content or item.summary
        return text


def _safe_id(source: str, item: FeedItem) -> str | None:
    try:
        return article_id_for(source, guid=item.guid, url=item.url, title=item.title, body=item.content)
    except Exception:  # noqa: BLE001 - called while logging a failure of this item, which may be this one
        return None
