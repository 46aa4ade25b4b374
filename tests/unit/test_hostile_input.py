"""Hostile input: whatever arrives on the wire, in a query or in article text, nothing but a clean refusal.

Issue 8 ("Hostile input"): the article decoder, the extractor and the query parsers are
fuzzed with hypothesis, and the classic attacks are tried by name — invalid UTF-8, NUL
bytes, 10 MB bodies, a million quote marks, deeply nested JSON, HTML/script/ANSI text
that ends up in logs and the archive, SQL and FTS metacharacters in search queries.
The properties:

* ``parse_article`` returns a valid, re-serialisable article or raises ``InvalidEvent``
  with a code and a reason — never anything else (the split agent only catches that);
* extraction and speaker resolution never raise, and every offset slices the text;
* ``compile_query`` raises only ``QueryError``; archive search raises only a clear
  ``ValueError``/``StoreError`` and never changes what is stored;
* hostile text is stored and returned byte for byte, and logged as one JSON line;
* extraction time grows linearly with the input (ratios of CPU time, not absolute times: the
  CI machine is a shared 2-core box; see ``tests/cpu_time.py``).
"""
from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import io
import json
import logging
import re
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import structlog
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from streams import events
from streams.alerts.query import MAX_QUERY_CHARS, QueryError, compile_query
from streams.archive import SearchQuery, StoreError, open_store
from streams.archive.samples import Quote, make_article, make_statements
from streams.archive.sqlite import SQLiteStore
from streams.batches import ArticleTooLarge, batch_records
from streams.extract import analyse, statement_events
from streams.logs import bind_event, clear_event, configure_logging
from streams.nlp import extract_statements, resolve_speakers
from tests.cpu_time import FACTOR, GROWTH_LIMIT, best_cpu, cpu_seconds, growth

CODES = {"invalid_json", "not_an_object", "missing_field", "wrong_type", "body_too_large", "invalid_article"}
MAX_BODY = 10_000
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the article decoder -----------------------------------------------------------------------

def _outcome(raw: bytes, max_body_chars: int = MAX_BODY) -> dict[str, Any] | events.InvalidEvent:
    """What ``parse_article`` does with ``raw``, checked: a usable article, or an InvalidEvent."""
    try:
        article = events.parse_article(raw, max_body_chars=max_body_chars)
    except events.InvalidEvent as exc:
        assert exc.code in CODES, exc.code
        assert isinstance(exc.reason, str) and exc.reason.strip(), "a reason a person can act on"
        assert str(exc) == exc.reason
        return exc
    # Anything else (RecursionError, TypeError, UnicodeError...) escapes and fails the test: the
    # split agent catches InvalidEvent only, so it would crash the worker's agent.
    assert isinstance(article, dict)
    assert events.schema_errors(article) == []
    assert isinstance(article["article_id"], str) and article["article_id"]
    assert isinstance(article["body"], str) and 0 < len(article["body"]) <= max_body_chars
    revision = article["revision"]
    assert type(revision) is int and 1 <= revision <= 2**31 - 1, revision
    assert article.get("trace_id") is None or len(article["trace_id"]) <= events.MAX_TRACE_ID
    # What the pipeline does next must work too: the statement batch carries the article as orjson bytes (or
    # refuses it, which the pipeline dead-letters), and the archive keeps the article as JSON.
    with contextlib.suppress(ArticleTooLarge):
        batch_records(article, [], extractor_version="1", extracted_at=events.utcnow(), limit=1_000_000)
    events.dumps({"article": article})
    return article


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["schema", "article_id", "revision", "body", "title", "source", "url", "author", "language",
          "published_at", "ingested_at", "trace_id"]
# Article-shaped objects with each field either right, missing, or of a random type.
articles = st.fixed_dictionaries(
    {},
    optional={
        "article_id": st.one_of(st.text(max_size=20), st.integers(), json_values),
        "body": st.one_of(st.text(max_size=200), json_values),
        "revision": st.one_of(st.integers(), st.floats(), json_values),
        "schema": st.one_of(st.just("article.v1"), json_values),
        "published_at": st.one_of(st.just("2024-10-01T12:00:00Z"), st.text(max_size=30), json_values),
        **{f: json_values for f in FIELDS
           if f not in ("article_id", "body", "revision", "schema", "published_at")},
        "extra": json_values,
    },
)


@FAST
@given(st.binary(max_size=400))
@example(b"")
@example(b"\xff\xfe\xfd")
@example(b'{"article_id": "a", "body": "caf\xc3"}')  # truncated UTF-8 sequence
@example(b'{"article_id": "a", "body": "\xed\xa0\x80"}')  # an encoded surrogate (CESU-8)
@example(b'{"article_id": "a", "body": "a\x00b"}')  # a raw NUL inside a string
@example(b'{"article_id": "a", "body": "b"}\x00')
@example(b"\xef\xbb\xbf{}")  # a byte-order mark
def test_arbitrary_bytes_are_an_article_or_an_invalid_event(raw: bytes) -> None:
    _outcome(raw)


