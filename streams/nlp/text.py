"""Article text structure as offsets: paragraphs, quotations, sentences and word tokens.

Attribution in news is anchored on quotation structure and on sentence/paragraph
boundaries, so this module finds those once per article with precompiled regular
expressions and linear scans (no backtracking-prone patterns), and hands the
statement grammar plain integer offsets into the untouched article text.

Conventions:
* A paragraph is a non-blank line, trimmed of surrounding whitespace.
* The headline (a short block before the first blank line) is not body text.
* A quotation runs from its opening mark to just after its closing mark. A
  paragraph that opens a quotation without closing it continues into the next
  paragraph when that one opens with a quotation mark again (newswire style).
* Sentences never split inside a quotation: ``"We are ready. We act," he said.``
  is one sentence, because the attribution belongs to the whole quote.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate, islice
from operator import methodcaller

from . import patterns

# --- paragraphs and headline -------------------------------------------------

_LINE = patterns.compile(r"[^\n]+")
_BLANK_LINE = patterns.compile(r"\n[ \t\r\f\v]*\n")
_WORD = patterns.compile(r"\w+")
_NON_SPACE = patterns.compile(r"\S")
"""Finds whether text goes on after an offset, without copying the rest of the article to strip it."""

HEADLINE_MAX_WORDS = 40
"""A block before the first blank line longer than this is body text, not a headline."""

TITLE_LINE_MAX_WORDS = 20
"""A first line without end punctuation and at most this many words is a title."""


_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")
"""Zero-width and direction marks that web copy leaves at paragraph starts; not text."""


def paragraph_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line from ``start``, trimmed of whitespace."""
    spans: list[tuple[int, int]] = []
    for m in _LINE.finditer(text, start):
        s, e = m.span()
        while s < e and (text[s].isspace() or text[s] in _INVISIBLE):
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def body_start(text: str) -> int:
    """Offset where the article body starts: after a headline block, if there is one.

    Wire copy and the evaluation corpora put the headline (sometimes with a deck
    line) before the first blank line; a single-newline article has a title line
    when its first line is short and has no sentence punctuation at its end.
    """
    blank = _BLANK_LINE.search(text)
    if blank is not None:
        head = text[: blank.start()]
        if head.strip() and len(_WORD.findall(head)) <= HEADLINE_MAX_WORDS and _NON_SPACE.search(text, blank.end()):
            return blank.end()
    first = text.find("\n")
    if first > 0:
        line = text[:first].strip()
        if (
            line
            and line[-1] not in ".!?\"”’:;,"
            and len(_WORD.findall(line)) <= TITLE_LINE_MAX_WORDS
            and _NON_SPACE.search(text, first)
        ):
            return first + 1
    return 0


# --- quotation marks ---------------------------------------------------------

# Families pair independently, so that a straight-quoted passage holding a curly
# quotation (or the other way round) still pairs; what ends up nested is dropped.
_CURLY, _STRAIGHT, _DOUBLE_APOS, _SINGLE = 0, 1, 2, 3
_OPEN, _CLOSE, _EITHER = 1, 2, 3

_MARK = r"[\"“”„‟«»‘’'`](?:(?<=')'|(?<=`)`)?(?<!\w[‘’'](?=\w))"
"""Quotation marks ('' and `` as one mark); a single mark between two word characters is an
apostrophe and not matched. The plain pattern of ``quote_marks``, which runs it split by its first
character (compiled whole only by the tests)."""
_MARK_REST = r"(?:(?<=')'|(?<=`)`)?(?<!\w[‘’'](?=\w))"
_MARKS_BY_CHAR = tuple((ch, patterns.compile(re.escape(ch) + _MARK_REST)) for ch in "\"“”„‟«»‘’'`")
"""_MARK split by its first character: literal-led patterns let the engine jump to candidates."""


_START = methodcaller("start")
"""A match's start, as a sort key (called in C)."""


