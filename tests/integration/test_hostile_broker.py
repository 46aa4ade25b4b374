"""Hostile records on the real embedded broker: every one is refused with a reason, nothing stops the worker.

A burst of the classic attacks goes to the articles topic of a pipeline worker (a real
child process): invalid UTF-8, NUL bytes raw and escaped, JSON nested 10,000 levels deep
and nested just deep enough to be read but not written back, an array instead of an
object, a body over ``max_body_chars``, half a million quote marks, HTML/script/ANSI
text, an article whose statement batch is larger than a Kafka record may be. Records
larger than the broker takes (a 10 MB body, a million escaped quote marks) cannot be
produced at all: ``publish_records`` dead-letters those itself (``record_too_large``).
Then a good article. Every refused record is on the dead-letter topic with its reason
and its original bytes (the head of them for big ones, ``original_truncated``), the
worker process is still running, and the good article comes out.
"""
from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams import events
from streams.broker import EmbeddedBroker
from streams.contracts import TRACE_HEADER
from streams.publish import MAX_RECORD_BYTES, producer
from streams.settings import Settings
from streams.topics import names
from streams.worker import Supervisor

from .conftest import decoded, make_settings, publish, read_topic, running_workers

pytestmark = pytest.mark.broker

MAX_BODY = 900_000
GOOD = {"article_id": "good-after-hostile", "body": '"We will act soon," the minister said on Monday.'}
SCRIPT = ('"<script>alert(1)</script> is \x1b[31mred\x1b[0m and }]} \\ fine," the minister said.\n'
          'Line two \u2028 {"level": "critical"} \r\n<img src=x onerror=alert(1)>')


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