@settings(FAST, max_examples=150)
@given(articles)
@example({"article_id": "a", "body": "b", "revision": 1e100})
@example({"article_id": "a", "body": "b", "revision": 2.0})
@example({"article_id": "a", "body": "b", "revision": 2**40})
@example({"article_id": "a", "body": "b", "extra": [{"k": [[]]}] * 3})
def test_article_shaped_objects_with_wrong_types(obj: dict[str, Any]) -> None:
    _outcome(json.dumps(obj).encode())  # stdlib json: ints beyond 64 bits and NaN too


@FAST
@given(st.text(max_size=300))
def test_arbitrary_text_is_an_article_or_an_invalid_event(text: str) -> None:
    _outcome(text.encode("utf-8"))
    _outcome(orjson.dumps({"article_id": text or "x", "body": text}))


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"\xff" * 100, "invalid_json"),
        (b'{"article_id": "a", "body": "\xc3\x28"}', "invalid_json"),
        (b'{"article_id": "a", "body": "\\ud800"}', "invalid_json"),  # a lone surrogate escape
        (b'{"article_id": "a", "body": "x\x00y"}', "invalid_json"),  # control characters must be escaped
        (b"\x00" * 1000, "invalid_json"),
        (b"[" * 100_000 + b"]" * 100_000, "invalid_json"),  # orjson stops at 1024 levels
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "invalid_json"),
        (b"[" * 100_000, "invalid_json"),
        (b'{"article_id": "a", "body": "b", "x": 1e400}', "invalid_json"),
        (b'{"article_id": "a", "body": "b", "x": NaN}', "invalid_json"),
        (b'{"article_id": "a", "body": "b", "x": -Infinity}', "invalid_json"),
        (b'[{"article_id": "a", "body": "b"}]', "not_an_object"),
        (b'"just a string"', "not_an_object"),
        (b"12345678901234567890123456789", "not_an_object"),
        (b"null", "not_an_object"),
        (b'{"body": "b"}', "missing_field"),
        (b'{"article_id": null, "body": "b"}', "missing_field"),
        (b'{"article_id": "a", "body": 5}', "wrong_type"),
        (b'{"article_id": "a", "body": ["b"]}', "wrong_type"),
        (b'{"article_id": true, "body": "b"}', "wrong_type"),
        (b'{"article_id": 123456789012345678901234567890, "body": "b"}', "wrong_type"),  # → a float
        (b'{"article_id": "a", "body": "b", "revision": "2"}', "wrong_type"),
        (b'{"article_id": "a", "body": "b", "revision": 0}', "invalid_article"),
        (b'{"article_id": "a", "body": ""}', "invalid_article"),
        (b'{"article_id": "", "body": "b"}', "invalid_article"),
        (b'{"article_id": "a", "body": "b", "schema": "statement.v1"}', "invalid_article"),
        (b'{"article_id": "a", "body": "b", "published_at": "2024-13-45T99:99:99Z"}', "invalid_article"),
    ],
    ids=lambda v: v[:40].decode("latin-1") if isinstance(v, bytes) else v,
)
def test_named_attacks_on_the_decoder(raw: bytes, code: str) -> None:
    outcome = _outcome(raw)
    assert isinstance(outcome, events.InvalidEvent), outcome
    assert outcome.code == code, outcome.reason


@pytest.mark.parametrize("depth", [100, 254, 300, 1000, 1023])
def test_deep_nesting_inside_an_extra_field_is_refused_or_reserialisable(depth: int) -> None:
    """orjson reads 1024 levels but writes only 254: an article the split agent could read but not
    send on (the extraction event nests it one level deeper) must be refused up front."""
    for nested in (b"[" * depth + b"]" * depth, b'{"k":' * depth + b"1" + b"}" * depth):
        raw = b'{"article_id": "deep", "body": "He said it.", "meta": ' + nested + b"}"
        outcome = _outcome(raw)
        if isinstance(outcome, events.InvalidEvent):  # orjson's own limit, or ours below orjson's writer's
            assert outcome.code in ("invalid_json", "invalid_article"), outcome.code
            assert re.search("deep|depth", outcome.reason), outcome.reason


@pytest.mark.parametrize(
    "revision",
    [b"1e100", b"1.7e308", b"18446744073709551615", b"9223372036854775808", b"2147483648", b"4294967296",
     b"1e9", b"2.0", b"1.0"],
)
def test_huge_or_fractional_revisions_are_refused_or_made_plain_integers(revision: bytes) -> None:
    """A revision the archive (32-bit columns) or orjson (64-bit ints) cannot hold is refused at the
    door, instead of crashing the enrich agent (``int(1e100)`` is not serialisable) or being
    dead-lettered by the archive long after the statements went out."""
    raw = b'{"article_id": "r", "body": "He said it.", "revision": ' + revision + b"}"
    outcome = _outcome(raw)
    if isinstance(outcome, events.InvalidEvent):
        assert outcome.code == "invalid_article" and "revision" in outcome.reason
    else:
        assert outcome["revision"] == int(float(revision))
        found = analyse({**outcome, "body": '"We will act," the minister said.'})
        for statement in statement_events({**outcome, "body": '"We will act," the minister said.'}, found):
            events.dumps(statement)
            assert events.schema_errors(statement) == []


