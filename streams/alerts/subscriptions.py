"""Subscriptions: a YAML file of queries with delivery targets, validated, edited, and reloaded live.

The file is the durable store: ``quotewire subscriptions add/remove`` rewrite it
atomically (temp file + rename, under a lock file), and the alert consumer's
``SubscriptionSet`` notices the change and swaps in the new set, keeping the old
one when the new file is invalid, so a typo never silences alerting. Format::

    subscriptions:
      - id: ru-kp-troops                   # letters, digits, . _ -
        query: '(country:Russia OR country:"North Korea") AND troop*'
        targets:                           # any of these; the alerts topic is always written
          - console
          - file: alerts.jsonl             # relative to this file's directory
          - webhook: {url: "https://example.org/hook", secret_env: HOOK_SECRET}  # or secret: "..."
        rate_limit_per_minute: 10          # optional: at most this many deliveries a minute
        digest_seconds: 60                 # optional: group a minute of matches into one delivery
        enabled: true
        description: optional text
"""
from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from .. import yamlsafe
from ..yamlsafe import shown
from .limits import Pacing
from .match import QueryIndex, Why
from .query import Query, QueryError, compile_query

try:  # POSIX: serialise concurrent `quotewire subscriptions` edits
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

FILE_NAME = "subscriptions.yaml"
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEYS = ("id", "query", "targets", "rate_limit_per_minute", "digest_seconds", "enabled", "description")
MAX_DIGEST_SECONDS = 24 * 3600
HEADER = (
    "# quotewire subscriptions: see the README, section Alerting.\n"
    "# Rewritten by `quotewire subscriptions add/remove`, which does not keep comments.\n"
)


MAX_PROBLEMS_SHOWN = 20


