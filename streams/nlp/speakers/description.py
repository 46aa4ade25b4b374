"""Resolving a description ("the Ohio governor", "a company spokesman") to the entity it
stands for, and attaching descriptions that name no speaker to the person they fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import patterns
from .. import roles as R
from . import associate as _associate
from . import document as _document
from . import fitting as _fitting
from . import group as _group
from . import index as _index
from . import name as _name
from . import organization as _organization
from . import persons as _persons
from . import pronoun as _pronoun
from . import relative as _relative
from . import role_evidence as _role_evidence
from . import things as _things
from .entities import _Entity
from .rules import NEXT, Pass
from .words import _LISTED_NAMES

if TYPE_CHECKING:
    from .article import _Article


_QUANT_GROUP = patterns.compile(
    r"^(?:(?:only|nearly|about|almost|roughly|some|just|around|over|under|more than|fewer than|less than|"
    r"another|an additional|a further)\s+)*(?:\d[\d.,]*|[a-z-]+)\s*(?:percent|per cent|%)"
    r"(?:\s+of\s+(?:the\s+)?(.+))?$"
    r"|^(?:(?:only|nearly|about|almost|roughly|some|just|around)\s+)*(?:\d+|[a-z-]+)\s+(?:of|in|out of)\s+"
    r"(?:\d+|ten|five|four|three|two)\s+(.+)$",
    re.IGNORECASE,
)


# after a description: its "of"/"for" phrase, then a comma before the name it stands beside
_APPOSED_NAME = patterns.compile(r"(?:\s+(?:of|for|at)\s+[^,.;:\"“”]{1,60})?,\s+")


_AGE = patterns.compile(r"(?:\d{1,3}|[a-z]+(?:-[a-z]+)?)-year-old\Z")  # "62-year-old", "forty-five-year-old"


# "the Texas senator", "the New York businessman": a place and a role noun after "the".
# "\b[Tt]he ", written to open with the literal "he " (the match starts one character after the
# "T"), so that the scan runs as a fast literal search rather than trying every "t" of the article
_PLACED_DESCRIPTION = patterns.compile(
    r"he (?<=[Tt]he )(?<!\w[Tt]he )((?:[A-Z][\w.'’-]*[ \u00a0]){1,3})([a-z][\w-]*)\b(?![-'’])")


_PERCENT_OF = patterns.compile(
    r"(?:percent|per cent|%|\b(?:of|in|out of) (?:\d+|ten|10))\s+(?:of\s+)?(?:the\s+|all\s+|those\s+)?"
    r"((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\b"
)


@dataclass(slots=True)
class _Desc:
    """A description being resolved: its words, and the readings its rules share (the head word is
    the last word before a preposition or clause; the role is parsed when a rule first asks)."""

    art: Any  # the _Article: typed loosely, as a native class field naming article.py's class would make
    # the compiled build (mypyc) import article.py, which imports this module, while this one loads
    lx: R.Lexicon
    s: int
    e: int
    mention: str
    words: list[str]
    first: str  # the first word, in lower case
    definite: bool  # "the", "this", a possessive
    indefinite: bool  # "a", "another", "some"
    cut: int  # where the head phrase ends (:func:`_head_cut`)
    headword: str
    hl: str  # the head word in lower case
    body: str  # the mention without its article
    pre: list[str]  # the words up to the head
    parsed: R.Role | Pass | None = NEXT  # the role, once read (:meth:`role`)

    def role(self) -> R.Role | None:
        if isinstance(self.parsed, Pass):
            self.parsed = R.parse_role(self.mention, quality=1)
        return self.parsed


def _read(art: _Article, s: int, e: int, mention: str, words: list[str], lx: R.Lexicon) -> _Desc:
    first = words[0].lower()
    cut = _head_cut(words, lx)
    headword = words[cut - 1]
    body = mention
    if first in ("the", "a", "an"):
        body = mention.split(None, 1)[1] if " " in mention else mention
    return _Desc(art, lx, s, e, mention, words, first,
                 definite=(first in ("the", "this", "that", "these", "those") or first in R.POSSESSIVE_PRONOUNS
                           or words[0].endswith(("'s", "’s"))),
                 indefinite=first in ("a", "an", "another", "one", "some"),
                 cut=cut, headword=headword, hl=headword.lower(), body=body, pre=words[:cut])


def _description(art: _Article, s: int, e: int, mention: str) -> tuple[str, _Entity | None]:
    """The entity a description stands for, and the name of the rule that found it: the first of
    :data:`_RULES` whose case the description is (by the kind of its head word, mostly)."""
    lx = R.lexicon()
    words = R.tokens(mention)
    if not words:
        return "no words", None
    d = _read(art, s, e, mention, words, lx)
    for name, rule in _RULES:
        found = rule(d)
        if found is not NEXT:
            return name, found
    return "thing or document", _things._thing(art, s, e, mention, words, d.first, d.hl)


def _lone_honorific(d: _Desc) -> _Entity | Pass | None:
    """A lone "Ms" or "Mr.": a pronoun of its gender."""
    lx = d.lx
    gender = (lx.honorifics.get(d.mention) or lx.honorifics.get(d.mention + ".") or {}).get("gender")
    if gender not in ("f", "m"):
        return NEXT
    return _pronoun._pronoun(d.art, d.s, d.e, "she" if gender == "f" else "he")


def _quantity_of_people(d: _Desc) -> _Entity | Pass | None:
    """ "52 percent of registered voters", "three in ten"."""
    q = _QUANT_GROUP.match(d.mention)
    return _quantity(d.art, d.s, q) if q else NEXT


def _coordinated(d: _Desc) -> _Entity | Pass | None:
    """ "The New York Times and the Gannett newspaper chain": one group."""
    return _index._adhoc(d.art, "group", d.body, None) if _coordinated_names(d.pre) else NEXT


def _listed(d: _Desc) -> _Entity | Pass | None:
    """A plural with the names it lists after it ("Two objectors, Ann Roe and Ben Lo, had challenged")."""
    lx = d.lx
    hl, headword = d.hl, d.headword
    if not (hl.endswith("s") and (headword.islower() or hl[:-1] in lx.heads or hl in lx.group_nouns
                                  or R.organization(headword)) and d.cut == len(d.words)):
        return NEXT
    listed = _LISTED_NAMES.match(d.art.text, d.e)
    if listed is None:
        return NEXT
    names = re.split(r",\s+(?:and\s+)?|\s+and\s+", listed.group(1))
    return _index._adhoc(d.art, "group", " and ".join(_name._bare_name(n) for n in names),
                         R.parse_role(d.mention, quality=3))


def _thing_noun(d: _Desc) -> _Entity | Pass | None:
    """A ruling, a poll, a report: the thing itself."""
    lx = d.lx
    hl = d.hl
    if hl in lx.thing_nouns or (hl.endswith("s") and hl[:-1] in lx.thing_nouns):
        return _things._thing(d.art, d.s, d.e, d.mention, d.words, d.first, hl)
    return NEXT


def _place_noun(d: _Desc) -> _Entity | Pass | None:
    """ "The state", "the country": the nearest place of that kind."""
    lx = d.lx
    if d.hl not in lx.place_nouns or not d.definite or d.cut > 2:
        return NEXT
    ent = _organization._nearest_place(d.art, d.s, lx.place_nouns[d.hl])
    return NEXT if ent is None else ent


def _organization_noun(d: _Desc) -> _Entity | Pass | None:
    """ "The administration", "the campaign": the organisation named before, or this one."""
    lx = d.lx
    if d.hl in lx.org_nouns or " ".join(w.lower() for w in d.pre[-2:]) in lx.org_nouns:
        return _organization._org_description(d.art, d.s, d.mention, d.body, d.role(), d.definite)
    return NEXT


def _people(d: _Desc) -> _Entity | Pass | None:
    """Several people: a group noun, a plural role or source, a quantified plural, a nationality."""
    if not _group_head(d.first, d.headword, d.hl):
        return NEXT
    return _group_of_people(d.art, d.s, d.e, d.mention, d.words, d.first, d.hl, d.body, d.role())


def _family_relation(d: _Desc) -> _Entity | Pass | None:
    """ "His ex-wife", "Jo Vance's eldest daughter"."""
    role = d.role()
    if role is not None and role.head is None and d.hl in d.lx.relational:
        return _relational(d.art, d.s, d.words, d.hl)
    return NEXT


def _role_description(d: _Desc) -> _Entity | Pass | None:
    """ "The Ohio governor", "a company spokesman": the person it fits, else someone unnamed."""
    role = d.role()
    if role is None or not role.head:
        return NEXT
    return _role_holder(d.art, d.s, d.e, d.words, d.hl, role, d.definite, d.indefinite)


def _unnamed_source(d: _Desc) -> _Entity | Pass | None:
    """ "A source familiar with the ad", "one person"."""
    if d.hl in d.lx.sources or any(w.lower() in ("source", "sources") for w in d.pre):
        return _index._adhoc(d.art, "anonymous", None, d.role())
    return NEXT


def _person_noun(d: _Desc) -> _Entity | Pass | None:
    """ "A woman", "Stone's right-hand man" (:mod:`.associate`)."""
    if d.hl in d.lx.person_nouns:
        return _associate.person_noun(d.art, d.s, d.e, d.words, d.hl, d.role())
    return NEXT


def _age_of_a_person(d: _Desc) -> _Entity | Pass | None:
    """ "the 62-year-old", "the 45-year-old": the person named just before it (a definite one), else someone
    unnamed; an age is no title."""
    if not _AGE.match(d.hl):
        return NEXT
    if d.definite:
        near = _fitting._near_subject(d.art, d.s, apart=True)
        if near is not None:
            return near
    return _index._adhoc(d.art, "anonymous", None, None)


_RULES: tuple[tuple[str, Callable[[_Desc], _Entity | Pass | None]], ...] = (
    ("lone honorific", _lone_honorific),
    ("quantity of people", _quantity_of_people),
    ("coordinated names", _coordinated),
    ("listed names", _listed),
    ("thing or document", _thing_noun),
    ("place noun", _place_noun),
    ("organization or metonym", _organization_noun),
    ("group", _people),
    ("family relation", _family_relation),
    ("role description", _role_description),
    ("unnamed source", _unnamed_source),
    ("person noun", _person_noun),
    ("age of a person", _age_of_a_person),
)
"""The description rules in the order they are tried; the first whose case the description is
answers, and its name is what ``quotewire extract --explain`` shows. What none takes is a thing."""


def _quantity(art: _Article, s: int, q: re.Match[str]) -> _Entity:
    """Quantities of people: "Only 52 percent of registered voters", "73 percent"."""
    of = q.group(1) or q.group(2)
    if of:
        name = of.strip()
        art.last_quant = name
        return _index._adhoc(art, "group", name, R.parse_role(name))
    # "73 percent": of whom the text counted last ("52 percent of registered voters")
    name = art.last_quant
    prev = _document.prev_sentence(art, _document.sentence(art, s)[0])
    window = art.text[prev if prev is not None else max(0, s - 400):s]
    found = _PERCENT_OF.findall(window)
    if found:
        name = found[-1]
    return _index._adhoc(art, "group", name or "respondents", None)


def _head_cut(words: list[str], lx: R.Lexicon) -> int:
    """Where a description's head phrase ends: at the first preposition or clause (the head is
    the last word before it)."""
    for i, w in enumerate(words):
        lw = w.lower()
        if i > 0 and (lw in R.PREPOSITIONS or lw in ("who", "which", "that", "whose")):
            return i
        if i >= 1 and lw.endswith(("ing", "ed")) and words[i - 1].lower() not in R.DETERMINERS\
                and (words[i - 1].endswith("s") or words[i - 1][:1].isupper()) and lw not in lx.heads:
            return i  # "the Democrats running to replace him", "judges handling ..."
    return len(words)


def _coordinated_names(pre: list[str]) -> bool:
    """Coordinations of names: "The New York Times and the Gannett newspaper chain"."""
    return "and" in pre and not R.head_of(pre) and any(w[:1].isupper() for w in pre if w.lower() not in (
        "the", "a", "an"))


def _group_head(first: str, headword: str, hl: str) -> bool:
    """Whether a description's head names several people: a group noun, a plural role or source
    ("officials"), a quantified plural ("many voters"), a nationality ("Germans")."""
    lx = R.lexicon()
    plural_head = hl.endswith("s") and (hl[:-1] in lx.heads or hl[:-1] in lx.sources) and len(hl) > 3
    if first in ("several", "many", "some", "other", "most", "few", "numerous", "both", "all") and\
            hl.endswith("s") and hl.islower() and hl not in lx.thing_nouns and\
            hl[:-1] not in lx.thing_nouns:
        plural_head = True
    return hl in lx.group_nouns or plural_head or bool(
        headword[:1].isupper() and headword.endswith("s") and (R.country_name(headword) or hl[:-1] in lx.heads))


def _group_of_people(art: _Article, s: int, e: int, mention: str, words: list[str], first: str, hl: str, body: str,
           role: R.Role | None) -> _Entity:
    """A description of several people: unnamed sources, a named person's people, or a group."""
    lx = R.lexicon()
    if hl in lx.sources or (hl.endswith("s") and hl[:-1] in lx.sources and hl not in lx.group_nouns):
        owned = _group._owned_group(art, s, words, body)
        if owned is not None:
            return owned  # "Clinton's advisers", "his aides": a named person's people
        return _index._adhoc(art, "anonymous", None, role)
    name = body
    if first in ("some", "many", "several", "most", "all", "both", "other", "few"):
        name = mention.split(None, 1)[1] if " " in mention else mention
    elif first == "the" and name == hl:
        # "the lawyers" after "Cruz's lawyers": the fuller name used nearby, with the
        # owner's full name ("Ted Cruz's lawyers")
        name = _persons._full_owner(art, _things._fuller_name(art, s, e, hl)) or name
    return _index._adhoc(art, "group", name, role)


