"""The Prometheus alerting rules (deploy/alerts.rules.yml): valid, loaded, and firing on what they should.

With ``promtool`` installed (Debian's ``prometheus`` package ships it), the rules are checked with
``promtool check rules`` and unit-tested with ``promtool test rules`` (deploy/alerts.rules.test.yml:
each alert fires on the series that should fire it and not on healthy ones). Without it those two
tests skip; the structure checks below run everywhere.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

import deploy_checks as dc
import pytest

from streams.metrics import REGISTRY

RULES = dc.ROOT / "deploy" / "alerts.rules.yml"
RULE_TESTS = dc.ROOT / "deploy" / "alerts.rules.test.yml"
# What the README ("Production") says to alert on, by the metric each alert reads.
MUST_WATCH = {
    "quotewire_skipped_records_total": "skipped records",
    "quotewire_dead_letters_total": "dead letters",
    "quotewire_consumer_lag": "consumer lag",
    "quotewire_ready": "readiness",
}
_DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")


def _rules() -> list[dict[str, Any]]:
    data = dc.load_yaml(RULES)
    return [rule for group in data["groups"] for rule in group["rules"]]


def _exported_series() -> set[str]:
    names: set[str] = set()
    for family in REGISTRY.collect():
        suffixes = {"counter": ("_total", "_created"), "histogram": ("_bucket", "_sum", "_count", "_created"),
                    "gauge": ("",)}.get(family.type, ("",))
        names.update(family.name + s for s in suffixes)
    return names


def _promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        pytest.skip("promtool not installed (apt-get install prometheus)")
    return path


def test_promtool_checks_the_rules() -> None:
    result = subprocess.run([_promtool(), "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(_rules())} rules found" in result.stdout


def test_promtool_unit_tests_fire_each_alert() -> None:
    result = subprocess.run([_promtool(), "test", "rules", RULE_TESTS.name], capture_output=True, text=True,
                            timeout=60, cwd=RULE_TESTS.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    tested = set(re.findall(r"alertname:\s*(\w+)", RULE_TESTS.read_text(encoding="utf-8")))
    assert tested == {rule["alert"] for rule in _rules()}, "every alert has a promtool test"


def test_every_rule_is_complete() -> None:
    rules = _rules()
    assert len({rule["alert"] for rule in rules}) == len(rules), "alert names are unique"
    for rule in rules:
        assert set(rule) <= {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}, rule
        assert re.fullmatch(r"Quotewire[A-Z]\w+", rule["alert"]), rule["alert"]
        assert isinstance(rule["expr"], str) and rule["expr"].strip()
        assert rule["expr"].count("(") == rule["expr"].count(")"), rule["expr"]
        assert rule.get("for") is None or _DURATION.match(rule["for"]), rule
        assert rule["labels"]["severity"] in ("critical", "warning", "info"), rule
        assert rule["annotations"]["summary"] and rule["annotations"]["description"], rule


def test_the_rules_watch_what_the_readme_says_and_only_metrics_that_exist() -> None:
    exprs = " ".join(rule["expr"] for rule in _rules())
    used = set(re.findall(r"\bquotewire_[a-z_]+", exprs))
    assert used <= _exported_series(), f"no such metric: {used - _exported_series()}"
    for metric, what in MUST_WATCH.items():
        assert metric in used, f"no alert on {what} ({metric})"
    assert re.search(r'\bup\{job=~"quotewire-', exprs), "no alert on a worker that stopped answering scrapes"


def test_prometheus_loads_the_rules_and_compose_mounts_them() -> None:
    prometheus = dc.load_yaml(dc.PROMETHEUS_FILE)
    (path,) = prometheus["rule_files"]
    compose = dc.load_yaml(dc.COMPOSE_FILE)
    mounts = compose["services"]["prometheus"]["volumes"]
    assert f"./deploy/{RULES.name}:{path}:ro" in mounts
    jobs = {job["job_name"] for job in prometheus["scrape_configs"]}
    assert {"quotewire-pipeline", "quotewire-alerts", "quotewire-archive"} <= jobs  # QuotewireWorkerDown's job=~
    assert f"[`{RULES.name}`]({RULES.name})" in (dc.ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
