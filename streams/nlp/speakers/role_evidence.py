"""Reading the roles and countries the article states for an entity: role phrases around each
occurrence of a name (read by :mod:`streams.nlp.roles`), the best stated country, an
organisation's country from its words, and the country the article is about (votes of its
capitalised runs).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from . import document as _document
from . import index as _index
from . import persons as _persons
from .entities import _Entity
from .mentions import _singular_role
from .words import _UNSEEN

if TYPE_CHECKING:
    from .article import _Article


class RoleReads:
    """The article's role evidence: one table of the roles stated around each name, by name span
    (``at``: the speakers' names read in one pass when a role is first asked for,
    :func:`_read_speakers`; any other name when first gathered), each person's roles gathered
    from it (``read``: at all its mentions, :func:`roles`; ``named``: at its full names only,
    :func:`_name_roles`; ``busy``: being gathered), how well a description's role fits each
    entity (``fit``, filled by :mod:`.fitting`), and the country the article is about."""

    __slots__ = ("at", "busy", "doc_country", "fit", "named", "read", "started")

    def __init__(self) -> None:
        self.at: dict[tuple[int, int], list[tuple[int, R.Role]]] = {}  # name span -> roles around it
        self.started = False  # whether the speakers' names are read into ``at``
        self.read: dict[_Entity, list[tuple[int, R.Role]]] = {}  # person -> roles at all its mentions
        self.named: dict[_Entity, list[tuple[int, R.Role]]] = {}  # person -> roles at its full names
        self.busy: set[_Entity] = set()  # persons whose roles are being gathered (re-entry guard)
        self.fit: dict[tuple[R.Role, bool], dict[int, tuple[tuple[bool, bool, int], int]]] = {}
        self.doc_country: str | bool | None = False  # False: not read yet


def _ROLE_WORDS() -> frozenset[str]:
    return R.lexicon().role_words


_PARTY_HEADS = frozenset(("democrat", "republican"))


def _office(r: R.Role) -> bool:
    """False for a bare party label ("a Democrat from Rhode Island") or an epithet ("progressive icon",
    "casino tycoon"), which say less than an office; "the top Democrat on the House Intelligence Committee"
    names a post."""
    if r.head in _PARTY_HEADS:
        return r.organization is not None
    return r.head not in R.lexicon().epithets


def _distinct(pairs: list[tuple[int, R.Role]]) -> list[tuple[int, R.Role]]:
    """``(position, role)`` pairs without those an earlier pair of the same role and no later
    position makes redundant. Every reader of a role list takes the best role with ties to the
    earliest position, the first by position, or the first in order, or asks whether any role
    fits: none can pick such a pair over its twin. A name repeated with its title ("Lloyd
    Austin, the defense secretary," again and again) then costs one role, not one per mention."""
    first: dict[R.Role, int] = {}
    out = []
    for p, r in pairs:
        q = first.get(r)
        if q is not None and q <= p:
            continue
        first[r] = p
        out.append((p, r))
    return out


def _best_country(roles: list[tuple[int, R.Role]]) -> str | None:
    """The country of the most explicit role statement (earliest on ties)."""
    best = None
    for pos, r in roles:
        if r.country and (best is None or (r.country_strength, -pos) > (best[0], -best[1])):
            best = (r.country_strength, pos, r.country)
    return best[2] if best else None


def _org_country(name: str) -> str | None:
    """Country of an unlisted organisation from its words ("US Defense Department")."""
    words = name.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i:i + size])
            org = R.organization(phrase)
            if org and org.country and org.kind in ("government", "military"):
                return org.country
            pl = R.place_country(phrase)
            if pl:
                return pl[0]
    return None


@lru_cache(maxsize=65536)
def _gaz_word(word: str) -> int:
    """What the gazetteers may hold that starts with ``word``: 0 nothing; -1 unknown (its key is
    empty, try everything); else twice the most words such a name has (0: none has several),
    plus 1 when the word alone may be one."""
    k = R.key(word)
    if not k:
        return -1
    lx = R.lexicon()
    alone = k in lx.keys or word in lx.region_abbrev or word.replace(".", "") in lx.region_abbrev
    return lx.multi_first.get(k, 0) * 2 + alone


_ALL_SIZES = (3, 2, 1)


