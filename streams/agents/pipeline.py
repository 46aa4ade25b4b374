"""The pipeline agent: article events in, statement events and statement batches out.

Thin wiring: each article goes through :class:`~streams.agents.article_step.ArticleStep` (check, analyse,
roles, send, or dead-letter with the reason); the speaker memory is a GlobalTable (:mod:`.speaker_memory`),
and records go straight to the producer (:mod:`.record_sender`).
"""
from __future__ import annotations

import time

import faust

from .. import metrics
from ..logs import clear_event
from ..pipeline import Pipeline
from ..settings import Settings
from ..topics import names
from .article_step import ArticleStep
from .record_sender import RecordSender
from .speaker_memory import SpeakerMemory, speaker_memory
from .statement_out import StatementOut
from .wire import raw_topic


def register(app: faust.App, settings: Settings) -> None:
    n = names(settings)
    deadletters = raw_topic(app, n.deadletter)
    records = RecordSender(app)
    memory = SpeakerMemory(speaker_memory(app), records)
    step = ArticleStep(Pipeline.from_settings(settings, memory), memory,
                       StatementOut(app, n, deadletters, records), deadletters, settings.max_body_chars)

    @app.agent(raw_topic(app, n.articles), name="pipeline")
    async def run(stream: faust.StreamT) -> None:
        async for event in stream.events():
            metrics.EVENTS_IN.labels(n.articles).inc()
            started = time.perf_counter()
            try:
                await step.handle(event)
            finally:
                clear_event()
            metrics.PROCESSING_SECONDS.labels("pipeline").observe(time.perf_counter() - started)
