"""Resolving a mention that names someone: the name chunk inside the mention ("the US envoy
to the UN, Robert Wood" -> Robert Wood), listed names ("The Democratic candidates, Hillary
Clinton and Senator Bernie Sanders") and coordinations ("Mark Blumenthal and Jon Cohen") as
groups, and a document by a named author ("calculations by Amy Reed").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from .. import patterns
from .. import roles as R
from . import document as _document
from . import index as _index
from . import persons as _persons
from .entities import _Entity
from .mentions import _decompose, _name_tail
from .rules import NEXT, Pass
from .words import _LISTED_NAMES, _NAME_RUN, _UNSEEN, _WORD

if TYPE_CHECKING:
    from .article import _Article


# "Democrats and Republicans", "Mark Blumenthal and Jon Cohen", "She and her husband"
_COORDINATION = patterns.compile(
    r"^(?:[Tt]he |[Mm]any |[Ss]ome |[Ss]everal |[Bb]oth )?[\w.'’-]+(?: [\w.'’-]+){0,3} and ")


_PLURAL_LISTING = patterns.compile(
    rf"((?:[Tt]he |[Tt]wo |[Tt]hree |[Bb]oth )?(?:[\w-]+ ){{0,3}}[a-z][\w-]*s),[ \u00a0]+"
    rf"({_NAME_RUN}(?:,[ \u00a0]+{_NAME_RUN})*,?[ \u00a0]+and[ \u00a0]+{_NAME_RUN}),?\Z")


_CONJUNCT_TAIL = patterns.compile(r" of | \(")  # where a place or party after a coordinated name begins


_PARTY_TAG = patterns.compile(r"^[DRI]-|^(?:D|R|I)$")  # "(D-Ohio)" -> "Ohio"


_LIST_SEPARATOR = patterns.compile(r",\s+(?:and\s+)?|\s+and\s+")


_AUTHORED = patterns.compile(r"\s(?:by|from)\s(?:the\s)?")


# One name mention's rules, in order (:func:`name_rule`): each answers an entity, None (its case, nobody
# found) or NEXT (not its case).
_NameRule = Callable[["_Article", int, int, str, bool], "_Entity | Pass | None"]


def name_rule(art: _Article, s: int, e: int, groups: bool = True) -> tuple[str, _Entity | None]:
    """The entity a name mention stands for, and the name of the rule of :data:`NAME_RULES` that found
    it. ``groups=False`` (the names primed before resolution) leaves coordinations for later."""
    mention = art.text[s:e]
    if ", " not in mention and " and " not in mention and mention[-1:] != "s":
        return "name", _name_in_mention(art, s, e, mention, groups)  # no list, coordination or plural
    _document.chunks(art)  # the group rules read the article's name chunks (persons._full_names_with)
    for rule_name, rule in NAME_RULES:
        found = rule(art, s, e, mention, groups)
        if found is not NEXT:
            return rule_name, found
    return "name", None


def _names_listed_in(art: _Article, s: int, e: int, mention: str, groups: bool) -> _Entity | Pass | None:
    """ "The Democratic candidates, Hillary Clinton and Senator Bernie Sanders": the two of them."""
    listed = _PLURAL_LISTING.match(mention) if ", " in mention else None
    if listed is None or not listed.group(1).split()[-1].lower().endswith("s"):
        return NEXT
    names = " and ".join(_bare_name(n) for n in _LIST_SEPARATOR.split(listed.group(2)))
    return _index._adhoc(art, "group", names, R.parse_role(listed.group(1), quality=3))


def _names_listed_after(art: _Article, s: int, e: int, mention: str, groups: bool) -> _Entity | Pass | None:
    """ "the two leading Republicans, Donald J. Trump and Senator Ted Cruz,": the names after it."""
    if not (mention.endswith("s") and mention.split(None, 1)[0].lower() in ("the", "two", "three", "both")):
        return NEXT
    after = _LISTED_NAMES.match(art.text, e)
    if after is None:
        return NEXT
    parts = _LIST_SEPARATOR.split(after.group(1))
    return _index._adhoc(art, "group", " and ".join(_bare_name(n) for n in parts), R.parse_role(mention, quality=3))


def _titled_names_coordinated(art: _Article, s: int, e: int, mention: str, groups: bool) -> _Entity | Pass | None:
    """ "Senator Tom Hale of Ohio and Senator Ana Lucas of Iowa", "Senators Tom Hale and Ana Lucas": a group of
    the two names, without the titles and places around them, and the title they share ("Senators")."""
    if mention.count(" and ") != 1 or "," in mention:
        return NEXT
    parts = [p for c in mention.split(" and ") if (p := _conjunct(c)) is not None]
    if len(parts) != 2 or not any(title or tail for _, title, tail in parts):
        return NEXT
    if not groups:
        return None
    names = " and ".join(_full_or_name(art, name) for name, _, _ in parts)
    return _index._adhoc(art, "group", names, _shared_role(parts))


def _conjunct(phrase: str) -> tuple[str, str, str | None] | None:
    """A coordinated person's name, the title before it and the place or party after it ("Senator Tom Hale of
    Ohio" -> "Tom Hale", "Senator", "Ohio"); None when the phrase is no person's name."""
    phrase = phrase.strip()
    tail = None
    cut = _CONJUNCT_TAIL.search(phrase)
    if cut is not None and _name_tail(phrase[cut.start():]):
        phrase, tail = phrase[:cut.start()], phrase[cut.end():].rstrip(")").strip()
    p = _decompose(phrase)
    if p is None or p.kind != "person" or not p.tokens or not all(t[:1].isupper() for t in p.tokens):
        return None
    title = phrase[:p.name_off].strip()
    if not _role_phrase(title):
        return None  # "a 2013 study by economists Peter Schott": a document, not the two of them
    return p.name, title, tail