def phrase_vote(phrase: str, size: int) -> tuple[str, int] | None:
    """The country a phrase of ``size`` words votes for, and the vote's weight: a country, capital or seat 1;
    a state, a national institution or a party 2 (a party adjective of one word, "Democratic", 1)."""
    c = R.country_name(phrase) or R.capital_country(phrase)
    if c:
        return c, 1
    c = R.region_country(phrase)
    if c and phrase not in R.lexicon().honorifics:
        return c, 2
    org = R.organization(phrase)
    if org is not None and org.country and org.kind in ("government", "party", "military"):
        return org.country, 2 if size > 1 or phrase not in R.PARTY_ADJECTIVES else 1
    return None


@lru_cache(maxsize=65536)
def _votes_of(run: str) -> tuple[tuple[str, int], ...]:
    """Country votes of a capitalised run: a country, capital or seat 1; a state, a national
    institution or a party 2 (domestic politics says more about where a story is)."""
    words = run.split()
    if "'s" in run or "’s" in run:
        words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in words]
    gaz = list(map(_gaz_word, words))
    if not any(gaz):
        return ()
    out: list[tuple[str, int]] = []
    i, n = 0, len(words)
    while i < n:
        g = gaz[i]
        if g < 0 or -1 in gaz[i + 1:i + 3]:
            sizes: tuple[int, ...] | list[int] = _ALL_SIZES  # a word without a key: try everything
        elif g == 0:
            i += 1  # no gazetteer name starts with this word
            continue
        else:
            sizes = [size for size in _ALL_SIZES if (size <= g >> 1 if size > 1 else g & 1)]
        vote, size = None, 1
        for size in sizes:
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


def _dominant(votes: dict[str, int]) -> str | None:
    if not votes:
        return None
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    top, a = ranked[0]
    b = ranked[1][1] if len(ranked) > 1 else 0
    return top if a >= 3 and a >= 1.5 * b else None


def _govlike(name: str | None) -> bool:
    if not name:
        return False
    last = name.split()[-1]
    return last in ("Court", "Congress", "Senate", "Parliament", "Government", "Administration", "Ministry",
                    "Department", "Police", "Army", "Navy", "Cabinet", "Legislature", "Assembly", "Agency",
                    "Commission", "Office", "Bureau", "Service")


def _party(role: R.Role) -> str | None:
    words = set((role.title or "").replace("GOP", "Republican").split())
    if words & {"Republican", "Republicans", "republican"}:
        return "R"
    if words & {"Democrat", "Democratic", "Democrats", "democrat"}:
        return "D"
    return None


def _head_fits(desc: R.Role, stated: R.Role) -> bool:
    """Whether a description's role noun fits a stated role ("the congressman" ~ "Rep.")."""
    a, b = desc.head, stated.head
    if not a or not b:
        return False
    pa, pb = _party(desc), _party(stated)
    if pa and pb and pa != pb:
        return False  # "the Republican presidential candidate" is not "Democrat Hillary Clinton"
    lx = R.lexicon()
    fa, fb = lx.synonym.get(a, a), lx.synonym.get(b, b)
    if fa == fb or a == b:
        return True
    # "foreign minister" ~ "minister", "defense secretary" ~ "secretary"
    if a.split()[-1] == b.split()[-1] and (" " in a) != (" " in b):
        return True
    for general in (a, fa):
        cover = lx.hypernyms.get(general)
        if cover and (b in cover or fb in cover):
            return True
    for general in (b, fb):  # a stated general role ("lawmaker") fits a specific description
        cover = lx.hypernyms.get(general) if general not in ("republican", "democrat") else None
        if cover and (a in cover or fa in cover):
            return True
    return False


def _name_roles(art: _Article, e: _Entity) -> list[tuple[int, R.Role]]:
    """Roles read at the full-name occurrences of ``e`` only (no linking of lone surnames); all
    its roles once :func:`roles` has read them."""
    rr = art.roles
    got = rr.read.get(e)
    if got is not None:
        return got
    got = rr.named.get(e)
    if got is not None:
        return got
    if not rr.started:
        _read_speakers(art)
    at = rr.at
    out: list[tuple[int, R.Role]] = []
    rr.named[e] = out
    infos = art.index.info
    for j in _index.occurrences(art, e.tokens[-1]):
        inf = infos[j]
        if inf is _UNSEEN:
            inf = _index.info(art, j)
        if inf is not None and inf.kind == "person" and len(inf.tokens) >= 2 and (
                inf.tokens[0], inf.tokens[-1]) == (e.tokens[0], e.tokens[-1]):
            out.extend(_roles_at(at, art, inf.ns, inf.ne))
    if len(out) > 8:
        out = rr.named[e] = _distinct(out)
    return out


