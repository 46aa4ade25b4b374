"""One path from an article to its statement events, for every caller.

``Pipeline`` holds the steps in order: extraction (the pure NLP core), in-article speaker resolution, roles
beyond the article (registry, speaker KB and, in the workers, speaker memory: :class:`RoleBook`), then the
``statement.v1`` events. The pipeline agent runs its steps one by one (:meth:`analyse`, the two NLP steps, in
a worker thread, the roles on the event loop); ``quotewire extract``, ``reprocess``, ``alerts test``, the demo and the
benchmarks call :meth:`Pipeline.process`. So what a preview or a benchmark expects is what the workers
publish: before this, ``alerts test``, the demo and ``bench pipeline`` built statements without the speaker
KB the workers apply, and an alert on a KB-supplied country matched in the workers only.
"""
from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .extract import statement_events
from .nlp import EXTRACTOR_VERSION, Speaker, Statement, extract_statements, resolve_speakers
from .nlp.kb import THRESHOLD, load_kb
from .speaker_roles import RoleBook

if TYPE_CHECKING:
    from .contracts import ArticleEvent, StatementEvent
    from .settings import Settings

SETTINGS_PREFIX = "QUOTEWIRE_"
"""Every setting is a ``QUOTEWIRE_*`` environment variable (any case: the settings ignore it)."""

def fits_a_memory_record(speaker: Speaker, limit: int) -> bool:
    """Whether the speaker's memory changelog record stays well under the record limit.

    The memory's changelog record carries the speaker id as key and the name and id again in its
    value: a speaker of hundreds of KB would make a record the producer refuses, crashing the
    agent. Such a speaker keeps what the article says, and its statements are size-checked when sent.
    """
    from .batches import RECORD_OVERHEAD  # here: batches are for the workers, not ``quotewire extract``

    parts = (speaker.name, speaker.speaker_id, speaker.speaker_id, speaker.title, speaker.organization,
             speaker.country)
    size = sum(len((v or "").encode("utf-8", "surrogatepass")) for v in parts)
    if size + RECORD_OVERHEAD > limit // 2:
        import structlog  # here: `quotewire extract` starts without structlog

        structlog.get_logger(__name__).warning("pipeline.speaker_not_remembered",
                                               reason="too large for a memory record", size=size)
        return False
    return True


@dataclass
class Pipeline:
    """The steps from an article to statement events; ``remembers``: whether roles are learnt and recalled
    across articles (the workers' and ``reprocess``'s speaker memory) or only overlaid (``extract``)."""

    book: RoleBook
    remembers: bool = False
    resolve: bool = True

    @classmethod
    def from_settings(cls, settings: Settings, memory: MutableMapping[str, Any] | None = None, *,
                      resolve: bool = True) -> Pipeline:
        """The registry and speaker KB that ``settings`` name; speaker memory when ``memory`` is given."""
        return cls(RoleBook.from_settings(settings, memory), remembers=memory is not None, resolve=resolve)

    @staticmethod
    def configured(environ: Mapping[str, str]) -> bool:
        """Whether ``environ`` sets any setting; if not, ``with_default_roles`` is ``from_settings``'s pipeline."""
        return any(name.upper().startswith(SETTINGS_PREFIX) for name in environ)

    @classmethod
    def with_default_roles(cls, *, resolve: bool = True) -> Pipeline:
        """``from_settings`` for settings at their defaults (no registry file; the packaged KB, linked at
        ``THRESHOLD``), without loading the settings: pydantic is a third of ``quotewire extract``'s start-up.
        A test keeps these defaults equal to the settings'."""
        return cls(RoleBook(None, None, load_kb(None), THRESHOLD), resolve=resolve)

    def extract(self, article: Mapping[str, Any]) -> list[Statement]:
        """The article's statements (pure; safe in a worker thread)."""
        return extract_statements(article["body"])

    def speakers(self, article: Mapping[str, Any], statements: list[Statement]) -> list[Speaker | None]:
        """Each statement's speaker as the article names and resolves it (pure; safe in a worker thread)."""
        if not self.resolve:
            return [None] * len(statements)
        return resolve_speakers(article["body"], statements)

    def analyse(self, article: Mapping[str, Any]) -> tuple[list[Statement], list[Speaker | None]]:
        """Statements and their speakers as the article names them: both pure steps, for one worker thread."""
        statements = self.extract(article)
        return statements, self.speakers(article, statements)

    def roles_within(self, article: Mapping[str, Any], speakers: list[Speaker | None],
                     limit: int) -> list[Speaker | None]:
        """:meth:`roles` for the speakers whose memory record stays well within ``limit`` bytes (a Kafka
        record); a speaker too large for one keeps what the article says."""
        fits = [s is not None and fits_a_memory_record(s, limit) for s in speakers]
        applied = self.roles(article, [s if ok else None for s, ok in zip(speakers, fits, strict=True)])
        return [a if ok else s for s, a, ok in zip(speakers, applied, fits, strict=True)]

    def roles(self, article: Mapping[str, Any], speakers: list[Speaker | None], *,
              when: str | None = None) -> list[Speaker | None]:
        """Roles beyond the article: registry, then KB, then (``remembers``) memory, as of the article's date
        (``when`` overrides it, e.g. a date in a file's name; with no date, roles of no particular day)."""
        if self.remembers:
            return self.book.apply_all(speakers, article)
        return self.book.overlay_all(speakers, when or article.get("published_at") or article.get("ingested_at"))

    def process(self, article: ArticleEvent, *, when: str | None = None,
                extractor_version: str = EXTRACTOR_VERSION, extracted_at: str | None = None) -> list[StatementEvent]:
        """All the steps: the statement events the workers would publish for ``article``."""
        statements, speakers = self.analyse(article)
        speakers = self.roles(article, speakers, when=when)
        return statement_events(article, list(zip(statements, speakers, strict=True)),
                                extractor_version=extractor_version, extracted_at=extracted_at)
