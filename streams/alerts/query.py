"""The subscription query language, parsed by hand into a tree of matcher nodes.

Media-monitoring users already write queries like
``(country:Russia OR country:"North Korea") AND (troop* OR "nuclear weapons") -exercise``,
so that is the language: words and "phrases", AND / OR / NOT (and ``-term``),
parentheses, ``word*`` prefix wildcards and ``field:value`` filters on the speaker
and the article. Precedence is NOT > AND > OR, and adjacent terms are ANDed.
Grammar (operators are upper case; a lower-case ``or`` is refused rather than silently searched
for, since it is nearly always a mistyped operator)::

    query   := or EOF
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or ")" | FIELD ":" (value | "(" or ")") | PHRASE | WORD

A small recursive-descent parser keeps error messages precise: every ``QueryError``
carries the position and renders a caret line under the query. Nodes know how to
test themselves against a prepared statement (``match.PreparedStatement``), which
does the looking; which nodes are necessary for a match (``anchors``) lets
``match.QueryIndex`` skip most subscriptions for most statements.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ..kb.match import kb_speaker_ids
from .folding import WORD, fold, words

if TYPE_CHECKING:
    from .match import PreparedStatement

MAX_QUERY_CHARS = 10_000
MAX_DEPTH = 64
MIN_PREFIX = 2
QUOTES = '"\u201c\u201d\u201e'  # " “ ” „ (pasted queries often carry typographic quotes)

# Query field name → canonical field (the key in the alert's matched.fields).
FIELDS: dict[str, str] = {
    "speaker": "speaker",
    "title": "title",
    "org": "organization",
    "organization": "organization",
    "country": "country",
    "type": "type",
    "kind": "kind",
    "source": "source",
}
# Fields whose value must be one of a fixed set (compared exactly).
ENUMS: dict[str, tuple[str, ...]] = {
    "type": ("person", "organization", "group", "anonymous"),
    "kind": ("direct", "mixed", "indirect"),
}
# Channels: the word lists a prepared statement offers, and its exact-valued properties.
CONTENT = "content"
WORD_CHANNELS = (CONTENT, "speaker", "title", "organization", "country", "source")
EXACT_CHANNELS = ("speaker_id", "type", "kind")


class QueryError(ValueError):
    """An invalid query; ``str()`` names the problem, the column, and points at it with a caret."""

    def __init__(self, message: str, query: str, position: int) -> None:
        self.message = message
        self.query = query
        self.position = max(0, min(position, len(query)))
        super().__init__(self.render())

    def pointer(self, indent: str = "  ", width: int = 76) -> str:
        """The query (or a window of it around the error) and a caret line under the position."""
        text = "".join(" " if c.isspace() else c for c in self.query)
        pos = self.position
        start = max(0, pos - width // 2) if len(text) > width else 0
        end = min(len(text), start + width)
        shown = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
        caret = " " * (pos - start + (1 if start else 0)) + "^"
        return f"{indent}{shown}\n{indent}{caret}"

    def render(self, indent: str = "  ") -> str:
        return f"{self.message} (column {self.position + 1})\n{self.pointer(indent)}"


class Anchor(NamedTuple):
    """A key of which a statement must hold at least one (of a node's set) for the node to match."""

    channel: str
    text: str
    prefix: bool = False


Anchors = frozenset[Anchor]


# How unselective an anchor on each channel tends to be: every statement has a kind, many
# speakers share a country, while a content word or a speaker's name narrows a lot.
_CHANNEL_COST = {"type": 100, "kind": 100, "country": 20, "source": 10, "title": 5, "organization": 5}


def _anchor_cost(anchor: Anchor) -> int:
    """Rough candidate count behind an anchor: short words, prefixes, enums and countries are unselective."""
    cost = _CHANNEL_COST.get(anchor.channel, 1)
    if anchor.prefix:
        cost *= 8 if len(anchor.text) < 4 else 4
    elif len(anchor.text) < 4:
        cost *= 6
    return cost


def _cost(anchors: Anchors) -> int:
    return sum(_anchor_cost(a) for a in anchors)


# --- matcher nodes ----------------------------------------------------------------------------

class Node:
    """A compiled query node: tests a prepared statement and explains a match."""

    __slots__ = ()
    precedence = 4

    def test(self, st: PreparedStatement) -> bool:
        raise NotImplementedError

    def collect(self, st: PreparedStatement, terms: list[str], fields: dict[str, list[str]]) -> None:
        """Add the positive evidence this (matching) node found: content terms and field filters."""

    def anchors(self) -> Anchors | None:
        """Keys of which one must be present for a match; None when no such set exists (NOT)."""
        return None

    def render(self) -> str:
        raise NotImplementedError

    def _child(self, node: Node) -> str:
        text = node.render()
        return f"({text})" if node.precedence < self.precedence or (
            isinstance(node, (And, Or)) and type(node) is not type(self)) else text

    def __str__(self) -> str:
        return self.render()


class Words(Node):
    """A word, a phrase, or a prefix (last word ends in ``*``) in one word channel of a statement."""

    __slots__ = ("_word", "channel", "prefix", "quoted", "text", "tokens")

    def __init__(self, channel: str, tokens: tuple[str, ...], prefix: bool, text: str, quoted: bool) -> None:
        self.channel = channel
        self.tokens = tokens
        self.prefix = prefix
        self.text = text
        self.quoted = quoted
        self._word = tokens[0] if len(tokens) == 1 and not prefix else None  # the common case, inlined

    def test(self, st: PreparedStatement) -> bool:
        if self._word is not None:
            return self._word in st.vocabulary[self.channel]
        return st.contains(self.channel, self.tokens, self.prefix)

    def collect(self, st: PreparedStatement, terms: list[str], fields: dict[str, list[str]]) -> None:
        if self.channel == CONTENT and self.text not in terms:
            terms.append(self.text)

    def anchors(self) -> Anchors:
        exact = self.tokens[:-1] if self.prefix else self.tokens
        if exact:
            return frozenset({Anchor(self.channel, max(exact, key=len))})
        return frozenset({Anchor(self.channel, self.tokens[-1], True)})

    def render(self) -> str:
        return f'"{self.text}"' if self.quoted or " " in self.text else self.text


class Exact(Node):
    """An exact (folded) property of a statement: speaker id, speaker type, statement kind."""

    __slots__ = ("channel", "value")

    def __init__(self, channel: str, value: str) -> None:
        self.channel = channel
        self.value = value

    def test(self, st: PreparedStatement) -> bool:
        return st.exact.get(self.channel) == self.value

    def anchors(self) -> Anchors:
        return frozenset({Anchor(self.channel, self.value)})

    def render(self) -> str:
        return f"{self.channel}={self.value}"


class FieldFilter(Node):
    """``field:value``: holds when ``inner`` (words in a field, or an exact value) holds."""

    __slots__ = ("field", "inner", "quoted", "value")

    def __init__(self, field: str, value: str, inner: Node, quoted: bool) -> None:
        self.field = field
        self.value = value
        self.inner = inner
        self.quoted = quoted

    def test(self, st: PreparedStatement) -> bool:
        return self.inner.test(st)

    def collect(self, st: PreparedStatement, terms: list[str], fields: dict[str, list[str]]) -> None:
        held = fields.setdefault(self.field, [])
        if self.value not in held:
            held.append(self.value)

    def anchors(self) -> Anchors | None:
        return self.inner.anchors()

    def render(self) -> str:
        value = f'"{self.value}"' if self.quoted or " " in self.value else self.value
        return f"{self.field}:{value}"


class Not(Node):
    __slots__ = ("child",)
    precedence = 3

    def __init__(self, child: Node) -> None:
        self.child = child

    def test(self, st: PreparedStatement) -> bool:
        return not self.child.test(st)

    def render(self) -> str:
        return f"NOT {self._child(self.child)}"


class And(Node):
    __slots__ = ("children",)
    precedence = 2

    def __init__(self, children: list[Node]) -> None:
        self.children = children

    def test(self, st: PreparedStatement) -> bool:
        for child in self.children:
            if not child.test(st):
                return False
        return True

    def collect(self, st: PreparedStatement, terms: list[str], fields: dict[str, list[str]]) -> None:
        for child in self.children:
            child.collect(st, terms, fields)

    def anchors(self) -> Anchors | None:
        # Every child is necessary, so any child's anchors will do: take the most selective.
        options = [a for a in (c.anchors() for c in self.children) if a is not None]
        return min(options, key=_cost) if options else None

    def render(self) -> str:
        return " AND ".join(self._child(c) for c in self.children)


class Or(Node):
    __slots__ = ("children",)
    precedence = 1

    def __init__(self, children: list[Node]) -> None:
        self.children = children

    def test(self, st: PreparedStatement) -> bool:
        for child in self.children:
            if child.test(st):
                return True
        return False

    def collect(self, st: PreparedStatement, terms: list[str], fields: dict[str, list[str]]) -> None:
        for child in self.children:
            if child.test(st):
                child.collect(st, terms, fields)

    def anchors(self) -> Anchors | None:
        union: set[Anchor] = set()
        for child in self.children:
            anchors = child.anchors()
            if anchors is None:
                return None
            union |= anchors
        return frozenset(union)

    def render(self) -> str:
        return " OR ".join(self._child(c) for c in self.children)


@dataclass(frozen=True)
class Query:
    """A compiled query: the text as written, its matcher tree, and its index anchors."""

    text: str
    root: Node = field(repr=False, compare=False)
    anchors: Anchors | None = field(repr=False, compare=False)

    def test(self, st: PreparedStatement) -> bool:
        return self.root.test(st)

    def __str__(self) -> str:
        """The query as parsed, with explicit grouping: ``a OR b c`` → ``a OR (b AND c)``."""
        return self.root.render()


# --- lexer --------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Tok:
    kind: str  # WORD PHRASE FIELD AND OR NOT MINUS LPAREN RPAREN EOF
    text: str
    pos: int  # where the token starts in the query
    value: str | None = None  # FIELD: the value (None: a parenthesised group follows)
    value_pos: int = 0  # FIELD: where the value's text starts
    quoted: bool = False


def _read_quoted(query: str, start: int) -> int:
    """Index of the quote closing the phrase opened at ``start``."""
    for j in range(start + 1, len(query)):
        if query[j] in QUOTES:
            return j
    raise QueryError("unterminated phrase: the quote opened here is never closed", query, start)


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok("LPAREN" if c == "(" else "RPAREN", c, i))
            i += 1
        elif c in QUOTES:
            j = _read_quoted(query, i)
            toks.append(_Tok("PHRASE", query[i + 1:j], i, value_pos=i + 1, quoted=True))
            i = j + 1
        elif c == "-":  # at the start of a token: exclusion (inside a word, as in anti-war, it is text)
            if i + 1 >= n or query[i + 1].isspace() or query[i + 1] == ")":
                raise QueryError("'-' must be directly followed by the term it excludes (-term)", query, i)
            toks.append(_Tok("MINUS", "-", i))
            i += 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] not in "()" and query[j] not in QUOTES:
                j += 1
            text = query[i:j]
            if text in ("AND", "OR", "NOT"):
                toks.append(_Tok(text, text, i))
                i = j
                continue
            if text.upper() in ("AND", "OR", "NOT"):  # almost always a mistyped operator, never a useful word
                raise QueryError(f"write '{text.upper()}' in capitals for the operator, or put \"{text}\" in "
                                 f"quotes to search for the word", query, i)
            colon = text.find(":")
            name = text[:colon]
            if colon > 0 and name.replace("_", "").isalpha():
                if name.lower() not in FIELDS:
                    raise QueryError(
                        f"unknown field '{name}:' (fields: {', '.join(sorted(set(FIELDS)))}); "
                        f"put the text in quotes to search for it as words",
                        query, i,
                    )
                value = text[colon + 1:]
                if value:
                    toks.append(_Tok("FIELD", name.lower(), i, value, i + colon + 1))
                elif j < n and query[j] in QUOTES:
                    k = _read_quoted(query, j)
                    toks.append(_Tok("FIELD", name.lower(), i, query[j + 1:k], j + 1, quoted=True))
                    j = k + 1
                elif j < n and query[j] == "(":
                    toks.append(_Tok("FIELD", name.lower(), i, None, j))
                else:
                    raise QueryError(f"'{name}:' needs a value, e.g. {name}:word or {name}:\"two words\"",
                                     query, j)
            else:
                toks.append(_Tok("WORD", text, i, value_pos=i))
            i = j
    toks.append(_Tok("EOF", "", n))
    return toks


