"""Continuous newswire ingestion: feeds, NDJSON and pushed articles in, clean article events out, each once.

Entry points for the CLI:

- ``runner.run(settings, sources_file)``: ``quotewire ingest [--sources FILE]`` (blocks until SIGTERM/SIGINT)
- ``status.status_report(settings)``: the text ``quotewire ingest status`` prints
- ``runner.run_ingest(settings, sources)``: the coroutine, for embedding and tests
- ``sources.load_sources(path, settings)``: read and validate a sources file (raises SourcesError)
"""

from __future__ import annotations

from .runner import run, run_ingest
from .sources import SourcesError, load_sources
from .status import status_report

__all__ = ["SourcesError", "load_sources", "run", "run_ingest", "status_report"]
