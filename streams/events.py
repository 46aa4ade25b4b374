"""Event models and their (de)serialisation: article, statement, alert, dead letter.

Events are plain dicts serialised with orjson, because every consumer downstream
(alerting, archive, third-party systems) reads JSON; ``schemas/*.v1.json`` is the
contract and each event names its schema and version in its ``schema`` field.
Input from outside (articles) is validated here; what we emit is validated in
tests against the same files.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

import orjson

from .nlp.digest import SHA256 as _SHA256
from .nlp.model import Span, Speaker, Statement

if TYPE_CHECKING:  # jsonschema and referencing load on first validation: ``quotewire extract`` never validates
    from jsonschema import Draft202012Validator
    from referencing import Registry

    from . import contracts  # the events' types: for mypy only (creating the TypedDicts is import time spent)
    from .contracts import AlertEvent, ArticleEvent, DeadLetterEvent, Matched, StatementEvent, TextSpan

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
ARTICLE: Final = "article.v1"
STATEMENT: Final = "statement.v1"
ALERT: Final = "alert.v1"
DEADLETTER: Final = "deadletter.v1"
MAX_DEADLETTER_ORIGINAL = 256 * 1024  # bytes of the original kept in a dead letter
# Characters of the reason kept in a dead letter: schema errors quote the offending value, and a
# megabyte of it would make the dead letter itself too large to produce.
MAX_DEADLETTER_REASON = 2000
# Levels of arrays/objects an article may nest: orjson reads 1024 but writes only 254, and the
# statement batch carries the article one level down, so a deeper article could be read but not sent on.
MAX_ARTICLE_DEPTH = 64
MAX_REVISION = 2**31 - 1  # the archive's revision columns are 32-bit (orjson writes at most 64-bit ints)
# A trace id is a short token (ours are 32 hex digits), copied into every event and header downstream:
# a long one would multiply into records larger than the broker takes.
MAX_TRACE_ID = 128


class InvalidEvent(ValueError):
    """An input event that cannot be processed; ``code`` is machine-readable, the message is for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


# --- serialisation ------------------------------------------------------------------------

def dumps(event: Any) -> bytes:
    return orjson.dumps(event)


def dumps_line(event: Any) -> bytes:
    """``dumps(event) + b"\\n"`` (a JSON line), the newline written by orjson instead of copied on."""
    return orjson.dumps(event, option=orjson.OPT_APPEND_NEWLINE)


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


def utcnow() -> str:
    """Now, UTC, RFC 3339 with milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_trace_id() -> str:
    return uuid.uuid4().hex


def _digest(*parts: object) -> str:
    return _SHA256("\x1f".join([str(p) for p in parts]).encode("utf-8")).hexdigest()[:24]


# --- schemas ----------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _registry() -> Registry:
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        schema = orjson.loads(path.read_bytes())
        resource = Resource.from_contents(schema)
        resources += [(path.name, resource), (schema["$id"], resource)]
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A compiled validator for ``schemas/<name>.json`` (e.g. ``statement.v1``)."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = orjson.loads((SCHEMA_DIR / f"{name}.json").read_bytes())
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


def schema_errors(event: Any) -> list[str]:
    """Every way ``event`` breaks the schema it names, as readable lines (empty: valid)."""
    name = event.get("schema") if isinstance(event, dict) else None
    if not isinstance(name, str) or not (SCHEMA_DIR / f"{name}.json").exists():
        return [f"unknown or missing schema field: {name!r}"]
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '(event)'}: {err.message}"
        for err in sorted(validator(name).iter_errors(event), key=lambda e: list(e.absolute_path))
    ]


# --- articles ---------------------------------------------------------------------------------

def parse_article(raw: bytes, *, max_body_chars: int) -> ArticleEvent:
    """Decode and validate an article event from the wire, filling defaults.

    Raises InvalidEvent with a code (invalid_json, not_an_object, missing_field,
    wrong_type, body_too_large, invalid_article) and a reason a person can act on.
    """
    try:
        event = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent("invalid_json", f"not valid JSON: {exc}") from None
    if not isinstance(event, dict):
        raise InvalidEvent("not_an_object", f"an article must be a JSON object, got {type(event).__name__}")
    if _deeper_than(event, MAX_ARTICLE_DEPTH):
        raise InvalidEvent("invalid_article", f"the article nests arrays or objects more than "
                                              f"{MAX_ARTICLE_DEPTH} levels deep")
    event.setdefault("schema", ARTICLE)
    for name in ("article_id", "body"):
        if name not in event or event[name] is None:
            raise InvalidEvent("missing_field", f"missing required field {name!r}")
    if isinstance(event["article_id"], int) and not isinstance(event["article_id"], bool):
        event["article_id"] = str(event["article_id"])
    body = event["body"]
    if isinstance(body, str) and len(body) > max_body_chars:
        raise InvalidEvent(
            "body_too_large", f"body has {len(body)} characters, more than the limit of {max_body_chars}"
        )
    event.setdefault("revision", 1)
    errors = [] if _plainly_valid_article(event) else list(validator(ARTICLE).iter_errors(event))
    if errors:
        err = min(errors, key=lambda e: len(e.absolute_path))
        where = "/".join(str(p) for p in err.absolute_path) or "(article)"
        code = "wrong_type" if err.validator == "type" else "invalid_article"
        raise InvalidEvent(code, f"{where}: {err.message}")
    revision = event["revision"]
    if revision > MAX_REVISION:
        raise InvalidEvent("invalid_article",
                           f"revision: {revision!r} is more than the maximum of {MAX_REVISION}")
    event["revision"] = int(revision)  # JSON Schema counts 2.0 as an integer; everything downstream wants 2
    trace_id = event.get("trace_id")
    if trace_id is not None and len(trace_id) > MAX_TRACE_ID:
        raise InvalidEvent("invalid_article",
                           f"trace_id: {len(trace_id)} characters, more than {MAX_TRACE_ID}")
    return cast("ArticleEvent", event)  # validated against article.v1 above


_ARTICLE_TEXTS = ("title", "source", "url", "author", "language", "trace_id")
"""article.v1's optional fields of type string or null, with no other constraint."""
_ARTICLE_TIMES = ("published_at", "ingested_at")
"""article.v1's optional fields of type string or null in ``date-time`` format."""


