"""Loaders and checks for the deployment artefacts (docker-compose.yml, deploy/).

Each ``check_*`` function takes plain data (a loaded Compose model, Kubernetes objects, ...)
and returns a list of problems, empty when all is well, so that the tests can run every
check on the real files (expecting no problem) and on a deliberately broken copy
(expecting the problem to be found): a check that cannot fail proves nothing.

Compose itself is not available on this machine, so the few parts of its behaviour the
checks depend on are reproduced here, narrowly: variable interpolation (the
``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}`` forms, ``$$``), ``env_file`` parsing, and
merging an override file that contains only mappings and scalars.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SINGLE_BROKER_FILE = ROOT / "deploy" / "compose.single-broker.yml"
ENV_EXAMPLE = ROOT / ".env.example"
PROMETHEUS_FILE = ROOT / "deploy" / "prometheus.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
HEALTHCHECK_SCRIPT = ROOT / "deploy" / "healthcheck.py"
CONFIG_DIR = ROOT / "deploy" / "config"
K8S_DIR = ROOT / "deploy" / "k8s"

# The quotewire services of the Compose file, and what each one runs.
QUOTEWIRE_COMMANDS: dict[str, list[str]] = {
    "topics": ["topics", "create"],
    "ingest": ["ingest", "--sources", "/etc/quotewire/config/sources.yaml"],
    "pipeline": ["worker", "--role", "pipeline"],
    "alerts": ["worker", "--role", "alerts"],
    "archive": ["worker", "--role", "archive"],
}
LONG_RUNNING = ("ingest", "pipeline", "alerts", "archive")
WORKER_ROLES = ("pipeline", "alerts", "archive")
KAFKA_IMAGE = "apache/kafka"
SHUTDOWN_TIMEOUT_DEFAULT = 30.0

# Names that hold credentials: their values must come from outside the committed files.
SECRET_NAME = re.compile(r"(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE|(^|_)KEY$|API_?KEY)", re.I)
URL_USERINFO = re.compile(r"^[a-z][a-z0-9+.-]*://(?P<user>[^:@/]*):(?P<password>[^@]*)@", re.I)
ONE_REFERENCE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?:(?::?[-?+]).*)?\}$")
PLACEHOLDER = re.compile(r"REPLACE_ME|CHANGE_ME|<[^>]+>")


# --- YAML ---------------------------------------------------------------------------------

def load_yaml(path: Path) -> Any:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_yaml_documents(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [doc for doc in yaml.safe_load_all(handle) if doc is not None]


# --- env files and interpolation ---------------------------------------------------------------

def parse_env_file(text: str) -> dict[str, str]:
    """``KEY=VALUE`` lines as Compose's env_file and .env read them (comments and blanks skipped)."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        key, sep, value = line.partition("=")
        if not sep:
            raise ValueError(f"not KEY=VALUE: {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        out[key.strip()] = value
    return out


def commented_env_keys(text: str) -> set[str]:
    """Keys of commented-out ``# KEY=VALUE`` lines (documented, optional settings)."""
    return set(re.findall(r"^#\s*([A-Z][A-Z0-9_]*)=", text, re.M))


_VAR = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)


class InterpolationError(ValueError):
    pass


