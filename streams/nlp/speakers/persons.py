"""Linking person names: surnames and given names to the full name met before or after, short
forms ("Xander" -> "Alexander Wise"), relatives apart by context, a person's gender, and the
evidence that a "person" is someone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from ..cues import NAME_PARTICLES
from . import document as _document
from . import index as _index
from . import role_evidence as _role_evidence
from .entities import _Entity, _Info
from .mentions import _gendered_honorifics, _same_first, _strip_possessive
from .words import _UNSEEN

if TYPE_CHECKING:
    from .article import _Article


_PLACE_PREPOSITIONS = frozenset("in on at from to into near across outside inside toward towards".split())


_SAID_AFTER = patterns.compile(r"(?:’s|'s)? (?:said|says|told|tells|added|asked|wrote|argued|explained|noted|"
                         r"insisted|"
                         r"warned|stated|claimed|replied|responded|tweeted|has said|had said)\b")


class PersonTable:
    """The people the article names, and what linking names to them has found so far."""

    __slots__ = ("by_key", "by_last", "ct_low", "firsts_with", "fulls", "linked_by", "lone_done", "org_opened")

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], _Entity] = {}  # (first names, last name) -> person
        self.by_last: dict[str, list[tuple[str, _Entity]]] = {}  # persons by last name, in order
        self.fulls: dict[str, list[_Entity]] = {}  # word -> the full names it stands in
        self.ct_low: _LoweredChunks | None = None  # chunk texts in lower case, joined (_full_names_with)
        self.firsts_with: dict[str, dict[str, list[tuple[str, ...]]]] = {}  # _full_names_with answers
        self.org_opened: dict[str, int | None] = {}  # word -> first org chunk it opens (None: none)
        self.lone_done: dict[str, int] = {}  # word -> how many of its occurrences are resolved
        self.linked_by: dict[int, str] = {}  # person chunk -> the rule of _person that linked it (for explain)


def _full_person(art: _Article, toks: tuple[str, ...]) -> _Entity:
    key = (toks[0], toks[-1])
    e = art.persons.by_key.get(key)
    if e is None and len(toks) >= 2:
        for f, x in art.persons.by_last.get(toks[-1], ()):
            if f != toks[-1] and _same_first(f, toks[0]):
                e = x
                break
    if e is None:
        e = _Entity("person", toks, None)
        art.persons.by_key[key] = e
        art.persons.by_last.setdefault(key[1], []).append((key[0], e))
    elif len(toks) > len(e.tokens):
        e.tokens = toks
    e.aliases.add(" ".join(toks))
    return e


def _short_form(art: _Article, x: str) -> tuple[str, ...] | None:
    """The one full name whose first name ``x`` shortens: its start ("Alex") or its end
    ("Xander" for "Alexander"), at least three letters; None when none or several fit."""
    if len(x) < 3 or not x.isalpha():
        return None
    low = x.lower()
    lx = R.lexicon()
    given = x in lx.female_names or x in lx.male_names  # "Alex"; not "Hill" of "The Hill"
    if not given and len(x) < 5:
        return None  # neither way can fit
    hits = {toks for first, names in _full_names_with(art, low).items() if first != x and first.isalpha() and (
        (given and first.lower().startswith(low)) or (len(x) >= 5 and first.lower().endswith(low)))
        for toks in names}
    if len({(t[0], t[-1]) for t in hits}) != 1:
        return None
    return max(hits, key=len)


def _full_names_with(art: _Article, low: str) -> dict[str, list[tuple[str, ...]]]:
    """The article's full person names by first name (chunks decoded, nothing resolved), of the
    chunks whose text holds ``low`` in lower case: a first or last name that is, starts or ends
    with ``low`` is in such a chunk, and the article's other chunks are not decoded for it."""
    if low in art.persons.firsts_with:
        return art.persons.firsts_with[low]
    firsts: dict[str, list[tuple[str, ...]]] = {}
    infos = art.index.info
    for j in _chunks_holding(art, low):
        inf = infos[j]
        if inf is _UNSEEN:
            inf = _index.info(art, j)
        if inf is not None and inf.kind == "person" and len(inf.tokens) >= 2 and _full_name_here(art, inf):
            got = firsts.setdefault(inf.tokens[0], [])
            if inf.tokens not in got:
                got.append(inf.tokens)
    art.persons.firsts_with[low] = firsts
    return firsts


