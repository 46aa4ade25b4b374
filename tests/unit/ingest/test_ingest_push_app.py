"""The push endpoint's HTTP contract, with a fake publisher (the broker path is in the integration test)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import orjson
from aiohttp.test_utils import TestClient, TestServer
from aiokafka.errors import KafkaTimeoutError

from streams.ingest.dedupe import DedupeState
from streams.ingest.emit import Emitter
from streams.ingest.publisher import RecordTooLarge
from streams.ingest.push import build_app, serve
from streams.ingest.sources import Push
from streams.ingest.status import StatusBoard
from streams.settings import Settings

TOKEN = "unit-token"


class Publisher:
    state_topic = "t.ingest-state"

    def __init__(self) -> None:
        self.articles: list[dict[str, Any]] = []
        self.fail: Exception | None = None

    async def publish_article(self, article: dict[str, Any]) -> None:
        if self.fail:
            raise self.fail
        self.articles.append(article)

    async def publish_state(self, key: str, value: bytes | None) -> None:
        pass

    async def publish_dead_letter(self, *args: Any, **kwargs: Any) -> None:
        pass


def run(
    test: Callable[[TestClient, Publisher, StatusBoard], Awaitable[None]],
    *,
    max_body_chars: int = 200,
    max_body_bytes: int = 1000,
) -> None:
    async def scenario() -> None:
        settings = Settings(broker="kafka://127.0.0.1:1", max_body_chars=max_body_chars)
        publisher = Publisher()
        board = StatusBoard(ready=True)
        status = board.add("push", "push", "127.0.0.1:0")
        emitter = Emitter(settings, publisher, DedupeState(settings, publisher), board)  # type: ignore[arg-type]
        push = Push(name="push", host="127.0.0.1", port=0, max_body_bytes=max_body_bytes, token=TOKEN)
        async with TestClient(TestServer(build_app(board, emitter, push, status))) as client:
            await test(client, publisher, board)

    asyncio.run(scenario())


AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def test_auth() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        body = orjson.dumps({"article_id": "a", "body": "x"})
        for headers, code in [
            ({}, 401),
            ({"Authorization": "Basic dXNlcjpwYXNz"}, 401),
            ({"Authorization": "Bearer "}, 401),
            ({"Authorization": "Bearer unit-token-but-longer"}, 403),
            ({"Authorization": "Bearer UNIT-TOKEN"}, 403),
        ]:
            resp = await client.post(
                "/articles", data=body, headers={**headers, "Content-Type": "application/json"}
            )
            assert resp.status == code, headers
            assert (await resp.json())["message"]
        assert publisher.articles == []

    run(test)


def test_size_limit_with_and_without_content_length() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        resp = await client.post("/articles", data=b"x" * 1001, headers=AUTH)
        assert resp.status == 413 and (await resp.json())["limit"] == 1000

        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b'{"article_id": "a", "body": "' + b"y" * 90

        resp = await client.post("/articles", data=chunks(), headers=AUTH)  # chunked: no Content-Length
        assert resp.status == 413

    run(test)


def test_validation_messages() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        cases = [
            (b"", 400, "empty"),
            (b"   \n", 400, "empty"),
            (b"[1]", 400, "not_an_object"),
            (b'{"article_id": 5, "body": 7}', 422, "wrong_type"),
            (orjson.dumps({"article_id": "a", "body": "z" * 201}), 422, "body_too_large"),
            (orjson.dumps({"article_id": "", "body": "text"}), 422, "invalid_article"),
            (
                orjson.dumps({"article_id": "a", "body": "text", "published_at": "yesterday"}),
                422,
                "invalid_article",
            ),
            (  # a date past the last UTC year answered 500
                orjson.dumps({"article_id": "a", "body": "text", "published_at": "9999-12-31T23:59:59-23:59"}),
                422,
                "invalid_article",
            ),
        ]
        for data, code, error in cases:
            resp = await client.post("/articles", data=data, headers=AUTH)
            answer = await resp.json()
            assert (resp.status, answer["error"]) == (code, error), (data, answer)
            assert answer["message"]
        assert publisher.articles == []

    run(test)


def test_ndjson_batches_are_all_or_nothing() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        headers = {**AUTH, "Content-Type": "application/x-ndjson"}
        batch = b'{"article_id": "a", "body": "ok"}\n{"article_id": "b"}\n\n{"article_id": "c", "body": 3}\n'
        resp = await client.post("/articles", data=batch, headers=headers)
        answer = await resp.json()
        assert resp.status == 422 and publisher.articles == []
        assert [(e["line"], e["error"]) for e in answer["errors"]] == [
            (2, "missing_field"),
            (4, "wrong_type"),
        ]
        assert "2 of 3 lines" in answer["message"]
        good = b'{"article_id": "a", "body": "ok"}\r\n{"article_id": "b", "body": "fine"}'
        resp = await client.post("/articles", data=good, headers=headers)
        assert resp.status == 202 and (await resp.json())["accepted"] == ["a", "b"]
        assert [a["article_id"] for a in publisher.articles] == ["a", "b"]

    run(test)


def test_broker_down_is_503_with_retry_after_and_unhealthy() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        publisher.fail = KafkaTimeoutError()
        resp = await client.post("/articles", data=b'{"article_id": "a", "body": "ok"}', headers=AUTH)
        assert resp.status == 503 and resp.headers["Retry-After"] == "5"
        assert (await client.get("/healthz")).status == 503
        publisher.fail = None
        resp = await client.post("/articles", data=b'{"article_id": "a", "body": "ok"}', headers=AUTH)
        assert resp.status == 202
        assert (await client.get("/healthz")).status == 200
        status = await (await client.get("/status")).json()
        assert status["sources"][0]["published"] == 1 and status["sources"][0]["last_error"].startswith(
            "broker"
        )

    run(test)


def test_not_ready_is_unhealthy_and_metrics_are_served() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        board.ready = False
        resp = await client.get("/healthz")
        assert resp.status == 503 and (await resp.json())["error"] == "not_ready"
        resp = await client.get("/metrics")
        assert resp.status == 200 and "quotewire_events_out_total" in await resp.text()

    run(test)


def test_body_within_the_character_limit_but_too_large_for_the_broker_is_refused_not_accepted() -> None:
    """400k CJK characters are under 1,000,000 characters but 1.2 MB once encoded: never 202."""

    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        big = orjson.dumps({"article_id": "cjk", "body": "\u8bf4" * 400_000})
        resp = await client.post("/articles", data=big, headers=AUTH)
        answer = await resp.json()
        assert resp.status == 422 and answer["error"] == "body_too_large", answer
        assert "bytes" in answer["message"] and "1000000" in answer["message"].replace(",", "")
        ndjson = b'{"article_id": "ok", "body": "fine"}\n' + big
        resp = await client.post("/articles", data=ndjson, headers={**AUTH, "Content-Type": "application/x-ndjson"})
        answer = await resp.json()
        assert resp.status == 422 and [(e["line"], e["error"]) for e in answer["errors"]] == [(2, "body_too_large")]
        assert publisher.articles == []
        # Should the broker still refuse a record, the answer says so instead of listing it as accepted.
        publisher.fail = RecordTooLarge("article event of 1000100 bytes is larger than the broker's limit")
        resp = await client.post("/articles", data=b'{"article_id": "x", "body": "ok"}', headers=AUTH)
        answer = await resp.json()
        assert resp.status == 422 and answer["error"] == "record_too_large" and answer["accepted"] == []
        assert answer["rejected"] == [{"article_id": "x", "error": "record_too_large",
                                       "message": "article event of 1000100 bytes is larger than the broker's limit"}]

    run(test, max_body_chars=1_000_000, max_body_bytes=10_000_000)


def test_authorization_that_is_not_utf8_is_400() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        reader, writer = await asyncio.open_connection(client.host, client.port)
        body = b'{"article_id": "a", "body": "x"}'
        writer.write(
            b"POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \xff\xfe\xc3\r\n"
            b"Content-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        answer = await reader.read()
        writer.close()
        assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
        assert b"Authorization" in answer and b"Traceback" not in answer
        assert publisher.articles == []

    run(test)


def test_control_characters_empty_bodies_and_ids() -> None:
    async def test(client: TestClient, publisher: Publisher, board: StatusBoard) -> None:
        resp = await client.post("/articles", data=orjson.dumps({"article_id": "n", "body": "\x00" * 50}), headers=AUTH)
        assert resp.status == 422 and (await resp.json())["error"] == "empty_body"
        for bad_id in ("a\x00", "a\x1b[31m", "a\n"):
            resp = await client.post("/articles", data=orjson.dumps({"article_id": bad_id, "body": "Text."}),
                                     headers=AUTH)
            answer = await resp.json()
            assert resp.status == 422 and answer["error"] == "invalid_article", answer
            assert "control character" in answer["message"]
        resp = await client.post("/articles", data=orjson.dumps({"article_id": "a", "body": "Te\x00xt\x07."}),
                                 headers=AUTH)
        assert resp.status == 202
        assert [(a["article_id"], a["body"]) for a in publisher.articles] == [("a", "Text.")]

    run(test)


def test_slow_connections_are_dropped() -> None:
    """Headers or a body trickled in (or never finished) no longer hold a connection open for good."""

    async def scenario() -> None:
        settings = Settings(broker="kafka://127.0.0.1:1", push_header_timeout=0.5, push_body_timeout=0.5)
        publisher = Publisher()
        board = StatusBoard(ready=True)
        status = board.add("push", "push", "127.0.0.1:0")
        emitter = Emitter(settings, publisher, DedupeState(settings, publisher), board)  # type: ignore[arg-type]
        push = Push(name="push", host="127.0.0.1", port=0, max_body_bytes=100_000, token=TOKEN)
        runner = await serve(build_app(board, emitter, push, status), "127.0.0.1", 0,
                             header_timeout=settings.push_header_timeout)
        port = runner.addresses[0][1]
        try:
            # Headers, one byte every 50 ms: 400 bytes would take 20 s; the server hangs up long before.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            head = b"POST /articles HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 400
            sent = 0
            closed = False
            for byte in head:
                try:
                    writer.write(bytes([byte]))
                    await writer.drain()
                except ConnectionError:
                    closed = True
                    break
                sent += 1
                if reader.at_eof() or await _closed_within(reader, 0.05):
                    closed = True
                    break
            writer.close()
            assert closed and sent < len(head), sent
            # Complete headers, half a body, then nothing: 408, and the connection is closed.
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                b"POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode()
                + b"\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"article_id\": "
            )
            await writer.drain()
            answer = await asyncio.wait_for(reader.read(), timeout=30)
            writer.close()
            assert answer.startswith(b"HTTP/1.1 408"), answer[:300]
            assert b"request_timeout" in answer and publisher.articles == []
        finally:
            await runner.cleanup()

    asyncio.run(scenario())


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    try:
        data = await asyncio.wait_for(reader.read(1), timeout=seconds)
    except TimeoutError:
        return False
    return data == b""


def test_ndjson_lines_are_sent_together_not_one_round_trip_each() -> None:
    """20k lines took minutes when each waited for the broker before the next was sent."""

    class CountingPublisher(Publisher):
        def __init__(self) -> None:
            super().__init__()
            self.in_flight = 0
            self.max_in_flight = 0

        async def publish_article(self, article: dict[str, Any]) -> None:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            await asyncio.sleep(0.002)  # the broker's acknowledgement
            self.in_flight -= 1
            await super().publish_article(article)

    async def scenario() -> None:
        settings = Settings(broker="kafka://127.0.0.1:1")
        publisher = CountingPublisher()
        board = StatusBoard(ready=True)
        status = board.add("push", "push", "127.0.0.1:0")
        emitter = Emitter(settings, publisher, DedupeState(settings, publisher), board)  # type: ignore[arg-type]
        push = Push(name="push", host="127.0.0.1", port=0, max_body_bytes=1_000_000, token=TOKEN)
        lines = [{"article_id": f"a{i}", "body": f"Line {i}."} for i in range(300)]
        lines.append({"article_id": "a7", "body": "Line 7, revised."})  # same id: after the first, in order
        data = b"\n".join(orjson.dumps(line) for line in lines)
        async with TestClient(TestServer(build_app(board, emitter, push, status))) as client:
            resp = await client.post("/articles", data=data, headers={**AUTH, "Content-Type": "application/x-ndjson"})
            answer = await resp.json()
        assert resp.status == 202 and answer["accepted"] == [line["article_id"] for line in lines]
        assert [r["revision"] for r in answer["results"]][7] == 1 and answer["results"][-1]["revision"] == 2
        sent_a7 = [a["body"] for a in publisher.articles if a["article_id"] == "a7"]
        assert sent_a7 == ["Line 7.", "Line 7, revised."]
        # One at a time before: 1 in flight. Now the producer can batch them.
        assert publisher.max_in_flight >= 100, publisher.max_in_flight

    asyncio.run(scenario())
