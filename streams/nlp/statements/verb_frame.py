"""The frame of a cue verb (``_verb_frame``): speaker, content and kind around one verb, with the
checks that tell a speech use from another use of the verb (passives, "asked", negation ...)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from .. import cues
from ..cues import (
    CONJUNCTIONS,
    DETERMINERS,
    FUNCTION_WORDS,
    OBJECT_PRONOUNS,
    PRE_CUE_WORDS,
    ROLE_NOUNS,
    SUBJECT_PRONOUNS,
)
from ..model import StatementKind
from .clause import _clause_end, _frame_opens_clause, _fronted_participle, _skip_adjuncts
from .content import (
    _addressee_end,
    _complement,
    _content_before,
    _late_quote,
    _object_follows,
    _phrase_end,
    _quote_before,
    _quote_follows,
    _second_quote,
)
from .speaker_np import (
    _NUMERIC,
    _coord_subject,
    _distant_subject,
    _main_subject,
    _np_right,
    _series_subject,
    _speaker_after,
)
from .view import (
    _FINITE,
    _POSSESSIVE,
    Subject,
    SubjectGap,
    _after_quote,
    _char_span,
    _Complement,
    _finite_at,
    _Frame,
    _kind_of,
    _View,
)

_HYPOTHETICAL_MODALS = frozenset({"should", "could", "might", "must", "may", "can", "would", "shall"})

_BEFORE_PARTICIPLE = frozenset({"by", "while", "after", "before", "when", "in", "without", "upon", "on"})

_TO_CARRIERS = frozenset({"went", "goes", "go", "going", "continued", "continues", "continue", "continuing"})


def _to_carrier(v: _View, c0: int) -> int | None:
    """'went on to say', 'continued to insist': the verb that carries a cue's infinitive (its
    subject is the speaker), or None."""
    k = c0 - 2
    if k < 0 or v.low[c0 - 1] != "to":
        return None
    if v.low[k] == "on" and k > 0 and v.low[k - 1] in ("went", "goes", "go", "going"):
        k -= 1
    return k if v.low[k] in _TO_CARRIERS else None


@dataclass(frozen=True, slots=True)
class _Decided:
    """What a rule of ``_PREV_WORD_RULES`` or ``_USE_RULES`` decides for a cue verb: its frame, or None
    when the verb is no speech act here."""

    frame: _Frame | None


_NO_SPEECH_ACT = _Decided(None)

_Rule = Callable[[_View, int, int, str, cues.CueWord, Subject, str], _Decided | None]
"""A rule reads the view, the cue's tokens [c0, c1), its frame, verb and subject, and the word before
it; it returns None when it does not apply."""


@dataclass(slots=True)
class _Speaker:
    """Who speaks through a cue verb: a token range, or None when none was found; ``inverted`` when
    the speaker follows the verb ('"...," said Wood')."""

    span: tuple[int, int] | None
    inverted: bool = False


def _verb_frame(
    v: _View,
    c0: int,
    c1: int,
    frame: str,
    verb: cues.CueWord,
    subj: Subject,
    last_speaker: tuple[int, int] | None,
) -> _Frame | None:
    """The statement of a cue verb at tokens [c0, c1), or None when it is no speech act here: the
    rules that tell other uses of the verb, then the speaker, then the content and its confidence."""
    prev = v.low[c0 - 1] if c0 > 0 else ""
    if prev in _PREV_RULE_WORDS or prev[-3:] in _NOT_ENDINGS:  # (most cues skip these rules)
        for _name, rule in _PREV_WORD_RULES:
            decided = rule(v, c0, c1, frame, verb, subj, prev)
            if decided is not None:
                return decided.frame
    for _name, rule in _USE_RULES:
        decided = rule(v, c0, c1, frame, verb, subj, prev)
        if decided is not None:
            return decided.frame
    found = _find_speaker(v, c0, c1, verb, subj, prev, last_speaker)
    if found is None:
        return None
    speaker = found.span
    inverted = found.inverted
    after = speaker[1] + 1 if inverted and speaker else c1
    start_tok = speaker[0] if speaker and not inverted and speaker[0] < c0 else c0
    if verb.form != cues.ING:
        quoted = _quote_before(v, start_tok)
        if quoted is not None:
            return _quote_first_frame(v, c0, c1, speaker, quoted, after)
    got = _complement(v, c0, after, frame, verb, inverted)
    found_by = "content after the cue"
    if got is None or got.kind != "direct":
        late = _late_quote_instead(v, after, got)
        if late is not got:
            got, found_by = late, "quotation ending the sentence"
    if got is None:
        if verb.form == cues.ING:
            return None
        got = _frame_after_content(v, c0, after, frame, verb, found, start_tok)
        if got is None:
            return None
        found_by = "content before a trailing frame"
    if got.quote_follows:
        if speaker is None:
            return None
        return _Frame((c0, c1), speaker, [], "direct", 0.0, quote_follows=True, rule="introduces the next quotation")
    scored = _scored(c0, c1, verb, speaker, got)
    if scored is not None:
        scored.rule = found_by
    return scored


# --- rules read by the word before the cue: passive or nominal uses are no speech acts of a subject ---

_BE_FORMS = frozenset({"was", "were", "been", "being", "be", "is", "are"})
_NOMINAL_BEFORE = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "my", "this", "that"})
_NOT_ENDINGS = ("n't", "n’t")
_NEGATION_START = frozenset({"not", "never", "n't", "cannot"})


def _as_reported_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'As reported by the Times, X ...' / '..., as reported by the Times.': "as", a past form and
    "by" (see ``_as_reported_by``)."""
    if prev == "as" and verb.form == cues.PAST and c1 < v.n and v.low[c1] == "by":
        return _Decided(_as_reported_by(v, c0, c1))
    return None