# Refused by the split agent: name → (record, error code)
REFUSED: dict[str, tuple[bytes, str]] = {
    "invalid_utf8": (b'{"article_id": "bad-utf8", "body": "caf\xc3\x28 \xff\xfe said he."}', "invalid_json"),
    "raw_nul": (b'{"article_id": "raw-nul", "body": "a\x00b said he."}', "invalid_json"),
    "nul_only": (b"\x00" * 64, "invalid_json"),
    "nested_10k": (_nested(10_000), "invalid_json"),
    "nested_in_field": (b'{"article_id": "deep-field", "body": "He said it.", "meta": ' + _nested(300) + b"}",
                        "invalid_article"),
    "array": (orjson.dumps([GOOD]), "not_an_object"),
    "body_too_large": (orjson.dumps({"article_id": "too-long", "body": "x " * (MAX_BODY // 2 + 1000)}),
                       "body_too_large"),
    "huge_revision": (b'{"article_id": "rev", "body": "He said it.", "revision": 1e100}', "invalid_article"),
    "wrong_type": (b'{"article_id": {"$ne": null}, "body": "He said it."}', "wrong_type"),
    # a 400 KB trace id, which every downstream event and header would carry
    "huge_trace_id": (orjson.dumps({"article_id": "long-trace-id", "body": "He said it.",
                                    "trace_id": "t" * 400_000}), "invalid_article"),
    # under every input limit, but the article alone leaves no room in its statement batch record
    "article_too_large": (orjson.dumps({"article_id": "too-large-for-a-batch", "body": "The sky was blue. " * 48_000,
                                        "title": "t" * 135_700}), "article_too_large"),  # 999,759 bytes
    # a schema error quoting an 800 KB value: the dead letter must still fit in a record
    "huge_reason": (orjson.dumps({"article_id": "huge-reason", "body": ["a" * 100] * 8_000}), "wrong_type"),
}
# Too large to produce: publish_records dead-letters them itself (stage "publish").
TOO_LARGE: dict[str, bytes] = {
    "ten_megabytes": orjson.dumps({"article_id": "ten-mb", "body": "He said it was fine. " * 500_000}),
    "million_quotes": orjson.dumps({"article_id": "million-quotes", "body": '"' * 1_000_000}),
}
# Accepted: hostile but valid articles the worker must get through.
ACCEPTED: dict[str, dict[str, Any]] = {
    "escaped_nul": {"article_id": "nul-escaped", "title": "\x00",
                    "body": '"We act\x00 now," the minister said.'},
    "quotes": {"article_id": "many-quotes", "body": '"' * 440_000},  # 880 KB on the wire, under every limit
    "script": {"article_id": "<script>alert(1)</script>", "title": "<img src=x onerror=alert(1)>",
               "body": SCRIPT},
}
# An article under every input limit whose statement batch (article + statement events) is not: its
# thousands of statements would make a record of about 10 MB, over the producer's 1 MB limit.
MANY = {"article_id": "many-statements", "body": '"Yes," he said.\n' * 10_000}  # 160 KB → 10,000 statements
# A good article under a 400 KB trace-id header: the header is ignored (a trace id is copied into every
# event and header downstream), the article goes through with a trace id of its own.
TRACED = {"article_id": "long-trace-header", "body": '"We act," he said.'}


@pytest.fixture(scope="module")
def pipeline(
    broker: EmbeddedBroker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, Supervisor, Path]]:
    root = tmp_path_factory.mktemp("hostile")
    settings = make_settings(broker, root / "data", max_body_chars=MAX_BODY, log_level="info")
    with running_workers(settings, ["pipeline"], root / "logs") as supervisor:
        yield settings, supervisor, root / "logs" / "pipeline.log"


async def _send_with_header(settings: Settings, value: bytes, name: str, header_value: bytes) -> None:
    """One record on the articles topic with a header of our choosing (publish_records sets its own)."""
    prod = producer(settings)
    await prod.start()
    try:
        await (await prod.send(names(settings).articles, value, headers=[(name, header_value)]))
    finally:
        await prod.stop()


def _letters_by_original(letters: list[dict[str, Any]]) -> dict[bytes, dict[str, Any]]:
    return {base64.b64decode(letter["original"]): letter for letter in letters}


def test_a_burst_of_hostile_records_is_dead_lettered_and_the_worker_goes_on(
    pipeline: tuple[Settings, Supervisor, Path],
) -> None:
    settings, supervisor, log_path = pipeline
    n = names(settings)
    for record, _ in REFUSED.values():
        assert len(record) <= MAX_RECORD_BYTES
    for record in TOO_LARGE.values():
        assert len(record) > MAX_RECORD_BYTES

    publish(settings, [*(r for r, _ in REFUSED.values()), *TOO_LARGE.values(), *ACCEPTED.values(),
                       MANY])
    asyncio.run(_send_with_header(settings, events.dumps(TRACED), TRACE_HEADER, b"t" * 400_000))
    publish(settings, [GOOD])

    wanted = len(REFUSED) + len(TOO_LARGE)
    letters = decoded(read_topic(settings, n.deadletter, count=wanted, timeout=120, quiet=1.0))
    for letter in letters:
        assert events.schema_errors(letter) == [], letter
        assert letter["reason"].strip() and letter["error"]
    by_original = _letters_by_original(letters)

    for name, (record, code) in REFUSED.items():
        kept = next((o for o in by_original if record.startswith(o) and o), None)
        assert kept is not None, f"{name} is not on the dead-letter topic"
        letter = by_original[kept]
        assert (letter["stage"], letter["error"]) == ("split", code), (name, letter["reason"])
        assert letter["source_topic"] == n.articles and letter["offset"] is not None
        assert letter["original_size"] == len(record)
        assert letter["original_truncated"] is (len(kept) < len(record))
        if len(record) <= events.MAX_DEADLETTER_ORIGINAL:
            assert kept == record, name
    big = next(letter for letter in letters if letter["error"] == "body_too_large")
    assert big["original_truncated"] and str(MAX_BODY) in big["reason"]
    assert all(len(letter["reason"]) <= events.MAX_DEADLETTER_REASON for letter in letters)

    for name, record in TOO_LARGE.items():
        letter = next(
            (x for x in letters if x["stage"] == "publish" and x["original_size"] == len(record)), None)
        assert letter is not None, f"{name} was not dead-lettered by publish"
        assert letter["error"] == "record_too_large" and str(len(record)) in letter["reason"]
        assert letter["original_truncated"] is True
        assert record.startswith(base64.b64decode(letter["original"]))
        assert letter["article_id"] == orjson.loads(record)["article_id"]

    assert not [x for x in letters if x.get("article_id") == MANY["article_id"]]

    # The article of 10,000 statements: its batch went out in parts, each within a record, in order, only
    # the first with the article, and together they hold every statement once.
    def many_parts(records: list[Any]) -> list[dict[str, Any]]:
        return [b for b in decoded(records) if b["article_id"] == MANY["article_id"]]

    parts = many_parts(read_topic(settings, n.batches, timeout=120, until=lambda rs: (
        (got := many_parts(rs)) != [] and len(got) >= got[0]["parts"])))
    assert len(parts) > 5 and [b["part"] for b in parts] == list(range(parts[0]["parts"]))
    assert parts[0]["article"]["body"] == MANY["body"] and all(b["article"] is None for b in parts[1:])
    assert [s["index"] for b in parts for s in b["statements"]] == list(range(10_000))

    # The good article and the hostile-but-valid ones come out as statements, text verbatim.
    want = {GOOD["article_id"], ACCEPTED["script"]["article_id"], ACCEPTED["escaped_nul"]["article_id"],
            TRACED["article_id"]}
    statements = decoded(read_topic(
        settings, n.statements, timeout=120, until=lambda rs: {e["article_id"] for e in decoded(rs)} >= want))
    good = [e for e in statements if e["article_id"] == GOOD["article_id"]]
    assert len(good) == 1 and good[0]["content"]["text"] == '"We will act soon,"'
    (script,) = [e for e in statements if e["article_id"] == ACCEPTED["script"]["article_id"]]
    body = ACCEPTED["script"]["body"]
    assert script["article"]["title"] == "<img src=x onerror=alert(1)>"
    assert script["content"]["text"] == " ".join(body[a:b] for a, b in script["content"]["spans"])
    assert '"<script>alert(1)</script> is \x1b[31mred\x1b[0m and }]} \\ fine,"' == script["content"]["text"]
    (nul,) = [e for e in statements if e["article_id"] == "nul-escaped"]
    assert "\x00" in nul["content"]["text"]
    (traced,) = [e for e in statements if e["article_id"] == TRACED["article_id"]]
    assert traced["trace_id"] and len(traced["trace_id"]) <= events.MAX_TRACE_ID
    for event in [*good, script, nul, traced]:
        assert events.schema_errors(event) == []

    # Nothing stopped the worker: its process runs, and its log has no crashed agent.
    assert supervisor.exited() == []
    log = log_path.read_text(errors="replace")
    for line in log.splitlines():
        assert "crash" not in line.lower(), line
        assert not line.startswith("Traceback"), line


# An article whose extraction event fits in a record but one of whose statement events does not: its speaker
# is a 650 KB "name", which the statement event carries twice (name and speaker id) next to the quote, and
# which the speaker memory (a changelog record of its own) cannot hold either.
HUGE_NAME = "Xyzzy" * 130_000 + " Smith"
OVERSIZED = {"article_id": "oversized-statement",
             "body": f'{HUGE_NAME} arrived.\n\n"We will act," said Smith.\n\n"We will act soon," said Jane Doe.'}
AFTER_OVERSIZED = {"article_id": "after-oversized", "body": '"Nothing stops us," the minister said.'}


def test_a_statement_too_large_for_a_record_is_dead_lettered_and_the_rest_go_on(
    pipeline: tuple[Settings, Supervisor, Path],
) -> None:
    settings, supervisor, log_path = pipeline
    n = names(settings)
    assert len(events.dumps(OVERSIZED)) < MAX_RECORD_BYTES
    publish(settings, [OVERSIZED, AFTER_OVERSIZED])

    want = {OVERSIZED["article_id"], AFTER_OVERSIZED["article_id"]}
    statements = decoded(read_topic(
        settings, n.statements, timeout=120, until=lambda rs: {e["article_id"] for e in decoded(rs)} >= want))
    ours = [e for e in statements if e["article_id"] == OVERSIZED["article_id"]]
    assert [e["content"]["text"] for e in ours] == ['"We will act soon,"']  # the statement that fits
    assert ours[0]["statement_count"] == 2
    assert [e["content"]["text"] for e in statements if e["article_id"] == AFTER_OVERSIZED["article_id"]] == [
        '"Nothing stops us,"']

    letters = [x for x in decoded(read_topic(
        settings, n.deadletter, timeout=60,
        until=lambda rs: any(e.get("article_id") == OVERSIZED["article_id"] for e in decoded(rs))))
        if x.get("article_id") == OVERSIZED["article_id"]]
    assert len(letters) == 1, letters
    (letter,) = letters
    assert events.schema_errors(letter) == []
    assert (letter["stage"], letter["error"]) == ("enrich", "statement_too_large")
    assert "statement 1 of 2" in letter["reason"] and "bytes" in letter["reason"]
    assert letter["statement_id"] and letter["source_topic"] == n.articles and letter["offset"] is not None
    assert letter["original_truncated"] and letter["original_size"] > MAX_RECORD_BYTES

    assert supervisor.exited() == []
    for line in log_path.read_text(errors="replace").splitlines():
        assert "MessageSizeTooLarge" not in line and "crash" not in line.lower(), line[:300]