def _role_holder(art: _Article, s: int, e: int, words: list[str], hl: str, role: R.Role, definite: bool,
                 indefinite: bool) -> _Entity:
    """A description by a role ("the Ohio governor", "a company spokesman"): the person in
    apposition with it, else the person it fits; the description's title is remembered as a role
    of that person."""
    named = _named_beside(art, s, e)
    if named is not None:
        return named  # "Sen. Jo Vance, a Democrat from Ohio," / "The minister, Ana Vos, said"
    if hl in R.lexicon().sources and indefinite:
        return _index._adhoc(art, "anonymous", None, role)
    bare = not definite and not indefinite
    ent = _fitting._person_for(art, s, role, definite=definite, bare=bare, indefinite=indefinite,
                           owned=any(w.endswith(("'s", "’s")) for w in words))
    if ent is None:
        return _index._adhoc(art, "anonymous", None, role)
    if role.title and ent.kind == "person":
        _remember_role(ent, role, s)
    return ent


def _remember_role(ent: _Entity, role: R.Role, s: int) -> None:
    """Add a description's role at ``s`` to the person it stands for."""
    r = R.Role(title=role.title, organization=role.organization, country=role.country,
               head=role.head, ranks=role.ranks, quality=1,
               country_strength=role.country_strength, place=role.place)
    # the same description again adds nothing (an earlier equal role wins every tie)
    # but the time of every later read of the roles
    if ent.extra_at is None:
        ent.extra_at = {}
        for p, x in ent.extra:
            ent.extra_at.setdefault(x, p)
    if ent.extra_at.get(r, s + 1) > s:
        ent.extra_at[r] = s
        ent.extra.append((s, r))


