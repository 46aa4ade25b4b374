"""Frames of one sentence: the dispatcher over its cues (``_frames``), noun frames (``his claim
that ...``), "reportedly", "according to" and a colon introducing a quotation."""
from __future__ import annotations

from bisect import bisect_left

from .. import cues
from ..cues import CONJUNCTIONS, DETERMINERS, FUNCTION_WORDS
from ..text import ABBREVIATIONS
from .clause import _clause_end, _clause_start, _skip_adjuncts, _that_ahead
from .speaker_np import _fronted_adverbial, _main_subject, _np_left, _phrase_is_np, _subject_before
from .verb_frame import _HYPOTHETICAL_MODALS, _to_carrier, _verb_frame
from .view import _POSSESSIVE, Subject, _after_quote, _char_span, _Frame, _is_initial, _kind_of, _View


def _colon_quote(v: _View, frames: list[_Frame]) -> _Frame | None:
    """'Kasich resisted: "Ohio governors do not have the power ..."': a quotation after a colon
    that ends the sentence, introduced by a clause with a subject and no cue of its own."""
    for k in range(v.n - 1, 0, -1):
        if v.qid[k] >= 0:
            continue
        if v.words[k] != ":":
            if v.words[k] not in ".!?" or k < v.n - 1:
                return None
            continue
        q = v.qid[k + 1] if k + 1 < v.n else -1
        if q < 0 or v.starts[k + 1] != v.quotes[q].start or v.quotes[q].words < 3:
            return None
        if _after_quote(v, k + 1) < v.n - 1:
            return None
        quote = v.quotes[q]
        if any(f.content and f.content[0][0] <= quote.start < f.content[-1][1] for f in frames):
            return None  # a cue frame already reports it
        speaker = _main_subject(v, k)
        if speaker is None or v.low[speaker[0]] in ("it", "this", "that", "there", "here"):
            return None
        return _Frame((k, k + 1), speaker, [(quote.start, quote.end)], "direct", 0.7, rule="colon before a quotation")
    return None


def _frames(v: _View, cue_offsets: list[int], noun_offsets: list[int]) -> list[_Frame]:
    """All statements anchored on the cues of one sentence (found by the article-wide scans)."""
    low = v.low
    starts = v.starts
    matches: list[tuple[int, int, str, cues.CueWord | None]] = []
    taken = -1
    for pos in cue_offsets:
        i = bisect_left(starts, pos)
        if i >= v.n or starts[i] != pos:
            continue  # inside a compound token: "so-called"
        if low[i] == "reportedly":
            v.reportedly.append(i)
            continue
        if i < taken or v.qid[i] >= 0:
            continue
        if i > 0 and v.words[i][0].isupper() and v.words[i - 1][0].isalnum():
            continue  # "Stevie Wonder": a capitalised cue word inside a sentence is a name
        m = cues.match_cue(low, i)
        if m is not None:
            v.cue_at[i] = m[0]
            matches.append((i, m[0], m[1], m[2]))
            taken = m[0]
    # where each cue's own frame starts: earlier complements end before it
    subjects: dict[int, Subject] = {}
    for c0, _, frame, verb in matches:
        subj = _subject_before(v, c0) if frame != "according" else None
        carrier = _to_carrier(v, c0) if verb is not None and verb.form == cues.BASE else None
        if carrier is not None:
            subj = _subject_before(v, carrier)  # "Reyes continued to insist ...": the carrier's subject
        subjects[c0] = subj
        v.subjects[c0] = subj
        start = subj[0] if isinstance(subj, tuple) else c0
        if start > 0 and not (verb is not None and verb.form == cues.BASE and low[c0 - 1] in _HYPOTHETICAL_MODALS):
            v.bounds.add(start)  # (a hypothetical "she would ask" reports nothing: no boundary)
            v.bound_cue[start] = c0
    found: list[_Frame] = []
    for k in v.reportedly:
        f = _reportedly(v, k)
        if f is not None:
            found.append(f)
    for pos in noun_offsets:
        k = bisect_left(starts, pos)
        if k < v.n and starts[k] == pos and v.qid[k] < 0 and low[k] in cues.NOUN_CUES:
            f = _noun_frame(v, k)
            if f is not None:
                found.append(f)
    last_speaker: tuple[int, int] | None = None
    for c0, c1, frame, verb in matches:
        if frame == "according":
            f = _according(v, c0, c1)
        else:
            assert verb is not None
            f = _verb_frame(v, c0, c1, frame, verb, subjects[c0], last_speaker)
        if f is not None:
            found.append(f)
            if f.speaker is not None:
                last_speaker = f.speaker
    return found


_POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my"})


