"""Delivery sinks against a real HTTP receiver on 127.0.0.1: signatures, retries, give-up, timeouts."""
from __future__ import annotations

import asyncio
import base64
import io
import json
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from alerts_fixtures import statement

from streams import events
from streams.alerts.match import match
from streams.alerts.sinks import (
    ALERT_ID_HEADER,
    SIGNATURE_HEADER,
    ConsoleSink,
    FileSink,
    WebhookSink,
    build_sinks,
    dead_letter,
    format_alert,
    sign,
    verify_signature,
)
from streams.alerts.subscriptions import parse_subscriptions
from streams.settings import Settings

SECRET = "whsec-test-0123456789"


def make_alert() -> dict[str, Any]:
    event = statement("North Korean troops are stationed near Kursk", kind="indirect",
                      name="Vasiliy Nebenzija", title="UN envoy", country="Russia")
    why = match("troop* country:Russia", event)
    assert why is not None
    return why.alert("ru-troops", event)


Reply = int | tuple[int, dict[str, str]] | Callable[[], Awaitable[web.StreamResponse]]


@dataclass
class Receiver:
    """A webhook endpoint that answers with a script of replies (the last one repeats)."""

    script: list[Reply]
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    @property
    def accepted(self) -> list[dict[str, Any]]:
        """Requests answered 2xx with a valid signature: what the subscriber actually processed."""
        return [r for r in self.requests if r["valid"] and 200 <= r["status"] < 300]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        record = {"body": body, "headers": dict(request.headers), "status": 0,
                  "valid": verify_signature(body, request.headers.get(SIGNATURE_HEADER), SECRET, 300)}
        self.requests.append(record)
        reply = self.script[min(len(self.requests), len(self.script)) - 1]
        if callable(reply):
            response = await reply()
        elif isinstance(reply, tuple):
            response = web.Response(status=reply[0], headers=reply[1], text=f"reply {reply[0]}")
        else:
            response = web.Response(status=reply, text="ok" if reply < 300 else f"failing with {reply}")
        record["status"] = response.status
        return response

    async def __aenter__(self) -> Receiver:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.2)  # don't wait out slow handlers
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