def _plainly_valid_article(event: dict[str, Any]) -> bool:
    """True for an article that certainly meets article.v1, read field by field: the usual article skips
    jsonschema, a tenth of a millisecond of the pipeline worker's CPU. False is "not sure": the full validator
    then accepts it or says what is wrong (tests/unit/test_article_check.py compares the two)."""
    article_id, body, revision = event.get("article_id"), event.get("body"), event.get("revision")
    if event.get("schema") != ARTICLE or type(article_id) is not str or type(body) is not str:
        return False
    if not 0 < len(article_id) <= 512 or not body or type(revision) is not int or revision < 1:
        return False
    if any(v is not None and type(v) is not str for v in map(event.get, _ARTICLE_TEXTS)):
        return False
    checker = validator(ARTICLE).format_checker
    return all(v is None or (type(v) is str and checker is not None and checker.conforms(v, "date-time"))
               for v in map(event.get, _ARTICLE_TIMES))


def usable_trace_id(header_value: str | None) -> str | None:
    """A trace id from a record header, or None when it is too long to be one (it would be copied into
    every event and header downstream)."""
    if header_value is not None and len(header_value) > MAX_TRACE_ID:
        return None
    return header_value


def traced_article(raw: bytes, trace_id: str | None, *, max_body_chars: int) -> ArticleEvent:
    """:func:`parse_article`, with a trace id: the header's, else the article's own, else a new one."""
    article = parse_article(raw, max_body_chars=max_body_chars)
    article["trace_id"] = trace_id or article.get("trace_id") or new_trace_id()
    return article


def _deeper_than(value: dict[str, Any] | list[Any], limit: int) -> bool:
    """Whether ``value`` nests lists/dicts more than ``limit`` levels (level by level: no recursion)."""
    level: list[Any] = [value]
    for _ in range(limit):
        level = [c for item in level for c in (item.values() if isinstance(item, dict) else item)
                 if isinstance(c, (dict, list))]
        if not level:
            return False
    return True


def article_from_text(article_id: str, text: str, **meta: Any) -> ArticleEvent:
    """An article event for plain text (a .txt file becomes an article with id = file stem)."""
    event = {"schema": ARTICLE, "article_id": article_id, "revision": 1, "body": text, **meta}
    return cast("ArticleEvent", event)  # ``meta`` holds the optional article fields, unchecked


# --- statements -------------------------------------------------------------------------------

