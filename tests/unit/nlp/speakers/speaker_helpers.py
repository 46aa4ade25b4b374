"""Resolving one invented mention, for the construction tests of each resolver module."""
from __future__ import annotations

from streams.nlp.model import Span, Speaker, Statement
from streams.nlp.speakers import Explanation, explain, resolve


def resolved(text: str, mention: str, nth: int = 0) -> tuple[Speaker, Explanation]:
    """The speaker of a statement whose mention is the ``nth`` occurrence of ``mention``, and which
    resolver gave it."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(mention, start + 1)
    st = Statement("indirect", (Span(0, 1),), None, Span(start, start + len(mention)), 0, 1.0)
    sp = resolve(text, [st])[0]
    assert sp is not None
    return sp, explain(text, [st])[0]
