"""Golden output: statements and speakers of the seed article and a few invented articles.

``EXTRACTOR_VERSION`` goes on every statement event, and replays, upserts and ``quotewire
reprocess`` rely on it: the same version must mean the same output. Each article's output
(everything a statement event carries from extraction: kind, spans, cue, mention, sentence,
confidence and the resolved speaker) is recorded in ``tests/fixtures/golden/<article>.jsonl``
with the version that produced it, and ``tests/fixtures/golden/versions.json`` keeps one
digest of the whole golden output per version. The test fails when

- the output differs from the golden files (bump the version, then regenerate);
- the golden files were recorded under another version (regenerate);
- the golden output differs from the digest kept for this version: it was regenerated
  without a bump.

Regenerate with::

    .venv/bin/python tests/unit/nlp/test_golden.py

which rewrites every golden file and adds this version's digest, and refuses when the version
already has a different digest (bump it first).
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streams.nlp import EXTRACTOR_VERSION, extract_statements, resolve_speakers  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = FIXTURES / "golden"
VERSIONS = GOLDEN / "versions.json"
REGENERATE = ".venv/bin/python tests/unit/nlp/test_golden.py"


def articles() -> dict[str, Path]:
    """The golden articles by name: the seed article and every invented one."""
    out = {"seed-article": FIXTURES / "seed-article.txt"}
    out.update({p.stem: p for p in sorted(GOLDEN.glob("*.txt"))})
    return out


def output(text: str) -> list[dict]:
    """What a user sees of each statement: kind, spans, cue, speaker mention and resolution."""
    sts = extract_statements(text)
    rows = []
    for st, sp in zip(sts, resolve_speakers(text, sts), strict=True):
        rows.append({
            "kind": st.kind,
            "content": [[c.start, c.end] for c in st.content],
            "cue": [st.cue.start, st.cue.end] if st.cue else None,
            "mention": [st.speaker.start, st.speaker.end] if st.speaker else None,
            "sentence_index": st.sentence_index,
            "confidence": st.confidence,
            "speaker": None if sp is None else {
                "name": sp.name, "type": sp.type, "title": sp.title, "organization": sp.organization,
                "country": sp.country, "speaker_id": sp.speaker_id,
            },
        })
    return rows


def read_golden(name: str) -> tuple[str, list[dict]]:
    lines = (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    return head["extractor_version"], [json.loads(line) for line in lines[1:] if line.strip()]


def write_golden(name: str, rows: list[dict]) -> None:
    lines = [json.dumps({"extractor_version": EXTRACTOR_VERSION})]
    lines += [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows]
    (GOLDEN / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def digest(golden: dict[str, list[dict]]) -> str:
    """One digest of every golden article's output, in name order."""
    h = hashlib.sha256()
    for name in sorted(golden):
        h.update(name.encode())
        for row in golden[name]:
            h.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def versions() -> dict[str, str]:
    return json.loads(VERSIONS.read_text(encoding="utf-8")) if VERSIONS.exists() else {}


def changed_without_bump(recorded: str, expected: list[dict], got: list[dict]) -> str | None:
    """Why this article's comparison fails, or None."""
    if recorded != EXTRACTOR_VERSION:
        return (f"golden output recorded with {recorded}, now {EXTRACTOR_VERSION}: regenerate it with "
                f"`{REGENERATE}`")
    if got == expected:
        return None
    # the first difference, else where the shorter list ends
    first = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
                 min(len(expected), len(got)))
    detail = (f"statement {first}: expected {expected[first] if first < len(expected) else 'nothing'}, "
              f"got {got[first] if first < len(got) else 'nothing'}")
    return (f"extraction output changed but EXTRACTOR_VERSION is still {recorded}: bump it in "
            f"streams/nlp/__init__.py, then regenerate the golden files with `{REGENERATE}` ({detail})")


def regenerated_without_bump(golden: dict[str, list[dict]], known: dict[str, str]) -> str | None:
    """Why the golden files do not belong to this version, or None: each version has one output."""
    kept = known.get(EXTRACTOR_VERSION)
    if kept is None:
        return f"{VERSIONS.name} has no digest for {EXTRACTOR_VERSION}: regenerate with `{REGENERATE}`"
    if kept != digest(golden):
        return (f"the golden output differs from what {EXTRACTOR_VERSION} gave before ({VERSIONS.name}): "
                f"output changed without a version bump; bump EXTRACTOR_VERSION and regenerate")
    return None


@pytest.mark.parametrize("name", sorted(articles()))
def test_output_changes_only_with_a_new_extractor_version(name: str) -> None:
    text = articles()[name].read_text(encoding="utf-8")
    recorded, expected = read_golden(name)
    problem = changed_without_bump(recorded, expected, output(text))
    assert problem is None, problem


def test_the_golden_files_are_this_versions_output() -> None:
    problem = regenerated_without_bump({name: read_golden(name)[1] for name in articles()}, versions())
    assert problem is None, problem


def test_a_change_under_the_recorded_version_fails_and_says_how_to_regenerate() -> None:
    row = {"kind": "direct", "content": [[0, 5]], "cue": None, "mention": None, "sentence_index": 0,
           "confidence": 0.9, "speaker": None}
    problem = changed_without_bump(EXTRACTOR_VERSION, [row], [dict(row, kind="indirect")])
    assert problem is not None and "bump it" in problem and REGENERATE in problem
    problem = changed_without_bump(EXTRACTOR_VERSION, [row], [dict(row, confidence=0.45)])
    assert problem is not None and "bump it" in problem
    assert changed_without_bump("0.0.0", [row], [dict(row)]) is not None  # recorded by another version
    assert changed_without_bump(EXTRACTOR_VERSION, [row], [dict(row)]) is None


def test_regenerating_without_a_bump_is_caught() -> None:
    row = {"kind": "direct", "content": [[0, 5]], "cue": None, "mention": None, "sentence_index": 0,
           "confidence": 0.9, "speaker": None}
    before = {"a": [row]}
    known = {EXTRACTOR_VERSION: digest(before)}
    assert regenerated_without_bump(before, known) is None
    problem = regenerated_without_bump({"a": [dict(row, sentence_index=1)]}, known)
    assert problem is not None and "without a version bump" in problem
    assert regenerated_without_bump(before, {}) is not None


def regenerate() -> None:
    golden = {name: output(path.read_text(encoding="utf-8")) for name, path in articles().items()}
    known = versions()
    new = digest(golden)
    if known.get(EXTRACTOR_VERSION, new) != new:
        sys.exit(f"EXTRACTOR_VERSION {EXTRACTOR_VERSION} already gave other output: bump it in "
                 f"streams/nlp/__init__.py first")
    for name, rows in golden.items():
        write_golden(name, rows)
        print(f"wrote {GOLDEN / (name + '.jsonl')} ({EXTRACTOR_VERSION})")
    known[EXTRACTOR_VERSION] = new
    VERSIONS.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    regenerate()
