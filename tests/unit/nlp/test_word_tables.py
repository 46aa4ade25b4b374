"""The NLP core's word classes and rule tables: no entry written twice, and no word in two
classes that send it opposite ways.

A key written twice in a dict literal silently keeps the last value, and a list entry
written twice hides which copy an edit should change; both have happened (``"predict"``
in the cue verbs). The overlap checks name the pairs of classes a word must not share."""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest
import yaml

NLP = Path(__file__).resolve().parents[3] / "streams" / "nlp"
DATA = NLP / "data"


def repeated(items: list) -> list:
    return sorted(str(k) for k, n in Counter(items).items() if n > 1)


def literal_tables(path: Path) -> list[tuple[int, str, list]]:
    """Every dict, set and ``"...".split()`` literal of a module: (line, what, repeated entries)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            out.append((node.lineno, "dict keys", repeated(keys)))
        elif isinstance(node, ast.Set):
            out.append((node.lineno, "set", repeated([e.value for e in node.elts if isinstance(e, ast.Constant)])))
        elif isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) > 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            # a word tuple or list ("x in ('who', 'whom', 'which')", "frozenset(('April', 'May'))")
            out.append((node.lineno, "word tuple", repeated([e.value for e in node.elts])))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split"
              and not node.args and isinstance(node.func.value, ast.Constant)
              and isinstance(node.func.value.value, str)):
            out.append((node.lineno, "word list", repeated(node.func.value.value.split())))
    return [t for t in out if t[2]]


class _KeyCheckingLoader(yaml.SafeLoader):
    """A YAML loader that refuses a mapping key written twice (plain YAML keeps the last)."""


def _mapping(loader: _KeyCheckingLoader, node: yaml.MappingNode) -> dict:
    keys = [loader.construct_object(k) for k, _ in node.value]
    twice = repeated(keys)
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"keys written twice: {twice}", node.start_mark)
    return loader.construct_mapping(node)


_KeyCheckingLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def yaml_lists(data: object, where: str = "") -> list[tuple[str, list]]:
    """Every list in a YAML document with the entries it repeats."""
    out = []
    if isinstance(data, list):
        out.append((where, repeated([str(x) for x in data if not isinstance(x, (list, dict))])))
        for i, x in enumerate(data):
            out += yaml_lists(x, f"{where}[{i}]")
    elif isinstance(data, dict):
        for k, v in data.items():
            out += yaml_lists(v, f"{where}.{k}")
    return [t for t in out if t[1]]


@pytest.mark.parametrize("module", sorted(p.relative_to(NLP).as_posix() for p in NLP.rglob("*.py")))
def test_no_table_in_the_code_repeats_an_entry(module: str) -> None:
    """Every module of the NLP core, its packages (statements/, speakers/, kb/) included."""
    assert literal_tables(NLP / module) == []


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_no_gazetteer_repeats_a_key_or_a_list_entry(name: str) -> None:
    data = yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=_KeyCheckingLoader)
    assert yaml_lists(data) == []


def test_the_checks_see_a_repeated_dict_key_a_repeated_list_entry_and_a_repeated_yaml_key() -> None:
    assert literal_tables_of('X = {"predict": 1, "warn": 2, "predict": 1}') == [(1, "dict keys", ["predict"])]
    assert literal_tables_of('W = frozenset("as if as".split())') == [(1, "word list", ["as"])]
    assert literal_tables_of('ok = w in ("who", "whom", "who")') == [(1, "word tuple", ["who"])]
    assert literal_tables_of('M = frozenset(["May", "June", "April"])') == []
    assert yaml_lists({"heads": ["envoy", "mayor", "envoy"]}) == [(".heads", ["envoy"])]
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: [x]\na: [y]\n", Loader=_KeyCheckingLoader)


def literal_tables_of(source: str, tmp: Path = Path("/dev/null")) -> list[tuple[int, str, list]]:
    tree_path = Path(__file__).with_name("_tables_probe.py")
    tree_path.write_text(source, encoding="utf-8")
    try:
        return literal_tables(tree_path)
    finally:
        tree_path.unlink()


def test_role_words_are_not_also_thing_words() -> None:
    """A head ("spokesman") makes a description a person; a thing noun ("report") makes it a document."""
    nouns = yaml.safe_load((DATA / "nouns.yaml").read_text(encoding="utf-8"))
    titles = yaml.safe_load((DATA / "titles.yaml").read_text(encoding="utf-8"))
    heads = {str(h).lower() for h in titles["heads"]}
    assert sorted(heads & {str(t).lower() for t in nouns["thing_nouns"]}) == []
    assert sorted(heads & {str(t).lower() for t in nouns["group_nouns"]}) == []


def test_organisation_heads_are_not_also_thing_heads() -> None:
    """"X Initiative" must be one or the other: an organisation speaks, a thing does not."""
    nouns = yaml.safe_load((DATA / "nouns.yaml").read_text(encoding="utf-8"))
    assert sorted(set(nouns["org_heads"]) & set(nouns["thing_heads"])) == []


def test_every_pronoun_extraction_gives_as_a_speaker_is_one_resolution_knows() -> None:
    """Extraction takes a subject pronoun ("she said") or an object pronoun ("two people close to
    him said") as a speaker mention; resolution has its own table of the pronouns it resolves."""
    from streams.nlp import cues
    from streams.nlp.speakers.words import _PRONOUNS
    from streams.nlp.statements.clause import _PERSONAL_PRONOUNS

    assert sorted((cues.SUBJECT_PRONOUNS | cues.OBJECT_PRONOUNS) - set(_PRONOUNS)) == []
    assert sorted(_PERSONAL_PRONOUNS - cues.SUBJECT_PRONOUNS) == []


def test_the_speech_verbs_resolution_looks_for_after_a_name_are_cue_verbs() -> None:
    """``persons._SAID_AFTER`` ("Reyes said", "Reyes has said") tells a name that speaks; each of its
    verbs must be a cue form of the grammar's lexicon, or the two would disagree on what speech is."""
    import re

    from streams.nlp import cues
    from streams.nlp.speakers.persons import _SAID_AFTER

    words = set(re.findall(r"[a-z]{3,}", _SAID_AFTER.pattern)) - {"has", "had"}
    assert words and sorted(w for w in words if w not in cues.CUE_VERBS) == []
