"""The opt-in compiled build (``QUOTEWIRE_MYPYC=1``, setup.py) gives the golden output, byte for byte.

A slow test (QUOTEWIRE_SLOW=1): it makes a build environment (mypy, whose mypyc compiles the modules setup.py
names, and setuptools, from the package index), builds the wheel with a C compiler, unpacks it beside the test
environment's dependencies and runs ``quotewire extract --jsonl`` over the golden articles with the compiled
modules, checking that they were the ones imported.
"""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "nlp"))

from test_golden import articles  # noqa: E402

pytestmark = pytest.mark.skipif(os.environ.get("QUOTEWIRE_SLOW") != "1",
                                reason="slow test: set QUOTEWIRE_SLOW=1 to run")

BUILD_REQUIREMENTS = ["mypy", "types-PyYAML", "types-jsonschema", "pydantic", "setuptools>=77", "wheel"]


def _run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=1200)
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def compiled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the compiled wheel's ``streams`` package."""
    tmp = tmp_path_factory.mktemp("compiled")
    venv.create(tmp / "build-env", with_pip=True)
    pip = tmp / "build-env" / "bin" / "pip"
    _run(pip, "install", "-q", "-c", ROOT / "constraints.txt", *BUILD_REQUIREMENTS)
    _run(pip, "wheel", "-q", "--no-build-isolation", "--no-deps", "-w", tmp / "dist", ROOT,
         env={**os.environ, "QUOTEWIRE_MYPYC": "1"}, cwd=tmp)
    (wheel,) = (tmp / "dist").glob("quotewire-*.whl")
    _run(pip, "install", "-q", "--no-deps", "--target", tmp / "site", wheel)
    return tmp / "site"


CHECK = """
import sys
# the compiled modules, imported before the golden test puts the source first on the path
import streams.nlp.statements, streams.nlp.text, streams.nlp.speakers.article
sys.path.insert(0, sys.argv[1])
import test_golden
print(streams.nlp.text.__file__)
print(streams.nlp.statements.__file__)
print(streams.nlp.speakers.article.__file__)
for name, path in test_golden.articles().items():
    _, expected = test_golden.read_golden(name)
    got = test_golden.output(path.read_text(encoding="utf-8"))
    print(name, "same" if got == expected else "DIFFERENT")
"""


def test_the_compiled_build_gives_the_golden_output(compiled_site: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEWIRE_")}
    env["PYTHONPATH"] = str(compiled_site)
    lines = _run(sys.executable, "-c", CHECK, ROOT / "tests" / "unit" / "nlp", env=env, cwd=compiled_site).split("\n")
    found = [line for line in lines if line]
    modules, verdicts = found[:3], found[3:]
    assert all(m.endswith(".so") for m in modules), f"not the compiled modules: {modules}"
    assert len(verdicts) == len(articles()) and all(v.endswith(" same") for v in verdicts), verdicts
