"""A YAML bomb (issue 19 item 9): nested aliases that stand for hundreds of thousands of nodes are refused by
the one safe loader that subscriptions, the speaker registry and the ingest sources use, and no message
quotes a value at length."""
from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from streams import yamlsafe
from streams.alerts.subscriptions import SubscriptionError, SubscriptionSet, parse_subscriptions
from streams.ingest.sources import SourcesError, load_sources
from streams.nlp.registry import Registry, RegistryError
from streams.settings import Settings

LEVELS = 6  # 9**6 = 531,441 strings once expanded, from a few hundred bytes


def laughs(indent: str, key: str) -> str:
    """Lines ``key: &a [...]`` … each level nine aliases of the one before; the last anchor is ``&z``."""
    names = [f"l{n}" for n in range(LEVELS)] + ["z"]
    lines = [f"{indent}{key}{0}: &{names[0]} [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for before, name in pairwise(names):
        lines.append(f"{indent}{key}{len(lines)}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def subscriptions_bomb() -> str:
    text = "subscriptions:\n  - id: s1\n    query: troops\n    targets: [console]\n    description:\n"
    text += laughs("      ", "k")
    text += "  - id: s2\n    query: *z\n    targets: [console]\n"
    return text


def test_the_loader_refuses_aliases_that_expand_too_far_and_keeps_small_ones() -> None:
    with pytest.raises(yamlsafe.YamlLimitError, match="aliases expand"):
        yamlsafe.load(laughs("", "k"))
    assert yamlsafe.load("a: &x {b: 1}\nc: *x\nd: [*x, *x]\n") == {"a": {"b": 1}, "c": {"b": 1},
                                                                   "d": [{"b": 1}, {"b": 1}]}
    assert len(yamlsafe.load("[" + ", ".join(str(n) for n in range(50_000)) + "]")) == 50_000  # no aliases


def test_subscriptions_bomb_is_refused_with_a_short_message(tmp_path: Path) -> None:
    text = subscriptions_bomb()
    assert len(text) < 1000
    with pytest.raises(SubscriptionError) as info:
        parse_subscriptions(text)
    assert "aliases expand" in str(info.value) and len(str(info.value)) < 1000
    path = tmp_path / "subscriptions.yaml"
    path.write_text("subscriptions:\n  - {id: ok, query: troops, targets: [console]}\n")
    live = SubscriptionSet(path)
    path.write_text(text)
    result = live.reload_if_changed(force=True)
    assert result.error and len(result.error) < 1000 and [s.id for s in live.subscriptions] == ["ok"]


def test_values_in_subscription_messages_are_cut() -> None:
    huge = "x" * 100_000
    with pytest.raises(SubscriptionError) as info:
        parse_subscriptions(f"- id: {huge}\n  query: [{', '.join(['troops'] * 5000)}]\n  targets: [{huge}]\n"
                            f"  rate_limit_per_minute: {huge}\n  enabled: {huge}\n  {huge}: 1\n")
    assert len(str(info.value)) < 2000, len(str(info.value))


def test_many_problems_are_summed_up_not_all_listed() -> None:
    text = "".join(f"- id: s{n}\n  query: 'AND'\n  targets: [console]\n" for n in range(2000))
    with pytest.raises(SubscriptionError) as info:
        parse_subscriptions(text)
    assert "2000 problems" in str(info.value) and len(str(info.value)) < 20_000


def test_registry_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "registry.yaml"
    path.write_text("people:\n  - name: Ivo Marek\n    notes:\n" + laughs("      ", "k")
                    + "  - name: Pia Holm\n    aliases: *z\n")
    with pytest.raises(RegistryError) as info:
        Registry.load(path)
    assert "aliases expand" in str(info.value) and len(str(info.value)) < 1000


def test_sources_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - kind: feed\n    url: http://127.0.0.1:1/feed\n    notes:\n"
                    + laughs("      ", "k") + "  - *z\n")
    with pytest.raises(SourcesError) as info:
        load_sources(path, Settings())
    assert "aliases expand" in str(info.value) and len(str(info.value)) < 1000


@pytest.mark.timeout(20)
@pytest.mark.parametrize("text", ["a: &a [*a]\n", "a: &a {b: *a}\n", "x: &x [1, [2, *x]]\n"])
def test_an_alias_inside_its_own_anchor_is_refused_not_walked_forever(text: str) -> None:
    """An anchor whose node holds an alias to itself stands for an endless document: refused at once
    (the size count walked it forever, holding the alerts worker's reload and growing its memory)."""
    with pytest.raises(yamlsafe.YamlLimitError, match="refers to itself"):
        yamlsafe.load(text)
