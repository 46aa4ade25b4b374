"""The shortcuts that keep statement extraction cheap give the answers of the plain readings.

Each fast path is checked against the straightforward reading it replaces, on invented text,
so that editing a word list or a pattern on one side only cannot silently change what
extraction returns.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.nlp.cues import POSSESSOR_BEFORE, SCAN_WORDS, scan_pattern
from streams.nlp.statements.cue_scan import (
    _CARRIED_INFINITIVE,
    _CARRIED_INFINITIVE_REVERSED,
    _POSSESSOR_BEFORE_REVERSED,
    _PREV_WORD,
    _ends_before,
    _prev_word,
    _scan_words,
)
from streams.nlp.text import (
    _MARK,
    _SENTENCE_END,
    _TOKEN_SPLIT,
    _TOKEN_SPLIT_ASCII,
    Quote,
    _regex_tokens,
    layout,
    quote_marks,
    sentence_ends,
    tokenize,
)

# --- the cue scan ------------------------------------------------------------------------------


def _plain_scan_words(text: str, start: int, quotes: list[Quote]) -> list[tuple[int, str]]:
    """The cue scan as one regular expression over each range between quotations."""
    ranges = []
    pos = start
    for q in quotes:
        if q.start > pos:
            ranges.append((pos, q.start))
        pos = max(pos, q.end)
    ranges.append((pos, len(text)))
    return [(m.start(), m.group()) for a, b in ranges for m in scan_pattern().finditer(text, a, b)]


def _both(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    lay = layout(text)
    return _scan_words(text, lay.body_start, lay.quotes), _plain_scan_words(text, lay.body_start, lay.quotes)


@pytest.mark.parametrize(
    "text",
    [
        "Headline\n\nThe mayor said the city went on to say it made clear that, according to aides, it was fine.",
        'Title line\n"We are ready," said Lopez, who says "we said so." Said Wood: "no."',
        "Head\n\nHe went on to  say it; she went on, to say more, then went on to say it. According to\nhim.",
        "Head\n\nsaid2 _said said_ xsaid saidx saïd said\u00e9 \u00e9said \u212aay 3said s\u00a0aid said\u00a0so",
        "Head\n\nThe state states State's claims: his claim, Trump\u2019s attacks on, so-called calls for, point out.",
        "Head\n\n\u201cWe said it,\u201d she said. \u2018They said,\u2019 he said. ``Said it,'' he said.",
        "Head\n\n\"an unclosed quotation said\nsaid the next paragraph, says he.",
        "said at the start of a text without a headline, said again",
        "Head\n\nPointed out, pointed to, Pointing out, put it, Puts it bluntly, shot back, Shoot back.",
    ],
)
def test_the_cue_scan_finds_what_the_scan_regex_finds(text: str) -> None:
    fast, plain = _both(text)
    assert fast == plain
    assert fast  # (each text holds scan words outside its quotations)


SCAN_PIECES = [
    *sorted(SCAN_WORDS)[::25], "said", "Said", "says", "according to", "According to", "went on to say",
    "made clear", "point out", "point to", "put it", "shot back", "state", "statement", "so-called", "Stevie",
    "his", "Trump's", "the", "on", "to", "say", ",", ".", ":", "-", '"', "“", "”", "‘", "’", "'", "''", "``",
    "(", "\n", "\n\n", " ", "  ", "\u00a0", "\t", "é", "\u212a", "İ", "_", "3", "x", "Head",
]


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(SCAN_PIECES), max_size=80).map(" ".join)
    | st.lists(st.sampled_from(SCAN_PIECES), max_size=80).map("".join)
)
def test_the_cue_scan_finds_what_the_scan_regex_finds_in_any_text(text: str) -> None:
    fast, plain = _both(text)
    assert fast == plain


# --- tokens ------------------------------------------------------------------------------------


def _plain_tokens(text: str) -> tuple[list[str], list[int], list[int]]:
    """``TOKEN`` over the whole text at once."""
    return _regex_tokens(_TOKEN_SPLIT_ASCII if text.isascii() else _TOKEN_SPLIT, text, 0)


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said, in a statement: “We are ready.” (AP) U.S. troops; 12,000 at 10:30, don't Trump's",
        "so-called  double  spaces\tand a tab, 1,5 and 1, 10: the end.",
        "''Quoted'' ``too'' and Sanders' campaign, 'S and ’s and rock 'n' roll!?",
        "\x1c file\x1fseparators\x1c, é, ², e\u0301, İstanbul, naïve. under_score_ _x_ .",
        "",
        " ",
        "word",
    ],
)
def test_tokens_are_those_of_the_token_pattern(text: str) -> None:
    assert tokenize(text, 0, len(text)) == _plain_tokens(text)
    padded = "xx " + text + " yy"
    assert tokenize(padded, 3, 3 + len(text)) == tuple(
        [x + 3 for x in part] if k else part for k, part in enumerate(_plain_tokens(text))
    )


TOKEN_PIECES = [
    "a", "Z", "0", "9", "_", " ", "  ", ".", ",", ";", ":", "!", "?", ")", "(", "'", "’", "‘", '"', "“", "”", "-",
    "&", "$", "%", "\t", "\n", "\xa0", "\x1c", "\x1f", "é", "²", "\u0301", "İ", "`", "''", "``", "'s", "’S",
    "12,000", "10:30", "U.S.", "don't", "said", "Mr.",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(TOKEN_PIECES), max_size=40).map("".join))
def test_tokens_are_those_of_the_token_pattern_in_any_text(text: str) -> None:
    assert tokenize(text, 0, len(text)) == _plain_tokens(text)


# --- the word before a noun-like cue -----------------------------------------------------------

PREV_PIECES = ["Trump", "critics", "x", "é", "_", "3", ".", "'", "’", ",", ",,", " ", "  ", "\t", "\xa0", "\n", "-", "said"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PREV_PIECES), max_size=30).map("".join), st.integers(0, 60))
def test_the_word_before_a_cue_is_what_the_window_search_finds(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    plain = _PREV_WORD.search(text, max(0, pos - 25), pos)
    assert _prev_word(text, pos) == (plain.group(1) if plain is not None else None)


# --- the possessor before a speech noun, the carrier verb before a cue infinitive -----------------

WINDOW_PIECES = [
    "his", "His", "her", "their", "Their", "its", "ITS", "our", "my", "My", "'s", "’s", "s", "'", "Trump", "big", "new",
    "went on", "goes on", "go on", "going on", "continue", "continues", "continued", "continuing", "under", "to",
    "claim", "x", "é", "_", "3", "-", ".", ",", " ", "  ", "\t", "\xa0", "\u2003", "\n",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(WINDOW_PIECES), max_size=30).map("".join), st.integers(0, 200))
def test_reversed_windows_find_what_the_plain_patterns_find(text: str, cut: int) -> None:
    for pos in sorted({min(cut, len(text)), len(text)}):
        assert _ends_before(_POSSESSOR_BEFORE_REVERSED, text, pos, 40) == (
            POSSESSOR_BEFORE.search(text, max(0, pos - 40), pos) is not None
        )
        assert _ends_before(_CARRIED_INFINITIVE_REVERSED, text, pos, 30) == (
            _CARRIED_INFINITIVE.search(text, max(0, pos - 30), pos) is not None
        )


# --- quotation marks and sentence ends, by first character ---------------------------------------

MARK_PIECES = ["a", "Z", "0", " ", "\n", ".", "!", "?", "…", ")", "]", "(", "[", "'", "''", "`", "``", '"', "“", "”",
               "„", "‟", "«", "»", "‘", "’", "Reyes", "said", "\xa0", "A.", "U.S."]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(MARK_PIECES), max_size=40).map("".join), st.integers(0, 20), st.integers(0, 20))
def test_quote_marks_are_the_matches_of_the_plain_mark_pattern(text: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    # the apostrophe's lookahead sees the character after the range, as in the whole text
    plain = [m.span() for m in re.compile(_MARK).finditer(text, start, end + 1) if m.start() < end]
    assert [m.span() for m in quote_marks(text, start, end)] == plain


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(MARK_PIECES), max_size=40).map("".join), st.integers(0, 20), st.integers(0, 20))
def test_sentence_ends_are_the_matches_of_the_plain_pattern(text: str, cut_start: int, cut_end: int) -> None:
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    plain = [m.span() for m in re.compile(_SENTENCE_END).finditer(text, start, end)]
    assert [m.span() for m in sentence_ends(text, start, end)] == plain
