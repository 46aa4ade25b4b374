"""Ingest end to end: loopback HTTP feeds and pages → the real embedded broker.

Every feed, page and article here is invented for these tests. Each test runs
ingest with its own topic prefix and short intervals, reads the topics back
with a group-less consumer, and stops reading on count plus a quiet period (end
offsets alone are not trustworthy on the embedded broker).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest
from aiohttp import web
from aiokafka import AIOKafkaConsumer, TopicPartition

from streams import events
from streams.broker import EmbeddedBroker, free_port
from streams.ingest.runner import run_ingest
from streams.ingest.sources import Sources, parse_sources
from streams.ingest.status import load_status, render_table, status_path
from streams.settings import Settings

pytestmark = pytest.mark.broker

TOKEN = "test-push-token-7f3a"

# --- loopback web server ------------------------------------------------------------------------------

Handler = Callable[[web.Request], Awaitable[web.StreamResponse] | web.StreamResponse]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    started: float
    wall: float


@dataclass
class Site:
    """A loopback HTTP server whose answers each test sets (and changes) per path."""

    handlers: dict[str, Handler] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    finished: list[float] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def seen(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(Seen(request.path, dict(request.headers), time.monotonic(), time.time()))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            handler = self.handlers.get(request.path)
            if handler is None:
                return web.Response(status=404, text="no such page")
            result = handler(request)
            if asyncio.iscoroutine(result):
                result = await result
            await asyncio.sleep(0.01)  # a request takes a moment: overlapping ones would show
            return result  # type: ignore[return-value]
        finally:
            self.in_flight -= 1
            self.finished.append(time.monotonic())

    async def __aenter__(self) -> Site:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def doc(body: str | bytes, content_type: str, **headers: str) -> web.Response:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return web.Response(body=data, headers={"Content-Type": content_type, **headers})


# --- invented feeds and pages ------------------------------------------------------------------------


def rss_lowmarsh(base: str, *, ferry_note: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Lowmarsh Gazette</title>
    <link>{base}/lowmarsh/</link>
    <description>News from the Lowmarsh estuary</description>
    <language>en-gb</language>
    <item>
      <title>Tide gauges back in service after winter repairs</title>
      <link>{base}/lowmarsh/tide-gauges.html?utm_source=rss&amp;utm_medium=feed</link>
      <guid isPermaLink="false">lg-2026-0311</guid>
      <dc:creator>Mira Osei</dc:creator>
      <pubDate>Tue, 03 Mar 2026 10:15:00 +0200</pubDate>
      <description>All nine gauges are working again.</description>
      <content:encoded><![CDATA[<p>The harbour authority of Lowmarsh said on Tuesday that all nine of its
        tide   gauges were back in service after a winter of repairs.</p>
        <p>&#8220;We can finally trust the numbers again,&#8221; said Petra Kowal, the authority&#8217;s
        chief engineer.<br/>She thanked the divers who replaced the sensors.</p>
        <script>trackReader();</script>
        <p>Fishing crews had complained that the tables were off by twenty minutes.{ferry_note}</p>]]></content:encoded>
    </item>
    <item>
      <title>Ferry timetable to change in April</title>
      <link>{base}/lowmarsh/ferry-timetable.html?utm_campaign=spring&amp;utm_source=rss#top</link>
      <pubDate>Wed, 04 Mar 2026 07:00:00 GMT</pubDate>
      <description>&lt;p&gt;The estuary ferry will run later in the evening.&lt;/p&gt;</description>
    </item>
  </channel>
</rss>"""


FERRY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Ferry timetable to change in April | Lowmarsh Gazette</title></head>
<body>
<header><nav><a href="/">Home</a> | <a href="/lowmarsh/">Lowmarsh</a> | <a href="/weather/">Weather</a></nav></header>
<main><article>
<h1>Ferry timetable to change in April</h1>
<p>The estuary ferry between Lowmarsh and Saltings Point will run until eleven in the evening from the first
of April, the operator announced on Wednesday.</p>
<p>"Late shifts at the cannery finish after the last boat today, and that has to stop," said Tomas Hale,
the operator's managing director.</p>
<p>The council agreed to cover the extra fuel costs for a trial period of six months, according to a note
published by its transport committee.</p>
<p>Residents of Saltings Point have asked for the later sailing since the road bridge closed for repairs
last autumn.</p>
</article></main>
<aside><h3>Most read</h3><ul><li><a href="/x">Lighthouse keeper retires</a></li></ul></aside>
<footer><p>Copyright 2026 Lowmarsh Gazette. All rights reserved.</p></footer>
</body></html>"""


def atom_northfold(base: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Northfold Courier</title>
  <id>tag:northfold-courier.example,2026:feed</id>
  <updated>2026-03-05T09:00:00Z</updated>
  <link rel="self" href="{base}/northfold/atom.xml"/>
  <entry>
    <title type="html">Orchard growers warn of &lt;em&gt;late&lt;/em&gt; frost</title>
    <id>urn:uuid:3f9d2c1e-7a44-4d1b-9c55-0e2b8f6a1d10</id>
    <link href="{base}/northfold/frost.html"/>
    <published>2026-03-05T08:30:00+01:00</published>
    <updated>2026-03-05T08:45:00+01:00</updated>
    <author><name>Jonas Brekke</name></author>
    <summary>Growers fear for the blossom.</summary>
    <content type="html">&lt;p&gt;Apple growers in the Northfold valley warned on Thursday that a late frost
      could cost them half of this year's blossom.&lt;/p&gt;&lt;p&gt;"One cold night in April is all it takes,"
      said Ingrid Solberg, who chairs the growers' cooperative.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Library extends its opening hours</title>
    <id>urn:uuid:8a1b0c2d-55e3-4f61-8d7a-2c9e4b3a6f21</id>
    <link href="{base}/northfold/library.html"/>
    <updated>2026-03-05T10:00:00Z</updated>
    <summary>The town library will open on Sundays.</summary>
  </entry>
</feed>"""