class SubscriptionError(ValueError):
    """An invalid subscriptions file or entry; lists the problems found (the first 20), each locating itself."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        head = f"{source}: " + ("1 problem" if len(problems) == 1 else f"{len(problems)} problems")
        listed = [f"- {p}" for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            listed.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more")
        super().__init__(head + "\n" + "\n".join(listed))


def _keys(keys: list[Any]) -> str:
    """Unknown keys for a message: the first few, each cut."""
    named = ", ".join((k if len(k) <= 40 else k[:39] + "…") if isinstance(k, str) else shown(k, 40)
                      for k in keys[:5])
    return named + (f" (and {len(keys) - 5} more)" if len(keys) > 5 else "")


# --- targets ----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ConsoleTarget:
    """Print a readable line per alert (local use)."""


@dataclass(frozen=True, slots=True)
class TopicTarget:
    """The alerts topic. Always written whatever the targets; listing it is only explicit."""


@dataclass(frozen=True, slots=True)
class FileTarget:
    """Append alerts as JSON lines to ``path``."""

    path: Path


@dataclass(frozen=True, slots=True)
class WebhookTarget:
    """POST signed alert JSON to ``url``; the secret is given inline or named by an environment variable.

    Several secrets (a list, or several separated by spaces in the variable) sign each request with
    every one of them, for rotating a secret without a gap. ``gone`` says when and why the receiver
    answered 410 Gone: the target is disabled until the key is removed.
    """

    url: str
    secret: str | tuple[str, ...] | None = field(default=None, repr=False)
    secret_env: str | None = None
    gone: str | None = None

    def resolve_secrets(self, environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
        """Every signing secret, the current one first; raises SubscriptionError when its variable is unset."""
        if self.secret is not None:
            return (self.secret,) if isinstance(self.secret, str) else self.secret
        env = os.environ if environ is None else environ
        value = env.get(self.secret_env or "")
        if not value or not value.split():
            raise SubscriptionError(
                "webhook", [f"environment variable {self.secret_env} (the secret of {self.url}) is not set"]
            )
        bad = next((why for x in value.split() if (why := secret_problem(x))), None)
        if bad:
            raise SubscriptionError("webhook", [f"environment variable {self.secret_env}: {bad}"])
        return tuple(value.split())

    def resolve_secret(self, environ: Mapping[str, str] | None = None) -> str:
        """The current signing secret (the first); raises SubscriptionError when its variable is unset."""
        return self.resolve_secrets(environ)[0]


def secret_problem(secret: str) -> str | None:
    """Why ``secret`` cannot sign (a ``whsec_`` secret must be base64), or None."""
    if secret.startswith("whsec_"):
        try:
            if not base64.b64decode(secret[len("whsec_"):], validate=True):
                return "a whsec_ secret needs a key after the prefix"
        except (binascii.Error, ValueError):
            return "a whsec_ secret must be base64 after the prefix (Standard Webhooks)"
    return None


Target = ConsoleTarget | TopicTarget | FileTarget | WebhookTarget


@dataclass(frozen=True, eq=False)
class Subscription:
    """One validated subscription. ``raw`` is the mapping as written, kept for rewriting the file."""

    id: str
    query: Query
    targets: tuple[Target, ...] = ()
    rate_limit_per_minute: float | None = None
    digest_seconds: float = 0.0
    enabled: bool = True
    description: str | None = None
    line: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def pacing(self) -> Pacing:
        """The options DeliveryGate needs: rate limit and digest window."""
        return Pacing(self.rate_limit_per_minute, self.digest_seconds)

    def target_labels(self) -> list[str]:
        """One word per target for listing, a disabled webhook with why: ``webhook (disabled: 410 Gone …)``."""
        labels = []
        for target in self.targets:
            kind = type(target).__name__.removesuffix("Target").lower()
            if isinstance(target, WebhookTarget) and target.gone:
                kind += f" (disabled: {target.gone})"
            labels.append(kind)
        return labels

    def describe(self) -> dict[str, Any]:
        """The subscription for listing: the mapping as written, with webhook secrets masked."""
        out = dict(self.raw)
        if "targets" in out:
            out["targets"] = [_mask(t) for t in (out["targets"] if isinstance(out["targets"], list)
                                                 else [out["targets"]])]
        return out


def _mask(target: Any) -> Any:
    if isinstance(target, dict) and isinstance(target.get("webhook"), dict) and "secret" in target["webhook"]:
        return {**target, "webhook": {**target["webhook"], "secret": "********"}}
    return target


# --- parsing and validation ---------------------------------------------------------------------

def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _target(item: Any, base_dir: Path, problems: list[str], where: str) -> Target | None:
    usage = "a target is console, topic, {file: PATH} or {webhook: {url: URL, secret: S | secret_env: VAR}}"
    if isinstance(item, str):
        if item == "console":
            return ConsoleTarget()
        if item == "topic":
            return TopicTarget()
        problems.append(f"{where}: unknown target {shown(item)}; {usage}")
        return None
    if not isinstance(item, dict) or len(item) != 1:
        problems.append(f"{where}: {usage}")
        return None
    (kind, value), = item.items()
    if kind == "console" and value in (True, None):
        return ConsoleTarget()
    if kind == "topic" and value in (True, None):
        return TopicTarget()
    if kind == "file":
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: file: needs a path")
            return None
        path = Path(value).expanduser()
        return FileTarget(path if path.is_absolute() else base_dir / path)
    if kind == "webhook":
        if not isinstance(value, dict):
            problems.append(f"{where}: webhook: needs a mapping {{url: URL, secret: S}} (or secret_env: VAR)")
            return None
        unknown = set(value) - {"url", "secret", "secret_env", "gone"}
        if unknown:
            problems.append(f"{where}: webhook: unknown key(s) {_keys(sorted(map(str, unknown)))}; "
                            f"known: url, secret, secret_env, gone")
            return None
        url = value.get("url")
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"{where}: webhook: url must be an http:// or https:// URL, got {shown(url)}")
            return None
        secret, secret_env, gone = value.get("secret"), value.get("secret_env"), value.get("gone")
        if (secret is None) == (secret_env is None):
            problems.append(f"{where}: webhook: give exactly one of secret (the signing key) "
                            f"or secret_env (an environment variable holding it)")
            return None
        secrets = [secret] if isinstance(secret, str) else secret
        if secret is not None and (not isinstance(secrets, list) or not secrets
                                   or not all(isinstance(x, str) and x for x in secrets)):
            problems.append(f"{where}: webhook: secret must be a non-empty string "
                            f"(or a list of them, the current one first, while rotating)")
            return None
        bad = next((why for x in secrets or [] if (why := secret_problem(x))), None)
        if bad:
            problems.append(f"{where}: webhook: secret: {bad}")
            return None
        if secret_env is not None and (not isinstance(secret_env, str) or not ENV_NAME.fullmatch(secret_env)):
            problems.append(f"{where}: webhook: secret_env must be an environment variable name")
            return None
        if gone is not None and not isinstance(gone, str):
            problems.append(f"{where}: webhook: gone must be text (when and why the receiver answered 410)")
            return None
        return WebhookTarget(str(url), secret if isinstance(secret, str) or secret is None else tuple(secret),
                             secret_env, gone)
    problems.append(f"{where}: unknown target {shown(kind)}; {usage}")
    return None


def parse_subscription(
    raw: Any, *, base_dir: Path, line: int | None = None, number: int | None = None
) -> tuple[Subscription | None, list[str]]:
    """Validate one subscription mapping: the subscription (None if invalid) and the problems found."""
    where = "subscription" + (f" #{number}" if number is not None else "") + (
        f" (line {line})" if line is not None else "")
    if not isinstance(raw, dict):
        return None, [f"{where}: must be a mapping with id, query, targets, …; got {type(raw).__name__}"]
    problems: list[str] = []
    sub_id = raw.get("id")
    if isinstance(sub_id, int) and not isinstance(sub_id, bool):
        sub_id = str(sub_id)
    if not isinstance(sub_id, str) or not ID_PATTERN.fullmatch(sub_id):
        problems.append(f"{where}: id must be 1-64 letters, digits, '.', '_' or '-' "
                        f"(starting with a letter or digit), got {shown(raw.get('id'))}")
    else:
        where = f"subscription {sub_id!r}" + (f" (line {line})" if line is not None else "")
    unknown = [k for k in raw if k not in KEYS]
    if unknown:
        problems.append(f"{where}: unknown key(s) {_keys(unknown)}; known: {', '.join(KEYS)}")
    query: Query | None = None
    text = raw.get("query")
    if not isinstance(text, str):
        problems.append(f"{where}: query must be text, got {shown(text)}")
    else:
        try:
            query = compile_query(text)
        except QueryError as exc:
            problems.append(
                f"{where}: query: {exc.message} (column {exc.position + 1})\n{exc.pointer('    ')}"
            )
    targets: list[Target] = []
    given = raw.get("targets", [])
    for i, item in enumerate(given if isinstance(given, list) else [given]):
        target = _target(item, base_dir, problems, f"{where}: targets[{i}]")
        if target is not None:
            targets.append(target)
    rate = raw.get("rate_limit_per_minute")
    if rate is not None and (not _number(rate) or rate <= 0):
        problems.append(f"{where}: rate_limit_per_minute must be a positive number (or absent), got {shown(rate)}")
    digest = raw.get("digest_seconds", 0)
    if digest is None:
        digest = 0
    if not _number(digest) or not 0 <= digest <= MAX_DIGEST_SECONDS:
        problems.append(f"{where}: digest_seconds must be a number of seconds "
                        f"from 0 to {MAX_DIGEST_SECONDS}, "
                        f"got {shown(digest)}")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        problems.append(f"{where}: enabled must be true or false, got {shown(enabled)}")
    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        problems.append(f"{where}: description must be text")
    if problems or query is None:
        return None, problems
    return Subscription(
        id=str(sub_id),
        query=query,
        targets=tuple(targets),
        rate_limit_per_minute=float(rate) if rate is not None else None,
        digest_seconds=float(digest),
        enabled=enabled,
        description=description,
        line=line,
        raw=raw,
    ), []


def _read_yaml(text: str, source: str) -> tuple[dict[str, Any], list[Any], list[int | None]]:
    """The top-level mapping, its subscription entries, and each entry's line number."""
    try:
        node = yamlsafe.compose(text)
        data = yamlsafe.construct(node)
    except yaml.YAMLError as exc:
        detail = str(exc).replace('in "<unicode string>", ', "")
        raise SubscriptionError(source, [f"not valid YAML: {detail}"]) from None
    if data is None:
        return {}, [], []
    if isinstance(data, list):
        top: dict[str, Any] = {"subscriptions": data}
        seq_node = node
    elif isinstance(data, dict):
        top = data
        unknown = [k for k in data if k not in ("subscriptions", "version")]
        if unknown:
            raise SubscriptionError(source, [f"unknown top-level key(s) {_keys(unknown)}; "
                                             f"expected 'subscriptions:' with a list of subscriptions"])
        seq_node = next((v for k, v in node.value if k.value == "subscriptions"), None) if node else None
    else:
        raise SubscriptionError(source, ["expected 'subscriptions:' with a list of subscriptions"])
    entries = top.get("subscriptions") or []
    if not isinstance(entries, list):
        raise SubscriptionError(
            source, ["'subscriptions' must be a list (each item starting with '- id: …')"]
        )
    lines: list[int | None] = (
        [item.start_mark.line + 1 for item in seq_node.value]
        if isinstance(seq_node, yaml.SequenceNode) else [None] * len(entries)
    )
    return top, entries, lines


