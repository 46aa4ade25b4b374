"""setup.py's opt-in mypyc build (QUOTEWIRE_MYPYC=1) names modules that exist and that mypyc can compile.

The compiled build runs only when someone builds with it (and in the slow tests/integration/test_compiled_build.py),
so a renamed or split module would otherwise break that build long after the change; these checks read setup.py
without running it.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path
from types import FunctionType

import pytest

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


@pytest.mark.parametrize("package", ["streams/nlp/statements", "streams/nlp/speakers"])
def test_a_compiled_package_is_compiled_whole(package: str) -> None:
    """mypyc compiles a package's modules together: a module of the statement grammar or of speaker
    resolution left out would still import the compiled ones, but the speed comes from calls between them."""
    compiled = set(_compiled())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / package).glob("*.py")}
    assert modules <= compiled, f"not compiled: {sorted(modules - compiled)}"


def test_no_compiled_class_borrows_a_function_as_a_method() -> None:
    """A function of a module assigned in a class body (``chunks = document.chunks``) is a method in
    plain Python but not once compiled: mypyc's functions do not bind, so ``art.chunks()`` would be
    called without the article. Every function in a compiled class's namespace is defined there."""
    for path in _compiled():
        module = importlib.import_module(path.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
        for cls in vars(module).values():
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            for attr, value in vars(cls).items():
                if isinstance(value, FunctionType) and not attr.startswith("__") and not (
                    attr.startswith("_") and attr.endswith("_")  # an Enum's own (_generate_next_value_)
                ):  # dunders: dataclass's own
                    assert value.__qualname__.startswith(f"{cls.__qualname__}."), \
                        f"{module.__name__}.{cls.__qualname__}.{attr} is {value.__module__}.{value.__qualname__}"
