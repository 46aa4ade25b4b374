"""Outbound requests refuse loopback, private and link-local destinations before connecting.

Every server here is on loopback and records the connections it gets; nothing is
sent anywhere else. With the guard on, the servers must see no connection at all.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Awaitable, Callable

import aiohttp
import pytest

from streams import netguard
from streams.alerts.sinks import Dispatcher
from streams.alerts.subscriptions import parse_subscriptions
from streams.ingest.fetch import FetchError, fetch_full_text, polite_get
from streams.ingest.politeness import HostLimiter
from streams.settings import Settings

PAGE = (
    b"<html><body><article><p>The private wiki says the vault code is 1234, according to the page.</p>"
    b"<p>It was written on Monday by the staff of the internal admin service.</p></article></body></html>"
)


class Recorder:
    """A tiny HTTP server on ``host`` that counts connections and answers every request the same way."""

    def __init__(self, host: str = "127.0.0.1", *, redirect_to: str | None = None) -> None:
        self.host = host
        self.redirect_to = redirect_to
        self.connections = 0
        self.port = 0
        self._server: asyncio.Server | None = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        await reader.readuntil(b"\r\n\r\n")
        if self.redirect_to:
            head = f"HTTP/1.1 302 Found\r\nLocation: {self.redirect_to}\r\nContent-Length: 0\r\n"
            writer.write(head.encode() + b"Connection: close\r\n\r\n")
        else:
            head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(PAGE)}\r\n"
            writer.write(head.encode() + b"Connection: close\r\n\r\n" + PAGE)
        await writer.drain()
        writer.close()

    async def __aenter__(self) -> Recorder:
        self._server = await asyncio.start_server(self._serve, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(scenario())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.5", "private"),
        ("fd00::1", "private"),
        ("0.0.0.0", "unspecified"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("64:ff9b::7f00:1", "loopback"),
        ("100.64.0.1", "non-global"),
        ("224.0.0.1", "multicast"),
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert netguard.address_kind(ipaddress.ip_address(address)) == kind


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("0x7f000001", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("169.254.169.254", "169.254.169.254"),
        ("example.org", None),
        ("cafe.be", None),
    ],
)
def test_literal_addresses_in_every_notation(host: str, address: str | None) -> None:
    found = netguard.literal_address(host)
    assert (str(found) if found else None) == address


def test_full_text_fetch_to_loopback_is_refused_before_connecting() -> None:
    async def scenario() -> None:
        async with Recorder() as page:
            port = page.port
            urls = [
                f"http://127.0.0.1:{port}/story",
                f"http://localhost:{port}/story",  # refused after DNS resolution
                f"http://0x7f000001:{port}/story",
                f"http://2130706433:{port}/story",
                f"http://[::1]:{port}/story",
                f"http://[::ffff:127.0.0.1]:{port}/story",
            ]
            limiter = HostLimiter(0)
            async with netguard.client_session(allow_private=False) as session:
                for url in urls:
                    with pytest.raises(FetchError) as refused:
                        await fetch_full_text(session, limiter, url, timeout=5, max_bytes=100_000)
                    assert "destination refused" in refused.value.reason, url
                    assert "loopback" in refused.value.reason
                    assert "QUOTEWIRE_ALLOW_PRIVATE_DESTINATIONS" in refused.value.reason
                    assert not refused.value.transient  # the same link fails the same way next time
            assert page.connections == 0
            # The same fetch with private destinations allowed reaches the page: the servers do count.
            async with netguard.client_session(allow_private=True) as session:
                text = await fetch_full_text(session, limiter, urls[0], timeout=5, max_bytes=100_000)
            assert text and "vault code" in text and page.connections == 1

    run(scenario)


def test_every_redirect_hop_is_checked() -> None:
    """A link that redirects to loopback is refused at the hop, before connecting to the target."""

    async def scenario() -> None:
        async with Recorder("127.0.0.1") as target:
            async with Recorder("127.0.0.2", redirect_to=f"http://127.0.0.1:{target.port}/admin") as first:
                # 127.0.0.2 stands in for a public site: exempt it, so only the redirect is refused.
                guard = netguard.connector(
                    allow_private=False, exempt=[ipaddress.ip_network("127.0.0.2/32")]
                )
                async with aiohttp.ClientSession(connector=guard) as session:
                    with pytest.raises(FetchError, match=r"destination refused: 127\.0\.0\.1 is a loopback"):
                        await polite_get(
                            session, HostLimiter(0), f"http://127.0.0.2:{first.port}/", timeout=5,
                            max_bytes=10_000,
                        )
                assert first.connections == 1 and target.connections == 0
                async with netguard.client_session(allow_private=True) as session:
                    resp = await polite_get(
                        session, HostLimiter(0), f"http://127.0.0.2:{first.port}/", timeout=5, max_bytes=10_000
                    )
                assert resp.status == 200 and target.connections == 1

    run(scenario)


def test_webhook_to_loopback_is_refused_and_dead_lettered_with_the_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with Recorder() as hook:
            for host in ("[::1]", "0x7f000001", "localhost", "127.0.0.1"):  # the last one is used below
                (sub,) = parse_subscriptions(
                    f"""
- id: s1
  query: troops
  targets: [{{webhook: {{url: "http://{host}:{hook.port}/hook", secret: "s3cret"}}}}]
""",
                    base_dir=tmp_path,
                )
                settings = Settings(allow_private_destinations=False, webhook_max_attempts=5)
                dispatcher = Dispatcher(settings)
                try:
                    ((_, result),) = await dispatcher.deliver(sub, {"alert_id": "a1", "subscription_id": "s1"})
                finally:
                    await dispatcher.close()
                assert not result.delivered, host
                assert "destination refused" in (result.reason or "") and "loopback" in (result.reason or "")
                assert result.attempts == 1, f"{host}: a refused destination was tried {result.attempts} times"
            assert hook.connections == 0
            dispatcher = Dispatcher(Settings(allow_private_destinations=True, webhook_max_attempts=1))
            try:
                ((_, result),) = await dispatcher.deliver(sub, {"alert_id": "a1", "subscription_id": "s1"})
            finally:
                await dispatcher.close()
            assert hook.connections == 1

    run(scenario)