# --- parser --------------------------------------------------------------------------------------

_STARTS_TERM = ("WORD", "PHRASE", "FIELD", "LPAREN", "NOT", "MINUS")


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.toks = _lex(query)
        self.i = 0
        self.depth = 0

    def error(self, message: str, pos: int) -> QueryError:
        return QueryError(message, self.query, pos)

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if self.tok.kind == "EOF":
            raise self.error('empty query: write a word, a "phrase" or a field filter like speaker:Austin', 0)
        node = self.parse_or(None, None)
        tok = self.tok
        if tok.kind == "RPAREN":
            raise self.error("unexpected ')' with no matching '('", tok.pos)
        if tok.kind != "EOF":  # pragma: no cover - parse_and consumes every term start
            raise self.error(f"unexpected {tok.text!r}", tok.pos)
        return node

    def parse_or(self, field: str | None, after: str | None) -> Node:
        children = [self.parse_and(field, after)]
        while self.tok.kind == "OR":
            self.take()
            children.append(self.parse_and(field, after="OR"))
        return _flatten(Or, children)

    def parse_and(self, field: str | None, after: str | None = None) -> Node:
        children = [self.parse_unary(field, after)]
        while True:
            if self.tok.kind == "AND":
                self.take()
                children.append(self.parse_unary(field, after="AND"))
            elif self.tok.kind in _STARTS_TERM:
                children.append(self.parse_unary(field, None))
            else:
                break
        return _flatten(And, children)

    def parse_unary(self, field: str | None, after: str | None) -> Node:
        tok = self.tok
        if tok.kind in ("NOT", "MINUS"):
            self.take()
            self.enter(tok.pos)
            child = self.parse_unary(field, after="NOT" if tok.kind == "NOT" else "-")
            self.depth -= 1
            return Not(child)
        return self.parse_primary(field, after)

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"query nests deeper than {MAX_DEPTH} levels", pos)

    def parse_primary(self, field: str | None, after: str | None) -> Node:
        tok = self.tok
        if tok.kind == "LPAREN":
            self.take()
            self.enter(tok.pos)
            if self.tok.kind == "RPAREN":
                raise self.error("empty parentheses: put a term inside", self.tok.pos)
            node = self.parse_or(field, "(")
            self.depth -= 1
            if self.tok.kind != "RPAREN":
                raise self.error("missing ')' to close this '('", tok.pos)
            self.take()
            return node
        if tok.kind == "WORD" or tok.kind == "PHRASE":
            self.take()
            if field is None:
                return _words(self.query, CONTENT, tok.text, tok.value_pos, tok.quoted)
            return _field(self.query, field, tok.text, tok.value_pos, tok.quoted)
        if tok.kind == "FIELD":
            self.take()
            if field is not None:
                raise self.error(f"field filters cannot be nested inside '{field}:( … )'", tok.pos)
            canonical = FIELDS[tok.text]
            if tok.value is None:  # field:( … ) — every word in the group filters this field
                return self.parse_primary(canonical, after)
            return _field(self.query, canonical, tok.value, tok.value_pos, tok.quoted)
        # Anything else is a term missing.
        if tok.kind == "EOF":
            what = f"after '{after}'" if after else "here"
            raise self.error(f"query ends early: expected a term {what}", tok.pos)
        if tok.kind == "RPAREN":
            if after:
                raise self.error(f"expected a term after '{after}', found ')'", tok.pos)
            raise self.error("unexpected ')' with no matching '('", tok.pos)
        # AND / OR where a term should be
        if after:
            raise self.error(f"expected a term after '{after}', found '{tok.text}'", tok.pos)
        raise self.error(f"'{tok.text}' needs a term on each side", tok.pos)


