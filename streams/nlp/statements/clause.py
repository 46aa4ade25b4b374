"""Clause boundaries: where a reported clause ends, fronted clauses and participles, and the
adjuncts (time phrases, prepositional phrases) skipped between a cue and its complement."""
from __future__ import annotations

from bisect import bisect_left

from .. import cues
from ..cues import (
    ADJUNCT_NOUNS,
    CONJUNCTIONS,
    DETERMINERS,
    FUNCTION_WORDS,
    MODIFIERS,
    OBJECT_PRONOUNS,
    PARENTHETICALS,
    PRE_CUE_WORDS,
    SUBORDINATORS,
    TIME_WORDS,
)
from .speaker_np import _np_left
from .view import _FINITE, _POSSESSIVE, _clause_stops, _finite_at, _View

_TIME_ADJECTIVES = frozenset({"previous", "following", "same", "next", "past", "prior", "other", "whole"})

_PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})


def _skip_adjuncts(v: _View, i: int, end: int) -> int:
    """Skip time and setting phrases after a cue: "on Wednesday", "in a statement", "to reporters"."""
    low = v.low
    while i < end:
        lw = low[i]
        if v.qid[i] >= 0:
            return i
        if lw == "," and i + 2 < end and low[i + 1] in PARENTHETICALS and low[i + 2] == ",":
            i += 2  # "acknowledged, however, ..." (the second comma is left for the caller)
            continue
        if lw in TIME_WORDS and lw not in ("this", "last", "next", "may", "march") or lw in ("today", "yesterday", "here"):
            if i + 1 < end and v.words[i + 1] in _POSSESSIVE:
                return i  # "said Monday's vote was close": a possessive opens the content
            i += 1
            continue
        if lw in ("last", "this", "next", "earlier", "later") and i + 1 < end and low[i + 1] in TIME_WORDS:
            i += 2
            continue
        if lw in ("on", "in", "at", "during", "to", "via", "through", "after", "before", "with", "from", "over", "of", "about"):
            k = _adjunct_phrase_end(v, i + 1, end)
            if k is not None:
                i = k
                continue
        if lw in ("late", "early") and i + 1 < end and low[i + 1] in TIME_WORDS:
            i += 2
            continue
        if lw in ("the", "that", "this", "last", "next") and i + 1 < end:
            k = i + 1
            while k < end and k - i <= 2 and low[k] in _TIME_ADJECTIVES:
                k += 1
            if k < end and low[k] in TIME_WORDS and low[k] not in _NOT_TIME_NOUNS and k > i:
                i = k + 1  # "announced the previous day that ..."
                continue
        return i
    return i


_NOT_TIME_NOUNS = frozenset({"this", "that", "last", "next", "past", "time", "times", "earlier", "later"})
"""Time words that cannot head a time phrase after "the"/"that" ("said that this time is different")."""
_ADJUNCT_PREPS = frozenset("on in at during to via through after before with from over of about for".split())


def _that_ahead(v: _View, i: int) -> int | None:
    """'says on its website that ...', 'said at a stop in Toledo, Ohio, that ...': the "that"
    after a longer setting phrase, if the tokens up to it read as adjuncts."""
    if i >= v.n or not (v.low[i] in _ADJUNCT_PREPS or v.words[i] == ","):
        return None
    for k in range(i, i + 16 if i + 16 < v.n else v.n):
        lw = v.low[k]
        t = v.words[k]
        if lw == "that" and k > i:
            return k
        if v.qid[k] >= 0 or t in ".;:!?()":
            return None
        if k in v.cue_at and (lw.endswith("ing") or lw == "according"):
            return None
        if lw in FUNCTION_WORDS and lw not in _ADJUNCT_PREPS and lw not in ("and",):
            return None
    return None


def _adjunct_phrase_end(v: _View, i: int, end: int) -> int | None:
    """End of the object of an adjunct preposition, if it is a setting or time phrase."""
    low = v.low
    k = i
    saw_noun = False
    while k < end and k - i < 10:
        lw = low[k]
        if v.qid[k] >= 0:
            break
        if lw in DETERMINERS or lw in MODIFIERS or lw[0].isdigit():
            k += 1
            continue
        if lw in ADJUNCT_NOUNS or lw in TIME_WORDS:
            k += 1
            saw_noun = True
            continue
        if v.is_name_part(k) and v.words[k][0].isupper():
            k += 1
            saw_noun = True
            continue
        if v.words[k] in ("'s", "’s"):
            k += 1
            continue
        if lw in ("with", "of", "on", "to", "for") and saw_noun and k + 1 < end and (
            low[k + 1] in DETERMINERS or v.is_name_part(k + 1) or low[k + 1] in ADJUNCT_NOUNS
        ):
            k += 1
            continue
        break
    return k if saw_noun else None