class _LoweredChunks:
    """The chunk texts in lower case joined by newlines (which no chunk holds), where each starts in the
    join, and the chunks holding a capital sigma, which lowers by its context ("Σ" -> "ς" or "σ"): those
    are decoded for every word. The join of the texts (:func:`~.document.joined_chunks`) is lowered as
    one: a newline is neither cased nor ignored by case, so each sigma lowers as in its chunk alone, and
    the texts keep their places unless one grows ("İ" -> "i̇"; none shrinks)."""

    __slots__ = ("joined", "sigma", "starts")

    def __init__(self, art: _Article) -> None:
        big, starts = _document.joined_chunks(art)
        low = big.lower()
        ct = art.doc.ct
        if len(low) == len(big):
            self.joined, self.starts = low, starts
        else:
            self.joined, self.starts = _document.joined(list(map(str.lower, ct)))
        self.sigma = [j for j, c in enumerate(ct) if "Σ" in c] if "Σ" in art.text else []


def _chunks_holding(art: _Article, low: str) -> list[int]:
    """Indices of the chunks whose text in lower case holds ``low`` (and of those holding a capital sigma),
    in order: the join of the chunks' texts is searched (``str.find``), each hit's chunk found by bisection
    and the search going on from the next chunk, instead of testing every chunk."""
    lc = art.persons.ct_low
    if lc is None:
        lc = art.persons.ct_low = _LoweredChunks(art)
    joined, starts = lc.joined, lc.starts
    found: list[int] = []
    # (no chunk holds a newline, so neither can a hit; with no chunks there is none)
    p = joined.find(low) if len(starts) > 1 and "\n" not in low else -1
    while p >= 0:
        j = bisect_right(starts, p) - 1
        found.append(j)
        p = joined.find(low, starts[j + 1])  # (one past the join for the last chunk)
    return sorted({*found, *lc.sigma}) if lc.sigma else found


def given_name_person(art: _Article, i: int, inf: _Info) -> _Entity | None:
    """A one-word place that is the first name of someone the article names in full
    ("Jordan said" after "Jordan Pike"), unless a place preposition stands before it."""
    x = art.text[inf.ns:inf.ne]
    if " " in x or not (x in R.lexicon().female_names or x in R.lexicon().male_names):
        return None
    k = art.text.rfind(" ", max(0, inf.ns - 12), inf.ns - 1)
    if art.text[k + 1:inf.ns].strip().lower() in _PLACE_PREPOSITIONS:
        return None
    names = _full_names_with(art, x.lower()).get(x)
    if not names or len({t[-1] for t in names}) != 1:
        return None
    return _full_person(art, max(names, key=len))


def _full_name_here(art: _Article, inf: _Info) -> bool:
    """Whether a chunk of two or more names is someone's full name: in a headline, whose words are
    all capitalised ("Reporters To Take Down Trump"), only when it opens with a given name."""
    lx = R.lexicon()
    return inf.ns >= art.body_start or inf.tokens[0] in lx.female_names or inf.tokens[0] in lx.male_names


def _fulls_with(art: _Article, x: str) -> list[_Entity]:
    """People the article names in full whose first or last name is ``x``."""
    r = art.persons.fulls.get(x)
    if r is None:
        r = []
        head: list[_Info] = []  # headline chunks that may not be names ("Reporters To Take Down Trump")
        occ = _index.occurrences(art, x)
        infos = art.index.info
        for j in occ:
            inf = infos[j]
            if inf is _UNSEEN:
                inf = _index.info(art, j)
            if inf is not None and inf.kind == "person" and len(inf.tokens) >= 2 and x in (
                    inf.tokens[0], inf.tokens[-1]):
                if not _full_name_here(art, inf):
                    head.append(inf)
                    continue
                e = _full_person(art, inf.tokens)
                if e not in r:
                    r.append(e)
        if not r and head:  # the headline names someone in full the body names only by surname
            r = [_full_person(art, head[0].tokens)]
        art.persons.fulls[x] = r
    return r


