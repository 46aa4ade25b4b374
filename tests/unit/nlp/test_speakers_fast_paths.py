"""The shortcuts that keep speaker resolution cheap give the answers of the plain readings.

Each fast path (a cached gazetteer file, a set look-up before the table look-ups, a cheap
search before an expensive one, a C-level chunk split) is checked here against the
straightforward reading it replaces, so that editing a word list or a pattern on one side
only cannot silently change what resolution returns.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.nlp import roles as R
from streams.nlp.speakers import document, index, organization, persons, things
from streams.nlp.speakers.article import _Article
from streams.nlp.speakers.description import _PLACED_DESCRIPTION
from streams.nlp.speakers.document import _CHUNK_PATTERN, _ends_sentence_inside
from streams.nlp.speakers.mentions import (
    _CREDIT_AFTER,
    _CREDIT_BEFORE,
    _TIME_TAIL,
    _credit,
    _possessor,
    _strip_possessive,
    _time_tail,
    credit_agency,
)
from streams.nlp.speakers.role_evidence import _votes_of, phrase_vote
from streams.nlp.speakers.things import _FULLER, _THING_ADJ
from streams.nlp.speakers.words import _VERBISH

# --- the gazetteer cache ---------------------------------------------------------------------

def _parsed_yaml() -> dict:
    import yaml

    return {name: yaml.safe_load((R.DATA / name).read_text(encoding="utf-8")) for name in R._GAZETTEERS}


def test_gazetteers_are_cached_as_json_and_read_back(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = R._gazetteers()
    files = list((tmp_path / "quotewire").glob("gazetteers-*.json"))
    assert len(files) == 1
    assert first == _parsed_yaml()

    import yaml

    def no_yaml(*args, **kwargs):
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(yaml, "load", no_yaml)
    assert R._gazetteers() == first


def test_a_broken_cache_file_means_reading_the_yaml_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    R._gazetteers()
    (cache,) = (tmp_path / "quotewire").glob("gazetteers-*.json")
    cache.write_text("{not json", encoding="utf-8")
    assert R._gazetteers() == _parsed_yaml()
    assert json.loads(cache.read_text(encoding="utf-8")) == _parsed_yaml()  # and it is written again


def test_an_unwritable_cache_directory_is_no_error(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "sub"))
    assert R._gazetteers() == _parsed_yaml()


def test_the_lexicon_from_the_cache_is_the_lexicon_from_the_yaml(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    R._lex.cache_clear()
    try:
        from_yaml = R._lex()  # parses and writes the cache
        R._lex.cache_clear()
        from_cache = R._lex()
    finally:
        R._lex.cache_clear()
    assert from_cache == from_yaml


# --- look-ups -------------------------------------------------------------------------------

def _table_answer(phrase: str) -> bool:
    return any((R.country_name(phrase), R.capital_country(phrase), R.is_seat(phrase), R.region_country(phrase),
                R.organization(phrase)))


def test_known_answers_for_every_table_entry() -> None:
    lx = R.lexicon()
    names = [display for _, display in lx.capital.values()] + [display for _, display in lx.seat.values()]
    names += [org.name for org in lx.org.values()] + list(lx.country.values()) + list(lx.region_abbrev)
    for name in names:
        if _table_answer(name):
            assert R.known(name), name


WORDS = ["US", "U.S.", "us", "New", "York", "South", "Korean", "Korea's", "North", "Pyongyang", "White", "House",
         "the", "Vt.", "S.C.", "Calif", "Democratic", "Party", "Republican", "GOP", "United", "Nations", "UN",
         "Kremlin", "Ohio", "Clinton", "Hillary", "’s", "'s", ".", "Sen.", "Defense", "Department", "of", "State",
         "Washington", "Post", "Fox", "News", "Ukrainian", "European", "Union", "EU", "Texas", "Florida", "x"]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(phrases)
def test_known_is_never_false_where_a_table_answers(phrase: str) -> None:
    if _table_answer(phrase):
        assert R.known(phrase)


KEY_PIECES = ["Sen", ".", "’", "'", " ", "  ", "\t", "\u00a0", "É", "é", "İ", "ß", "ǅ", "O", "x", "1", "-", "_", "Σ"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(KEY_PIECES), max_size=8).map("".join))
def test_the_look_up_key_of_a_word_of_letters_is_the_plain_key(word: str) -> None:
    assert R.key.__wrapped__(word) == R.plain_key(word)


def test_the_look_up_key_of_any_value_is_the_plain_key() -> None:
    for value in (538, 2.5, None, "Wash.", "U.S.", "Côte d’Ivoire", "New  York", "AP", ""):
        assert R.key.__wrapped__(value) == R.plain_key(value)
    assert R.key("Côte d’Ivoire") == "côte d'ivoire" and R.key("U.S.") == "us"


def _votes_plain(run: str) -> tuple[tuple[str, int], ...]:
    """Country votes of a run with every look-up made (no pre-checks)."""
    words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in run.split()]
    out = []
    i, n = 0, len(words)
    while i < n:
        vote, size = None, 1
        for size in (3, 2, 1):
            if i + size <= n:
                vote = phrase_vote(" ".join(words[i:i + size]), size)
                if vote:
                    break
        if vote:
            out.append(vote)
            i += size
        else:
            i += 1
    return tuple(out)


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join))
def test_country_votes_match_the_plain_reading(run: str) -> None:
    assert _votes_of(run) == _votes_plain(run)


# --- cheap searches before expensive ones ----------------------------------------------------------

TAIL_PIECES = ["on", "On", "last", "in", "at", "today", "also", "now", "then", "Monday", "week", "the past", "time",
               "Austin", "said", ",", " ", "  ", "\n", "\u00a0", "x", "ago", "later", "earlier", "meanwhile", "ton"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(TAIL_PIECES), max_size=12).map(" ".join), st.integers(0, 30), st.integers(0, 90))
def test_time_tail_pre_check_changes_nothing(text: str, s: int, e: int) -> None:
    s, e = min(s, len(text)), min(max(s, e), len(text))
    full = _TIME_TAIL.search(text, s, e)
    fast = _time_tail(text, s, e)
    assert (full and full.span()) == (fast and fast.span())


HONORIFIC_PIECES = ["Mr.", "Mrs.", "Ms.", "Miss", "Sir", "Dame", "Sr.", "Fr.", "Sen.", "Dr.", "Lady", "Lord", "(", "“",
                    '"', "x", "Mr", "Smith", "Jones", " ", "  ", "\n", "Monsignor", "Ayatollah", "Sheikh", "aMr."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(HONORIFIC_PIECES), max_size=10).map("".join))
def test_honorific_gender_pre_check_changes_nothing(text: str) -> None:
    art = _Article(text)
    for ns in range(len(text) + 1):
        assert persons._honorific_gender(art, ns) == persons.honorific_gender_before(text, ns), ns


def test_fuller_phrase_pre_check_changes_nothing() -> None:
    text = ("A new Washington Post-ABC News national poll found support. The poll said so. "
            "Earlier, a Quinnipiac University poll  and the CNN/ORC poll agreed, a poll of polls said. "
            "xpoll pollster Polls poll\u00a0poll. In the Monmouth poll, voters said.")
    art = _Article(text)
    for head in ("poll", "report", "Poll"):
        for s in range(0, len(text), 7):
            got = things._fuller_thing(art, s, s + 4, head)
            assert got == _fuller_plain(art, s, head), (head, s)


def _fuller_plain(art: _Article, s: int, head: str) -> str | None:
    """``_fuller_thing`` with a ``\\b``-led search and no pre-check before each window search."""
    text = art.text
    before = after = None
    for m in re.finditer(rf"\b{re.escape(head)}s?\b", text):
        p = m.start()
        if p <= s < m.end():
            continue
        w = _FULLER.search(text, max(0, p - 90), p)
        if w is None:
            continue
        ws = (w.group(0) + m.group()).split()
        for k in range(len(ws) - 2, -1, -1):
            lw = ws[k].lower()
            if ws[k].islower() and (lw in R.DETERMINERS or lw in _VERBISH or lw.endswith("ed")):
                ws = ws[k + 1:]
                break
        while ws and (ws[0].lower() in ("the", "a", "an") or ws[0].lower() in _THING_ADJ
                      or ws[0] in R.CAP_STOPWORDS):
            ws = ws[1:]
        if len(ws) < 2 or not ws[0][:1].isupper():
            continue
        if p < s:
            before = " ".join(ws)
        elif after is None:
            after = " ".join(ws)
            break
    return (after or before) if s < art.body_start else (before or after)


# --- the chunk split --------------------------------------------------------------------------

_CHUNK_BACKTRACKING = re.compile(_CHUNK_PATTERN.replace("*+", "*"))


def _chunks_plain(text: str) -> list[tuple[int, int]]:
    """Capitalised chunks match by match, with the fix-ups applied by sorting."""
    parts = []
    for m in _CHUNK_BACKTRACKING.finditer(text):
        a, b = m.span()
        if a and text[a - 1].isalnum():
            continue  # a capital inside a word
        chunk = m.group()
        if ". " in chunk and _ends_sentence_inside(chunk):
            s = 0
            for w in re.finditer(r"\S+", chunk):
                tok = w.group()
                if tok.endswith(".") and w.end() < len(chunk) and not R.is_abbrev_token(tok):
                    parts.append((a + s, a + w.end() - 1))
                    s = w.end() + 1
            parts.append((a + s, b))
            continue
        parts.append((a, b))
    return sorted((a, b) for a, b in parts if b > a)


CHUNK_PIECES = ["Kim", "Jong", "Un", "U.S.", "U.S", "A", "de", "van", "la", "eBay", "iPhone", "McCain", ". ", ".",
                " ", "  ", "\u00a0", "’s", "'", "-", "/", "x", "said", "Mr.", "Sen.", "Jr.", "Ž", "ā", "1", "\n", ","]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(CHUNK_PIECES), max_size=25).map("".join))
def test_chunk_split_matches_the_match_by_match_reading(text: str) -> None:
    art = _Article(text)
    cs = document.chunks(art)
    assert list(zip(cs, art.doc.ce, strict=False)) == _chunks_plain(text)
    assert art.doc.ct == [text[a:b] for a, b in zip(cs, art.doc.ce, strict=False)]
    for a in cs:  # every chunk is found again from its start offset
        assert cs[bisect_right(cs, a) - 1] == a


def test_a_capitalised_word_goes_on_with_the_characters_of_the_plain_class() -> None:
    every = "".join(map(chr, range(0x110000)))
    assert re.findall(document._WORD_CHAR, every) == re.findall(r"[\w'’\-/]", every)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([p for p in CHUNK_PIECES if p.isascii()] + ["_", "O'Neil", "Z", "9"]),
                max_size=25).map("".join))
def test_an_ascii_text_splits_into_the_chunks_of_the_general_pattern(text: str) -> None:
    assert document._CHUNK_SPLIT_ASCII.split(text) == document._CHUNK_SPLIT.split(text)


def test_the_ascii_split_classes_hold_the_general_classes_ascii_characters() -> None:
    ascii_ = "".join(map(chr, range(128)))
    assert re.findall(f"[{document._UP_ASCII}]", ascii_) == re.findall(f"[{document._UP}]", ascii_)
    assert re.findall(document._WORD_CHAR_ASCII, ascii_) == re.findall(document._WORD_CHAR, ascii_)


# --- names read from the chunks ---------------------------------------------------------------------

def _named_plain(text: str, word: str, s: int) -> str | None:
    """``organization._named_before`` as first written: one to three capitalised words before the word,
    searched in the text before ``s``."""
    name = None
    for m in re.finditer(rf"\b((?:[A-Z][\w'’-]*\s+){{1,3}}){re.escape(word)}\b", text[:s]):
        lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
        if lead:
            name = " ".join([*lead, word])
    return name


def _capitalised_plain(text: str, words: list[str], s: int) -> str | None:
    """``organization._capitalised_before`` as first written: up to five capitalised words, the head, an
    "of" phrase, searched in the whole text."""
    head = r"\s+".join(w if w in ("of", "for", "on") else re.escape(w.capitalize()) for w in words)
    pat = re.compile(rf"((?:[A-Z][\w'’.-]*\s+){{0,5}}){head}\b((?:\s+(?:of|for|on)\s+[A-Z][\w'’-]*"
                     rf"(?:\s+[A-Z][\w'’-]*)?)?)")
    name = None
    for m in pat.finditer(text):
        if m.start() >= s:
            break
        lead = [w for w in m.group(1).split() if w not in R.CAP_STOPWORDS]
        if lead or (m.group(2) and len(words) == 1):
            name = " ".join([*lead, " ".join(text[m.end(1):m.end()].split())])
    return name


def _word_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, c in enumerate(text) if c in " \u00a0"] + [len(text)]


# Words joined by single spaces: the chunks' reading and the first one agree there. They part where a
# sentence ends inside a capitalised run, a line or a gap of spaces parts it, or a capital is glued to a
# word ("9:12PMNews"): the chunks end there, and so does a name read from them.
NAMED_PIECES = ["Obama", "Trump", "The", "US", "U.S.", "Mr.", "administration", "Administration", "x", "O'Neil",
                "Ko-Rea", "Clinton’s", "’s", "de", "the", "said", ",", "USA/Harbor", "Élan", "9", "_"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NAMED_PIECES), st.sampled_from([" ", " ", "\u00a0"])), max_size=14)
       .map(lambda ps: "".join(p + sep for p, sep in ps)))
def test_names_before_a_word_are_read_from_the_chunks_as_the_plain_pattern_reads_them(text: str) -> None:
    art = _Article(text)
    for word in ("administration", "Administration"):
        if text.count(word) > 1 and word[0].isupper():
            continue  # a repeated capitalised word: the pattern's matches may not overlap, chunk words may
        for s in _word_starts(text):
            assert organization._named_before(art, word, s) == _named_plain(text, word, s), (word, s)


CAPITALISED_PIECES = ["Harbor", "Board", "board", "of", "for", "on", "Elections", "The", "U.S.", "Mr.", "Board's",
                      "de", "said", "x", "USA/Ames", "Ames", "Lee", "Kim", "Ohio", "9", ","]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CAPITALISED_PIECES), st.sampled_from([" ", " ", "\u00a0"])), max_size=14)
       .map(lambda ps: "".join(p + sep for p, sep in ps)))
def test_capitalised_names_are_read_from_the_chunks_as_the_plain_pattern_reads_them(text: str) -> None:
    art = _Article(text)
    if text.count("Board") > 1:
        return  # a repeated head: the pattern's matches may not overlap, chunk words may
    for words in (["board"], ["board", "of", "elections"], ["harbor", "board"]):
        for s in _word_starts(text):
            assert organization._capitalised_before(art, words, s) == _capitalised_plain(text, words, s), (words, s)


def _cut_plain(text: str, fuller: str) -> bool:
    """``things._fuller_name``'s check as first written: a capitalised word before the phrase, no stopword,
    no sentence's end."""
    return any(m.group(1) not in R.CAP_STOPWORDS
               and not (m.group(1).endswith(".") and not R.is_abbrev_token(m.group(1)))
               for m in re.finditer(r"([A-Z][\w'’.-]*)[ \u00a0]+" + re.escape(fuller), text))


