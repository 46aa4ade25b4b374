"""The HTTP side of ingest: ``POST /articles`` for publishers that push, ``GET /status``, ``GET /healthz``.

A push is accepted (202) only once every article in it is on the broker, so a
publisher that gets 202 can forget the articles, and one that gets anything
else can simply send again (dedupe makes a resend harmless). A batch is all or
nothing: if any line is bad, nothing is published and every bad line is named
in the answer, so the publisher fixes and resends one batch, not a remainder.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
from typing import Any

import orjson
import structlog
from aiohttp import web

from .. import events, metrics
from ..contracts import ArticleEvent
from .emit import Emitter, Outcome, Result
from .sources import Push
from .status import SourceStatus, StatusBoard

log = structlog.get_logger(__name__)

JSON_TYPES = frozenset({"application/json"})
NDJSON_TYPES = frozenset(
    {
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/jsonlines",
    }
)
_SYNTAX = frozenset({"invalid_json", "not_an_object"})

BOARD: web.AppKey[StatusBoard] = web.AppKey("board", StatusBoard)
EMITTER: web.AppKey[Emitter] = web.AppKey("emitter", Emitter)
PUSH: web.AppKey[Push] = web.AppKey("push", Push)
PUSH_STATUS: web.AppKey[SourceStatus] = web.AppKey("push_status", SourceStatus)


def _error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    body = {"error": code, "message": message, **extra}
    return web.json_response(body, status=status, dumps=lambda o: orjson.dumps(o).decode())


def _authorised(request: web.Request, token: str) -> web.Response | None:
    """None when the bearer token is right; else the 401 (none given) or 403 (wrong one) answer."""
    header = request.headers.get("Authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        resp = _error(401, "unauthorized", "missing bearer token: send 'Authorization: Bearer <token>'")
        resp.headers["WWW-Authenticate"] = 'Bearer realm="quotewire"'
        return resp
    try:
        given_bytes = given.strip().encode("utf-8")
    except UnicodeEncodeError:  # aiohttp hands undecodable header bytes over as surrogates
        return _error(400, "bad_request", "the Authorization header is not valid UTF-8")
    if not hmac.compare_digest(given_bytes, token.encode("utf-8")):
        return _error(403, "forbidden", "the bearer token is not valid for this endpoint")
    return None


async def _read_limited(request: web.Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than ``limit`` bytes (checked as it streams in)."""
    if request.content_length is not None and request.content_length > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def post_articles(request: web.Request) -> web.Response:
    """Accept one JSON article or NDJSON articles; 202 with the ids once all are on the broker."""
    push = request.app[PUSH]
    status = request.app[PUSH_STATUS]
    emitter = request.app[EMITTER]
    denied = _authorised(request, push.token)
    if denied is not None:
        log.warning("ingest.push_denied", status=denied.status, peer=request.remote)
        return denied
    kind = request.content_type.lower()
    if kind not in JSON_TYPES | NDJSON_TYPES:
        return _error(
            415,
            "unsupported_media_type",
            f"Content-Type must be application/json (one article) or application/x-ndjson "
            f"(one article per line), got {kind or 'none'}",
        )
    try:
        async with asyncio.timeout(emitter.settings.push_body_timeout):
            body = await _read_limited(request, push.max_body_bytes)
    except TimeoutError:
        resp = _error(
            408,
            "request_timeout",
            f"the request body did not arrive within {emitter.settings.push_body_timeout:g}s",
        )
        resp.force_close()
        return resp
    if body is None:
        return _error(
            413,
            "payload_too_large",
            f"request body is larger than {push.max_body_bytes} bytes",
            limit=push.max_body_bytes,
        )
    records = (
        [(1, body)]
        if kind in JSON_TYPES
        else [(n, line.rstrip(b"\r")) for n, line in enumerate(body.split(b"\n"), start=1) if line.strip()]
    )
    if not records or not body.strip():
        return _error(400, "empty", "the request has no article")
    articles: list[ArticleEvent] = []
    problems: list[dict[str, Any]] = []
    for line, raw in records:
        try:
            article = emitter.clean(events.parse_article(raw, max_body_chars=emitter.settings.max_body_chars))
            if not article["body"]:
                raise events.InvalidEvent("empty_body", "body: has no text once whitespace is removed")
            articles.append(article)
        except events.InvalidEvent as exc:
            problems.append({"line": line, "error": exc.code, "message": exc.reason})
    status.items_seen += len(records)
    if problems:
        code = 400 if any(p["error"] in _SYNTAX for p in problems) else 422
        log.info("ingest.push_rejected", status=code, bad_lines=len(problems), lines=len(records))
        if kind in JSON_TYPES:
            only = problems[0]
            return _error(code, only["error"], only["message"])
        return _error(
            code,
            "invalid_articles",
            f"{len(problems)} of {len(records)} lines are not valid articles; nothing was published",
            errors=problems,
        )
    results, broker_error = await emitter.emit_all(articles, status)
    if broker_error is not None:
        status.failed(f"broker unavailable: {broker_error!r}")
        emitter.board.broker_error = repr(broker_error)
        resp = _error(
            503,
            "broker_unavailable",
            "the broker did not acknowledge the articles; send them again",
            published=[r.article_id for r in results],
        )
        resp.headers["Retry-After"] = "5"
        return resp
    return _answer(results, status)