def _passive_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'The mayor was criticised': a passive is no speech act of its subject; but 'Reyes was asked,
    "Would you run?"' puts a question (see ``_passive_asked``)."""
    if prev in _BE_FORMS and verb.form == cues.PAST:
        return _Decided(_passive_asked(v, c0, c1) if verb.lemma == "ask" else None)
    return None


def _that_carrier_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'water bottles that said, "..."', 'a sign that read "..."': a noun, "that" and a quotation after
    the verb: the thing that carries the words; without a direct quotation, no statement."""
    if prev != "that" or c0 < 2 or verb.form not in (cues.PAST, cues.THIRD):
        return None
    noun = v.words[c0 - 2]
    if not (noun.isalpha() and noun.islower() and v.low[c0 - 2] not in FUNCTION_WORDS and _quote_follows(v, c1)):
        return None
    got = _complement(v, c0, c1, frame, verb, False)
    if got is None or got.kind != "direct":
        return _NO_SPEECH_ACT
    return _Decided(_Frame((c0, c1), _carrier(v, c0 - 2), got.content, "direct", 0.7, rule="thing carrying words"))


def _nominal_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'the call', 'her claims', 'that statement': a determiner before the cue makes it a noun."""
    return _NO_SPEECH_ACT if prev in _NOMINAL_BEFORE else None


def _infinitive_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'plans to announce', 'refused to comment': an infinitive reports nothing, unless a carrier verb
    ('went on to say', 'continued to insist') makes it a report."""
    if verb.form == cues.BASE and prev == "to" and _to_carrier(v, c0) is None:
        return _NO_SPEECH_ACT
    return None


def _hypothetical_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """"the platform should reiterate": a modal before a bare verb: not a speech act that happened."""
    if verb.form == cues.BASE and prev in _HYPOTHETICAL_MODALS:
        return _NO_SPEECH_ACT
    return None


def _negation_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """"did not deny", "never mentioned", "hasn't said": a negated cue (see ``_negated``)."""
    if (prev in _NEGATION_START or prev in PRE_CUE_WORDS or prev[-3:] in _NOT_ENDINGS) and _negated(v, c0):
        return _NO_SPEECH_ACT
    return None


_PREV_WORD_RULES: tuple[tuple[str, _Rule], ...] = (
    ("as reported by", _as_reported_rule),
    ("passive", _passive_rule),
    ("carrier with that", _that_carrier_rule),
    ("nominal", _nominal_rule),
    ("infinitive", _infinitive_rule),
    ("hypothetical", _hypothetical_rule),
    ("negated", _negation_rule),
)
"""The rules that read the word before the cue, in order. Each applies only after one of
``_PREV_RULE_WORDS`` or a word ending in "n't"."""

_PREV_RULE_WORDS = (
    frozenset({"as", "that", "to"}) | _BE_FORMS | _NOMINAL_BEFORE | _HYPOTHETICAL_MODALS | _NEGATION_START | PRE_CUE_WORDS
)


# --- rules on the use of the verb: a noun, an adjective, a fronted question, a carrier ---


def _noun_use_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """"the state attorney", "Orlando attacks killed": a noun-like cue word used as a noun (see
    ``_verb_use``)."""
    if verb.form in (cues.BASE, cues.THIRD) and verb.lemma in cues.NOUN_LIKE and not _verb_use(v, c0, c1, subj):
        return _NO_SPEECH_ACT
    return None


def _other_use_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """"a group called X", "pledged delegates", "called off the talks", "maintained a lead" (see
    ``_not_speech_use``)."""
    return _NO_SPEECH_ACT if _not_speech_use(v, c0, c1, verb) else None


def _fronted_asked_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'Asked whether the pier would reopen, Reyes said ...': a fronted "asked" with no subject puts a
    question of its own (see ``_asked_frame``)."""
    if verb.lemma == "ask" and verb.form == cues.PAST and subj is None and _fronted_asked(v, c0):
        return _Decided(_asked_frame(v, c0, c1))
    return None


