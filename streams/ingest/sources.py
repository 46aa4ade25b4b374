"""The ingest sources file: which feeds, NDJSON streams and push endpoint to run, and how.

One YAML file lists every source so that one ``quotewire ingest`` process runs
them all; the file is validated as a whole before anything starts, and every
problem is reported with its place in the file (``sources[2].interval: ...``),
because a typo found at 3 a.m. by a crashed poller is worse than one found now.
Secrets are not read from the file: the push token comes from the settings
(``QUOTEWIRE_PUSH_TOKEN``).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from .. import yamlsafe
from ..settings import Settings

FullText = Literal["auto", "always", "never"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}


def _duration(value: Any) -> Any:
    """Seconds as a number, or a string like ``90``, ``500ms``, ``30s``, ``5m``, ``1h``."""
    if isinstance(value, str):
        match = _DURATION.match(value)
        if not match:
            raise ValueError(f"not a duration: {value!r} (use seconds, or e.g. 500ms, 30s, 5m, 1h)")
        return float(match.group(1)) * _UNITS[match.group(2)]
    if isinstance(value, float) and not math.isfinite(value):  # YAML .inf / .nan
        raise ValueError(f"must be a finite number of seconds, got {value!r}")
    return value


MAX_SECONDS = 7 * 24 * 3600.0  # a week: longer than any sensible interval, timeout or backoff


def _bounded(value: float) -> float:
    """A duration of at most a week (``.inf``, refused as not finite, once passed ``gt=0``)."""
    if value > MAX_SECONDS:
        raise ValueError(f"must be at most {MAX_SECONDS:.0f} seconds (a week), got {value:g}")
    return value


Seconds = Annotated[float, BeforeValidator(_duration), Field(gt=0), AfterValidator(_bounded)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeedDefaults(_Model):
    """Settings every feed inherits unless it sets its own."""

    interval: Seconds = 300.0
    timeout: Seconds = 20.0
    fetch_full_text: FullText = "auto"
    language: str | None = None
    backoff_base: Seconds = 30.0
    backoff_max: Seconds = 3600.0


class HttpOptions(_Model):
    """How ingest behaves as an HTTP client, towards every host."""

    user_agent: str = "quotewire-ingest/0.1 (+https://github.com/quotewire/quotewire)"
    host_delay: Annotated[float, BeforeValidator(_duration), Field(ge=0), AfterValidator(_bounded)] = 1.0
    max_feed_bytes: int = Field(10 * 1024 * 1024, gt=0)
    max_page_bytes: int = Field(5 * 1024 * 1024, gt=0)
    full_text_attempts: int = Field(3, ge=1)


class StatusOptions(_Model):
    """Where the status is written and served."""

    write_interval: Seconds = 10.0
    serve: bool = True
    host: str | None = None
    port: int | None = Field(None, ge=0, le=65535)


class FeedSource(_Model):
    """An RSS 2.0, Atom or JSON Feed document polled over HTTP(S)."""

    type: Literal["feed"]
    url: str
    name: str | None = None
    interval: Seconds | None = None
    timeout: Seconds | None = None
    fetch_full_text: FullText | None = None
    language: str | None = None
    backoff_base: Seconds | None = None
    backoff_max: Seconds | None = None

    @model_validator(mode="after")
    def _check_url(self) -> FeedSource:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"url must be an http(s) URL, got {self.url!r}")
        return self


class NdjsonSource(_Model):
    """Article events, one JSON object per line, from a file (optionally followed) or stdin (``-``)."""

    type: Literal["ndjson"]
    path: str
    name: str | None = None
    follow: bool = False
    poll_interval: Seconds = 0.5


class PushSource(_Model):
    """The ``POST /articles`` endpoint for publishers that push."""

    type: Literal["push"]
    name: str = "push"
    enabled: bool = True
    host: str | None = None
    port: int | None = Field(None, ge=0, le=65535)
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0)


Source = Annotated[FeedSource | NdjsonSource | PushSource, Field(discriminator="type")]


class SourcesFile(_Model):
    """The whole file as written."""

    defaults: FeedDefaults = FeedDefaults()
    http: HttpOptions = HttpOptions()
    status: StatusOptions = StatusOptions()
    sources: list[Source] = Field(min_length=1)


# --- resolved configuration (what the runner uses) --------------------------------------------


class Feed(_Model):
    name: str
    url: str
    interval: float
    timeout: float
    fetch_full_text: FullText
    language: str | None
    backoff_base: float
    backoff_max: float


class Ndjson(_Model):
    name: str
    path: str  # "-" is stdin
    follow: bool
    poll_interval: float


class Push(_Model):
    name: str
    host: str
    port: int
    max_body_bytes: int
    token: str


class Status(_Model):
    write_interval: float
    serve: bool
    host: str
    port: int


class Sources(_Model):
    """Every source, with defaults applied and secrets resolved: ready to run."""

    feeds: tuple[Feed, ...] = ()
    ndjson: tuple[Ndjson, ...] = ()
    push: Push | None = None
    http: HttpOptions = HttpOptions()
    status: Status

    @property
    def names(self) -> list[str]:
        return (
            [f.name for f in self.feeds]
            + [n.name for n in self.ndjson]
            + ([self.push.name] if self.push else [])
        )


class SourcesError(ValueError):
    """The sources file cannot be used; the message lists every problem, one per line."""


def _where(loc: tuple[int | str, ...], raw: Any) -> str:
    """``sources[2] (feed 'wire').interval`` from a pydantic error location."""
    out = ""
    node = raw
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
            if isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
                if i == 1 and loc[0] == "sources" and isinstance(node, dict):
                    label = node.get("name") or node.get("url") or node.get("path")
                    if label:
                        out += f" ({node.get('type', '?')} {label!r})"
            continue
        if part in ("feed", "ndjson", "push") and i == 2:
            continue  # the discriminator's tag adds nothing readable
        out += f".{part}" if out else str(part)
        node = node.get(part) if isinstance(node, dict) else None
    return out or "(file)"


def _format(exc: ValidationError, raw: Any, origin: str) -> str:
    lines = []
    for err in exc.errors():
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
        elif err["type"] == "union_tag_invalid":
            msg = "type must be one of: feed, ndjson, push"
        elif err["type"] == "union_tag_not_found":
            msg = "missing type (one of: feed, ndjson, push)"
        lines.append(f"{origin}: {_where(tuple(err['loc']), raw)}: {msg}")
    return "\n".join(lines)


def parse_sources(raw: Any, settings: Settings, *, origin: str = "sources") -> Sources:
    """Validate the decoded YAML document and resolve it against ``settings``."""
    if not isinstance(raw, dict):
        raise SourcesError(f"{origin}: expected a mapping with a 'sources' list, got {type(raw).__name__}")
    try:
        doc = SourcesFile.model_validate(raw)
    except ValidationError as exc:
        raise SourcesError(_format(exc, raw, origin)) from None
    problems: list[str] = []
    d = doc.defaults
    feeds: list[Feed] = []
    ndjson: list[Ndjson] = []
    push: Push | None = None
    seen: dict[str, int] = {}
    for i, src in enumerate(doc.sources):
        if isinstance(src, FeedSource):
            name = src.name or (urlsplit(src.url).hostname or src.url)
            feeds.append(
                Feed(
                    name=name,
                    url=src.url,
                    interval=src.interval or d.interval,
                    timeout=src.timeout or d.timeout,
                    fetch_full_text=src.fetch_full_text or d.fetch_full_text,
                    language=src.language or d.language,
                    backoff_base=src.backoff_base or d.backoff_base,
                    backoff_max=src.backoff_max or d.backoff_max,
                )
            )
        elif isinstance(src, NdjsonSource):
            name = src.name or ("stdin" if src.path == "-" else Path(src.path).name)
            if src.path == "-" and src.follow:
                problems.append(f"{origin}: sources[{i}]: follow applies to files, not to stdin ('-')")
            ndjson.append(
                Ndjson(name=name, path=src.path, follow=src.follow, poll_interval=src.poll_interval)
            )
        else:
            name = src.name
            if push is not None or any(isinstance(s, PushSource) for s in doc.sources[:i]):
                problems.append(f"{origin}: sources[{i}]: only one push source is allowed")
            elif src.enabled:
                token = settings.push_token.get_secret_value() if settings.push_token else ""
                if not token.strip():
                    problems.append(
                        f"{origin}: sources[{i}] (push): the endpoint needs a token; "
                        "set QUOTEWIRE_PUSH_TOKEN (or disable it with enabled: false)"
                    )
                push = Push(
                    name=name,
                    host=src.host or settings.push_host,
                    port=settings.push_port if src.port is None else src.port,
                    max_body_bytes=src.max_body_bytes,
                    token=token,
                )
        if name in seen:
            problems.append(f"{origin}: sources[{i}]: name {name!r} is already used by sources[{seen[name]}]")
        seen.setdefault(name, i)
    if d.backoff_base > d.backoff_max:
        problems.append(f"{origin}: defaults: backoff_base is larger than backoff_max")
    for feed in feeds:
        if feed.backoff_base > feed.backoff_max:
            problems.append(f"{origin}: feed {feed.name!r}: backoff_base is larger than backoff_max")
    if problems:
        raise SourcesError("\n".join(problems))
    status = Status(
        write_interval=doc.status.write_interval,
        serve=doc.status.serve,
        host=doc.status.host or settings.push_host,
        port=settings.push_port if doc.status.port is None else doc.status.port,
    )
    return Sources(feeds=tuple(feeds), ndjson=tuple(ndjson), push=push, http=doc.http, status=status)


def load_sources(path: Path | str | None, settings: Settings) -> Sources:
    """Read and validate a sources file (``path``, else ``settings.sources_file``)."""
    path = Path(path) if path is not None else settings.sources_file
    if path is None:
        raise SourcesError("no sources file: pass --sources FILE or set QUOTEWIRE_SOURCES_FILE")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read the sources file: {exc.strerror or exc}") from None
    try:
        raw = yamlsafe.load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SourcesError(f"{path}: not valid YAML{where}: {problem}") from None
    return parse_sources(raw, settings, origin=str(path))
