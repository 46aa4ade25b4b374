"""The content of a statement: the complement after a cue (``_complement``), the material before
a trailing ``, he said``, quotations next to the frame, and the addressee of a cue."""
from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Final

from .. import cues
from ..cues import (
    CLAUSE_OPENERS,
    CONJUNCTIONS,
    DETERMINERS,
    FUNCTION_WORDS,
    OBJECT_PRONOUNS,
    PRE_CUE_WORDS,
    SUBJECT_PRONOUNS,
    SUBORDINATORS,
)
from ..model import StatementKind
from ..text import ABBREVIATIONS
from .clause import (
    _ADJUNCT_PREPS,
    _PERSONAL_PRONOUNS,
    _clause_end,
    _clause_start,
    _continues_after,
    _frame_opens_clause,
    _fronted_participle,
    _in_fronted_clause,
    _skip_adjuncts,
    _that_ahead,
)
from .speaker_np import _np_right
from .view import _after_quote, _char_span, _Complement, _finite_at, _is_initial, _kind_of, _View

_COMPLEMENT_PREPS = frozenset({"in", "on", "at", "for", "with", "despite", "without", "because", "unless", "under"})
"""Prepositions that may open a reported clause ("said in politics it takes time")."""

_QUANTITY_OPENERS = frozenset({"about", "nearly", "almost", "roughly", "around", "over", "more", "less", "only", "just", "even", "not", "no"})
"""Words that open a reported clause after a strong cue although they look like adjuncts (said about half ...)."""

_FRAME_ENDS = frozenset({".", "!", "?", "…", ";", ":", ",", "—", "–", "-", "--", ")"})
"""Tokens that may follow a trailing attribution frame ("..., he said." / "..., he said, ...")."""


def _object_follows(v: _View, after: int, frame: str, inverted: bool) -> bool:
    """Does the cue have an object or infinitive of its own after it ("posted messages", "told the
    story", "continues to lead")? Then the clause before its subject is no content of it."""
    k = after
    if frame == cues.TELL and not inverted:
        k = _addressee_end(v, k)
    k = _skip_adjuncts(v, k, v.n)
    if k >= v.n or v.qid[k] >= 0:
        return False
    w = v.words[k]
    if not w.isalpha() or not w.islower():
        return False
    lw = v.low[k]
    return lw == "to" or lw in DETERMINERS or lw not in FUNCTION_WORDS and lw not in PRE_CUE_WORDS and not (
        lw.endswith("ly") and len(lw) > 4
    )


class _Next(Enum):
    """A rule's answer when the sentence is not its case: the next rule reads it (as opposed to
    None, a rule's word that the cue has no content, which ends the search)."""

    RULE = "next rule"


_NEXT: Final = _Next.RULE
"""The one value of _Next, as a module constant: reading a member off an Enum class costs ten times
a global's read, on each of several rules per complement."""

_Rule = Callable[[_View, int, str, int, str, cues.CueWord, bool], _Complement | _Next | None]
"""A rule for the complement of a cue: (v, i, lnxt, c0, frame, verb, inverted) -> the content,
None (no content: the search ends) or _NEXT (not its case). ``i`` is the token where the complement
starts and ``lnxt`` its first word, lowercased; the words that follow a cue ("said yes", "said
that") choose the rules that may apply, see _by_first_word."""