def _participle_carrier_rule(
    v: _View, c0: int, c1: int, frame: str, verb: cues.CueWord, subj: Subject, prev: str
) -> _Decided | None:
    """'a hat reading, "Make ..."': a participle right after a plain noun, with a direct quotation
    after it: the thing that carries the words. Otherwise the participle's speaker is looked for
    (``_participle_speaker``)."""
    if verb.form != cues.ING or verb.frame != cues.QUOTE or c0 == 0:
        return None
    noun = v.words[c0 - 1]
    if not (noun.isalpha() and noun.islower()) or prev in FUNCTION_WORDS or prev in _BEFORE_PARTICIPLE:
        return None
    if subj is SubjectGap.COORDINATED or c0 > 1 and prev in PRE_CUE_WORDS and v.words[c0 - 2] == ",":
        return None  # (", even suggesting ...": an adverb after a comma, see _participle_speaker)
    if isinstance(subj, tuple) and _progressive(v, c0) or not _quote_follows(v, c1):
        return None
    got = _complement(v, c0, c1, frame, verb, False)
    if got is not None and got.kind == "direct":
        return _Decided(_Frame((c0, c1), _carrier(v, c0 - 1), got.content, "direct", 0.7,
                               rule="thing carrying words"))
    return None


_USE_RULES: tuple[tuple[str, _Rule], ...] = (
    ("noun use", _noun_use_rule),
    ("other use", _other_use_rule),
    ("fronted asked", _fronted_asked_rule),
    ("participle carrier", _participle_carrier_rule),
)
"""The rules on the verb's use, in order, after those of ``_PREV_WORD_RULES``."""


# --- the speaker ---


def _find_speaker(
    v: _View, c0: int, c1: int, verb: cues.CueWord, subj: Subject, prev: str, last_speaker: tuple[int, int] | None
) -> _Speaker | None:
    """The speaker of a cue verb (its span may be None), or None when the verb reports nothing: a
    participle that speaks for no one, a bare verb without a speaker."""
    if verb.form == cues.ING:
        return _participle_speaker(v, c0, c1, verb, subj, prev, last_speaker)
    if isinstance(subj, tuple):
        return _Speaker(subj)
    if subj is SubjectGap.COORDINATED:
        found = _Speaker(last_speaker or _coord_subject(v, c0) or _main_subject(v, c0))
    else:
        found = _speaker_without_subject(v, c0, c1, verb)
    return None if verb.form == cues.BASE and found.span is None else found


def _participle_speaker(
    v: _View, c0: int, c1: int, verb: cues.CueWord, subj: Subject, prev: str, last_speaker: tuple[int, int] | None
) -> _Speaker | None:
    """The speaker of an -ing cue, or None when it is no report."""
    if c0 > 1 and v.low[c0 - 1] in PRE_CUE_WORDS and v.words[c0 - 2] == ",":
        prev = ","  # ", even suggesting ...": an adverb between the comma and the participle
        subj = None
    elif c0 > 0 and v.qid[c0 - 1] >= 0 and v.words[c0 - 1][-2:-1] == ",":
        prev = ","  # 'on "Morning Joe," adding, "..."': the comma sits inside the closing quotation mark
        subj = None
    if isinstance(subj, tuple) and _progressive(v, c0):
        return _Speaker(subj)  # "Clinton is promising ...": a finite verb after all
    # participle: "..., saying that ..." takes the main clause's subject
    if c0 > 0 and v.words[c0 - 1] not in ",—–" and prev != "," and subj is not SubjectGap.COORDINATED and (
        prev not in _BEFORE_PARTICIPLE
    ):
        return _participle_after_noun(v, c1, verb, subj)
    if _fronted_participle(v, c0):
        # 'Noting that the port is busy, Reyes said ...': the subject follows the participle clause
        span = _subject_after_clause(v, c0)
        return _Speaker(span) if span is not None else None
    return _Speaker(last_speaker or _main_subject(v, c0))


