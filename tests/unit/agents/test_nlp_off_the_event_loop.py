"""The pipeline agent runs the NLP in a worker thread, so a long article does not stop the worker's
event loop: health checks (/healthz, /readyz), heartbeats and fetches go on while it is processed.

Issue 19 item 2: one 988 KB article kept a worker from answering /healthz for about 75 s. Each
test runs the real agent (Faust's test wrapper, no broker) on an extractor that spins on the CPU,
holding the interpreter as the NLP does, until the event loop has shown that it still runs.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

import faust
import orjson
import pytest

import streams.pipeline
from streams import events
from streams.agents import pipeline as pipeline_agent
from streams.agents.article_step import NLP_INLINE_CHARS
from streams.agents.record_sender import RecordSender
from streams.nlp import Span, Statement
from streams.settings import Settings
from streams.topics import names

GIVE_UP_CPU_SECONDS = 5.0
"""How long the stand-in extractor waits for the loop before giving up (CPU time of its thread)."""


class _Sent:
    """Keeps what the pipeline agent sends, by topic (in place of its producer)."""

    def __init__(self) -> None:
        self.sent: dict[str, list[bytes]] = {}

    async def send(self, topic: str, key: bytes | None, value: bytes | None, headers: Any = None) -> None:
        self.sent.setdefault(topic, []).append(value)


class _Spinner:
    """A stand-in for the NLP: CPU-bound until the event loop has run while it works."""

    def __init__(self, result: Any) -> None:
        self.result = result
        self.started = threading.Event()
        self.loop_ran = threading.Event()
        self.loop_ran_while_working: list[bool] = []

    def __call__(self, *args: Any) -> Any:
        self.started.set()
        began = time.thread_time()
        while not self.loop_ran.is_set() and time.thread_time() - began < GIVE_UP_CPU_SECONDS:
            pass
        self.loop_ran_while_working.append(self.loop_ran.is_set())
        return self.result

    async def watch(self) -> None:
        """On the event loop: note that it runs once the extractor has started."""
        while not self.started.is_set():
            await asyncio.sleep(0.001)
        self.loop_ran.set()


async def _until_sent(sent: _Sent) -> None:
    while not sent.sent:
        await asyncio.sleep(0.01)


def _run(value: bytes,
         monkeypatch: pytest.MonkeyPatch) -> tuple[_Sent, Callable[[_Spinner], Coroutine[Any, Any, None]]]:
    """The pipeline agent registered on a Faust app, what it sends kept by ``_Sent``, and a coroutine function
    that puts ``value`` into it and waits until it sent something."""
    settings = Settings()
    sent = _Sent()
    monkeypatch.setattr(RecordSender, "send", sent.send)

    async def scenario(spinner: _Spinner) -> None:
        app = faust.App("test-pipeline", broker="kafka://127.0.0.1:9", store="memory://")
        pipeline_agent.register(app, settings)
        agent = next(a for a in app.agents.values() if a.name.endswith("pipeline"))
        async with agent.test_context() as tested:
            watcher = asyncio.create_task(spinner.watch())
            await tested.put(value=value, key=b"poison")
            await asyncio.wait_for(watcher, GIVE_UP_CPU_SECONDS * 4)
            await asyncio.wait_for(_until_sent(sent), 60)  # a guard against a hang, not a time limit

    return sent, scenario


# longer than what the agent analyses inline on the event loop (a short article holds it a few ms at most)
ARTICLE = {"schema": "article.v1", "article_id": "poison", "revision": 1,
           "body": '"We act," he said. ' + "The sky was blue. " * (NLP_INLINE_CHARS // 18 + 1)}


def test_the_pipeline_agent_extracts_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    spinner = _Spinner([])
    monkeypatch.setattr(streams.pipeline, "extract_statements", spinner)  # the agent's Pipeline.extract
    sent, scenario = _run(orjson.dumps(ARTICLE), monkeypatch)
    asyncio.run(scenario(spinner))
    assert spinner.loop_ran_while_working == [True], "the event loop stood still while the article was extracted"
    (batch,) = sent.sent[names(Settings()).batches]
    assert events.loads(batch)["article"]["article_id"] == "poison"


def test_the_pipeline_agent_resolves_speakers_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    statement = Statement("direct", (Span(0, 9),), Span(13, 17), Span(10, 12), 0, 0.9)
    monkeypatch.setattr(streams.pipeline, "extract_statements", lambda body: [statement])
    spinner = _Spinner([None])
    monkeypatch.setattr(streams.pipeline, "resolve_speakers", spinner)  # the agent's Pipeline.speakers
    sent, scenario = _run(orjson.dumps(ARTICLE), monkeypatch)
    asyncio.run(scenario(spinner))
    assert spinner.loop_ran_while_working == [True], "the event loop stood still while speakers were resolved"
    (out,) = sent.sent[names(Settings()).statements]
    assert events.loads(out)["article_id"] == "poison"