def interpolate_string(value: str, env: Mapping[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("escaped"):
            return "$"
        name = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg") or ""
        present = name in env
        nonempty = present and env[name] != ""
        if op in (":-", "-"):
            use_default = not nonempty if op == ":-" else not present
            return arg if use_default else env[name]
        if op in (":?", "?"):
            missing = not nonempty if op == ":?" else not present
            if missing:
                raise InterpolationError(f"required variable {name} is missing a value: {arg}")
            return env[name]
        if op in (":+", "+"):
            use_alt = nonempty if op == ":+" else present
            return arg if use_alt else ""
        return env.get(name, "")

    return _VAR.sub(replace, value)


def interpolate(node: Any, env: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate_string(node, env)
    if isinstance(node, list):
        return [interpolate(item, env) for item in node]
    if isinstance(node, dict):
        return {key: interpolate(value, env) for key, value in node.items()}
    return node


def referenced_variables(text: str) -> dict[str, str | None]:
    """Every ``${VAR...}`` / ``$VAR`` of a Compose file: name → operator (None when bare)."""
    found: dict[str, str | None] = {}
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        for match in _VAR.finditer(line):
            if match.group("escaped"):
                continue
            name = match.group("braced") or match.group("plain")
            op = match.group("op")
            if name not in found or found[name] is None:
                found[name] = op
    return found


# --- Compose model ----------------------------------------------------------------------------

def merge_override(base: dict[str, Any], override: Mapping[str, Any], path: str = "") -> dict[str, Any]:
    """Merge an override file the way Compose does for mappings and scalars.

    Lists are refused: Compose merges them differently per attribute (ports are appended,
    command is replaced, ...), and the override file is kept free of them on purpose.
    """
    out = copy.deepcopy(base)
    for key, value in override.items():
        where = f"{path}.{key}" if path else key
        if isinstance(value, list):
            raise ValueError(f"{where}: lists in an override file are not supported by this merge")
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge_override(out[key], value, where)
        else:
            out[key] = copy.deepcopy(value)
    return out


def strip_extensions(model: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in model.items() if not k.startswith("x-")}


def service_environment(service: Mapping[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.partition("=") for item in env)
        return {k: v for k, _, v in pairs}
    return {k: "" if v is None else str(v) for k, v in env.items()}


def effective_environment(service: Mapping[str, Any], env_files: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """What the container sees: env_file entries, overridden by ``environment``."""
    out: dict[str, str] = {}
    files = service.get("env_file") or []
    for entry in [files] if isinstance(files, (str, dict)) else files:
        name = entry if isinstance(entry, str) else entry["path"]
        out.update(env_files[name])
    out.update(service_environment(service))
    return out


def started(model: Mapping[str, Any], name: str) -> bool:
    service = model["services"][name]
    scale = service.get("scale", (service.get("deploy") or {}).get("replicas", 1))
    return int(scale) > 0


def depends_on(service: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: {"condition": "service_started"} for name in deps}
    return {name: dict(cfg or {}) for name, cfg in deps.items()}


def healthcheck_enabled(service: Mapping[str, Any]) -> bool:
    check = service.get("healthcheck")
    if not check or check.get("disable"):
        return False
    test = check.get("test")
    return bool(test) and test != ["NONE"]


def parse_duration(value: str | int | float) -> float:
    """Compose durations (``45s``, ``1m30s``, ``500ms``) in seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    total, pos = 0.0, 0
    units = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "us": 1e-6}
    for match in re.finditer(r"(\d+(?:\.\d+)?)(ms|us|h|m|s)", value):
        if match.start() != pos:
            raise ValueError(f"not a duration: {value!r}")
        total += float(match.group(1)) * units[match.group(2)]
        pos = match.end()
    if pos != len(value) or not value:
        raise ValueError(f"not a duration: {value!r}")
    return total


def quotewire_services(model: Mapping[str, Any]) -> list[str]:
    return [name for name in model["services"] if name in QUOTEWIRE_COMMANDS]


def kafka_services(model: Mapping[str, Any]) -> list[str]:
    return [
        name for name, svc in model["services"].items()
        if str(svc.get("image", "")).split(":")[0] == KAFKA_IMAGE
    ]


def broker_hosts(url: str) -> list[str]:
    hosts = []
    for part in url.replace(";", ",").split(","):
        part = part.strip().removeprefix("kafka://").rstrip("/")
        if part:
            hosts.append(part.rsplit(":", 1)[0])
    return hosts


# --- Compose checks ------------------------------------------------------------------------------

def check_images(model: Mapping[str, Any]) -> list[str]:
    """One image (and one build) for every quotewire service; every other image pinned."""
    problems = []
    services = model["services"]
    ours = [n for n in quotewire_services(model)]
    missing = sorted(set(QUOTEWIRE_COMMANDS) - set(ours))
    if missing:
        problems.append(f"quotewire services missing: {missing}")
    images = {n: services[n].get("image") for n in ours}
    builds = {n: repr(services[n].get("build")) for n in ours}
    if len(set(images.values())) != 1:
        problems.append(f"quotewire services use different images: {images}")
    if len(set(builds.values())) != 1:
        problems.append(f"quotewire services use different builds: {builds}")
    our_image = next(iter(images.values()), None)
    for name, svc in services.items():
        if name in ours:
            continue
        image = str(svc.get("image", ""))
        if image == our_image:
            problems.append(f"{name}: uses the quotewire image but is not a known quotewire service")
        ref, _, digest = image.partition("@")
        tag = ref.rsplit(":", 1)[1] if ":" in ref.rsplit("/", 1)[-1] else ""
        if not digest and (not tag or tag == "latest" or "$" in tag):
            problems.append(f"{name}: image {image!r} is not pinned to a version tag")
    return problems


def check_commands(model: Mapping[str, Any]) -> list[str]:
    problems = []
    for name in quotewire_services(model):
        command = model["services"][name].get("command")
        if command != QUOTEWIRE_COMMANDS[name]:
            problems.append(f"{name}: command {command!r}, expected {QUOTEWIRE_COMMANDS[name]!r}")
    return problems


def check_no_inline_secrets(model: Mapping[str, Any]) -> list[str]:
    """Credentials only as ${VAR} references (to .env), never as literal values."""
    problems = []
    for name, svc in model["services"].items():
        for key, value in service_environment(svc).items():
            if SECRET_NAME.search(key) and value and not ONE_REFERENCE.match(value):
                problems.append(f"{name}: {key} has an inline value; reference a variable from .env")
            # ${...} references may contain ':' themselves: mask them before reading user:password@
            masked = re.sub(r"\$\{[^}]*\}", "VARIABLE_REFERENCE", value)
            userinfo = URL_USERINFO.match(masked)
            if userinfo and userinfo.group("password") not in ("", "VARIABLE_REFERENCE"):
                problems.append(f"{name}: {key} embeds a literal password in a URL")
    return problems


def check_env_example_secrets(text: str) -> list[str]:
    """The example env file names the secrets but gives none (empty or placeholder values)."""
    problems = []
    for key, value in parse_env_file(text).items():
        if SECRET_NAME.search(key) and value and not PLACEHOLDER.search(value):
            problems.append(f".env.example: {key} has a value; leave secrets empty in the example")
    return problems


def check_kafka_cluster(model: Mapping[str, Any], env_files: Mapping[str, Mapping[str, str]],
                        expected_brokers: int) -> list[str]:
    """KRaft quorum, replication factors and quotewire's broker list agree with the brokers run."""
    problems = []
    services = model["services"]
    brokers = [n for n in kafka_services(model) if started(model, n)]
    if len(brokers) != expected_brokers:
        problems.append(f"{len(brokers)} Kafka broker(s) started, expected {expected_brokers}")
    if not brokers:
        return problems
    envs = {n: service_environment(services[n]) for n in brokers}
    node_ids = {n: envs[n].get("KAFKA_NODE_ID") for n in brokers}
    if len(set(node_ids.values())) != len(brokers) or None in node_ids.values():
        problems.append(f"KAFKA_NODE_IDs not unique: {node_ids}")
    want_voters = {f"{node_ids[n]}@{n}:9093" for n in brokers}
    for n in brokers:
        env = envs[n]
        voters = set(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS", "").split(","))
        if voters != want_voters:
            problems.append(f"{n}: quorum voters {sorted(voters)}, expected {sorted(want_voters)}")
        if "broker" not in env.get("KAFKA_PROCESS_ROLES", "") or "controller" not in env.get("KAFKA_PROCESS_ROLES", ""):
            problems.append(f"{n}: KAFKA_PROCESS_ROLES must be broker,controller (combined KRaft nodes)")
        if env.get("KAFKA_ADVERTISED_LISTENERS") != f"PLAINTEXT://{n}:9092":
            problems.append(f"{n}: advertised listener {env.get('KAFKA_ADVERTISED_LISTENERS')!r} is not its own name")
        rf = {k: int(env.get(k, "0")) for k in (
            "KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")}
        for key, value in rf.items():
            if value != expected_brokers:
                problems.append(f"{n}: {key}={value}, expected {expected_brokers}")
        for key in ("KAFKA_MIN_INSYNC_REPLICAS", "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"):
            isr = int(env.get(key, "1"))
            if not 1 <= isr <= max(1, expected_brokers - 1) and not (expected_brokers == 1 and isr == 1):
                problems.append(f"{n}: {key}={isr} does not tolerate one broker down")
    cluster_ids = {envs[n].get("CLUSTER_ID") for n in brokers}
    if len(cluster_ids) != 1 or not next(iter(cluster_ids)):
        problems.append(f"brokers disagree on CLUSTER_ID: {cluster_ids}")
    for name in quotewire_services(model):
        env = effective_environment(services[name], env_files)
        hosts = broker_hosts(env.get("QUOTEWIRE_BROKER", ""))
        if not hosts or set(hosts) != set(brokers):
            problems.append(f"{name}: QUOTEWIRE_BROKER lists {hosts}, the started brokers are {brokers}")
        rf = int(env.get("QUOTEWIRE_REPLICATION_FACTOR", "1"))
        if rf != expected_brokers:
            problems.append(f"{name}: QUOTEWIRE_REPLICATION_FACTOR={rf} with {expected_brokers} broker(s)")
    return problems


def check_start_order(model: Mapping[str, Any]) -> list[str]:
    """Brokers healthy → topics completed → workers; archive also waits for PostgreSQL."""
    problems = []
    services = model["services"]
    topic_deps = depends_on(services.get("topics", {}))
    for broker in kafka_services(model):
        if topic_deps.get(broker, {}).get("condition") != "service_healthy":
            problems.append(f"topics does not wait for {broker} to be healthy")
    for name in LONG_RUNNING:
        deps = depends_on(services.get(name, {}))
        if deps.get("topics", {}).get("condition") != "service_completed_successfully":
            problems.append(f"{name} does not wait for the topics service to complete successfully")
    if depends_on(services.get("archive", {})).get("postgres", {}).get("condition") != "service_healthy":
        problems.append("archive does not wait for postgres to be healthy")
    for name, svc in services.items():
        for dep, cfg in depends_on(svc).items():
            if dep not in services:
                problems.append(f"{name} depends on unknown service {dep}")
            elif cfg.get("condition") == "service_healthy" and not healthcheck_enabled(services[dep]):
                problems.append(f"{name} waits for {dep} to be healthy, but {dep} has no healthcheck")
            elif (cfg.get("condition") == "service_completed_successfully"
                  and services[dep].get("restart") not in (None, "no")):
                problems.append(f"{name} waits for {dep} to complete, but {dep} restarts")
    return problems


def check_long_running(model: Mapping[str, Any], env_files: Mapping[str, Mapping[str, str]]) -> list[str]:
    """Healthchecks, restart policies and a stop grace period above the shutdown timeout."""
    problems = []
    services = model["services"]
    for name in [*LONG_RUNNING, *kafka_services(model), "postgres", "prometheus"]:
        svc = services.get(name)
        if svc is None:
            problems.append(f"{name}: missing")
            continue
        if not healthcheck_enabled(svc):
            problems.append(f"{name}: no healthcheck")
        if svc.get("restart") not in ("always", "unless-stopped", "on-failure"):
            problems.append(f"{name}: restart policy {svc.get('restart')!r}")
    for name in LONG_RUNNING:
        svc = services.get(name, {})
        env = effective_environment(svc, env_files)
        timeout = float(env.get("QUOTEWIRE_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT_DEFAULT))
        grace = parse_duration(svc.get("stop_grace_period", "10s"))
        if grace <= timeout:
            problems.append(f"{name}: stop_grace_period {grace}s is not above QUOTEWIRE_SHUTDOWN_TIMEOUT {timeout}s")
        test = " ".join((svc.get("healthcheck") or {}).get("test") or [])
        if name == "ingest":
            port = env.get("QUOTEWIRE_PUSH_PORT", "8080")
            if f":{port}/healthz" not in test:
                problems.append(f"ingest: healthcheck does not probe /healthz on the push port {port}")
        elif "quotewire-healthcheck" not in test:
            problems.append(f"{name}: healthcheck does not use the image's quotewire-healthcheck")
    return problems


def check_scalable(service: Mapping[str, Any], name: str) -> list[str]:
    """``docker compose up --scale NAME=N`` needs no fixed name and no fixed host port."""
    problems = []
    for key in ("container_name", "hostname", "ports"):
        if service.get(key):
            problems.append(f"{name}: {key} prevents --scale (replicas would collide)")
    return problems


def _volume_source(entry: Any) -> tuple[str | None, str]:
    if isinstance(entry, dict):
        return entry.get("source"), entry.get("target", "")
    parts = str(entry).split(":")
    if len(parts) == 1:
        return None, parts[0]
    return parts[0], parts[1]


def check_volumes(model: Mapping[str, Any]) -> list[str]:
    """Stateful services keep their data on declared named volumes; workers write only to volumes."""
    problems = []
    declared = set((model.get("volumes") or {}).keys())
    services = model["services"]
    for name, svc in services.items():
        for entry in svc.get("volumes") or []:
            source, _target = _volume_source(entry)
            if source and not source.startswith((".", "/", "~")) and source not in declared:
                problems.append(f"{name}: volume {source!r} is not declared under top-level volumes")
    stateful = {name: "/var/lib/kafka/data" for name in kafka_services(model)}
    stateful.update({"postgres": "/var/lib/postgresql/data", "prometheus": "/prometheus"})
    for name, target in stateful.items():
        mounts = [_volume_source(e) for e in services.get(name, {}).get("volumes") or []]
        if not any(t == target and s in declared for s, t in mounts):
            problems.append(f"{name}: {target} is not on a named volume")
    for name in quotewire_services(model):
        svc = services[name]
        if not svc.get("read_only"):
            continue
        env = service_environment(svc)
        targets = {t for _s, t in (_volume_source(e) for e in svc.get("volumes") or [])}
        targets |= {str(t).split(":")[0] for t in svc.get("tmpfs") or []}
        for needed in (env.get("QUOTEWIRE_DATA_DIR", "quotewire-data"), "/tmp"):
            if needed not in targets:
                problems.append(f"{name}: read-only container without a writable mount at {needed}")
    return problems


def check_config_mounts(model: Mapping[str, Any], env_files: Mapping[str, Mapping[str, str]], root: Path) -> list[str]:
    """Every QUOTEWIRE_*_FILE path (and --sources) is a file that a bind mount provides."""
    problems = []
    for name in quotewire_services(model):
        svc = model["services"][name]
        mounts = [_volume_source(e) for e in svc.get("volumes") or []]
        env = effective_environment(svc, env_files)
        paths = {k: v for k, v in env.items() if k.endswith("_FILE") and k.startswith("QUOTEWIRE_") and v}
        command = svc.get("command") or []
        if "--sources" in command:
            paths["--sources"] = command[command.index("--sources") + 1]
        for key, path in paths.items():
            for source, target in mounts:
                if source and source.startswith(".") and path.startswith(target.rstrip("/") + "/"):
                    host = root / source / path[len(target.rstrip("/")) + 1:]
                    if not host.is_file():
                        problems.append(f"{name}: {key}={path} maps to missing file {host}")
                    break
            else:
                problems.append(f"{name}: {key}={path} is not inside any bind mount")
    return problems


def check_published_ports(model: Mapping[str, Any]) -> list[str]:
    """Host ports bind to loopback unless the user opts in through .env."""
    problems = []
    for name, svc in model["services"].items():
        for port in svc.get("ports") or []:
            text = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
            if not str(text).startswith("127.0.0.1:"):
                problems.append(f"{name}: port {text!r} is published beyond loopback")
    return problems


def check_prometheus_targets(prometheus: Mapping[str, Any], model: Mapping[str, Any],
                             env_files: Mapping[str, Mapping[str, str]]) -> list[str]:
    """One DNS-discovered job per long-running quotewire service, on the port it serves metrics on."""
    problems = []
    found: dict[str, int] = {}
    for job in prometheus.get("scrape_configs", []):
        for sd in job.get("dns_sd_configs", []):
            if sd.get("type") != "A":
                problems.append(f"{job['job_name']}: dns_sd type {sd.get('type')!r}, Docker's DNS serves A records")
            for dns_name in sd.get("names", []):
                if dns_name not in model["services"]:
                    problems.append(f"{job['job_name']}: {dns_name!r} is not a Compose service")
                found[dns_name] = int(sd.get("port", 0))
    for name in LONG_RUNNING:
        env = effective_environment(model["services"][name], env_files)
        port = int(env.get("QUOTEWIRE_PUSH_PORT", 8080) if name == "ingest" else env.get("QUOTEWIRE_WEB_PORT", 6066))
        if name not in found:
            problems.append(f"prometheus does not scrape {name}")
        elif found[name] != port:
            problems.append(f"prometheus scrapes {name} on {found[name]}, it serves metrics on {port}")
    return problems


# --- settings ---------------------------------------------------------------------------------

def settings_env_names() -> set[str]:
    from streams.settings import Settings

    return {f"QUOTEWIRE_{name.upper()}" for name in Settings.model_fields}


def check_setting_names(keys: Iterable[str], where: str) -> list[str]:
    known = settings_env_names()
    return [f"{where}: {key} is not a quotewire setting" for key in sorted(set(keys))
            if key.startswith("QUOTEWIRE_") and key not in known]


# --- Kubernetes ---------------------------------------------------------------------------------

def k8s_manifest_files() -> list[Path]:
    return sorted(p for p in K8S_DIR.rglob("*.yaml") if p.name != "kustomization.yaml")


def k8s_objects(paths: Iterable[Path]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in paths:
        for doc in load_yaml_documents(path):
            yield path, doc


def pod_spec(obj: Mapping[str, Any]) -> dict[str, Any]:
    return obj["spec"]["template"]["spec"]


def labels_match(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    return all(labels.get(k) == v for k, v in selector.items())


def _probe_port(probe: Mapping[str, Any]) -> Any:
    return (probe.get("httpGet") or {}).get("port")


def check_pod_security(obj: Mapping[str, Any], uid: int) -> list[str]:
    """runAsNonRoot with the image's uid, read-only root, no privilege escalation, no capabilities."""
    problems = []
    name = obj["metadata"]["name"]
    spec = pod_spec(obj)
    pod = spec.get("securityContext") or {}
    if pod.get("runAsNonRoot") is not True:
        problems.append(f"{name}: pod securityContext.runAsNonRoot is not true")
    if pod.get("runAsUser") != uid:
        problems.append(f"{name}: runAsUser {pod.get('runAsUser')} is not the image's user {uid}")
    if (pod.get("seccompProfile") or {}).get("type") != "RuntimeDefault":
        problems.append(f"{name}: no RuntimeDefault seccomp profile")
    if spec.get("automountServiceAccountToken") is not False:
        problems.append(f"{name}: mounts a service account token it does not need")
    for container in spec.get("initContainers", []) + spec.get("containers", []):
        sc = container.get("securityContext") or {}
        cname = f"{name}/{container['name']}"
        if sc.get("readOnlyRootFilesystem") is not True:
            problems.append(f"{cname}: root filesystem is writable")
        if sc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{cname}: allowPrivilegeEscalation is not false")
        if (sc.get("capabilities") or {}).get("drop") != ["ALL"]:
            problems.append(f"{cname}: capabilities are not dropped")
        requests = (container.get("resources") or {}).get("requests") or {}
        limits = (container.get("resources") or {}).get("limits") or {}
        if not {"cpu", "memory"} <= set(requests):
            problems.append(f"{cname}: no cpu/memory requests")
        if "memory" not in limits:
            problems.append(f"{cname}: no memory limit")
    return problems


def check_pod_environment(obj: Mapping[str, Any], config: Mapping[str, str], files_cm: Mapping[str, Any],
                          image: str, *, reads_files: bool = True) -> list[str]:
    """Config from the ConfigMap, secrets from the Secret, writable data dir and /tmp, files mounted."""
    problems = []
    name = obj["metadata"]["name"]
    spec = pod_spec(obj)
    volumes = {v["name"]: v for v in spec.get("volumes", [])}
    for container in spec.get("initContainers", []) + spec.get("containers", []):
        cname = f"{name}/{container['name']}"
        if container.get("image") != image:
            problems.append(f"{cname}: image {container.get('image')!r}, every quotewire container uses {image!r}")
        sources: dict[str, str] = {}
        for entry in container.get("envFrom", []):
            if "configMapRef" in entry:
                sources["configmap"] = entry["configMapRef"]["name"]
            if "secretRef" in entry:
                sources["secret"] = entry["secretRef"]["name"]
        if sources.get("configmap") != "quotewire-config" or sources.get("secret") != "quotewire-secrets":
            problems.append(f"{cname}: envFrom {sources}, expected the quotewire-config ConfigMap and "
                            "quotewire-secrets Secret")
        for env in container.get("env", []):
            if SECRET_NAME.search(env["name"]) and "value" in env:
                problems.append(f"{cname}: {env['name']} has an inline value")
        mounts = {m["mountPath"]: volumes.get(m["name"], {}) for m in container.get("volumeMounts", [])}
        for needed in (config.get("QUOTEWIRE_DATA_DIR", "quotewire-data"), "/tmp"):
            if "emptyDir" not in mounts.get(needed, {}):
                problems.append(f"{cname}: no emptyDir at {needed} (the root filesystem is read-only)")
    if not reads_files:
        return problems
    main = spec["containers"][0]
    mounts = {m["mountPath"].rstrip("/"): volumes.get(m["name"], {}) for m in main.get("volumeMounts", [])}
    args = main.get("args") or []
    paths = {k: v for k, v in config.items() if k.startswith("QUOTEWIRE_") and k.endswith("_FILE")}
    if "--sources" in args:
        paths["--sources"] = args[args.index("--sources") + 1]
    for key, path in paths.items():
        directory, _, filename = path.rpartition("/")
        volume = mounts.get(directory)
        if not volume or (volume.get("configMap") or {}).get("name") != files_cm["metadata"]["name"]:
            problems.append(f"{name}: {key}={path} is not in the mounted {files_cm['metadata']['name']} ConfigMap")
        elif filename not in files_cm.get("data", {}):
            problems.append(f"{name}: {key}={path}: the ConfigMap has no {filename}")
    return problems


def check_worker_deployment(dep: Mapping[str, Any], role: str, config: Mapping[str, str]) -> list[str]:
    """Role, probes on the right ports, topic wait, grace period, scrape annotations."""
    problems = []
    name = dep["metadata"]["name"]
    spec = pod_spec(dep)
    template_labels = dep["spec"]["template"]["metadata"].get("labels", {})
    if not labels_match(dep["spec"]["selector"]["matchLabels"], template_labels):
        problems.append(f"{name}: selector does not match its pod template's labels")
    main = spec["containers"][0]
    ports = {p.get("name"): p["containerPort"] for p in main.get("ports", [])}
    if role == "ingest":
        expected_args = QUOTEWIRE_COMMANDS["ingest"]
        port_name, port, ready_path = "push", int(config.get("QUOTEWIRE_PUSH_PORT", 8080)), "/healthz"
    else:
        expected_args = QUOTEWIRE_COMMANDS[role]
        port_name, port, ready_path = "web", int(config.get("QUOTEWIRE_WEB_PORT", 6066)), "/readyz"
    if main.get("args") != expected_args:
        problems.append(f"{name}: args {main.get('args')!r}, expected {expected_args!r}")
    if ports.get(port_name) != port:
        problems.append(f"{name}: port {port_name!r} is {ports.get(port_name)}, the setting says {port}")
    live, ready = main.get("livenessProbe") or {}, main.get("readinessProbe") or {}
    if (live.get("httpGet") or {}).get("path") != "/healthz":
        problems.append(f"{name}: liveness probe is not GET /healthz")
    if (ready.get("httpGet") or {}).get("path") != ready_path:
        problems.append(f"{name}: readiness probe is not GET {ready_path}")
    for probe_name in ("startupProbe", "livenessProbe", "readinessProbe"):
        probe = main.get(probe_name)
        if probe and _probe_port(probe) not in (port_name, port):
            problems.append(f"{name}: {probe_name} targets port {_probe_port(probe)!r}, not {port_name}")
    timeout = float(config.get("QUOTEWIRE_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT_DEFAULT))
    if not spec.get("terminationGracePeriodSeconds", 30) > timeout:
        problems.append(f"{name}: terminationGracePeriodSeconds is not above QUOTEWIRE_SHUTDOWN_TIMEOUT ({timeout})")
    inits = spec.get("initContainers", [])
    if not any(c.get("args") == ["topics", "check"] for c in inits):
        problems.append(f"{name}: no init container waiting for the topics (quotewire topics check)")
    annotations = dep["spec"]["template"]["metadata"].get("annotations", {})
    if annotations.get("prometheus.io/scrape") != "true" or annotations.get("prometheus.io/port") != str(port):
        problems.append(f"{name}: prometheus.io annotations do not point at port {port}")
    if spec.get("serviceAccountName") != "quotewire":
        problems.append(f"{name}: not running as the quotewire service account")
    return problems


def check_pdb(pdb: Mapping[str, Any], deployments: Mapping[str, Mapping[str, Any]], partitions: int) -> list[str]:
    """The budget selects exactly the pipeline pods, and leaves room to drain one at a time."""
    problems = []
    selector = pdb["spec"]["selector"]["matchLabels"]
    selected = [role for role, dep in deployments.items()
                if labels_match(selector, dep["spec"]["template"]["metadata"]["labels"])]
    if selected != ["pipeline"]:
        problems.append(f"PodDisruptionBudget selects {selected}, expected only the pipeline pods")
    pipeline = deployments.get("pipeline")
    if pipeline:
        replicas = pipeline["spec"].get("replicas", 1)
        if replicas < 2:
            problems.append(f"pipeline has {replicas} replica(s): a disruption budget cannot keep any running")
        if replicas > partitions:
            problems.append(f"pipeline has {replicas} replicas for {partitions} partitions: some would idle")
    if "maxUnavailable" not in pdb["spec"] and "minAvailable" not in pdb["spec"]:
        problems.append("PodDisruptionBudget sets neither maxUnavailable nor minAvailable")
    return problems


def check_services(services: Iterable[Mapping[str, Any]], deployments: Mapping[str, Mapping[str, Any]],
                   expected: Mapping[str, set[str]]) -> list[str]:
    """Each Service selects the intended pods, and its target ports exist on them."""
    problems = []
    for svc in services:
        name = svc["metadata"]["name"]
        selector = svc["spec"].get("selector") or {}
        selected = {role for role, dep in deployments.items()
                    if labels_match(selector, dep["spec"]["template"]["metadata"]["labels"])}
        if name in expected and selected != expected[name]:
            problems.append(f"Service {name} selects {sorted(selected)}, expected {sorted(expected[name])}")
        for port in svc["spec"].get("ports", []):
            target = port.get("targetPort", port["port"])
            for role in selected:
                main = pod_spec(deployments[role])["containers"][0]
                ports = main.get("ports", [])
                names = {p.get("name") for p in ports} | {p["containerPort"] for p in ports}
                if target not in names:
                    problems.append(f"Service {name}: target port {target!r} does not exist on the {role} pods")
    return problems


# --- Dockerfile and .dockerignore -------------------------------------------------------------------

def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    buffer = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not buffer and (not stripped or stripped.startswith("#")):
            continue
        if buffer and stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            buffer += stripped[:-1].rstrip() + " "
            continue
        buffer += stripped
        instruction, _, args = buffer.partition(" ")
        out.append((instruction.upper(), args.strip()))
        buffer = ""
    return out


def dockerfile_stages(text: str) -> list[dict[str, Any]]:
    stages: list[dict[str, Any]] = []
    for instruction, args in dockerfile_instructions(text):
        if instruction == "FROM":
            parts = args.split()
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            stages.append({"image": parts[0], "name": name, "instructions": []})
        elif stages:
            stages[-1]["instructions"].append((instruction, args))
    return stages


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out += pattern[i:end + 1]
            i = end + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(f"^{out}$")


def dockerignore_rules(text: str) -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line[1:].strip() if negate else line
        pattern = pattern.strip("/").removeprefix("./")
        rules.append((negate, _pattern_regex(pattern)))
    return rules


def dockerignore_excludes(rules: list[tuple[bool, re.Pattern[str]]], path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent directories wins."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for negate, regex in rules:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negate
    return excluded