def _participle_after_noun(v: _View, c1: int, verb: cues.CueWord, subj: Subject) -> _Speaker | None:
    """A participle right after a noun speaks for it when a quotation, a reduced relative or an
    absolute "with" shows it; otherwise it is no report ('a bill banning ...')."""
    if not isinstance(subj, tuple):
        return None
    if _quote_follows(v, c1):
        return _Speaker(subj)  # 'footage of Clinton asking, "Why not?"'
    if verb.lemma in _REDUCED_RELATIVE_LEMMAS and _reduced_relative(v, subj, c1):
        return _Speaker(subj)  # 'with 22 percent saying they would not', 'a name suggesting there are ...'
    if _absolute_with(v, subj):
        return _Speaker(subj)  # '..., with the mayor calling it "a disgrace."'
    return None


def _speaker_without_subject(v: _View, c0: int, c1: int, verb: cues.CueWord) -> _Speaker:
    """The speaker of a finite cue with no subject before it: after the verb ('"...," said Wood.',
    'Said Wood, "..."', ", say analysts") or, after a comma, a subject further back."""
    span: tuple[int, int] | None = None
    if (verb.form in (cues.PAST, cues.THIRD) or verb.form == cues.BASE and verb.lemma == "say" and c0 > 0) and (
        c0 == 0 or v.words[c0 - 1] in ",:—–" or v.qid[c0 - 1] >= 0
    ):  # (", say analysts": a plural speaker after the verb)
        # inverted: '"...," said Wood.' / 'Said Wood, "..."'
        span = _speaker_after(v, c1)
        if span is not None and not _apposition_before(v, c0, span):
            return _Speaker(span, True)
        if span is not None:
            # 'David Fenton, a strategist whose agency made the ads, said its goal was ...': not inverted
            # after all; the speaker is the name that opens the sentence
            span = _distant_subject(v, c0)
    if span is None and c0 > 0 and v.words[c0 - 1] == "," and verb.form in (cues.PAST, cues.THIRD):
        span = _distant_subject(v, c0) or _series_subject(v, c0)
    return _Speaker(span)


_NOT_AFTER_APPOSITION = frozenset(
    {"who", "whom", "whose", "which", "of", "in", "on", "at", "for", "from", "during", "after", "to"}
)


def _apposition_before(v: _View, c0: int, span: tuple[int, int]) -> bool:
    """Does the cue follow an apposition's comma, with the words after it ("its goal") no speaker
    that ends the sentence ('David Fenton, a strategist whose agency made the ads, said its goal
    ...')?"""
    k = span[1] + 1
    return k < v.n and v.words[k].isalpha() and v.low[k] not in _NOT_AFTER_APPOSITION and c0 > 0 and v.words[c0 - 1] == ","


# --- the content ---


def _quote_first_frame(
    v: _View, c0: int, c1: int, speaker: tuple[int, int] | None, quoted: tuple[int, int], after: int
) -> _Frame:
    """'"...," he said at a briefing Monday.': the quotation before the frame is the content, whatever
    follows, with a second quotation that resumes after the frame ('"...," he said, "..."')."""
    content = [quoted]
    second = _second_quote(v, after)
    if second is not None:
        content.append(second)
    return _Frame((c0, c1), speaker, content, "direct", 0.95 if speaker else 0.6, rule="quotation before the frame")


def _late_quote_instead(v: _View, after: int, got: _Complement | None) -> _Complement | None:
    """'she told the mayors who gathered in Ohio, "..."': a quotation that ends the sentence a few
    words after the cue replaces a complement that is none or indirect and reaches into it."""
    late = _late_quote(v, after)
    if late is not None and (got is None or got.content and got.content[0][0] <= late[0] < got.content[-1][1]):
        return _Complement([late], "direct", 0.8)
    return got


