"""The compiled-pattern cache (streams.nlp.patterns) gives the patterns re.compile gives."""
from __future__ import annotations

import importlib
import marshal
import re

import pytest

from streams.nlp import cues, patterns, roles, text
from streams.nlp.kb import keys
from streams.nlp.speakers import (
    description,
    document,
    index,
    mentions,
    name,
    organization,
    persons,
    relative,
    role_evidence,
    things,
    words,
)
from streams.nlp.statements import article, cue_scan

explain = importlib.import_module("streams.nlp.speakers.explain")  # (the package's "explain" is the function)

SAMPLES = [
    (r"[^\n]+", 0),
    (r"(?P<np>he|she)\s+(said|says)(?=[,.])", 0),
    (r"(?<!\w)[’'](?:s|S)\b|``|''", 0),
    (r"\w++(?:[-.&]\w++)*+", re.ASCII),
    (r"^\s*(?:dr|mr)\.?$", re.IGNORECASE | re.MULTILINE),
]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache file of its own for the test."""
    path = tmp_path / "quotewire" / "patterns-test.marshal"
    monkeypatch.setattr(patterns, "_PATH", path)
    monkeypatch.setattr(patterns, "_KNOWN", {})
    monkeypatch.setattr(patterns, "_used", set())
    monkeypatch.setattr(patterns, "_added", [])
    return path


def test_a_pattern_compiled_or_read_back_is_res_pattern(cache) -> None:
    for pattern, flags in SAMPLES:
        assert patterns.compile(pattern, flags) == re.compile(pattern, flags)
    assert len(patterns._added) == len(SAMPLES)
    patterns._save()
    patterns._KNOWN = patterns._load(cache)
    patterns._added.clear()
    for pattern, flags in SAMPLES:
        got = patterns.compile(pattern, flags)
        assert got == re.compile(pattern, flags)
        assert got.groupindex == re.compile(pattern, flags).groupindex
    assert patterns._added == []  # all from the file


@pytest.mark.parametrize("module", [text, roles, cues, cue_scan, article, keys, description, document, explain, index,
                                    mentions, name, organization, persons, relative, role_evidence, things, words])
def test_the_nlp_modules_patterns_are_res(module) -> None:
    found = [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    for v in vars(module).values():  # (text's patterns by their first character: pairs in a tuple)
        if isinstance(v, tuple):
            found += [x[1] for x in v if isinstance(x, tuple) and len(x) == 2 and isinstance(x[1], re.Pattern)]
    assert found
    for p in found:
        assert p == re.compile(p.pattern, p.flags)


def test_a_damaged_cache_file_means_compiling_again(cache) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x00not marshal")
    assert patterns._load(cache) == {}
    pattern, flags = SAMPLES[1]
    flags_, code, groups, groupindex, indexgroup = patterns._entry(pattern, flags)
    patterns._KNOWN[(pattern, flags)] = (flags_, code[:5], groups, groupindex, indexgroup)  # code the engine refuses
    assert patterns.compile(pattern, flags) == re.compile(pattern, flags)


def test_an_unwritable_cache_directory_is_no_error(tmp_path, cache, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(patterns, "_PATH", blocker / "sub" / "patterns-test.marshal")
    patterns.compile(*SAMPLES[0])
    patterns._save()
    assert not (blocker / "sub").exists()


def test_a_full_cache_file_keeps_only_this_process_patterns(cache, monkeypatch) -> None:
    monkeypatch.setattr(patterns, "MAX_KEPT", 3)
    for pattern, flags in SAMPLES:
        patterns._KNOWN[(pattern + "x", flags)] = patterns._entry(pattern + "x", flags)  # of an earlier version
    patterns.compile(*SAMPLES[0])
    patterns._save()
    assert set(marshal.loads(cache.read_bytes())) == {SAMPLES[0]}


def test_re_internals_that_changed_mean_compiling_as_re_does_and_caching_nothing(cache, monkeypatch) -> None:
    """Another Python whose re._parser or re._compiler take other arguments: the pattern re.compile gives, and
    nothing kept for the cache file."""
    def changed(*args: object) -> None:
        raise TypeError("parse() takes 1 positional argument")
    monkeypatch.setattr(patterns._parser, "parse", changed)
    pattern, flags = SAMPLES[1]
    assert patterns.compile(pattern, flags) == re.compile(pattern, flags)
    assert patterns._added == [] and patterns._KNOWN == {}