def _clause_end(v: _View, i: int, stop_cues: bool = True) -> int:
    """End (exclusive) of a complement clause starting at token i.

    It runs to the sentence end, but stops before ", according to ...", before a
    participle cue (", saying ..."), before ", while ..." and before the frame of a
    later statement in the same sentence (", but the minister said ...").
    """
    low = v.low
    bounds = v.bounds
    stops = _clause_stops(v)  # (the other tokens end no clause)
    s = bisect_left(stops, i)
    while s < len(stops):
        k = stops[s]
        t = v.words[k]
        if v.qid[k] < 0:
            if t == "," and k + 1 < v.n and v.qid[k + 1] < 0:
                nxt = low[k + 1]
                if nxt in ("according", "while", "whereas"):
                    return k
                if stop_cues and (k + 1) in v.cue_at and cues.CUE_VERBS.get(nxt) is not None and (
                    cues.CUE_VERBS[nxt].form == cues.ING
                ):
                    return k
                if stop_cues and nxt in PRE_CUE_WORDS and (k + 2) in v.cue_at and low[k + 2].endswith("ing"):
                    return k  # ", even suggesting ..."
                if stop_cues and ((k + 1) in bounds or (k + 2) in bounds and (nxt in CONJUNCTIONS or nxt in SUBORDINATORS)):
                    return k
                if stop_cues and _attribution_follows(v, k + 1):
                    return k
                if nxt in ("who", "whom") and k > i + 2:
                    resume = _medial_relative_end(v, i, k)
                    if resume is None:
                        return k  # ", who had grown up in ...": about the last noun, not the statement
                    s = bisect_left(stops, resume)  # "the mayor, who must decide, has said nothing": the subject's
                    continue  # relative clause (its closing comma is a stop)
                if nxt in ("but", "and", "yet", "while") and k + 2 < v.n and low[k + 2] in _PERSONAL_PRONOUNS and k > i + 2:
                    return k  # "..., but he gave the Texan a compliment": the narrator goes on
                if nxt.endswith("ing") and nxt not in _NOT_PARTICIPLES and v.words[k + 1].islower() and k > i + 2:
                    return k  # ", linking to a story": the reporter's addition
            elif t == ";":
                return k
            elif stop_cues and low[k] in ("and", "but") and (k + 1) in v.cue_at and k > i:
                verb = cues.CUE_VERBS.get(low[k + 1])
                if verb is not None and verb.form in (cues.PAST, cues.THIRD, cues.ING, cues.BASE):
                    return k  # "said X and warned against Y", "calling X and accusing Y": two statements
            elif stop_cues and low[k] in ("and", "but") and k > i and (k + 1) in v.bound_cue and _strong_finite(
                v.low[v.bound_cue[k + 1]]
            ):
                return k  # "said X and one in four said Y": the subject of a later statement
        elif stop_cues and k + 2 < v.n and t[-2:-1] == "," and low[k + 1] in ("but", "and", "yet") and (
            low[k + 2] in _PERSONAL_PRONOUNS
        ):
            return k + 1  # a quotation ending in a comma, then "but he has also ...": the report ends
        elif k + 1 < v.n and t[-2:-1] == "," and v.qid[k + 1] < 0 and k > i and (
            low[k + 1].endswith("ing") and low[k + 1] not in _NOT_PARTICIPLES and v.words[k + 1].islower()
        ):
            return k + 1  # 'called him the "ultimate hypocrite," linking to a story': the reporter's addition
        s += 1
    k = i if i > v.n else v.n
    while k > i and v.words[k - 1] in ".!?…" and v.qid[k - 1] < 0:
        k -= 1
    return k


def _medial_relative_end(v: _View, i: int, k: int) -> int | None:
    """', who ...,' at token k after a complement that is still only a noun phrase (tokens i..k):
    the index of the comma that closes the relative clause when the complement's verb follows it
    ("... that the mayor, who must decide, has said nothing"), else None."""
    if any(_finite_at(v, x) for x in range(i, k)):
        return None
    for j in range(k + 2, min(v.n - 1, k + 30)):
        if v.qid[j] >= 0:
            continue
        t = v.words[j]
        if t in ";.!?:—–(":
            return None
        if t == ",":
            return j if v.qid[j + 1] < 0 and v.low[j + 1] in _FINITE else None
    return None