CUT_PIECES = ["New", "Hampshire", "voters", "Hampshire voters", "The", "St.", "Lee.", "Kim", "de", "x", "said", "Élan",
              "USA/Ames", "U.S.", "9", ","]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CUT_PIECES), st.sampled_from([" ", " ", "\u00a0"])), max_size=12)
       .map(lambda ps: "".join(p + sep for p, sep in ps)))
def test_a_phrase_cut_from_a_longer_name_is_found_in_the_chunks_as_the_plain_pattern_finds_it(text: str) -> None:
    art = _Article(text)
    for fuller in ("Hampshire voters", "Ames voters", "Kim said"):
        assert things._cut_from_name(art, fuller) == _cut_plain(text, fuller), fuller


def _org_initials_plain(art: _Article) -> dict[str, int]:
    """The first org chunk by its initials, every chunk decoded."""
    found: dict[str, int] = {}
    for j in range(len(document.chunks(art))):
        initials = organization.org_initials(art, j)
        if initials is not None:
            found.setdefault(initials, j)
    return found


ORG_PIECES = ["Christian News Service", "CNS", "Budget Policy Center", "BPC", "Apple", "Board", "The", "of",
              "Sen.", "Kim", "Jong\u00a0Un", "Washington Post", "U.S.", "said", ". ", " ", ", ", "\n", "’s", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ORG_PIECES), max_size=20).map(" ".join))