def _frame_after_content(
    v: _View, c0: int, after: int, frame: str, verb: cues.CueWord, found: _Speaker, start_tok: int
) -> _Complement | None:
    """Content before the frame: '"...," he said.' / 'Taxes will rise, he said.', with what follows
    the frame; or None when the frame reports nothing."""
    speaker = found.span
    inverted = found.inverted
    if start_tok >= 2 and v.low[start_tok - 1] == "as" and v.words[start_tok - 2] in (",", "—", "–"):
        start_tok -= 1  # '..., as The Times reported on Saturday.'
    before = _content_before(v, start_tok)
    if before is None:
        return _frame_alone(v, after, frame, verb, found, start_tok)
    content, kind, conf = before
    if speaker is not None and not inverted and speaker[0] == speaker[1] and v.low[speaker[0]] in ("who", "which"):
        return None  # '..., who added to her lead': a relative clause about the last noun
    k = _skip_adjuncts(v, _addressee_end(v, after) if frame == cues.TELL and not inverted else after, v.n)
    if kind != "direct" and _object_follows(v, after, frame, inverted):
        return None  # 'During his attack, Mateen posted messages': a fronted adjunct, not a report
    if k + 1 < v.n and v.words[k] == ",":
        _content_after_frame(v, k, content, kind)
    return _Complement(content, kind, conf)


def _frame_alone(v: _View, after: int, frame: str, verb: cues.CueWord, found: _Speaker, start_tok: int) -> _Complement | None:
    """"Bystrom agreed." followed by a quoted sentence: a sentence that is only its frame takes that
    quotation as the content (``quote_follows``); any other frame without content reports nothing."""
    speaker = found.span
    end_tok = _skip_adjuncts(v, _addressee_end(v, after) if frame == cues.TELL else after, v.n)
    if speaker is not None and not found.inverted and verb.form in (cues.PAST, cues.THIRD) and (
        start_tok == 0 and end_tok >= v.n - 1 and (end_tok >= v.n or v.words[end_tok] in ".:")
    ):
        return _Complement([], "direct", 0.0, quote_follows=True)
    return None


def _content_after_frame(v: _View, k: int, content: list[tuple[int, int]], kind: StatementKind) -> None:
    """Adds to content before a frame what follows the comma at token k after the frame."""
    if v.qid[k + 1] >= 0:
        # '"...," he said, "..."': a second quotation right after the frame
        q = v.quotes[v.qid[k + 1]]
        if kind == "direct" and v.starts[k + 1] == q.start:
            content.append((q.start, q.end))
    elif kind != "direct" and v.low[k + 1] not in ("who", "whom", "whose", "which"):
        # 'The museum, he said, would make visitors ...': content around the frame
        end = _clause_end(v, k + 1)
        sp = _char_span(v, k + 1, end)
        if sp is not None and end - k > 2:
            content.append(sp)


def _scored(c0: int, c1: int, verb: cues.CueWord, speaker: tuple[int, int] | None, got: _Complement) -> _Frame | None:
    """The frame with its confidence: lower without a speaker (and then only for a direct quotation)
    and for a weak verb's indirect content; None without content."""
    content = got.content
    kind = got.kind
    conf = got.confidence
    if not content:
        return None
    if speaker is None:
        if kind != "direct":
            return None
        conf -= 0.3
    if verb.lemma not in cues.STRONG_LEMMAS and kind != "direct":
        conf -= 0.1
    return _Frame((c0, c1), speaker, content, kind, _two_decimals(conf))


@lru_cache(maxsize=256)
def _two_decimals(conf: float) -> float:
    """``round(conf, 2)``, kept per value: a scored frame's confidence is a rule's less a fixed penalty or two (a
    few values), and rounding a float to decimals goes through its decimal digits each time."""
    return round(conf, 2)


_PARTICLES = frozenset({"out", "up", "off", "down", "back", "away"})


def _carrier(v: _View, j: int) -> tuple[int, int]:
    """The noun phrase ending at token j that carries quoted words (a sign, a hat, a headline)."""
    a = j
    while a - 1 >= 0 and j - a < 4 and v.qid[a - 1] < 0 and v.words[a - 1].isalnum():
        lw = v.low[a - 1]
        if lw in DETERMINERS:
            a -= 1
            break
        if lw in FUNCTION_WORDS or lw in SUBJECT_PRONOUNS or lw in OBJECT_PRONOUNS or lw in _FINITE or lw in _PARTICLES or (
            lw.endswith(("ed", "ing")) and v.words[a - 1].islower()
        ) or a - 1 in v.cue_at:
            break
        a -= 1
    return (a, j)