def parse_subscriptions(text: str, *, source: str = "<subscriptions>", base_dir: Path = Path(".")) -> list[
        Subscription]:
    """Every subscription in YAML ``text``; raises SubscriptionError listing all problems."""
    _, entries, lines = _read_yaml(text, source)
    subs: list[Subscription] = []
    problems: list[str] = []
    seen: dict[str, int | None] = {}
    for n, (raw, line) in enumerate(zip(entries, lines, strict=True), start=1):
        sub, found = parse_subscription(raw, base_dir=base_dir, line=line, number=n)
        problems += found
        if sub is None:
            continue
        if sub.id in seen:
            first = seen[sub.id]
            problems.append(f"subscription {sub.id!r} (line {line}): duplicate id"
                            + (f", first used at line {first}" if first else ""))
            continue
        seen[sub.id] = line
        subs.append(sub)
    if problems:
        raise SubscriptionError(source, problems)
    return subs


def load_subscriptions(path: Path, *, missing_ok: bool = True) -> list[Subscription]:
    """The subscriptions in ``path`` (none when it does not exist and ``missing_ok``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if missing_ok:
            return []
        raise
    return parse_subscriptions(text, source=str(path), base_dir=path.parent)


def default_subscriptions_path(settings: Any = None) -> Path:
    """``settings.subscriptions_file``, else ``<data_dir>/subscriptions.yaml``."""
    if settings is None:
        from ..settings import get_settings

        settings = get_settings()
    return Path(settings.subscriptions_file or Path(settings.data_dir) / FILE_NAME)


def demo_subscriptions_path() -> Path:
    """The packaged example subscriptions for the seed article (console targets only)."""
    return Path(__file__).resolve().parent.parent / "data" / "demo-subscriptions.yaml"


# --- editing the file ----------------------------------------------------------------------------

@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside ``path``, so two edits cannot lose each other's change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover
        yield
        return
    with open(path.with_name(f".{path.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` all at once: readers see the old file or the new, never half.

    A new file is created readable by its owner only, since it may hold webhook secrets;
    an existing file keeps its permissions.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o600
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _dump(top: dict[str, Any], entries: list[Any]) -> str:
    data = {**top, "subscriptions": entries}
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def _edit(path: Path) -> tuple[dict[str, Any], list[Any], list[Subscription]]:
    """The current file's top mapping, raw entries and subscriptions; refuses to rewrite an invalid file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, [], []
    subs = parse_subscriptions(text, source=str(path), base_dir=path.parent)  # invalid: fix it by hand first
    top, entries, _ = _read_yaml(text, str(path))
    return top, entries, subs