LIBRARY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Library extends its opening hours</title></head>
<body>
<div class="menu"><a href="/">Front page</a> <a href="/culture/">Culture</a></div>
<article>
<h1>Library extends its opening hours</h1>
<p>The Northfold town library will open on Sunday afternoons from next month, the town council said in a
statement on Thursday.</p>
<p>"Students have been asking for a quiet place to work at weekends for years," said Aud Lindqvist, the head
librarian, who proposed the change last autumn.</p>
<p>Two part-time posts will be created to staff the extra hours, and the reading room will stay open until
six in the evening.</p>
</article>
<div class="footer">Northfold Courier, 12 Quay Street</div>
</body></html>"""


def json_brackwater(base: str) -> bytes:
    return orjson.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Brackwater Daily",
            "home_page_url": f"{base}/brackwater/",
            "feed_url": f"{base}/brackwater/feed.json",
            "language": "en",
            "items": [
                {
                    "id": "https://brackwater.example/2026/03/dam-inspection",
                    "url": "https://brackwater.example/2026/03/dam-inspection?utm_source=jsonfeed",
                    "title": "Dam inspection finds no structural damage",
                    "content_text": "Engineers who inspected the Brackwater dam after the February floods found no\n"
                    "structural damage, the water board said on Friday.\n\n"
                    '"The dam did exactly what it was built to do," said Halima Yusuf, the board\'s\n'
                    "chief inspector.",
                    "date_published": "2026-03-06T18:30:00-05:00",
                    "authors": [{"name": "Colm Reddy"}],
                },
                {
                    "id": "bw-77",
                    "title": "Market square to be repaved",
                    "content_html": "<p>The market square will be closed for three weeks in May while it is repaved."
                    '</p><p>"Traders will move to the harbour car park," said the town clerk, '
                    "Nadia Ferris.</p>",
                    "date_published": "2026-03-07T06:00:00Z",
                },
            ],
        }
    )


# --- helpers -----------------------------------------------------------------------------------------


def make_settings(broker: EmbeddedBroker, tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        broker=broker.url,
        topic_prefix=f"ingest-{uuid.uuid4().hex[:10]}",
        data_dir=tmp_path / "data",
        push_token=TOKEN,
        partitions=2,
        shutdown_timeout=5.0,
        **extra,
    )


def make_sources(settings: Settings, sources: list[dict[str, Any]], **top: Any) -> Sources:
    doc: dict[str, Any] = {
        "http": {"host_delay": 0.02},
        "status": {"write_interval": 0.05, "serve": False},
        "sources": sources,
        **top,
    }
    return parse_sources(doc, settings)


@contextlib.asynccontextmanager
async def ingesting(settings: Settings, sources: Sources) -> AsyncIterator[asyncio.Task[None]]:
    """Run ingest for the body of the block, then stop it as SIGTERM would (cancel).

    The previous run's status file is removed first, so waits see only this run's counters.
    """
    status_path(settings).unlink(missing_ok=True)
    task = asyncio.create_task(run_ingest(settings, sources, restore_quiet=0.3))
    try:
        yield task
    finally:
        if task.done() and not task.cancelled() and task.exception():
            raise task.exception()  # type: ignore[misc]
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def eventually(check: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (FileNotFoundError, orjson.JSONDecodeError, KeyError):
            pass
        await asyncio.sleep(0.03)
    raise AssertionError(f"timed out waiting for: {what}")


def source_status(settings: Settings, name: str) -> dict[str, Any]:
    for s in load_status(settings)["sources"]:
        if s["name"] == name:
            return s
    raise KeyError(name)


@dataclass
class Record:
    key: str | None
    value: dict[str, Any]
    headers: dict[str, bytes]
    timestamp: int


async def read_topic(
    broker: EmbeddedBroker, topic: str, expect: int, *, quiet: float = 0.6, timeout: float = 15.0
) -> list[Record]:
    """Every record of ``topic``: read until at least ``expect`` arrived and then nothing for ``quiet`` s."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=broker.bootstrap,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    out: list[Record] = []
    try:
        partitions = consumer.partitions_for_topic(topic)
        assert partitions, f"topic {topic} does not exist"
        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=100)
            for messages in batch.values():
                for m in messages:
                    out.append(
                        Record(
                            m.key.decode() if m.key else None,
                            orjson.loads(m.value),
                            dict(m.headers),
                            m.timestamp,
                        )
                    )
                    last = time.monotonic()
            if len(out) >= expect and time.monotonic() - last >= quiet:
                break
    finally:
        await consumer.stop()
    return out


def by_id(records: list[Record]) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for r in records:
        out.setdefault(r.value.get("article_id") or "", []).append(r)
    return out


# --- tests -------------------------------------------------------------------------------------------