def test_a_trace_id_longer_than_a_token_is_refused() -> None:
    """Every event and Kafka header downstream copies the trace id: 400 KB of it made an extraction
    record of 1.2 MB, which the producer refused (the split agent crashed)."""
    ok = _outcome(orjson.dumps({"article_id": "t", "body": "b", "trace_id": "t" * events.MAX_TRACE_ID}))
    assert isinstance(ok, dict)
    refused = _outcome(orjson.dumps({"article_id": "t", "body": "b", "trace_id": "t" * 400_000}))
    assert isinstance(refused, events.InvalidEvent) and refused.code == "invalid_article"
    assert "trace_id" in refused.reason


def test_nul_bytes_in_strings_are_an_article() -> None:
    raw = b'{"article_id": "nul\\u0000id", "body": "He said \\"a\\u0000b\\" today.", "title": "\\u0000"}'
    article = _outcome(raw)
    assert isinstance(article, dict)
    assert article["body"] == 'He said "a\x00b" today.'
    extract_statements(article["body"])


def test_a_ten_megabyte_body_is_refused_quickly_with_its_size() -> None:
    body = "He said it was fine. " * 500_000  # 10.5 MB
    raw = orjson.dumps({"article_id": "huge", "body": body})
    outcome: dict[str, Any] | events.InvalidEvent | None = None

    def parse() -> None:
        nonlocal outcome
        outcome = _outcome(raw, max_body_chars=1_000_000)

    assert cpu_seconds(parse) < 5.0  # one parse (about 0.02 s of CPU), no validation of the body
    assert isinstance(outcome, events.InvalidEvent) and outcome.code == "body_too_large"
    assert str(len(body)) in outcome.reason and "1000000" in outcome.reason


def test_a_million_quote_marks_parse_and_extract() -> None:
    body = '"' * 1_000_000
    article = _outcome(orjson.dumps({"article_id": "quotes", "body": body}), max_body_chars=1_000_000)
    assert isinstance(article, dict) and article["body"] == body
    _check_statements(body, extract_statements(body))


@pytest.mark.parametrize(
    "original",
    [b"\xff\xfe" * 10, b"x" * (events.MAX_DEADLETTER_ORIGINAL + 1), b"[" * 100_000, b"\x00", b""],
)
def test_dead_letters_keep_the_original_bytes_and_say_when_they_are_cut(original: bytes) -> None:
    outcome = _outcome(original)
    assert isinstance(outcome, events.InvalidEvent)
    letter = events.build_dead_letter("split", outcome.code, outcome.reason, original)
    assert events.schema_errors(letter) == []
    kept = base64.b64decode(letter["original"])
    assert original.startswith(kept)
    assert letter["original_size"] == len(original)
    assert letter["original_truncated"] is (len(kept) < len(original))
    assert len(kept) == min(len(original), events.MAX_DEADLETTER_ORIGINAL)
    json.loads(events.dumps(letter))  # plain ASCII JSON whatever the original


def test_a_dead_letter_quoting_a_huge_value_still_fits_in_a_record() -> None:
    """jsonschema's message quotes the offending value whole: an 800 KB list as the body made an
    800 KB reason, and a dead letter too large to produce (the split agent crashed sending it)."""
    from streams.publish import MAX_RECORD_BYTES

    for obj in ({"article_id": "x", "body": ["a" * 100] * 8_000}, {"article_id": "x" * 800_000, "body": "b"}):
        raw = orjson.dumps(obj)
        outcome = _outcome(raw, max_body_chars=1_000_000)
        assert isinstance(outcome, events.InvalidEvent)
        letter = events.build_dead_letter("split", outcome.code, outcome.reason, raw)
        assert len(letter["reason"]) <= events.MAX_DEADLETTER_REASON and letter["reason"].endswith("…")
        assert len(events.dumps(letter)) < MAX_RECORD_BYTES // 2
        assert events.schema_errors(letter) == []


# --- the dead-letter path of the split agent ----------------------------------------------------