def _flatten(cls: type[And] | type[Or], children: list[Node]) -> Node:
    if len(children) == 1:
        return children[0]
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, cls) else [child])
    return cls(flat)


def _words(query: str, channel: str, raw: str, start: int, quoted: bool) -> Words:
    """A Words node for ``raw`` (a word, or a phrase's inside), validating its wildcard."""
    lead = len(raw) - len(raw.lstrip())
    text = raw.strip()
    start += lead
    if not text:
        raise QueryError("empty phrase: put words between the quotes", query, start - 1)
    prefix = text.endswith("*")
    core = text[:-1] if prefix else text
    star = core.find("*")
    if star >= 0:
        raise QueryError("'*' can only end a word, as a prefix wildcard (nuclear*)", query, start + star)
    if prefix and (not core or not WORD.fullmatch(fold(core[-1]))):
        raise QueryError("'*' must directly follow a letter or digit", query, start + len(core))
    tokens = tuple(words(core))
    if not tokens:
        raise QueryError(f"no letters or digits to match in {text!r}", query, start)
    if prefix:
        if len(tokens[-1]) < MIN_PREFIX:
            raise QueryError(f"a wildcard needs at least {MIN_PREFIX} letters before '*'",
                             query, start + len(core))
    return Words(channel, tokens, prefix, " ".join(text.split()), quoted)


