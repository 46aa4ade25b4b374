"""Golden output: statements and speakers of the seed article and a few invented articles.

``EXTRACTOR_VERSION`` goes on every statement event, and replays, upserts and ``quotewire
reprocess`` rely on it: the same version must mean the same output. Each article's output
is recorded in ``tests/fixtures/golden/<article>.jsonl`` with the version that produced
it. The test fails when the output differs while the version is still the recorded one.
Once the version is bumped, a difference only warns until the files are regenerated::

    .venv/bin/python tests/unit/nlp/test_golden.py

(which rewrites every golden file with the current output and version).
"""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streams.nlp import EXTRACTOR_VERSION, extract_statements, resolve_speakers  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = FIXTURES / "golden"
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


def changed_without_bump(recorded: str, expected: list[dict], got: list[dict]) -> str | None:
    """Why the comparison fails, or None: a difference fails only under the recorded version."""
    if got == expected:
        return None
    # the first difference, else where the shorter list ends
    first = next((i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
                 min(len(expected), len(got)))
    detail = (f"statement {first}: expected {expected[first] if first < len(expected) else 'nothing'}, "
              f"got {got[first] if first < len(got) else 'nothing'}")
    if recorded == EXTRACTOR_VERSION:
        return (f"extraction output changed but EXTRACTOR_VERSION is still {recorded}: bump it in "
                f"streams/nlp/__init__.py, then regenerate the golden files with `{REGENERATE}` ({detail})")
    warnings.warn(f"golden output recorded with {recorded}, now {EXTRACTOR_VERSION}: regenerate with "
                  f"`{REGENERATE}` ({detail})", stacklevel=2)
    return None


@pytest.mark.parametrize("name", sorted(articles()))
def test_output_changes_only_with_a_new_extractor_version(name: str) -> None:
    text = articles()[name].read_text(encoding="utf-8")
    recorded, expected = read_golden(name)
    problem = changed_without_bump(recorded, expected, output(text))
    assert problem is None, problem


def test_a_change_under_the_recorded_version_fails_and_says_how_to_regenerate() -> None:
    row = {"kind": "direct", "content": [[0, 5]], "cue": None, "mention": None, "speaker": None}
    problem = changed_without_bump(EXTRACTOR_VERSION, [row], [dict(row, kind="indirect")])
    assert problem is not None and "bump it" in problem and REGENERATE in problem
    with pytest.warns(UserWarning, match="regenerate"):
        assert changed_without_bump("0.0.0", [row], [dict(row, kind="indirect")]) is None
    assert changed_without_bump(EXTRACTOR_VERSION, [row], [dict(row)]) is None


if __name__ == "__main__":
    for article, path in articles().items():
        write_golden(article, output(path.read_text(encoding="utf-8")))
        print(f"wrote {GOLDEN / (article + '.jsonl')} ({EXTRACTOR_VERSION})")
