"""Synthetic articles and statement events, for the archive benchmark and tests.

Built with ``streams.events.build_statement`` from hand-made spans, so they are real
statement.v1 events without depending on the NLP extractor: every quote becomes a
paragraph ``"<text>," said <speaker>.`` and its statement points into that body.
"""
from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from .. import events
from ..contracts import ArticleEvent, StatementEvent
from ..nlp.model import Span, Speaker, SpeakerType, Statement, StatementKind


@dataclass(frozen=True, slots=True)
class Quote:
    """One statement to put in a synthetic article; ``speaker=None`` leaves it unattributed."""

    text: str
    speaker: str | None = "Jane Doe"
    title: str | None = None
    organization: str | None = None
    country: str | None = None
    kind: StatementKind = "direct"
    speaker_type: SpeakerType = "person"


def slug(name: str) -> str:
    return re.sub(r"[\W_]+", "-", name.casefold()).strip("-")


def make_article(
    article_id: str, quotes: Sequence[Quote], *, revision: int = 1, **meta: Any
) -> ArticleEvent:
    """An article event whose body holds ``quotes`` one per paragraph (``meta``: source, title, ...)."""
    body = "\n".join(f'"{q.text}," said {q.speaker or "someone"}.' for q in quotes)
    return events.article_from_text(article_id, body, **{"revision": revision, **meta})


def make_statements(
    article: ArticleEvent,
    quotes: Sequence[Quote],
    *,
    extractor_version: str = "test-1",
    extracted_at: str = "2024-10-01T12:00:00.000Z",
) -> list[StatementEvent]:
    """The statement events of ``article`` (made by ``make_article`` with the same quotes)."""
    body: str = article["body"]
    out: list[StatementEvent] = []
    pos = 0
    for index, quote in enumerate(quotes):
        start = body.index('"' + quote.text, pos) + 1
        end = start + len(quote.text)
        cue_at = body.index("said", end)
        pos = end
        mention = Span(cue_at + 5, cue_at + 5 + len(quote.speaker)) if quote.speaker else None
        statement = Statement(
            kind=quote.kind,
            content=(Span(start, end),),
            cue=Span(cue_at, cue_at + 4),
            speaker=mention,
            sentence_index=index,
            confidence=0.9,
        )
        speaker = (
            Speaker(
                name=quote.speaker,
                type=quote.speaker_type,
                title=quote.title,
                organization=quote.organization,
                country=quote.country,
                speaker_id=slug(quote.speaker),
                role_source="article",
            )
            if quote.speaker
            else None
        )
        out.append(
            events.build_statement(
                article,
                statement,
                speaker,
                index=index,
                count=len(quotes),
                extractor_version=extractor_version,
                extracted_at=extracted_at,
            )
        )
    return out


_WORDS = (
    "ceasefire talks border security council sanctions energy grid prices inflation election vote "
    "parliament reform budget deficit troops withdrawal negotiations humanitarian corridor aid convoy "
    "refugees drought harvest exports grain port shipping tariffs trade agreement summit delegation "
    "minister president spokesperson ambassador committee investigation report evidence court ruling "
    "appeal strike union wages pension hospital vaccine outbreak climate emissions target coal solar "
    "wind nuclear reactor inspection agency deadline proposal compromise opposition coalition majority "
    "we will not accept this the people deserve answers our position remains unchanged there is no "
    "alternative to dialogue they must stop now this is a historic day for our country we are ready"
).split()
_SPEAKERS = [
    ("Vassily Nebenzia", "ambassador", "United Nations", "Russia"),
    ("Antonio Guterres", "secretary-general", "United Nations", None),
    ("Annalena Baerbock", "foreign minister", None, "Germany"),
    ("Olaf Scholz", "chancellor", None, "Germany"),
    ("Emmanuel Macron", "president", None, "France"),
    ("Volodymyr Zelensky", "president", None, "Ukraine"),
    ("Dmitry Peskov", "spokesman", "Kremlin", "Russia"),
    ("Wang Yi", "foreign minister", None, "China"),
    ("Ursula von der Leyen", "president", "European Commission", None),
    ("Jens Stoltenberg", "secretary general", "NATO", None),
]
_KINDS: tuple[StatementKind, ...] = ("direct", "direct", "mixed", "indirect")
_SOURCES = ("Reuters", "AP", "AFP", "dpa", "BBC", "Al Jazeera")


def synthetic(
    n: int,
    *,
    per_article: int = 10,
    seed: int = 0,
    extractor_version: str = "bench-1",
    start: datetime = datetime(2024, 9, 1, tzinfo=UTC),
    prefix: str = "bench",
) -> tuple[list[ArticleEvent], list[StatementEvent]]:
    """Exactly ``n`` statement events over ``n / per_article`` articles, with the articles.

    Article ids are ``<prefix>-<seed>-<k>``.
    """
    rng = random.Random(seed)
    articles: list[ArticleEvent] = []
    statements: list[StatementEvent] = []
    number = 0
    while len(statements) < n:
        count = min(per_article, n - len(statements))
        quotes = []
        for _ in range(count):
            name, title, org, country = rng.choice(_SPEAKERS)
            text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 30)))
            quotes.append(
                Quote(text.capitalize(), name, title, org, country, rng.choice(_KINDS))
            )
        published = start + timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        article = make_article(
            f"{prefix}-{seed}-{number}",
            quotes,
            source=rng.choice(_SOURCES),
            title=f"Synthetic article {number}",
            url=f"https://example.com/{seed}/{number}",
            published_at=published.isoformat().replace("+00:00", "Z"),
            language="en",
        )
        articles.append(article)
        statements += make_statements(
            article, quotes, extractor_version=extractor_version, extracted_at=events.utcnow()
        )
        number += 1
    return articles, statements