def test_feeds_publish_each_article_once_across_polls_and_restart(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    """RSS, Atom and JSON Feed in; six clean articles out, once, even after many polls and a restart."""

    async def scenario() -> None:
        async with Site() as site:
            b = site.base
            site.handlers["/lowmarsh/rss.xml"] = lambda r: doc(rss_lowmarsh(b), "application/rss+xml")
            site.handlers["/lowmarsh/ferry-timetable.html"] = lambda r: doc(
                FERRY_PAGE, "text/html; charset=utf-8"
            )
            site.handlers["/northfold/atom.xml"] = lambda r: doc(atom_northfold(b), "application/atom+xml")
            site.handlers["/northfold/library.html"] = lambda r: doc(LIBRARY_PAGE, "text/html")
            site.handlers["/brackwater/feed.json"] = lambda r: doc(
                json_brackwater(b), "application/feed+json"
            )
            settings = make_settings(broker, tmp_path)
            feeds = [
                {"type": "feed", "name": "lowmarsh", "url": f"{b}/lowmarsh/rss.xml", "interval": 0.15},
                {"type": "feed", "name": "northfold", "url": f"{b}/northfold/atom.xml", "interval": 0.15},
                {
                    "type": "feed",
                    "name": "brackwater",
                    "url": f"{b}/brackwater/feed.json",
                    "interval": "150ms",
                },
            ]
            sources = make_sources(settings, feeds, http={"host_delay": 0.03})

            async with ingesting(settings, sources):
                await eventually(
                    lambda: (
                        sum(
                            source_status(settings, n)["published"]
                            for n in ("lowmarsh", "northfold", "brackwater")
                        )
                        == 6
                    ),
                    "six articles",
                )
                polls = len(site.requests)
                await eventually(
                    lambda: all(
                        len(site.seen(p)) >= 4
                        for p in ("/lowmarsh/rss.xml", "/northfold/atom.xml", "/brackwater/feed.json")
                    ),
                    "several more polls of each feed",
                )
                assert len(site.requests) > polls
            first = await read_topic(broker, f"{settings.topic_prefix}.articles", 6)
            assert len(first) == 6, [r.value["article_id"] for r in first]
            # The pages were fetched once each: later polls knew the items unchanged.
            assert len(site.seen("/lowmarsh/ferry-timetable.html")) == 1
            assert len(site.seen("/northfold/library.html")) == 1
            # Politeness: one request at a time to this host, and a pause between them.
            assert site.max_in_flight == 1
            starts = sorted(r.started for r in site.requests)
            gaps = [s - f for s, f in zip(starts[1:], sorted(site.finished)[:-1], strict=True)]
            assert min(gaps) >= 0.025, min(gaps)

            # Restart: the dedupe state comes back from the broker; nothing is published again.
            before = len(site.requests)
            async with ingesting(settings, sources):
                await eventually(
                    lambda: len(site.requests) >= before + 9, "three polls per feed after restart"
                )
                await eventually(lambda: source_status(settings, "lowmarsh")["duplicates"] >= 4, "duplicates")
                after = {n: source_status(settings, n) for n in ("lowmarsh", "northfold", "brackwater")}
            assert all(s["published"] == 0 for s in after.values()), after
            assert all(s["duplicates"] >= 2 for s in after.values()), after
            again = await read_topic(broker, f"{settings.topic_prefix}.articles", 6)
            assert len(again) == 6

        articles = {r.value["article_id"]: r for r in first}
        port = site.port
        assert set(articles) == {
            "lowmarsh:lg-2026-0311",
            f"http://127.0.0.1:{port}/lowmarsh/ferry-timetable.html",
            "urn:uuid:3f9d2c1e-7a44-4d1b-9c55-0e2b8f6a1d10",
            "urn:uuid:8a1b0c2d-55e3-4f61-8d7a-2c9e4b3a6f21",
            "https://brackwater.example/2026/03/dam-inspection",
            "brackwater:bw-77",
        }
        for article_id, record in articles.items():
            event = record.value
            assert events.schema_errors(event) == [], (article_id, events.schema_errors(event))
            assert record.key == article_id
            assert record.headers["trace_id"].decode() == event["trace_id"]
            assert event["revision"] == 1
            assert "<" not in event["body"] and "  " not in event["body"] and "\n\n" not in event["body"]

        tide = articles["lowmarsh:lg-2026-0311"].value
        assert tide["body"] == (
            "The harbour authority of Lowmarsh said on Tuesday that all nine of its tide gauges were back in "
            "service after a winter of repairs.\n"
            "\u201cWe can finally trust the numbers again,\u201d said Petra Kowal, the authority\u2019s chief "
            "engineer.\n"
            "She thanked the divers who replaced the sensors.\n"
            "Fishing crews had complained that the tables were off by twenty minutes."
        )
        assert tide["title"] == "Tide gauges back in service after winter repairs"
        assert tide["author"] == "Mira Osei"
        assert tide["published_at"] == "2026-03-03T08:15:00Z"
        assert tide["language"] == "en-GB"
        assert tide["source"] == "lowmarsh"
        assert tide["url"] == f"http://127.0.0.1:{port}/lowmarsh/tide-gauges.html"

        # Summary-only items: the page's main text, paragraphs kept, navigation and footer gone.
        ferry = articles[f"http://127.0.0.1:{port}/lowmarsh/ferry-timetable.html"].value
        paragraphs = ferry["body"].split("\n")
        assert len(paragraphs) == 4, paragraphs
        assert paragraphs[1].startswith('"Late shifts at the cannery finish after the last boat today')
        assert "Most read" not in ferry["body"] and "Copyright" not in ferry["body"]
        assert "Ferry timetable to change" not in ferry["body"]  # the page's <h1> is the title, not the body
        assert ferry["published_at"] == "2026-03-04T07:00:00Z"
        library = articles["urn:uuid:8a1b0c2d-55e3-4f61-8d7a-2c9e4b3a6f21"].value
        assert library["body"].count("\n") == 2 and "Aud Lindqvist" in library["body"]
        assert "Front page" not in library["body"]

        frost = articles["urn:uuid:3f9d2c1e-7a44-4d1b-9c55-0e2b8f6a1d10"].value
        assert frost["title"] == "Orchard growers warn of late frost"
        assert frost["published_at"] == "2026-03-05T07:30:00Z"
        assert frost["author"] == "Jonas Brekke"
        assert frost["body"].split("\n")[1].startswith('"One cold night in April is all it takes,"')

        dam = articles["https://brackwater.example/2026/03/dam-inspection"].value
        assert dam["published_at"] == "2026-03-06T23:30:00Z"
        assert dam["author"] == "Colm Reddy"
        assert dam["url"] == "https://brackwater.example/2026/03/dam-inspection"
        assert dam["body"] == (
            "Engineers who inspected the Brackwater dam after the February floods found no structural damage, "
            "the water board said on Friday.\n"
            '"The dam did exactly what it was built to do," said Halima Yusuf, the board\'s chief inspector.'
        )
        market = articles["brackwater:bw-77"].value
        assert market["body"].count("\n") == 1 and market["language"] == "en"

    asyncio.run(scenario())


def test_conditional_get_304_publishes_nothing(broker: EmbeddedBroker, tmp_path: Path) -> None:
    """Validators are sent back; a 304 publishes nothing (a client ignoring them would get a changed feed)."""

    async def scenario() -> None:
        async with Site() as site:
            b = site.base
            modified = "Tue, 03 Mar 2026 09:00:00 GMT"

            def feed(request: web.Request) -> web.Response:
                if (
                    request.headers.get("If-None-Match") == '"lg-v1"'
                    or request.headers.get("If-Modified-Since") == modified
                ):
                    return web.Response(status=304, headers={"ETag": '"lg-v1"'})
                if len(site.seen("/rss")) == 1:
                    return doc(
                        rss_lowmarsh(b), "application/rss+xml", ETag='"lg-v1"', **{"Last-Modified": modified}
                    )
                # Anyone who comes back without the validators gets a changed document.
                return doc(
                    rss_lowmarsh(b, ferry_note=" A trap for clients that ignore validators."),
                    "application/rss+xml",
                    ETag='"lg-v2"',
                )

            site.handlers["/rss"] = feed
            site.handlers["/lowmarsh/ferry-timetable.html"] = lambda r: doc(FERRY_PAGE, "text/html")
            settings = make_settings(broker, tmp_path)
            sources = make_sources(
                settings, [{"type": "feed", "name": "lowmarsh", "url": f"{b}/rss", "interval": 0.1}]
            )
            async with ingesting(settings, sources):
                await eventually(
                    lambda: source_status(settings, "lowmarsh")["not_modified"] >= 3, "three 304s"
                )
                status = source_status(settings, "lowmarsh")
            later = site.seen("/rss")[1:]
            assert later and all(r.headers.get("If-None-Match") == '"lg-v1"' for r in later)
            assert all(r.headers.get("If-Modified-Since") == modified for r in later)
            assert "If-None-Match" not in site.seen("/rss")[0].headers
            assert status["published"] == 2 and status["revisions"] == 0 and status["state"] == "ok"
            records = await read_topic(broker, f"{settings.topic_prefix}.articles", 2)
            assert sorted(r.value["revision"] for r in records) == [1, 1]
            assert all("A trap" not in r.value["body"] for r in records)

    asyncio.run(scenario())


def test_changed_item_is_published_as_revision_2(broker: EmbeddedBroker, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Site() as site:
            b = site.base
            version = {"note": ""}
            site.handlers["/rss"] = lambda r: doc(
                rss_lowmarsh(b, ferry_note=version["note"]), "application/rss+xml"
            )
            site.handlers["/lowmarsh/ferry-timetable.html"] = lambda r: doc(FERRY_PAGE, "text/html")
            settings = make_settings(broker, tmp_path)
            sources = make_sources(
                settings, [{"type": "feed", "name": "lowmarsh", "url": f"{b}/rss", "interval": 0.1}]
            )
            async with ingesting(settings, sources):
                await eventually(
                    lambda: source_status(settings, "lowmarsh")["published"] == 2, "first versions"
                )
                version["note"] = " The repairs cost less than the council had budgeted."
                await eventually(
                    lambda: source_status(settings, "lowmarsh")["revisions"] == 1, "the revision"
                )
                polls = len(site.seen("/rss"))
                await eventually(lambda: len(site.seen("/rss")) >= polls + 3, "more polls")
                status = source_status(settings, "lowmarsh")
            assert status["published"] == 3 and status["revisions"] == 1
            records = await read_topic(broker, f"{settings.topic_prefix}.articles", 3)
            grouped = by_id(records)
            tide = sorted(grouped["lowmarsh:lg-2026-0311"], key=lambda r: r.value["revision"])
            assert [r.value["revision"] for r in tide] == [1, 2]
            assert "cost less" not in tide[0].value["body"] and tide[1].value["body"].endswith(
                "The repairs cost less than the council had budgeted."
            )
            ferry = grouped[f"{b}/lowmarsh/ferry-timetable.html"]
            assert [r.value["revision"] for r in ferry] == [1]

    asyncio.run(scenario())


def test_failing_source_backs_off_recovers_and_others_keep_working(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    async def scenario() -> None:
        async with Site() as site:
            b = site.base
            recovered_at: list[float] = []

            def flaky(request: web.Request) -> web.Response:
                if len(site.seen("/flaky")) <= 4:
                    return web.Response(status=500, text="upstream exploded")
                recovered_at.append(time.time())
                return doc(json_brackwater(b), "application/feed+json")

            site.handlers["/flaky"] = flaky
            site.handlers["/steady"] = lambda r: doc(atom_northfold(b), "application/atom+xml")
            site.handlers["/northfold/library.html"] = lambda r: doc(LIBRARY_PAGE, "text/html")
            settings = make_settings(broker, tmp_path)
            sources = make_sources(
                settings,
                [
                    # A long interval: every quick retry below is the backoff, not the schedule.
                    {
                        "type": "feed",
                        "name": "flaky",
                        "url": f"{b}/flaky",
                        "interval": 30,
                        "backoff_base": 0.1,
                        "backoff_max": 2,
                    },
                    {"type": "feed", "name": "steady", "url": f"{b}/steady", "interval": 0.1},
                ],
            )
            async with ingesting(settings, sources):
                await eventually(lambda: source_status(settings, "flaky")["published"] == 2, "flaky recovers")
                await asyncio.sleep(0.5)
                flaky_status = source_status(settings, "flaky")
                steady_status = source_status(settings, "steady")
            tries = site.seen("/flaky")
            assert len(tries) == 5, "no poll after recovery: the interval applies again"
            gaps = [later.started - earlier.started for earlier, later in itertools.pairwise(tries)]
            # Backoff doubles (jitter keeps each within [50%, 100%] of base * 2^n).
            assert 0.05 <= gaps[0] < 0.2 and gaps[3] >= 0.4 and gaps[3] > gaps[0], gaps
            assert all(g < 5 for g in gaps)
            assert flaky_status["state"] == "ok" and flaky_status["consecutive_errors"] == 0
            assert flaky_status["last_error"] == "HTTP 500" and flaky_status["last_success"]
            assert steady_status["published"] == 2 and steady_status["last_error"] is None
            records = await read_topic(broker, f"{settings.topic_prefix}.articles", 4)
            assert len(records) == 4
            steady_ids = {
                "urn:uuid:3f9d2c1e-7a44-4d1b-9c55-0e2b8f6a1d10",
                "urn:uuid:8a1b0c2d-55e3-4f61-8d7a-2c9e4b3a6f21",
            }
            steady = [r for r in records if r.value["article_id"] in steady_ids]
            assert len(steady) == 2
            # The steady feed published while the flaky one was still failing.
            assert max(r.timestamp for r in steady) / 1000 < recovered_at[0]

    asyncio.run(scenario())


def test_malformed_feed_is_reported_and_skipped(broker: EmbeddedBroker, tmp_path: Path) -> None:
    async def scenario() -> None:
        async with Site() as site:
            b = site.base
            site.handlers["/broken.xml"] = lambda r: doc(
                "<<<this is not a feed at all>>> {{", "application/rss+xml"
            )
            site.handlers["/page.html"] = lambda r: doc(LIBRARY_PAGE, "text/html")
            site.handlers["/good.json"] = lambda r: doc(json_brackwater(b), "application/feed+json")
            settings = make_settings(broker, tmp_path)
            port = free_port()
            sources = make_sources(
                settings,
                [
                    {
                        "type": "feed",
                        "name": "broken",
                        "url": f"{b}/broken.xml",
                        "interval": 0.1,
                        "backoff_base": 0.05,
                        "backoff_max": 0.1,
                    },
                    {
                        "type": "feed",
                        "name": "not-a-feed",
                        "url": f"{b}/page.html",
                        "interval": 0.1,
                        "backoff_base": 0.05,
                        "backoff_max": 0.1,
                    },
                    {"type": "feed", "name": "good", "url": f"{b}/good.json", "interval": 0.1},
                ],
                status={"write_interval": 0.05, "serve": True, "host": "127.0.0.1", "port": port},
            )
            async with ingesting(settings, sources):
                await eventually(
                    lambda: source_status(settings, "good")["published"] == 2, "good feed published"
                )
                await eventually(
                    lambda: source_status(settings, "broken")["consecutive_errors"] >= 3, "retries"
                )
                async with aiohttp.ClientSession() as http:
                    async with http.get(f"http://127.0.0.1:{port}/status") as resp:
                        assert resp.status == 200
                        live = {s["name"]: s for s in (await resp.json())["sources"]}
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                        assert resp.status == 200  # a broken feed does not make ingest unhealthy
                    async with http.post(f"http://127.0.0.1:{port}/articles", data=b"{}") as resp:
                        assert resp.status in (404, 405)  # push is not enabled here
                table = render_table(load_status(settings))
            assert live["broken"]["state"] == "error"
            assert live["broken"]["last_error"].startswith("malformed feed")
            assert live["broken"]["items_seen"] == 0 and live["broken"]["last_success"] is None
            assert "not an RSS, Atom or JSON feed" in live["not-a-feed"]["last_error"]
            assert live["good"]["state"] == "ok"
            broken_row = next(line for line in table.splitlines() if line.startswith("broken "))
            assert "error" in broken_row and "malformed feed" in broken_row
            records = await read_topic(broker, f"{settings.topic_prefix}.articles", 2)
            assert {r.value["source"] for r in records} == {"good"} and len(records) == 2

    asyncio.run(scenario())


def test_ndjson_file_followed_bad_lines_dead_lettered_once(broker: EmbeddedBroker, tmp_path: Path) -> None:
    async def scenario() -> None:
        path = tmp_path / "wire.ndjson"
        good = [
            {
                "article_id": "nd-1",
                "body": 'The council met on Monday.\n"We are ready," the mayor said.',
                "title": "Council meets",
                "published_at": "2026-03-02T12:00:00+01:00",
            },
            {"article_id": "nd-2", "body": "Rain is expected   on Tuesday.", "language": "EN"},
        ]
        lines = [
            orjson.dumps(good[0]),
            b"{not json",
            orjson.dumps(good[1]),
            orjson.dumps({"article_id": "nd-x"}),
        ]
        path.write_bytes(b"\n".join(lines) + b"\n")
        settings = make_settings(broker, tmp_path)
        sources = make_sources(
            settings,
            [{"type": "ndjson", "name": "wire", "path": str(path), "follow": True, "poll_interval": 0.05}],
        )
        async with ingesting(settings, sources):
            await eventually(lambda: source_status(settings, "wire")["published"] == 2, "two published")
            await eventually(
                lambda: source_status(settings, "wire")["dead_lettered"] == 2, "two dead letters"
            )
            with path.open("ab") as f:  # the writer appends: a new article, a repeat, half a line
                f.write(orjson.dumps({"article_id": "nd-3", "body": "A new line arrives."}) + b"\n")
                f.write(orjson.dumps(good[0]) + b"\n")
                f.write(b'{"article_id": "nd-4", "body": "Writ')
            await eventually(lambda: source_status(settings, "wire")["published"] == 3, "appended line")
            with path.open("ab") as f:
                f.write(b'ten in two parts."}\n')
            await eventually(lambda: source_status(settings, "wire")["published"] == 4, "completed line")
            assert source_status(settings, "wire")["duplicates"] == 1
        async with ingesting(settings, sources):  # restart: the whole file again, nothing new
            await eventually(lambda: source_status(settings, "wire")["items_seen"] == 7, "file re-read")
            status = source_status(settings, "wire")
        assert status["published"] == 0 and status["dead_lettered"] == 0 and status["duplicates"] == 7
        articles = await read_topic(broker, f"{settings.topic_prefix}.articles", 4)
        assert sorted(r.value["article_id"] for r in articles) == ["nd-1", "nd-2", "nd-3", "nd-4"]
        nd1 = next(r.value for r in articles if r.value["article_id"] == "nd-1")
        assert nd1["published_at"] == "2026-03-02T11:00:00Z"
        nd2 = next(r.value for r in articles if r.value["article_id"] == "nd-2")
        assert nd2["body"] == "Rain is expected on Tuesday." and nd2["language"] == "en"
        letters = await read_topic(broker, f"{settings.topic_prefix}.deadletter", 2)
        assert sorted(r.value["error"] for r in letters) == ["invalid_json", "missing_field"]
        assert all(r.value["stage"] == "ingest" and events.schema_errors(r.value) == [] for r in letters)

    asyncio.run(scenario())


def test_push_endpoint_auth_limits_validation_and_acceptance(broker: EmbeddedBroker, tmp_path: Path) -> None:
    async def scenario() -> None:
        settings = make_settings(broker, tmp_path)
        port = free_port()
        sources = make_sources(
            settings, [{"type": "push", "host": "127.0.0.1", "port": port, "max_body_bytes": 4096}]
        )
        url = f"http://127.0.0.1:{port}/articles"
        auth = {"Authorization": f"Bearer {TOKEN}"}
        json_type = {"Content-Type": "application/json"}
        ndjson_type = {"Content-Type": "application/x-ndjson"}
        article = {
            "article_id": "push-1",
            "body": 'The ferry runs late tonight.\n"It will," said the captain.',
            "title": "Ferry",
            "source": "Wire One",
            "published_at": "2026-03-08T10:00:00+02:00",
        }
        async with ingesting(settings, sources), aiohttp.ClientSession() as http:
            await eventually(lambda: load_status(settings)["ready"], "ingest ready")

            async def post(data: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any], Any]:
                async with http.post(url, data=data, headers=headers) as resp:
                    return resp.status, await resp.json(), resp.headers

            status, body, headers = await post(orjson.dumps(article), json_type)
            assert (
                status == 401 and body["error"] == "unauthorized" and "Bearer" in headers["WWW-Authenticate"]
            )
            status, body, _ = await post(
                orjson.dumps(article), {**json_type, "Authorization": "Bearer wrong"}
            )
            assert status == 403 and body["error"] == "forbidden"
            status, body, _ = await post(orjson.dumps(article), {**auth, "Content-Type": "text/plain"})
            assert status == 415 and "application/x-ndjson" in body["message"]
            big = dict(article, article_id="push-big", body="x" * 5000)
            status, body, _ = await post(orjson.dumps(big), {**auth, **json_type})
            assert status == 413 and "4096" in body["message"]
            status, body, _ = await post(b'{"article_id": "push-2", "body": ', {**auth, **json_type})
            assert (
                status == 400
                and body["error"] == "invalid_json"
                and body["message"].startswith("not valid JSON")
            )
            status, body, _ = await post(orjson.dumps({"article_id": "push-3"}), {**auth, **json_type})
            assert status == 422 and body["error"] == "missing_field" and "'body'" in body["message"]
            status, body, _ = await post(
                orjson.dumps({"article_id": "push-4", "body": "ok", "published_at": 7}), {**auth, **json_type}
            )
            assert status == 422 and body["message"].startswith("published_at:")
            batch = b"\n".join(
                [
                    orjson.dumps({"article_id": "push-5", "body": "Fine."}),
                    b"[1, 2]",
                    orjson.dumps({"article_id": "push-6", "body": ""}),
                ]
            )
            status, body, _ = await post(batch, {**auth, **ndjson_type})
            assert status == 400, body  # a line that is not an object is a syntax problem
            assert [e["line"] for e in body["errors"]] == [2, 3]
            assert (
                body["errors"][0]["error"] == "not_an_object" and "nothing was published" in body["message"]
            )

            status, body, _ = await post(
                orjson.dumps(article), {**auth, "Content-Type": "application/json; charset=utf-8"}
            )
            assert status == 202 and body["accepted"] == ["push-1"], body
            assert body["results"][0]["outcome"] == "published"
            second = {"article_id": "push-7", "body": "Second article body.", "title": "Two"}
            batch = (
                orjson.dumps(second)
                + b"\n\n"
                + orjson.dumps(dict(article, body=article["body"] + " Updated."))
            )
            status, body, _ = await post(batch + b"\n", {**auth, **ndjson_type})
            assert status == 202 and body["accepted"] == ["push-7", "push-1"]
            assert [r["outcome"] for r in body["results"]] == ["published", "revised"]
            assert body["results"][1]["revision"] == 2
            status, body, _ = await post(orjson.dumps(second), {**auth, **json_type})  # a resend
            assert status == 202 and body["results"][0]["outcome"] == "duplicate"

            async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                assert resp.status == 200
            async with http.get(f"http://127.0.0.1:{port}/status") as resp:
                push_status = next(s for s in (await resp.json())["sources"] if s["name"] == "push")
            assert push_status["published"] == 3 and push_status["duplicates"] == 1

        records = await read_topic(broker, f"{settings.topic_prefix}.articles", 3)
        assert sorted((r.value["article_id"], r.value["revision"]) for r in records) == [
            ("push-1", 1),
            ("push-1", 2),
            ("push-7", 1),
        ]
        first = next(
            r.value for r in records if r.value["revision"] == 1 and r.value["article_id"] == "push-1"
        )
        assert first["published_at"] == "2026-03-08T08:00:00Z" and first["source"] == "Wire One"
        assert all(events.schema_errors(r.value) == [] for r in records)

    asyncio.run(scenario())


def test_sigterm_stops_a_real_ingest_process_cleanly(broker: EmbeddedBroker, tmp_path: Path) -> None:
    """`quotewire ingest` as a process: SIGTERM stops polling, flushes, writes the final status, exits 0."""

    async def scenario() -> None:
        async with Site() as site:
            site.handlers["/feed.json"] = lambda r: doc(json_brackwater(site.base), "application/feed+json")
            settings = make_settings(broker, tmp_path)
            sources_file = tmp_path / "sources.yaml"
            sources_file.write_text(
                "http: {host_delay: 10ms}\n"
                "status: {write_interval: 50ms, serve: false}\n"
                "sources:\n"
                f"  - {{type: feed, name: brackwater, url: '{site.base}/feed.json', interval: 100ms}}\n"
            )
            env = {
                **os.environ,
                "QUOTEWIRE_BROKER": broker.url,
                "QUOTEWIRE_TOPIC_PREFIX": settings.topic_prefix,
                "QUOTEWIRE_DATA_DIR": str(settings.data_dir),
                "QUOTEWIRE_PARTITIONS": "2",
            }
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-c",
                "import sys; from streams.settings import Settings; from streams.ingest import run; "
                "run(Settings(), sys.argv[1])",
                str(sources_file),
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            try:
                await eventually(lambda: source_status(settings, "brackwater")["published"] == 2, "published",
                                 timeout=30)
                proc.send_signal(signal.SIGTERM)
                output, _ = await asyncio.wait_for(proc.communicate(), timeout=15)
            finally:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()
            assert proc.returncode == 0, output.decode()
            assert b"ingest.stopping" in output and b"ingest.stopped" in output
            final = load_status(settings)
            assert final["ready"] is False and final["sources"][0]["published"] == 2
            records = await read_topic(broker, f"{settings.topic_prefix}.articles", 2)
            assert len(records) == 2

    asyncio.run(scenario())


# --- quotewire publish / extract with stdin ------------------------------------------------------------


def run_cli(args: list[str], stdin: bytes, env_extra: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env.update(env_extra, QUOTEWIRE_LOG_LEVEL="warning")
    return subprocess.run(
        [sys.executable, "-m", "streams", *args], input=stdin, env=env, capture_output=True, timeout=60
    )


async def topic_records(broker: EmbeddedBroker, topic: str, *, quiet: float = 1.0) -> list[Record]:
    """Every record of ``topic`` (none when the topic was never created)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=broker.bootstrap)
    await consumer.start()
    try:
        exists = topic in await consumer.topics()
    finally:
        await consumer.stop()
    return await read_topic(broker, topic, 0, quiet=quiet) if exists else []


def test_publish_stdin_plain_text_is_an_article_and_invalid_input_is_refused_before_sending(
    broker: EmbeddedBroker,
) -> None:
    """`printf 'A said x.\\n' | quotewire publish -` used to send the line as JSON, then dead-letter it."""
    prefix = f"pub-{uuid.uuid4().hex[:8]}"
    env = {"QUOTEWIRE_BROKER": broker.url, "QUOTEWIRE_TOPIC_PREFIX": prefix}
    text = run_cli(["publish", "-"], b"The minister said the bridge would reopen.\n", env)
    assert text.returncode == 0 and b"sent 1 record" in text.stdout, text.stderr
    refused = [
        (["publish", "-"], b'{"article_id": "ok", "body": "Fine."}\n{"article_id": "no-body"}\n', b"missing_field"),
        (["publish", "--format", "ndjson", "-"], b"Plain text is not NDJSON.\n", b"--format text"),
        (["publish", "-"], b'{"article_id": "big", "body": "' + b"x" * 1_100_000 + b'"}', b"too_large"),
        (["publish", "-"], b"   \n", b"no article"),
        (["publish", "-"], b'{"article_id": "nul", "body": "\\u0000\\u0000"}', b"empty_body"),
        (["publish", "-"], b'{"article_id": "a\\u0000", "body": "Text."}', b"control characters"),
        (["publish", "-"], b'{"article_id": "far", "body": "x", "published_at": "9999-12-31T23:59:59-23:59"}',
         b"published_at"),
    ]
    for args, data, why in refused:
        answer = run_cli(args, data, env)
        assert answer.returncode != 0 and why in answer.stderr, (args, answer.stderr[-500:])
        assert b"nothing sent" in answer.stderr
    records = asyncio.run(topic_records(broker, f"{prefix}.articles"))
    assert len(records) == 1, [r.value for r in records]
    article = events.parse_article(orjson.dumps(records[0].value), max_body_chars=1_000_000)
    assert article["body"] == "The minister said the bridge would reopen.\n"
    assert article["article_id"].startswith("stdin-")
    assert asyncio.run(topic_records(broker, f"{prefix}.deadletter", quiet=0.3)) == []


def test_extract_reads_stdin() -> None:
    said = b'"We will rebuild the quay by spring," Mayor Anna Berg said on Friday.\n'
    for args, data in [(["extract", "--jsonl", "-"], said),
                       (["extract", "--jsonl", "-"], orjson.dumps({"article_id": "q1", "body": said.decode()}))]:
        answer = run_cli(args, data, {})
        assert answer.returncode == 0, answer.stderr
        (statement,) = [orjson.loads(line) for line in answer.stdout.splitlines()]
        assert statement["speaker"]["name"] == "Anna Berg" and "rebuild the quay" in statement["content"]["text"]


def test_ingest_refuses_loopback_feeds_unless_private_destinations_are_allowed(
    broker: EmbeddedBroker, tmp_path: Path
) -> None:
    """With QUOTEWIRE_ALLOW_PRIVATE_DESTINATIONS off (the default), a feed on 127.0.0.1 is never contacted."""

    async def scenario() -> None:
        async with Site() as site:
            site.handlers["/feed.json"] = lambda r: doc(json_brackwater(site.base), "application/feed+json")
            for allowed in (False, True):
                settings = make_settings(broker, tmp_path, allow_private_destinations=allowed)
                feed = {"type": "feed", "name": "local", "url": f"{site.base}/feed.json", "interval": 0.1,
                        "backoff_base": 0.05, "backoff_max": 0.1}
                async with ingesting(settings, make_sources(settings, [feed])):
                    if allowed:
                        await eventually(lambda s=settings: source_status(s, "local")["published"] == 2, "published")
                    else:
                        await eventually(
                            lambda s=settings: source_status(s, "local")["consecutive_errors"] >= 2, "refused polls"
                        )
                        error = source_status(settings, "local")["last_error"]
                        assert "destination refused" in error and "loopback" in error, error
                        assert site.requests == []
            assert site.seen("/feed.json")

    asyncio.run(scenario())


@pytest.mark.parametrize("kind", ["push", "status"])
def test_a_busy_push_or_status_port_is_one_line_and_exit_78(broker: EmbeddedBroker, tmp_path: Path,
                                                            kind: str) -> None:
    """`quotewire ingest` whose endpoint port is taken: a configuration error naming the port (it was an
    OSError traceback and exit 1), as a worker's busy web port is."""
    port = free_port()
    source = {"type": "push", "port": port} if kind == "push" else {"type": "ndjson", "path": "-"}
    doc: dict[str, Any] = {"sources": [source]}
    if kind == "status":
        doc["status"] = {"serve": True, "port": port}
    sources_file = tmp_path / "sources.yaml"
    sources_file.write_text(orjson.dumps(doc).decode())
    env = {"QUOTEWIRE_BROKER": broker.url, "QUOTEWIRE_SOURCES_FILE": str(sources_file),
           "QUOTEWIRE_DATA_DIR": str(tmp_path / "data"), "QUOTEWIRE_PUSH_TOKEN": TOKEN,
           "QUOTEWIRE_TOPIC_PREFIX": f"busy-{uuid.uuid4().hex[:8]}"}
    with contextlib.closing(socket.socket()) as held:
        held.bind(("127.0.0.1", port))
        held.listen()
        result = run_cli(["ingest"], b"", env)
    stderr = result.stderr.decode()
    assert result.returncode == 78, stderr[-2000:]
    assert f"port {port}" in stderr and "already in use" in stderr and "Traceback" not in stderr
