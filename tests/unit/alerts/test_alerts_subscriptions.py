"""The subscriptions file: loading, the errors a user reads, CLI-style edits, live reload."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml
from alerts_fixtures import statement

from streams.alerts import limits
from streams.alerts.subscriptions import (
    ConsoleTarget,
    FileTarget,
    SubscriptionError,
    SubscriptionSet,
    TopicTarget,
    WebhookTarget,
    add_subscription,
    default_subscriptions_path,
    demo_subscriptions_path,
    load_subscriptions,
    remove_subscription,
    set_enabled,
)
from streams.settings import Settings

GOOD = """\
subscriptions:
  - id: ru-kp
    query: 'country:(Russia OR "North Korea") AND troop*'
    targets:
      - console
      - file: out/alerts.jsonl
      - webhook: {url: "http://127.0.0.1:9000/hook", secret: s3cret}
    rate_limit_per_minute: 10
    digest_seconds: 30
  - id: austin
    query: speaker:"Lloyd Austin"
    targets: topic
    enabled: false
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_load_a_valid_file(tmp_path: Path) -> None:
    subs = load_subscriptions(write(tmp_path / "subs.yaml", GOOD))
    ru, austin = subs
    assert ru.id == "ru-kp" and ru.query.text == 'country:(Russia OR "North Korea") AND troop*'
    assert ru.targets == (
        ConsoleTarget(),
        FileTarget(tmp_path / "out" / "alerts.jsonl"),  # relative to the file
        WebhookTarget("http://127.0.0.1:9000/hook", "s3cret"),
    )
    assert ru.pacing == limits.Pacing(10.0, 30.0)
    assert ru.enabled and ru.line == 2
    assert austin.targets == (TopicTarget(),) and not austin.enabled and austin.line == 10
    assert "s3cret" not in repr(ru) and "s3cret" not in str(ru.describe())


def test_missing_and_empty_files_mean_no_subscriptions(tmp_path: Path) -> None:
    assert load_subscriptions(tmp_path / "absent.yaml") == []
    assert load_subscriptions(write(tmp_path / "empty.yaml", "")) == []
    assert load_subscriptions(write(tmp_path / "nolist.yaml", "subscriptions:\n")) == []
    with pytest.raises(FileNotFoundError):
        load_subscriptions(tmp_path / "absent.yaml", missing_ok=False)


def test_invalid_query_names_the_subscription_and_points_at_the_error(tmp_path: Path) -> None:
    path = write(tmp_path / "subs.yaml", """\
subscriptions:
  - id: fine
    query: troops
  - id: broken
    query: '(troops OR nuclear'
""")
    with pytest.raises(SubscriptionError) as caught:
        load_subscriptions(path)
    text = str(caught.value)
    assert text.startswith(f"{path}: 1 problem")
    assert "subscription 'broken' (line 4): query: missing ')' to close this '(' (column 1)" in text
    assert "    (troops OR nuclear\n    ^" in text


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "subs.yaml", """\
subscriptions:
  - id: a
    query: troops
    target: console
  - id: a
    query: nuclear
  - id: "bad id!"
    query: x
  - id: hook
    query: x
    targets:
      - webhook: {url: "ftp://example.org"}
      - pager
    rate_limit_per_minute: 0
    digest_seconds: -1
    enabled: "yes"
""")
    with pytest.raises(SubscriptionError) as caught:
        load_subscriptions(path)
    problems = caught.value.problems
    expected = [
        "subscription 'a' (line 2): unknown key(s) target; known: id, query, targets",
        "subscription #3 (line 7): id must be 1-64 letters",
        "subscription 'hook' (line 9): targets[0]: webhook: url must be an http:// or https:// URL",
        "subscription 'hook' (line 9): targets[1]: unknown target 'pager'",
        "subscription 'hook' (line 9): rate_limit_per_minute must be a positive number",
        "subscription 'hook' (line 9): digest_seconds must be a number of seconds from 0",
        "subscription 'hook' (line 9): enabled must be true or false",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)
    assert len(problems) == len(expected)  # the duplicate 'a' is reported only once 'a' itself is valid


