"""The article's text structure as resolution reads it: capitalised chunks, and the one document
model extraction built (:func:`streams.nlp.text.layout`: where the headline ends, paragraphs,
sentences, quotations), read by bisection; the headline, which the layout leaves out of the body,
is read by the same rules when first asked. Whether a capitalised word opens a sentence (its capital
may be the sentence's) is asked of it too (:func:`opens_sentence`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate, count
from operator import add, attrgetter, itemgetter
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from ..cues import NAME_PARTICLES
from ..text import SENTENCE_OPENING, Layout, Quote, find_quotes, paragraph_spans, sentence_ends, sentence_spans

if TYPE_CHECKING:
    from .article import _Article


_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"


# The characters a capitalised word goes on with: \w and ' ’ - /. The ASCII letters and digits, listed
# too, are found in the class's bitmap before the Unicode category look-up that \w makes.
_WORD_CHAR = r"[A-Za-z0-9\w'’\-/]"


def _by_first_letter(words: frozenset[str]) -> str:
    """A regex alternation of ``words`` grouped by their first letter ("d(?:ella|el|e|a)|v(?:on|an)"), so that
    the split rejects a word that opens no particle at its first character."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=lambda w: (-len(w), w)):
        groups.setdefault(w[0], []).append(re.escape(w[1:]))
    return "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items())) + ")"


_PARTICLE = _by_first_letter(NAME_PARTICLES)


def _chunk_pattern(up: str, word_char: str) -> str:
    """Capitalised words (a capital of ``up``, then characters of ``word_char``) joined by single spaces,
    one or two name particles allowed between two ("von der Leyen"). Possessive quantifiers: nothing after
    them can need a shorter match, and the split runs faster."""
    cap = rf"[{up}]{word_char}*+(?:\.[{up}])*+\.?"
    return rf"{cap}(?:[ \u00a0](?:{_PARTICLE}[ \u00a0]){{0,2}}{cap})*+"


_CHUNK_PATTERN = _chunk_pattern(_UP, _WORD_CHAR)
"""One capitalised chunk (the split below finds them all; compiled on its own only by the tests)."""


_CHUNK_SPLIT = patterns.compile("(" + _CHUNK_PATTERN + ")")


# The ASCII characters of _UP and _WORD_CHAR: in an ASCII text the split finds the same chunks with
# them, each class one bitmap (the general ones need a two-level one, and a Unicode category look-up).
_UP_ASCII = "A-Z"


_WORD_CHAR_ASCII = r"[A-Za-z0-9_'\-/]"


_CHUNK_SPLIT_ASCII = patterns.compile("(" + _chunk_pattern(_UP_ASCII, _WORD_CHAR_ASCII) + ")")


_NONSPACE = patterns.compile(r"\S+")


@lru_cache(maxsize=65536)
def _ends_sentence_inside(chunk: str) -> bool:
    """Whether a word of the chunk (not its last) ends with a sentence's period ("Kim. Then")."""
    words = chunk.split(" ")[:-1]
    return any(w.endswith(".") and not R.is_abbrev_token(w) for w in words)


class Document:
    """The article's text structure: the layout extraction built (given, not rebuilt), its
    capitalised chunks (starts, ends and texts, found when :func:`chunks` first asks), the
    headline's sentences and quotations (:func:`_head`), the sentence ends counted inside
    each quotation, and the sentences read inside the quotations (:func:`_opens_quoted_sentence`)."""

    __slots__ = ("ce", "cs", "ct", "head", "joined", "lay", "quote_sentences", "quoted_starts", "sentence_starts")

    def __init__(self, lay: Layout) -> None:
        self.lay = lay
        self.cs: list[int] | None = None  # None: not split yet
        self.ce: list[int] = []
        self.ct: list[str] = []
        self.joined: tuple[str, list[int]] | None = None  # the chunk texts joined (joined_chunks; None: not yet)
        self.head: tuple[list[tuple[int, int]], list[Quote]] | None = None  # headline sentences, quotations
        self.quote_sentences: dict[int, int] = {}  # quotation start -> sentence ends inside it
        self.quoted_starts: dict[int, list[int]] = {}  # a sentence's quoted part -> its later sentence starts
        self.sentence_starts: list[int] | None = None  # the layout's sentence starts (None: not listed yet)


