"""Delivery sinks: where an alert goes besides the alerts topic (webhook, console, file).

Every sink has one coroutine, ``deliver(alert) -> DeliveryResult``, and never raises
for a failed delivery: the result says delivered or failed, why, and after how
many attempts, so the consumer can dead-letter (``dead_letter``) and move on.

Webhooks are signed Stripe-style. ``X-Quotewire-Signature: t=<unix ts>,v1=<hex>``
where ``<hex>`` is HMAC-SHA256, keyed with the subscription's secret, over
``"<ts>.<raw body>"``. A receiver recomputes it over the bytes it received
(``verify_signature`` does that), compares in constant time, and refuses timestamps
older than its tolerance, which defeats replays of a captured request.
``X-Quotewire-Alert-Id`` carries the alert id, stable across retries and replays,
so receivers can dedupe too.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import random
import re
import sys
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TextIO

import aiohttp

from .. import events, netguard
from ..contracts import AlertEvent, DeadLetterEvent
from ..http_headers import retry_after_seconds
from .subscriptions import ConsoleTarget, FileTarget, Subscription, TopicTarget, WebhookTarget

SIGNATURE_HEADER = "X-Quotewire-Signature"
ALERT_ID_HEADER = "X-Quotewire-Alert-Id"
SUBSCRIPTION_HEADER = "X-Quotewire-Subscription-Id"
ATTEMPT_HEADER = "X-Quotewire-Attempt"
WHSEC_PREFIX = "whsec_"
DEFAULT_TOLERANCE_S = 300.0
RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))
_BODY_IN_REASON = 200  # characters of a failing response body kept in the reason


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """How one delivery ended. ``error`` is a machine-readable code (http_503, timeout, …)."""

    delivered: bool
    attempts: int = 1
    error: str | None = None
    reason: str | None = None
    status: int | None = None
    elapsed_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Try:
    """One try of a delivery: its result, and whether another try may succeed (after ``wait`` s, if given)."""

    result: DeliveryResult
    retry: bool = False
    wait: float | None = None


class Sink(Protocol):
    """A delivery target for alerts."""

    name: str

    async def deliver(self, alert: AlertEvent) -> DeliveryResult: ...

    async def close(self) -> None: ...


# --- signatures ---------------------------------------------------------------------------------

def sign(body: bytes, secret: str | Sequence[str], timestamp: int) -> str:
    """The signature header value for ``body`` sent at ``timestamp`` (unix seconds), one ``v1`` per secret."""
    secrets = [secret] if isinstance(secret, str) else secret
    macs = (hmac.new(s.encode("utf-8"), f"{timestamp}.".encode("ascii") + body, hashlib.sha256) for s in secrets)
    return f"t={timestamp}," + ",".join(f"v1={mac.hexdigest()}" for mac in macs)


def standard_key(secret: str) -> bytes:
    """The HMAC key of a secret for Standard Webhooks: the base64 after ``whsec_``, else its UTF-8 bytes."""
    if secret.startswith(WHSEC_PREFIX):
        return base64.b64decode(secret[len(WHSEC_PREFIX):])
    return secret.encode("utf-8")


def standard_signature(msg_id: str, timestamp: int, body: bytes, secrets: Sequence[str]) -> str:
    """The ``webhook-signature`` value: ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` per secret."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return " ".join("v1," + base64.b64encode(hmac.new(standard_key(s), signed, hashlib.sha256).digest()).decode()
                    for s in secrets)


def verify_signature(
    body: bytes,
    header: str | None,
    secret: str,
    tolerance_s: float = DEFAULT_TOLERANCE_S,
    *,
    now: float | None = None,
) -> bool:
    """True when ``header`` signs exactly ``body`` with ``secret`` within ``tolerance_s`` of now.

    For receivers: pass the raw request body (before any JSON parsing). Several ``v1=``
    entries are accepted (any one valid), which allows for rotating secrets.
    """
    if not header:
        return False
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance_s:
        return False
    expected = sign(body, secret, timestamp).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, c) for c in candidates)


# --- webhook ------------------------------------------------------------------------------------

class WebhookSink:
    """POST the alert JSON to a URL, signed; retry with full-jitter exponential backoff.

    Retried: 5xx, 408, 429, timeouts and connection errors (Retry-After on 429/503 is
    honoured, capped at ``backoff_max``). Not retried: other 4xx and redirects, which
    need the receiver fixed, not patience. Gives up after ``max_attempts``.
    """

    name = "webhook"

    def __init__(
        self,
        url: str,
        secret: str | Sequence[str],
        *,
        subscription_id: str | None = None,
        max_attempts: int = 6,
        timeout: float = 5.0,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        session: aiohttp.ClientSession | None = None,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self.url = url
        self.secrets: tuple[str, ...] = (secret,) if isinstance(secret, str) else tuple(secret)
        if not self.secrets:
            raise ValueError("a webhook needs a secret")
        self.secret = self.secrets[0]
        self.gone: str | None = None  # why the receiver answered 410 Gone: no further request is sent
        self.subscription_id = subscription_id
        self.max_attempts = max_attempts
        self.timeout = timeout
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self._session = session
        self._own_session = session is None
        self._sleep = sleep
        self._rand = rand
        self._clock = clock

    @classmethod
    def from_settings(
        cls, url: str, secret: str | Sequence[str], settings: Any, **kwargs: Any
    ) -> WebhookSink:
        """A sink with the retry and timeout settings (``webhook_*``) of ``settings``."""
        return cls(
            url,
            secret,
            max_attempts=settings.webhook_max_attempts,
            timeout=settings.webhook_timeout,
            backoff_base=settings.webhook_backoff_base,
            backoff_max=settings.webhook_backoff_max,
            **kwargs,
        )

    def backoff(self, attempt: int) -> float:
        """Delay after failed try ``attempt`` (1-based): uniform in [d/2, d], d = min(max, base·2^(attempt-1)).

        "Equal jitter": spread like full jitter, but the retries are guaranteed to span at least half
        the schedule (with the defaults, 12 tries over 90-180 s), so a receiver that is down for a
        minute still gets its alerts.
        """
        ceiling = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return ceiling / 2 + self._rand() * ceiling / 2

    def _session_for_use(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = netguard.client_session()  # refuses loopback/private unless allowed
            self._own_session = True
        return self._session

    async def close(self) -> None:
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()

    async def __aenter__(self) -> WebhookSink:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def deliver(self, alert: AlertEvent) -> DeliveryResult:
        """Every try, with backoff in between, until one is final (delivered, refused, or the last)."""
        body, started = events.dumps(alert), time.monotonic()
        for attempt in range(1, self.max_attempts + 1):
            outcome = await self.attempt(alert, attempt, body=body, started=started)
            if not outcome.retry:
                return outcome.result
            if attempt < self.max_attempts:
                await self._sleep(self.retry_delay(attempt, outcome.wait))
        return self.give_up(outcome, started)

    def retry_delay(self, attempt: int, wait: float | None) -> float:
        """Delay after failed try ``attempt``: the backoff, or the receiver's Retry-After (capped)."""
        return self.backoff(attempt) if wait is None else min(wait, self.backoff_max)

    def give_up(self, last: Try, started: float) -> DeliveryResult:
        """The final result once ``max_attempts`` tries failed, the last one as ``last``."""
        r = last.result
        return DeliveryResult(False, self.max_attempts, r.error,
                              f"gave up after {self.max_attempts} attempt(s); last: {r.reason}",
                              r.status, time.monotonic() - started)

    def headers(self, alert: AlertEvent, body: bytes, attempt: int) -> dict[str, str]:
        """The request headers of try ``attempt``: content type, both signatures, alert id."""
        now, alert_id = int(self._clock()), str(alert.get("alert_id", ""))
        return {
            "Content-Type": "application/json",
            "User-Agent": "quotewire-webhook/1",
            SIGNATURE_HEADER: sign(body, self.secrets, now),
            "webhook-id": alert_id,
            "webhook-timestamp": str(now),
            "webhook-signature": standard_signature(alert_id, now, body, self.secrets),
            ALERT_ID_HEADER: alert_id,
            SUBSCRIPTION_HEADER: str(alert.get("subscription_id") or self.subscription_id or ""),
            ATTEMPT_HEADER: str(attempt),
        }

    async def attempt(
        self, alert: AlertEvent, attempt: int, *, body: bytes | None = None, started: float | None = None
    ) -> Try:
        """One POST of ``alert`` (try number ``attempt``): delivered, refused, or worth retrying."""
        body = events.dumps(alert) if body is None else body
        started = time.monotonic() if started is None else started
        if self.gone:
            return Try(DeliveryResult(False, attempt, "gone", f"target disabled: {self.gone}", 410))
        session = self._session_for_use()
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        try:
            async with session.post(
                self.url, data=body, headers=self.headers(alert, body, attempt), timeout=timeout,
                allow_redirects=False,
            ) as resp:
                return await self._answer(resp, attempt, started)
        except TimeoutError:
            error, reason = "timeout", f"no response within {self.timeout:g}s"
        except netguard.DestinationRefused as exc:  # the same address is refused on every try: no retry
            return Try(DeliveryResult(False, attempt, "destination_refused", str(exc), None,
                                      time.monotonic() - started))
        except (aiohttp.ClientError, OSError) as exc:
            error, reason = "connection_error", f"{type(exc).__name__}: {exc}"
        return Try(DeliveryResult(False, attempt, error, reason, None, time.monotonic() - started), retry=True)

    async def _answer(self, resp: aiohttp.ClientResponse, attempt: int, started: float) -> Try:
        status = resp.status
        if 200 <= status < 300:
            return Try(DeliveryResult(True, attempt, status=status, elapsed_s=time.monotonic() - started))
        text = (await resp.content.read(_BODY_IN_REASON)).decode("utf-8", "replace").strip()
        error = f"http_{status}"
        reason = f"HTTP {status} {resp.reason or ''}".rstrip() + (f": {text}" if text else "")
        wait = retry_after_seconds(resp.headers.get("Retry-After"), self._clock()) if status in (429, 503) else None
        if 300 <= status < 400:
            error = "redirect"
            reason = f"HTTP {status} redirect to {resp.headers.get('Location', '?')} (not followed: fix the URL)"
        if status == 410:  # Standard Webhooks: the receiver wants no more; disable the target
            self.gone = f"410 Gone at {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(self._clock()))}"
            error, reason = "gone", f"{reason} (target disabled)"
        result = DeliveryResult(False, attempt, error, reason, status, time.monotonic() - started)
        return Try(result, retry=status in RETRY_STATUSES, wait=wait)


def dead_letter(
    alert: AlertEvent, result: DeliveryResult, *, origin: events.Origin | None = None
) -> DeadLetterEvent:
    """The dead-letter event (stage ``webhook``) for an alert a sink failed to deliver."""
    statement = alert.get("statement") or {}
    return events.build_dead_letter(
        "webhook",
        result.error or "delivery_failed",
        result.reason or "delivery failed",
        events.dumps(alert),
        origin=origin,
        article_id=statement.get("article_id"),
        statement_id=statement.get("statement_id"),
        subscription_id=alert.get("subscription_id"),
        attempts=result.attempts,
        trace_id=alert.get("trace_id"),
    )


# --- local sinks ----------------------------------------------------------------------------------

def format_alert(alert: AlertEvent) -> str:
    """One readable line: subscription, speaker (role), kind, the quote, why it matched."""
    st: Mapping[str, Any] = alert.get("statement") or {}
    sp: Mapping[str, Any] = st.get("speaker") or {}
    who = sp.get("name") or (sp.get("mention") or {}).get("text") or "(no speaker)"
    role = ", ".join(x for x in (sp.get("title"), sp.get("organization"), sp.get("country")) if x)
    text = " ".join(str((st.get("content") or {}).get("text", "")).split()).strip('"\u201c\u201d')
    if len(text) > 160:
        text = text[:159] + "…"
    matched = alert.get("matched") or {}
    fields = (matched.get("fields") or {}).items()
    why = ", ".join([*matched.get("terms", []), *(f"{k}:{v}" for k, v in fields)])
    more = f" (+{len(alert['digest'])} more)" if alert.get("digest") else ""
    line = (f"[{alert.get('subscription_id')}] {who}" + (f" ({role})" if role else "")
            + f" {st.get('kind', '?')}: \u201c{text}\u201d" + (f" — matched {why}" if why else "") + more)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line)


# Control characters (ANSI escapes, carriage returns...) from article text must not drive the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ConsoleSink:
    """Prints one readable line per alert (to stdout unless given a stream)."""

    name = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    async def deliver(self, alert: AlertEvent) -> DeliveryResult:
        stream = self.stream or sys.stdout
        try:
            print(format_alert(alert), file=stream, flush=True)
        except (OSError, ValueError) as exc:
            return DeliveryResult(False, 1, "console_error", str(exc))
        return DeliveryResult(True, 1)

    async def close(self) -> None:
        return None


class FileSink:
    """Appends each alert as one JSON line to a file (created with its directory if needed)."""

    name = "file"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def _append(self, line: bytes) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as out:
            out.write(line)

    async def deliver(self, alert: AlertEvent) -> DeliveryResult:
        try:
            await asyncio.to_thread(self._append, events.dumps(alert) + b"\n")
        except OSError as exc:
            return DeliveryResult(False, 1, "file_error", f"cannot append to {self.path}: {exc}")
        return DeliveryResult(True, 1)

    async def close(self) -> None:
        return None


def build_sinks(
    subscription: Subscription,
    settings: Any,
    *,
    session: aiohttp.ClientSession | None = None,
    console: TextIO | None = None,
) -> list[Sink]:
    """The sinks of a subscription's targets (the topic target needs none: the consumer writes it).

    Pass one shared ``session`` for all webhooks of a process. Raises SubscriptionError
    when a webhook's ``secret_env`` is not set.
    """
    sinks: list[Sink] = []
    for target in subscription.targets:
        if isinstance(target, WebhookTarget):
            if target.gone:
                continue  # disabled: its receiver answered 410 Gone
            sinks.append(WebhookSink.from_settings(
                target.url, target.resolve_secrets(), settings,
                subscription_id=subscription.id, session=session,
            ))
        elif isinstance(target, ConsoleTarget):
            sinks.append(ConsoleSink(console))
        elif isinstance(target, FileTarget):
            sinks.append(FileSink(target.path))
        elif isinstance(target, TopicTarget):
            continue
    return sinks


class _MisconfiguredSink:
    """Stands in for a sink that cannot be built (its secret's variable is unset): fails each delivery."""

    name = "webhook"

    def __init__(self, reason: str) -> None:
        self.reason = reason

    async def deliver(self, alert: AlertEvent) -> DeliveryResult:
        return DeliveryResult(False, 0, "config_error", self.reason)

    async def close(self) -> None:
        return None


class Dispatcher:
    """Each subscription's sinks, built once (rebuilt when the subscription changes), fed concurrently.

    One aiohttp session is shared by every webhook; ``close()`` it on shutdown.
    """

    def __init__(self, settings: Any, *, session: aiohttp.ClientSession | None = None,
                 console: TextIO | None = None) -> None:
        self.settings = settings
        self.console = console
        self._session = session
        self._own_session = session is None
        self._sinks: dict[str, tuple[Any, list[Sink]]] = {}

    def sinks(self, subscription: Subscription) -> list[Sink]:
        cached = self._sinks.get(subscription.id)
        if cached is not None and cached[0] == subscription.raw:
            return cached[1]
        if self._session is None or self._session.closed:
            self._session = netguard.client_session(
                allow_private=getattr(self.settings, "allow_private_destinations", None))
            self._own_session = True
        try:
            built = build_sinks(subscription, self.settings, session=self._session, console=self.console)
        except ValueError as exc:  # SubscriptionError: a webhook secret's variable is unset
            built = [_MisconfiguredSink(str(exc))]
        self._sinks[subscription.id] = (subscription.raw, built)
        return built

    async def deliver(
        self, subscription: Subscription, alert: AlertEvent
    ) -> list[tuple[Sink, DeliveryResult]]:
        """Deliver ``alert`` to every sink of ``subscription`` at once; one result per sink."""
        sinks = self.sinks(subscription)
        results = await asyncio.gather(*(sink.deliver(alert) for sink in sinks))
        return list(zip(sinks, results, strict=True))

    def forget(self, subscription_id: str) -> None:
        """Drop a removed subscription's sinks."""
        self._sinks.pop(subscription_id, None)

    async def close(self) -> None:
        if self._own_session and self._session is not None and not self._session.closed:
            await self._session.close()