class _Topic:
    """Just enough of a Faust topic for ``wire.dead_letter``."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send(self, *, key: bytes | None, value: bytes, headers: dict[str, bytes]) -> None:
        self.sent.append({"key": key, "value": value, "headers": headers})

    def get_topic_name(self) -> str:
        return "deadletter"


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Logging configured as in production (JSON lines) into a buffer; the previous setup restored."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    config = structlog.get_config()
    buffer = io.StringIO()
    configure_logging(level="debug", fmt="json", stream=buffer)
    try:
        yield buffer
    finally:
        clear_event()
        structlog.configure(**config)
        root.handlers[:] = handlers
        root.setLevel(level)


_RAW_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _records(buffer: io.StringIO) -> list[dict[str, Any]]:
    out = buffer.getvalue()
    assert out.endswith("\n")
    lines = out[:-1].split("\n")
    for line in lines:
        assert not _RAW_CONTROL.search(line), f"raw control character in a log line: {line!r}"
    return [json.loads(line) for line in lines]


def test_dead_lettering_hostile_bytes_logs_one_clean_line(json_log: io.StringIO) -> None:
    from streams.agents.wire import dead_letter

    hostile = [
        b"\xff\xfe\n{\"level\": \"error\"}\x1b[2J",
        b'{"article_id": "x\\n\\u001b[31m<script>alert(1)</script>", "body": 5}',
        b"[" * 5000,
        b'{"article_id": "a", "body": "\x00\n"}',
    ]
    topic = _Topic()
    for raw in hostile:
        outcome = _outcome(raw)
        assert isinstance(outcome, events.InvalidEvent)
        asyncio.run(dead_letter(topic, "split", outcome.code, outcome.reason, raw,  # type: ignore[arg-type]
                                key=None, trace_id="t1"))
    assert len(topic.sent) == len(hostile)
    for sent, raw in zip(topic.sent, hostile, strict=True):
        letter = events.loads(sent["value"])
        assert events.schema_errors(letter) == []
        assert base64.b64decode(letter["original"]) == raw and letter["reason"]
    records = [r for r in _records(json_log) if r["logger"] == "streams.agents.wire"]
    assert [r["event"] for r in records] == ["deadletter"] * len(hostile)
    assert [r["error"] for r in records] == [events.loads(s["value"])["error"] for s in topic.sent]


# --- logs ----------------------------------------------------------------------------------------

HOSTILE_TEXT = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x1b[2J",
    "line one\nline two\r\nline three\rover",
    '"}], "level": "critical", "x": [{"',
    "\\\"\\\\\\n",
    "tab\there\x0bvt\x0cff\x08bs",
    "\u2028line separator\u2029paragraph separator\u0085next line",
    "\u202eevil\u202c \u200b\u200d\ufeff",
    "'; DROP TABLE statements; --",
    "emoji \U0001f600 and CJK 中文 and \u00e9\u0301",
    "\x7f\x80\x9f",
]


def test_hostile_text_makes_single_line_json_log_records(json_log: io.StringIO) -> None:
    log = structlog.get_logger("hostile")
    for text in HOSTILE_TEXT:
        bind_event(article_id=text, trace_id=text)
        log.warning(text, reason=text, nested={"k": [text]})
        logging.getLogger("somelib").error("from a library: %s", text)
        try:
            raise ValueError(text)
        except ValueError:
            log.exception("failed", detail=text)
        clear_event()
    records = _records(json_log)
    assert len(records) == 3 * len(HOSTILE_TEXT)
    for i, text in enumerate(HOSTILE_TEXT):
        mine, library, failure = records[3 * i:3 * i + 3]
        assert mine["event"] == text and mine["reason"] == text and mine["nested"] == {"k": [text]}
        assert mine["article_id"] == text and mine["level"] == "warning"
        assert library["event"] == f"from a library: {text}" and library["article_id"] == text
        assert failure["detail"] == text and text in failure["exception"]


# --- webhooks ------------------------------------------------------------------------------------

def test_hostile_text_reaches_a_webhook_byte_exact_and_signed() -> None:
    """The receiver gets the alert JSON as produced: script, ANSI and newlines escaped only as JSON
    escapes them, the quote decoding back to the very text, and the signature over those bytes."""
    from aiohttp import web

    from streams.alerts.sinks import SIGNATURE_HEADER, WebhookSink, verify_signature

    quotes = [Quote(t, "Jane <b>Doe</b>", "<i>envoy</i>", None, "Norway") for t in HOSTILE_TEXT]
    article = make_article("hostile-hook", quotes, title="<script>x</script>")
    alerts = [events.build_alert("sub-1", st_, query="envoy", terms=["envoy"], fields={})
              for st_ in make_statements(article, quotes)]
    received: list[tuple[bytes, str]] = []

    async def handler(request: web.Request) -> web.Response:
        received.append((await request.read(), request.headers.get(SIGNATURE_HEADER, "")))
        return web.Response(status=204)

    async def run() -> None:
        app = web.Application()
        app.router.add_post("/hook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        try:
            async with WebhookSink(f"http://127.0.0.1:{port}/hook", "s3cret", max_attempts=1) as sink:
                for alert in alerts:
                    result = await sink.deliver(alert)
                    assert result.delivered, result
        finally:
            await runner.cleanup()

    asyncio.run(run())
    assert len(received) == len(alerts)
    for (body, signature), alert, quote in zip(received, alerts, quotes, strict=True):
        assert body == events.dumps(alert)
        assert verify_signature(body, signature, "s3cret")
        decoded = json.loads(body)
        assert decoded["statement"]["content"]["text"] == quote.text
        assert decoded["statement"]["speaker"]["name"] == "Jane <b>Doe</b>"
        assert not re.search(rb"[\x00-\x1f]", body), "control characters travel as JSON escapes"


# --- extraction ----------------------------------------------------------------------------------

def _check_statements(text: str, statements: list[Any]) -> None:
    for s in statements:
        assert s.kind in ("direct", "mixed", "indirect") and s.content
        for span in [*s.content, *(x for x in (s.cue, s.speaker) if x is not None)]:
            assert 0 <= span.start < span.end <= len(text), (span, len(text))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


PIECES = [
    '"', "“", "”", "'", "‘", "’", "«", "»", "said", "says", "told", "according to", "warned that", ":", ",",
    ".", "\n", "\n\n", " ", "The minister", "Lopez", "Mr.", "he", "she", "(", ")", "[", "]", "{", "}",
    "<script>", "</script>", "<b>", "&quot;", "&#34;", "\x00", "\x1b[31m", "\r\n", "\u2028", "\u202e",
    "\u200b", "\ufeff", "\u0301", "İ", "ß", "ﬁ", "\U0001f600", "—", "-", "...", "…", "\t", "\\", "'; DROP",
    "Rep. Ana Ruiz (D-Ore.)", "U.S.", "PENCE:", "who is", "a senior official",
]
texts = st.one_of(
    st.text(max_size=400),
    st.text(st.characters(exclude_categories=()), max_size=400),  # lone surrogates too
    st.lists(st.sampled_from(PIECES), max_size=120).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_and_resolution_never_raise_and_offsets_slice_the_text(text: str) -> None:
    statements = extract_statements(text)
    _check_statements(text, statements)
    speakers = resolve_speakers(text, statements)
    assert len(speakers) == len(statements)
    if not text or not _encodable(text):
        return  # (a body with lone surrogates cannot come off the wire: orjson refuses it)
    # and the statement events built from them are valid, serialisable and carry the text verbatim
    article = {"schema": "article.v1", "article_id": "fuzz", "revision": 1, "body": text}
    for event in statement_events(article, list(zip(statements, speakers, strict=True))):
        assert events.schema_errors(event) == []
        for start, end in event["content"]["spans"]:
            assert text[start:end] in event["content"]["text"]
        events.dumps(event)


# --- the subscription query parser ---------------------------------------------------------------

QUERY_PIECES = [
    "(", ")", '"', "“", "”", "„", "-", "*", ":", "AND", "OR", "NOT", "and", "or", "not", "speaker:", "type:",
    "kind:", "country:(", 'title:"', "org:", "nosuchfield:", "x*", "ab*", "-(", "a", "troop*", " ", "\t",
    "\n", "\x00", "é", "\u2028", "İ", "ß", "\U0001f600", "'; DROP TABLE", "%", "_", "\\",
]
queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(QUERY_PIECES), max_size=60).map("".join),
    st.lists(st.sampled_from(QUERY_PIECES), max_size=60).map(" ".join),
)


@settings(max_examples=600, deadline=None)
@given(queries)
def test_compile_query_raises_only_query_error(text: str) -> None:
    try:
        query = compile_query.__wrapped__(text)  # bypass the cache: every example parses
    except QueryError as exc:
        assert exc.message and 0 <= exc.position <= len(exc.query)
        assert "^" in str(exc)
        return
    str(query)  # the canonical rendering works for every accepted query
    query.anchors  # noqa: B018


@pytest.mark.parametrize(
    "text",
    [
        "(" * 100_000, "(" * 9_000, "NOT " * 2_000 + "a", "-" * 9_000 + "a", "a " * 4_999, '"' * 9_999,
        "a OR " * 1_999 + "a", "(a)" * 3_000, "speaker:(" * 1_000, "x" * MAX_QUERY_CHARS,
        "x" * (MAX_QUERY_CHARS + 1), "\x00" * 9_000, "* " * 4_000, ":" * 9_000, "a:" * 4_000,
    ],
    ids=lambda t: f"{t[:12]!r}x{len(t)}",
)
def test_pathological_queries_are_refused_or_compiled_fast(text: str) -> None:
    def compile_it() -> None:
        try:
            compile_query.__wrapped__(text)
        except QueryError:
            pass

    assert cpu_seconds(compile_it) < 2.0  # CPU seconds; the slowest of these takes about 0.02 s


# --- archive search -------------------------------------------------------------------------------

SQL_ATTACKS = [
    "'; DROP TABLE statements; --",
    '"; DROP TABLE statements; --',
    "x' OR '1'='1",
    "1; DELETE FROM statements",
    "') OR 1=1 --",
    "%' OR speaker_name LIKE '%",
    "_%_%",
    "\\' OR 1=1",
    "NEAR(ceasefire court)",
    "ceasefire*",
    "content:ceasefire",
    "statements_fts:*",
    "{content}:x",
    '"unterminated',
    "^start",
    "a AND NOT b OR (c",
    "-",
    "--",
    "OR",
    "$1 ? %s :name @p",
    "\x00",
    "a\x00b",
    "\u202e",
    "\x1b[2J",
    "caf\udce9",  # a lone surrogate: what Python makes of invalid UTF-8 on the command line
    "x" * 5_000,
    " ".join(["w"] * 500),
]
HOSTILE_QUOTES = [Quote(t, "Jane Doe", "envoy", None, "Norway") for t in HOSTILE_TEXT if "\x00" not in t]


Archive = tuple[SQLiteStore, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A SQLite archive holding an article of hostile quotes (and its statements)."""
    path = tmp_path_factory.mktemp("hostile-archive") / "archive.sqlite3"
    store = open_store(f"sqlite:///{path}", migrate=True)
    assert isinstance(store, SQLiteStore)
    article = make_article("hostile-1", HOSTILE_QUOTES, source="Hostile <b>Wire</b>",
                           title="<script>x</script>")
    statements = make_statements(article, HOSTILE_QUOTES)
    assert store.write_articles([article]).written == 1
    assert store.write_statements(statements).written == len(statements)
    try:
        yield store, statements
    finally:
        store.close()


