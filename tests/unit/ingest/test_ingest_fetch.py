"""Bounded, polite GETs and main-text extraction."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import web

from streams.ingest.fetch import (
    FetchError,
    extract_main_text,
    fetch_full_text,
    polite_get,
    retry_after_seconds,
)
from streams.ingest.politeness import HostLimiter

PAGE = """<html><head><title>Quay wall repaired</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Quay wall repaired</h1>
<p>Workers finished repairing the old quay wall in Saltings on Friday, three weeks ahead of schedule.</p>
<p>"The stone was in better shape than we feared," said Oskar Lind, the engineer in charge of the works.</p>
<p>The quay will reopen to fishing boats on Monday morning, the harbour office said in a short notice.</p>
</article>
<footer>Saltings Weekly. All rights reserved. Contact the newsroom.</footer></body></html>"""


def test_extract_keeps_paragraphs_and_drops_title_and_boilerplate() -> None:
    text = extract_main_text(PAGE.encode(), url="https://saltings.example/quay", title="Quay wall repaired")
    assert text is not None
    lines = text.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("Workers finished") and lines[1].startswith('"The stone was in better shape')
    assert "Home" not in text and "All rights reserved" not in text


def test_extract_nothing() -> None:
    assert extract_main_text(b"<html><body></body></html>") is None


def test_retry_after() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def with_server(routes: dict[str, web.Response | str], test) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        app = web.Application()

        def handler_for(answer):  # type: ignore[no-untyped-def]
            async def handler(request: web.Request) -> web.StreamResponse:
                if answer == "slow":
                    await asyncio.sleep(2)
                    return web.Response(text="late")
                if answer == "chunked":
                    resp = web.StreamResponse()
                    await resp.prepare(request)
                    for _ in range(10):
                        await resp.write(b"z" * 500)
                    await resp.write_eof()
                    return resp
                return answer

            return handler

        for path, answer in routes.items():
            app.router.add_get(path, handler_for(answer))
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            async with aiohttp.ClientSession() as session:
                await test(session, base)
        finally:
            await runner.cleanup()

    asyncio.run(scenario())


def test_limits_timeouts_and_status_errors() -> None:
    routes = {
        "/big": web.Response(body=b"x" * 5000),
        "/chunked": "chunked",
        "/slow": "slow",
        "/page": web.Response(text=PAGE, content_type="text/html"),
        "/missing": web.Response(status=404),
        "/busy": web.Response(status=503, headers={"Retry-After": "7"}),
        "/pdf": web.Response(body=b"%PDF", content_type="application/pdf"),
    }

    async def test(session: aiohttp.ClientSession, base: str) -> None:
        limiter = HostLimiter(0)
        with pytest.raises(FetchError, match="exceeds the limit") as big:
            await polite_get(session, limiter, f"{base}/big", timeout=5, max_bytes=1000)
        assert not big.value.transient
        with pytest.raises(FetchError, match="exceeds the limit"):
            await polite_get(session, limiter, f"{base}/chunked", timeout=5, max_bytes=1000)
        with pytest.raises(FetchError, match="timed out") as slow:
            await polite_get(session, limiter, f"{base}/slow", timeout=0.2, max_bytes=1000)
        assert slow.value.transient
        with pytest.raises(FetchError, match="ClientConnectorError"):
            await polite_get(session, limiter, "http://127.0.0.1:1/x", timeout=2, max_bytes=1000)
        text = await fetch_full_text(
            session, limiter, f"{base}/page", timeout=5, max_bytes=100_000, title="Quay wall repaired"
        )
        assert text is not None and text.count("\n") == 2
        with pytest.raises(FetchError) as missing:
            await fetch_full_text(session, limiter, f"{base}/missing", timeout=5, max_bytes=1000)
        assert missing.value.status == 404 and not missing.value.transient
        with pytest.raises(FetchError) as busy:
            await fetch_full_text(session, limiter, f"{base}/busy", timeout=5, max_bytes=1000)
        assert busy.value.transient and busy.value.retry_after == 7.0
        with pytest.raises(FetchError, match="not an HTML page"):
            await fetch_full_text(session, limiter, f"{base}/pdf", timeout=5, max_bytes=1000)

    with_server(routes, test)
