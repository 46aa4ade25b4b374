"""Stable article ids, canonical URLs and UTC timestamps for items from any source.

The article id is the dedupe key and the key of the articles topic, so it must
be the same every time the same article is seen: the feed's own guid/id when it
has one, else its canonical URL (tracking parameters and fragments removed, so
the same link shared by two campaigns is one article), else a hash of its text.
"""

from __future__ import annotations

import calendar
import hashlib
import time
import unicodedata
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .text import normalise_text

MAX_ID_CHARS = 512  # article.v1 limit

# Query parameters that identify a campaign or a click, never the article.
_TRACKING_EXACT = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "ncid",
        "smid",
        "sr_share",
        "at_medium",
        "at_campaign",
        "ito",
        "ref_src",
        "spm",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "piwik_", "mtm_", "__twitter", "oly_", "vero_", "hsa_")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in _TRACKING_EXACT or low.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters or fragment, with scheme and host lower-cased.

    The remaining query parameters keep their order (some sites route on it) and
    default ports are dropped. Non-HTTP(S) strings are returned trimmed.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def content_id(*texts: str | None) -> str:
    """An id from the normalised text itself, for items with neither guid nor link."""
    joined = "\x1f".join(normalise_text(t or "") for t in texts)
    return "sha256:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()


def _bounded(article_id: str) -> str:
    if len(article_id) <= MAX_ID_CHARS:
        return article_id
    return "sha256:" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()


def article_id_for(
    source: str, *, guid: str | None, url: str | None, title: str | None, body: str | None
) -> str:
    """The stable id of a feed item: guid, else canonical URL, else a hash of its text.

    A guid that is a URL or URN is globally unique and used as is; a bare guid
    ("12345") is only unique within its feed, so it is prefixed with the source name.
    """
    guid = "".join(c for c in (guid or "") if unicodedata.category(c) != "Cc").strip()  # no NUL, ESC, ...
    if guid:
        if guid.lower().startswith(("http://", "https://")):
            return _bounded(canonical_url(guid))
        if ":" in guid:  # urn:uuid:..., tag:example.org,2026:..., etc.
            return _bounded(guid)
        return _bounded(f"{source}:{guid}")
    if url and url.strip():
        return _bounded(canonical_url(url))
    return content_id(title, body)


def rfc3339(moment: datetime) -> str:
    """UTC, RFC 3339, second precision, ``Z`` suffix (naive datetimes are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def from_struct_time(value: time.struct_time | None) -> str | None:
    """feedparser's ``*_parsed`` fields are UTC struct_times."""
    if value is None:
        return None
    try:
        return rfc3339(datetime.fromtimestamp(calendar.timegm(value), UTC))
    except (OverflowError, ValueError, OSError):
        return None


def parse_datetime(value: str | None) -> str | None:
    """An RFC 3339 / ISO 8601 or RFC 822 date string as UTC RFC 3339; None when unreadable or out of range."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    try:
        return rfc3339(datetime.fromisoformat(text.replace("z", "Z")))
    except OverflowError:  # 9999-12-31T23:59:59-23:59: readable, but not a time that exists in UTC
        return None
    except ValueError:
        pass
    try:
        return rfc3339(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
