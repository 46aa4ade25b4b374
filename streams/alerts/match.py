"""Matching statements against compiled queries, explaining each match, fast enough for many.

A statement is folded into words once (``prepare``), then tested against any number
of queries. ``QueryIndex`` holds the queries of all subscriptions and, per statement,
evaluates only those whose necessary words ("anchors") the statement contains, so
thousands of subscriptions cost little more than the handful that could match.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from .. import events
from ..contracts import AlertEvent, StatementEvent
from .folding import fold, words
from .query import CONTENT, EXACT_CHANNELS, Query, compile_query

K = TypeVar("K")


class UnmatchableStatement(ValueError):
    """A statement whose fields do not have statement.v1's types, so no query can be tested on it."""


def _part(event: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """``event[key]``: an object, or nothing (absent or null)."""
    value = event.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise UnmatchableStatement(f"{key} is {type(value).__name__}, not an object (statement.v1)")
    return value


def _text(part: Mapping[str, Any], key: str, where: str) -> str:
    """``part[key]``: text, or "" when absent or null; anything else is refused, naming the field."""
    value = part.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        raise UnmatchableStatement(
            f"{where}.{key} is {type(value).__name__} {shown}, not text or null (statement.v1)")
    return value


V = TypeVar("V")


class _PerChannel(dict[str, V]):
    """A value per channel (a statement's folded words, their set, where each occurs, their sorted set), made by
    ``make`` when first asked for: most queries read one or two channels."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[str], V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, channel: str) -> V:
        found = self[channel] = self._make(channel)
        return found


def _positions(seq: list[str]) -> dict[str, list[int]]:
    """Where each word of ``seq`` occurs."""
    where: dict[str, list[int]] = {}
    for i, word in enumerate(seq):
        where.setdefault(word, []).append(i)
    return where


class PreparedStatement:
    """A statement event prepared for matching: its texts per channel, each folded into words (``words``,
    ``vocabulary``, ``positions``) when a query first reads it, and its exact properties.

    Total over statement.v1: any event that passes the schema is prepared; a field of another type
    raises UnmatchableStatement naming it (the alerts worker dead-letters such a statement).
    """

    __slots__ = ("_sorted", "exact", "positions", "statement", "vocabulary", "words")

    def __init__(self, statement: Mapping[str, Any]) -> None:
        self.statement = statement
        content = _part(statement, "content")
        speaker = _part(statement, "speaker")
        article = _part(statement, "article")
        texts = {
            CONTENT: _text(content, "text", "content"),
            "speaker": _text(speaker, "name", "speaker"),
            "title": _text(speaker, "title", "speaker"),
            "organization": _text(speaker, "organization", "speaker"),
            "country": _text(speaker, "country", "speaker"),
            "source": _text(article, "source", "article"),
        }
        # each made from the one before, not from self: no reference cycle, so a statement is freed at once
        folded: _PerChannel[list[str]] = _PerChannel(lambda ch: words(texts[ch]))
        vocabulary: _PerChannel[frozenset[str]] = _PerChannel(lambda ch: frozenset(folded[ch]))
        self.words = folded
        self.vocabulary = vocabulary
        self.positions: _PerChannel[dict[str, list[int]]] = _PerChannel(lambda ch: _positions(folded[ch]))
        self._sorted: _PerChannel[list[str]] = _PerChannel(lambda ch: sorted(vocabulary[ch]))
        speaker_id, kind = _text(speaker, "speaker_id", "speaker"), _text(speaker, "type", "speaker")
        how = _text(statement, "kind", "statement")
        self.exact: dict[str, str | None] = {
            "speaker_id": fold(speaker_id) if speaker_id else None,
            "type": fold(kind) if kind else None,
            "kind": fold(how) if how else None,
        }

    def contains(self, channel: str, tokens: tuple[str, ...], prefix: bool) -> bool:
        """True when ``tokens`` occur in a row in ``channel`` (the last one as a prefix if ``prefix``)."""
        if len(tokens) == 1:
            return self.has_prefix(channel, tokens[0]) if prefix else tokens[0] in self.vocabulary[channel]
        starts = self.positions[channel].get(tokens[0])
        if not starts:
            return False
        seq = self.words[channel]
        last = len(tokens) - 1
        for s in starts:
            if s + last >= len(seq):
                break
            if all(seq[s + i] == tokens[i] for i in range(1, last)) and (
                seq[s + last].startswith(tokens[last]) if prefix else seq[s + last] == tokens[last]
            ):
                return True
        return False

    def has_prefix(self, channel: str, prefix: str) -> bool:
        ordered = self._sorted[channel]
        i = bisect_left(ordered, prefix)
        return i < len(ordered) and ordered[i].startswith(prefix)


def prepare(statement: Mapping[str, Any] | PreparedStatement) -> PreparedStatement:
    """Fold a statement event once, to test it against many queries."""
    return statement if isinstance(statement, PreparedStatement) else PreparedStatement(statement)


@dataclass(frozen=True, slots=True)
class Why:
    """Why a statement matched: the query, the content terms found, the field filters that held."""

    query: str
    terms: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)

    def as_matched(self) -> dict[str, Any]:
        """The alert event's ``matched`` object (alert.v1)."""
        return {"query": self.query, "terms": list(self.terms), "fields": dict(self.fields)}

    def alert(self, subscription_id: str, statement: StatementEvent) -> AlertEvent:
        """An alert event (alert.v1) for ``statement`` matching this subscription."""
        return events.build_alert(
            subscription_id, statement, query=self.query, terms=list(self.terms), fields=dict(self.fields)
        )


def explain(query: Query, st: PreparedStatement) -> Why:
    """The evidence for a match of ``query`` (call only when it matched)."""
    terms: list[str] = []
    fields: dict[str, list[str]] = {}
    query.root.collect(st, terms, fields)
    return Why(query.text, tuple(terms), {k: ", ".join(v) for k, v in fields.items()})


def match(query: Query | str, statement: Mapping[str, Any] | PreparedStatement) -> Why | None:
    """None, or why ``statement`` (a statement.v1 event, or prepared) matches ``query``."""
    compiled = compile_query(query) if isinstance(query, str) else query
    st = prepare(statement)
    return explain(compiled, st) if compiled.test(st) else None


def _hits(by_word: dict[str, list[int]], vocabulary: frozenset[str]) -> list[list[int]]:
    """The query lists of the anchor words ``vocabulary`` holds, walking the smaller of the two."""
    if len(by_word) < len(vocabulary):
        return [hit for word, hit in by_word.items() if word in vocabulary]
    return [hit for word in vocabulary if (hit := by_word.get(word))]


class QueryIndex(Generic[K]):
    """Many queries, each under a key (a subscription id), matched together against a statement.

    Queries whose anchors none of the statement's words hit are never evaluated; queries
    without anchors (e.g. ``NOT kind:indirect``) are evaluated for every statement.
    Results come back in the order the queries were given.
    """

    def __init__(self, entries: Iterable[tuple[K, Query]]) -> None:
        self._entries: list[tuple[K, Query]] = list(entries)
        self._words: dict[str, dict[str, list[int]]] = {}  # word channel → anchor word → queries
        self._exact: dict[str, dict[str, list[int]]] = {}  # exact channel → value → queries
        self._prefix: dict[str, dict[str, list[int]]] = {}
        self._always: list[int] = []
        for n, (_, query) in enumerate(self._entries):
            if query.anchors is None:
                self._always.append(n)
                continue
            for anchor in query.anchors:
                by = self._prefix if anchor.prefix else self._exact if anchor.channel in EXACT_CHANNELS else self._words
                by.setdefault(anchor.channel, {}).setdefault(anchor.text, []).append(n)
        self._prefix_lengths = {ch: sorted({len(p) for p in by}) for ch, by in self._prefix.items()}

    def __len__(self) -> int:
        return len(self._entries)

    def candidates(self, st: PreparedStatement) -> list[int]:
        """Positions of the queries that could match ``st`` (a superset of those that do)."""
        found = set(self._always)
        for channel, by_word in self._words.items():
            found.update(*_hits(by_word, st.vocabulary[channel]))
        for channel, by_value in self._exact.items():
            value = st.exact[channel]
            hit = by_value.get(value) if value is not None else None
            if hit:
                found.update(hit)
        for channel, lengths in self._prefix_lengths.items():
            by_prefix = self._prefix[channel]
            for word in st.vocabulary[channel]:
                for n in lengths:
                    if n > len(word):
                        break
                    hit = by_prefix.get(word[:n])
                    if hit:
                        found.update(hit)
        return sorted(found)

    def match(self, statement: Mapping[str, Any] | PreparedStatement) -> list[tuple[K, Why]]:
        """Every (key, why) whose query matches ``statement``."""
        st = prepare(statement)
        out: list[tuple[K, Why]] = []
        for n in self.candidates(st):
            key, query = self._entries[n]
            if query.test(st):
                out.append((key, explain(query, st)))
        return out


class _Matcher(Protocol[K]):
    def match(self, statement: Mapping[str, Any]) -> list[tuple[K, Why]]: ...


@dataclass(frozen=True, slots=True)
class EventMatch(Generic[K]):
    """What one record of the statements topic gave: the statement and its matches, or why it was refused.

    ``error`` set: the record is to be dead-lettered with ``reason``. ``statement`` None and no error:
    not a statement event (skipped).
    """

    statement: dict[str, Any] | None
    matches: list[tuple[K, Why]] = field(default_factory=list)
    error: str | None = None
    reason: str | None = None


def match_event(value: bytes | str | None, index: _Matcher[K]) -> EventMatch[K]:
    """Match one record's bytes against ``index`` (a QueryIndex or a SubscriptionSet); never raises."""
    try:
        statement = events.loads(value or b"")
    except Exception as exc:  # noqa: BLE001 - orjson's error types vary; any of them: not JSON
        return EventMatch(None, error="invalid_json", reason=f"not a JSON statement: {exc}")
    return match_statement(statement, index)


def match_statement(statement: Any, index: _Matcher[K]) -> EventMatch[K]:
    """Match one decoded statement (e.g. of a statement batch) against ``index``; never raises."""
    if not isinstance(statement, dict) or statement.get("schema") != events.STATEMENT:
        return EventMatch(None)
    try:
        return EventMatch(statement, index.match(statement))
    except UnmatchableStatement as exc:
        return EventMatch(statement, error="unmatchable_statement", reason=str(exc))
    except Exception as exc:  # noqa: BLE001 - a defect of ours: keep the statement, dead-lettered, with why
        return EventMatch(statement, error="match_failed", reason=f"{type(exc).__name__}: {exc}")