def test_org_initials_are_found_as_decoding_every_chunk_finds_them(text: str) -> None:
    art = _Article(text)
    plain = _org_initials_plain(_Article(text))
    for name in ["CNS", "BPC", "WP", "NS", "C", "", "XYZ", *plain]:
        assert organization._first_org_with_initials(art, name) == plain.get(name)
    assert set(plain) <= set(art.orgs.chunk_by_initials)


@pytest.mark.parametrize("text", ["Mr.Smith met Kim. Then Smith left.", "eBay Inc and U.S.A. officials"])
def test_chunk_split_examples(text: str) -> None:
    art = _Article(text)
    document.chunks(art)
    assert list(zip(art.doc.cs, art.doc.ce, strict=False)) == _chunks_plain(text)


# --- the placed-description scan -------------------------------------------------------------------

_PLACED_PLAIN = re.compile(r"\b[Tt]he ((?:[A-Z][\w.'’-]*[ \u00a0]){1,3})([a-z][\w-]*)\b(?![-'’])")
"""The scan of ``attach_descriptions`` as first written: "the", a capitalised place, a role noun."""

PLACED_PIECES = ["the ", "The ", "Bathe ", "tthe ", "xThe ", "he ", "Texas ", "New ", "York ", "senator", "governor",
                 "-", "'", "’", " ", "\u00a0", ".", ",", "\n", "t", "T", "Ohio", "the", "s"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PLACED_PIECES), max_size=16).map("".join))
