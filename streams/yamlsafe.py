"""One safe YAML loader for the files operators write: subscriptions, the speaker registry, ingest sources.

``yaml.safe_load`` builds no Python objects beyond plain data, but it does expand aliases: a
428-byte file of nested anchors (a "billion laughs") stands for hundreds of millions of nodes.
Loading is cheap because the aliases share objects, but the first walk over the data (validation,
``repr`` in an error message, a JSON dump) is not: it froze the alerts worker at 1.3 GB and wrote a
312 MB log line. ``load`` composes the document, counts the nodes it stands for once aliases are
expanded, and refuses it when aliases add more than ``MAX_ALIAS_NODES`` of them (ordinary uses of
anchors, a shared mapping or two, stay far below). ``shown`` cuts a value for a message.
"""
from __future__ import annotations

import reprlib
from typing import Any

import yaml

MAX_ALIAS_NODES = 10_000  # nodes that aliases may add to a document, expanded
_SHOWN = 60  # characters of a value quoted in a message


class YamlLimitError(yaml.YAMLError):
    """A document refused before it is built: aliases expanding too far, or nesting too deep."""

    def __init__(self, problem: str, mark: yaml.Mark | None = None) -> None:
        self.problem = problem
        self.problem_mark = mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        super().__init__(problem + where)


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(nodes written, nodes once every alias is expanded), without expanding anything.

    An alias inside its own anchor (``a: &a [*a]``) stands for an endless document: refused."""
    size: dict[int, int] = {}
    distinct: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in size:
            continue
        children = _children(node)
        if done:
            size[id(node)] = 1 + sum(size[id(c)] for c in children)
            continue
        if id(node) in distinct:  # reached again before its count is done: it contains itself
            raise YamlLimitError("an alias refers to itself (the document would never end)", node.start_mark)
        distinct.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)
    return len(distinct), size[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def compose(text: str, *, max_alias_nodes: int = MAX_ALIAS_NODES) -> yaml.Node | None:
    """The document's node graph (None: empty), refused when its aliases expand too far."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise YamlLimitError("nested too deeply") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    written, expanded = _expanded_size(node)
    if expanded - written > max_alias_nodes:
        raise YamlLimitError(
            f"aliases expand the document to {expanded:,} nodes ({written:,} written); at most "
            f"{max_alias_nodes:,} more than written are allowed", node.start_mark)
    return node


def construct(node: yaml.Node | None) -> Any:
    """The plain data of a composed document (dicts, lists, text, numbers, dates)."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except RecursionError:
        raise YamlLimitError("nested too deeply") from None
    finally:
        loader.dispose()


def load(text: str, *, max_alias_nodes: int = MAX_ALIAS_NODES) -> Any:
    """``yaml.safe_load(text)``, refusing alias bombs (YamlLimitError, a yaml.YAMLError)."""
    return construct(compose(text, max_alias_nodes=max_alias_nodes))


def _bounded_repr() -> reprlib.Repr:
    r = reprlib.Repr()
    r.maxlevel, r.maxlist, r.maxtuple, r.maxdict, r.maxset = 2, 4, 4, 4, 4
    r.maxstring, r.maxother, r.maxlong = 50, 50, 40
    return r


_REPR = _bounded_repr()


def shown(value: Any, limit: int = _SHOWN) -> str:
    """A repr of ``value`` for a message: a few items, a few levels, cut to ``limit`` characters."""
    text = _REPR.repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"