def roles(art: _Article, e: _Entity) -> list[tuple[int, R.Role]]:
    """The roles the article states for ``e``: for a person, those around its mentions (its full
    names and its first eight lone ones) and from descriptions; else from descriptions."""
    if e.kind != "person":
        return e.extra
    rr = art.roles
    got = rr.read.get(e)
    if got is None:
        if e in rr.busy:
            return e.extra
        rr.busy.add(e)
        occ = _persons.person_occ(art, e)
        if not rr.started:
            _read_speakers(art)
        at = rr.at
        got = []
        # roles stand at full names and the first mentions; a long article's twentieth
        # "Mr. Trump" (a lone name no longer than the last name) adds nothing but time
        short = len(e.tokens[-1]) + 1 if len(e.tokens) > 1 else -1
        bare = 0
        for span in occ:
            if span[1] - span[0] <= short:
                bare += 1
                if bare > 8:
                    continue
            got.extend(_roles_at(at, art, span[0], span[1]))
        if len(got) > 8:
            got = _distinct(got)
        rr.read[e] = got
        rr.busy.discard(e)
    return got + e.extra


def light_roles(art: _Article, e: _Entity) -> list[tuple[int, R.Role]]:
    """A person's roles at its full names and from descriptions (enough to rank people), or all
    its roles once :func:`roles` has read them; another entity's roles."""
    if e.kind == "person" and e not in art.roles.read:
        return _name_roles(art, e) + e.extra
    return roles(art, e)


def all_read(art: _Article, e: _Entity) -> list[tuple[int, R.Role]] | None:
    """The roles read at all the mentions of ``e`` (without its descriptions'); None when not yet."""
    return art.roles.read.get(e)


def stamp(art: _Article, e: _Entity) -> tuple[bool, bool, int]:
    """What a fit of ``e`` depends on, to tell whether a remembered one still holds: whether its
    roles at all mentions are still unread, whether they are being read, and how many
    descriptions added a role."""
    rr = art.roles
    return e not in rr.read, e in rr.busy, len(e.extra)


def _roles_at(at: dict[tuple[int, int], list[tuple[int, R.Role]]], art: _Article, ns: int,
              ne: int) -> list[tuple[int, R.Role]]:
    """The roles in the table ``at`` for the name at ``[ns, ne)``; a name the speakers' pass did not
    read (no speaker's) is read when first gathered. Callers only extend other lists with it."""
    got = at.get((ns, ne))
    if got is None:
        got = at[(ns, ne)] = _read_roles_at(art, ns, ne)
    return got


def _read_speakers(art: _Article) -> None:
    """Fill the table (``at``) with the roles around the speakers' names, in one pass in text
    order, the first time a role is asked for: for each person the speakers' mentions name so
    far, its full names (the same first and last names) and its first eight lone last names.
    These are nearly all the names whose roles are read; reading every person name instead
    would read twice as many, most of which nobody asks about. Found from the chunks alone
    (none is linked here, which would resolve a name before its turn); a name shared with
    someone else, a lone first name, and everyone else's names are read when first gathered."""
    rr = art.roles
    rr.started = True
    names: set[int] = set()  # the chunks
    infos = art.index.info
    for e in dict.fromkeys(e for _, e in art.index.spk if e.kind == "person"):
        first, last = e.tokens[0], e.tokens[-1]
        capped = len(e.tokens) > 1
        bare = 0
        for j in _index.occurrences(art, last):
            inf = infos[j]
            if inf is _UNSEEN:
                inf = _index.info(art, j)
            if inf is None or inf.kind != "person" or inf.tokens[-1] != last:
                continue
            if len(inf.tokens) > 1:
                if inf.tokens[0] != first:
                    continue
            elif capped:
                bare += 1
                if bare > 8:
                    continue
            names.add(j)
    at = rr.at
    for j in sorted(names):
        inf = infos[j]
        at[(inf.ns, inf.ne)] = _read_roles_at(art, inf.ns, inf.ne)


_RELATIVES_OF = patterns.compile(
    r"\b(?:son|daughter|child|grandson|granddaughter|grandchild|wife|husband|widow|widower|brother|"
    r"sister|nephew|niece)\s+of\b")
"""An appositive naming the person as someone's relative: its nationality is the relative's."""