def _person(art: _Article, i: int, inf: _Info) -> _Entity | None:
    toks = inf.tokens
    linked = art.persons.linked_by
    if len(toks) >= 2:
        found = _particle_surname(art, toks)
        linked[i] = "surname with its particle" if found is not None else "name"
        return found or _full_person(art, toks)
    x = toks[0]
    cands = _fulls_with(art, x)
    if not cands:
        # an organisation the word opens ("Lopez Group"): looked for once per word, not per mention
        if x not in art.persons.org_opened:
            art.persons.org_opened[x] = next(
                (j for j in _index.occurrences(art, x) if (jinf := _index.info(art, j)) is not None
                 and jinf.kind == "org" and len(jinf.tokens) > 1 and jinf.tokens[0] == x), None)
        j = art.persons.org_opened[x]
        if j is not None:
            linked[i] = "the organization the word opens"
            return _index.ent(art, j)
        short = _short_form(art, x)
        if short is not None:
            linked[i] = "short form of a full name"
            return _full_person(art, short)  # "Xander" or "Alex" after "Alexander Wise"
        linked[i] = "name alone (nobody named in full with it)"
        return _full_person(art, (x,))
    if len(cands) == 1:
        g = _honorific_gender(art, inf.ns)
        other = _first_name_gender(art, cands[0])
        if g and other and g != other:
            linked[i] = "honorific of another gender than the one named in full"
            e = _full_person(art, (x,))  # "Mrs. Clinton" when only "Bill Clinton" is named in full
            e.gender, e.gender_known = g, True
            return e
        linked[i] = "surname"
        return cands[0]
    cands = _by_context(art, cands, x, inf.ns)
    if len(cands) == 1:
        linked[i] = "surname, by the role words around it"
        return cands[0]
    # A lone surname continues the previous lone mention of it ("Kim said" after "Minister
    # Kim"); a full name counts only in the same or the previous sentence, since writers
    # name a relative in full and keep the bare surname for the main person.
    occ = _index.occurrences(art, x)
    k = bisect_left(occ, i)
    if k == len(occ) or occ[k] != i:
        k = len(occ)
    # The earlier lone mentions first, in text order: each then finds its own predecessor
    # resolved, instead of resolving the whole chain before it recursively (a RecursionError
    # past ~300 of them); each is resolved once per article.
    done = art.persons.lone_done.get(x, 0)
    while done < k:
        j = occ[done]
        done += 1
        art.persons.lone_done[x] = done
        if art.index.ent[j] is _UNSEEN:
            pinf = _index.info(art, j)
            if pinf is not None and pinf.kind == "person" and len(pinf.tokens) == 1:
                _index.ent(art, j)
    own = _document.sentence(art, inf.ns)[0]
    near = _document.prev_sentence(art, own)
    near = own if near is None else near
    for kk in range(k - 1, -1, -1):
        j = occ[kk]
        pinf = _index.info(art, j)
        if pinf is None or pinf.kind != "person":
            continue
        if len(pinf.tokens) >= 2 and (pinf.ns < near or pinf.ns < own and _aside(art, pinf)):
            continue
        prev = _index.ent(art, j)
        if prev is not None and prev in cands:
            linked[i] = "surname, as the mention of it before"
            return prev
    if k == 0:  # the first mention of the word: the first full name after it
        for j in occ[1:]:
            nxt = _index.info(art, j)
            if nxt is not None and nxt.kind == "person" and len(nxt.tokens) >= 2:
                linked[i] = "surname, the full name given after it"
                return _full_person(art, nxt.tokens)
    linked[i] = "surname, the first named in full with it"
    return cands[0]  # the one the article names in full first


def _particle_surname(art: _Article, toks: tuple[str, ...]) -> _Entity | None:
    """A surname opening with its particle, capitalised at a sentence's start ("Van der Molen said" after
    "Greta van der Molen"): the one person named in full with it."""
    if toks[0].lower() not in NAME_PARTICLES:
        return None
    low = [t.lower() for t in toks]
    found = [e for e in _fulls_with(art, toks[-1])
             if len(e.tokens) > len(toks) and [t.lower() for t in e.tokens[-len(toks):]] == low]
    return found[0] if len(found) == 1 else None


