"""Standard Webhooks (issue 18): every webhook request also carries webhook-id, webhook-timestamp and
webhook-signature, checked here by the ``standardwebhooks`` package as an independent receiver; secret
rotation signs with several secrets during the overlap; 410 Gone disables the target."""
from __future__ import annotations

import asyncio
import base64
from pathlib import Path
from typing import Any

import pytest
import standardwebhooks
from aiohttp import web
from click.testing import CliRunner
from test_alerts_delivery import FakeHost, Log, alert_for

from streams.alerts import Dispatcher, SubscriptionSet, verify_signature
from streams.alerts.delivery import Deliveries, Outcome
from streams.alerts.sinks import SIGNATURE_HEADER, WebhookSink
from streams.alerts.subscriptions import SubscriptionError, mark_gone, parse_subscriptions
from streams.settings import Settings

NEW = "whsec_" + base64.b64encode(b"the new key, 24 bytes ok").decode()
OLD = "whsec_" + base64.b64encode(b"the old key, 24 bytes ok").decode()
PLAIN = "a plain shared secret"


class Endpoint:
    """Records each request's body and headers; answers with ``status``."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[tuple[bytes, dict[str, str]]] = []
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests.append((await request.read(), dict(request.headers)))
        return web.Response(status=self.status)

    async def __aenter__(self) -> Endpoint:
        app = web.Application()
        app.router.add_post("/hook", self._handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/hook"
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.runner is not None
        await self.runner.cleanup()


def deliver(secret: str | list[str], alert: dict[str, Any], status: int = 200) -> list[tuple[bytes, dict[str, str]]]:
    async def run() -> list[tuple[bytes, dict[str, str]]]:
        async with Endpoint(status) as endpoint, WebhookSink(endpoint.url, secret, max_attempts=1) as sink:
            await sink.deliver(alert)
            return endpoint.requests

    return asyncio.run(run())


def test_a_whsec_secret_verifies_with_the_standard_webhooks_library() -> None:
    alert = alert_for("s", 1)
    ((body, headers),) = deliver(NEW, alert)
    assert standardwebhooks.Webhook(NEW).verify(body, headers) == alert
    assert headers["webhook-id"] == alert["alert_id"]
    with pytest.raises(standardwebhooks.webhooks.WebhookVerificationError):
        standardwebhooks.Webhook(OLD).verify(body, headers)
    assert verify_signature(body, headers[SIGNATURE_HEADER], NEW)  # the quotewire header stays


def test_a_plain_secret_verifies_as_its_utf8_bytes() -> None:
    ((body, headers),) = deliver(PLAIN, alert_for("s", 2))
    assert standardwebhooks.Webhook(PLAIN.encode()).verify(body, headers)["alert_id"] == alert_for("s", 2)["alert_id"]


def test_rotation_signs_with_every_secret_so_old_and_new_receivers_verify() -> None:
    ((body, headers),) = deliver([NEW, OLD], alert_for("s", 3))
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (NEW, OLD):
        standardwebhooks.Webhook(secret).verify(body, headers)
        assert verify_signature(body, headers[SIGNATURE_HEADER], secret)


def test_rotation_in_the_subscriptions_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_SECRETS", f"{NEW} {OLD}")
    subs = parse_subscriptions(f"""
- id: listed
  query: troops
  targets: [{{webhook: {{url: "http://127.0.0.1:9/h", secret: ["{NEW}", "{OLD}"]}}}}]
- id: from-env
  query: troops
  targets: [{{webhook: {{url: "http://127.0.0.1:9/h", secret_env: HOOK_SECRETS}}}}]
""")
    assert [s.targets[0].resolve_secrets() for s in subs] == [(NEW, OLD), (NEW, OLD)]
    with pytest.raises(SubscriptionError, match="base64"):
        parse_subscriptions('- {id: x, query: t, targets: [{webhook: {url: "http://127.0.0.1:9/h", '
                            'secret: "whsec_not base64!"}}]}')


def test_a_bad_whsec_secret_in_the_environment_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the file: the alert is dead-lettered as config_error naming the variable (every try raised
    binascii.Error from the signing code, dead-lettered as sink_error 'Incorrect padding')."""
    monkeypatch.setenv("HOOK_SECRETS", f"{NEW} whsec_abc")
    (sub,) = parse_subscriptions('- {id: e, query: troops, targets: [{webhook: {url: "http://127.0.0.1:9/h", '
                                 'secret_env: HOOK_SECRETS}}]}')
    with pytest.raises(SubscriptionError, match=r"HOOK_SECRETS.*base64"):
        sub.targets[0].resolve_secrets()

    async def run() -> Any:
        dispatcher = Dispatcher(Settings())
        try:
            return await dispatcher.deliver(sub, alert_for("e", 0))
        finally:
            await dispatcher.close()

    ((_, result),) = asyncio.run(run())
    assert result.error == "config_error" and "HOOK_SECRETS" in (result.reason or "")


def test_410_gone_disables_the_target_and_subscriptions_list_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streams.cli import main

    path = tmp_path / "subscriptions.yaml"
    log = Log()
    host = FakeHost(log)
    gone: list[tuple[str, str]] = []

    async def run() -> int:
        async with Endpoint(410) as endpoint:
            path.write_text(f"""subscriptions:
  - id: hook
    query: troop*
    targets: [console, {{webhook: {{url: "{endpoint.url}", secret: "{NEW}"}}}}]
""")
            live = SubscriptionSet(path)
            dispatcher = Dispatcher(Settings(webhook_max_attempts=5, webhook_backoff_base=0.01))

            async def on_gone(sub_id: str, url: str, reason: str) -> None:
                gone.append((sub_id, url))
                mark_gone(path, sub_id, url, reason)

            machine: Deliveries[str] = Deliveries(host, live.get, dispatcher.sinks, on_gone=on_gone)
            try:
                for n in range(3):
                    alert = alert_for("hook", n)
                    await machine.submit("hook", alert["alert_id"], alert)
                    await asyncio.wait_for(machine.idle(), 30)
                live.reload_if_changed(force=True)
                sinks = [s.name for s in dispatcher.sinks(live.get("hook"))]  # type: ignore[arg-type]
                assert sinks == ["console"], sinks
            finally:
                await machine.close()
                await dispatcher.close()
            return len(endpoint.requests)

    requests = asyncio.run(run())
    assert requests == 1  # not retried, and no further alert was sent to it
    assert len(gone) == 1 and gone[0][0] == "hook"
    assert [x["error"] for x in host.letters] == ["gone"] * 3 and host.table  # dead-lettered, acked
    assert all(v == Outcome.DEAD_LETTERED.value for v in host.table.values())
    monkeypatch.setenv("QUOTEWIRE_SUBSCRIPTIONS_FILE", str(path))
    out = CliRunner().invoke(main, ["subscriptions", "list"])
    assert out.exit_code == 0, out.output
    assert "webhook (disabled: 410 Gone" in out.output, out.output
