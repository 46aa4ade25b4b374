"""Choosing the person a role description fits best: candidates nearby and across the article,
weighed by how well their stated roles fit the description.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from .. import roles as R
from . import document as _document
from . import index as _index
from . import persons as _persons
from . import role_evidence as _role_evidence
from .entities import _Entity
from .words import _SUBORDINATORS, _WORD, _first

if TYPE_CHECKING:
    from .article import _Article


_PICK_WALK = 64  # mentions a description walks through; past that, the people among them are


_PICK_ENTITIES = 128  # weighed one by one (polnear articles: at most 249 mentions of 72 people);


_PICK_WINDOW = 128  # past that, the mentions on either side of the description are walked


def _person_for(art: _Article, s: int, role: R.Role, *, definite: bool, bare: bool,
                indefinite: bool, owned: bool = False) -> _Entity | None:
    """The named person a description fits: before it if definite, else the one the lede introduces.

    The article's speakers are tried first (cheap, and usually right); every person the
    article names is read only when none of them fits."""
    lede = s < art.body_start or _document.sentence(art, s)[0] <= art.body_start
    if indefinite and not lede:
        return None  # "a senior official" in the body introduces someone new
    # the speaker of the statement just before is the topic ("David Axelrod on Wednesday called
    # on ... “...,” Obama's former campaign strategist said")
    i = bisect_left(art.index.spk, s, key=_first)
    topic = art.index.spk[i - 1][1] if i > 0 and s - art.index.spk[i - 1][0] < 600 else None
    pick = _pick_person(art, art.index.spk, "spk", s, role, definite=definite, bare=bare, indefinite=indefinite,
                             salient=2, light=True, topic=topic)
    if pick is None:
        # every person: only one whose stated role fits (guessing the main person is for speakers)
        pick = _pick_person(art, _index.people_list(art), "people", s, role, definite=definite, bare=bare,
                                 indefinite=indefinite, light=True, salient=1 << 30)
    # a role of someone's ("the State Department's inspector general") may be someone new
    if definite and not owned and (pick is None or _fit_score(art, pick, role, True) < 2):
        near = _near_subject(art, s, apart=_epithet(role))
        if near is not None and _fit_score(art, near, role, True) >= 1:
            return near  # "Rubio ... visited Iowa. The Florida senator told reporters"
    return pick


def _near_subject(art: _Article, s: int, apart: bool = False) -> _Entity | None:
    """The person a definite description most likely stands for: the first person named
    outside quotations in its own sentence before it, else in the sentence before
    ("Harry Reid blasted Rubio. “...,” the Senate minority leader said").

    ``apart``: for an epithet or an age ("the billionaire", "the 62-year-old"), not the subject of its own
    sentence: a writer who meant them would have written "he" ("the senator called on them after the
    billionaire mogul claimed ..." is someone else), so the sentence before is searched without them."""
    ss = _document.sentence(art, s)[0]
    spans = [(ss, s, True)]
    prev = _document.prev_sentence(art, ss)
    if prev is not None and prev >= (art.body_start if s >= art.body_start else 0):
        spans.append((prev, ss, False))
    named_here: list[_Entity] = []
    for a, b, own in spans:
        if own and apart:
            subject = _first_subject(art, a, b, own, named_here)
            named_here = [subject] if subject is not None else []
            continue
        if not own:  # the one who spoke in the sentence before goes on speaking
            said = _speaker_between(art, a, b, named_here)
            if said is not None:
                return said
        found = _first_subject(art, a, b, own, named_here)
        if found is not None:
            return found
    return None


def _first_subject(art: _Article, a: int, b: int, own: bool, skip: list[_Entity]) -> _Entity | None:
    """The first person named outside quotations in ``[a, b)`` (in its own sentence, not past a
    subordinator: "as Jane Holt looked on, the senator said"), other than those in ``skip``."""
    text = art.text
    for p, ent, poss in _index.mentions_in(art, a, b, possessives=True):
        if poss or _document.in_quote(art, p):
            continue
        if own and any(w.lower() in _SUBORDINATORS for w in _WORD.findall(text, a, p)):
            break
        if ent.kind == "person" and ent not in skip and _persons.is_someone(art, ent):
            return ent
    return None


def _speaker_between(art: _Article, a: int, b: int, skip: list[_Entity]) -> _Entity | None:
    """The first named person who speaks a statement in ``[a, b)``, outside quotations, other than those in
    ``skip``."""
    spk = art.index.spk
    i = bisect_left(spk, a, key=_first)
    while i < len(spk) and spk[i][0] < b:
        p, ent = spk[i]
        i += 1
        if ent.kind == "person" and ent not in skip and not _document.in_quote(art, p) \
                and _persons.is_someone(art, ent):
            return ent
    return None


def _pick_person(art: _Article, mentions: list[tuple[int, _Entity]], which: str, s: int, role: R.Role, *,
                 definite: bool, bare: bool, indefinite: bool, salient: int = 0, light: bool = False,
                 topic: _Entity | None = None) -> _Entity | None:
    """The person that the description at ``s`` names, among ``mentions`` (in text order;
    ``which`` names the list for :func:`_by_entity`).

    Before ``s``: the latest mention of someone whose stated role fits, else the most
    salient of those with no stated role; after it: the first of the best fitting.

    Up to ``_PICK_WALK`` mentions, every mention is walked. In a longer list with up to
    ``_PICK_ENTITIES`` people, each of them is weighed once, in the order of their first
    mention as the walk would, and their mentions found by bisection: a speaker described
    again and again costs nothing more.
    With more people than that, only the ``_PICK_WINDOW`` mentions on either side of ``s``
    are walked: news does not describe someone named hundreds of mentions away, and
    weighing everyone for each description made resolution quadratic."""
    best_before: tuple[int, int, _Entity] | None = None
    best_after: tuple[int, object, _Entity] | None = None
    long = len(mentions) > _PICK_WALK
    fit: int | None  # of an entity's stated roles to the description (_fit_score); None: not weighed yet
    by = _index._by_entity(art, which) if long else None
    if by is not None and len(by.by) <= _PICK_ENTITIES:
        latest = (-1, 0)  # the mention of best_before, when it fits (2)
        for ent, positions in by.in_order():
            real = ent.kind != "person" or _persons.is_someone(art, ent)
            fit = _fit_score_of(art, ent, role, light) if real else 0
            if fit <= 0 or (fit == 1 and ent.spoke < salient and ent is not topic):
                continue
            k = bisect_left(positions, s, key=_first)
            if k > 0:  # mentioned before s
                if fit == 1:
                    # no stated role: the article's main speaker rather than the latest name
                    rank = ent.spoke * 1000 + len(_persons.person_occ(art, ent)) if ent.kind == "person" else 0
                    if best_before is None or best_before[0] < 2 and rank > best_before[1]:
                        best_before = (1, rank, ent)
                elif best_before is None or best_before[0] < 2 or positions[k - 1] > latest:
                    best_before = (fit, positions[k - 1][0], ent)
                    latest = positions[k - 1]
            if k < len(positions) and (best_after is None or fit > best_after[0] or (
                    fit == best_after[0] and positions[k] < best_after[1])):  # type: ignore[operator]
                best_after = (fit, positions[k], ent)
    else:
        if long:
            i = bisect_left(mentions, s, key=_first)
            mentions = mentions[max(0, i - _PICK_WINDOW):i + _PICK_WINDOW]
            known = art.roles.fit.setdefault((role, light), {})
        fits: dict[int, int] = {}
        for ms, ent in mentions:
            fit = fits.get(id(ent))
            if fit is None:
                if ent.kind != "person" or _persons.is_someone(art, ent):
                    if not long:
                        fit = _fit_score_of(art, ent, role, light)
                    elif (got := known.get(id(ent))) is not None and got[0] == _role_evidence.stamp(art, ent):
                        fit = got[1]
                    else:
                        fit = _fit_score(art, ent, role, light)
                else:
                    fit = 0
                fits[id(ent)] = fit
            if fit <= 0 or (fit == 1 and ent.spoke < salient and ent is not topic):
                continue
            if ms < s:
                if fit == 1:
                    rank = ent.spoke * 1000 + len(_persons.person_occ(art, ent)) if ent.kind == "person" else 0
                    if best_before is None or best_before[0] < 2 and rank > best_before[1]:
                        best_before = (1, rank, ent)
                elif best_before is None or best_before[0] < 2 or ms >= best_before[1]:
                    best_before = (fit, ms, ent)
            elif best_after is None or fit > best_after[0]:
                best_after = (fit, ms, ent)
    lede = s < art.body_start or _document.sentence(art, s)[0] <= art.body_start
    if definite:
        if best_before and best_before[0] >= 2:
            return best_before[2]
        if best_after and best_after[0] >= 2:
            return best_after[2]
        # nobody has the role stated: the article's main person, unless the role is tied to an
        # organisation ("the State Department's inspector general") the article would have named
        if best_before and not role.organization:
            return best_before[2]
        return None
    if bare or (indefinite and lede):
        cands = [c for c in (best_before, best_after) if c and c[0] >= 2 and c[2].kind == "person"]
        if cands:
            return max(cands, key=lambda c: c[0])[2]
    return None


def _fit_score(art: _Article, ent: _Entity, role: R.Role, light: bool = False) -> int:
    """2: a stated role of ``ent`` fits the description; 1: ``ent`` has no stated role; 0: no.
    ``light`` reads roles only where the full name stands (enough to rank every person).

    Remembered per entity, description and ``light`` while what it reads stays the same
    (whether all roles are read, and how many descriptions added one)."""
    cache = art.roles.fit.get((role, light))
    if cache is None:
        cache = art.roles.fit[(role, light)] = {}
    got = cache.get(id(ent))
    if got is not None and got[0] == _role_evidence.stamp(art, ent):
        return got[1]
    fit = _fit_score_of(art, ent, role, light)
    cache[id(ent)] = (_role_evidence.stamp(art, ent), fit)
    return fit


def _fit_score_of(art: _Article, ent: _Entity, role: R.Role, light: bool) -> int:
    pairs = _role_evidence.light_roles(art, ent) if light else _role_evidence.roles(art, ent)
    rs = [r for _, r in pairs]
    titled = [r for r in rs if r.head]
    ec = _role_evidence._best_country(pairs) if ent.kind == "person" else ent.country
    if role.country and ec and role.country != ec:
        return 0
    if role.place and any(r.place and R.places_conflict(role.place, r.place) for r in rs):
        return 0  # "the Florida senator" is not the senator "R-Ky."
    if not titled:
        return 1 if ent.kind == "person" else 0
    for r in titled:
        if _role_evidence._head_fits(role, r) and (not role.ranks or role.ranks <= r.ranks) and not (
                r.ranks - {"former", "ex", "ex-"}) - role.ranks:
            return 2
    return 1 if ent.kind == "person" and _epithet(role) else 0


def _epithet(role: R.Role) -> bool:
    """Whether a description's head characterises a person rather than names an office ("the billionaire",
    "the casino tycoon"): it fits anyone whose stated roles do not contradict it, as one with no stated role
    does (:func:`_fit_score_of`)."""
    return role.head is not None and role.head in R.lexicon().epithets
