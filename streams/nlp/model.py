"""Plain data the NLP core produces: statements with character offsets, and resolved speakers.

Pure and synchronous on purpose: nothing here knows about Kafka or Faust, so the
extractor can be unit-tested, fuzzed and benchmarked alone. Offsets are Python
string indices into the article body exactly as given (no normalisation).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

StatementKind = Literal["direct", "mixed", "indirect"]
SpeakerType = Literal["person", "organization", "group", "anonymous"]
RoleSource = Literal["article", "memory", "registry", "kb"]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and spans are built tens of
# thousands of times a batch; no code assigns to a Span, and it hashes and compares by value as before.
@dataclass(slots=True, unsafe_hash=True)
class Span:
    """A half-open ``[start, end)`` character range of the article text."""

    start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.start:self.end]


@dataclass(slots=True)
class Statement:
    """One attributed statement found in an article, before speaker enrichment.

    ``content`` holds one span, or several when the statement is split around its
    cue (``"We are ready," he said. "We will act."``). ``speaker`` is the mention
    that names the speaker at this statement ("he", "Wood", "A Ukrainian official"),
    or None when the article names no speaker for it.
    """

    kind: StatementKind
    content: tuple[Span, ...]
    cue: Span | None
    speaker: Span | None
    sentence_index: int
    confidence: float
    rule: str = field(default="", compare=False)
    """The grammar rule that found it ("content after the cue", "according to"), for ``quotewire
    extract --explain``; not published, and no part of a statement's equality."""

    @property
    def start(self) -> int:
        return self.content[0].start

    @property
    def end(self) -> int:
        return self.content[-1].end


@dataclass(slots=True)
class Speaker:
    """A speaker mention resolved against its article (and later memory / registry).

    ``speaker_id`` is stable across articles for the same real speaker (a slug of
    the normalised full name, or of type + title + country for anonymous sources),
    so the worker's speaker memory can key on it.
    """

    name: str | None
    type: SpeakerType
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    speaker_id: str | None = None
    role_source: RoleSource | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    kb_id: str | None = None  # the speaker KB entity linked (a Wikidata QID where known)
    canonical_name: str | None = None  # that entity's name
    link_confidence: float | None = None