def _fingerprint(store: SQLiteStore) -> tuple[int, int, str]:
    """Row counts and a digest of every stored row (read through a separate connection)."""
    conn = sqlite3.connect(store.path)
    try:
        digest = hashlib.sha256()
        for table in ("statements", "articles", "extractions"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):  # constant table names
                digest.update(repr(row).encode("utf-8", "surrogatepass"))
        counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("statements", "articles")]
        return counts[0], counts[1], digest.hexdigest()
    finally:
        conn.close()


def _search(store: SQLiteStore, **filters: Any) -> list[dict[str, Any]] | Exception:
    try:
        query = SearchQuery(**filters)
        found = store.search(query)
        count = store.count_statements(**{k: v for k, v in filters.items() if k not in ("limit", "order")})
    except (ValueError, StoreError) as exc:
        assert str(exc), "a clear message"
        assert not isinstance(exc, UnicodeError), f"an encoding error leaked out: {exc!r}"
        return exc
    assert count >= len(found)
    return found


def test_sql_and_fts_metacharacters_never_error_or_alter_data(archive: Archive) -> None:
    store, _ = archive
    before = _fingerprint(store)
    for attack in SQL_ATTACKS:
        for field in ("text", "speaker", "title", "organization", "country", "source", "article_id",
                      "extractor_version"):
            outcome = _search(store, **{field: attack})
            if _encodable(attack):
                assert not isinstance(outcome, Exception), (field, attack, outcome)
            else:  # text the database cannot even receive: refused, naming the filter
                assert isinstance(outcome, ValueError) and field in str(outcome), (field, outcome)
        for field in ("since", "until"):
            outcome = _search(store, **{field: attack})
            assert isinstance(outcome, ValueError) and field in str(outcome)
    assert _fingerprint(store) == before
    assert before[0] == len(HOSTILE_QUOTES)