def _role_phrase(title: str) -> bool:
    """Whether the words before a coordinated name are a title: capitalised words, honorifics and role words
    ("former Maryland Gov.", "top aides"), nothing else."""
    words = R.lexicon().role_words
    return all(w[:1].isupper() or w in words or w[:-1] in words for w in title.split())


def _full_or_name(art: _Article, name: str) -> str:
    """A lone surname with the full name the article gives it, else the name as written."""
    return (_persons._one_full(art, name) or name) if " " not in name else name


def _shared_role(parts: list[tuple[str, str, str | None]]) -> R.Role | None:
    """The title a coordination of titled names shares, in the plural ("Senator ... and Senator ..." or
    "Senators ... and ..." -> "Senators"), and the country their places share ("of Ohio", "of Iowa")."""
    title = _shared_title([title for _, title, _ in parts if title], len(parts))
    places = {R.place_country(_PARTY_TAG.sub("", tail)) for _, _, tail in parts if tail}
    where = places.pop() if len(places) == 1 and None not in places else None
    if title is None and where is None:
        return None
    return R.Role(title=title.title if title else None, head=title.head if title else None,
                  country=where[0] if where else None, country_strength=where[1] if where else 0, quality=3)


def _shared_title(titles: list[str], conjuncts: int) -> R.Role | None:
    """The plural role of the conjuncts' titles when they are one ("Senator" twice, or "Senators" before the
    first); None when they differ or only some have one."""
    if not titles or (len(titles) != conjuncts and not titles[0].lower().endswith("s")):
        return None
    roles = [R.parse_role(t, quality=3) for t in titles]
    heads = {r.head if r is not None else None for r in roles}
    first = roles[0]
    if len(heads) != 1 or first is None or not first.head or first.title is None:
        return None
    title = first.title
    if len({r.title.lower() for r in roles if r and r.title}) != 1:
        title = first.head  # "Maryland Gov. ... and Arkansas Gov. ...": governors
    return R.parse_role(title if title.endswith("s") else title + "s", quality=3)