class Sleeps:
    """Records backoff delays instead of waiting them out."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


def sink_for(receiver: Receiver, **kwargs: Any) -> WebhookSink:
    options: dict[str, Any] = dict(max_attempts=6, timeout=2.0, backoff_base=0.01, backoff_max=0.05)
    options.update(kwargs)
    return WebhookSink(receiver.url, SECRET, subscription_id="ru-troops", **options)


def test_fails_twice_then_delivers_exactly_once() -> None:
    alert = make_alert()

    async def run() -> tuple[Any, Receiver]:
        async with Receiver([503, 503, 200]) as receiver, sink_for(receiver) as sink:
            return await sink.deliver(alert), receiver

    result, receiver = asyncio.run(run())
    assert result.delivered and result.attempts == 3 and result.status == 200 and result.error is None
    assert len(receiver.requests) == 3
    assert len(receiver.accepted) == 1  # the subscriber processed it once
    for n, request in enumerate(receiver.requests, start=1):
        assert request["valid"], "every attempt carries a valid signature"
        assert json.loads(request["body"]) == alert
        assert request["headers"][ALERT_ID_HEADER] == alert["alert_id"]
        assert request["headers"]["X-Quotewire-Attempt"] == str(n)
        assert request["headers"]["Content-Type"] == "application/json"


def test_gives_up_after_max_attempts_with_a_dead_letter() -> None:
    alert = make_alert()

    async def run() -> tuple[Any, Receiver]:
        async with Receiver([500]) as receiver, sink_for(receiver, max_attempts=4) as sink:
            return await sink.deliver(alert), receiver

    result, receiver = asyncio.run(run())
    assert not result.delivered and result.attempts == 4 and len(receiver.requests) == 4
    assert result.error == "http_500" and result.status == 500
    assert result.reason == (
        "gave up after 4 attempt(s); last: HTTP 500 Internal Server Error: failing with 500")
    letter = dead_letter(alert, result, origin=events.Origin("quotewire.alerts", 2, 41))
    assert events.schema_errors(letter) == []
    assert (letter["stage"], letter["error"], letter["attempts"]) == ("webhook", "http_500", 4)
    assert letter["subscription_id"] == "ru-troops"
    assert letter["statement_id"] == alert["statement"]["statement_id"]
    assert json.loads(base64.b64decode(letter["original"])) == alert
    assert letter["offset"] == 41


@pytest.mark.parametrize("status", [400, 401, 404, 410, 422])
def test_client_errors_are_not_retried(status: int) -> None:
    async def run() -> tuple[Any, Receiver]:
        async with Receiver([status, 200]) as receiver, sink_for(receiver) as sink:
            return await sink.deliver(make_alert()), receiver

    result, receiver = asyncio.run(run())
    assert not result.delivered and result.attempts == 1 and len(receiver.requests) == 1
    assert result.error == (f"http_{status}" if status != 410 else "gone")  # 410 also disables the target
    assert f"failing with {status}" in (result.reason or "")


def test_redirects_are_not_followed() -> None:
    async def run() -> tuple[Any, Receiver]:
        async with Receiver([(302, {"Location": "http://127.0.0.1:1/elsewhere"})]) as receiver, \
                sink_for(receiver) as sink:
            return await sink.deliver(make_alert()), receiver

    result, receiver = asyncio.run(run())
    assert not result.delivered and result.error == "redirect" and len(receiver.requests) == 1
    assert "http://127.0.0.1:1/elsewhere" in (result.reason or "")


@pytest.mark.parametrize("status", [408, 429])
def test_408_and_429_are_retried(status: int) -> None:
    async def run() -> tuple[Any, Receiver]:
        async with Receiver([status, 200]) as receiver, sink_for(receiver) as sink:
            return await sink.deliver(make_alert()), receiver

    result, _ = asyncio.run(run())
    assert result.delivered and result.attempts == 2


def test_retry_after_is_honoured_within_the_backoff_cap() -> None:
    sleeps = Sleeps()

    async def run() -> Any:
        script: list[Reply] = [(429, {"Retry-After": "2"}), (503, {"Retry-After": "3600"}), (503, {}), 200]
        async with Receiver(script) as receiver, sink_for(
            receiver, sleep=sleeps, backoff_base=1.0, backoff_max=10.0, rand=lambda: 0.5
        ) as sink:
            return await sink.deliver(make_alert())

    result = asyncio.run(run())
    assert result.delivered and result.attempts == 4
    # 429 asked for 2 s; 503 asked for an hour, capped at backoff_max; then jittered backoff
    # (equal jitter: half of 1 · 2² plus 0.5 of the other half)
    assert sleeps.delays == [2.0, 10.0, 3.0]


def test_backoff_is_exponential_with_equal_jitter_and_capped() -> None:
    sink = WebhookSink("http://127.0.0.1:1/", SECRET, backoff_base=0.5, backoff_max=30.0, rand=lambda: 1.0)
    assert [sink.backoff(n) for n in range(1, 9)] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0]
    sink._rand = lambda: 0.0
    # equal jitter: never less than half the step, so the retries always span at least half the schedule
    assert sink.backoff(5) == 4.0
    assert sum(sink.backoff(n) for n in range(1, 12)) >= 90.0  # defaults: a receiver down a minute is covered


def test_a_slow_receiver_times_out_and_is_retried() -> None:
    replied: list[bool] = []

    async def slow() -> web.Response:
        await asyncio.sleep(60)  # cut short when the receiver stops (its shutdown_timeout is 0.2 s)
        replied.append(True)
        return web.Response(status=200)

    async def run() -> tuple[Any, Receiver]:
        async with Receiver([slow, 200]) as receiver, sink_for(receiver, timeout=0.2) as sink:
            return await sink.deliver(make_alert()), receiver

    result, receiver = asyncio.run(run())
    assert result.delivered and result.attempts == 2 and len(receiver.requests) == 2
    assert not replied  # gave up on the slow reply after the timeout, did not wait for it (no wall time:
    # a loaded machine can stretch the 0.2 s timeouts and the backoff by seconds)


def test_timeouts_until_giving_up() -> None:
    replied: list[bool] = []

    async def slow() -> web.Response:
        await asyncio.sleep(60)  # cut short when the receiver stops
        replied.append(True)
        return web.Response(status=200)

    async def run() -> Any:
        async with Receiver([slow]) as receiver, sink_for(receiver, timeout=0.1, max_attempts=3) as sink:
            return await sink.deliver(make_alert())

    result = asyncio.run(run())
    assert not result.delivered and result.attempts == 3 and result.error == "timeout"
    assert result.reason == "gave up after 3 attempt(s); last: no response within 0.1s"
    assert not replied  # each try gave up after its timeout instead of waiting for the reply


def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    async def run() -> Any:
        async with WebhookSink(f"http://127.0.0.1:{port}/hook", SECRET, max_attempts=3,
                               backoff_base=0.01, backoff_max=0.01) as sink:
            return await sink.deliver(make_alert())

    result = asyncio.run(run())
    assert not result.delivered and result.attempts == 3 and result.error == "connection_error"


def test_a_shared_session_is_left_open() -> None:
    import aiohttp

    async def run() -> bool:
        async with Receiver([200]) as receiver, aiohttp.ClientSession() as session:
            sink = WebhookSink(receiver.url, SECRET, session=session)
            assert (await sink.deliver(make_alert())).delivered
            await sink.close()
            return session.closed

    assert asyncio.run(run()) is False


# --- signatures, as a receiver checks them ---------------------------------------------------------

def test_verify_signature() -> None:
    body = b'{"alert_id":"al_1"}'
    now = 1_700_000_000
    header = sign(body, SECRET, now)
    assert header.startswith(f"t={now},v1=") and len(header.split("v1=")[1]) == 64
    assert verify_signature(body, header, SECRET, 300, now=now + 299)
    assert not verify_signature(body + b" ", header, SECRET, now=now)  # tampered body
    assert not verify_signature(body, header, "other-secret", now=now)  # wrong secret
    assert not verify_signature(body, header, SECRET, 300, now=now + 301)  # replayed later
    assert not verify_signature(body, header, SECRET, 300, now=now - 301)  # from the future
    assert not verify_signature(body, header.replace(f"t={now}", f"t={now + 1}"), SECRET, now=now)
    for malformed in ("", None, "v1=abc", f"t={now}", "t=x,v1=00", "garbage"):
        assert not verify_signature(body, malformed, SECRET, now=now)
    rotated = f"t={now},v1={'0' * 64},{header.split(',')[1]}"  # several v1: any valid one will do
    assert verify_signature(body, rotated, SECRET, now=now)


# --- local sinks and building sinks from a subscription ---------------------------------------------

def test_console_sink_prints_one_readable_line() -> None:
    out = io.StringIO()
    alert = make_alert()
    result = asyncio.run(ConsoleSink(out).deliver({**alert, "digest": [alert["statement"]]}))
    assert result.delivered
    line = out.getvalue()
    assert line.count("\n") == 1
    assert line == ("[ru-troops] Vasiliy Nebenzija (UN envoy, Russia) indirect: "
                    "\u201cNorth Korean troops are stationed near Kursk\u201d"
                    " — matched troop*, country:Russia (+1 more)\n")
    assert format_alert(alert) == line.rstrip("\n").removesuffix(" (+1 more)")


def test_file_sink_appends_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "out" / "alerts.jsonl"
    sink = FileSink(path)
    first, second = make_alert(), {**make_alert(), "subscription_id": "other"}

    async def run() -> None:
        assert (await sink.deliver(first)).delivered
        assert (await sink.deliver(second)).delivered

    asyncio.run(run())
    assert [json.loads(line) for line in path.read_text().splitlines()] == [first, second]
    blocked = FileSink(tmp_path / "out" / "alerts.jsonl" / "x")  # a file is in the way
    result = asyncio.run(blocked.deliver(first))
    assert not result.delivered and result.error == "file_error"


def test_build_sinks_from_a_subscription(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (sub,) = parse_subscriptions("""
- id: all
  query: troops
  targets:
    - console
    - topic
    - file: alerts.jsonl
    - webhook: {url: "https://example.org/hook", secret_env: HOOK_SECRET}