def attach_descriptions(art: _Article, spoken: set[tuple[int, int]]) -> None:
    """Roles the article gives in descriptions that are no statement's speaker ("saying the
    Texas senator could not make deals"): each definite description with a place and a role
    noun is resolved as a speaker's would be, and its role added to the person it names."""
    text = art.text
    lx = R.lexicon()
    for m in _PLACED_DESCRIPTION.finditer(text):
        s, e = m.start() - 1, m.end()  # from the "T" of "The"
        if (s, e) in spoken or m.group(2).lower() not in lx.heads or _document.in_quote(art, s):
            continue
        if text.endswith(("and ", "or "), 0, s):
            continue  # "The Kentucky Republican and the New York businessman": two people
        if not any(R.place_country(p) for p in (m.group(1).strip(), m.group(1).split()[0])):
            continue
        role = R.parse_role(text[s:e], quality=1)
        if role is None or not role.head or not role.place:
            continue  # a state or city: "the Mexican president" is more often someone unnamed
        ent = _only_fit_nearby(art, s, role)
        if ent is None:
            continue
        r = R.Role(title=role.title, organization=role.organization, country=role.country, head=role.head,
                   ranks=role.ranks, quality=1, country_strength=role.country_strength, place=role.place)
        if all(x != r for _, x in ent.extra):
            ent.extra.append((s, r))