def _noun_frame(v: _View, k: int) -> _Frame | None:
    """'despite his claim that ...', "Trump's attacks on Clinton", "her call for a recount":
    a speech-act noun with a possessor; the possessor is the speaker."""
    low = v.low
    # the possessor: a possessive determiner or "X's", up to two modifiers before the noun
    p = k - 1
    while p >= 0 and k - p <= 3 and v.words[p].islower() and low[p] not in _POSSESSIVE_DETERMINERS and (
        low[p] not in FUNCTION_WORDS and low[p] not in DETERMINERS
    ):
        p -= 1
    if p < 0:
        return None
    if low[p] in _POSSESSIVE_DETERMINERS:
        speaker = (p, p)
    elif v.words[p] in _POSSESSIVE:
        np = _np_left(v, p - 1)
        if np is None:
            return None
        speaker = (np[0], p)
    else:
        return None
    links = cues.NOUN_CUES[low[k]]
    i = k + 1
    if i < v.n and low[i] not in links:
        i = _skip_adjuncts(v, i, v.n)
        if i < v.n and low[i] not in links and "that" in links:
            i = _that_ahead(v, i) or i
    if i >= v.n or low[i] not in links:
        return None
    start = i if low[i] == "to" else i + 1
    cue_end = i + 1 if i == k + 1 and low[i] not in ("to", "that") else k + 1  # "attacks on" / "call for"
    end = start
    while end < v.n and (v.qid[end] >= 0 or v.words[end] not in (",", ";", "—", "–", "-", "!", "?", ")")):
        w = v.words[end]
        if v.qid[end] < 0 and (low[end] in ("but", "while", "although") or end in v.cue_at and end > start + 1):
            break
        if w == "." and not (end > start and (low[end - 1] in ABBREVIATIONS or _is_initial(v.words[end - 1]))):
            break
        end += 1
    sp = _char_span(v, start, end)
    if sp is None:
        return None
    return _Frame((k, cue_end), speaker, [sp], _kind_of(v, start, end), 0.6, rule="noun frame")


def _reportedly(v: _View, k: int) -> _Frame | None:
    """'The FBI is reportedly making arrangements to ...': a report with no named source;
    the content is its clause around the adverb."""
    a = _clause_start(v, k)
    for j in range(k - 1, a - 1, -1):
        if v.words[j] == "," and v.qid[j] < 0:
            a = j + 1
            break
    end = _clause_end(v, k + 1)
    spans = [sp for sp in (_char_span(v, a, k), _char_span(v, k + 1, end)) if sp is not None]
    if len(spans) < 2 or end - k < 3:
        return None
    return _Frame((k, k + 1), None, spans, _kind_of(v, a, end), 0.5, rule="reportedly")


_TIME_OPENERS = frozenset({"about", "around", "shortly", "late", "early", "earlier", "later", "just"})


def _according(v: _View, c0: int, c1: int) -> _Frame | None:
    """"according to X, ..." / "..., according to X"."""
    low = v.low
    # the source: up to the next comma or the sentence end (through abbreviations and
    # short quoted names: according to Rep. Trey Gowdy / to her "clawback" plan)
    k = c1
    while k < v.n:
        w = v.words[k]
        if v.qid[k] >= 0:
            if v.quotes[v.qid[k]].words > 4:
                break
        elif w in (",", ";", "!", "?", ":", "(", ")", "—", "–"):
            break
        elif w == "." and not (k > c1 and (low[k - 1] in ABBREVIATIONS or _is_initial(v.words[k - 1])) and k + 1 < v.n):
            break
        k += 1
    if k == c1:
        return None
    src_end = k - 1
    speaker = (c1, src_end)
    # trim a trailing time phrase: "according to the report Wednesday"
    if c0 == 0 or (c0 <= 2 and all(low[x] in CONJUNCTIONS or v.words[x] == "," for x in range(c0))):
        # fronted: content after the comma
        if k < v.n and v.words[k] == ",":
            end = _clause_end(v, k + 1)
            sp = _char_span(v, k + 1, end)
            if sp:
                return _Frame((c0, c1), speaker, [sp], _kind_of(v, k + 1, end), 0.85, rule="according to")
        return None
    # trailing or medial: the content is the rest of the sentence around the phrase
    a = _clause_start(v, c0)
    left_end = c0 - 1 if c0 > 0 and v.words[c0 - 1] == "," else c0
    spans: list[tuple[int, int]] = []
    sp = _char_span(v, a, left_end)
    if sp:
        spans.append(sp)
    if k < v.n and v.words[k] == ",":
        end = _clause_end(v, k + 1)
        if end >= v.n - 1 and _phrase_is_np(v, k + 1, end - 1, relative_ok=True) and not (
            a == 0 and (_fronted_adverbial(v, left_end) or v.low[0] in _TIME_OPENERS and left_end <= 6)
        ):
            speaker = (c1, end - 1)  # ", according to Brian Wieser, an analyst at Pivotal."
            # (not after a fronted adjunct: 'In May, according to the report, the city spent ...')
        elif k + 1 < v.n and v.low[k + 1] in ("who", "whose", "which", "whom"):
            pass  # ", according to X, who prosecuted ...": about the source, not reported
        else:
            sp2 = _char_span(v, k + 1, end)
            if sp2:
                spans.append(sp2)
    if not spans:
        return None
    kind = _kind_of(v, a, v.n)
    return _Frame((c0, c1), speaker, spans, kind, 0.85, rule="according to")