def _read_roles_at(art: _Article, ns: int, ne: int) -> list[tuple[int, R.Role]]:
    text = art.text
    out: list[tuple[int, R.Role]] = []
    pm = None
    if ns > 1 and text[ns - 1] == " ":  # quick look at the word before the name
        lo = max(0, ns - 30)
        w = "" if ns - 1 <= lo or text[ns - 2].isspace() else text[lo:ns - 1].rsplit(None, 1)[-1]
        if w and (w[0].isupper() or w.endswith(("'s", "’s")) or w.lower() in _ROLE_WORDS()):
            pm = R.premodifier(text, ns)
    if pm is None and text.endswith(" and ", 0, ns):
        # "Idaho Republican Sens. Mike Crapo and Jim Risch", "Sens. Rand Paul (Ky.) and Marco Rubio"
        before = ns - 5
        if text[before - 1:before] == ")":
            k = text.rfind("(", max(0, before - 24), before)
            before = k - 1 if k > 0 and text[k - 1] == " " else before
        pm = _shared_premodifier(art, before)
    if pm:
        begin, phrase = pm
        r = R.parse_role(_singular_role(phrase), quality=3 if " " in phrase.strip() else 2)
        if r is not None:
            out.append((begin, r))
    if text.startswith(("'s", "’s"), ne):
        return out
    after = ne
    if text.startswith(" (", ne):
        ps = R.party_state(text, ne)
        if ps is not None:
            out.append((ne, ps))
            close = text.find(")", ne)
            after = close + 1 if close >= 0 else ne
    if text.startswith(", ", after) and text.startswith(("D-", "R-", "I-"), after + 2):
        ps = R.party_state(text, after)  # "Sen. Joni Ernst, R-Iowa, said"
        if ps is not None:
            out.append((ne, ps))
    if text.startswith(",", after) or text.startswith(" ,", after):
        ap = R.appositive_after(text, after)
        if ap:
            r = R.parse_role(ap, quality=3)
            if r is not None and r.country and _RELATIVES_OF.search(ap):
                r = replace(r, country=None, country_strength=0)  # "son of Dominican immigrants"
            if r is not None and (r.head or r.organization or r.country):
                out.append((ne, r))
    if not pm and text[ns - 2:ns] == ", ":
        ab = R.appositive_before(text, ns, after)
        if ab:
            r = R.parse_role(ab, quality=3)
            if r is not None and r.head:
                out.append((ns - len(ab) - 2, r))
    if out and (wr := R.who_role(text, after)):
        r = R.parse_role(wr, quality=4)  # a post with its body beats the appositive before it
        if r is not None and r.head and r.organization:
            out.append((ne, r))
    if text.startswith(" as ", after):
        ar = R.as_role(text, after)  # "With Donald Trump as the presumptive Republican nominee"
        if ar:
            r = R.parse_role(ar, quality=1)  # below a stated title: "Obama as a weak leader"
            if r is not None and r.head:
                out.append((ne, r))
    if text.startswith(" of ", ne):
        op = R.of_place(text, ne)
        if op is not None:
            out.append((ne, op))
    return out


def _shared_premodifier(art: _Article, end: int) -> tuple[int, str] | None:
    """The plural role before the first of two names joined by "and" ending at ``end``
    ("Sens. Mike Crapo and"): it is the second name's role too."""
    cs = _document.chunks(art)
    i = bisect_right(cs, end - 1) - 1
    if i < 0 or art.doc.ce[i] != end:
        return None
    inf = _index.info(art, i)
    if inf is None or inf.kind != "person" or inf.ne != end:
        return None
    pm = R.premodifier(art.text, inf.ns)
    if pm is None or _singular_role(pm[1]) == pm[1]:
        return None
    return pm


def _entity_country(art: _Article, e: _Entity) -> str | None:
    if e.kind != "person":
        return e.country
    return _best_country(roles(art, e))


def doc_country(art: _Article) -> str | None:
    """The country the article is mostly about, weighing domestic signals (states, national
    institutions, parties) above mere mentions of countries; None when none dominates."""
    if art.roles.doc_country is False:
        votes: dict[str, int] = {}
        _document.chunks(art)
        # (country, weight) votes counted at C level (most chunks name no place, and the rest
        # repeat a few), then weighed: countries keep the order of their first vote
        counted = Counter(chain.from_iterable(filter(None, map(_votes_of, art.doc.ct))))
        for (country, weight), times in counted.items():
            votes[country] = votes.get(country, 0) + weight * times
        art.roles.doc_country = _dominant(votes)
    return art.roles.doc_country  # type: ignore[return-value]