filter_values = st.one_of(st.none(), st.text(max_size=40), st.sampled_from(SQL_ATTACKS))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.one_of(st.text(max_size=60), st.text(st.characters(exclude_categories=()), max_size=30),
                   st.lists(st.sampled_from([*SQL_ATTACKS, '"', "-", "OR", "a", "*"]), max_size=6)
                   .map(" ".join)),
    speaker=filter_values, title=filter_values, country=filter_values, source=filter_values,
    kind=st.one_of(st.none(), st.sampled_from(["direct", "mixed", "indirect", "DIRECT", "'; --"])),
    since=st.one_of(st.none(), st.text(max_size=25),
                    st.sampled_from(["2024-01-01", "9999-12-31T23:59:59-23:59"])),
    limit=st.one_of(st.none(), st.integers(-2, 5)),
    order=st.sampled_from(["auto", "newest", "rank", "'; --"]),
)
def test_search_with_arbitrary_input_only_raises_clear_errors(archive: Archive, **filters: Any) -> None:
    store, _ = archive
    before = _fingerprint(store)
    _search(store, **filters)
    assert _fingerprint(store) == before


def test_hostile_quotes_are_stored_and_returned_byte_exact(archive: Archive) -> None:
    store, statements = archive
    found = store.search(SearchQuery(article_id="hostile-1", limit=None))
    assert sorted(orjson.dumps(e) for e in found) == sorted(orjson.dumps(e) for e in statements)
    texts = {e["content"]["text"] for e in found}
    assert texts == {q.text for q in HOSTILE_QUOTES}
    for quote in HOSTILE_QUOTES:  # and every one is found by its own words, verbatim
        words = [w for w in re.findall(r"\w+", quote.text) if len(w) > 2][:2]
        if words:
            hits = store.search(SearchQuery(text=" ".join(words), article_id="hostile-1"))
            assert quote.text in {e["content"]["text"] for e in hits}, quote.text
    article = store.get_article("hostile-1")
    assert article is not None
    assert article["body"] == make_article("hostile-1", HOSTILE_QUOTES)["body"]
    assert article["source"] == "Hostile <b>Wire</b>" and article["title"] == "<script>x</script>"


