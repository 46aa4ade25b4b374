"""Stable ids, canonical URLs and UTC timestamps."""

from __future__ import annotations

import time

import pytest

from streams.ingest.normalize import (
    article_id_for,
    canonical_url,
    content_id,
    from_struct_time,
    parse_datetime,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "https://News.Example.org/a/b?utm_source=rss&id=3&utm_medium=x#frag",
            "https://news.example.org/a/b?id=3",
        ),
        ("http://example.org:80/x?fbclid=abc&gclid=1", "http://example.org/x"),
        ("https://example.org:8443/x?b=2&a=1", "https://example.org:8443/x?b=2&a=1"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/p?mc_cid=1&page=2&pk_campaign=z", "https://example.org/p?page=2"),
        ("urn:isbn:123", "urn:isbn:123"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_article_id_prefers_guid_then_url_then_text() -> None:
    assert article_id_for(
        "wire", guid="https://x.example/a?utm_source=y", url=None, title=None, body=None
    ) == ("https://x.example/a")
    assert (
        article_id_for("wire", guid="urn:uuid:1", url="https://x.example/a", title=None, body=None)
        == "urn:uuid:1"
    )
    assert (
        article_id_for("wire", guid="12345", url="https://x.example/a", title=None, body=None) == "wire:12345"
    )
    assert article_id_for("wire", guid=" ", url="https://X.example/a#c", title=None, body=None) == (
        "https://x.example/a"
    )
    by_text = article_id_for("wire", guid=None, url=None, title="T", body="Body  text")
    assert by_text == content_id("T", "Body text") and by_text.startswith("sha256:")
    assert by_text != article_id_for("wire", guid=None, url=None, title="T", body="Other text")


def test_overlong_ids_are_hashed_to_fit_the_schema() -> None:
    long_guid = "tag:" + "x" * 600
    article_id = article_id_for("wire", guid=long_guid, url=None, title=None, body=None)
    assert article_id.startswith("sha256:") and len(article_id) <= 512
    assert article_id == article_id_for("wire", guid=long_guid, url=None, title=None, body=None)


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        ("2026-03-05T08:30:00+01:00", "2026-03-05T07:30:00Z"),
        ("2026-03-05T08:30:00.123456Z", "2026-03-05T08:30:00Z"),
        ("2026-03-05T08:30:00", "2026-03-05T08:30:00Z"),  # no offset: taken as UTC
        ("Tue, 03 Mar 2026 10:15:00 +0200", "2026-03-03T08:15:00Z"),
        ("Wed, 04 Mar 2026 07:00:00 GMT", "2026-03-04T07:00:00Z"),
        ("next Tuesday", None),
        ("9999-12-31T23:59:59-23:59", None),  # past the last UTC year: refused, not OverflowError
        ("0001-01-01T00:00:00+23:59", None),  # before the first
        ("Fri, 31 Dec 9999 23:59:59 -2359", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_datetime(raw: str | None, utc: str | None) -> None:
    assert parse_datetime(raw) == utc


def test_struct_time_is_utc() -> None:
    assert from_struct_time(time.struct_time((2026, 3, 3, 8, 15, 0, 1, 62, 0))) == "2026-03-03T08:15:00Z"
    assert from_struct_time(None) is None


def test_feed_guids_lose_control_characters() -> None:
    assert article_id_for("wire", guid="12\x0045", url=None, title=None, body=None) == "wire:1245"
    assert article_id_for("wire", guid="\x00", url="https://e.example/a", title=None, body=None) == (
        "https://e.example/a"
    )
