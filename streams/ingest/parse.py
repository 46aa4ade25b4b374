"""Feed documents → items: RSS 2.0 and Atom through feedparser, JSON Feed 1.0/1.1 by hand.

Every format becomes the same ``FeedItem`` with text already reduced to plain
paragraphs, so the rest of ingest never looks at a format again. feedparser
copes with the many slightly-broken feeds in the wild; a document it cannot make
anything of (no recognisable feed, or an XML error with no item recovered) is
``MalformedFeed`` and the poll is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

import feedparser
import orjson

from .normalize import from_struct_time, parse_datetime
from .text import any_to_text, normalise_inline

_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


class MalformedFeed(ValueError):
    """The document is not a feed we can read."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry, format-neutral, text normalised.

    ``content`` is the full text when the feed carries it; ``summary`` is the
    teaser. ``content is None`` is what "the item has only a summary" means.
    """

    guid: str | None
    url: str | None
    title: str | None
    author: str | None
    published_at: str | None
    language: str | None
    content: str | None
    summary: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    format: str  # rss20, atom10, json1.1, ...
    title: str | None
    language: str | None
    items: list[FeedItem]
    warning: str | None = None  # feedparser recovered from an error


def _is_html(detail: Any) -> bool | None:
    kind = (detail or {}).get("type") if isinstance(detail, dict) else None
    if not kind:
        return None
    return kind.lower() in _HTML_TYPES


def _text(value: Any, html: bool | None) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return any_to_text(value, html=html) or None


def _entry_content(entry: Any) -> tuple[str | None, str | None]:
    """The best full content of an entry (longest, HTML preferred) and its language."""
    best: tuple[int, str, str | None] | None = None
    for part in entry.get("content") or []:
        text = _text(part.get("value"), _is_html(part))
        if text:
            rank = len(text)
            if best is None or rank > best[0]:
                best = (rank, text, part.get("language"))
    return (best[1], best[2]) if best else (None, None)


def _author(entry: Any) -> str | None:
    """The author's name. RSS writes ``email (Name)``; feedparser splits that unreliably, so we do it."""
    raw = entry.get("author")
    if isinstance(raw, str) and "@" in raw:
        name, _address = parseaddr(raw)
        return normalise_inline(name) if name and "@" not in name else None
    detail = entry.get("author_detail") or {}
    detail_name = detail.get("name") if isinstance(detail, dict) else None
    return normalise_inline(raw or detail_name)


def _parse_xml(body: bytes, content_type: str | None) -> ParsedFeed:
    headers = {"content-type": content_type} if content_type else None
    doc = feedparser.parse(body, response_headers=headers)
    version = doc.get("version") or ""
    entries = doc.get("entries") or []
    error = doc.get("bozo_exception") if doc.get("bozo") else None
    if not version:
        detail = f": {error}" if error else ""
        raise MalformedFeed(f"not an RSS, Atom or JSON feed{detail}")
    if error is not None and not entries:
        raise MalformedFeed(f"{version} document could not be parsed: {error}")
    feed = doc.get("feed") or {}
    feed_language = feed.get("language")
    items = []
    for entry in entries:
        content, content_language = _entry_content(entry)
        title_detail = entry.get("title_detail") or {}
        items.append(
            FeedItem(
                guid=(entry.get("id") or None),
                url=entry.get("link") or None,
                title=normalise_inline(_text(entry.get("title"), _is_html(title_detail))),
                author=_author(entry),
                published_at=from_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
                language=content_language or title_detail.get("language") or feed_language,
                content=content,
                summary=_text(entry.get("summary"), _is_html(entry.get("summary_detail"))),
            )
        )
    warning = f"recovered from: {error}" if error is not None and not _benign(error) else None
    return ParsedFeed(version, normalise_inline(feed.get("title")), feed_language, items, warning)


def _benign(error: Exception) -> bool:
    """Encoding declarations that disagree with the HTTP header are routine, not worth a warning."""
    return type(error).__name__ in ("CharacterEncodingOverride", "NonXMLContentType")


def _json_author(item: dict[str, Any], feed: dict[str, Any]) -> str | None:
    for holder in (item, feed):
        authors = holder.get("authors")
        if isinstance(authors, list):
            names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
            if names:
                return normalise_inline(", ".join(names))
        author = holder.get("author")  # JSON Feed 1.0
        if isinstance(author, dict) and isinstance(author.get("name"), str):
            return normalise_inline(author["name"])
    return None


def _parse_json_feed(body: bytes) -> ParsedFeed:
    try:
        doc = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise MalformedFeed(f"not valid JSON: {exc}") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith("https://jsonfeed.org/version/"):
        raise MalformedFeed("JSON document is not a JSON Feed (no https://jsonfeed.org/version/ version)")
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise MalformedFeed("JSON Feed has no items list")
    feed_language = doc.get("language") if isinstance(doc.get("language"), str) else None
    items = []
    for raw in raw_items:
        if not isinstance(raw, dict):
            continue
        guid = raw.get("id")
        if isinstance(guid, (int, float)) and not isinstance(guid, bool):
            guid = str(guid)  # JSON Feed 1.0 feeds in the wild use numbers
        url = raw.get("url") if isinstance(raw.get("url"), str) else None
        content = _text(raw.get("content_html"), True) or _text(raw.get("content_text"), False)
        items.append(
            FeedItem(
                guid=guid if isinstance(guid, str) and guid.strip() else None,
                url=url or (raw.get("external_url") if isinstance(raw.get("external_url"), str) else None),
                title=normalise_inline(raw.get("title")) if isinstance(raw.get("title"), str) else None,
                author=_json_author(raw, doc),
                published_at=parse_datetime(raw.get("date_published"))
                or parse_datetime(raw.get("date_modified")),
                language=raw.get("language") if isinstance(raw.get("language"), str) else feed_language,
                content=content,
                summary=_text(raw.get("summary"), None),
            )
        )
    fmt = "json" + version.rsplit("/", 1)[-1]
    title = normalise_inline(doc.get("title")) if isinstance(doc.get("title"), str) else None
    return ParsedFeed(fmt, title, feed_language, items)


def parse_feed(body: bytes, content_type: str | None = None) -> ParsedFeed:
    """Parse an RSS 2.0 / Atom / JSON Feed document; raise MalformedFeed when it is none of them."""
    if not body.strip():
        raise MalformedFeed("empty document")
    kind = (content_type or "").lower()
    if "json" in kind or body.lstrip()[:1] == b"{":
        return _parse_json_feed(body)
    return _parse_xml(body, content_type)