def test_placed_description_scan_matches_the_plain_pattern(text: str) -> None:
    fast = [(m.start() - 1, m.end(), m.groups()) for m in _PLACED_DESCRIPTION.finditer(text)]
    plain = [(m.start(), m.end(), m.groups()) for m in _PLACED_PLAIN.finditer(text)]
    assert fast == plain


def test_placed_description_scan_examples() -> None:
    text = "The Texas senator met the New York businessman; Bathe Ohio governor and xthe Ohio governor did not."
    found = [text[m.start() - 1:m.end()] for m in _PLACED_DESCRIPTION.finditer(text)]
    assert found == ["The Texas senator", "the New York businessman"]


# --- role phrases: heads of several words, names of several words ------------------------------------

def _head_of_plain(phrase_tokens: list[str]) -> tuple[int, int, str] | None:
    """``R.head_of`` trying every two and three words, as first written."""
    lx = R.lexicon()
    best = None
    i, n = 0, len(phrase_tokens)
    lows = [t.lower().rstrip(".") for t in phrase_tokens]
    while i < n:
        found = None
        for size in (3, 2):
            if i + size <= n and " ".join(lows[i:i + size]) in lx.heads:
                found = (i, i + size, " ".join(lows[i:i + size]))
                break
        if found is None and lows[i] in lx.heads:
            found = (i, i + 1, lows[i])
        if found is None and lows[i].endswith("s") and lows[i][:-1] in lx.heads and len(lows[i]) > 3:
            found = (i, i + 1, lows[i][:-1])
        spec = lx.honorifics.get(phrase_tokens[i])
        if found is None and spec and spec.get("title"):
            found = (i, i + 1, spec["title"].lower())
        if found:
            best = found
            i = found[1]
        else:
            i += 1
    return best


