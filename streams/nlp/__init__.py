"""The NLP core: statements and speakers from article text. Pure, synchronous, no Kafka or Faust.

``extract_statements`` finds direct, mixed and indirect statements with their cue and
speaker mention; ``resolve_speakers`` resolves each mention within the article to a
named speaker with title, organization, country and type. ``EXTRACTOR_VERSION`` goes
on every statement event: bump it whenever either changes what they output, so that
replays stay idempotent and ``quotewire reprocess`` can replace older results.
"""
from __future__ import annotations

from .model import Span, Speaker, SpeakerType, Statement, StatementKind

EXTRACTOR_VERSION = "1.33.0"

__all__ = [
    "EXTRACTOR_VERSION",
    "Span",
    "Speaker",
    "SpeakerType",
    "Statement",
    "StatementKind",
    "extract_statements",
    "resolve_speakers",
]


def extract_statements(text: str) -> list[Statement]:
    """Every statement in ``text``, in text order."""
    from .statements import extract

    return extract(text)


def resolve_speakers(text: str, statements: list[Statement]) -> list[Speaker | None]:
    """The resolved speaker of each statement (None where it has no speaker mention)."""
    from .speakers import resolve

    return resolve(text, statements)