def _field(query: str, field: str, raw: str, start: int, quoted: bool) -> Node:
    """A FieldFilter for ``field:raw``."""
    value = " ".join(raw.split())
    if field in ENUMS:
        folded = fold(value)
        if folded not in ENUMS[field]:
            allowed = ", ".join(ENUMS[field])
            raise QueryError(f"{field}: must be one of {allowed} (got {value!r})", query, start)
        return FieldFilter(field, value, Exact(field, folded), quoted)
    inner: Node = _words(query, field, raw, start, quoted)
    if field == "speaker" and not value.endswith("*"):
        linked = [Exact("speaker_id", fold(sid)) for sid in sorted(kb_speaker_ids(value))]  # KB aliases
        inner = Or([inner, Exact("speaker_id", fold(value)), *linked])  # a name, or a speaker id
    return FieldFilter(field, value, inner, quoted)


@lru_cache(maxsize=4096)
def compile_query(text: str) -> Query:
    """Parse and compile ``text``; raises QueryError pointing at the first problem."""
    if not isinstance(text, str):
        raise QueryError(f"a query must be text, got {type(text).__name__}", "", 0)
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query longer than {MAX_QUERY_CHARS} characters", text[:80], 80)
    root = _Parser(text).parse()
    return Query(text, root, root.anchors())