def _ngram_spans_plain(toks: list[str], lookup) -> list:
    out = []
    i, n = 0, len(toks)
    while i < n:
        hit = None
        for size in range(min(R.lexicon().multi_first.get(R.key(toks[i]), 1), n - i), 0, -1):
            val = lookup(" ".join(toks[i:i + size]))
            if val is not None:
                hit = (i, i + size, val)
                break
        if hit:
            out.append(hit)
            i = hit[1]
        else:
            i += 1
    return out


ROLE_WORDS = ["prime", "minister", "Prime", "Minister", "attorney", "general", "secretary", "of", "state", "vice",
              "president", "Vice", "Sen.", "Rep.", "senators", "the", "US", "New", "York", "South", "Korea", "United",
              "Nations", "Democratic", "Party", "House", "Intelligence", "Committee", "chief", "executive", "deputy",
              "foreign", "Mr.", "and", "press", "Press", ".", "Ohio", "Kim", "district", "District"]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(ROLE_WORDS), max_size=8))
def test_role_heads_and_names_match_the_plain_reading(words: list[str]) -> None:
    assert R.head_of(words) == _head_of_plain(words)
    for lookup in (R._place_lookup, R._org_lookup):
        assert R._ngram_spans(words, lookup) == _ngram_spans_plain(words, lookup)