def _passive_asked(v: _View, c0: int, c1: int) -> _Frame | None:
    """'Reyes was asked (by a reporter), "Would you run?"': the question is the statement and its
    asker (if named) the speaker."""
    i = c1
    asker: tuple[int, int] | None = None
    if i < v.n and v.low[i] == "by":
        asker = _np_right(v, i + 1)
        if asker is None:
            return None
        i = asker[1] + 1
    i = _skip_adjuncts(v, i, v.n)
    if i + 1 < v.n and v.words[i] in (",", ":") and v.qid[i + 1] >= 0:
        q = v.quotes[v.qid[i + 1]]
        if v.starts[i + 1] == q.start and _after_quote(v, i + 1) >= v.n - 1:
            return _Frame((c0, c1), asker, [(q.start, q.end)], "direct", 0.7, rule="passive asked")
    if i < v.n and v.low[i] in ("about", "whether", "if", "why", "how", "what", "when", "where", "who", "to"):
        # 'Reyes was asked about the pier', 'was asked by a host whether ...': the question
        end = _phrase_end(v, i, _clause_end(v, i), False)
        sp = _char_span(v, i, end)
        if sp is not None and end - i >= 2:
            return _Frame((c0, c1), asker, [sp], _kind_of(v, i, end), 0.6, rule="passive asked")
    return None


_REDUCED_RELATIVE_LEMMAS = frozenset({"say", "suggest", "claim", "argue", "warn", "tell", "insist", "predict"})


def _reduced_relative(v: _View, subj: tuple[int, int], c1: int) -> bool:
    """'47 percent of voters saying they will ...', 'with 22 percent saying ...', 'a puppet saying what
    people want': a participle right after its subject, followed by a clause."""
    i = _skip_adjuncts(v, c1, v.n)
    if i >= v.n or v.qid[i] >= 0:
        return False
    lw = v.low[i]
    if not (lw == "that" or lw in SUBJECT_PRONOUNS and lw not in ("who", "which") or lw in ("there", "what")):
        return False
    before = v.low[subj[0] - 1] if subj[0] > 0 else ""
    return before in ("with", "of", "by") or any(v.low[k][0].isdigit() or v.low[k] in _NUMERIC for k in range(subj[0], subj[1] + 1))


def _absolute_with(v: _View, subj: tuple[int, int]) -> bool:
    """'..., with the union calling her "a champion"': a participle's subject after a clause-opening
    "with" (an absolute construction) is its speaker."""
    a = subj[0]
    return a >= 1 and v.low[a - 1] == "with" and (a == 1 or v.words[a - 2] in (",", "—", "–", "-", "--"))


def _subject_after_clause(v: _View, c0: int) -> tuple[int, int] | None:
    """The subject right after the comma that closes a fronted participle clause."""
    for k in range(c0 + 1, min(v.n - 1, c0 + 40)):
        if v.qid[k] >= 0:
            continue
        t = v.words[k]
        if t in ";:":
            return None
        if t == ",":
            np = _np_right(v, k + 1)
            if np is None or np[1] + 1 >= v.n or v.low[np[0]] in ("it", "there", "this", "that"):
                continue
            nxt = np[1] + 1
            while nxt < v.n and v.low[nxt] in PRE_CUE_WORDS:
                nxt += 1
            if nxt < v.n and (nxt in v.cue_at or _finite_at(v, nxt) or v.words[nxt].islower() and v.low[nxt].endswith("s")):
                return np
    return None


def _as_reported_by(v: _View, c0: int, c1: int) -> _Frame | None:
    """'As reported by the Times, X ...' / '..., as reported by the Times.': the rest of the sentence
    is the report and the agent of the passive its source."""
    src = _np_right(v, c1 + 1)
    if src is None:
        k = _addressee_end(v, c1 + 1)
        src = (c1 + 1, k - 1) if k > c1 + 1 else None
    if src is None:
        return None
    k = src[1] + 1
    if k < v.n and v.words[k] == "," and _frame_opens_clause(v, c0 - 1 if c0 > 0 else c0):
        end = _clause_end(v, k + 1)
        sp = _char_span(v, k + 1, end)
        if sp is not None and end - k > 3:
            return _Frame((c0, c1 + 1), src, [sp], _kind_of(v, k + 1, end), 0.7, rule="as reported by")
        return None
    if c0 >= 2 and v.words[c0 - 2] in (",", "—", "–") and (k >= v.n - 1 or v.words[k] in ".;"):
        got = _content_before(v, c0 - 1)
        if got is not None and got[1] != "direct":
            return _Frame((c0, c1 + 1), src, got[0], got[1], 0.7, rule="as reported by")
    return None


