"""RSS 2.0, Atom and JSON Feed documents → format-neutral items."""

from __future__ import annotations

import orjson
import pytest

from streams.ingest.parse import MalformedFeed, parse_feed

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Saltings Weekly</title><link>https://saltings.example/</link><language>en-gb</language>
<item>
  <title>Pier &amp; promenade reopen</title>
  <link>https://saltings.example/pier</link>
  <guid>https://saltings.example/?p=41</guid>
  <author>desk@saltings.example (Rhea Dunmore)</author>
  <pubDate>Mon, 02 Mar 2026 17:45:00 -0500</pubDate>
  <description>&lt;p&gt;The pier is open.&lt;/p&gt;</description>
  <content:encoded><![CDATA[<p>The pier reopened on Monday.</p><p>"It is ours again," said the harbourmaster.</p>]]></content:encoded>
</item>
<item>
  <title>Summary only</title>
  <link>https://saltings.example/summary-only</link>
  <description>Just the teaser.</description>
</item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
<title>Kaibericht</title><id>tag:kai.example,2026:feed</id><updated>2026-03-03T10:00:00Z</updated>
<entry><title type="html">Neue &lt;b&gt;Kaimauer&lt;/b&gt;</title><id>tag:kai.example,2026:1</id>
  <link rel="alternate" href="https://kai.example/1"/><updated>2026-03-03T10:00:00+01:00</updated>
  <author><name>Lena Vogt</name></author><summary>Kurz.</summary>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Erster Absatz.</p><p>Zweiter Absatz.</p></div></content>
</entry>
<entry><title>Nur Zusammenfassung</title><id>tag:kai.example,2026:2</id><link href="https://kai.example/2"/>
  <updated>2026-03-03T11:00:00Z</updated><summary type="text">Nur der Anreisser.</summary></entry>
</feed>"""


def test_rss_items() -> None:
    feed = parse_feed(RSS, "application/rss+xml")
    assert feed.format == "rss20" and feed.language == "en-gb" and feed.title == "Saltings Weekly"
    full, teaser = feed.items
    assert full.guid == "https://saltings.example/?p=41" and full.url == "https://saltings.example/pier"
    assert full.title == "Pier & promenade reopen"
    assert full.author == "Rhea Dunmore"
    assert full.published_at == "2026-03-02T22:45:00Z"
    assert full.content == 'The pier reopened on Monday.\n"It is ours again," said the harbourmaster.'
    assert full.summary == "The pier is open."
    assert teaser.content is None and teaser.summary == "Just the teaser." and teaser.guid is None


def test_atom_items() -> None:
    feed = parse_feed(ATOM, "application/atom+xml")
    assert feed.format == "atom10"
    first, second = feed.items
    assert first.title == "Neue Kaimauer" and first.author == "Lena Vogt"
    assert first.content == "Erster Absatz.\nZweiter Absatz."
    assert first.published_at == "2026-03-03T09:00:00Z" and first.language == "de"
    assert second.content is None and second.summary == "Nur der Anreisser."


def test_json_feed_1_1_and_1_0() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Fjordpost",
        "language": "nn",
        "authors": [{"name": "Redaksjonen"}],
        "items": [
            {
                "id": "fp-1",
                "url": "https://fjordpost.example/1",
                "title": "Ferja",
                "content_html": "<p>Ein.</p><p>To.</p>",
                "summary": "Kort.",
                "date_published": "2026-03-01T08:00:00+01:00",
            },
            {
                "id": 2,
                "external_url": "https://elsewhere.example/x",
                "summary": "Berre samandrag.",
                "date_modified": "2026-03-02T08:00:00Z",
                "author": {"name": "Old Style"},
                "language": "nb",
            },
            "not an item",
        ],
    }
    feed = parse_feed(orjson.dumps(doc), "application/feed+json")
    assert feed.format == "json1.1" and feed.language == "nn"
    one, two = feed.items
    assert one.guid == "fp-1" and one.content == "Ein.\nTo." and one.summary == "Kort."
    assert one.author == "Redaksjonen" and one.published_at == "2026-03-01T07:00:00Z" and one.language == "nn"
    assert two.guid == "2" and two.url == "https://elsewhere.example/x" and two.content is None
    assert two.author == "Old Style" and two.published_at == "2026-03-02T08:00:00Z" and two.language == "nb"


def test_json_feed_detected_without_content_type() -> None:
    doc = {"version": "https://jsonfeed.org/version/1", "items": [{"id": "a", "content_text": "Text."}]}
    assert parse_feed(orjson.dumps(doc)).items[0].content == "Text."


def test_empty_but_valid_feed_has_no_items() -> None:
    feed = parse_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert feed.items == []


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (b"", None, "empty document"),
        (b"<<<not a feed>>> {{", "application/rss+xml", "not an RSS, Atom or JSON feed"),
        (b"<html><body><p>A web page.</p></body></html>", "text/html", "not an RSS, Atom or JSON feed"),
        (b'{"items": []}', "application/json", "not a JSON Feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1"}', None, "no items list"),
        (b"{broken json", "application/feed+json", "not valid JSON"),
    ],
)
def test_malformed_documents(body: bytes, content_type: str | None, message: str) -> None:
    with pytest.raises(MalformedFeed, match=message):
        parse_feed(body, content_type)


def test_json_feed_item_with_an_out_of_range_date_does_not_sink_the_feed() -> None:
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "bad", "content_text": "Dated past the end of time.", "date_published": "9999-12-31T23:59:59-23:59"},
            {"id": "good", "content_text": "An ordinary item.", "date_published": "2026-03-02T08:00:00Z"},
        ],
    }
    bad, good = parse_feed(orjson.dumps(doc), "application/feed+json").items
    assert bad.guid == "bad" and bad.published_at is None
    assert good.published_at == "2026-03-02T08:00:00Z"