_RELATION_BEFORE = patterns.compile(r"\b(?:his|her|their|[A-Z]\w*['’]s)\s+(?:\w+\s+)?([a-z-]+),?\s*$")


def _aside(art: _Article, inf: _Info) -> bool:
    """Whether a full name is named in passing: as a possessor ("Eric Hale's remarks came after
    his father ...") or as someone's relative ("... her son, Tomas Oduya")."""
    if inf.possessive:
        return True
    m = _RELATION_BEFORE.search(art.text, max(0, inf.start - 40), inf.start)
    return m is not None and m.group(1) in R.lexicon().family_relations


def _by_context(art: _Article, cands: list[_Entity], x: str, ns: int) -> list[_Entity]:
    """Among people sharing the word ``x``, those the role words here fit best
    ("Mrs. Clinton": not Bill; "South Korean Minister Kim": not Kim Jong Un)."""
    pm = R.premodifier(art.text, ns)
    role = R.parse_role(pm[1], quality=2) if pm else None
    gender = _honorific_gender(art, ns)
    if role is None and gender is None:
        return cands
    scored = []
    for e in cands:
        sc = 0
        name_roles = _role_evidence._name_roles(art, e)
        if role is not None and role.country:
            ec = _role_evidence._best_country(name_roles)
            sc += 3 if ec == role.country else (-10 if ec else 0)
        if role is not None and role.head and any(_role_evidence._head_fits(role, r) for _, r in name_roles if r.head):
            sc += 2
        if gender:
            eg = _first_name_gender(art, e)
            sc += 2 if eg == gender else (-10 if eg else 0)
        scored.append((sc, e))
    top = max(sc for sc, _ in scored)
    return [e for sc, e in scored if sc == top]


def _honorific_gender(art: _Article, ns: int) -> str | None:
    """"Mr." / "Mrs." / "Ms." right before the name at ``ns``: its gender."""
    text = art.text
    if ns < 3 or text[ns - 1] != " " or not text.endswith(_gendered_honorifics(), max(0, ns - 11), ns - 1):
        return None
    return honorific_gender_before(text, ns)


def honorific_gender_before(text: str, ns: int) -> str | None:
    """The gender of the honorific word that ends one space before ``ns``, if it is one (looked up, with no
    pre-check: :func:`_honorific_gender` first checks that a gendered honorific ends there)."""
    if ns < 3 or text[ns - 1] != " ":
        return None
    k = ns - 1
    lo = max(0, ns - 12)
    while k > lo and not text[k - 1].isspace() and text[k - 1] not in "\"“(":
        k -= 1
    spec = R.lexicon().honorifics.get(text[k:ns - 1])
    return spec.get("gender") if spec else None


def _first_name_gender(art: _Article, e: _Entity) -> str | None:
    return R.gender_of_first_name(e.tokens[0]) if len(e.tokens) >= 2 else None


def person_occ(art: _Article, e: _Entity) -> list[tuple[int, int]]:
    if e.occ is None:
        e.occ = []
        seen: set[int] = set()
        infos = art.index.info
        for tok in {e.tokens[-1], e.tokens[0]}:
            # the usual case: one full name with this word, so every person chunk with it is e
            only = _fulls_with(art, tok) == [e]
            for j in _index.occurrences(art, tok):
                if j in seen:
                    continue
                seen.add(j)
                if only:
                    inf = infos[j]
                    if inf is _UNSEEN:
                        inf = _index.info(art, j)
                    same = len(inf.tokens) == 1 or (inf.tokens[0], inf.tokens[-1]) == (
                        e.tokens[0], e.tokens[-1]) if inf is not None else False
                    if inf is not None and inf.kind == "person" and tok in inf.tokens and same:
                        e.occ.append((inf.ns, inf.ne))
                    continue
                if _index.ent(art, j) is e:
                    inf = _index.info(art, j)
                    assert inf is not None
                    e.occ.append((inf.ns, inf.ne))
        e.occ.sort()
    return e.occ