def quote_marks(text: str, start: int = 0, end: int | None = None,
                limit: int | None = None) -> list[re.Match[str]]:
    """The matches of ``_MARK`` in ``text[start:end]``, in order (same result, faster); with
    ``limit``, at most that many of each kind of mark (enough to tell a paragraph has too many)."""
    stop = len(text) if end is None else end
    found: list[re.Match[str]] = []
    kinds = 0
    for ch, pattern in _MARKS_BY_CHAR:
        if text.find(ch, start, stop) >= 0:
            # endpos one past ``stop`` so that the apostrophe lookahead sees what it would see in
            # the whole text; a match starting there is not in the range
            more = [m for m in islice(pattern.finditer(text, start, stop + 1), limit) if m.start() < stop]
            if more:
                found += more
                kinds += 1
    if kinds > 1:
        found.sort(key=_START)
    return found


def _marks_of_paragraphs(text: str, paragraphs: list[tuple[int, int]]) -> list[re.Match[str]]:
    """``quote_marks`` from the first paragraph on, without the marks of paragraphs holding more
    than ``MAX_MARKS_PER_PARAGRAPH`` (which get no quotations anyway).

    Text with many mark characters is scanned paragraph by paragraph, taking at most one mark
    over the limit per kind: a body of ten million quote marks costs a few thousand match
    objects instead of ten million (linear time, bounded memory).
    """
    start = paragraphs[0][0]
    # (a body shorter than the limit cannot hold more marks than it: no need to count them)
    if len(text) - start <= _MANY_MARK_CHARS or sum(text.count(ch, start) for ch, _ in _MARKS_BY_CHAR) <= (
        _MANY_MARK_CHARS
    ):
        return quote_marks(text, start)
    found: list[re.Match[str]] = []
    for p_start, p_end in paragraphs:
        here = quote_marks(text, p_start, p_end, limit=MAX_MARKS_PER_PARAGRAPH + 1)
        if len(here) <= MAX_MARKS_PER_PARAGRAPH:
            found += here
    return found


_MANY_MARK_CHARS = 20_000
"""Above this many mark characters, ``_marks_of_paragraphs`` scans paragraph by paragraph."""


_MARK_KIND: dict[str, tuple[int, int]] = {
    "“": (_CURLY, _OPEN), "„": (_CURLY, _OPEN), "‟": (_CURLY, _OPEN), "«": (_CURLY, _OPEN),
    "”": (_CURLY, _CLOSE), "»": (_CURLY, _CLOSE),
    '"': (_STRAIGHT, _EITHER),
    "``": (_DOUBLE_APOS, _OPEN), "''": (_DOUBLE_APOS, _EITHER),
    "‘": (_SINGLE, _OPEN), "’": (_SINGLE, _CLOSE), "'": (_SINGLE, _EITHER), "`": (_SINGLE, _OPEN),
}
MAX_MARKS_PER_PARAGRAPH = 1000
"""A paragraph with more quotation marks than this is not prose; it gets no quotations (keeps
pathological input, such as a million quote marks, linear and cheap)."""
_BEFORE_OPEN = set("([{—–-/“\"‘'«:")
_AFTER_CLOSE = set(".,;:!?)]}—–-”\"’'»…")
OPENING_MARKS = frozenset("“„‟«\"‘'`")
"""Characters that can open a quotation (the first character of a quoted content)."""


@dataclass(slots=True)
class Quote:
    """One quotation: ``start`` is its opening mark, ``end`` is just past its closing mark.

    ``closed`` is False for a quotation left open at the end of its last paragraph.
    ``first_para``/``last_para`` differ for a quotation that runs over paragraphs.
    """

    start: int
    end: int
    closed: bool
    first_para: int
    last_para: int
    family: int
    words: int = 0

    @property
    def single(self) -> bool:
        """Single quotation marks: in news, headline quotes and scare quotes."""
        return self.family == _SINGLE