def test_every_head_of_several_words_is_found() -> None:
    for head in R.lexicon().heads:
        if " " in head:
            assert R.head_of(head.split(" ")) == _head_of_plain(head.split(" ")), head


# --- possessives -------------------------------------------------------------------------------------

def _strip_possessive_plain(tok: str) -> tuple[str, bool]:
    if tok.endswith("''"):
        tok = tok.rstrip("'")
    if tok.endswith(("'s", "’s")) and len(tok) > 2:
        return tok[:-2], True
    if tok.endswith(("s'", "s’")) and len(tok) > 2:
        return tok[:-1], True
    return tok, False


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["'", "’", "s", "S", "a", "''", "Jones", "NBC", " ", ""]), max_size=6).map("".join))
def test_possessive_pre_check_changes_nothing(tok: str) -> None:
    assert _strip_possessive(tok) == _strip_possessive_plain(tok)
    raw = tok.split(" ")
    offs = [sum(len(w) + 1 for w in raw[:k]) for k in range(len(raw))]
    plain = next(((offs[0], offs[k] + len(w), tok[offs[0]:offs[k]] + w)
                  for k in range(len(raw) - 1) for w, poss in [_strip_possessive_plain(raw[k])] if poss), None)
    assert _possessor(tok, raw, offs)[0] == plain


# --- photo credits -------------------------------------------------------------------------------------

def _credit_plain(text: str, s: int, e: int) -> bool:
    """``_credit`` without the look for a slash before the mention."""
    m = _CREDIT_AFTER.match(text, e)
    if m is not None:
        return credit_agency(m.group()[1:])
    return _CREDIT_BEFORE.search(text, max(0, s - 40), s) is not None and credit_agency(text[s:e])


CREDIT_PIECES = ["Jane Roe", "/", "Reuters", "AFP", "Getty Images", " ", "said", "x", "Pool", "CNN", "/ "]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(CREDIT_PIECES), max_size=8).map("".join))
def test_credit_pre_check_changes_nothing(text: str) -> None:
    for s in range(len(text) + 1):
        for e in range(s, min(len(text), s + 12) + 1):
            assert _credit(text, s, e) == _credit_plain(text, s, e), (s, e)


def _who_role_plain(text: str, end: int) -> str | None:
    """``R.who_role`` without the look for "who" before the pattern's search."""
    limit = min(len(text), end + 200)
    m = R._WHO_ROLE.search(text, end, limit)
    if m is None or any(c in text[end:m.start()] for c in ".;:\"“”\n"):
        return None
    e = R._APPOS_END.search(text, m.end(), min(len(text), m.end() + 120))
    seg = text[m.end():e.start() if e else limit].strip()
    verb = m.group(1)
    if verb in R._WHO_VERB_ROLE:
        if not seg[:1].isupper() and not seg.lower().startswith("the "):
            return None
        return f"{R._WHO_VERB_ROLE[verb]} {seg}"
    words = seg.split()
    if len(words) < 3 or words[0].lower() not in ("the", "a", "an") or " of " not in f" {seg} ":
        return None
    return seg


WHO_PIECES = [" who ", " is ", " the director of ", "the ", "Tax Policy Center", " directs ", ",", ".", "wh", "o",
              " an economist", "\n", " who", "heads ", "UCLA"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WHO_PIECES), max_size=8).map("".join))
def test_who_role_pre_check_changes_nothing(text: str) -> None:
    for end in range(len(text) + 1):
        assert R.who_role(text, end) == _who_role_plain(text, end), end


# --- occurrences of a word among the chunks ----------------------------------------------------------