""", base_dir=tmp_path)
    settings = Settings(webhook_max_attempts=3, webhook_timeout=1.5, webhook_backoff_base=0.2,
                        webhook_backoff_max=4.0)
    monkeypatch.setenv("HOOK_SECRET", "from-env")
    console, file, hook = build_sinks(sub, settings)  # the topic needs no sink
    assert isinstance(console, ConsoleSink)
    assert isinstance(file, FileSink) and file.path == tmp_path / "alerts.jsonl"
    assert isinstance(hook, WebhookSink) and hook.secret == "from-env"
    assert hook.url == "https://example.org/hook"
    assert (hook.max_attempts, hook.timeout, hook.backoff_base, hook.backoff_max) == (3, 1.5, 0.2, 4.0)
    monkeypatch.delenv("HOOK_SECRET")
    with pytest.raises(ValueError, match="HOOK_SECRET"):
        build_sinks(sub, settings)


def test_dispatcher_delivers_to_every_target_and_reuses_sinks(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from streams.alerts.sinks import Dispatcher

    out = io.StringIO()
    alert = make_alert()
    monkeypatch.delenv("UNSET_HOOK_SECRET", raising=False)

    async def run() -> tuple[list[Any], list[Any], Receiver]:
        async with Receiver([200]) as receiver:
            (sub,) = parse_subscriptions(f"""