def _mark_role(text: str, pos: int, end: int, para_start: int, para_end: int, role: int, family: int) -> int:
    """Whether an ambiguous mark opens or closes, judged from the characters around it.

    Returns _OPEN, _CLOSE, _EITHER, or 0 for an apostrophe (a single mark inside a word).
    """
    prev = text[pos - 1] if pos > para_start else ""
    nxt = text[end] if end < para_end else ""
    can_open = not prev or (prev.isspace() or prev in _BEFORE_OPEN) and bool(nxt) and not nxt.isspace()
    can_close = bool(prev) and not prev.isspace() and (not nxt or nxt.isspace() or nxt in _AFTER_CLOSE)
    if family == _SINGLE:
        # An apostrophe is a single mark between two word characters, or after a
        # word before a space when it is a plural possessive (Clintons’ plan).
        if prev.isalnum() and nxt.isalnum():
            return 0
        if role == _OPEN:
            return _OPEN if can_open else 0
        if role == _CLOSE or role == _EITHER:
            if can_open and not can_close and role == _EITHER:
                return _OPEN
            return _CLOSE if can_close else 0
    if role != _EITHER:
        # a curly mark the wrong way round (” opening a paragraph) goes by its context
        if role == _CLOSE and can_open and not can_close:
            return _OPEN
        if role == _OPEN and can_close and not can_open:
            return _CLOSE
        return role
    if can_open and not can_close:
        return _OPEN
    if can_close and not can_open:
        return _CLOSE
    return _EITHER


def _pair_paragraph(
    text: str, p_start: int, p_end: int, para: int, marks: list[re.Match[str]]
) -> tuple[list[Quote], dict[int, tuple[int, int]]]:
    """Closed quotations of one paragraph (its quotation ``marks``), and per family the still-open mark
    at its end.

    Curly marks nest (their direction is explicit), so they pair with a stack; a
    straight mark cannot nest, so a second opener means the first was stray.
    """
    stacks: dict[int, list[int]] = {}
    quotes: list[Quote] = []
    for m in marks:
        family, role = _MARK_KIND[m.group()]
        pos, end = m.start(), m.end()
        role = _mark_role(text, pos, end, p_start, p_end, role, family)
        if role == 0:
            continue
        stack = stacks.get(family)
        if not stack and role != _OPEN and family in (_CURLY, _STRAIGHT):
            # “...," — a straight mark closing a curly one, or the other way round
            other = _STRAIGHT if family == _CURLY else _CURLY
            if stacks.get(other):
                family, stack = other, stacks[other]
        if not stack:
            if role != _CLOSE:
                stacks[family] = [pos]
        elif role == _OPEN:
            if family == _CURLY:
                stack.append(pos)
            else:
                stack[-1] = pos  # a second straight opener: the first was a stray mark
        else:
            opened = stack.pop()
            if not stack:
                quotes.append(Quote(opened, end, True, para, para, family))
    return quotes, {f: (st[0], para) for f, st in stacks.items() if st}


def _drop_nested(quotes: list[Quote]) -> list[Quote]:
    """Outermost quotations only, in text order (crossing pairs keep the earlier one)."""
    quotes.sort(key=lambda q: (q.start, -q.end))
    kept: list[Quote] = []
    last_end = -1
    for q in quotes:
        if q.start >= last_end:
            kept.append(q)
            last_end = q.end
    return kept


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """All outermost quotations of the article, multi-paragraph ones merged, in text order."""
    result: list[Quote] = []
    if not paragraphs:
        return result
    found = _marks_of_paragraphs(text, paragraphs)
    if not found:
        return result
    marks = [m.start() for m in found]
    mi, n_marks = 0, len(marks)
    pending: Quote | None = None  # an open quotation that may continue in the next paragraph
    held: list[Quote] = []  # quotations inside the pending one, given back if it never continues
    for para, (p_start, p_end) in enumerate(paragraphs):
        while mi < n_marks and marks[mi] < p_start:
            mi += 1
        if mi == n_marks or marks[mi] >= p_end:
            pending = None  # no mark here: nothing opens, and nothing continues
            result.extend(held)
            held = []
            continue
        mj = bisect_left(marks, p_end, mi)
        if mj - mi > MAX_MARKS_PER_PARAGRAPH:
            pending = None
            result.extend(held)
            held = []
            mi = mj
            continue
        quotes, still_open = _pair_paragraph(text, p_start, p_end, para, found[mi:mj])
        if pending is not None:
            reopens = text[p_start] in OPENING_MARKS
            cont = next((q for q in quotes if q.start == p_start and q.family == pending.family), None)
            if cont is not None:
                # the quotation closes in this paragraph
                quotes.remove(cont)
                pending.end, pending.last_para, pending.closed = cont.end, para, True
                result.append(pending)
                pending = None
                held = []
            elif reopens and still_open.get(pending.family, (-1, 0))[0] == p_start:
                # the quotation runs through this whole paragraph and on
                pending.end, pending.last_para = p_end, para
                continue
            else:
                # never continued: a stray mark (or a quotation cut short), not a quotation;
                # the quotations it seemed to contain are real ones
                pending = None
                result.extend(held)
                held = []
        # An opening mark left open: a multi-paragraph quotation, or one whose closing
        # mark is missing; it runs to the paragraph end either way.
        opens = sorted([pos for family, (pos, _) in still_open.items() if family != _SINGLE]) if still_open else []
        for pos in opens:
            if any(q.start < pos < q.end for q in quotes):
                continue
            held = [q for q in quotes if q.end > pos]
            quotes = [q for q in quotes if q.end <= pos]
            family = next(f for f, (p, _) in still_open.items() if p == pos)
            pending = Quote(pos, p_end, False, para, para, family)
            break
        result.extend(quotes)
    result.extend(held)
    result = _drop_nested(result)
    for q in result:
        # word count, near enough for "is this a one-word scare quote": spaces plus one
        q.words = text.count(" ", q.start, q.end) + 1 if q.end - q.start > 2 else 0
    return result


