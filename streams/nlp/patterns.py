"""Regular expressions of the code, compiled once per Python build instead of once per process.

``re.compile`` parses a pattern and generates the regex engine's code in Python: for the patterns of the
text layout, the statement grammar, the cues and roles, about 90 M instructions at every start of
``quotewire extract`` (0.8% of a run over 840 articles). ``compile`` gives the pattern ``re.compile``
gives (an equal object) from engine code kept in the user's cache directory, like Python's own .pyc
files: made by ``re`` the first time a pattern is seen, and written there when the process exits. The
cache file is named by the Python build and the engine's version, so another Python never reads it; a
missing, unreadable or unwritable cache only means compiling with ``re``.

For patterns written in the code, not built from input: the cache keeps the patterns it is given.
"""
from __future__ import annotations

import atexit
import importlib
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

from .digest import SHA256

_sre: Any = importlib.import_module("_sre")
_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
"""What ``_sre.compile`` takes after the pattern: the flags, the engine code, the number of groups and the
group names both ways (as ``re._compiler.compile`` passes them)."""


def cache_dir() -> Path:
    """Where derived data is kept between runs: the user's cache directory (XDG_CACHE_HOME, else ~/.cache).

    Deliberately not a quotewire setting: it is a cache, rebuilt whenever it is missing or unwritable.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "quotewire"


def _cache_path() -> Path:
    build = SHA256(f"{sys.version}\0{_sre.MAGIC}\0{_sre.CODESIZE}".encode()).hexdigest()[:16]
    return cache_dir() / f"patterns-{sys.implementation.cache_tag}-{build}.marshal"


def _load(path: Path) -> dict[tuple[str, int], Entry]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


_PATH = _cache_path()
_KNOWN = _load(_PATH)
_used: set[tuple[str, int]] = set()
"""The patterns this process compiled."""
_added: list[tuple[str, int]] = []
"""Those compiled by ``re`` (not in the cache): when there are any, the cache is written at exit."""
MAX_KEPT = 1000
"""A cache file holding more patterns than this (those of earlier versions of the code pile up) is
written again with this process's patterns only."""


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the cache when it has the pattern."""
    key = (pattern, int(flags))
    _used.add(key)
    entry = _KNOWN.get(key)
    if entry is None:
        try:
            entry = _entry(pattern, key[1])
        except Exception:  # noqa: BLE001  (re's internals of another Python: compile as re does, cache nothing)
            return re.compile(pattern, flags)
        _KNOWN[key] = entry
        if not _added:
            atexit.register(_save)
        _added.append(key)
    try:
        compiled: re.Pattern[str] = _sre.compile(pattern, *entry)
    except Exception:  # noqa: BLE001  (a damaged cache file, or an engine of another make: as re compiles)
        return re.compile(pattern, flags)
    return compiled


def _entry(pattern: str, flags: int) -> Entry:
    """What ``re._compiler.compile`` passes to ``_sre.compile`` for ``pattern``, but the pattern."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    # (the code holds the engine's opcodes as named int constants: plain ints for marshal)
    return flags | parsed.state.flags, list(map(int, code)), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _save() -> None:
    """Write the cache with this process's new patterns (atomically: a reader sees the old file or the new)."""
    tmp = _PATH.with_name(f".{_PATH.name}.{os.getpid()}.tmp")
    try:
        _PATH.parent.mkdir(parents=True, exist_ok=True)
        kept = _KNOWN if len(_KNOWN) <= MAX_KEPT else {key: _KNOWN[key] for key in _used}
        tmp.write_bytes(marshal.dumps(kept))
        os.replace(tmp, _PATH)
    except (OSError, ValueError):  # (ValueError: what marshal cannot write)
        try:
            tmp.unlink()
        except OSError:
            pass