def _names_coordinated(art: _Article, s: int, e: int, mention: str, groups: bool) -> _Entity | Pass | None:
    """ "Mark Blumenthal and Jon Cohen", "She and Jack Goldsmith": a group of them; not "the senator and
    former governor" (one role phrase)."""
    if not (" and " in mention and _COORDINATION.match(mention) and "," not in mention.split(" and ", 1)[0][-3:]):
        return NEXT
    if not groups:
        return None
    first = mention.split(None, 1)[0].lower()
    conj1 = R.tokens(mention.split(" and ")[0])
    one_role = R.head_of(conj1) and not conj1[-1].endswith("s") and conj1[-1][:1].islower()
    if (first in ("a", "an", "the") and R.head_of(conj1)) or one_role:
        return NEXT
    body = mention
    if "," in body:
        body = body[:body.index(",")]  # "She and Jack Goldsmith, a Bush-era Justice official"
    while " " in body and body.split(None, 1)[0].lower() in ("the", "many", "some", "several", "most", "both", "all"):
        body = body.split(None, 1)[1]
    return _index._adhoc(art, "group", _persons._full_conjuncts(art, body), None)


def _name_in_mention(art: _Article, s: int, e: int, mention: str, groups: bool) -> _Entity | None:
    """The name chunk that ends the mention's phrase: "the US envoy to the UN, Robert Wood" -> Robert Wood;
    not a role or place word, nor the object of a preposition ("a reporter for USA Today")."""
    text = art.text
    cs = _document.chunks(art)
    i = bisect_left(cs, s)
    if i > 0 and art.doc.ce[i - 1] > s:
        i -= 1
    n = len(cs)
    infos = art.index.info
    while i < n and cs[i] < e:
        inf = infos[i]
        if inf is _UNSEEN:
            inf = _index.info(art, i)
        i += 1
        if inf is None or inf.kind in ("role", "thing", "region"):
            continue
        if inf.possessive and inf.end < e - 2:
            continue
        # it must end its phrase within the mention: followed by nothing, a comma or a bracket
        rest = text[inf.ne:e]
        if rest.strip() and rest not in ("'s", "’s") and not _name_tail(rest):
            continue
        # and not be the object of a preposition ("a reporter for USA Today"); a role word
        # before the name takes it ("Secretary of State John Kerry")
        if inf.ns == inf.start and _object_of_preposition(art, s, inf.start):
            continue
        ent = _index.ent(art, i - 1)
        if ent is not None:
            return ent
    return None


def _object_of_preposition(art: _Article, s: int, start: int) -> bool:
    """Whether the name at ``start`` follows a preposition ("for", "for the") inside the mention, and is
    not the author of a document ("calculations by Amy Reed")."""
    before = art.text[max(s, start - 12):start].lower().split()
    return bool(before) and (before[-1] in R.PREPOSITIONS or (
        before[-1] == "the" and len(before) > 1 and before[-2] in R.PREPOSITIONS)) and not _authored(art, s, start)


NAME_RULES: tuple[tuple[str, _NameRule], ...] = (
    ("names listed in the mention", _names_listed_in),
    ("names listed after the mention", _names_listed_after),
    ("titled names coordinated", _titled_names_coordinated),
    ("names coordinated", _names_coordinated),
    ("name", _name_in_mention),
)


def _authored(art: _Article, s: int, name_start: int) -> bool:
    """Whether the mention before a name is a document by or from it ("a recent report from
    Bloomberg New Energy Finance", "calculations by Amy Reed"): the name is the source."""
    m = _AUTHORED.search(art.text, s, name_start)
    if m is None or m.end() != name_start:
        return False
    lx = R.lexicon()
    return all(w.lower() in lx.thing_nouns or w.lower()[:-1] in lx.thing_nouns
               or w.lower() in ("a", "an", "the", "new", "recent", "latest") or w[:1].isdigit()
               for w in _WORD.findall(art.text, s, m.start())) and bool(_WORD.findall(art.text, s, m.start()))


def _bare_name(name: str) -> str:
    """A listed name without the title before it ("Senator Bernie Sanders" -> "Bernie Sanders")."""
    p = _decompose(name.strip())
    return p.name if p is not None and p.kind == "person" else name.strip()