def _position(entries: list[Any], subscription_id: str) -> int | None:
    for n, entry in enumerate(entries):
        if isinstance(entry, dict) and str(entry.get("id")) == subscription_id:
            return n
    return None


def add_subscription(path: Path, entry: Mapping[str, Any], *, replace: bool = False) -> Subscription:
    """Validate ``entry`` (a mapping like one item of the file) and add it; ``replace`` an existing id."""
    raw = {k: v for k, v in dict(entry).items() if v is not None}
    sub, problems = parse_subscription(raw, base_dir=path.parent)
    if sub is None:
        raise SubscriptionError("new subscription", problems)
    with _locked(path):
        top, entries, _ = _edit(path)
        n = _position(entries, sub.id)
        if n is None:
            entries.append(raw)
        elif replace:
            entries[n] = raw
        else:
            raise SubscriptionError(str(path), [f"a subscription with id {sub.id!r} exists already "
                                                f"(remove it first, or replace it)"])
        write_atomic(path, _dump(top, entries))
    return sub


def remove_subscription(path: Path, subscription_id: str) -> Subscription:
    """Remove the subscription ``subscription_id``; returns it (SubscriptionError if there is none)."""
    with _locked(path):
        top, entries, subs = _edit(path)
        n = _position(entries, subscription_id)
        if n is None:
            known = ", ".join(s.id for s in subs) or "none"
            raise SubscriptionError(
                str(path), [f"no subscription with id {subscription_id!r} (ids: {known})"]
            )
        del entries[n]
        write_atomic(path, _dump(top, entries))
    return next(s for s in subs if s.id == subscription_id)


def set_enabled(path: Path, subscription_id: str, enabled: bool) -> Subscription:
    """Enable or disable a subscription without removing it."""
    with _locked(path):
        top, entries, _ = _edit(path)
        n = _position(entries, subscription_id)
        if n is None:
            raise SubscriptionError(str(path), [f"no subscription with id {subscription_id!r}"])
        entries[n] = {**entries[n], "enabled": enabled}
        write_atomic(path, _dump(top, entries))
    sub, _ = parse_subscription(entries[n], base_dir=path.parent)
    assert sub is not None  # the file was valid, and enabled is a bool
    return sub