@lru_cache(maxsize=256)  # one per article, asked for by each of its statements
def extraction_id(article_id: str, revision: int, extractor_version: str) -> str:
    return "ex_" + _digest(article_id, revision, extractor_version)


def statement_id(article_id: str, revision: int, extractor_version: str, statement: Statement) -> str:
    """Deterministic id: replays and retries of one extraction produce the same ids."""
    return _statement_id(_id_head(article_id, revision, extractor_version), statement)


def _id_head(article_id: str, revision: int, extractor_version: str) -> str:
    """``_digest``'s input for the ids of one extraction's statements, up to the statement's own parts."""
    return "\x1f".join([str(article_id), str(revision), str(extractor_version), ""])


def _statement_id(id_head: str, statement: Statement) -> str:
    spans = ";".join([f"{s.start}-{s.end}" for s in statement.content])
    return "st_" + _SHA256(f"{id_head}{statement.kind!s}\x1f{spans}".encode()).hexdigest()[:24]


def _text_span(text: str, span: Span) -> TextSpan:
    return {"start": span.start, "end": span.end, "text": text[span.start:span.end]}


def _span(text: str, span: Span | None) -> TextSpan | None:
    return None if span is None else _text_span(text, span)


def speaker_fields(text: str, statement: Statement, speaker: Speaker | None) -> contracts.Speaker | None:
    """The statement event's ``speaker`` object (None when the article names no speaker)."""
    if statement.speaker is None:
        return None
    return _with_mention(text, statement.speaker, _speaker_role(speaker))


def _with_mention(text: str, mention: Span, role: dict[str, Any]) -> contracts.Speaker:
    return cast("contracts.Speaker", {"mention": _text_span(text, mention), **role})


def _speaker_role(speaker: Speaker | None) -> dict[str, Any]:
    """``speaker_fields`` but the mention: the same for every statement of one speaker object."""
    if speaker is None:
        return {"name": None, "speaker_id": None, "type": "person", "title": None, "organization": None,
                "country": None, "role_source": None}
    out: dict[str, Any] = {
        "name": speaker.name,
        "speaker_id": speaker.speaker_id,
        "type": speaker.type,
        "title": speaker.title,
        "organization": speaker.organization,
        "country": speaker.country,
        "role_source": speaker.role_source,
    }
    if speaker.kb_id:  # optional fields: only a speaker linked to the KB has them
        out["kb_id"] = speaker.kb_id
        # the schema has no null for these two: a link without a name or a confidence leaves them out
        if speaker.canonical_name is not None:
            out["canonical_name"] = speaker.canonical_name
        if speaker.link_confidence is not None:
            out["link_confidence"] = speaker.link_confidence
    return out


@lru_cache(maxsize=1024)
def _published_confidence(confidence: float) -> float:
    """A statement's confidence as its event gives it (three decimals), kept per value: an extraction gives a few
    distinct confidences, and rounding a float to decimals goes through its decimal digits each time."""
    return round(float(confidence), 3)


_ABOUT_ARTICLE = ("source", "url", "title", "published_at", "language")
"""The article's fields each of its statement events repeats (``article``)."""


@dataclass(frozen=True, slots=True)
class _Extraction:
    """What the statement events of one extraction of an article share, worked out once."""

    text: str
    article_id: str
    revision: int
    id_head: str
    extraction_id: str
    extractor_version: str
    extracted_at: str
    about: tuple[Any, ...]  # the article's source, url, title, published_at and language
    trace_id: str | None

    @classmethod
    def of(cls, article: ArticleEvent, extractor_version: str, extracted_at: str) -> _Extraction:
        article_id: str = article["article_id"]
        revision = int(article.get("revision") or 1)
        about = tuple(map(article.get, _ABOUT_ARTICLE))
        return cls(article["body"], article_id, revision, _id_head(article_id, revision, extractor_version),
                   extraction_id(article_id, revision, extractor_version), extractor_version, extracted_at, about,
                   article.get("trace_id"))

    def event(self, statement: Statement, who: contracts.Speaker | None, index: int, count: int) -> StatementEvent:
        """The statement event (statement.v1) of one statement, its ``speaker`` object given."""
        text = self.text
        source, url, title, published_at, language = self.about
        spans = [[s.start, s.end] for s in statement.content]
        return {
            "schema": STATEMENT,
            "statement_id": _statement_id(self.id_head, statement),
            "article_id": self.article_id,
            "article_revision": self.revision,
            "extraction_id": self.extraction_id,
            "index": index,
            "statement_count": count,
            "kind": statement.kind,
            "content": {
                "start": spans[0][0],
                "end": spans[-1][1],
                "text": " ".join([text[s:e] for s, e in spans]),
                "spans": spans,
            },
            "cue": _span(text, statement.cue),
            "speaker": who,
            "sentence_index": statement.sentence_index,
            "confidence": _published_confidence(statement.confidence),
            "article": {"source": source, "url": url, "title": title, "published_at": published_at,
                        "language": language},
            "extractor_version": self.extractor_version,
            "extracted_at": self.extracted_at,
            "trace_id": self.trace_id,
        }