def _occurrences_plain(art: _Article, tok: str) -> list[int]:
    """Chunks holding ``tok`` as a whole word, by a search of the whole text."""
    cs = document.chunks(art)
    text, n, r = art.text, len(tok), []
    p = text.find(tok)
    while p >= 0:
        q = p + n
        if (p == 0 or not text[p - 1].isalnum()) and (q >= len(text) or not text[q].isalnum()):
            i = bisect_right(cs, p) - 1
            if i >= 0 and p < art.doc.ce[i] and (not r or r[-1] != i):
                r.append(i)
        p = text.find(tok, q)
    return r


OCC_PIECES = ["Sen", "Kim", "U.Sen", "U.S.", "Kim. Then", "KimKim", "Kim Kim", "Sen.", " ", ",", "'s", "-", "x",
              "Senator", "O'Kim", "é", "Ébé", "\u00a0", "\n", "kim", "Σen", "a"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(OCC_PIECES), max_size=14).map("".join))
def test_occurrences_in_the_joined_chunks_match_the_search_of_the_text(text: str) -> None:
    art = _Article(text)
    for tok in ("Sen", "Kim", "U", "S", "Then", "KimKim", "Ébé", "Senator", "kim", "O'Kim", "Kim."):
        assert index.occurrences(art, tok) == _occurrences_plain(art, tok), tok


def test_a_word_running_past_its_chunk_is_found_by_the_search_of_the_text() -> None:
    art = _Article("The U.Sen said so, and Sen Kim agreed.")
    assert index.occurrences(art, "Sen") == _occurrences_plain(art, "Sen")
    assert len(index.occurrences(art, "Sen")) == 2  # "U.S" of "U.Sen" is a chunk; "Sen" runs on past it


def _tokens_plain(phrase: str) -> list[str]:
    out = []
    for tok in R._TOKEN.findall(phrase):
        if tok.endswith(".") and len(tok) > 2 and "." not in tok[:-1] and tok not in R.lexicon().abbrev:
            tok = tok[:-1]
        out.append(tok)
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ROLE_WORDS + ["U.S.", "Calif.", "a.m.", "Inc.", "senator.", "&", "'s", "-"]),
                max_size=8).map(" ".join))
def test_role_tokens_without_a_dot_match_the_plain_reading(phrase: str) -> None:
    assert R.tokens(phrase) == _tokens_plain(phrase)


# --- chunks holding a word, by a search of their join ------------------------------------------------

_HOLDING_TEXT = ("Headline For Ana\n\nAna Ostrova met Pel Ostrowa and İnes Vale in Kyiv. The ΣΟΦΙΑ Group and "
                 "Mara Ann Ostrova-Pel spoke; Annabel Quill said Anna Pelton was there.\n")


@pytest.mark.parametrize("text", [_HOLDING_TEXT, "no capitals here at all.\n", ""])
@pytest.mark.parametrize("low", ["ana", "an", "ostrov", "pel", "i̇nes", "ines", "σοφια", "zz", "a", "", "ana\nostrova"])
def test_chunks_holding_a_word_are_those_whose_lowered_text_holds_it(text: str, low: str) -> None:
    art = _Article(text)
    document.chunks(art)
    ct = art.doc.ct
    plain = [j for j, c in enumerate(ct) if "Σ" in c or low in c.lower()]
    assert persons._chunks_holding(art, low) == plain


# --- a mention's end before a time phrase, read once per mention --------------------------------

def test_a_mention_ends_before_its_time_phrase_as_the_search_says_and_is_searched_once(monkeypatch) -> None:
    text = "Ana Ruiz on Wednesday said the plan was ready. Pel Ostrova said so too. The mayor again said it."
    art = _Article(text)
    mentions = [(0, len("Ana Ruiz on Wednesday")), (text.index("Pel"), text.index("Pel") + len("Pel Ostrova")),
                (text.index("The mayor"), text.index("The mayor") + len("The mayor again"))]
    for s, e in mentions:
        m = _time_tail(text, s, e)
        assert art.before_time_tail(s, e) == (m.start() if m is not None and m.start() > s else e)
    expected = [len("Ana Ruiz"), mentions[1][1], text.index(" again")]
    assert [art.before_time_tail(s, e) for s, e in mentions] == expected
    import streams.nlp.speakers.article as article_module

    monkeypatch.setattr(article_module, "_time_tail", lambda *a: pytest.fail("searched again"))
    assert [art.before_time_tail(s, e) for s, e in mentions] == expected