def mark_gone(path: Path, subscription_id: str, url: str, note: str) -> bool:
    """Disable the webhook ``url`` of ``subscription_id`` (its receiver answered 410 Gone): write ``gone: note``
    on the target. False when the file no longer has that target (edited meanwhile)."""
    with _locked(path):
        top, entries, _ = _edit(path)
        n = _position(entries, subscription_id)
        targets = entries[n].get("targets") if n is not None else None
        for target in targets if isinstance(targets, list) else []:
            hook = target.get("webhook") if isinstance(target, dict) else None
            if isinstance(hook, dict) and hook.get("url") == url and not hook.get("gone"):
                hook["gone"] = note
                write_atomic(path, _dump(top, entries))
                return True
    return False


# --- the live set ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReloadResult:
    """What a reload check found: whether the set changed, how, or why the new file was refused."""

    changed: bool
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    error: str | None = None


class SubscriptionSet:
    """The subscriptions in force, reloaded from their file when it changes.

    Call ``reload_if_changed()`` periodically (a stat per call; the file is read and
    hashed only when its size, mtime or inode moved). An invalid or vanished file
    leaves the previous set in force and reports the error once.
    """

    def __init__(self, path: Path, *, strict: bool = True) -> None:
        """Load ``path`` now (a missing file is an empty set). An invalid file raises SubscriptionError
        with ``strict``; otherwise the set starts empty and ``last_error`` says why."""
        self.path = Path(path)
        self.generation = 0  # bumped by every change of the set in force
        self.last_error: str | None = None
        self._subs: tuple[Subscription, ...] = ()
        self._by_id: dict[str, Subscription] = {}
        self._index: QueryIndex[Subscription] = QueryIndex([])
        self._stat: tuple[int, int, int] | None = None
        self._hash: str | None = None
        if strict:
            self._stat = self._signature()
            data = self.path.read_bytes() if self._stat else b""
            self._swap(parse_subscriptions(data.decode("utf-8"), source=str(self.path),
                                           base_dir=self.path.parent))
            self._hash = hashlib.sha256(data).hexdigest() if self._stat else None
        else:
            self.reload_if_changed(force=True)

    @property
    def subscriptions(self) -> tuple[Subscription, ...]:
        """All subscriptions, enabled or not, in file order."""
        return self._subs

    @property
    def active(self) -> tuple[Subscription, ...]:
        return tuple(s for s in self._subs if s.enabled)

    def get(self, subscription_id: str) -> Subscription | None:
        return self._by_id.get(subscription_id)

    def __len__(self) -> int:
        return len(self._subs)

    def match(self, statement: Mapping[str, Any]) -> list[tuple[Subscription, Why]]:
        """Every enabled subscription matching ``statement`` (a statement.v1 event), with why."""
        return self._index.match(statement)

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def reload_if_changed(self, *, force: bool = False) -> ReloadResult:
        """Reload when the file changed; keep the current set when the new content is invalid."""
        signature = self._signature()
        if signature == self._stat and not force:
            return ReloadResult(False)
        self._stat = signature
        if signature is None:
            if not self._subs:
                return ReloadResult(False)  # no file, no subscriptions: nothing to keep or drop
            return self._refuse(
                f"{self.path} is missing; keeping the {len(self._subs)} subscription(s) in force"
            )
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            return self._refuse(f"cannot read {self.path}: {exc}")
        digest = hashlib.sha256(data).hexdigest()
        if digest == self._hash and not force:
            return ReloadResult(False)
        try:
            subs = parse_subscriptions(data.decode("utf-8"), source=str(self.path), base_dir=self.path.parent)
        except (SubscriptionError, UnicodeDecodeError) as exc:
            return self._refuse(f"{exc}\n(keeping the {len(self._subs)} subscription(s) in force)")
        self._hash = digest
        return self._swap(subs)

    def _refuse(self, error: str) -> ReloadResult:
        self.last_error = error
        return ReloadResult(False, error=error)

    def _swap(self, subs: list[Subscription]) -> ReloadResult:
        old = self._by_id
        new = {s.id: s for s in subs}
        added = tuple(i for i in new if i not in old)
        removed = tuple(i for i in old if i not in new)
        updated = tuple(i for i in new if i in old and (old[i].raw != new[i].raw))
        self._subs = tuple(subs)
        self._by_id = new
        self._index = QueryIndex((s, s.query) for s in subs if s.enabled)
        self.last_error = None
        changed = bool(added or removed or updated)
        if changed:
            self.generation += 1
        return ReloadResult(changed, added, removed, updated)