def chunks(art: _Article) -> list[int]:
    """Start offsets of the capitalised chunks (ends in ``art.doc.ce``, texts in ``art.doc.ct``),
    found on first use with one C-level split (no per-match objects)."""
    doc = art.doc
    if doc.cs is None:
        text = art.text
        pieces = (_CHUNK_SPLIT_ASCII if text.isascii() else _CHUNK_SPLIT).split(text)
        offs = list(accumulate(map(len, pieces), initial=0))
        ct = pieces[1::2]
        cs = offs[1:-1:2]
        ce = offs[2::2]
        # fix-ups: a capital inside a word ("eBay": the text before the chunk ends in a letter
        # or digit), a sentence ending inside a chunk ("... Kim. Then ...")
        bad = [i for i, (gap, c) in enumerate(zip(pieces[0:-1:2], ct, strict=True))
               if (gap[-1:].isalnum() if gap else i and ct[i - 1][-1:].isalnum())
               or (". " in c and _ends_sentence_inside(c))]
        if bad:
            ncs: list[int] = []
            nce: list[int] = []
            nct: list[str] = []
            done = 0
            for i in bad:  # parts of a chunk stay inside its span, so the order holds
                ncs += cs[done:i]
                nce += ce[done:i]
                nct += ct[done:i]
                done = i + 1
                if cs[i] and text[cs[i] - 1].isalnum():
                    continue
                for a, b in _split_final(art, cs[i], ct[i]):
                    ncs.append(a)
                    nce.append(b)
                    nct.append(text[a:b])
            cs = ncs + cs[done:]
            ce = nce + ce[done:]
            ct = nct + ct[done:]
        doc.cs, doc.ce, doc.ct = cs, ce, ct
        art.index.sized(len(cs))
    return doc.cs


def _split_final(art: _Article, start: int, chunk: str) -> list[tuple[int, int]]:
    """Split a chunk where a sentence ends inside it ("... Kim. Then ...")."""
    out = []
    s = 0
    for m in _NONSPACE.finditer(chunk):
        tok = m.group()
        if tok.endswith(".") and m.end() < len(chunk) and not R.is_abbrev_token(tok):
            out.append((start + s, start + m.end() - 1))
            s = m.end() + 1
    out.append((start + s, start + len(chunk)))
    return [(a, b) for a, b in out if b > a]


_START = attrgetter("start")
_FIRST = itemgetter(0)


def _head(art: _Article) -> tuple[list[tuple[int, int]], list[Quote]]:
    """The headline, which the layout leaves out of the body, read by the same rules: its sentences
    (start, and where resolution takes each to end) and quotations. Built when first asked."""
    if art.doc.head is None:
        text = art.text
        head = text[:art.doc.lay.body_start]
        lines = paragraph_spans(head)
        # the quotations of the headline's lines, found in the headline alone (the same, as no
        # line reaches the body; a search of the whole text would list every mark of the article)
        quotes = find_quotes(head, lines) if lines else []
        spans: list[tuple[int, int]] = []
        for p_start, p_end in lines:
            starts = [a for a, _ in sentence_spans(text, p_start, p_end,
                                                   [q for q in quotes if q.start < p_end and q.end > p_start])]
            spans += zip(starts, starts[1:] + [p_end], strict=True)
        art.doc.head = (spans, quotes)
    return art.doc.head


def paragraph_before(art: _Article, ps: int) -> int | None:
    """Start of the body paragraph before the one starting at ``ps`` (None: ``ps`` starts none, or
    the first)."""
    paras = art.doc.lay.paragraphs
    k = bisect_left(paras, ps, key=_FIRST)
    if k == 0 or k == len(paras) or paras[k][0] != ps:
        return None
    return paras[k - 1][0]


def joined(texts: list[str]) -> tuple[str, list[int]]:
    """Chunk texts joined by newlines (which no chunk holds), and where each starts in the join (one
    more, past the join, for the end of the last): one ``str.find`` searches them all, and a hit's
    chunk is found by bisection."""
    return "\n".join(texts), list(map(add, accumulate(map(len, texts), initial=0), count()))


def joined_chunks(art: _Article) -> tuple[str, list[int]]:
    """The article's chunk texts joined (:func:`joined`), built once: the entity index searches it for
    a word's occurrences, and the person table searches it in lower case."""
    doc = art.doc
    if doc.joined is None:
        chunks(art)
        doc.joined = joined(doc.ct)
    return doc.joined


def sentence(art: _Article, pos: int) -> tuple[int, int]:
    """The sentence holding ``pos`` (the layout's, or the headline's): its start, and the next
    sentence's start in its paragraph (else the paragraph's end). A position before the first
    sentence is taken as in it."""
    lay = art.doc.lay
    sents = lay.sentences
    if pos < lay.body_start or not sents:
        spans = _head(art)[0]
        if not spans:
            return 0, len(art.text)
        i = max(bisect_right(spans, pos, key=_FIRST) - 1, 0)
        return spans[i]
    i = _body_sentence(art, pos)
    cur = sents[i]
    if i + 1 < len(sents) and sents[i + 1].para == cur.para:
        return cur.start, sents[i + 1].start
    return cur.start, lay.paragraphs[cur.para][1]


_OPENING = patterns.compile(SENTENCE_OPENING)


_COLON_GAP = frozenset(" \t\u00a0\"“‘'«([`")
"""What may stand between a colon and the word it leads: spaces, opening marks and brackets."""