def test_duplicate_ids_and_webhook_secrets(tmp_path: Path) -> None:
    duplicate = r"subscription 'a' \(line 4\): duplicate id, first used at line 2"
    with pytest.raises(SubscriptionError, match=duplicate):
        load_subscriptions(write(tmp_path / "dup.yaml", "subscriptions:\n  - {id: a, query: x}\n\n"
                                                        "  - {id: a, query: y}\n"))
    with pytest.raises(SubscriptionError, match="give exactly one of secret"):
        load_subscriptions(write(tmp_path / "nosecret.yaml",
                                 "- {id: h, query: x, targets: [{webhook: {url: 'https://e.org'}}]}\n"))


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    with pytest.raises(SubscriptionError, match=r"(?s)not valid YAML.*line 3, column 4"):
        load_subscriptions(write(tmp_path / "bad.yaml", "subscriptions:\n  - id: a\n   query: [\n"))
    with pytest.raises(SubscriptionError, match="unknown top-level key"):
        load_subscriptions(write(tmp_path / "top.yaml", "subscription:\n  - id: a\n"))


def test_default_path_follows_settings(tmp_path: Path) -> None:
    assert default_subscriptions_path(Settings(data_dir=tmp_path)) == tmp_path / "subscriptions.yaml"
    assert default_subscriptions_path(Settings(subscriptions_file=tmp_path / "x.yaml")) == tmp_path / "x.yaml"


def test_packaged_demo_file_is_valid_and_console_only() -> None:
    subs = load_subscriptions(demo_subscriptions_path())
    assert len(subs) >= 4
    assert all(s.targets == (ConsoleTarget(),) for s in subs)


def test_deploy_example_is_valid() -> None:
    example = Path(__file__).resolve().parents[3] / "deploy" / "examples" / "subscriptions.yaml"
    subs = load_subscriptions(example)
    assert {s.id for s in subs} >= {"ru-kp-troops-nuclear", "lloyd-austin", "anonymous-kursk-troops"}
    hook = next(t for s in subs for t in s.targets if isinstance(t, WebhookTarget))
    assert hook.secret is None and hook.secret_env == "QUOTEWIRE_HOOK_SECRET"
    with pytest.raises(SubscriptionError, match="QUOTEWIRE_HOOK_SECRET"):
        hook.resolve_secret({})
    assert hook.resolve_secret({"QUOTEWIRE_HOOK_SECRET": "k"}) == "k"


# --- editing, as `quotewire subscriptions add/list/remove` does --------------------------------------

def test_add_list_remove_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "data" / "subscriptions.yaml"
    add_subscription(path, {"id": "austin", "query": 'speaker:"Lloyd Austin"', "targets": ["console"]})
    add_subscription(path, {"id": "kursk", "query": "Kursk", "digest_seconds": 60,
                            "targets": [{"webhook": {"url": "https://example.org/h", "secret": "k"}}]})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it may hold webhook secrets
    assert [s.id for s in load_subscriptions(path)] == ["austin", "kursk"]
    assert yaml.safe_load(path.read_text())["subscriptions"][0] == {
        "id": "austin", "query": 'speaker:"Lloyd Austin"', "targets": ["console"]}

    removed = remove_subscription(path, "austin")
    assert removed.id == "austin"
    assert [s.id for s in load_subscriptions(path)] == ["kursk"]
    assert sorted(p.name for p in path.parent.iterdir()) == [".subscriptions.yaml.lock", "subscriptions.yaml"]

    disabled = set_enabled(path, "kursk", False)
    assert not disabled.enabled and not load_subscriptions(path)[0].enabled