def _only_fit_nearby(art: _Article, s: int, role: R.Role) -> _Entity | None:
    """The one person named in the sentence of ``s`` (before it) or the sentence before
    whose stated roles do not contradict ``role``; None when none or several are."""
    ss = _document.sentence(art, s)[0]
    prev = _document.prev_sentence(art, ss)
    found: list[_Entity] = []
    for p, ent, _ in _index.mentions_in(art, prev if prev is not None else ss, s, possessives=True):
        if ent.kind == "person" and not _document.in_quote(art, p) and ent not in found and \
                _persons.is_someone(art, ent):
            found.append(ent)
    word = (role.title or "").split()[-1].lower() if role.title else ""
    want = _persons.word_gender(word)
    scored = [(_fitting._fit_score(art, x, role, True), x) for x in found
              if (want is None or _persons.gender(art, x) in (None, want)) and _compatible(art, x, role)]
    if _fitting._epithet(role):  # "the New York billionaire": not someone whose stated role is another
        scored = [(f if f == 2 or not any(r.head for _, r in _role_evidence.light_roles(art, x)) else 0, x)
                  for f, x in scored]
    best = [x for f, x in scored if f == 2]
    if len(best) == 1:
        return best[0]
    # otherwise only one person whose stated roles say nothing against it ("Trump continued to
    # question Cruz's temperament, saying the Texas senator ...": Trump is from New York)
    return scored[0][1] if len(scored) == 1 and scored[0][0] >= 1 else None