def opens_sentence(art: _Article, pos: int) -> bool:
    """Whether the capitalised word at ``pos`` opens a sentence, so that its capital may be the
    sentence's and not the word's own: it opens a sentence of the layout (or of the headline), with
    nothing but opening quotation marks and brackets before it (a period after an abbreviation ends
    none: "... vs. Hope"); or it opens a sentence inside a quotation (:func:`_opens_quoted_sentence`),
    or leads a colon's clause (:func:`_after_colon`)."""
    text = art.text
    # two answers found without a search, the same the layout gives: most capitalised words stand
    # after a word, or a comma, and a space, where no reading ends a sentence (each end is a mark,
    # a colon or a line's end); a line's first word opens its first sentence
    if pos > 1 and text[pos - 1] == " " and (text[pos - 2].isalnum() or text[pos - 2] == ","):
        return False
    if pos == 0 or text[pos - 1] == "\n":
        return True
    lay = art.doc.lay
    if pos < lay.body_start or not lay.sentences:
        ss = sentence(art, pos)[0]
    else:
        ss = lay.sentences[_body_sentence(art, pos)].start
    if ss >= pos:
        return True
    if _OPENING.fullmatch(text, ss, pos) is not None:
        return True
    return _after_colon(text, ss, pos) or _opens_quoted_sentence(art, ss, pos)


def _after_colon(text: str, ss: int, pos: int) -> bool:
    """The word after a colon (and spaces and opening marks: 'He said: Smith ...', 'Iowa TV: "Securing
    ...'), which the layout takes as inside the colon's sentence, is written as a sentence's first
    word: its capital may be the sentence's."""
    k = pos - 1
    while k > ss and text[k] in _COLON_GAP:
        k -= 1
    return text[k] == ":"


def _opens_quoted_sentence(art: _Article, ss: int, pos: int) -> bool:
    """Whether ``pos`` opens a sentence inside a quotation, after the quotation's first ('“We won.
    We are glad,” she said.' — "We" of the second): the layout never splits a sentence inside a
    quotation; the quotation's part of the sentence starting at ``ss`` is read by the same sentence
    rules (:func:`streams.nlp.text.sentence_spans`) when first asked, and kept."""
    lay = art.doc.lay
    quotes = lay.quotes if pos >= lay.body_start else _head(art)[1]
    k = bisect_right(quotes, pos, key=_START) - 1
    if k < 0 or pos >= quotes[k].end:
        return False
    a = max(ss, quotes[k].start)
    if _OPENING.fullmatch(art.text, a, pos) is not None:
        return False  # the quotation's first word: no later sentence of it
    starts = art.doc.quoted_starts.get(a)
    if starts is None:
        b = min(sentence(art, pos)[1], quotes[k].end)
        starts = art.doc.quoted_starts[a] = [s for s, _ in sentence_spans(art.text, a, b, [])[1:]]
    i = bisect_right(starts, pos) - 1
    return i >= 0 and _OPENING.fullmatch(art.text, starts[i], pos) is not None


def _body_sentence(art: _Article, pos: int) -> int:
    """The index of the layout sentence holding ``pos`` (a body position; before the first sentence:
    the first), by bisection of the sentence starts, listed once per article."""
    doc = art.doc
    starts = doc.sentence_starts
    if starts is None:
        starts = doc.sentence_starts = list(map(_START, doc.lay.sentences))
    return max(bisect_right(starts, pos) - 1, 0)


def sentences_read(art: _Article, a: int, b: int) -> int:
    """How many sentences a reader counts in the layout's sentence ``[a, b)``: one, plus one for each
    sentence end inside its quotations ("“We won. We are glad,” she said." is two)."""
    lay = art.doc.lay
    quotes = lay.quotes if a >= lay.body_start else _head(art)[1]
    k = bisect_left(quotes, a, key=_START)
    n = 1
    counted = art.doc.quote_sentences  # each quotation scanned once: a long one may be crossed often
    while k < len(quotes) and quotes[k].start < b:
        q = quotes[k]
        ends = counted.get(q.start)
        if ends is None:
            ends = counted[q.start] = len(sentence_ends(art.text, q.start, q.end - 1))
        n += ends
        k += 1
    return n


def prev_sentence(art: _Article, ss: int) -> int | None:
    """Start of the sentence before the one starting at ``ss`` (across paragraphs)."""
    k = ss - 1
    while k >= 0 and art.text[k] in " \t\n\r\u00a0":
        k -= 1
    if k < 0:
        return None
    return sentence(art, k)[0]


def next_sentence(art: _Article, end: int) -> tuple[int, int] | None:
    """The sentence after the one ending at ``end`` (across paragraphs), as :func:`sentence` gives it."""
    text = art.text
    k = end
    while k < len(text) and text[k] in " \t\n\r\u00a0":
        k += 1
    if k >= len(text):
        return None
    return sentence(art, k)


def in_quote(art: _Article, pos: int) -> bool:
    """Whether ``pos`` is inside one of the layout's quotations (or the headline's), after its
    opening mark."""
    lay = art.doc.lay
    quotes = lay.quotes if pos >= lay.body_start else _head(art)[1]
    k = bisect_left(quotes, pos, key=_START) - 1
    return k >= 0 and pos < quotes[k].end
