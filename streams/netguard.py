"""Outbound HTTP that cannot be pointed at this machine or its private network.

Feed URLs, the links of feed items (and wherever they redirect) and webhook URLs
come from outside, so a request to one of them must not reach loopback, private,
link-local or other non-global addresses (server-side request forgery: the cloud
metadata service at 169.254.169.254, an admin port on 127.0.0.1, ...). The check
is made in the connector, where aiohttp turns a host into addresses: after DNS
resolution, for IP literals in any form ``socket`` accepts (``0x7f000001``,
``2130706433``, ``[::1]``), and for every redirect hop, since each hop connects
through the same connector. A refused destination raises ``DestinationRefused``
before any connection is opened.

``QUOTEWIRE_ALLOW_PRIVATE_DESTINATIONS=true`` turns the check off (the tests do,
for their loopback servers).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from aiohttp.abc import ResolveResult
    from aiohttp.tracing import Trace

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

ALLOW_HINT = "set QUOTEWIRE_ALLOW_PRIVATE_DESTINATIONS=true to allow it"
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class DestinationRefused(aiohttp.ClientConnectionError):
    """The destination is not a global address; no connection was made."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        self.host = host
        self.address = address
        self.kind = kind
        where = host if host == address else f"{host} ({address})"
        super().__init__(f"destination refused: {where} is a {kind} address ({ALLOW_HINT})")


def _embedded_v4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64), if any."""
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def address_kind(addr: IPAddress) -> str | None:
    """None for a global unicast address; else what it is (``loopback``, ``private``, ``link-local``, ...)."""
    if isinstance(addr, ipaddress.IPv6Address):
        inner = _embedded_v4(addr)
        if inner is not None:
            return address_kind(inner)
    checks = (
        ("loopback", addr.is_loopback),
        ("link-local", addr.is_link_local),
        ("unspecified", addr.is_unspecified),
        ("multicast", addr.is_multicast),
        ("private", addr.is_private),
        ("reserved", addr.is_reserved),
        ("non-global", not addr.is_global),
    )
    return next((kind for kind, hit in checks if hit), None)


def literal_address(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is one, in any notation the resolver would accept."""
    bare = host.strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if not bare or not all(c in "0123456789abcdefxABCDEFX." for c in bare):
        return None
    try:  # legacy IPv4 forms: 0x7f000001, 2130706433, 127.1, 0177.0.0.1
        return ipaddress.IPv4Address(socket.inet_aton(bare))
    except OSError:
        return None


class GuardedConnector(aiohttp.TCPConnector):
    """A TCPConnector that only connects to global addresses (``exempt`` networks aside)."""

    def __init__(self, *, exempt: Iterable[IPNetwork] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._exempt = tuple(exempt)

    def refusal(self, addr: IPAddress) -> str | None:
        """Why ``addr`` is refused (its kind), or None when it may be connected to."""
        if any(addr.version == net.version and addr in net for net in self._exempt):
            return None
        return address_kind(addr)

    async def _resolve_host(
        self, host: str, port: int, traces: Sequence[Trace] | None = None
    ) -> list[ResolveResult]:
        literal = literal_address(host)
        if literal is not None:
            kind = self.refusal(literal)
            if kind is not None:
                raise DestinationRefused(host, str(literal), kind)
        resolved = await super()._resolve_host(host, port, traces=traces)
        allowed = []
        refused: tuple[str, str] | None = None
        for entry in resolved:
            address = str(entry["host"]).split("%", 1)[0]
            kind = self.refusal(ipaddress.ip_address(address))
            if kind is None:
                allowed.append(entry)
            elif refused is None:
                refused = (address, kind)
        if not allowed:
            address, kind = refused or ("?", "non-global")
            raise DestinationRefused(host, address, kind)
        return allowed


def connector(*, allow_private: bool, exempt: Iterable[IPNetwork] = ()) -> aiohttp.TCPConnector:
    """The connector for outbound requests: guarded unless private destinations are allowed."""
    return aiohttp.TCPConnector() if allow_private else GuardedConnector(exempt=exempt)


def client_session(*, allow_private: bool | None = None, **kwargs: Any) -> aiohttp.ClientSession:
    """An aiohttp session whose connector refuses non-global destinations (see ``connector``).

    ``allow_private`` None means the process settings' ``allow_private_destinations``.
    Proxies from the environment are not used (``trust_env`` stays off), so the check
    sees the real destination.
    """
    if allow_private is None:
        from .settings import get_settings

        allow_private = get_settings().allow_private_destinations
    return aiohttp.ClientSession(connector=connector(allow_private=allow_private), **kwargs)
