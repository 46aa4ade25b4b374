"""setup.py's opt-in mypyc build (QUOTEWIRE_MYPYC=1) names modules that exist and that mypyc can compile.

The compiled build runs only when an image is built with it, so a renamed or split module would
otherwise break that build long after the change; these checks read setup.py without running it.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _compiled() -> list[str]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COMPILED" for t in node.targets):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return [str(v) for v in value]
    raise AssertionError("setup.py has no COMPILED list")


def test_compiled_modules_exist_inside_the_package() -> None:
    compiled = _compiled()
    assert compiled, "the compiled build names no module"
    for path in compiled:
        assert path.startswith("streams/") and path.endswith(".py"), path
        assert (ROOT / path).is_file(), f"setup.py compiles {path}, which does not exist"


def test_a_compiled_package_is_compiled_whole() -> None:
    """mypyc compiles a package's modules together: a module of the statement grammar left out would
    still import the compiled ones, but the grammar's speed comes from calls between them."""
    compiled = set(_compiled())
    grammar = {p.relative_to(ROOT).as_posix() for p in (ROOT / "streams/nlp/statements").glob("*.py")}
    assert grammar <= compiled, f"not compiled: {sorted(grammar - compiled)}"
