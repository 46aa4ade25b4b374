"""Polite, bounded HTTP GETs, and the main text of an article page.

Every request ingest makes (feed polls and article pages) goes through
``polite_get``: the per-host limiter, a total timeout and a size limit read as
the body streams in, so one slow or huge response cannot stall or exhaust the
process. Main-text extraction is trafilatura's (boilerplate, navigation and
comments removed, paragraphs kept), run in a thread because it is CPU work.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import aiohttp
import structlog
import trafilatura
from multidict import CIMultiDict, CIMultiDictProxy

from ..http_headers import retry_after_seconds
from ..netguard import DestinationRefused
from .politeness import HostLimiter
from .text import normalise_text

log = structlog.get_logger(__name__)

_CHUNK = 64 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


class FetchError(Exception):
    """A request that produced no usable response.

    ``transient`` errors (timeouts, connection errors, 5xx, 429) are worth retrying
    later; the others (404, too large, not HTML) will fail the same way again.
    """

    def __init__(
        self, reason: str, *, transient: bool, status: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status
        self.retry_after = retry_after


@dataclass
class Response:
    status: int
    url: str
    body: bytes
    headers: CIMultiDictProxy[str] = field(default_factory=lambda: CIMultiDictProxy(CIMultiDict()))

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()


async def polite_get(
    session: aiohttp.ClientSession,
    limiter: HostLimiter,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    headers: dict[str, str] | None = None,
) -> Response:
    """GET ``url`` within the host's politeness slot; any HTTP status is returned, not raised.

    Raises FetchError on timeouts, connection errors and bodies over ``max_bytes``.
    """
    async with limiter.slot(url):
        try:
            async with asyncio.timeout(timeout):
                async with session.get(
                    url, headers=headers, timeout=aiohttp.ClientTimeout(total=timeout), allow_redirects=True
                ) as resp:
                    declared = resp.content_length
                    if declared is not None and declared > max_bytes:
                        raise FetchError(
                            f"response of {declared} bytes exceeds the limit of {max_bytes}",
                            transient=False,
                            status=resp.status,
                        )
                    chunks: list[bytes] = []
                    size = 0
                    async for chunk in resp.content.iter_chunked(_CHUNK):
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(
                                f"response exceeds the limit of {max_bytes} bytes",
                                transient=False,
                                status=resp.status,
                            )
                        chunks.append(chunk)
                    return Response(resp.status, str(resp.url), b"".join(chunks), resp.headers)
        except TimeoutError:
            raise FetchError(f"timed out after {timeout:g}s", transient=True) from None
        except DestinationRefused as exc:  # loopback/private: the same link is refused every time
            raise FetchError(str(exc), transient=False) from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}".rstrip(": "), transient=True) from None


def status_error(resp: Response) -> FetchError:
    """The FetchError for a non-success HTTP status."""
    transient = resp.status >= 500 or resp.status in (408, 425, 429)
    return FetchError(
        f"HTTP {resp.status}",
        transient=transient,
        status=resp.status,
        retry_after=retry_after_seconds(resp.headers.get("Retry-After")),
    )


def extract_main_text(html: bytes | str, *, url: str | None = None, title: str | None = None) -> str | None:
    """The article's main text, one paragraph per line; None when the page has none.

    A first line that only repeats the title (the page's <h1>) is dropped: it is
    not part of the body and would shift every statement offset.
    """
    text = trafilatura.extract(
        html,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if not text:
        return None
    text = normalise_text(text)
    if title:
        first, _, rest = text.partition("\n")
        if rest and normalise_text(first).casefold() == normalise_text(title).casefold():
            text = rest
    return text or None


async def fetch_full_text(
    session: aiohttp.ClientSession,
    limiter: HostLimiter,
    url: str,
    *,
    timeout: float,
    max_bytes: int,
    title: str | None = None,
    user_agent: str | None = None,
) -> str | None:
    """Fetch an article page and extract its main text (None when the page has no main text).

    Raises FetchError when the page cannot be fetched (see ``FetchError.transient``).
    """
    headers = {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}
    if user_agent:
        headers["User-Agent"] = user_agent
    resp = await polite_get(session, limiter, url, timeout=timeout, max_bytes=max_bytes, headers=headers)
    if resp.status != 200:
        raise status_error(resp)
    if resp.content_type not in _HTML_TYPES:
        raise FetchError(f"not an HTML page ({resp.content_type})", transient=False, status=resp.status)
    return await asyncio.to_thread(extract_main_text, resp.body, url=resp.url, title=title)
