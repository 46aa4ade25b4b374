"""Shared by the statement grammar tests: run a short invented body and read what came out."""
from __future__ import annotations

from streams.nlp import Statement, extract_statements

LEAD = "Officials met on Tuesday.\n"
"""Every article starts with a plain body line, so that no test sentence is taken for a headline."""


def run(body: str) -> tuple[str, list[Statement]]:
    text = LEAD + body
    return text, extract_statements(text)


def content(text: str, st: Statement) -> list[str]:
    return [text[c.start:c.end] for c in st.content]


def speaker(text: str, st: Statement) -> str | None:
    return text[st.speaker.start:st.speaker.end] if st.speaker else None


def cue(text: str, st: Statement) -> str | None:
    return text[st.cue.start:st.cue.end] if st.cue else None


def only(body: str) -> tuple[str, Statement]:
    text, found = run(body)
    assert len(found) == 1, [content(text, s) for s in found]
    return text, found[0]