_NOT_PARTICIPLES = frozenset(
    """including according during notwithstanding regarding concerning considering excluding
    following something nothing anything everything thing things morning evening king ring
    spring wing bring sing string""".split()
)


def _strong_finite(low: str) -> bool:
    """Is this cue word a finite form of a verb that is a speech act in nearly every use (said, tells)?"""
    verb = cues.CUE_VERBS.get(low)
    return verb is not None and verb.lemma in cues.STRONG_LEMMAS and verb.form in (cues.PAST, cues.THIRD)


def _attribution_follows(v: _View, i: int) -> bool:
    """Does a ", he said" frame start at token i (a cue within three tokens after a short subject)?"""
    for k in range(i, i + 6 if i + 6 < v.n else v.n):
        if k in v.cue_at:
            if k == i:
                return cues.CUE_VERBS.get(v.low[k]) is not None and cues.CUE_VERBS[v.low[k]].form in (cues.PAST, cues.THIRD)
            np = _np_left(v, k - 1)
            return np is not None and np[0] == i
        if v.words[k] in ",;" or v.qid[k] >= 0:
            return False
    return False


_FRONTED_SUBORDINATORS = frozenset(
    {"although", "though", "while", "whereas", "if", "because", "since", "unless", "when", "after", "before", "once",
     "until", "as", "whenever"}
)


def _in_fronted_clause(v: _View, c0: int) -> bool:
    """Is the cue at c0 inside a subordinate clause ("When X announced Y, ...", "But although he
    says X, ...", "..., and when X said Y, ...")? Then its content ends at the clause's comma."""
    k = c0 - 1
    while k >= 0 and (v.qid[k] >= 0 or v.words[k] not in ",;:—–("):
        k -= 1
    k += 1  # the start of the cue's comma segment
    while k < c0 and v.low[k] not in _FRONTED_SUBORDINATORS and (
        v.low[k] in CONJUNCTIONS or v.low[k] in PARENTHETICALS
    ):
        k += 1
    return k < c0 and v.low[k] in _FRONTED_SUBORDINATORS


def _fronted_participle(v: _View, c0: int) -> bool:
    """Does the participle at c0 open its sentence ("Noting ...,", "While saying ...,", "In describing ...,")?"""
    k = 0
    while k < c0 and v.low[k] in CONJUNCTIONS:
        k += 1
    if k < c0 and v.low[k] in ("while", "after", "before", "in", "by", "when", "since", "without", "upon", "on") and k + 1 == c0:
        return True
    return k == c0


_CLAUSE_PREFIX = frozenset({"as", "and", "but", "so", "yet", "still", "however", "instead", "now", "then", "again"})


def _frame_opens_clause(v: _View, c0: int) -> bool:
    """Is the cue's frame at the start of the sentence (after "As" or a conjunction at most)?"""
    subj = v.subjects.get(c0)
    a = subj[0] if isinstance(subj, tuple) else c0
    k = 0
    while k < a and (v.low[k] in _CLAUSE_PREFIX or v.low[k] in PARENTHETICALS or v.words[k] in ",—–("):
        k += 1
    return k == a


def _continues_after(v: _View, frame_start: int) -> bool:
    """Does the sentence go on after the frame ("The plan, he said, is dead")?"""
    for k in range(frame_start, v.n - 1):
        if k in v.cue_at:
            rest = v.cue_at[k]
            if rest < v.n and v.low[rest] in OBJECT_PRONOUNS:
                rest += 1  # "The plan, she told them, is dead"
            return rest < v.n - 1 and v.words[rest] == ","
    return False


def _clause_start(v: _View, j: int) -> int:
    """Start of the clause that ends at token j (sentence start, after a colon, or after a fronted 'But')."""
    a = 0
    depth = 0
    for k in range(j - 1, -1, -1):
        if v.qid[k] >= 0:
            continue
        t = v.words[k]
        if t in (";", ":") or t == "(" and depth == 0:
            a = k + 1  # (also inside an open parenthesis: "towns like Dover (93 percent were white, a poll found)")
            break
        if t == ")":
            depth += 1
        elif t == "(":
            depth -= 1
    while a < j and v.low[a] in CONJUNCTIONS:
        a += 1
    return a
