"""The deployment artefacts, validated offline: Compose file, Kubernetes manifests, Prometheus.

Docker and Kubernetes do not run here, so the files are checked two ways:
- against the published schemas, with validators from PyPI that bundle them (no network):
  the Compose Specification schema vendored by ``check-jsonschema`` (run as its CLI on the
  files, and through ``jsonschema`` on the interpolated and merged model Compose would
  build), and the Kubernetes OpenAPI-derived JSON schemas bundled by
  ``kubernetes-validate`` (strict: unknown fields are errors);
- against the properties users rely on (one image, no inline secrets, probes, resources,
  start-up order, scaling, settings that exist), each check also run on a broken copy to
  show that it catches what it is meant to catch.
"""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import deploy_checks as dc
import jsonschema
import pytest

try:  # validators from PyPI (the test extra); without them only their tests are skipped
    import kubernetes_validate
except ImportError:  # pragma: no cover
    kubernetes_validate = None

# Stand-ins for the secrets a user writes into .env (the example leaves them empty).
TEST_SECRETS = {"POSTGRES_PASSWORD": "test-password", "QUOTEWIRE_PUSH_TOKEN": "test-token"}
OLDEST_K8S = "1.28.0"
IMAGE_UID = 10001


# --- fixtures -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def env_text() -> str:
    return dc.ENV_EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def dotenv(env_text: str) -> dict[str, str]:
    """The .env a user makes from .env.example: the example's values plus the secrets."""
    return {**dc.parse_env_file(env_text), **TEST_SECRETS}


@pytest.fixture(scope="module")
def env_files(dotenv: dict[str, str]) -> dict[str, dict[str, str]]:
    return {".env": dotenv}


@pytest.fixture(scope="module")
def compose_raw() -> dict[str, Any]:
    return dc.load_yaml(dc.COMPOSE_FILE)


@pytest.fixture(scope="module")
def override_raw() -> dict[str, Any]:
    return dc.load_yaml(dc.SINGLE_BROKER_FILE)


@pytest.fixture(scope="module")
def compose(compose_raw: dict[str, Any], dotenv: dict[str, str]) -> dict[str, Any]:
    """The three-broker project as Compose builds it (interpolated, extensions dropped)."""
    return dc.strip_extensions(dc.interpolate(compose_raw, dotenv))


@pytest.fixture(scope="module")
def single(compose_raw: dict[str, Any], override_raw: dict[str, Any], dotenv: dict[str, str]) -> dict[str, Any]:
    """docker-compose.yml + deploy/compose.single-broker.yml, merged and interpolated."""
    return dc.strip_extensions(dc.interpolate(dc.merge_override(compose_raw, override_raw), dotenv))