def gender(art: _Article, e: _Entity) -> str | None:
    """He or she, from an honorific before the name ("Mrs. Clinton"), the first name, or a
    gendered role word ("spokeswoman"); None when the article does not tell."""
    if e.gender_known:
        return e.gender
    lx = R.lexicon()
    g = None
    if e.kind == "person":
        last = e.tokens[-1]
        alone = len(_fulls_with(art, last)) <= 1
        occ = _index.occurrences(art, last)
        infos = art.index.info
        for j in occ:
            inf = infos[j]
            if inf is _UNSEEN:
                inf = _index.info(art, j)
            if inf is not None and inf.kind == "person" and (
                    inf.tokens == e.tokens or (alone and inf.tokens[-1] == last)):
                g = _honorific_gender(art, inf.ns)
                if g:
                    break
        if g is None:
            g = _first_name_gender(art, e)
        if g is None:
            for _, r in (_role_evidence.all_read(art, e) or []) + e.extra:
                if r.title:
                    words = set(r.title.lower().split())
                    if words & lx.female_words:
                        g = "f"
                    elif words & lx.male_words:
                        g = "m"
                    if g:
                        break
    e.gender, e.gender_known = g, True
    return g


def word_gender(word: str) -> str | None:
    """"f" or "m" for a gendered word ("woman", "spokesman"; titles.yaml female_words and male_words,
    which share none), else None."""
    lx = R.lexicon()
    return "f" if word in lx.female_words else "m" if word in lx.male_words else None


def is_someone(art: _Article, e: _Entity) -> bool:
    """Whether a one-word "person" shows any sign of being one: a stated role or honorific,
    a statement of their own, never a place after "in"/"from" ("Benghazi"). Full names do."""
    if e.kind != "person" or e.spoke:
        return e.kind == "person"
    if gender(art, e):
        return True
    if e.someone is not None:
        return e.someone
    e.someone = _evidence(art, e)
    return e.someone


def _evidence(art: _Article, e: _Entity) -> bool:
    text = art.text
    lx = R.lexicon()
    if len(e.tokens) > 1:
        if e.tokens[0] in lx.female_names or e.tokens[0] in lx.male_names or len(e.tokens) > 2:
            return True
        if any(len(t) <= 2 and t.endswith(".") for t in e.tokens):
            return True  # an initial: "Donald J. Trump"
    for j in _index.occurrences(art, e.tokens[-1]):
        ns = art.doc.cs[j]  # type: ignore[index]
        k = text.rfind(" ", max(0, ns - 8), ns - 1)
        if text[k + 1:ns].strip().lower() in _PLACE_PREPOSITIONS:
            return False
        if _SAID_AFTER.match(text, art.doc.ce[j]):
            return True
    return any(r.head or r.owner is None and r.organization for _, r in _role_evidence.roles(art, e))


def _full_conjuncts(art: _Article, body: str) -> str:
    """"Richards and Menendez" -> "Cecile Richards and Menendez": each lone surname of a
    coordination with the full name the article gives it (when it gives one)."""
    parts = body.split(" and ")
    if len(parts) != 2:
        return body
    out = []
    for part in parts:
        w = part.strip()
        full = _one_full(art, w) if w.isalpha() and w[:1].isupper() and " " not in w else None
        out.append(full or w)
    return " and ".join(out)


def _full_owner(art: _Article, phrase: str | None) -> str | None:
    """"Cruz's lawyers" -> "Ted Cruz's lawyers" when the article names one Cruz in full."""
    if not phrase:
        return phrase
    first, _, rest = phrase.partition(" ")
    bare, poss = _strip_possessive(first)
    if not poss or not bare[:1].isupper():
        return phrase
    full = _one_full(art, bare)
    return f"{full}{first[len(bare):]} {rest}" if full else phrase


def _one_full(art: _Article, surname: str) -> str | None:
    """The full name of the one person the article names in full with this surname."""
    found = {t for names in _full_names_with(art, surname.lower()).values() for t in names if t[-1] == surname}
    if len({(t[0], t[-1]) for t in found}) != 1:
        return None
    longest = max(found, key=len)
    return " ".join(longest)