def _fronted_asked(v: _View, c0: int) -> bool:
    """Is "asked" at c0 a fronted participle ("Asked about X, Reyes said", "When asked why, ...")?"""
    k = 0
    while k < c0 and (v.low[k] in CONJUNCTIONS or v.words[k] in ",—–\"“"):
        k += 1
    if k < c0 and v.low[k] in ("when", "after", "if", "once", "while", "before", "as") and k + 1 == c0:
        return True  # "When asked why, ..." (but not '..., Kim said when asked if ...': the answer's setting)
    if c0 > 0 and v.words[c0 - 1] == "," and c0 + 1 < v.n and v.low[c0 + 1] in ("about", "whether", "if", "why", "how", "what"):
        return True  # '"...," McCain said, asked about the delay.'
    return k == c0


def _asked_frame(v: _View, c0: int, c1: int) -> _Frame | None:
    """'Asked whether the pier would reopen, Reyes said ...': the question is a statement of its own
    (put by someone unnamed); it runs to the comma that ends the participle clause."""
    i = c1
    asker: tuple[int, int] | None = None
    if i < v.n and v.low[i] == "by":
        asker = _np_right(v, i + 1)  # "Asked by reporters whether ...": the asker is the speaker
        if asker is None:
            k = _addressee_end(v, i + 1)
            asker = (i + 1, k - 1) if k > i + 1 else None
        i = asker[1] + 1 if asker is not None else i
    i = _skip_adjuncts(v, i, v.n)
    end = i
    while end < v.n and (v.qid[end] >= 0 or v.words[end] not in (",", ";", ":", "—", "–", ".", "?")):
        if v.qid[end] >= 0 and v.words[end][-2:-1] == "," and i < end <= i + 40 and end + 1 < v.n and v.qid[end + 1] < 0:
            # 'Asked if the mayor is "fit to serve," 72 percent said ...': the comma inside the quotation
            return _Frame((c0, c1), asker, [(v.starts[i], v.ends[end])], _kind_of(v, i, end + 1), 0.6,
                          rule="fronted asked")
        end += 1
    trailing = c0 > 1 and v.words[c0 - 1] == ","  # '..., Reyes said, asked about the pier.'
    if end == i or end - i > 40 or not (end < v.n and v.words[end] == "," or trailing and (
        end >= v.n - 1 or v.words[end] in ".?;"
    )):
        return None
    return _Frame((c0, c1), asker, [(v.starts[i], v.ends[end - 1])], _kind_of(v, i, end), 0.6, rule="fronted asked")


_REFLEXIVES = frozenset("himself herself themselves itself myself ourselves yourself".split())


_ARTICLES = frozenset({"a", "an", "the", "another"})
_CLAUSE_ONLY_LEMMAS = frozenset({"maintain", "charge"})
"""Cue verbs that report speech only with a clause or quotation ("maintained that ..."), never with
a plain object ("maintained a lead", "charged the campaign $3 million")."""
_PARTICLES_AFTER_CALL = frozenset({"off", "up", "back", "in", "to", "attention", "time"})