- id: ru-troops
  query: troops
  targets: [console, {{file: a.jsonl}}, {{webhook: {{url: "{receiver.url}", secret: "{SECRET}"}}}}]
""", base_dir=tmp_path)
            (broken,) = parse_subscriptions(f"""
- id: broken
  query: troops
  targets: [{{webhook: {{url: "{receiver.url}", secret_env: UNSET_HOOK_SECRET}}}}]
""", base_dir=tmp_path)
            dispatcher = Dispatcher(Settings(webhook_max_attempts=2), console=out)
            try:
                results = await dispatcher.deliver(sub, alert)
                assert dispatcher.sinks(sub) is dispatcher.sinks(sub)  # built once
                failed = await dispatcher.deliver(broken, alert)
            finally:
                await dispatcher.close()
            return results, failed, receiver

    results, failed, receiver = asyncio.run(run())
    assert [(sink.name, result.delivered) for sink, result in results] == [
        ("console", True), ("file", True), ("webhook", True)]
    assert len(receiver.accepted) == 1 and out.getvalue().startswith("[ru-troops]")
    assert json.loads((tmp_path / "a.jsonl").read_text()) == alert
    ((_, result),) = failed  # a webhook whose secret is missing fails each delivery, with the reason
    assert not result.delivered and result.error == "config_error"
    assert "UNSET_HOOK_SECRET" in (result.reason or "")
    assert events.schema_errors(dead_letter(alert, result)) == []


def test_console_line_does_not_pass_terminal_control_characters_through() -> None:
    from streams.alerts import format_alert

    alert = make_alert()
    alert["statement"]["content"]["text"] = "red \x1b[31malert\x1b[0m\r over"
    line = format_alert(alert)
    assert "\x1b" not in line and "\r" not in line and "\\x1b[31malert" in line