def test_add_refuses_invalid_or_duplicate_and_leaves_the_file_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "subs.yaml", GOOD)
    os.chmod(path, 0o640)
    with pytest.raises(SubscriptionError) as caught:
        add_subscription(path, {"id": "new", "query": "troops AND"})
    assert "query: query ends early: expected a term after 'AND' (column 11)" in str(caught.value)
    with pytest.raises(SubscriptionError, match="'ru-kp' exists already"):
        add_subscription(path, {"id": "ru-kp", "query": "x"})
    with pytest.raises(SubscriptionError, match=r"no subscription with id 'nope' \(ids: ru-kp, austin\)"):
        remove_subscription(path, "nope")
    assert path.read_text() == GOOD
    add_subscription(path, {"id": "ru-kp", "query": "nuclear"}, replace=True)
    subs = load_subscriptions(path)
    assert [(s.id, s.query.text) for s in subs] == [
        ("ru-kp", "nuclear"), ("austin", 'speaker:"Lloyd Austin"')]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # an existing file keeps its permissions


def test_edits_refuse_to_rewrite_an_invalid_file(tmp_path: Path) -> None:
    broken = "subscriptions:\n  - id: x\n    query: '(('\n"
    path = write(tmp_path / "subs.yaml", broken)
    with pytest.raises(SubscriptionError, match="subscription 'x'"):
        add_subscription(path, {"id": "y", "query": "ok"})
    assert path.read_text() == broken


# --- live reload ------------------------------------------------------------------------------------

def bump(path: Path, text: str) -> None:
    """Rewrite ``path`` and move its mtime forward, as a later edit would."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_reload_swaps_in_a_changed_file(tmp_path: Path) -> None:
    path = write(tmp_path / "subs.yaml", "- {id: a, query: troops}\n- {id: b, query: nuclear}\n")
    live = SubscriptionSet(path)
    event = statement("troops and nuclear arms", name="X")
    assert [s.id for s, _ in live.match(event)] == ["a", "b"]
    assert not live.reload_if_changed().changed  # nothing changed: nothing reloaded

    bump(path, "- {id: a, query: missiles}\n- {id: c, query: nuclear}\n"
               "- {id: d, query: troops, enabled: false}\n")
    result = live.reload_if_changed()
    assert result.changed and result.added == ("c", "d")
    assert result.removed == ("b",) and result.updated == ("a",)
    assert [s.id for s, _ in live.match(event)] == ["c"]  # d is disabled, a no longer matches
    assert live.generation == 2


def test_invalid_edit_keeps_the_previous_set_and_reports_once(tmp_path: Path) -> None:
    path = write(tmp_path / "subs.yaml", "- {id: a, query: troops}\n")
    live = SubscriptionSet(path)
    bump(path, "- {id: a, query: 'troops AND'}\n")
    result = live.reload_if_changed()
    assert not result.changed and result.error is not None
    assert "subscription 'a' (line 1): query: query ends early" in result.error
    assert "keeping the 1 subscription(s) in force" in result.error
    assert [s.id for s, _ in live.match(statement("troops"))] == ["a"]
    assert live.reload_if_changed().error is None  # reported once, not on every check
    assert live.last_error is not None

    bump(path, "- {id: a, query: nuclear}\n")  # fixed
    assert live.reload_if_changed().changed and live.last_error is None
    assert live.match(statement("troops")) == []


def test_a_deleted_file_keeps_the_set_and_a_new_one_is_picked_up(tmp_path: Path) -> None:
    path = tmp_path / "subs.yaml"
    live = SubscriptionSet(path)  # no file yet: no subscriptions, no error
    assert len(live) == 0 and live.last_error is None
    write(path, "- {id: a, query: troops}\n")
    assert live.reload_if_changed().added == ("a",)
    path.unlink()
    result = live.reload_if_changed()
    assert result.error and "missing" in result.error and len(live) == 1


def test_reload_sees_cli_edits_and_strict_start(tmp_path: Path) -> None:
    path = write(tmp_path / "subs.yaml", "- {id: a, query: troops}\n")
    live = SubscriptionSet(path)
    add_subscription(path, {"id": "b", "query": "nuclear"})
    assert live.reload_if_changed(force=True).added == ("b",)
    write(path, "- {id: a, query: '('}\n")
    with pytest.raises(SubscriptionError, match="subscription 'a'"):
        SubscriptionSet(path)
    lenient = SubscriptionSet(path, strict=False)
    assert len(lenient) == 0 and "subscription 'a'" in (lenient.last_error or "")