def _compatible(art: _Article, ent: _Entity, role: R.Role) -> bool:
    """Whether nothing ``ent``'s stated roles say contradicts ``role``'s country or state."""
    pairs = _role_evidence.light_roles(art, ent)
    ec = _role_evidence._best_country(pairs)
    if role.country and ec and role.country != ec:
        return False
    return not (role.place and any(r.place and R.places_conflict(role.place, r.place) for _, r in pairs))


def _named_beside(art: _Article, s: int, e: int) -> _Entity | None:
    """The person a description is in apposition with: the name just before it ("Sen. Jo
    Vance, a Democrat from Ohio,") or just after it ("The French minister of trade, Ana Vos,")."""
    text = art.text
    k = s
    while k > 0 and text[k - 1] == " ":
        k -= 1
    if k > 0 and text[k - 1] == ",":
        before: list[tuple[int, _Entity]] = _index.mentions_in(art, max(0, k - 80), k)
        for p, ent in reversed(before):
            if ent.kind == "person" and _relative._mention_end(art, p) == k - 1 and _persons.is_someone(art, ent):
                return ent
            break
    m = _APPOSED_NAME.match(text, e)
    if m is not None:
        for p, ent in _index.mentions_in(art, m.end(), m.end() + 1):
            end = _relative._mention_end(art, p)
            if ent.kind == "person" and end is not None and text.startswith(",", end):
                return ent
    return None


def _relational(art: _Article, s: int, words: list[str], rel: str) -> _Entity | None:
    """"His ex-wife", "Jo Vance's eldest daughter": the person of the same family name as the
    possessor, named in full in the article."""
    lx = R.lexicon()
    owner = None
    if rel in lx.family_relations:
        if words[0].lower() in R.POSSESSIVE_PRONOUNS:
            owner = _pronoun._pronoun(art, s, s + len(words[0]), words[0].lower(), named=True)
        else:
            owner = _named_possessor(art, s, words)
    if owner is not None and owner.kind == "person" and len(owner.tokens) >= 1:
        sur = owner.tokens[-1]
        for ent in _persons._fulls_with(art, sur):
            if ent is not owner and ent.tokens[-1] == sur:
                return ent
    return _index._adhoc(art, "anonymous", None, None)


def _named_possessor(art: _Article, s: int, words: list[str]) -> _Entity | None:
    """The person a description's capitalised possessor names ("Jo Vance's" of "Jo Vance's
    daughter"), when the possessive closes the description's first name."""
    k = next((i for i, w in enumerate(words) if w.endswith(("'s", "’s"))), None)
    if k is None or not words[k][:1].isupper():
        return None
    end = art.text.find(words[k], s) + len(words[k])
    for _, ent, poss in _index.mentions_in(art, s, end, possessives=True):
        if poss and ent.kind == "person":
            return ent
    return None