def test_nul_bytes_are_the_only_thing_the_archive_changes(tmp_path: Path) -> None:
    """PostgreSQL cannot store NUL, so both backends drop it — and only it."""
    quotes = [Quote("before\x00after <script>\x1b[0m", "Jane\x00Doe")]
    article = make_article("nul-1", quotes)
    statements = make_statements(article, quotes)
    with open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}", migrate=True) as store:
        store.write_articles([article])
        store.write_statements(statements)
        (found,) = store.search(SearchQuery(article_id="nul-1"))
        assert found["content"]["text"] == "beforeafter <script>\x1b[0m"
        assert found["speaker"]["name"] == "JaneDoe"
        stored = store.get_article("nul-1")
        assert stored is not None and stored["body"] == article["body"].replace("\x00", "")


# --- linear time -----------------------------------------------------------------------------------

def _growth(make: Callable[[int], str], n: int, *,
            work: Callable[[str], Any] = extract_statements) -> tuple[float, float, float]:
    """(CPU time for make(n), for make(FACTOR * n), their ratio); see ``tests/cpu_time.py``."""
    g = growth(make, n, work)
    return g.small, g.large, g.ratio


PROSE = (
    '"We are ready," the minister said on Tuesday. "We will act."\n'
    "The council approved the budget after a long debate in the chamber. Work starts in May.\n"
    "Lopez, a senior official, warned that the talks could fail, according to Reuters.\n"
)
# (name, text for a size n, n giving a base time well above timer noise)
LINEAR_CASES: list[tuple[str, Callable[[int], str], int]] = [
    ("normal prose", lambda n: PROSE * n, 60),
    ("quote marks", lambda n: '"' * n, 125_000),  # 8x: a million quote marks
    ("quote marks in paragraphs", lambda n: ('"' * 40 + "\n") * n, 600),
    ("one huge sentence without punctuation", lambda n: "the minister said that the talks " * n, 4_000),
    ("deeply nested brackets", lambda n: "(" * n + "he said" + ")" * n, 50_000),
    ("nested brackets and quotes", lambda n: '("[{' * n + "said" + '}]")' * n, 10_000),
    ("alternating quotes and cue words", lambda n: '" said "' * n, 10_000),
    ("quotes and cues in sentences", lambda n: '"Yes," he said. "No," she told. ' * n, 1_500),
    ("colon quotations", lambda n: 'He said: "We act." ' * n, 1_500),
    ("html and script", lambda n: '<p>"<script>x</script>," said <b>Lopez</b>.</p>\n' * n, 300),
]


@pytest.mark.parametrize(("name", "make", "n"), LINEAR_CASES, ids=[c[0] for c in LINEAR_CASES])
def test_extraction_time_grows_linearly(name: str, make: Callable[[int], str], n: int) -> None:
    t_small, t_large, ratio = _growth(make, n)
    # eight times the input; linear is ~8x, quadratic ~64x. Below a few ms the ratio is noise.
    assert ratio <= GROWTH_LIMIT or t_large < 0.05, f"{name}: {t_small:.4f}s -> {t_large:.4f}s ({ratio:.1f}x)"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "make"),
    [("ten megabytes of prose", lambda n: PROSE * n),
     ("ten megabytes of quote marks", lambda n: '"' * (n * 200))],
)
def test_ten_megabyte_bodies_extract_in_linear_time(name: str, make: Callable[[int], str]) -> None:
    """1.25 MB → 10 MB of text; the split agent refuses bodies over ``max_body_chars`` before this."""
    n = 1_250_000 // len(make(1))
    small, large = make(n), make(FACTOR * n)
    t_small = best_cpu(lambda: extract_statements(small), 2)
    t_large = best_cpu(lambda: extract_statements(large), 1)
    assert t_large / t_small <= GROWTH_LIMIT, f"{name}: {t_small:.2f}s -> {t_large:.2f}s CPU"


def test_layout_of_many_quoted_paragraphs_grows_linearly() -> None:
    """Plain paragraphs, then as many paragraphs holding a quotation: the shape that once made
    ``layout`` (the first step of ``extract_statements``) quadratic in paragraphs x quotations."""
    from streams.nlp.text import layout

    def make(n: int) -> str:
        return "A b. C d.\n" * n + '"We act." He said.\n' * n

    t_small, t_large, ratio = _growth(make, 2_000, work=layout)
    assert ratio <= GROWTH_LIMIT, f"{t_small:.3f}s -> {t_large:.3f}s ({ratio:.1f}x for 8x input)"


def _analyse(text: str) -> None:
    resolve_speakers(text, extract_statements(text))