def _complement(
    v: _View, c0: int, after: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | None:
    """The content after a cue (and its addressee and adjuncts), or None when there is none: the
    first rule that decides, of _QUOTATION_RULES at the start of the complement (when the sentence
    has a quotation, or ends with a colon before a quoted paragraph), then of _CLAUSE_RULES after an
    "As" frame's setting ("As X pointed out with a chart, <content>")."""
    i = _complement_start(v, after, frame, inverted)
    if i >= v.n:
        return None
    lnxt = v.low[i]
    if v.quotes or v.words[-1] == ":":  # the quotation rules read a quotation, or the final colon
        for rule in _QUOTATION_RULES.get(lnxt, _QUOTATION_RULES_ANY):
            got = rule(v, i, lnxt, c0, frame, verb, inverted)
            if got is not _NEXT:
                return got
    clause_rules = _CLAUSE_RULES.get(lnxt, _CLAUSE_RULES_ANY)
    if v.low[0] == "as":
        start = i
        i = _past_as_setting(v, i, c0)  # lnxt stays the word at the start
        if i != start:
            clause_rules = _CLAUSE_RULES_ALL  # they read on from the comma
    for rule in clause_rules:
        got = rule(v, i, lnxt, c0, frame, verb, inverted)
        if got is not _NEXT:
            return got
    return None  # not reached: the last rule always decides


def _complement_start(v: _View, after: int, frame: str, inverted: bool) -> int:
    """Token where the complement starts: past the addressee of "told" ("told reporters"), the
    adjuncts ("on Tuesday"), a dash-enclosed aside before "that" and a setting before a later
    "that" ("said at a stop in Toledo, Ohio, that ...")."""
    i = after
    if frame == cues.TELL and not inverted:
        i = _addressee_end(v, i)
    i = _skip_adjuncts(v, i, v.n)
    if frame == cues.TELL and not inverted and i == after:
        i = _skip_adjuncts(v, _addressee_end(v, i), v.n)
    if i < v.n and v.words[i] in ("—", "–", "--"):
        close = next((k for k in range(i + 1, min(v.n, i + 15)) if v.words[k] in ("—", "–", "--")), None)
        if close is not None and close + 1 < v.n and v.low[close + 1] == "that":
            i = close + 1  # 'said — on Twitter, as it happens — that ...'
    that = _that_ahead(v, i)
    return i if that is None else that


def _past_as_setting(v: _View, i: int, c0: int) -> int:
    """In a sentence opening with "As" + the frame, the comma a few words after the start of the
    complement, where the content starts (the rules after the quotation rules read from there)."""
    if v.words[i] != "," and _frame_opens_clause(v, c0):
        comma = next((k for k in range(i, min(v.n, i + 10)) if v.words[k] == "," and v.qid[k] < 0), None)
        if comma is not None:
            return comma  # "As X pointed out with a side-by-side, <content>"
    return i


def _colon_before_paragraph(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A sentence that ends with a colon a few words past the cue, with no finite verb or "that"
    between: the quoted paragraph after it is the content."""
    if v.words[-1] == ":" and v.qid[-1] < 0 and not inverted and i < v.n - 1 and v.n - i <= 12 and all(
        v.qid[k] < 0 and not _finite_at(v, k) and v.low[k] not in ("that", "if", "whether") for k in range(i, v.n - 1)
    ):
        # 'He told his audience, to rowdy applause:' / 'Cruz called them on it:' + a quoted paragraph
        return _Complement([], "direct", 0.0, quote_follows=True)
    return _NEXT


def _quotation_here(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A quotation right at the start ('said "..."'): direct when it runs to the end of the sentence
    or only a setting follows, otherwise mixed up to the end of the clause."""
    qi = v.qid[i]
    if qi < 0 or v.starts[i] != v.quotes[qi].start:
        return _NEXT
    q = v.quotes[qi]
    k = _after_quote(v, i)
    closes_sentence = v.text[q.end - 2 : q.end - 1] in (".", "!", "?", ",") or v.text[q.end - 1] in ".!?"
    if k >= v.n or v.words[k] in ".!?" or frame == cues.QUOTE or closes_sentence and (
        v.low[k] in FUNCTION_WORDS and v.low[k] not in ("and", "or") or not v.words[k][0].isalnum()
    ):
        # 'yelled "You lie!" at the president': the quotation is the whole content
        return _Complement([(q.start, q.end)], "direct", 0.9)
    end = _clause_end(v, i)
    sp = _char_span(v, i, end)
    return _Complement([sp], "mixed", 0.85) if sp else None


def _quotation_after_mark(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A quotation opening right after a comma, colon or dash ('said: "..."')."""
    if v.words[i] in (",", ":", "—", "–") and i + 1 < v.n and v.qid[i + 1] >= 0:
        q = v.quotes[v.qid[i + 1]]
        if v.starts[i + 1] == q.start:
            return _Complement([(q.start, q.end)], "direct", 0.95)
    return _NEXT


def _quotation_after_setting(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A preposition we did not skip as an adjunct, a few words, a comma and a quotation that ends
    the sentence or a clause of the narrator."""
    if lnxt not in _ADJUNCT_PREPS:
        return _NEXT
    # 'as X put it in a lengthy expose, "..."': a setting we do not know, then the quotation
    for k in range(i + 1, min(v.n - 1, i + 10)):
        if v.qid[k] >= 0 or k in v.cue_at or v.words[k] in ".;:!?":
            break
        if v.words[k] == "," and v.qid[k + 1] >= 0 and v.starts[k + 1] == v.quotes[v.qid[k + 1]].start:
            q = v.quotes[v.qid[k + 1]]
            rest = _after_quote(v, k + 1)
            if rest >= v.n - 1 or v.words[rest] == "," or v.low[rest] in ("and", "but", "adding"):
                return _Complement([(q.start, q.end)], "direct", 0.85)  # 'said of the plan, "..." and left'
            break
    return _NEXT


def _clause_after_comma(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A frame that opens the sentence, a comma and the clause after it."""
    if v.words[i] == "," and i + 1 < v.n and v.qid[i + 1] < 0 and _frame_opens_clause(v, c0):
        # 'As Clinton told the Daily News, tax relief is ...' / 'Rubio says, win or lose, he stays'
        end = _clause_end(v, i + 1)
        sp = _char_span(v, i + 1, end)
        if sp is not None and end - i > 4:
            return _Complement([sp], _kind_of(v, i + 1, end), 0.75)
    return _NEXT


def _colon_ends_sentence(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A colon right after the cue that ends the sentence: the quotation is the next paragraph."""
    if v.words[i] == ":" and i + 1 >= v.n:
        # "Caddell continued:" — the quotation is the next paragraph; extract() attaches it
        return _Complement([], "direct", 0.0, quote_follows=True)
    return _NEXT


def _that_clause(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A "that" clause, up to the end of the clause (or to the comma inside a fronted clause); a
    short lowercase noun phrase after "that" is an object ("reiterated that position")."""
    if lnxt != "that" or i + 1 >= v.n:
        return _NEXT
    end = _clause_end(v, i + 1)
    if _in_fronted_clause(v, c0) or verb.form == cues.ING and _fronted_participle(v, c0):
        end = _phrase_end(v, i + 1, end, False)  # 'While saying that X, he ...': X ends at the comma
    nxt_word = v.words[i + 1]
    after_noun = v.low[i + 2] if i + 2 < end else ""
    determiner = (
        end - i <= 4
        and nxt_word[0].islower()
        and v.low[i + 1] not in DETERMINERS
        and v.low[i + 1] not in SUBJECT_PRONOUNS
        and v.qid[i + 1] < 0
        and (not after_noun or after_noun in _ADJUNCT_PREPS)
    )
    start = i if determiner else i + 1  # "reiterated that position": "that" is a determiner
    sp = _char_span(v, start, end)
    if sp:
        return _Complement([sp], _kind_of(v, start, end), 0.9)
    return None


def _nothing_to_report(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """No content: a "quote" frame without a quotation, or a punctuation mark right after the cue
    ("he said." / "she said, ...")."""
    if frame == cues.QUOTE or v.words[i] in (",", ".", "!", "?", ";", ":", ")", "—", "–"):
        return None
    return _NEXT


def _one_word_answer(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """"yes", "no" or "so" after "said", alone before the end of the clause or a time phrase."""
    if lnxt in ("yes", "no", "so") and frame == cues.SAY and (
        i + 1 >= v.n or v.words[i + 1] in _FRAME_ENDS or v.low[i + 1] in _OBJECT_STOPS or v.low[i + 1] == "too"
    ):
        return _Complement([(v.starts[i], v.ends[i])], "indirect", 0.6)  # "46 percent said yes", "half said so in May"
    return _NEXT


def _relative_rest(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """A finite verb right after "said" inside a relative clause: the report is the rest of that
    clause, or nothing when the cue has no relative word before its subject."""
    if lnxt not in _RELATIVE_VERBS or frame != cues.SAY or inverted:
        return _NEXT
    # 'information that officials said would compromise security', 'what he said were failures':
    # the report is the rest of a relative clause whose subject gap sits right after the cue
    subj = v.subjects.get(c0)
    if not isinstance(subj, tuple) or subj[0] <= 0 or v.qid[subj[0] - 1] >= 0:
        return None
    before = v.low[subj[0] - 1]
    if before not in ("which", "that", "what", "who", "whom") and not (
        v.words[subj[0] - 1].isalpha() and v.words[subj[0] - 1].islower() and before not in FUNCTION_WORDS
        and before not in DETERMINERS and before not in PRE_CUE_WORDS
    ):
        return None
    start = subj[0] - 1 if before == "what" else i
    end = _clause_end(v, i)
    for k in range(i + 2, end - 1):
        if v.words[k] == "," and v.qid[k] < 0 and v.low[k + 1] in _RELATIVE_VERBS:
            end = k  # '..., which she said was a mistake, was a factor': the main clause resumes
            break
    sp = _char_span(v, start, end)
    if sp is not None and end - i >= 2:
        return _Complement([sp], _kind_of(v, start, end), 0.7)
    return None


def _opens_complement(v: _View, i: int, lnxt: str, frame: str, lemma: str) -> bool:
    """Can the word at the start open the cue's object or clause? "to", "of"/"about" and "as" +
    a quotation do for verbs that take them; other function words do not, except the words that
    open a clause (and, after a strong "said", prepositions and quantities: "said about half ...")."""
    if lnxt == "to" and lemma in cues.TO_COMPLEMENT:
        return True  # "vowed to build", "urged Congress to act"
    if lnxt in ("of", "about", "against") and lemma in cues.ABOUT_COMPLEMENT:
        return True  # "warned of costs", "complained about the noise"
    if lnxt == "as" and lemma in cues.AS_COMPLEMENT and i + 1 < v.n and v.qid[i + 1] >= 0:
        return True  # describing as "unhinged" a tweet ("what officials describe as X" has no such quote)
    if frame in (cues.OBJECT, cues.TELL):
        return lnxt not in FUNCTION_WORDS or lnxt in ("what", "how", "that", "whether", "if", "why")
    if frame == cues.SAY:
        if lnxt in FUNCTION_WORDS and lnxt not in CLAUSE_OPENERS and not (
            (lnxt in _COMPLEMENT_PREPS or lnxt in _QUANTITY_OPENERS) and lemma in cues.STRONG_LEMMAS
        ):
            return False
        return v.words[i][0].isalnum()
    return True


def _object_or_clause(
    v: _View, i: int, lnxt: str, c0: int, frame: str, verb: cues.CueWord, inverted: bool
) -> _Complement | _Next | None:
    """The last rule: the object or clause after the cue, when its first word can open one. It
    ends at the end of the clause, earlier for a noun phrase (at a comma or dash, or before "and" +
    a finite verb: "denies any wrongdoing and points out ...")."""
    if not _opens_complement(v, i, lnxt, frame, verb.lemma):
        return None
    end = _clause_end(v, i)
    if frame in (cues.OBJECT, cues.TELL) or _in_fronted_clause(v, c0):
        end = _phrase_end(v, i, end, frame in (cues.OBJECT, cues.TELL))
    if lnxt not in CLAUSE_OPENERS or lnxt in DETERMINERS:
        end = _object_end(v, i, end, lnxt in SUBJECT_PRONOUNS or lnxt == "that")
    sp = _char_span(v, i, end)
    if sp is None:
        return None
    return _Complement([sp], _kind_of(v, i, end), 0.8 if frame == cues.SAY else 0.75)


_OBJECT_STOPS = frozenset("in on at during after before while when since by".split())
"""Words that may follow a one-word answer ("said so in May")."""
_RELATIVE_VERBS = frozenset("is are was were will would could can should may might must has have had".split())
"""Finite verbs that open the rest of a relative clause after its cue ("which he said were ...")."""
_ANY_WORD: frozenset[str] = frozenset()
"""In a rule table: the rule may decide whatever the first word."""


def _by_first_word(table: tuple[tuple[frozenset[str], _Rule], ...]) -> tuple[dict[str, tuple[_Rule, ...]], tuple[_Rule, ...]]:
    """An ordered table of (first words a rule may decide on, rule) as the rules, in order, for
    each of those words, and the rules for any other word: one lookup instead of a call per rule.
    Each rule still checks its own words, so the table's plain order gives the same answers."""
    anyword = tuple(rule for words, rule in table if words is _ANY_WORD)
    named = {w for words, _ in table for w in words}
    return {w: tuple(rule for words, rule in table if words is _ANY_WORD or w in words) for w in named}, anyword


_QUOTATION_RULE_TABLE: tuple[tuple[frozenset[str], _Rule], ...] = (
    (_ANY_WORD, _colon_before_paragraph),
    (_ANY_WORD, _quotation_here),
    (frozenset({",", ":", "—", "–"}), _quotation_after_mark),
    (_ADJUNCT_PREPS, _quotation_after_setting),
)
"""The rules at the start of the complement, in order, each with the first words it decides on."""
_CLAUSE_RULE_TABLE: tuple[tuple[frozenset[str], _Rule], ...] = (
    (frozenset({","}), _clause_after_comma),
    (frozenset({":"}), _colon_ends_sentence),
    (frozenset({"that"}), _that_clause),
    (_ANY_WORD, _nothing_to_report),
    (frozenset({"yes", "no", "so"}), _one_word_answer),
    (_RELATIVE_VERBS, _relative_rest),
    (_ANY_WORD, _object_or_clause),
)
"""The rules after the quotation rules, in order, each with the first words it decides on. After an
"As" frame's setting they read on from the comma, all of them in order (_CLAUSE_RULES_ALL)."""
_QUOTATION_RULES, _QUOTATION_RULES_ANY = _by_first_word(_QUOTATION_RULE_TABLE)
_CLAUSE_RULES, _CLAUSE_RULES_ANY = _by_first_word(_CLAUSE_RULE_TABLE)
_CLAUSE_RULES_ALL: tuple[_Rule, ...] = tuple(rule for _, rule in _CLAUSE_RULE_TABLE)


def _object_end(v: _View, i: int, end: int, clause: bool) -> int:
    """End of a noun-phrase complement before "and" + a finite verb: the narrator going on about
    the subject ("denies any wrongdoing and points out ...", "claimed self-defense and was
    acquitted"). A complement with a finite verb of its own is a clause and keeps its end."""
    low = v.low
    if clause:
        return end
    for k in range(i + 1, end - 1):
        if v.qid[k] >= 0:
            continue
        lw = low[k]
        if lw in ("and", "but") and v.qid[k + 1] < 0:
            j = k + 1
            if low[j] in PRE_CUE_WORDS and j + 1 < end:
                j += 1
            if _finite_at(v, j, after_and=True):
                return k
        elif _finite_at(v, k) or lw in _PERSONAL_PRONOUNS:
            return end
    return end


def _phrase_end(v: _View, i: int, end: int, object_frame: bool) -> int:
    """A tighter end for a noun-phrase complement (blasted X, called on X to ...) or for a
    report inside a fronted subordinate clause (Although he says X, ...): the first comma
    (before a conjunction or relative word, for noun phrases), dash or parenthesis."""
    low = v.low
    for k in range(i + 1, end):
        if v.qid[k] >= 0:
            continue
        t = v.words[k]
        if not object_frame:
            if t == ",":
                return k
            continue
        if t in ("—", "–", "--", "(") or t == "-" and v.starts[k] > 0 and v.text[v.starts[k] - 1] == " ":
            return k
        if t == "," and k + 1 < end and (
            low[k + 1] in CONJUNCTIONS or low[k + 1] in SUBORDINATORS or low[k + 1] in ("in", "which", "who", "where")
        ):
            return k
    return end


def _late_quote(v: _View, after: int) -> tuple[int, int] | None:
    """A quotation that ends the sentence after a comma or colon, a few words past the cue and its
    addressee or setting, with no other cue or finite verb of the narrator between."""
    last = v.n - 1
    if last > 0 and v.qid[last] < 0 and v.words[last] in ".!?":
        last -= 1
    if last <= after or v.qid[last] < 0:
        return None  # the sentence does not end with a quotation
    for k in range(after, after + 20 if after + 20 < v.n - 1 else v.n - 1):
        if v.qid[k] >= 0:
            return None
        t = v.words[k]
        if t in (",", ":") and v.qid[k + 1] >= 0:
            q = v.quotes[v.qid[k + 1]]
            if v.starts[k + 1] != q.start or q.words < 3 or _after_quote(v, k + 1) < v.n - 1:
                return None
            return (q.start, q.end)
        if t in ";.!?" or k in v.cue_at:
            return None
        if _finite_at(v, k) and not (k > 0 and v.low[k - 1] in ("who", "which", "that")):
            return None
    return None


def _quote_follows(v: _View, i: int) -> bool:
    """Does a quotation open right after token i (past adjuncts and a comma or colon)?"""
    k = _skip_adjuncts(v, i, v.n)
    if k < v.n and v.words[k] in (",", ":"):
        k += 1
    return k < v.n and v.qid[k] >= 0 and v.starts[k] == v.quotes[v.qid[k]].start


def _addressee_end(v: _View, i: int) -> int:
    """Token after the addressee of "told"/"urged" (him, reporters, the crowd, host Chris Cuomo)."""
    if i >= v.n or v.qid[i] >= 0:
        return i
    lw = v.low[i]
    if lw in OBJECT_PRONOUNS or lw in ("reporters", "journalists", "supporters", "voters", "lawmakers"):
        return i + 1
    end = i
    np = _np_right(v, i)
    if np is not None:
        end = np[1] + 1
        if end < v.n and v.words[end] in ("'s", "’s"):
            end += 1
    elif lw in DETERMINERS:
        k = i + 1
        while k < v.n and k - i <= 5 and v.qid[k] < 0 and v.low[k] not in FUNCTION_WORDS and (
            v.low[k] not in SUBJECT_PRONOUNS and v.words[k].isalnum()
        ):
            k += 1
        if k > i + 1:
            end = k
    if end > i and end + 1 < v.n and v.low[end] == "and" and v.qid[end + 1] < 0 and v.low[end + 1] not in SUBJECT_PRONOUNS:
        more = _addressee_end(v, end + 1)  # "told voters and Twitter followers that ..."
        if more > end + 1:
            return more
    return end


def _second_quote(v: _View, after: int) -> tuple[int, int] | None:
    """'"...," he said, (an aside,) "..."': the quotation that resumes after a trailing frame.

    It must follow a comma or colon (optionally "but"/"and") and run to the end of the
    sentence, with no other cue between the frame and it.
    """
    for k in range(after, after + 25 if after + 25 < v.n else v.n):
        if v.qid[k] >= 0:
            q = v.quotes[v.qid[k]]
            if v.starts[k] != q.start:
                return None
            p = k - 1
            start = q.start
            if v.low[p] in ("but", "and"):
                start = v.starts[p]
                p -= 1
            if p < after or v.words[p] not in ",:—–":
                return None
            if _after_quote(v, k) < v.n - 1:
                return None
            return (start, q.end)
        if k in v.cue_at and k > after:
            return None
        if v.words[k] in ";!?" or v.words[k] == "." and not (k > 0 and (v.low[k - 1] in ABBREVIATIONS or _is_initial(v.words[k - 1]))):
            return None
    return None


def _quote_before(v: _View, frame_start: int) -> tuple[int, int] | None:
    """The quotation that ends right before a trailing frame ('"...," he said'), if any."""
    j = frame_start - 1
    if j >= 0 and v.qid[j] < 0 and v.words[j] in (",", "—", "–", "-"):
        j -= 1
    if j < 0 or v.qid[j] < 0:
        return None
    q = v.quotes[v.qid[j]]
    first = j
    while first > 0 and v.qid[first - 1] == v.qid[j]:
        first -= 1
    if first > 0 and v.words[first - 1] not in (":", "—", "–", "(", "-") and v.low[first - 1] not in ("and", "but"):
        return None  # 'fans of "Prison Break," Mr. Madden said': a title inside indirect content
    return (q.start, q.end) if q.words >= 1 else None


def _content_before(v: _View, frame_start: int) -> tuple[list[tuple[int, int]], StatementKind, float] | None:
    """Content ending just before a trailing attribution frame that starts at frame_start."""
    j = frame_start - 1
    if j < 0:
        return None
    t = v.words[j]
    # the quotation may end with the comma inside it: "... ready," he said
    if v.qid[j] >= 0:
        q = v.quotes[v.qid[j]]
        a = _clause_start(v, j)
        if a < j:
            # 'Troops would be "complicit in the combat," he added': mixed, from the clause start
            sp = _char_span(v, a, j + 1)
            return ([sp], "mixed", 0.85) if sp else None
        if q.words >= 1:
            return [(q.start, q.end)], "direct", 0.95
        return None
    if t not in (",", "—", "–"):
        return None
    if j - 1 >= 0 and v.qid[j - 1] >= 0:
        q = v.quotes[v.qid[j - 1]]
        qs = v.qid[j - 1]
        first = next(k for k in range(v.n) if v.qid[k] == qs)
        if first == 0 or v.words[first - 1] in ("—", "–", ":"):
            return [(q.start, q.end)], "direct", 0.95
        # a quotation closing a longer clause: mixed content from the clause start
    # indirect content: from the clause start to the comma
    a = _clause_start(v, j)
    sp = _char_span(v, a, j)
    if sp is None:
        return None
    if v.low[a] == "asked" or v.low[a] in ("when", "after", "if", "once") and a + 1 < j and v.low[a + 1] == "asked":
        return None  # 'Asked about the pier, Reyes said ...': the question, not what Reyes said
    if any(a <= c < j and isinstance(v.subjects.get(c), tuple) for c in v.cue_at) and any(
        v.qid[k] >= 0 for k in range(a, j)
    ):
        return None  # '"...," Austin said, the Guardian reports': a media citation of a statement
    kind = _kind_of(v, a, j)
    if j - a < 3 and not _continues_after(v, frame_start):
        return None
    return [sp], kind, 0.8