def _answer(results: list[Result], status: SourceStatus) -> web.Response:
    """202 when every article is on the broker (or already was); 422 naming any the broker refused."""
    rejected = [r for r in results if r.outcome == Outcome.REJECTED]
    body_out: dict[str, Any] = {
        "accepted": [r.article_id for r in results if r.outcome != Outcome.REJECTED],
        "results": [
            {"article_id": r.article_id, "revision": r.revision, "outcome": str(r.outcome)} for r in results
        ],
    }
    if not rejected:
        status.succeeded()
        return web.json_response(body_out, status=202, dumps=lambda o: orjson.dumps(o).decode())
    body_out["rejected"] = [
        {"article_id": r.article_id, "error": r.error, "message": r.reason} for r in rejected
    ]
    body_out["error"] = rejected[0].error
    body_out["message"] = (
        f"{len(rejected)} of {len(results)} articles were refused and dead-lettered: {rejected[0].reason}"
    )
    return web.json_response(body_out, status=422, dumps=lambda o: orjson.dumps(o).decode())


async def get_status(request: web.Request) -> web.Response:
    return web.json_response(request.app[BOARD].snapshot(), dumps=lambda o: orjson.dumps(o).decode())


async def get_healthz(request: web.Request) -> web.Response:
    """200 when ingest is up (state restored, broker answering); a broken feed does not make it unhealthy."""
    board = request.app[BOARD]
    if not board.ready:
        return _error(503, "not_ready", "starting (restoring the dedupe state) or stopping")
    if board.broker_error:
        return _error(503, "broker_unavailable", board.broker_error)
    return web.json_response({"status": "ok"})


async def get_metrics(request: web.Request) -> web.Response:
    payload, content_type = metrics.exposition()
    return web.Response(body=payload, headers={"Content-Type": content_type})


def build_app(
    board: StatusBoard,
    emitter: Emitter | None = None,
    push: Push | None = None,
    push_status: SourceStatus | None = None,
) -> web.Application:
    """The web app: status and health always; ``POST /articles`` when push is configured."""
    app = web.Application()
    app[BOARD] = board
    app.router.add_get("/status", get_status)
    app.router.add_get("/healthz", get_healthz)
    app.router.add_get("/metrics", get_metrics)
    if push is not None and emitter is not None and push_status is not None:
        app[EMITTER] = emitter
        app[PUSH] = push
        app[PUSH_STATUS] = push_status
        app.router.add_post("/articles", post_articles)
    return app


async def serve(app: web.Application, host: str, port: int, *, header_timeout: float = 10.0) -> web.AppRunner:
    """Start ``app`` on host:port; the caller cleans up the returned runner.

    ``header_timeout``: a connection whose request headers are not all in within this many
    seconds (of connecting, or of the previous response) is closed. aiohttp's keep-alive
    timer runs from the connection's start and closes a connection still waiting for a request.
    After an answer sent before the body was read (413, 408), the rest of the body is read for at
    most a second (aiohttp's default: 10), then the connection is closed.
    """
    runner = web.AppRunner(
        app, access_log=None, shutdown_timeout=10.0, keepalive_timeout=header_timeout, lingering_time=1.0
    )
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        if exc.errno != errno.EADDRINUSE:
            raise
        raise PortInUse(
            f"port {port} on {host} (ingest's HTTP endpoint) is already in use; set another 'port' for the "
            "push source or status in the sources file (default QUOTEWIRE_PUSH_PORT)"
        ) from None
    log.info("ingest.http_listening", addresses=[str(a) for a in runner.addresses])
    return runner


class PortInUse(RuntimeError):
    """Ingest's HTTP endpoint cannot listen: its port is taken (a configuration error)."""