@pytest.mark.parametrize(
    ("name", "make", "n"),
    [
        ("an unnamed official quoted again and again",
         lambda n: "A senior official warned that the talks could fail.\n" * n, 300),
        ("a named speaker introduced once", lambda n: "Maria Lopez, the trade minister, spoke.\n"
         + '"We will act," a spokesman said.\n' * n, 300),
    ],
    ids=["official", "introduced once"],
)
def test_speaker_resolution_time_grows_linearly(name: str, make: Callable[[int], str], n: int) -> None:
    t_small, t_large, ratio = _growth(make, n, work=_analyse)
    assert ratio <= GROWTH_LIMIT or t_large < 0.05, f"{name}: {t_small:.4f}s -> {t_large:.4f}s ({ratio:.1f}x)"


@pytest.mark.parametrize(
    ("name", "make", "n"),
    [
        ("a lone surname repeated", lambda n: "Lopez warned that the talks could fail.\n" * n, 250),
        ("a description repeated", lambda n: '"We are ready," the minister said on Tuesday.\n' * n, 250),
        # each description adds the role it states to its speaker, and each is weighed against
        # every role stated before: the same role stated again must not cost again
        ("a description of a named speaker repeated",
         lambda n: 'Sen. Bernie Sanders spoke. "We act," the Vermont senator said.\n' * n, 150),
        ("a name with its title repeated, then described",
         lambda n: 'Lloyd Austin, the US defense secretary, spoke. "We act," the secretary said.\n' * n, 150),
        ("a description without a fitting speaker repeated",
         lambda n: 'Lopez ate. "We are ready," the minister said on Tuesday.\n' * n, 150),
        # a description of an organisation: "the administration" after "The Obama administration"
        ("an organisation described repeatedly",
         lambda n: 'The Obama administration met. "We act," the administration said.\n' * n, 150),
        ("a government described repeatedly", lambda n: '"We are ready," the government said on Tuesday.\n' * n, 200),
        # a bare "poll" stands for the fuller phrase nearby
        ("a poll named in full, then bare",
         lambda n: "A new Washington Post-ABC News poll found support. The poll said it fell.\n" * n, 150),
        ("a plural pronoun repeated", lambda n: 'Officials met. "We will act," they said.\n' * n, 200),
        # every name a different person: each is looked up in the text once
        ("many different people",
         lambda n: "".join(f"Ana{i} Ruiz{i} warned that the talks could fail.\n" for i in range(n)), 250),
        ("many different speakers, each described",
         lambda n: "".join(f'Minister Ana{i} Ruiz{i} said the talks could fail. "We act," the minister said.\n'
                           for i in range(n)), 150),
        # one paragraph: where a line starts, and whether a place is quoted, are not searched for
        # from the line's start each time
        ("one paragraph of surnames", lambda n: "Lopez warned that the talks could fail. " * n, 250),
        # a capitalised role word or a word that may be a name, again and again: whether it is a
        # surname was decided by decoding every other occurrence of it, each of which re-entered
        # the same question (RecursionError past ~1,000 occurrences)
        ("a capitalised role word repeated",
         lambda n: "Howard Dean spoke.\n" + "Secretary said the talks could fail.\n" * n, 150),
        ("a name that is also a title",
         lambda n: "Dean said the talks could fail. Dean ate. Lopez said no.\n" * n, 100),
    ],
    ids=["surname", "description", "described speaker", "titled name", "description, no speaker",
         "administration", "government", "poll", "they", "many people", "many described speakers",
         "one paragraph", "role word", "name and title"],
)
def test_speaker_resolution_of_repeated_mentions_grows_linearly(name: str, make: Callable[[int], str],
                                                                 n: int) -> None:
    extracted = {text: extract_statements(text) for text in (make(n), make(FACTOR * n))}  # only resolution is timed

    def resolve(text: str) -> None:
        resolve_speakers(text, extracted[text])

    t_small, t_large, ratio = _growth(make, n, work=resolve)
    assert ratio <= GROWTH_LIMIT, f"{name}: {t_small:.3f}s -> {t_large:.3f}s ({ratio:.1f}x for 8x input)"


def test_a_long_chain_of_lone_surnames_resolves_without_recursion() -> None:
    """Two people share a surname; the bare surname then recurs thousands of times. Each bare
    mention continues the one before it: resolved in text order, not by recursing back through
    the whole chain (which raised RecursionError past ~300 mentions), and in linear time."""
    def make(n: int) -> str:
        return "Maria Lopez and Juan Lopez met.\n" + "Lopez ate lunch.\n" * n + "Lopez said the talks could fail.\n"

    text = make(5_000)
    (speaker,) = resolve_speakers(text, extract_statements(text))
    assert speaker is not None and speaker.name == "Juan Lopez"
    t_small, t_large, ratio = _growth(make, 1_000, work=_analyse)
    assert ratio <= GROWTH_LIMIT or t_large < 0.05, f"{t_small:.4f}s -> {t_large:.4f}s ({ratio:.1f}x, 8x input)"
