"""Logging: structlog everywhere, JSON lines in production, readable on a terminal.

Faust, aiokafka and mode log through the standard library; we route their records
through the same structlog processors so one process writes one format. Context
bound with ``structlog.contextvars`` (article_id, statement_id, trace_id) lands on
every line logged while an event is being handled.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping
from typing import Any, Literal

import structlog

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
# Libraries that are chatty at INFO about their own machinery; their warnings still show.
_QUIET = ("aiokafka", "faust", "mode", "aiohttp.access", "kafka", "trafilatura", "htmldate")


def configure_logging(
    level: str = "info",
    fmt: Literal["auto", "json", "console"] = "auto",
    *,
    stream: Any = None,
    quiet_libraries: bool = True,
) -> None:
    """Set up structlog and route stdlib logging through it (idempotent)."""
    stream = stream or sys.stderr
    as_json = fmt == "json" or (fmt == "auto" and not getattr(stream, "isatty", lambda: False)())
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(colors=_colors(stream))
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info if as_json else _identity,
            renderer,
        ],
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(_LEVELS.get(level, logging.INFO))
    for name in _QUIET:
        logging.getLogger(name).setLevel(
            max(logging.WARNING, root.level) if quiet_libraries else root.level
        )


def _colors(stream: Any) -> bool:
    """Colour on a terminal, unless NO_COLOR is set to anything but empty (https://no-color.org)."""
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def _identity(logger: Any, name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    return event


def bind_event(**fields: Any) -> None:
    """Bind identifiers of the event being handled to every log line until cleared."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(**{k: v for k, v in fields.items() if v is not None})


def clear_event() -> None:
    structlog.contextvars.clear_contextvars()