@pytest.fixture(scope="module")
def compose_schema() -> dict[str, Any]:
    """The Compose Specification schema that check-jsonschema vendors (read without importing its CLI)."""
    try:
        dist = metadata.distribution("check-jsonschema")
    except metadata.PackageNotFoundError:  # pragma: no cover
        pytest.skip("check-jsonschema not installed (pip install check-jsonschema)")
    path = dist.locate_file(
        "check_jsonschema/builtin_schemas/vendor/compose-spec.json"
    )
    return json.loads(Path(str(path)).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def k8s() -> list[tuple[Path, dict[str, Any]]]:
    return list(dc.k8s_objects(dc.k8s_manifest_files()))


def _by_kind(objs: list[tuple[Path, dict[str, Any]]], kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for _p, o in objs if o["kind"] == kind}


@pytest.fixture(scope="module")
def deployments(k8s: list[tuple[Path, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Deployments by role (their app.kubernetes.io/component label)."""
    return {d["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]: d
            for d in _by_kind(k8s, "Deployment").values()}


@pytest.fixture(scope="module")
def config(k8s: list[tuple[Path, dict[str, Any]]]) -> dict[str, str]:
    return _by_kind(k8s, "ConfigMap")["quotewire-config"]["data"]


@pytest.fixture(scope="module")
def files_cm(k8s: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    return _by_kind(k8s, "ConfigMap")["quotewire-files"]


@pytest.fixture(scope="module")
def secret_example(k8s: list[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    return _by_kind(k8s, "Secret")["quotewire-secrets"]


def _settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """Build quotewire's Settings from exactly these QUOTEWIRE_* variables."""
    from streams.settings import Settings

    for key in list(os.environ):
        if key.startswith("QUOTEWIRE_"):
            monkeypatch.delenv(key)
    for key, value in env.items():
        if key.startswith("QUOTEWIRE_"):
            monkeypatch.setenv(key, value)
    return Settings()


def _no_problems(problems: list[str]) -> None:
    assert problems == [], "\n".join(problems)


def _finds(problems: list[str], fragment: str) -> None:
    assert any(fragment in p for p in problems), f"expected a problem mentioning {fragment!r}, got {problems}"


# --- Compose: schema ---------------------------------------------------------------------------------

def _need_check_jsonschema() -> None:
    try:
        metadata.distribution("check-jsonschema")
    except metadata.PackageNotFoundError:  # pragma: no cover
        pytest.skip("check-jsonschema not installed (pip install check-jsonschema)")


def _need_kubernetes_validate() -> None:
    if kubernetes_validate is None:  # pragma: no cover
        pytest.skip("kubernetes-validate not installed (pip install kubernetes-validate)")


def test_compose_files_pass_check_jsonschema_cli() -> None:
    """The PyPI validator itself, on the files as committed, with its bundled Compose schema."""
    _need_check_jsonschema()
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec",
         str(dc.COMPOSE_FILE), str(dc.SINGLE_BROKER_FILE)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_cli_rejects_an_invalid_compose_file(tmp_path: Path) -> None:
    _need_check_jsonschema()
    bad = tmp_path / "compose.yml"
    bad.write_text(dc.COMPOSE_FILE.read_text().replace("service_completed_successfully", "service_done", 1))
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(bad)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1 and "depends_on" in result.stdout


@pytest.mark.parametrize("variant", ["compose", "single"])
def test_interpolated_models_match_the_compose_schema(variant: str, request: pytest.FixtureRequest,
                                                      compose_schema: dict[str, Any]) -> None:
    """What Compose validates after interpolation (and merging the override) is valid too."""
    model = request.getfixturevalue(variant)
    errors = sorted(jsonschema.Draft7Validator(compose_schema).iter_errors(model), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_schema_validation_catches_an_unknown_service_attribute(compose: dict[str, Any],
                                                                compose_schema: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["pipeline"]["replica"] = 3
    assert list(jsonschema.Draft7Validator(compose_schema).iter_errors(broken))


# --- Compose: variables and secrets ---------------------------------------------------------------------

def test_compose_fails_fast_when_secrets_are_not_set(compose_raw: dict[str, Any], env_text: str) -> None:
    """With .env copied but not filled in, Compose refuses to start instead of using blanks."""
    with pytest.raises(dc.InterpolationError, match="POSTGRES_PASSWORD"):
        dc.interpolate(compose_raw, dc.parse_env_file(env_text))


def test_every_compose_variable_is_documented_in_env_example(env_text: str) -> None:
    documented = set(dc.parse_env_file(env_text)) | dc.commented_env_keys(env_text)
    for path in (dc.COMPOSE_FILE, dc.SINGLE_BROKER_FILE):
        used = dc.referenced_variables(path.read_text(encoding="utf-8"))
        assert used.keys() <= documented, f"{path.name}: not in .env.example: {sorted(used.keys() - documented)}"


def test_no_inline_secrets_in_compose(compose_raw: dict[str, Any], override_raw: dict[str, Any]) -> None:
    _no_problems(dc.check_no_inline_secrets(compose_raw))
    _no_problems(dc.check_no_inline_secrets(dc.merge_override(compose_raw, override_raw)))


def test_inline_secret_check_catches_literals(compose_raw: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose_raw)
    broken["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] = "hunter2"
    broken["services"]["archive"]["environment"] = {
        "QUOTEWIRE_ARCHIVE": "postgresql://quotewire:hunter2@postgres:5432/quotewire"}
    problems = dc.check_no_inline_secrets(broken)
    _finds(problems, "POSTGRES_PASSWORD has an inline value")
    _finds(problems, "literal password in a URL")


def test_env_example_gives_no_secret_values(env_text: str) -> None:
    _no_problems(dc.check_env_example_secrets(env_text))
    _finds(dc.check_env_example_secrets(env_text + "\nQUOTEWIRE_KAFKA_SASL_PASSWORD=s3cret\n"),
           "QUOTEWIRE_KAFKA_SASL_PASSWORD")


def test_env_example_settings_are_real_settings(env_text: str) -> None:
    keys = set(dc.parse_env_file(env_text)) | dc.commented_env_keys(env_text)
    _no_problems(dc.check_setting_names(keys, ".env.example"))
    _finds(dc.check_setting_names(keys | {"QUOTEWIRE_PARTITION"}, ".env.example"), "QUOTEWIRE_PARTITION")


def test_compose_settings_are_real_settings(compose: dict[str, Any], single: dict[str, Any]) -> None:
    for model in (compose, single):
        for name, svc in model["services"].items():
            _no_problems(dc.check_setting_names(dc.service_environment(svc), f"docker-compose {name}"))


def test_every_quotewire_container_gets_valid_settings(compose: dict[str, Any], single: dict[str, Any],
                                                       env_files: dict[str, dict[str, str]],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Each container's environment builds quotewire's Settings, pointing at the cluster and PostgreSQL."""
    for model, brokers, rf in ((compose, ["kafka-1:9092", "kafka-2:9092", "kafka-3:9092"], 3),
                               (single, ["kafka-1:9092"], 1)):
        for name in dc.quotewire_services(model):
            env = dc.effective_environment(model["services"][name], env_files)
            settings = _settings_from(env, monkeypatch)
            assert settings.bootstrap_servers == brokers, name
            assert settings.replication_factor == rf, name
            assert settings.archive_url.startswith("postgresql://quotewire:test-password@postgres:5432/"), name
            assert settings.web_host == "0.0.0.0" and settings.log_format == "json", name
            assert settings.partitions >= 12, name
            if name == "ingest":
                assert settings.push_host == "0.0.0.0" and settings.push_token is not None


# --- Compose: structure users rely on --------------------------------------------------------------------

def test_compose_images(compose: dict[str, Any]) -> None:
    _no_problems(dc.check_images(compose))
    assert compose["services"]["kafka-1"]["image"].startswith("apache/kafka:")


def test_image_check_catches_drift(compose: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["alerts"]["image"] = "quotewire:other"
    broken["services"]["postgres"]["image"] = "postgres:latest"
    broken["services"]["prometheus"]["image"] = "prom/prometheus"
    problems = dc.check_images(broken)
    _finds(problems, "different images")
    _finds(problems, "postgres: image 'postgres:latest' is not pinned")
    _finds(problems, "prometheus: image 'prom/prometheus' is not pinned")


def test_compose_commands(compose: dict[str, Any]) -> None:
    _no_problems(dc.check_commands(compose))


def test_three_brokers_by_default(compose: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    _no_problems(dc.check_kafka_cluster(compose, env_files, expected_brokers=3))


def test_single_broker_variant(single: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    _no_problems(dc.check_kafka_cluster(single, env_files, expected_brokers=1))
    assert not dc.started(single, "kafka-2") and not dc.started(single, "kafka-3")


def test_single_broker_override_only_merges_mappings(override_raw: dict[str, Any]) -> None:
    """The merge the tests reproduce is exactly Compose's only while the override has no lists."""
    def walk(node: Any, where: str) -> None:
        assert not isinstance(node, list), f"{where}: list in the override file"
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}")
    walk(override_raw, "compose.single-broker.yml")


def test_cluster_check_catches_mismatches(compose: dict[str, Any], single: dict[str, Any],
                                          env_files: dict[str, dict[str, str]]) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["kafka-3"]["environment"]["KAFKA_NODE_ID"] = "2"
    broken["services"]["pipeline"]["environment"]["QUOTEWIRE_REPLICATION_FACTOR"] = "2"
    problems = dc.check_kafka_cluster(broken, env_files, expected_brokers=3)
    _finds(problems, "KAFKA_NODE_IDs not unique")
    _finds(problems, "pipeline: QUOTEWIRE_REPLICATION_FACTOR=2")
    # the single-broker layout still listing three voters, or three brokers for quotewire
    broken = copy.deepcopy(single)
    broken["services"]["kafka-1"]["environment"]["KAFKA_CONTROLLER_QUORUM_VOTERS"] = "1@kafka-1:9093,2@kafka-2:9093"
    broken["services"]["alerts"]["environment"]["QUOTEWIRE_BROKER"] = "kafka://kafka-1:9092,kafka-2:9092"
    problems = dc.check_kafka_cluster(broken, env_files, expected_brokers=1)
    _finds(problems, "quorum voters")
    _finds(problems, "alerts: QUOTEWIRE_BROKER")


@pytest.mark.parametrize("variant", ["compose", "single"])
def test_start_order(variant: str, request: pytest.FixtureRequest) -> None:
    _no_problems(dc.check_start_order(request.getfixturevalue(variant)))


def test_start_order_check_catches_missing_waits(compose: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose)
    del broken["services"]["pipeline"]["depends_on"]
    broken["services"]["archive"]["depends_on"]["postgres"] = {"condition": "service_started"}
    broken["services"]["topics"]["depends_on"]["kafka-2"]["condition"] = "service_started"
    broken["services"]["postgres"]["healthcheck"] = {"disable": True}
    problems = dc.check_start_order(broken)
    _finds(problems, "pipeline does not wait for the topics service")
    _finds(problems, "archive does not wait for postgres")
    _finds(problems, "topics does not wait for kafka-2")


def test_long_running_services(compose: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    _no_problems(dc.check_long_running(compose, env_files))


def test_long_running_check_catches_gaps(compose: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["alerts"]["stop_grace_period"] = "20s"
    broken["services"]["archive"]["healthcheck"] = {"disable": True}
    broken["services"]["kafka-2"]["restart"] = "no"
    problems = dc.check_long_running(broken, env_files)
    _finds(problems, "alerts: stop_grace_period 20.0s")
    _finds(problems, "archive: no healthcheck")
    _finds(problems, "kafka-2: restart policy 'no'")


def test_pipeline_is_scalable(compose: dict[str, Any]) -> None:
    _no_problems(dc.check_scalable(compose["services"]["pipeline"], "pipeline"))
    broken = copy.deepcopy(compose["services"]["pipeline"])
    broken["container_name"] = "pipeline"
    broken["ports"] = ["6066:6066"]
    problems = dc.check_scalable(broken, "pipeline")
    _finds(problems, "container_name")
    _finds(problems, "ports")


def test_volumes(compose: dict[str, Any]) -> None:
    _no_problems(dc.check_volumes(compose))
    broken = copy.deepcopy(compose)
    broken["services"]["postgres"]["volumes"] = ["/srv/pg:/var/lib/postgresql/data"]
    broken["services"]["pipeline"]["tmpfs"] = []
    broken["services"]["kafka-1"]["volumes"] = ["kafka-data:/var/lib/kafka/data"]
    problems = dc.check_volumes(broken)
    _finds(problems, "postgres: /var/lib/postgresql/data is not on a named volume")
    _finds(problems, "pipeline: read-only container without a writable mount at /tmp")
    _finds(problems, "'kafka-data' is not declared")


def test_config_files_are_mounted(compose: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    _no_problems(dc.check_config_mounts(compose, env_files, dc.ROOT))
    broken = copy.deepcopy(compose)
    broken["services"]["alerts"]["environment"]["QUOTEWIRE_SUBSCRIPTIONS_FILE"] = "/etc/quotewire/config/subs.yaml"
    broken["services"]["ingest"]["volumes"] = ["/var/lib/quotewire"]
    problems = dc.check_config_mounts(broken, env_files, dc.ROOT)
    _finds(problems, "maps to missing file")
    _finds(problems, "ingest: --sources=/etc/quotewire/config/sources.yaml is not inside any bind mount")


def test_host_ports_are_loopback_by_default(compose: dict[str, Any]) -> None:
    _no_problems(dc.check_published_ports(compose))
    broken = copy.deepcopy(compose)
    broken["services"]["ingest"]["ports"] = ["8080:8080"]
    _finds(dc.check_published_ports(broken), "beyond loopback")


# --- Prometheus ---------------------------------------------------------------------------------------

def test_prometheus_scrapes_every_service_by_dns(compose: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    prometheus = dc.load_yaml(dc.PROMETHEUS_FILE)
    _no_problems(dc.check_prometheus_targets(prometheus, compose, env_files))
    jobs = {job["job_name"] for job in prometheus["scrape_configs"]}
    assert len(jobs) == len(prometheus["scrape_configs"]), "duplicate job names"


def test_prometheus_check_catches_wrong_targets(compose: dict[str, Any], env_files: dict[str, dict[str, str]]) -> None:
    prometheus = dc.load_yaml(dc.PROMETHEUS_FILE)
    for job in prometheus["scrape_configs"]:
        for sd in job.get("dns_sd_configs", []):
            if sd["names"] == ["archive"]:
                sd["port"] = 9999
            if sd["names"] == ["alerts"]:
                sd["names"] = ["alert"]
    problems = dc.check_prometheus_targets(prometheus, compose, env_files)
    _finds(problems, "scrapes archive on 9999")
    _finds(problems, "'alert' is not a Compose service")
    _finds(problems, "does not scrape alerts")


# --- config files (shared by Compose and Kubernetes) ---------------------------------------------------

def test_config_files_match_the_kubernetes_configmap(files_cm: dict[str, Any]) -> None:
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in sorted(dc.CONFIG_DIR.glob("*.yaml"))}
    assert files_cm["data"] == on_disk


def test_sources_file_is_valid_for_ingest(monkeypatch: pytest.MonkeyPatch) -> None:
    sources = pytest.importorskip("streams.ingest.sources")
    settings = _settings_from({"QUOTEWIRE_PUSH_TOKEN": "test-token", "QUOTEWIRE_PUSH_HOST": "0.0.0.0"}, monkeypatch)
    parsed = sources.load_sources(dc.CONFIG_DIR / "sources.yaml", settings)
    assert parsed.push is not None and parsed.push.port == 8080


def test_subscriptions_file_is_valid_for_alerts() -> None:
    subscriptions = pytest.importorskip("streams.alerts.subscriptions")
    assert subscriptions.load_subscriptions(dc.CONFIG_DIR / "subscriptions.yaml", missing_ok=False)


def test_config_files_are_yaml() -> None:
    for path in dc.CONFIG_DIR.glob("*.yaml"):
        assert isinstance(dc.load_yaml(path), dict), path


# --- Kubernetes: schema --------------------------------------------------------------------------------

def _validate_k8s(obj: dict[str, Any], version: str) -> None:
    _need_kubernetes_validate()
    kubernetes_validate.validate(obj, version, strict=True)


@pytest.mark.parametrize("version", [OLDEST_K8S, "latest"])
def test_k8s_manifests_match_the_kubernetes_schemas(version: str, k8s: list[tuple[Path, dict[str, Any]]]) -> None:
    _need_kubernetes_validate()
    version = kubernetes_validate.latest_version() if version == "latest" else version
    checked = 0
    for path, obj in k8s:
        if "monitoring.coreos.com" in obj["apiVersion"]:
            continue  # the optional ServiceMonitor: a CRD, checked structurally below
        try:
            _validate_k8s(obj, version)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{path.relative_to(dc.ROOT)} {obj['kind']}/{obj['metadata']['name']}: "
                        f"{'.'.join(map(str, exc.path))}: {exc.message}")
        checked += 1
    assert checked >= 14


def test_k8s_schema_validation_catches_typos(deployments: dict[str, dict[str, Any]]) -> None:
    _need_kubernetes_validate()
    broken = copy.deepcopy(deployments["pipeline"])
    broken["spec"]["template"]["spec"]["terminationGracePeriodSecond"] = 60
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate_k8s(broken, OLDEST_K8S)
    broken = copy.deepcopy(deployments["pipeline"])
    broken["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"] = ["512Mi"]
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate_k8s(broken, OLDEST_K8S)


# --- Kubernetes: kustomization and objects ---------------------------------------------------------------

def test_kustomization_lists_every_manifest_but_the_examples() -> None:
    kustomization = dc.load_yaml(dc.K8S_DIR / "kustomization.yaml")
    listed = kustomization["resources"]
    assert len(listed) == len(set(listed))
    assert all((dc.K8S_DIR / item).is_file() for item in listed), listed
    top_level = {p.name for p in dc.K8S_DIR.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(listed) == top_level - {"secret.example.yaml"}
    assert "secret.example.yaml" not in listed, "kubectl apply -k would overwrite the real Secret"
    assert kustomization["namespace"] == "quotewire"
    assert [i["name"] for i in kustomization["images"]] == ["quotewire"]


def test_every_namespaced_object_lands_in_the_quotewire_namespace(k8s: list[tuple[Path, dict[str, Any]]]) -> None:
    for path, obj in k8s:
        assert obj["metadata"].get("namespace") in (None, "quotewire"), path
    assert _by_kind(k8s, "Namespace").keys() == {"quotewire"}


def test_the_four_deployments_exist(deployments: dict[str, dict[str, Any]]) -> None:
    assert set(deployments) == {"ingest", "pipeline", "alerts", "archive"}


@pytest.mark.parametrize("role", ["ingest", "pipeline", "alerts", "archive"])
def test_worker_deployments(role: str, deployments: dict[str, dict[str, Any]], config: dict[str, str]) -> None:
    _no_problems(dc.check_worker_deployment(deployments[role], role, config))


def test_worker_check_catches_missing_probes_and_waits(deployments: dict[str, dict[str, Any]],
                                                       config: dict[str, str]) -> None:
    broken = copy.deepcopy(deployments["alerts"])
    spec = broken["spec"]["template"]["spec"]
    del spec["containers"][0]["readinessProbe"]
    spec["containers"][0]["livenessProbe"]["httpGet"]["port"] = 8080
    spec["initContainers"] = []
    spec["terminationGracePeriodSeconds"] = 30
    broken["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] = "archive"
    problems = dc.check_worker_deployment(broken, "alerts", config)
    for fragment in ("readiness probe", "livenessProbe targets port 8080", "init container",
                     "terminationGracePeriodSeconds", "selector does not match"):
        _finds(problems, fragment)


@pytest.mark.parametrize("kind_name", [("Deployment", "quotewire-ingest"), ("Deployment", "quotewire-pipeline"),
                                       ("Deployment", "quotewire-alerts"), ("Deployment", "quotewire-archive"),
                                       ("Job", "quotewire-topics")])
def test_pods_are_locked_down(kind_name: tuple[str, str], k8s: list[tuple[Path, dict[str, Any]]]) -> None:
    kind, name = kind_name
    _no_problems(dc.check_pod_security(_by_kind(k8s, kind)[name], IMAGE_UID))


def test_pod_security_check_catches_gaps(deployments: dict[str, dict[str, Any]]) -> None:
    broken = copy.deepcopy(deployments["pipeline"])
    spec = broken["spec"]["template"]["spec"]
    spec["securityContext"]["runAsNonRoot"] = False
    spec["containers"][0]["securityContext"]["readOnlyRootFilesystem"] = False
    del spec["containers"][0]["resources"]["requests"]
    del spec["initContainers"][0]["resources"]["limits"]
    problems = dc.check_pod_security(broken, IMAGE_UID)
    for fragment in ("runAsNonRoot", "root filesystem is writable", "pipeline: no cpu/memory requests",
                     "wait-for-topics: no memory limit"):
        _finds(problems, fragment)


@pytest.mark.parametrize("kind_name", [("Deployment", "quotewire-ingest"), ("Deployment", "quotewire-pipeline"),
                                       ("Deployment", "quotewire-alerts"), ("Deployment", "quotewire-archive"),
                                       ("Job", "quotewire-topics")])
def test_pods_get_config_secrets_and_writable_dirs(kind_name: tuple[str, str], k8s: list[tuple[Path, dict[str, Any]]],
                                                   config: dict[str, str], files_cm: dict[str, Any]) -> None:
    kind, name = kind_name
    obj = _by_kind(k8s, kind)[name]
    _no_problems(dc.check_pod_environment(obj, config, files_cm, "quotewire", reads_files=kind == "Deployment"))


def test_pod_environment_check_catches_gaps(deployments: dict[str, dict[str, Any]], config: dict[str, str],
                                            files_cm: dict[str, Any]) -> None:
    broken = copy.deepcopy(deployments["ingest"])
    spec = broken["spec"]["template"]["spec"]
    spec["initContainers"][0]["image"] = "quotewire:other"
    spec["containers"][0]["envFrom"] = [{"configMapRef": {"name": "quotewire-config"}}]
    spec["containers"][0]["env"] = [{"name": "QUOTEWIRE_PUSH_TOKEN", "value": "hunter2"}]
    spec["volumes"] = [v for v in spec["volumes"] if v["name"] != "tmp"]
    spec["containers"][0]["args"] = ["ingest", "--sources", "/etc/quotewire/config/feeds.yaml"]
    problems = dc.check_pod_environment(broken, config, files_cm, "quotewire")
    for fragment in ("wait-for-topics: image 'quotewire:other'", "quotewire-secrets Secret",
                     "QUOTEWIRE_PUSH_TOKEN has an inline value", "no emptyDir at /tmp", "no feeds.yaml"):
        _finds(problems, fragment)


def test_topics_job_runs_topics_create(k8s: list[tuple[Path, dict[str, Any]]]) -> None:
    job = _by_kind(k8s, "Job")["quotewire-topics"]
    spec = dc.pod_spec(job)
    assert [c["args"] for c in spec["containers"]] == [["topics", "create"]]
    assert spec["restartPolicy"] in ("Never", "OnFailure")
    assert job["spec"]["backoffLimit"] >= 1


def test_pdb_selects_the_pipeline_pods(k8s: list[tuple[Path, dict[str, Any]]], deployments: dict[str, dict[str, Any]],
                                       config: dict[str, str]) -> None:
    pdbs = _by_kind(k8s, "PodDisruptionBudget")
    assert len(pdbs) == 1
    partitions = int(config["QUOTEWIRE_PARTITIONS"])
    pdb = next(iter(pdbs.values()))
    _no_problems(dc.check_pdb(pdb, deployments, partitions))
    broken = copy.deepcopy(pdb)
    broken["spec"]["selector"]["matchLabels"] = {"app.kubernetes.io/name": "quotewire"}
    _finds(dc.check_pdb(broken, deployments, partitions), "selects ['alerts', 'archive', 'ingest', 'pipeline']")
    _finds(dc.check_pdb(pdb, deployments, 2), "some would idle")


def test_services_select_the_right_pods(k8s: list[tuple[Path, dict[str, Any]]],
                                        deployments: dict[str, dict[str, Any]]) -> None:
    services = list(_by_kind(k8s, "Service").values())
    expected = {"quotewire-ingest": {"ingest"}, "quotewire-workers": {"pipeline", "alerts", "archive"}}
    assert {s["metadata"]["name"] for s in services} == set(expected)
    _no_problems(dc.check_services(services, deployments, expected))
    broken = copy.deepcopy(services)
    for svc in broken:
        if svc["metadata"]["name"] == "quotewire-workers":
            svc["spec"]["selector"] = {"app.kubernetes.io/name": "quotewire"}
    problems = dc.check_services(broken, deployments, expected)
    _finds(problems, "Service quotewire-workers selects ['alerts', 'archive', 'ingest', 'pipeline']")
    _finds(problems, "target port 'web' does not exist on the ingest pods")


def test_optional_servicemonitors_match_the_services(k8s: list[tuple[Path, dict[str, Any]]]) -> None:
    services = _by_kind(k8s, "Service")
    monitors = _by_kind(k8s, "ServiceMonitor")
    assert monitors, "optional/servicemonitor.yaml"
    for name, monitor in monitors.items():
        matched = [s for s in services.values()
                   if dc.labels_match(monitor["spec"]["selector"]["matchLabels"], s["metadata"]["labels"])]
        assert len(matched) == 1, name
        port_names = {p["name"] for p in matched[0]["spec"]["ports"]}
        assert {e["port"] for e in monitor["spec"]["endpoints"]} <= port_names, name


def test_configmap_holds_real_non_secret_settings(config: dict[str, str]) -> None:
    text = (dc.K8S_DIR / "configmap.yaml").read_text(encoding="utf-8")
    commented = set(re.findall(r"^\s*#\s*(QUOTEWIRE_[A-Z0-9_]+):", text, re.M))
    _no_problems(dc.check_setting_names(set(config) | commented, "configmap.yaml"))
    secrets = [k for k in config if dc.SECRET_NAME.search(k) or k == "QUOTEWIRE_ARCHIVE"]
    assert not secrets, "secrets belong in the Secret"
    assert all(isinstance(v, str) for v in config.values()), "ConfigMap values must be strings"


def test_secret_example_has_only_placeholders(secret_example: dict[str, Any]) -> None:
    text = (dc.K8S_DIR / "secret.example.yaml").read_text(encoding="utf-8")
    commented = set(re.findall(r"^\s*#\s*(QUOTEWIRE_[A-Z0-9_]+):", text, re.M))
    data = secret_example["stringData"]
    _no_problems(dc.check_setting_names(set(data) | commented, "secret.example.yaml"))
    for key, value in data.items():
        assert dc.PLACEHOLDER.search(value), f"{key}: not a placeholder"


def test_k8s_settings_build(config: dict[str, str], secret_example: dict[str, Any],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """ConfigMap + Secret give every pod a valid Settings object (types, literals, ranges)."""
    settings = _settings_from({**config, **secret_example["stringData"]}, monkeypatch)
    assert settings.bootstrap_servers and not settings.embedded
    assert settings.archive_url.startswith("postgresql://")
    assert settings.web_host == "0.0.0.0" and settings.push_host == "0.0.0.0"
    assert settings.replication_factor == 3 and settings.partitions == 12


def test_container_ports_match_between_compose_and_k8s(compose: dict[str, Any], env_files: dict[str, dict[str, str]],
                                                       config: dict[str, str]) -> None:
    for name in dc.LONG_RUNNING:
        env = dc.effective_environment(compose["services"][name], env_files)
        for key in ("QUOTEWIRE_WEB_PORT", "QUOTEWIRE_PUSH_PORT", "QUOTEWIRE_DATA_DIR"):
            if key in env:
                assert env[key] == config[key], (name, key)