# --- sentences ---------------------------------------------------------------

SENTENCE_OPENING = r"[\"“‘'«(\[`]*"
"""What may stand before a sentence's first word (from its start): opening quotation marks and brackets."""
_SENTENCE_END = r"[.!?…]+[\"”’'»)\]]*[^\S\n]+(?=" + SENTENCE_OPENING + "[A-Z0-9])"
"""Where a sentence may end: the plain pattern of ``sentence_ends`` (compiled whole only by the tests)."""
_END_TAIL = r"[.!?…]*[\"”’'»)\]]*[^\S\n]+(?=" + SENTENCE_OPENING + "[A-Z0-9])"
_ENDS_BY_MARK = tuple((ch, patterns.compile(re.escape(ch) + _END_TAIL)) for ch in ".!?…")
"""_SENTENCE_END split by its first character: a pattern that opens with a literal lets the regex
engine skip to candidates at C speed (four such scans cost a third of one class-led scan)."""


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """The matches of ``_SENTENCE_END`` in ``text[start:end]``, in order (same result, faster)."""
    end = len(text) if end is None else end
    found: list[re.Match[str]] = []
    runs = 0
    for ch, pattern in _ENDS_BY_MARK:
        if text.find(ch, start, end) >= 0:
            more = list(pattern.finditer(text, start, end))
            if more:
                found += more
                runs += 1
    if runs < 2:
        return found
    # a run such as '?!' or '!.' matched from each of its marks: keep the leftmost, as one scan would
    found.sort(key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    last = -1
    for m in found:
        if m.start() >= last:
            kept.append(m)
            last = m.end()
    return kept
_CLOSING_MARKS = frozenset("”\"’'»")
_FRAME_AFTER_QUOTE = patterns.compile(
    r"(?:[A-Z][\w.’'-]*\s+){1,4}(?:said|says|asked|asks|added|adds|wrote|writes|told|tells|replied|"
    r"explained|continued|recalled|shouted|yelled|chanted|exclaimed|responded|quipped|joked|demanded|"
    r"wondered|noted|argued|insisted|declared|tweeted)\b(?![^.!?\"“”\n]{0,60}:)"
)
"""A capitalised speaker and a cue right after a quotation (no new sentence: '"No," Graham said.');
not a frame that introduces a quotation of its own ('He added: "..."')."""
_FRAME_END = patterns.compile(
    r"[^\S\n]*(?:[,.;:!?]|$|(?:on|in|at|during|after|before|yesterday|today|last|this|earlier|later|[A-Z][a-z]+day)\b)"
)
"""After a quotation that ends in a period, a capitalised subject and cue are its frame only when the
frame ends there ('"We are ready." Reyes said.'), not when the cue takes an object of its own
('... "unacceptable." Mayor Ruiz wrote a letter to ...': a new sentence)."""
_ANY_FRAME_AFTER_QUESTION = patterns.compile(
    r"(?:(?:[A-Z][\w.’'-]*|the|a|an)\s+){1,4}(?:[a-z]+ed|went on|shot back|began|wrote|cried|sang)\b"
    r"(?![^.!?\"“”\n]{0,60}:)"
)
"""After a question or exclamation any past-tense verb makes a frame ('"Really?" Reyes laughed.')."""
ABBREVIATIONS = frozenset(
    """mr mrs ms dr sen rep reps gov gen lt col sgt capt cmdr adm maj st jr sr prof rev hon pres supt
    atty insp gens sens messrs mt ft no nos vs etc inc corp co ltd bros dept univ assn approx est
    jan feb mar apr jun jul aug sep sept oct nov dec fig vol pp al ave blvd rd""".split()
)
_SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i you his her their its this that these those but and
    in on at for if when while after before as so yet there here what who why how""".split()
)


def sentence_spans(
    text: str, p_start: int, p_end: int, quotes: list[Quote]
) -> list[tuple[int, int]]:
    """Sentences of one paragraph as trimmed spans, never splitting inside a quotation.

    ``quotes`` are the quotations overlapping the paragraph, in text order.
    """
    return _split_paragraph(text, p_start, p_end, quotes, sentence_ends(text, p_start, p_end))


def _split_paragraph(
    text: str, p_start: int, p_end: int, quotes: list[Quote], candidates: list[re.Match[str]]
) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph from its sentence-end candidates."""
    spans: list[tuple[int, int]] = []
    s = p_start
    qi = 0
    for m in candidates:
        dot = m.start()
        punct_end = dot + len(m.group().rstrip())
        while qi < len(quotes) and quotes[qi].end <= punct_end:
            qi += 1
        if qi < len(quotes) and quotes[qi].start < dot:
            continue  # the quotation goes on past this period
        if _is_abbreviation(text, dot, p_start, m.end()):
            continue
        if text[punct_end - 1] in _CLOSING_MARKS and _frame_follows(text, punct_end, m.end()):
            continue  # '"Why not?" Graham asked.': the frame belongs to the quotation
        spans.append((s, punct_end))
        s = m.end()
    if s < p_end:
        spans.append((s, p_end))
    return spans


def _frame_follows(text: str, punct_end: int, at: int) -> bool:
    """Whether the words at ``at``, after a quotation closing at ``punct_end``, are its frame."""
    question = text[punct_end - 2] in "?!"
    frame = _FRAME_AFTER_QUOTE.match(text, at)
    if frame is not None and (question or _FRAME_END.match(text, frame.end())):
        return True
    return question and _ANY_FRAME_AFTER_QUESTION.match(text, at) is not None


def _is_abbreviation(text: str, dot: int, p_start: int, next_start: int) -> bool:
    """A period after an abbreviation or initial does not end the sentence (Mr. Austin, U.S. troops)."""
    if text[dot] != ".":
        return False
    lo = dot - 16 if dot - 16 > p_start else p_start  # (conditional expressions: max and min are slow calls)
    space = text.rfind(" ", lo, dot)
    if space < 0 and lo > p_start:
        return False  # a word of 16 characters or more is no abbreviation or initialism
    word = text[space + 1 if space >= 0 else p_start : dot].lstrip("\"“‘'([—–-")
    if not word or not word[-1].isalpha():
        return False
    if len(word) == 1:
        return word.isupper()  # an initial: Frank G. Jackson
    low = word.lower()
    if low in ABBREVIATIONS:
        return True
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        # an initialism (U.S., D.C., a.m.): a sentence end only before a clear sentence starter
        m = _WORD.match(text, next_start)
        return not (m and m.group().lower() in _SENTENCE_STARTERS)
    return False


# --- tokens ------------------------------------------------------------------

TOKEN = (
    r"\w++(?:[-.&]\w++|[’'](?![sS]\b)\w++|,(?<=\d,)\d{3}(?!\d)|:(?<=\d:)\d\d(?!\d))*+|[’'][sS]\b|''|``|[^\w\s]"
)
"""Words (keeping hyphens, inner apostrophes and dots: Jong-hyun, don't, U.S; thousands: 12,000; clock times:
10:30), a possessive or "is" clitic on its own ('s), else one symbol. Possessive quantifiers: nothing after a word can
succeed by giving characters back, so the engine need not remember how (10% faster)."""
_TOKEN_SPLIT = patterns.compile("(" + TOKEN + ")")
_TOKEN_SPLIT_ASCII = patterns.compile(_TOKEN_SPLIT.pattern, re.ASCII)
"""The same split for text without non-ASCII characters (most sentences): identical tokens,
a sixth faster, as ASCII character classes are cheaper to test."""


def tokenize(text: str, start: int, end: int) -> tuple[list[str], list[int], list[int]]:
    """Tokens of ``text[start:end]`` with their start and end offsets.

    The text is split at spaces first (in C): a token never holds a space, and ``TOKEN``'s
    lookarounds see a space and the end of a piece alike, so each piece tokenises on its own.
    Most pieces are one word, or one word and a closing punctuation mark, and give their tokens
    directly; the others go through ``TOKEN`` (see ``_regex_tokens``, the plain reading).
    """
    piece = text[start:end]
    pattern = _TOKEN_SPLIT_ASCII if piece.isascii() else _TOKEN_SPLIT
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = start
    for chunk in piece.split(" "):
        size = len(chunk)
        if chunk.isalnum():
            words.append(chunk)
            starts.append(pos)
            ends.append(pos + size)
        elif size > 1 and chunk[-1] in _CLOSING_PUNCTUATION and chunk[:-1].isalnum():
            words += (chunk[:-1], chunk[-1])
            starts += (pos, pos + size - 1)
            ends += (pos + size - 1, pos + size)
        elif size:
            w, s, e = _regex_tokens(pattern, chunk, pos)
            words += w
            starts += s
            ends += e
        pos += size + 1
    return words, starts, ends


_CLOSING_PUNCTUATION = frozenset(",.;:!?)")
"""Marks that are a token of their own after a word at the end of a piece (``TOKEN`` joins a
comma, period or colon to a word only when more word characters follow)."""


def _regex_tokens(pattern: re.Pattern[str], piece: str, start: int) -> tuple[list[str], list[int], list[int]]:
    """Tokens of ``piece`` (at offset ``start``) with their offsets, by ``pattern`` (a ``TOKEN``
    split): the pieces of ``split`` alternate whitespace and tokens, so running sums of their
    lengths (``accumulate``, in C) are the offsets."""
    pieces = pattern.split(piece)
    words = pieces[1::2]
    n = len(words)
    offsets = list(accumulate(map(len, pieces), initial=start))
    return words, offsets[1 : 2 * n : 2], offsets[2 : 2 * n + 1 : 2]


def tokenize_with_quotes(
    text: str, start: int, end: int, quotes: list[Quote]
) -> tuple[list[str], list[int], list[int], list[int]]:
    """Tokens of ``text[start:end]`` where each quotation (clipped to the range) is one token.

    The grammar never looks inside a quotation, so tokenising its words would be wasted
    work; the fourth list gives each token's quotation index in ``quotes`` (-1 outside).
    """
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    qids: list[int] = []
    pos = start
    for qi, q in enumerate(quotes):
        a = q.start if q.start > start else start
        b = q.end if q.end < end else end
        if b <= a:
            continue
        if a > pos:
            w, s, e = tokenize(text, pos, a)
            words += w
            starts += s
            ends += e
            qids += [-1] * len(w)
        words.append(text[a:b])
        starts.append(a)
        ends.append(b)
        qids.append(qi)
        pos = b
    if pos < end:
        w, s, e = tokenize(text, pos, end)
        words += w
        starts += s
        ends += e
        qids += [-1] * len(w)
    return words, starts, ends, qids


# --- the whole structure -----------------------------------------------------


@dataclass(slots=True)
class Sentence:
    """One sentence: its span, its paragraph, and its index among the body sentences."""

    start: int
    end: int
    para: int
    index: int


@dataclass(slots=True)
class Layout:
    """Paragraphs, quotations and sentences of one article body, all as offsets."""

    text: str
    body_start: int
    paragraphs: list[tuple[int, int]]
    quotes: list[Quote]
    sentences: list[Sentence] = field(default_factory=list)


_last_layout: Layout | None = None
"""The last layout built: extraction then resolution ask for the same text's layout, built once."""


def layout(text: str) -> Layout:
    """The structure the statement grammar works on, found in one pass per level (the last one is
    kept and given again for the same text: callers must not change it)."""
    global _last_layout
    last = _last_layout
    if last is not None and (last.text is text or last.text == text):
        return last
    _last_layout = built = _build_layout(text)
    return built


_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"

_PLACE = r"(?:[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*)"  # in capitals: "NEW YORK", "ST. LOUIS"
_STATE = rf"(?:, (?!{_MONTH_ABBR} )(?:[A-Z][a-z]*\.(?:[A-Z]\.)*|[A-Z][a-z]+))?"  # ", N.H.", ", Fla.", ", Calif."
_DATE = rf"(?:,? {_MONTH_ABBR} \d{{1,2}})?"  # ", Dec. 8"
_AGENCY = r"\([A-Z][A-Za-z. ]{1,20}\)"  # "(AP)", "(Reuters)"
_DASH = r"[ \u00a0]?(?:—|–|--?)[ \u00a0]*"

_DATELINE = patterns.compile(
    rf"{_PLACE}{_STATE}{_DATE}(?: ?{_AGENCY})?{_DASH}"  # "WASHINGTON, Dec. 8 (UPI) — ", "NEW YORK - "
    rf"|{_PLACE}{_STATE}{_DATE} ?{_AGENCY}[ \u00a0]+"  # "LISBON (Reuters) Officials said"
    rf"|{_AGENCY}(?:{_DASH}|[ \u00a0]+)"  # "(CNN) Tom Reyes said"
)
"""A wire dateline opening a paragraph: the place in capitals with its state and date, the agency in
brackets, then a dash (or only a space after the agency)."""

_DATELINE_PARAGRAPHS = 3
"""Datelines open one of the body's first paragraphs (after a byline, say)."""


def dateline_end(text: str, start: int, end: int) -> int:
    """Where the paragraph at ``[start, end)`` begins after its dateline; ``start`` without one."""
    m = _DATELINE.match(text, start, end)
    if m is None or m.end() >= end:
        return start
    found = m.group()
    if found[0] != "(" and _THREE_CAPITALS.match(found) is None:
        return start  # "U.S. - China talks": an abbreviation, not a place
    return m.end()


_THREE_CAPITALS = patterns.compile(r"[^,(]*?[A-Z]{3}")
"""A place in capitals has three in a row before its state or agency ("ROME", "ST. LOUIS")."""


def _build_layout(text: str) -> Layout:
    start = body_start(text)
    paragraphs = paragraph_spans(text, start)
    quotes = find_quotes(text, paragraphs)
    sentences: list[Sentence] = []
    # one scan for sentence-end candidates over the whole body, shared out by paragraph
    candidates = sentence_ends(text, start)
    cand_starts = [m.start() for m in candidates]
    qi, n_quotes = 0, len(quotes)
    for para, (p_start, p_end) in enumerate(paragraphs):
        if para < _DATELINE_PARAGRAPHS:
            p_start = dateline_end(text, p_start, p_end)  # the first sentence starts after it
        ci = bisect_left(cand_starts, p_start)
        cj = bisect_left(cand_starts, p_end, ci)
        if cj == ci:
            sentences.append(Sentence(p_start, p_end, para, len(sentences)))
            continue
        while qi < n_quotes and quotes[qi].end <= p_start:
            qi += 1
        qj = qi
        while qj < n_quotes and quotes[qj].start < p_end:
            qj += 1  # (indexes, not a copy of the remaining quotations: linear in paragraphs)
        for s, e in _split_paragraph(text, p_start, p_end, quotes[qi:qj], candidates[ci:cj]):
            sentences.append(Sentence(s, e, para, len(sentences)))
    return Layout(text, start, paragraphs, quotes, sentences)