def build_statement(
    article: ArticleEvent,
    statement: Statement,
    speaker: Speaker | None,
    *,
    index: int,
    count: int,
    extractor_version: str,
    extracted_at: str,
) -> StatementEvent:
    """A statement event (statement.v1) for one extracted statement of ``article``."""
    extraction = _Extraction.of(article, extractor_version, extracted_at)
    return extraction.event(statement, speaker_fields(extraction.text, statement, speaker), index, count)


def build_statements(
    article: ArticleEvent,
    found: list[tuple[Statement, Speaker | None]],
    *,
    extractor_version: str,
    extracted_at: str,
) -> list[StatementEvent]:
    """``build_statement`` for each of ``found`` in order (``index`` its position, ``count`` its length): what
    the statements of one article share (ids' common part, revision, extraction id) is worked out once, and
    each speaker's fields once per speaker object (resolution gives one person's statements the same one)."""
    extraction = _Extraction.of(article, extractor_version, extracted_at)
    roles: dict[int, dict[str, Any]] = {}  # by id(): ``found`` keeps each speaker alive meanwhile
    out: list[StatementEvent] = []
    for index, (statement, speaker) in enumerate(found):
        who: contracts.Speaker | None = None
        if statement.speaker is not None:
            role = roles.get(id(speaker))
            if role is None:
                role = roles[id(speaker)] = _speaker_role(speaker)
            who = _with_mention(extraction.text, statement.speaker, role)
        out.append(extraction.event(statement, who, index, len(found)))
    return out


# --- alerts -------------------------------------------------------------------------------------

def alert_id(subscription_id: str, statement_id_: str) -> str:
    return "al_" + _digest(subscription_id, statement_id_)


def build_alert(
    subscription_id: str,
    statement: StatementEvent,
    *,
    query: str,
    terms: list[str],
    fields: dict[str, str],
    digest: list[StatementEvent] | None = None,
) -> AlertEvent:
    matched: Matched = {"query": query, "terms": terms, "fields": fields}
    alert: AlertEvent = {
        "schema": ALERT,
        "alert_id": alert_id(subscription_id, statement["statement_id"]),
        "subscription_id": subscription_id,
        "statement": statement,
        "matched": matched,
        "created_at": utcnow(),
        "trace_id": statement.get("trace_id"),
    }
    if digest:
        alert["digest"] = digest
    return alert


# --- dead letters ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Origin:
    """Where a dead-lettered record came from."""

    topic: str | None = None
    partition: int | None = None
    offset: int | None = None


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def build_dead_letter(
    stage: str,
    error: str,
    reason: str,
    original: bytes | str | None,
    *,
    origin: Origin | None = None,
    **context: Any,
) -> DeadLetterEvent:
    """A dead-letter event keeping the reason and (the head of) the original bytes."""
    import base64  # here: dead letters are for the workers, not ``quotewire extract``

    data = original.encode("utf-8", "surrogatepass") if isinstance(original, str) else (original or b"")
    kept = data[:MAX_DEADLETTER_ORIGINAL]
    event: dict[str, Any] = {
        "schema": DEADLETTER,
        "stage": stage,
        "error": error,
        "reason": _cut(reason, MAX_DEADLETTER_REASON),
        "original": base64.b64encode(kept).decode("ascii"),
        "original_truncated": len(kept) < len(data),
        "original_size": len(data),
        "source_topic": origin.topic if origin else None,
        "partition": origin.partition if origin else None,
        "offset": origin.offset if origin else None,
        "failed_at": utcnow(),
    }
    for key in ("article_id", "statement_id", "subscription_id", "attempts", "trace_id"):
        if context.get(key) is not None:
            event[key] = context[key]
    return cast("DeadLetterEvent", event)  # ``stage`` and ``context`` come from the callers, unchecked