def _not_speech_use(v: _View, c0: int, c1: int, verb: cues.CueWord) -> bool:
    """Uses of a cue word that are no speech act: a participle naming a thing ("a group called X",
    "so-called"), an adjective ("pledged delegates"), "called off", "maintained a lead"."""
    low = v.low
    prev = low[c0 - 1] if c0 > 0 else ""
    nxt = low[c1] if c1 < v.n else ""
    if verb.form == cues.PAST:
        if prev == "so" or prev == "-" and c0 > 1 and low[c0 - 2] == "so":
            return True  # "so-called", "so- called"
        if verb.lemma == "call" and c0 >= 2 and v.words[c0 - 1].islower() and prev not in FUNCTION_WORDS and (
            prev not in SUBJECT_PRONOUNS and prev not in PRE_CUE_WORDS and not prev.endswith("ly")
        ) and (
            prev not in ROLE_NOUNS and (low[c0 - 2] in _ARTICLES or c0 >= 3 and low[c0 - 3] in _ARTICLES)
            or low[c0 - 2] in ("a", "an") and c1 < v.n and v.words[c1][:1].isupper()
        ):
            return True  # "a group called Citizens for Reyes", "a short film called ..."
        if nxt and v.words[c1].isalpha() and v.words[c1].islower() and nxt not in FUNCTION_WORDS and (
            nxt not in DETERMINERS and nxt not in OBJECT_PRONOUNS and nxt not in SUBJECT_PRONOUNS
        ) and (prev in DETERMINERS and prev not in ("his", "her", "their", "its") or prev in ("of", "in", "regular")
               or prev[:1].isdigit() or prev in _POSSESSIVE and c0 >= 2 and (
                   low[c0 - 2] not in SUBJECT_PRONOUNS and low[c0 - 2] not in ("that", "there", "what", "where", "here")
               ) or verb.lemma == "pledge" and nxt in ("delegate", "delegates")):
            return True  # "400 pledged delegates", "in pledged delegates", "the party's pledged delegates": an adjective
    if verb.lemma == "call" and nxt in _PARTICLES_AFTER_CALL and c1 < v.n and v.qid[c1] < 0:
        return True  # "called off the talks", "called to mind"
    if verb.lemma in _CLAUSE_ONLY_LEMMAS and verb.form != cues.ING:
        i = _skip_adjuncts(v, c1, v.n)
        if i < v.n and v.qid[i] < 0 and v.low[i] != "that" and v.words[i] not in (",", ":") and (
            v.low[i] not in SUBJECT_PRONOUNS or v.low[i] in ("it", "you")
        ):
            return True  # "maintains a lead", "charged the campaign $3 million"
    if verb.form == cues.BASE and verb.lemma in cues.NOUN_LIKE and c1 < v.n and v.qid[c1] < 0 and (
        v.words[c1][:1].isupper() and nxt not in SUBJECT_PRONOUNS and _to_carrier(v, c0) is None
    ):
        return True  # "New York state Democratic official", "Wisconsin state Rep."
    return False


def _verb_use(v: _View, c0: int, c1: int, subj: Subject) -> bool:
    """Is a noun-like cue word ("state", "attacks", "report") used as a verb here?

    As a verb it has a subject and a complement: "that", a colon, a quotation, a
    particle (calls for), or an object after a pronoun or a name (Trump calls Obama ...).
    A possessive before it or a bare noun after it makes it a noun.
    """
    prev = v.words[c0 - 1] if c0 > 0 else ""
    if prev in _POSSESSIVE or prev in ("’", "'"):
        return False
    if not isinstance(subj, tuple):
        # inverted after a quotation: '"...," reads the sign'
        return c0 > 0 and (v.qid[c0 - 1] >= 0 or prev in ",:") and subj is None
    nxt = v.low[c1] if c1 < v.n else ""
    if nxt in ("that", ":", "for", "on", "out") or c1 < v.n and v.qid[c1] >= 0:
        return True
    if nxt == "," and c1 + 1 < v.n and v.qid[c1 + 1] >= 0:
        return True
    head = v.low[subj[1]]
    if not (
        head in SUBJECT_PRONOUNS or head in ROLE_NOUNS or v.words[subj[1]][0].isupper() or v.low[subj[0]] in DETERMINERS
    ):
        return False
    if nxt and nxt[0].isalpha() and v.words[c1][0].islower() and nxt not in FUNCTION_WORDS and (
        nxt not in DETERMINERS and nxt not in OBJECT_PRONOUNS and nxt not in SUBJECT_PRONOUNS and nxt not in _REFLEXIVES
    ):
        return False  # "the Republican state attorney", "Orlando attacks killed"
    return True


def _progressive(v: _View, c0: int) -> bool:
    """Is the -ing cue at c0 part of a progressive verb ("is promising", "have been saying")?"""
    for k in range(c0 - 1, c0 - 4 if c0 > 3 else -1, -1):
        lw = v.low[k]
        if lw in ("is", "are", "was", "were", "been", "be", "'s", "’s"):
            return True
        if lw not in PRE_CUE_WORDS and not lw.endswith("ly"):
            return False
    return False



def _negated(v: _View, c0: int) -> bool:
    """"did not deny", "never mentioned": a negated cue reports no statement."""
    for k in range(c0 - 1, c0 - 4 if c0 > 3 else -1, -1):
        lw = v.low[k]
        if lw in ("not", "never", "n't", "cannot") or lw.endswith(("n't", "n’t")):
            return True
        if lw not in PRE_CUE_WORDS:
            return False
    return False
